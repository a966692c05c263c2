//! Unit tests of the complaint domain: codes, handling order, deadlines, input checks,
//! references and the yearly figures.

use super::*;
use crate::complaint::figures::{ComplaintYearReport, ComplaintYearRow};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn input() -> ComplaintInput {
    ComplaintInput {
        description: "The counter clerk refused to help me twice.".into(),
        name: Some("An Peeters".into()),
        email: Some("an@example.org".into()),
        ..ComplaintInput::default()
    }
}

#[test]
fn codes_round_trip_and_unknown_codes_name_the_field() {
    for s in ComplaintStatus::ALL {
        assert_eq!(ComplaintStatus::parse(s.as_str()).unwrap(), *s);
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    for r in InadmissibleReason::ALL {
        assert_eq!(InadmissibleReason::parse(r.as_str()).unwrap(), *r);
    }
    for n in OmbudsNorm::ALL {
        assert_eq!(OmbudsNorm::parse(n.as_str()).unwrap(), *n);
        assert_ne!(n.label(Lang::Nl), n.label(Lang::Fr));
    }
    let e = Verdict::parse("guilty").unwrap_err();
    assert_eq!(e.field(), Some("verdict"));
}

#[test]
fn the_handling_order_is_fixed() {
    use ComplaintStatus::*;
    assert!(Received.can_become(Acknowledged));
    assert!(!Received.can_become(Investigating));
    assert!(!Received.can_become(Decided));
    assert!(Acknowledged.can_become(Inadmissible));
    assert!(Inadmissible.can_become(Answered));
    assert!(Inadmissible.can_become(Closed));
    assert!(!Investigating.can_become(Answered));
    assert!(Decided.can_become(Answered));
    assert!(!Answered.can_become(Decided));
    for s in ComplaintStatus::ALL {
        assert!(!Closed.can_become(*s));
    }
}

#[test]
fn deadlines_count_calendar_days_from_the_day_received() {
    let d = Deadlines::from_received(day("2026-12-24"));
    assert_eq!(d.ack_due, day("2027-01-03"));
    assert_eq!(d.answer_due, day("2027-02-07"));
    let today = day("2026-12-31");
    assert_eq!(
        DeadlineState::of(d.ack_due, None, today),
        DeadlineState::Soon(3)
    );
    assert_eq!(
        DeadlineState::of(d.ack_due, None, day("2027-01-03")),
        DeadlineState::Soon(0)
    );
    assert_eq!(
        DeadlineState::of(d.ack_due, None, day("2027-01-05")),
        DeadlineState::Overdue(2)
    );
    assert_eq!(
        DeadlineState::of(d.ack_due, None, day("2026-12-25")),
        DeadlineState::Open(9)
    );
    assert_eq!(
        DeadlineState::of(d.ack_due, Some(day("2027-01-03")), today),
        DeadlineState::Met
    );
    assert_eq!(
        DeadlineState::of(d.ack_due, Some(day("2027-01-04")), today),
        DeadlineState::MetLate(1)
    );
}

#[test]
fn a_registered_complaint_starts_on_the_day_received_not_the_typing_day() {
    let today = day("2026-12-01");
    let mut i = input();
    i.channel = Some("letter".into());
    i.received_on = Some("2026-11-24".into());
    let v = i.clone().validate(ComplaintChannel::Letter, today).unwrap();
    assert_eq!(v.received_on, day("2026-11-24"));
    assert_eq!(
        Deadlines::from_received(v.received_on).ack_due,
        day("2026-12-04")
    );
    i.received_on = None;
    assert_eq!(
        i.clone()
            .validate(ComplaintChannel::Letter, today)
            .unwrap_err()
            .field(),
        Some("received_on")
    );
    i.received_on = Some("2026-12-02".into());
    assert!(i.clone().validate(ComplaintChannel::Letter, today).is_err());
    i.received_on = Some("2025-11-01".into());
    assert!(i.clone().validate(ComplaintChannel::Letter, today).is_err());
    // As the form's day field writes it, day first; a month first is no day.
    i.received_on = Some("24/11/2026".into());
    assert_eq!(
        i.clone()
            .validate(ComplaintChannel::Letter, today)
            .unwrap()
            .received_on,
        day("2026-11-24")
    );
    i.received_on = Some("11/24/2026".into());
    assert!(i.validate(ComplaintChannel::Letter, today).is_err());
    // Online complaints are received the day they are filed, whatever the form says.
    let mut web = input();
    web.received_on = Some("2026-01-01".into());
    assert_eq!(
        web.validate(ComplaintChannel::Web, today)
            .unwrap()
            .received_on,
        today
    );
}

#[test]
fn a_complaint_needs_a_name_and_an_address_for_the_answer() {
    let today = day("2026-12-01");
    let mut i = input();
    i.name = None;
    assert_eq!(
        i.validate(ComplaintChannel::Web, today)
            .unwrap_err()
            .field(),
        Some("name")
    );
    let mut i = input();
    i.email = None;
    assert_eq!(
        i.clone()
            .validate(ComplaintChannel::Web, today)
            .unwrap_err()
            .field(),
        Some("email")
    );
    i.address = Some("Grote Markt 1, 3800 Sint-Truiden".into());
    assert!(i.validate(ComplaintChannel::Web, today).is_ok());
    let mut i = input();
    i.email = Some("not an address".into());
    assert_eq!(
        i.validate(ComplaintChannel::Web, today)
            .unwrap_err()
            .field(),
        Some("email")
    );
    let mut i = input();
    i.description = "short".into();
    assert_eq!(
        i.validate(ComplaintChannel::Web, today)
            .unwrap_err()
            .field(),
        Some("description")
    );
    let mut i = input();
    i.description = "x".repeat(MAX_TEXT_CHARS + 1);
    assert!(i.validate(ComplaintChannel::Web, today).is_err());
    let mut i = input();
    i.name = Some("An\u{0}Peeters".into());
    assert_eq!(
        i.validate(ComplaintChannel::Web, today)
            .unwrap_err()
            .field(),
        Some("name")
    );
    let mut i = input();
    i.report = Some("DROP TABLE".into());
    assert_eq!(
        i.validate(ComplaintChannel::Web, today)
            .unwrap_err()
            .field(),
        Some("report")
    );
    let mut i = input();
    i.report = Some(" m-2026-000012 ".into());
    assert_eq!(
        i.validate(ComplaintChannel::Web, today)
            .unwrap()
            .report
            .as_deref(),
        Some("M-2026-000012")
    );
}

#[test]
fn references_parse_strictly() {
    assert_eq!(ComplaintRef::new(2026, 7).as_str(), "K-2026-000007");
    assert!(ComplaintRef::parse("k-2026-000007").is_ok());
    for bad in ["M-2026-000007", "K-2026-", "K-20x6-000007", "../../etc", ""] {
        assert!(ComplaintRef::parse(bad).is_err(), "{bad}");
    }
}

fn row(reference: &str, received: &str, answered: Option<&str>) -> ComplaintYearRow {
    ComplaintYearRow {
        reference: reference.into(),
        channel: ComplaintChannel::Web,
        status: ComplaintStatus::Received,
        received_on: day(received),
        answered_on: answered.map(day),
        department: None,
        inadmissible_reason: None,
        verdict: None,
        norms: vec![],
        improvements: vec![],
    }
}

#[test]
fn yearly_figures_count_the_year_received_and_the_45_day_rule() {
    let mut a = row("K-2026-000001", "2026-01-10", Some("2026-02-24")); // 45 days: in time
    a.status = ComplaintStatus::Closed;
    a.verdict = Some(Verdict::WellFounded);
    a.norms = vec![OmbudsNorm::Courtesy, OmbudsNorm::ReasonableTerm];
    a.department = Some("wegen".into());
    a.improvements = vec!["Training at the counter".into()];
    let mut b = row("K-2026-000002", "2026-03-01", Some("2026-04-20")); // 50 days: late
    b.status = ComplaintStatus::Answered;
    b.channel = ComplaintChannel::Letter;
    b.verdict = Some(Verdict::Unfounded);
    b.department = Some("wegen".into());
    let mut c = row("K-2026-000003", "2026-05-01", Some("2026-05-11"));
    c.status = ComplaintStatus::Closed;
    c.inadmissible_reason = Some(InadmissibleReason::TooOld);
    let d = row("K-2026-000004", "2026-11-20", None);
    let other_year = row("K-2025-000009", "2025-12-31", Some("2026-01-05"));
    let deps = vec![("wegen".to_owned(), "Wegen".to_owned())];
    let r = ComplaintYearReport::compute(2026, &[a, b, c, d, other_year], &deps, Lang::Nl);
    assert_eq!(r.received, 4);
    assert_eq!(
        r.by_channel.iter().find(|t| t.key == "web").unwrap().count,
        3
    );
    assert_eq!(
        r.by_channel
            .iter()
            .find(|t| t.key == "letter")
            .unwrap()
            .count,
        1
    );
    assert_eq!(
        (r.admissible, r.inadmissible, r.pending_admissibility),
        (2, 1, 1)
    );
    assert_eq!(
        r.by_reason
            .iter()
            .find(|t| t.key == "too_old")
            .unwrap()
            .count,
        1
    );
    assert_eq!(r.by_verdict.iter().map(|t| t.count).sum::<u64>(), 2);
    assert_eq!(
        r.by_norm
            .iter()
            .find(|t| t.key == "courtesy")
            .unwrap()
            .count,
        1
    );
    assert_eq!(
        (
            r.answered,
            r.answered_in_time,
            r.answered_late,
            r.unanswered
        ),
        (3, 2, 1, 1)
    );
    // 45, 50 and 10 days.
    assert_eq!(r.median_days, Some(45.0));
    assert!((r.mean_days.unwrap() - 35.0).abs() < 1e-9);
    let wegen = &r.by_department[0];
    assert_eq!(
        (wegen.received, wegen.well_founded, wegen.unfounded),
        (2, 1, 1)
    );
    assert_eq!(r.by_department[1].received, 2, "no department given");
    assert_eq!(
        r.improvements,
        vec![(
            "K-2026-000001".to_owned(),
            "Training at the counter".to_owned()
        )]
    );
    let csv = r.csv_rows(Lang::En);
    assert!(csv
        .iter()
        .any(|l| l[0] == "answer" && l[1] == "late" && l[3] == "1"));
}

#[test]
fn the_attachment_limit_people_read_is_the_one_checked() {
    for lang in crate::i18n::Lang::ALL {
        let text = crate::error::ErrorText::TooManyAttachments.text(lang);
        assert!(text.contains(&MAX_ATTACHMENTS.to_string()), "{text}");
    }
}

#[test]
fn the_forms_that_preview_a_letter_are_the_steps_that_send_one() {
    let names = [
        "acknowledge",
        "admissible",
        "inadmissible",
        "ask_input",
        "record_input",
        "verdict",
        "answer",
        "close",
        "convert",
        "department",
        "improvement",
        "note",
    ];
    for name in names {
        // Every field any step takes, so each name reads as its step.
        let action: ComplaintAction = serde_json::from_value(serde_json::json!({
            "action": name, "reason": "r", "department": "d", "question": "q", "answer": "a",
            "verdict": "founded", "text": "t", "category": "c", "address": "a"
        }))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            action.letter().is_some(),
            ComplaintAction::LETTER_STEPS.contains(&name),
            "{name}"
        );
    }
}
