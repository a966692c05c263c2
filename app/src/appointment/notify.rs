//! The mails about appointments, in the booker's language: the confirmation (with the
//! appointment as an iCalendar file), the reminder the day before, and the cancellation.

use super::texts::AppointmentText;
use crate::i18n::{fill, Lang};
use crate::port::OutgoingMail;
use crate::time::brussels_local;
use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use icalendar::{Calendar, Component, Event, EventLike};

/// What a mail says about one booking.
#[derive(Debug, Clone)]
pub struct About<'a> {
    pub to: &'a str,
    pub lang: Lang,
    pub name: &'a str,
    pub reference: &'a str,
    /// The appointment type's name.
    pub what: &'a str,
    pub service: &'a str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A weekday's name: `woensdag`.
pub fn weekday_name(lang: Lang, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => AppointmentText::Monday,
        Weekday::Tue => AppointmentText::Tuesday,
        Weekday::Wed => AppointmentText::Wednesday,
        Weekday::Thu => AppointmentText::Thursday,
        Weekday::Fri => AppointmentText::Friday,
        Weekday::Sat => AppointmentText::Saturday,
        Weekday::Sun => AppointmentText::Sunday,
    }
    .text(lang)
}

/// A start as people read it: `woensdag 02/12/2026 om 09:00`.
pub fn when(lang: Lang, at: DateTime<Utc>) -> String {
    let local = brussels_local(at);
    fill(
        t!(lang, AppointmentText::WhenAt),
        &[
            ("day", weekday_name(lang, local.weekday())),
            (
                "date",
                &format!("{:02}/{:02}/{}", local.day(), local.month(), local.year()),
            ),
            ("time", &clock(at)),
        ],
    )
}

/// A time of day in Brussels: `09:20`.
pub fn clock(at: DateTime<Utc>) -> String {
    let local = brussels_local(at);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

fn greeting(a: &About) -> String {
    fill(t!(a.lang, AppointmentText::MailHello), &[("name", a.name)])
}

/// The confirmation, with the private link and the appointment as an `.ics` file.
pub fn confirmation(a: &About, manage_url: &str, host: &str) -> OutgoingMail {
    let lang = a.lang;
    let when = when(lang, a.start);
    let subject = fill(
        t!(lang, AppointmentText::MailConfirmSubject),
        &[("ref", a.reference), ("when", &when)],
    );
    let body = format!(
        "{}\n\n{}\n{}: {when}\n{}: {}\n\n{}\n{manage_url}\n\n{}\n\n{}\n",
        greeting(a),
        fill(
            t!(lang, AppointmentText::MailBooked),
            &[("what", a.what), ("service", a.service)]
        ),
        t!(lang, AppointmentText::When),
        t!(lang, AppointmentText::Reference),
        a.reference,
        t!(lang, AppointmentText::MailManage),
        t!(lang, AppointmentText::MailCalendar),
        t!(lang, AppointmentText::MailFooter),
    );
    let event = Event::new()
        .uid(&format!("{}@{host}", a.reference))
        .timestamp(Utc::now())
        .starts(a.start)
        .ends(a.end)
        .summary(&format!("{} ({})", a.what, a.reference))
        .location(a.service)
        .description(&format!(
            "{}\n{manage_url}",
            t!(lang, AppointmentText::MailManage)
        ))
        .url(manage_url)
        .done();
    let calendar = Calendar::new().push(event).done().to_string();
    OutgoingMail {
        to: a.to.to_owned(),
        subject,
        body,
        calendar: Some(calendar),
        unsubscribe: None,
    }
}

/// The reminder the day before. (Only a hash of the private link is stored, so the reminder
/// points to the confirmation that carries it.)
pub fn reminder(a: &About) -> OutgoingMail {
    let lang = a.lang;
    let when = when(lang, a.start);
    OutgoingMail::text(
        a.to,
        fill(
            t!(lang, AppointmentText::MailReminderSubject),
            &[("ref", a.reference), ("when", &when)],
        ),
        format!(
            "{}\n\n{}\n\n{}\n\n{}\n",
            greeting(a),
            fill(
                t!(lang, AppointmentText::MailReminder),
                &[("when", &when), ("what", a.what), ("service", a.service)]
            ),
            t!(lang, AppointmentText::MailManageByConfirmation),
            t!(lang, AppointmentText::MailFooter),
        ),
    )
}

/// Confirms a cancellation, with where to book again.
pub fn cancelled(a: &About, book_url: &str) -> OutgoingMail {
    let lang = a.lang;
    OutgoingMail::text(
        a.to,
        fill(
            t!(lang, AppointmentText::MailCancelledSubject),
            &[("ref", a.reference)],
        ),
        format!(
            "{}\n\n{}\n\n{}\n",
            greeting(a),
            fill(
                t!(lang, AppointmentText::MailCancelled),
                &[
                    ("when", &when(lang, a.start)),
                    ("what", a.what),
                    ("url", book_url)
                ]
            ),
            t!(lang, AppointmentText::MailFooter),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_confirmation_carries_the_appointment_for_a_diary() {
        let start = Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap();
        let about = About {
            to: "an@example.be",
            lang: Lang::Fr,
            name: "An Peeters",
            reference: "A-000042",
            what: "Carte d'identité",
            service: "Population",
            start,
            end: start + chrono::Duration::minutes(20),
        };
        let mail = confirmation(
            &about,
            "https://meldpunt.example/appointments/manage/abc",
            "meldpunt.example",
        );
        assert!(
            mail.subject.contains("A-000042")
                && mail.subject.contains("mercredi 02/12/2026 à 09:00")
        );
        assert!(mail.body.starts_with("Bonjour An Peeters,"));
        assert!(mail
            .body
            .contains("https://meldpunt.example/appointments/manage/abc"));
        let ics = mail.calendar.unwrap();
        assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
        assert!(ics.contains("DTSTART:20261202T080000Z"), "{ics}");
        assert!(ics.contains("DTEND:20261202T082000Z"), "{ics}");
        assert!(ics.contains("UID:A-000042@meldpunt.example"), "{ics}");
        assert_eq!(when(Lang::Nl, start), "woensdag 02/12/2026 om 09:00");
        assert_eq!(when(Lang::En, start), "Wednesday 02/12/2026 at 09:00");
        let r = reminder(&about);
        assert!(r.calendar.is_none() && r.subject.starts_with("Rappel"));
        let c = cancelled(&about, "https://x/appointments");
        assert!(c.body.contains("https://x/appointments"));
    }
}
