//! Contacts and hand-overs: channels, outcomes, topics, the agent's input checked, and the
//! due time of a hand-over (the end of the next working day).

use crate::error::{AppError, ErrorText};
use crate::i18n::{Lang, Names};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// How someone reached the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Phone,
    Counter,
    Email,
    Chat,
    Letter,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 5] = [
        Self::Phone,
        Self::Counter,
        Self::Email,
        Self::Chat,
        Self::Letter,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Counter => "counter",
            Self::Email => "email",
            Self::Chat => "chat",
            Self::Letter => "letter",
        }
    }
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                AppError::validation("channel", "choose how the person reached us")
                    .explained(ErrorText::ChannelRequired)
            })
    }
    pub fn label(self, lang: Lang) -> &'static str {
        use super::texts::ContactText as T;
        match self {
            Self::Phone => T::Phone.text(lang),
            Self::Counter => T::Counter.text(lang),
            Self::Email => T::Email.text(lang),
            Self::Chat => T::Chat.text(lang),
            Self::Letter => T::Letter.text(lang),
        }
    }
}

/// What came of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Answered at first contact.
    Answered,
    ReportMade,
    ComplaintRegistered,
    AppointmentBooked,
    /// Handed over to a department, which calls back.
    HandedOver,
    NotReached,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Self::Answered,
        Self::ReportMade,
        Self::ComplaintRegistered,
        Self::AppointmentBooked,
        Self::HandedOver,
        Self::NotReached,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::ReportMade => "report_made",
            Self::ComplaintRegistered => "complaint_registered",
            Self::AppointmentBooked => "appointment_booked",
            Self::HandedOver => "handed_over",
            Self::NotReached => "not_reached",
        }
    }
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| {
                AppError::validation("outcome", "choose what came of the contact")
                    .explained(ErrorText::ContactOutcomeRequired)
            })
    }
    pub fn label(self, lang: Lang) -> &'static str {
        use super::texts::ContactText as T;
        match self {
            Self::Answered => T::Answered.text(lang),
            Self::ReportMade => T::ReportMade.text(lang),
            Self::ComplaintRegistered => T::ComplaintRegistered.text(lang),
            Self::AppointmentBooked => T::AppointmentBooked.text(lang),
            Self::HandedOver => T::HandedOver.text(lang),
            Self::NotReached => T::NotReached.text(lang),
        }
    }
}

/// A topic of the admin-managed list: `afspraak-burgerzaken` in the group `afspraak`, or a
/// group of its own (`melding`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub code: String,
    pub group: Option<String>,
    pub names: Names,
    pub active: bool,
}

/// A contact as the agent's screen sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    pub topic: String,
    pub channel: String,
    pub outcome: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub caller_name: Option<String>,
    #[serde(default)]
    pub caller_phone: Option<String>,
    #[serde(default)]
    pub caller_email: Option<String>,
    /// When the screen opened (w3): the contact's duration runs from here to saving.
    pub started_at: String,
    /// The department a hand-over goes to.
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub report_ref: Option<String>,
    #[serde(default)]
    pub complaint_ref: Option<String>,
    #[serde(default)]
    pub appointment_ref: Option<String>,
    #[serde(default)]
    pub article: Option<String>,
}

/// A contact with every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidContact {
    pub topic: String,
    pub channel: ContactChannel,
    pub outcome: Outcome,
    pub summary: String,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub caller_email: Option<String>,
    pub started_at: DateTime<Utc>,
    pub duration_seconds: i64,
    pub department: Option<String>,
    pub report_ref: Option<String>,
    pub complaint_ref: Option<String>,
    pub appointment_ref: Option<String>,
    pub article: Option<String>,
}

/// A contact longer than this was left open and forgotten: its duration is not a call's.
pub const MAX_CONTACT_HOURS: i64 = 4;

fn reference(v: Option<String>, field: &str, prefix: char) -> Result<Option<String>, AppError> {
    let Some(v) = v.map(|v| v.trim().to_uppercase()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.len() > 20
        || !v.starts_with(prefix)
        || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(
            AppError::validation(field, "this is not a reference of ours")
                .explained(ErrorText::ReferenceUnknown),
        );
    }
    Ok(Some(v))
}

impl ContactInput {
    /// Checks every field at `now`; the duration is `now` minus the opening of the screen.
    pub fn validate(self, now: DateTime<Utc>) -> Result<ValidContact, AppError> {
        let code = |v: &str, field: &str| -> Result<String, AppError> {
            let v = v.trim().to_lowercase();
            if v.is_empty()
                || v.len() > 40
                || !v
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            {
                return Err(AppError::validation(field, format!("choose a {field}"))
                    .explained(ErrorText::UnknownChoice));
            }
            Ok(v)
        };
        let topic = code(&self.topic, "topic")?;
        let channel = ContactChannel::parse(self.channel.trim())?;
        let outcome = Outcome::parse(self.outcome.trim())?;
        let summary = crate::text::visible(&self.summary).trim().to_owned();
        if summary.chars().count() > 2_000 || summary.chars().any(|c| c.is_control() && c != '\n') {
            return Err(
                AppError::validation("summary", "the summary is at most 2,000 characters")
                    .explained(ErrorText::TextTooLong),
            );
        }
        let caller = crate::report::domain::Contact {
            name: self.caller_name,
            email: self.caller_email,
            phone: self.caller_phone,
            consent: true,
        }
        .parse()
        .map_err(|e| e.renamed(|f| f.replace("contact.", "caller_")))?
        .unwrap_or_default();
        let started_at = DateTime::parse_from_rfc3339(self.started_at.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                AppError::validation("started_at", "the screen's opening time is missing")
                    .explained(ErrorText::BadRequest)
            })?;
        let seconds = (now - started_at).num_seconds();
        if !(-60..=MAX_CONTACT_HOURS * 3600).contains(&seconds) {
            return Err(AppError::validation(
                "started_at",
                format!("a contact lasts at most {MAX_CONTACT_HOURS} hours; open a new one"),
            )
            .explained(ErrorText::BadRequest));
        }
        let department = match outcome {
            Outcome::HandedOver => Some(code(
                self.department.as_deref().unwrap_or_default(),
                "department",
            )?),
            Outcome::Answered
            | Outcome::ReportMade
            | Outcome::ComplaintRegistered
            | Outcome::AppointmentBooked
            | Outcome::NotReached => None,
        };
        if outcome == Outcome::HandedOver && summary.is_empty() {
            return Err(
                AppError::validation("summary", "say what the department should answer")
                    .explained(ErrorText::ContactQuestionRequired),
            );
        }
        Ok(ValidContact {
            topic,
            channel,
            outcome,
            summary,
            caller_name: caller.name,
            caller_phone: caller.phone,
            caller_email: caller.email.map(|e| e.to_lowercase()),
            started_at,
            duration_seconds: seconds.max(0),
            department,
            report_ref: reference(self.report_ref, "report_ref", 'M')?,
            complaint_ref: reference(self.complaint_ref, "complaint_ref", 'K')?,
            appointment_ref: reference(self.appointment_ref, "appointment_ref", 'A')?,
            article: self
                .article
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
        })
    }
}

/// When a hand-over made at `now` is due: the end of the next working day (16:00 in
/// Brussels; weekends and public holidays are not working days).
pub fn handover_due(now: DateTime<Utc>) -> DateTime<Utc> {
    let mut day: NaiveDate = crate::time::brussels_date(now) + Duration::days(1);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
        || crate::appointment::domain::public_holidays(day.year()).contains(&day)
    {
        day += Duration::days(1);
    }
    crate::time::brussels_to_utc(
        day.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default()),
    )
}

/// A stored contact, as agents see it in a caller's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRecord {
    pub id: i64,
    pub topic: String,
    /// The topic's name in nl, fr, en.
    pub topic_names: crate::i18n::Names,
    pub channel: ContactChannel,
    pub outcome: Outcome,
    pub summary: String,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub caller_email: Option<String>,
    pub started_at: DateTime<Utc>,
    pub duration_seconds: i64,
    pub agent: Option<String>,
    pub report_ref: Option<String>,
    pub complaint_ref: Option<String>,
    pub appointment_ref: Option<String>,
}

/// What else a caller has with the city, besides contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrailKind {
    Report,
    Complaint,
    Appointment,
}

impl TrailKind {
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "report" => Ok(Self::Report),
            "complaint" => Ok(Self::Complaint),
            "appointment" => Ok(Self::Appointment),
            _ => {
                Err(AppError::validation("kind", "unknown kind")
                    .explained(ErrorText::UnknownChoice))
            }
        }
    }
}

/// A caller's report, complaint or appointment, as the contact screen lists it: the
/// reference, when (made, or the appointment's start), its status code and what it is about
/// (a category, department or appointment type code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailItem {
    pub kind: TrailKind,
    pub reference: String,
    pub at: DateTime<Utc>,
    pub status: String,
    pub what: String,
}

impl TrailItem {
    /// The status as staff read it.
    pub fn status_label(&self, lang: Lang) -> &str {
        let label = match self.kind {
            TrailKind::Report => {
                crate::report::domain::ReportStatus::parse(&self.status).map(|s| s.label(lang))
            }
            TrailKind::Complaint => crate::complaint::domain::ComplaintStatus::parse(&self.status)
                .map(|s| s.label(lang)),
            TrailKind::Appointment => {
                crate::appointment::domain::AppointmentStatus::parse(&self.status)
                    .map(|s| s.label(lang))
            }
        };
        label.unwrap_or(&self.status)
    }
}

/// Everything found for a caller's phone number or e-mail address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerHistory {
    pub contacts: Vec<ContactRecord>,
    /// Reports, complaints and appointments, newest first.
    pub trail: Vec<TrailItem>,
}

/// A question handed over to a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverRecord {
    pub id: i64,
    pub department: String,
    pub due_at: DateTime<Utc>,
    pub question: String,
    pub topic: String,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub caller_email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub topic_names: crate::i18n::Names,
    pub department_names: crate::i18n::Names,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input(now: DateTime<Utc>) -> ContactInput {
        ContactInput {
            topic: "vraag-omgevingsvergunning".into(),
            channel: "phone".into(),
            outcome: "answered".into(),
            summary: "Vraag over een carport".into(),
            caller_name: Some("Jan".into()),
            caller_phone: Some("011 70 17 00".into()),
            caller_email: None,
            started_at: (now - Duration::seconds(95)).to_rfc3339(),
            ..Default::default()
        }
    }

    #[test]
    fn a_contact_lasts_from_the_screen_opening_to_saving_and_is_checked_by_field() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap();
        let c = input(now).validate(now).unwrap();
        assert_eq!(
            (c.duration_seconds, c.channel, c.outcome),
            (95, ContactChannel::Phone, Outcome::Answered)
        );
        let field = |i: ContactInput| match i.validate(now) {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(ContactInput {
                topic: "".into(),
                ..input(now)
            }),
            "topic"
        );
        assert_eq!(
            field(ContactInput {
                channel: "fax".into(),
                ..input(now)
            }),
            "channel"
        );
        assert_eq!(
            field(ContactInput {
                outcome: "maybe".into(),
                ..input(now)
            }),
            "outcome"
        );
        assert_eq!(
            field(ContactInput {
                caller_phone: Some("bel me".into()),
                ..input(now)
            }),
            "caller_phone"
        );
        assert_eq!(
            field(ContactInput {
                started_at: "gisteren".into(),
                ..input(now)
            }),
            "started_at"
        );
        let old = (now - Duration::hours(5)).to_rfc3339();
        assert_eq!(
            field(ContactInput {
                started_at: old,
                ..input(now)
            }),
            "started_at"
        );
        let handed = ContactInput {
            outcome: "handed_over".into(),
            ..input(now)
        };
        assert_eq!(field(handed.clone()), "department");
        let c = ContactInput {
            department: Some("omgeving".into()),
            ..handed.clone()
        }
        .validate(now)
        .unwrap();
        assert_eq!(c.department.as_deref(), Some("omgeving"));
        assert_eq!(
            field(ContactInput {
                department: Some("omgeving".into()),
                summary: " ".into(),
                ..handed
            }),
            "summary"
        );
        assert_eq!(
            field(ContactInput {
                report_ref: Some("K-2026-1".into()),
                ..input(now)
            }),
            "report_ref"
        );
        let linked = ContactInput {
            appointment_ref: Some(" a-000042 ".into()),
            ..input(now)
        }
        .validate(now)
        .unwrap();
        assert_eq!(linked.appointment_ref.as_deref(), Some("A-000042"));
    }

    #[test]
    fn a_hand_over_is_due_at_the_end_of_the_next_working_day() {
        // Thursday 24 December 2026, 10:00 Brussels: Friday 25 is Christmas, so Monday 28.
        let now = Utc.with_ymd_and_hms(2026, 12, 24, 9, 0, 0).unwrap();
        assert_eq!(
            handover_due(now),
            Utc.with_ymd_and_hms(2026, 12, 28, 15, 0, 0).unwrap()
        );
        // Tuesday 1 December at 23:30 Brussels: Wednesday 16:00.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        assert_eq!(
            handover_due(now),
            Utc.with_ymd_and_hms(2026, 12, 2, 15, 0, 0).unwrap()
        );
    }
}
