//! The e-mails Meldpunt sends: status updates to reporters and followers (in their language),
//! the receipt for a registered report, and a forwarded report for an external partner.

use crate::i18n::Lang;
use crate::port::{OutgoingMail, Recipient, ReportRecord};
use crate::report::domain::ReportStatus;

fn footer(lang: Lang) -> &'static str {
    lang.pick(
        "U krijgt dit bericht omdat u deze melding deed of volgt. Antwoorden op dit bericht worden niet gelezen.",
        "Vous recevez ce message parce que vous avez fait ou suivez ce signalement. Les réponses à ce message ne sont pas lues.",
        "You receive this message because you made or follow this report. Replies to this message are not read.",
    )
}

/// Tells one reporter or follower that a report's status changed.
pub fn status_changed(
    to: &Recipient,
    report: &ReportRecord,
    new_status: ReportStatus,
    public_note: Option<&str>,
    url: &str,
) -> OutgoingMail {
    let lang = to.lang;
    let subject = format!(
        "{} {}: {}",
        lang.pick("Uw melding", "Votre signalement", "Your report"),
        report.reference,
        new_status.label(lang)
    );
    let mut body = format!(
        "{}\n\n{} {} ({}) {}: {} → {}.\n",
        lang.pick("Goeddag,", "Bonjour,", "Hello,"),
        lang.pick(
            "De status van uw melding",
            "Le statut de votre signalement",
            "The status of your report"
        ),
        report.reference,
        report.category.name(lang),
        lang.pick("is gewijzigd", "a changé", "has changed"),
        report.status.label(lang),
        new_status.label(lang),
    );
    if let Some(note) = public_note {
        body.push_str(&format!(
            "\n{}\n{note}\n",
            lang.pick("Toelichting:", "Précisions :", "Note:")
        ));
    }
    body.push_str(&format!(
        "\n{} {url}\n\n{}\n",
        lang.pick(
            "Bekijk uw melding:",
            "Voir votre signalement :",
            "See your report:"
        ),
        footer(lang)
    ));
    OutgoingMail {
        to: to.email.clone(),
        subject,
        body,
    }
}

/// Confirms a registered report to the person who made it, with the tracking link.
pub fn received(to: &Recipient, reference: &str, tracking_url: &str) -> OutgoingMail {
    let lang = to.lang;
    OutgoingMail {
        to: to.email.clone(),
        subject: format!(
            "{} {reference}",
            lang.pick(
                "Melding ontvangen:",
                "Signalement reçu :",
                "Report received:"
            )
        ),
        body: format!(
            "{}\n\n{} {reference}.\n{} {tracking_url}\n\n{}\n",
            lang.pick("Goeddag,", "Bonjour,", "Hello,"),
            lang.pick(
                "Wij hebben uw melding goed ontvangen. Het referentienummer is",
                "Nous avons bien reçu votre signalement. Sa référence est",
                "We received your report. Its reference is",
            ),
            lang.pick("Volg ze op via:", "Suivez-le via :", "Follow it at:",),
            footer(lang)
        ),
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
            report.address.as_deref().unwrap_or("-"),
            report.point.lat,
            report.point.lon,
            report.description,
            note.map(|n| format!("\nOpmerking van de stad:\n{n}\n")).unwrap_or_default(),
            report.reference,
        ),
    }
}
