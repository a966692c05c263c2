//! The letters and e-mails of the complaints register, from templates in the complainant's
//! language: the receipt of an online complaint, the acknowledgement, and the answer with
//! the Flemish Ombudsman's details. The same text is mailed, or printed as a letter when the
//! complainant gave only a postal address.

use super::domain::{Deadlines, InadmissibleReason, Verdict};
use crate::complaint::texts::ComplaintText;
use crate::i18n::{fill, Lang};
use crate::port::ComplaintRecord;
use chrono::NaiveDate;

/// A letter's subject and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn greeting(c: &ComplaintRecord, lang: Lang) -> String {
    match &c.contact.name {
        Some(name) => format!("{} {name},", t!(lang, ComplaintText::Dear)),
        None => t!(lang, ComplaintText::Hello).to_owned(),
    }
}

fn signature(lang: Lang) -> &'static str {
    t!(lang, ComplaintText::KindRegardsThe)
}

/// Where a complainant who is not satisfied can go next.
pub fn ombudsman(lang: Lang) -> &'static str {
    t!(lang, ComplaintText::Ombudsman)
}

/// Confirms at once that an online complaint arrived; the formal acknowledgement follows.
pub fn receipt(reference: &str, received_on: NaiveDate, lang: Lang) -> Letter {
    let due = Deadlines::from_received(received_on);
    Letter {
        subject: format!("{} {reference}", t!(lang, ComplaintText::ComplaintReceived)),
        body: format!(
            "{}\n\n{} {reference}. {} {}.\n\n{}\n",
            t!(lang, ComplaintText::Hello),
            t!(lang, ComplaintText::WeReceivedYour),
            t!(lang, ComplaintText::AComplaintsOfficer),
            day(due.ack_due),
            signature(lang),
        ),
    }
}

/// The written acknowledgement: who handles the complaint, independently, and by when the
/// answer comes.
pub fn acknowledgement(c: &ComplaintRecord, officer: &str, note: Option<&str>) -> Letter {
    let lang = c.lang;
    let due = Deadlines::from_received(c.received_on);
    let mut body = format!(
        "{}\n\n{} {} {} {}.\n\n{} {officer}. {}\n\n{}\n",
        greeting(c, lang),
        t!(lang, ComplaintText::WeConfirmThat),
        day(c.received_on),
        t!(lang, ComplaintText::UnderReference),
        c.reference,
        t!(lang, ComplaintText::YourComplaintIs),
        t!(lang, ComplaintText::TheComplaintsOfficer),
        fill(
            t!(lang, ComplaintText::AnswerByDate),
            &[("date", &day(due.answer_due))]
        ),
    );
    if let Some(n) = note {
        body.push_str(&format!("\n{n}\n"));
    }
    body.push_str(&format!("\n{}\n", signature(lang)));
    Letter {
        subject: format!(
            "{} {}",
            t!(lang, ComplaintText::AcknowledgementOfYour),
            c.reference
        ),
        body,
    }
}

/// The answer: the outcome (verdict or why the complaint is not admissible), the officer's
/// text and the Ombudsman's details.
pub fn answer(
    c: &ComplaintRecord,
    verdict: Option<Verdict>,
    reason: Option<InadmissibleReason>,
    text: &str,
) -> Letter {
    let lang = c.lang;
    let outcome = match (verdict, reason) {
        (Some(v), _) => format!(
            "{} {}.",
            t!(lang, ComplaintText::OurVerdictYour),
            v.label(lang).to_lowercase()
        ),
        (None, Some(r)) => format!(
            "{} {}.",
            t!(lang, ComplaintText::WeCannotHandle),
            r.label(lang).to_lowercase()
        ),
        (None, None) => String::new(),
    };
    Letter {
        subject: format!("{} {}", t!(lang, ComplaintText::AnswerToYour), c.reference),
        body: format!(
            "{}\n\n{} {} ({}).\n\n{outcome}\n\n{text}\n\n{}\n\n{}\n",
            greeting(c, lang),
            t!(lang, ComplaintText::HereIsOur),
            c.reference,
            day(c.received_on),
            ombudsman(lang),
            signature(lang),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::domain::{ComplainantContact, ComplaintChannel, ComplaintStatus};

    fn record(lang: Lang) -> ComplaintRecord {
        ComplaintRecord {
            id: 1,
            reference: "K-2026-000004".into(),
            version: 1,
            channel: ComplaintChannel::Letter,
            status: ComplaintStatus::Received,
            received_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            created_at: chrono::Utc::now(),
            acknowledged_on: None,
            answered_on: None,
            closed_on: None,
            department: None,
            employee: None,
            happened_on: None,
            description: "x".into(),
            expectation: None,
            report: None,
            converted_report: None,
            contact: ComplainantContact {
                name: Some("An Peeters".into()),
                ..ComplainantContact::default()
            },
            lang,
            inadmissible_reason: None,
            verdict: None,
            norms: vec![],
            answer: None,
            improvements: vec![],
            anonymised_at: None,
            created_by: None,
            history: vec![],
            files: vec![],
        }
    }

    #[test]
    fn letters_name_the_reference_the_deadline_and_the_ombudsman_in_each_language() {
        for lang in Lang::ALL {
            let c = record(lang);
            let ack = acknowledgement(&c, "Els Officer", None);
            assert!(ack.subject.contains("K-2026-000004"), "{lang:?}");
            assert!(ack.body.contains("Els Officer") && ack.body.contains("An Peeters"));
            assert!(ack.body.contains("24/11/2026"), "the day received");
            assert!(
                ack.body.contains("08/01/2027"),
                "the answer's deadline: {}",
                ack.body
            );
            let a = answer(&c, Some(Verdict::Unfounded), None, "Wij vonden geen fout.");
            assert!(a.body.contains("Wij vonden geen fout."));
            assert!(a.body.contains("Vlaamse Ombudsdienst") && a.body.contains("1700"));
            assert!(a
                .body
                .contains(&Verdict::Unfounded.label(lang).to_lowercase()));
            let r = answer(
                &c,
                None,
                Some(InadmissibleReason::CourtCase),
                "Zie hierboven.",
            );
            assert!(r
                .body
                .contains(&InadmissibleReason::CourtCase.label(lang).to_lowercase()));
        }
        assert!(receipt(
            "K-2026-000004",
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            Lang::Fr
        )
        .body
        .contains("04/12/2026"));
    }
}
