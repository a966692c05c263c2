//! Complaints (klachten) about the administration itself: channels, the handling steps and
//! their order, admissibility reasons, verdicts, the Flemish Ombudsman's norms, the 10- and
//! 45-day deadlines counted from the day received, and the yearly figures for the council.
#![warn(clippy::wildcard_enum_match_arm)]

use crate::complaint::texts::ComplaintText;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Calendar days from receipt within which the complaint is acknowledged in writing.
pub const ACK_DAYS: i64 = 10;
/// Calendar days from receipt within which the complainant gets the answer.
pub const ANSWER_DAYS: i64 = 45;
/// A deadline this close (in days) shows a warning.
pub const WARN_DAYS: i64 = 3;
/// A complaint about something older than this (days before receipt) is not admissible.
pub const MAX_AGE_DAYS: i64 = 365;
/// Default retention of personal data in closed complaints.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;
pub const MAX_TEXT_CHARS: usize = 6000;
pub const MAX_ATTACHMENTS: usize = 3;
/// Largest PDF attachment.
pub const MAX_PDF_BYTES: usize = 10 * 1024 * 1024;

/// A closed set of codes with labels (entries of [`ComplaintText`]). `$code` is the wire and database
/// spelling (serde uses the same, snake_case).
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal {
        $($(#[$vmeta:meta])* $variant:ident = $code:literal: $text:ident;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            pub fn parse(s: &str) -> Result<Self, AppError> {
                match s.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(AppError::validation(
                        $what,
                        format!("unknown {} (one of: {})", $what, [$($code),+].join(", ")),
                    )
                    .explained(ErrorText::UnknownChoice)),
                }
            }
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$variant => t!(lang, ComplaintText::$text),)+ }
            }
        }
    };
}

coded_enum!(
    /// How a complaint came in. Online complaints are filed by the citizen; the others are
    /// registered by an agent or officer, with the day they were received.
    ComplaintChannel, "channel" {
        Web = "web": Online;
        Phone = "phone": Phone;
        Letter = "letter": Letter;
        Email = "email": EMail;
        Counter = "counter": Counter;
    }
);

coded_enum!(
    /// Where a complaint is in its handling. The order is fixed by [`ComplaintStatus::can_become`].
    ComplaintStatus, "status" {
        Received = "received": Received;
        Acknowledged = "acknowledged": Acknowledged;
        Inadmissible = "inadmissible": NotAdmissible;
        Investigating = "investigating": UnderInvestigation;
        Decided = "decided": VerdictGiven;
        Answered = "answered": Answered;
        Closed = "closed": Closed;
    }
);

coded_enum!(
    /// Why a complaint is not admissible (the standard reasons of municipal regulations).
    InadmissibleReason, "reason" {
        Anonymous = "anonymous": Anonymous;
        ManifestlyUnfounded = "manifestly_unfounded": ManifestlyUnfounded;
        GeneralPolicy = "general_policy": AboutGeneralPolicy;
        TooOld = "too_old": OlderThanOne;
        AlreadyHandled = "already_handled": AlreadyHandled;
        CourtCase = "court_case": SubjectOfA;
        NotAComplaint = "not_a_complaint": NotAComplaint;
    }
);

coded_enum!(
    /// The outcome of an admissible complaint.
    Verdict, "verdict" {
        WellFounded = "well_founded": WellFounded;
        PartlyWellFounded = "partly_well_founded": PartlyWellFounded;
        Unfounded = "unfounded": Unfounded;
        Resolved = "resolved": ResolvedDuringHandling;
    }
);

coded_enum!(
    /// The norms of proper administration the Flemish Ombudsman (Vlaamse Ombudsdienst) judges
    /// by; a verdict names the ones concerned.
    OmbudsNorm, "norm" {
        Law = "law": CorrectApplicationOf;
        Equality = "equality": EqualityAndImpartiality;
        ReasonableTerm = "reasonable_term": ReasonableTerm;
        Courtesy = "courtesy": Courtesy;
        Information = "information": AdequateInformation;
        Accessibility = "accessibility": Accessibility;
        Care = "care": CarefulHandling;
        Motivation = "motivation": AdequateReasoning;
        Coordination = "coordination": EfficientCoordination;
    }
);

coded_enum!(
    /// What a history entry of a complaint records. The history is append-only.
    ComplaintEvent, "kind" {
        Received = "received": Received;
        Acknowledged = "acknowledged": AcknowledgementSent;
        Admissible = "admissible": Admissible;
        Inadmissible = "inadmissible": NotAdmissible;
        InputRequested = "input_requested": InputAskedFrom;
        InputReceived = "input_received": InputFromDepartment;
        Verdict = "verdict": Verdict;
        Answered = "answered": AnswerSent;
        Closed = "closed": Closed;
        Converted = "converted": ConvertedIntoA;
        Department = "department": DepartmentChanged;
        Improvement = "improvement": ImprovementAction;
        Note = "note": InternalNote;
        Anonymised = "anonymised": PersonalDataErased;
    }
);

impl ComplaintStatus {
    /// The handling order: received → acknowledged → admissible (investigating) or not →
    /// verdict → answer → closed. An inadmissible complaint is answered (or converted into a
    /// report, which closes it).
    pub fn can_become(self, to: ComplaintStatus) -> bool {
        use ComplaintStatus::*;
        match self {
            Received => to == Acknowledged,
            Acknowledged => matches!(to, Investigating | Inadmissible),
            Inadmissible => matches!(to, Answered | Closed),
            Investigating => to == Decided,
            Decided => to == Answered,
            Answered => to == Closed,
            Closed => false,
        }
    }

    /// Whether the complainant still waits for the answer.
    pub fn awaits_answer(self) -> bool {
        use ComplaintStatus::*;
        match self {
            Received | Acknowledged | Inadmissible | Investigating | Decided => true,
            Answered | Closed => false,
        }
    }
}

/// A public complaint reference, `K-<year>-<6 digits>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComplaintRef(String);

impl ComplaintRef {
    pub fn new(year: i32, seq: i64) -> Self {
        Self(format!("K-{year}-{seq:06}"))
    }
    /// Any other text is answered like an unknown complaint.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        crate::report::domain::parse_reference(s, b'K')
            .map(Self)
            .ok_or_else(AppError::not_found)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text of a complaint: trimmed, within `max` characters, no control characters but
/// line breaks and tabs. `None` when empty.
pub fn clean_text(v: Option<&str>, field: &str, max: usize) -> Result<Option<String>, AppError> {
    let v = v.map(crate::text::visible);
    let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > max {
        return Err(
            AppError::validation(field, format!("at most {max} characters"))
                .explained(ErrorText::TextTooLong),
        );
    }
    if v.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::validation(field, "contains control characters")
            .explained(ErrorText::ControlCharacters));
    }
    Ok(Some(v.to_owned()))
}

/// One line of text (names, addresses), at most `max` characters.
pub fn clean_line(v: Option<&str>, field: &str, max: usize) -> Result<Option<String>, AppError> {
    let v = clean_text(v, field, max)?;
    if v.as_deref().is_some_and(|v| v.contains(['\n', '\r', '\t'])) {
        return Err(
            AppError::validation(field, "must be on one line").explained(ErrorText::OneLineTooLong)
        );
    }
    Ok(v)
}

/// What a complainant (or the agent for them) fills in. Everything is text, as a form sends it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintInput {
    /// What happened.
    pub description: String,
    /// When it happened (`YYYY-MM-DD`), if known.
    pub happened_on: Option<String>,
    /// Code of the department complained about, if the complainant knows it.
    pub department: Option<String>,
    /// The employee concerned (optional).
    pub employee: Option<String>,
    /// What the complainant expects.
    pub expectation: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Postal address, for an answer by letter.
    pub address: Option<String>,
    /// A report of theirs this complaint is about (`M-…`).
    pub report: Option<String>,
    /// Registered complaints: how and when it was received.
    pub channel: Option<String>,
    pub received_on: Option<String>,
    pub lang: Option<String>,
}

/// The complainant's contact details. Only complaints officers and admins ever see them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplainantContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// A checked complaint, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidComplaint {
    pub channel: ComplaintChannel,
    pub received_on: NaiveDate,
    pub description: String,
    pub happened_on: Option<NaiveDate>,
    pub department: Option<String>,
    pub employee: Option<String>,
    pub expectation: Option<String>,
    pub contact: ComplainantContact,
    pub report: Option<String>,
    pub lang: Lang,
}

impl ComplaintInput {
    /// Checks the input. `today` is the Brussels date; online complaints are received today,
    /// registered ones on the day given (not in the future, not more than a year ago).
    pub fn validate(
        self,
        channel: ComplaintChannel,
        today: NaiveDate,
    ) -> Result<ValidComplaint, AppError> {
        let description = clean_text(Some(&self.description), "description", MAX_TEXT_CHARS)?
            .filter(|d| d.chars().count() >= 10)
            .ok_or_else(|| {
                AppError::validation(
                    "description",
                    "describe what happened (at least 10 characters)",
                )
                .explained(ErrorText::ComplaintDescriptionShort)
            })?;
        let received_on = match channel {
            ComplaintChannel::Web => today,
            ComplaintChannel::Phone
            | ComplaintChannel::Letter
            | ComplaintChannel::Email
            | ComplaintChannel::Counter => {
                crate::time::parse_optional_day("received_on", self.received_on.as_deref())?
                    .ok_or_else(|| {
                        AppError::validation(
                            "received_on",
                            "give the day the complaint was received",
                        )
                        .explained(ErrorText::ReceivedOnRequired)
                    })?
            }
        };
        if received_on > today {
            return Err(AppError::validation(
                "received_on",
                "the day received cannot be in the future",
            )
            .explained(ErrorText::DateInFuture));
        }
        if received_on < today - Duration::days(MAX_AGE_DAYS) {
            return Err(AppError::validation(
                "received_on",
                "the day received is more than a year ago",
            )
            .explained(ErrorText::ReceivedOnTooOld));
        }
        let happened_on =
            crate::time::parse_optional_day("happened_on", self.happened_on.as_deref())?;
        if happened_on.is_some_and(|d| d > received_on) {
            return Err(AppError::validation(
                "happened_on",
                "this is after the complaint was received",
            )
            .explained(ErrorText::HappenedAfterReceived));
        }
        if happened_on.is_some_and(|d| chrono::Datelike::year(&d) < 1900) {
            return Err(AppError::validation("happened_on", "not a plausible date")
                .explained(ErrorText::DateInvalid));
        }
        let name = clean_line(self.name.as_deref(), "name", 120)?;
        let email = clean_line(self.email.as_deref(), "email", 254)?;
        let phone = clean_line(self.phone.as_deref(), "phone", 32)?;
        let address = clean_line(self.address.as_deref(), "address", 200)?;
        // Reuse the report contact checks for e-mail and phone syntax.
        crate::report::domain::Contact {
            name: None,
            email: email.clone(),
            phone: phone.clone(),
            consent: true,
        }
        .parse()
        .map_err(|e| match e.field() {
            Some("contact.email") => {
                AppError::validation("email", "this is not a valid e-mail address")
                    .explained(ErrorText::EmailInvalid)
            }
            Some("contact.phone") => {
                AppError::validation("phone", "this is not a valid phone number")
                    .explained(ErrorText::PhoneInvalid)
            }
            _ => e,
        })?;
        if name.is_none() {
            return Err(AppError::validation(
                "name",
                "a complaint gets a written answer: give your name",
            )
            .explained(ErrorText::ComplaintNameRequired));
        }
        if email.is_none() && address.is_none() {
            return Err(AppError::validation(
                "email",
                "give an e-mail address or a postal address for the answer",
            )
            .explained(ErrorText::ComplaintAnswerAddress));
        }
        let report = match self
            .report
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            None => None,
            Some(r) => Some(
                crate::report::domain::ReportRef::parse(r)
                    .map_err(|_| {
                        AppError::validation(
                            "report",
                            "a report reference looks like M-2026-000123",
                        )
                        .explained(ErrorText::ReportRefInvalid)
                    })?
                    .as_str()
                    .to_owned(),
            ),
        };
        let department = clean_line(self.department.as_deref(), "department", 40)?;
        Ok(ValidComplaint {
            channel,
            received_on,
            description,
            happened_on,
            department,
            employee: clean_line(self.employee.as_deref(), "employee", 120)?,
            expectation: clean_text(self.expectation.as_deref(), "expectation", MAX_TEXT_CHARS)?,
            contact: ComplainantContact {
                name,
                email,
                phone,
                address,
            },
            report,
            lang: self
                .lang
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or_default(),
        })
    }
}

/// The two deadlines of a complaint, counted in calendar days from the day received.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub ack_due: NaiveDate,
    pub answer_due: NaiveDate,
}

impl Deadlines {
    pub fn from_received(received_on: NaiveDate) -> Self {
        Self {
            ack_due: received_on + Duration::days(ACK_DAYS),
            answer_due: received_on + Duration::days(ANSWER_DAYS),
        }
    }
}

/// How a deadline stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "days", rename_all = "snake_case")]
pub enum DeadlineState {
    /// Done on or before the deadline.
    Met,
    /// Done, this many days after the deadline.
    MetLate(i64),
    /// Not done, this many days left.
    Open(i64),
    /// Not done, within [`WARN_DAYS`] days (0: due today).
    Soon(i64),
    /// Not done, this many days past the deadline.
    Overdue(i64),
}

impl DeadlineState {
    pub fn of(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> Self {
        match done {
            Some(d) if d <= due => Self::Met,
            Some(d) => Self::MetLate((d - due).num_days()),
            None => {
                let left = (due - today).num_days();
                if left < 0 {
                    Self::Overdue(-left)
                } else if left <= WARN_DAYS {
                    Self::Soon(left)
                } else {
                    Self::Open(left)
                }
            }
        }
    }
    pub fn is_overdue(self) -> bool {
        matches!(self, Self::Overdue(_))
    }
    /// Days until the deadline (negative when past); `i64::MAX` once done, so the most
    /// urgent sorts first.
    pub fn days_left(self) -> i64 {
        match self {
            Self::Overdue(d) => -d,
            Self::Soon(d) | Self::Open(d) => d,
            Self::Met | Self::MetLate(_) => i64::MAX,
        }
    }
    pub fn needs_attention(self) -> bool {
        matches!(self, Self::Overdue(_) | Self::Soon(_))
    }
    /// CSS class and short text for lists.
    pub fn class(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::MetLate(_) => "met-late",
            Self::Open(_) => "open",
            Self::Soon(_) => "soon",
            Self::Overdue(_) => "overdue",
        }
    }
    pub fn text(self, lang: Lang) -> String {
        match self {
            Self::Met => t!(lang, ComplaintText::InTime).to_owned(),
            Self::MetLate(d) => format!("{d} {}", t!(lang, ComplaintText::DLate)),
            Self::Open(d) => format!("{d} {}", t!(lang, ComplaintText::DLeft)),
            Self::Soon(0) => t!(lang, ComplaintText::Today).to_owned(),
            Self::Soon(d) => format!(
                "{} {d} {}",
                t!(lang, ComplaintText::Only),
                t!(lang, ComplaintText::D)
            ),
            Self::Overdue(d) => {
                format!("{d} {}", t!(lang, ComplaintText::DOverdue))
            }
        }
    }
}

/// One entry of a complaint's history, as officers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintHistory {
    pub at: DateTime<Utc>,
    pub kind: ComplaintEvent,
    pub status: ComplaintStatus,
    pub actor: Option<String>,
    pub department: Option<String>,
    pub note: Option<String>,
}

/// An attached file as officers see it (served only through an access-checked route).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintFileView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub bytes: i64,
    pub url: String,
    pub thumbnail_url: Option<String>,
}

/// A complaint as a complaints officer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub reference: String,
    pub version: i64,
    pub channel: ComplaintChannel,
    pub status: ComplaintStatus,
    pub received_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub deadlines: Deadlines,
    pub ack_state: DeadlineState,
    pub answer_state: DeadlineState,
    pub acknowledged_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub department: Option<String>,
    pub department_name: Option<String>,
    pub employee: Option<String>,
    pub happened_on: Option<NaiveDate>,
    pub description: String,
    pub expectation: Option<String>,
    pub report: Option<String>,
    pub converted_report: Option<String>,
    pub contact: ComplainantContact,
    pub lang: Lang,
    pub inadmissible_reason: Option<InadmissibleReason>,
    pub verdict: Option<Verdict>,
    pub norms: Vec<OmbudsNorm>,
    pub answer: Option<String>,
    pub improvements: Vec<String>,
    pub anonymised: bool,
    pub created_by: Option<String>,
    pub history: Vec<ComplaintHistory>,
    pub files: Vec<ComplaintFileView>,
    /// The letters sent so far (subject, body), to print for a complainant without e-mail.
    pub letters: Vec<(String, String)>,
}

/// The letter a handling step would send, shown to the officer before it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterPreview {
    /// Where it is e-mailed; none when it is printed and posted.
    pub email: Option<String>,
    /// The name and postal address it is printed for, when there is no e-mail address.
    pub postal: Option<String>,
    pub subject: String,
    pub body: String,
}

/// Which complaints the officers' list shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintFilter {
    /// `open` (default), `all`, or `overdue`.
    pub show: Option<String>,
    pub year: Option<i32>,
    /// Words in the reference, the complainant's name or e-mail, or the text.
    pub q: Option<String>,
}

/// A line of the officers' list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintSummary {
    pub reference: String,
    pub channel: ComplaintChannel,
    pub status: ComplaintStatus,
    pub received_on: NaiveDate,
    pub deadlines: Deadlines,
    pub acknowledged_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub department: Option<String>,
    pub department_name: Option<String>,
    pub name: Option<String>,
    pub summary: String,
}

impl ComplaintSummary {
    pub fn ack_state(&self, today: NaiveDate) -> DeadlineState {
        DeadlineState::of(self.deadlines.ack_due, self.acknowledged_on, today)
    }
    pub fn answer_state(&self, today: NaiveDate) -> DeadlineState {
        DeadlineState::of(self.deadlines.answer_due, self.answered_on, today)
    }
    /// The more urgent of the two deadlines that are still open.
    pub fn urgency(&self, today: NaiveDate) -> DeadlineState {
        let ack = self.ack_state(today);
        let answer = self.answer_state(today);
        if ack.days_left() <= answer.days_left() {
            ack
        } else {
            answer
        }
    }
}

/// One step of handling a complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ComplaintAction {
    /// Sends the acknowledgement (e-mail, or a letter to print) from the template.
    Acknowledge {
        #[serde(default)]
        note: Option<String>,
    },
    Admissible {
        #[serde(default)]
        note: Option<String>,
    },
    Inadmissible {
        reason: String,
        #[serde(default)]
        note: Option<String>,
    },
    /// Asks the department concerned for its view (it never decides on the complaint).
    AskInput {
        department: String,
        question: String,
    },
    /// Records what the department answered.
    RecordInput {
        department: String,
        answer: String,
    },
    Verdict {
        verdict: String,
        #[serde(default)]
        norms: Vec<String>,
        #[serde(default)]
        note: Option<String>,
    },
    /// Sends the answer (e-mail or letter from the template, with the Ombudsman's details).
    Answer {
        text: String,
    },
    Close {
        #[serde(default)]
        note: Option<String>,
    },
    /// A report or question rather than a complaint: becomes a report, which closes it.
    Convert {
        category: String,
        address: String,
    },
    /// Sets the department complained about.
    Department {
        department: String,
    },
    /// An improvement action taken because of the complaint (listed in the yearly report).
    Improvement {
        text: String,
    },
    Note {
        text: String,
    },
}

/// A step that writes to the complainant, with what its letter is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LetterStep<'a> {
    Acknowledgement { note: &'a Option<String> },
    Answer { text: &'a str },
}

impl ComplaintAction {
    /// The names of the steps that write to the complainant (those [`Self::letter`] gives a
    /// letter for): their forms show the letter before it is sent.
    pub const LETTER_STEPS: [&'static str; 2] = ["acknowledge", "answer"];

    /// The letter this step sends the complainant, if it sends one.
    pub fn letter(&self) -> Option<LetterStep<'_>> {
        match self {
            Self::Acknowledge { note } => Some(LetterStep::Acknowledgement { note }),
            Self::Answer { text } => Some(LetterStep::Answer { text }),
            Self::Admissible { .. }
            | Self::Inadmissible { .. }
            | Self::AskInput { .. }
            | Self::RecordInput { .. }
            | Self::Verdict { .. }
            | Self::Close { .. }
            | Self::Convert { .. }
            | Self::Department { .. }
            | Self::Improvement { .. }
            | Self::Note { .. } => None,
        }
    }

    /// The status the action leads to, if it changes it.
    pub fn target(&self) -> Option<ComplaintStatus> {
        use ComplaintStatus as S;
        match self {
            Self::Acknowledge { .. } => Some(S::Acknowledged),
            Self::Admissible { .. } => Some(S::Investigating),
            Self::Inadmissible { .. } => Some(S::Inadmissible),
            Self::Verdict { .. } => Some(S::Decided),
            Self::Answer { .. } => Some(S::Answered),
            Self::Close { .. } | Self::Convert { .. } => Some(S::Closed),
            Self::AskInput { .. }
            | Self::RecordInput { .. }
            | Self::Department { .. }
            | Self::Improvement { .. }
            | Self::Note { .. } => None,
        }
    }
    pub fn event(&self) -> ComplaintEvent {
        use ComplaintEvent as E;
        match self {
            Self::Acknowledge { .. } => E::Acknowledged,
            Self::Admissible { .. } => E::Admissible,
            Self::Inadmissible { .. } => E::Inadmissible,
            Self::AskInput { .. } => E::InputRequested,
            Self::RecordInput { .. } => E::InputReceived,
            Self::Verdict { .. } => E::Verdict,
            Self::Answer { .. } => E::Answered,
            Self::Close { .. } => E::Closed,
            Self::Convert { .. } => E::Converted,
            Self::Department { .. } => E::Department,
            Self::Improvement { .. } => E::Improvement,
            Self::Note { .. } => E::Note,
        }
    }
}

#[cfg(test)]
#[path = "domain_tests.rs"]
mod tests;
