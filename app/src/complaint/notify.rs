//! The letters and e-mails of the complaints register, from templates in the complainant's
//! language: the receipt of an online complaint, the acknowledgement, and the answer with
//! the Flemish Ombudsman's details. The same text is mailed, or printed as a letter when the
//! complainant gave only a postal address.

use super::domain::{Deadlines, InadmissibleReason, Verdict};
use crate::i18n::Lang;
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
        Some(name) => format!("{} {name},", lang.pick("Beste", "Cher/Chère", "Dear")),
        None => lang.pick("Goeddag,", "Bonjour,", "Hello,").to_owned(),
    }
}

fn signature(lang: Lang) -> &'static str {
    lang.pick(
        "Met vriendelijke groeten,\nDe klachtendienst van de stad",
        "Avec nos salutations distinguées,\nLe service des plaintes de la ville",
        "Kind regards,\nThe city's complaints service",
    )
}

/// Where a complainant who is not satisfied can go next.
pub fn ombudsman(lang: Lang) -> &'static str {
    lang.pick(
        "Bent u niet tevreden met dit antwoord of met de manier waarop wij uw klacht behandelden? \
Dan kunt u terecht bij de Vlaamse Ombudsdienst, Leuvenseweg 86, 1000 Brussel, \
gratis telefoon 1700, www.vlaamseombudsdienst.be.",
        "Vous n'êtes pas satisfait(e) de cette réponse ou de la manière dont nous avons traité votre plainte ? \
Vous pouvez vous adresser au Vlaamse Ombudsdienst (médiateur flamand), Leuvenseweg 86, 1000 Bruxelles, \
téléphone gratuit 1700, www.vlaamseombudsdienst.be.",
        "Not satisfied with this answer or with how we handled your complaint? \
You can turn to the Flemish Ombudsman (Vlaamse Ombudsdienst), Leuvenseweg 86, 1000 Brussels, \
free phone 1700, www.vlaamseombudsdienst.be.",
    )
}

/// Confirms at once that an online complaint arrived; the formal acknowledgement follows.
pub fn receipt(reference: &str, received_on: NaiveDate, lang: Lang) -> Letter {
    let due = Deadlines::from_received(received_on);
    Letter {
        subject: format!(
            "{} {reference}",
            lang.pick(
                "Klacht ontvangen:",
                "Plainte reçue :",
                "Complaint received:"
            )
        ),
        body: format!(
            "{}\n\n{} {reference}. {} {}.\n\n{}\n",
            lang.pick("Goeddag,", "Bonjour,", "Hello,"),
            lang.pick(
                "Wij hebben uw klacht goed ontvangen. Het referentienummer is",
                "Nous avons bien reçu votre plainte. Sa référence est",
                "We received your complaint. Its reference is",
            ),
            lang.pick(
                "Een klachtenbehandelaar bevestigt u ten laatste op",
                "Un gestionnaire des plaintes vous confirmera au plus tard le",
                "A complaints officer will confirm who handles it by",
            ),
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
        "{}\n\n{} {} {} {}.\n\n{} {officer}. {}\n\n{} {}.\n",
        greeting(c, lang),
        lang.pick("Wij bevestigen dat wij uw klacht van", "Nous confirmons avoir reçu votre plainte du", "We confirm that we received your complaint of"),
        day(c.received_on),
        lang.pick("ontvingen onder referentie", "sous la référence", "under reference"),
        c.reference,
        lang.pick("Uw klacht wordt behandeld door", "Votre plainte est traitée par", "Your complaint is handled by"),
        lang.pick(
            "De klachtenbehandelaar werkt onafhankelijk van de dienst waarover u klaagt.",
            "Le gestionnaire des plaintes travaille indépendamment du service visé par votre plainte.",
            "The complaints officer works independently of the department you complain about.",
        ),
        lang.pick("U krijgt ten laatste op", "Vous recevrez notre réponse au plus tard le", "You will receive our answer by"),
        format!("{} {}", day(due.answer_due), lang.pick("ons antwoord", "", "at the latest")).trim_end(),
    );
    if let Some(n) = note {
        body.push_str(&format!("\n{n}\n"));
    }
    body.push_str(&format!("\n{}\n", signature(lang)));
    Letter {
        subject: format!(
            "{} {}",
            lang.pick(
                "Ontvangstbevestiging klacht",
                "Accusé de réception de votre plainte",
                "Acknowledgement of your complaint"
            ),
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
            lang.pick(
                "Ons oordeel: uw klacht is",
                "Notre évaluation : votre plainte est",
                "Our verdict: your complaint is"
            ),
            v.label(lang).to_lowercase()
        ),
        (None, Some(r)) => format!(
            "{} {}.",
            lang.pick(
                "Wij kunnen uw klacht niet als klacht behandelen. Reden:",
                "Nous ne pouvons pas traiter votre plainte en tant que plainte. Motif :",
                "We cannot handle your complaint as a complaint. Reason:"
            ),
            r.label(lang).to_lowercase()
        ),
        (None, None) => String::new(),
    };
    Letter {
        subject: format!(
            "{} {}",
            lang.pick(
                "Antwoord op uw klacht",
                "Réponse à votre plainte",
                "Answer to your complaint"
            ),
            c.reference
        ),
        body: format!(
            "{}\n\n{} {} ({}).\n\n{outcome}\n\n{text}\n\n{}\n\n{}\n",
            greeting(c, lang),
            lang.pick(
                "Hierbij ons antwoord op uw klacht",
                "Voici notre réponse à votre plainte",
                "Here is our answer to your complaint"
            ),
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
