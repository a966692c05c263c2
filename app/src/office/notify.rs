//! The e-mails Meldpunt sends: status updates to reporters and followers (in their language),
//! the receipt for a registered report, and a forwarded report for an external partner.

use crate::i18n::Lang;
use crate::office::texts::OfficeText;
use crate::port::{OutgoingMail, Recipient, ReportRecord};
use crate::report::domain::ReportStatus;

fn footer(lang: Lang) -> &'static str {
    t!(lang, OfficeText::YouReceiveThis)
}

/// Tells one reporter or follower that a report's status changed. `stop_url` is where a
/// follower stops these mails with one click (the mail says so, and carries it as
/// `List-Unsubscribe`); `feedback_url`, for a closed report, where the reporter answers "is it
/// fixed?" (each answer is a link of its own) and a follower says it is still there.
pub fn status_changed(
    to: &Recipient,
    report: &ReportRecord,
    new_status: ReportStatus,
    public_note: Option<&str>,
    url: &str,
    stop_url: Option<String>,
    feedback_url: Option<&str>,
) -> OutgoingMail {
    let lang = to.lang;
    let subject = format!(
        "{} {}{}{}",
        t!(lang, OfficeText::YourReport),
        report.reference,
        lang.colon(),
        new_status.label(lang)
    );
    let mut body = format!(
        "{}\n\n{} {} ({}) {}: {} → {}.\n",
        t!(lang, OfficeText::Hello),
        t!(lang, OfficeText::TheStatusOf),
        report.reference,
        report.category.name(lang),
        t!(lang, OfficeText::HasChanged),
        report.status.label(lang),
        new_status.label(lang),
    );
    if let Some(note) = public_note {
        body.push_str(&format!("\n{}\n{note}\n", t!(lang, OfficeText::Note)));
    }
    if let (Some(feedback), false) = (feedback_url, to.reporter) {
        body.push_str(&format!(
            "\n{}\n{feedback}?fixed=no\n",
            t!(lang, OfficeText::StillThere)
        ));
    } else if let Some(feedback) = feedback_url {
        body.push_str(&format!(
            "\n{}\n{} {feedback}?fixed=yes\n{} {feedback}?fixed=no\n\n{}\n",
            t!(lang, OfficeText::IsItFixed),
            t!(lang, OfficeText::FixedYes),
            t!(lang, OfficeText::FixedNo),
            t!(lang, OfficeText::HowSatisfied),
        ));
        for score in 1..=5 {
            body.push_str(&format!("{score}/5: {feedback}?score={score}\n"));
        }
    }
    body.push_str(&format!(
        "\n{} {url}\n\n{}\n",
        t!(lang, OfficeText::SeeYourReport),
        footer(lang)
    ));
    if let Some(stop) = &stop_url {
        body.push_str(&format!(
            "{} {stop}\n",
            t!(lang, OfficeText::StopTheseMails)
        ));
    }
    OutgoingMail {
        to: to.email.clone(),
        subject,
        body,
        calendar: None,
        unsubscribe: stop_url,
    }
}

/// The status mails to every recipient, each with its own stop link and, where `tokens` (one
/// per recipient) has one, its own link that asks "is it fixed?" or "is it still there?".
pub fn status_mails(
    config: &crate::context::PublicConfig,
    recipients: &[Recipient],
    report: &ReportRecord,
    new_status: ReportStatus,
    public_note: Option<&str>,
    tokens: &[Option<String>],
) -> Vec<OutgoingMail> {
    let url = config.report_url(&report.reference);
    recipients
        .iter()
        .enumerate()
        .map(|(i, to)| {
            let stop = to.unsubscribe.as_deref().map(|t| config.stop_url(t));
            let asks = tokens
                .get(i)
                .and_then(Option::as_deref)
                .map(|t| config.feedback_url(t));
            status_changed(
                to,
                report,
                new_status,
                public_note,
                &url,
                stop,
                asks.as_deref(),
            )
        })
        .collect()
}

/// Tells the reporter that their request to reopen was declined, and why.
pub fn reopen_declined(
    to: &Recipient,
    report: &ReportRecord,
    reason: &str,
    url: &str,
) -> OutgoingMail {
    let lang = to.lang;
    OutgoingMail {
        to: to.email.clone(),
        subject: format!(
            "{} {}{}{}",
            t!(lang, OfficeText::YourReport),
            report.reference,
            lang.colon(),
            t!(lang, OfficeText::ReopenDeclinedSubject)
        ),
        body: format!(
            "{}\n\n{}\n{reason}\n\n{} {url}\n\n{}\n",
            t!(lang, OfficeText::Hello),
            t!(lang, OfficeText::ReopenDeclinedLead),
            t!(lang, OfficeText::SeeYourReport),
            footer(lang)
        ),
        calendar: None,
        unsubscribe: None,
    }
}

/// The city's question to the reporter, with the private link to answer it.
pub fn question(to: &Recipient, report: &ReportRecord, question: &str, url: &str) -> OutgoingMail {
    let lang = to.lang;
    OutgoingMail::text(
        &to.email,
        format!(
            "{} {}{}{}",
            t!(lang, OfficeText::YourReport),
            report.reference,
            lang.colon(),
            t!(lang, OfficeText::QuestionSubject)
        ),
        format!(
            "{}\n\n{}\n\n{question}\n\n{}\n{url}\n\n{}\n",
            t!(lang, OfficeText::Hello),
            crate::i18n::fill(
                t!(lang, OfficeText::QuestionLead),
                &[
                    ("reference", &report.reference),
                    ("category", report.category.name(lang))
                ]
            ),
            crate::i18n::fill(
                t!(lang, OfficeText::QuestionAnswerAt),
                &[
                    ("photos", &crate::report::ask::MAX_ANSWER_PHOTOS.to_string()),
                    ("days", &crate::report::ask::QUESTION_DAYS.to_string())
                ]
            ),
            footer(lang)
        ),
    )
}

/// Asks whoever wants to follow a report to confirm it is their address (double opt-in).
pub fn confirm_follow(
    email: &str,
    lang: crate::i18n::Lang,
    reference: &str,
    confirm_url: &str,
) -> OutgoingMail {
    OutgoingMail::text(
        email,
        format!("{} {reference}", t!(lang, OfficeText::ConfirmFollowSubject)),
        format!(
            "{}\n\n{} {reference}.\n\n{}\n{confirm_url}\n\n{}\n",
            t!(lang, OfficeText::Hello),
            t!(lang, OfficeText::SomeoneAskedToFollow),
            t!(lang, OfficeText::ConfirmFollowAt),
            t!(lang, OfficeText::NotYouIgnore),
        ),
    )
}

/// The link to a citizen's list of reports ("Mijn meldingen").
pub fn my_reports_link(email: &str, lang: crate::i18n::Lang, url: &str) -> OutgoingMail {
    OutgoingMail::text(
        email,
        t!(lang, OfficeText::MyReportsSubject).to_owned(),
        format!(
            "{}\n\n{}\n\n{}\n{url}\n\n{}\n",
            t!(lang, OfficeText::Hello),
            t!(lang, OfficeText::MyReportsAsked),
            t!(lang, OfficeText::MyReportsOpenAt),
            t!(lang, OfficeText::NotYouNothingHappens),
        ),
    )
}

/// Confirms a registered report to the person who made it, with the tracking link.
pub fn received(to: &Recipient, reference: &str, tracking_url: &str) -> OutgoingMail {
    let lang = to.lang;
    OutgoingMail {
        to: to.email.clone(),
        subject: format!("{} {reference}", t!(lang, OfficeText::ReportReceived)),
        body: format!(
            "{}\n\n{} {reference}.\n{} {tracking_url}\n\n{}\n",
            t!(lang, OfficeText::Hello),
            t!(lang, OfficeText::WeReceivedYour),
            t!(lang, OfficeText::FollowItAt),
            footer(lang)
        ),
        calendar: None,
        unsubscribe: None,
    }
}

/// Hands a report to an external partner: what, where, the public link and the note.
pub fn forwarded(
    partner_email: &str,
    report: &ReportRecord,
    note: Option<&str>,
    url: &str,
) -> OutgoingMail {
    let lang = Lang::Nl;
    OutgoingMail {
        to: partner_email.to_owned(),
        subject: format!(
            "Melding {} doorgestuurd: {}",
            report.reference,
            report.category.name(lang)
        ),
        body: format!(
            "Goeddag,\n\nDe stad stuurt u melding {} door ter behandeling.\n\nCategorie: {}\nAdres: {}\nLigging: {:.6}, {:.6}\nOmschrijving:\n{}\n{}\nPublieke pagina met foto's en opvolging: {url}\n\nVermeld in uw antwoord het referentienummer {}.\n",
            report.reference,
            report.category.name(lang),
            crate::report::domain::address_line(lang, report.address.as_deref(), report.address_near)
                .unwrap_or_else(|| "-".into()),
            report.point.lat,
            report.point.lon,
            report.description,
            note.map(|n| format!("\nOpmerking van de stad:\n{n}\n")).unwrap_or_default(),
            report.reference,
        ),
        calendar: None,
        unsubscribe: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::domain::{Category, Channel, GeoPoint};
    use chrono::Utc;

    fn report() -> ReportRecord {
        ReportRecord {
            id: 1,
            reference: "M-2026-000042".into(),
            version: 3,
            category: Category {
                code: "graffiti".into(),
                names: crate::i18n::Names::new(|lang| {
                    match lang {
                        Lang::Nl | Lang::En => "Graffiti",
                        Lang::Fr => "Tags",
                    }
                    .into()
                }),
                department: "netheid".into(),
                target_days: 10,
                icon: "🎨".into(),
                active: true,
            },
            department: "netheid".into(),
            channel: Channel::Web,
            point: GeoPoint {
                lat: 50.8,
                lon: 5.1,
            },
            address: Some("Grote Markt 1".into()),
            address_near: false,
            description: "Tag op de gevel".into(),
            status: ReportStatus::Accepted,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            due_at: Utc::now(),
            team: None,
            priority: 2,
            duplicate_of: None,
            partner: None,
            partner_ref: None,
            partner_status: None,
            conflict_at: None,
            lang: Lang::Fr,
            followers: 0,
            history: vec![],
            photos: vec![],
            answers: vec![],
            api_client: None,
            district: None,
        }
    }

    #[test]
    fn a_status_mail_speaks_the_recipients_language_and_carries_the_note_and_link() {
        let to = Recipient {
            email: "x@example.org".into(),
            lang: Lang::Fr,
            unsubscribe: None,
            reporter: true,
        };
        let m = status_changed(
            &to,
            &report(),
            ReportStatus::Done,
            Some("Nettoyé"),
            "https://stad.be/r/M-2026-000042",
            Some("https://stad.be/follow/abc/stop".into()),
            Some("https://stad.be/feedback/f00"),
        );
        // The reporter of a closed report answers "is it fixed?" with one click each.
        for answer in ["fixed=yes", "fixed=no", "score=1", "score=5"] {
            assert!(
                m.body
                    .contains(&format!("https://stad.be/feedback/f00?{answer}\n")),
                "{answer}: {}",
                m.body
            );
        }
        assert!(m.body.contains("Le problème est-il résolu"));
        assert_eq!(m.subject, "Votre signalement M-2026-000042\u{a0}: Résolu");
        assert!(
            m.body.contains("Tags") && m.body.contains("Accepté → Résolu"),
            "{}",
            m.body
        );
        assert!(m.body.contains("Nettoyé") && m.body.contains("https://stad.be/r/M-2026-000042"));
        // A follower's mail says how to stop, in the text and for the mail program.
        assert!(m.body.contains("https://stad.be/follow/abc/stop"));
        assert_eq!(
            m.unsubscribe.as_deref(),
            Some("https://stad.be/follow/abc/stop")
        );
        let nl = status_changed(
            &Recipient {
                lang: Lang::Nl,
                ..to.clone()
            },
            &report(),
            ReportStatus::Done,
            None,
            "u",
            None,
            None,
        );
        assert!(nl.subject.starts_with("Uw melding") && !nl.body.contains("Toelichting"));
        assert!(!nl.body.contains("opgelost?"), "no question without a link");
        // A follower is asked only whether the problem is still there, with one link.
        let follower = status_changed(
            &Recipient {
                lang: Lang::Nl,
                reporter: false,
                ..to
            },
            &report(),
            ReportStatus::Done,
            None,
            "u",
            None,
            Some("https://stad.be/feedback/f01"),
        );
        assert!(follower.body.contains("Is het probleem er nog?"));
        assert!(follower
            .body
            .contains("https://stad.be/feedback/f01?fixed=no\n"));
        assert!(!follower.body.contains("fixed=yes") && !follower.body.contains("score="));
    }

    #[test]
    fn a_partner_gets_what_where_and_the_public_link() {
        let m = forwarded(
            "p@example.org",
            &report(),
            Some("Dringend"),
            "https://stad.be/r/M-2026-000042",
        );
        assert_eq!(m.to, "p@example.org");
        assert!(m.body.contains("Grote Markt 1") && m.body.contains("Tag op de gevel"));
        assert!(m.body.contains("Dringend") && m.body.contains("https://stad.be/r/M-2026-000042"));
    }
}
