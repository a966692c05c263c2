//! Back-office domain: history event kinds, the triage actions, deadlines, queue and search
//! queries, and the staff's view of a report.
#![warn(clippy::wildcard_enum_match_arm)]

use crate::error::{AppError, ErrorText};
use crate::i18n::Names;
use crate::report::domain::{Channel, Contact, ReportStatus};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a history entry records. The history is append-only; entries are never rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Status,
    Reopen,
    Assign,
    Forward,
    Duplicate,
    Route,
    Partner,
    Follow,
    Note,
    /// An offline change made on an older version, kept for a coordinator to resolve.
    Conflict,
    /// A coordinator resolved the conflicts on a report.
    Resolved,
    /// A question mailed to the reporter (`report::ask`).
    Asked,
    /// The reporter's answer to it.
    Answered,
    /// The question withdrawn: it waits no more.
    Withdrawn,
}

impl EventKind {
    pub const ALL: [EventKind; 15] = [
        Self::Created,
        Self::Status,
        Self::Reopen,
        Self::Assign,
        Self::Forward,
        Self::Duplicate,
        Self::Route,
        Self::Partner,
        Self::Follow,
        Self::Note,
        Self::Conflict,
        Self::Resolved,
        Self::Asked,
        Self::Answered,
        Self::Withdrawn,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Status => "status",
            Self::Reopen => "reopen",
            Self::Assign => "assign",
            Self::Forward => "forward",
            Self::Duplicate => "duplicate",
            Self::Route => "route",
            Self::Partner => "partner",
            Self::Follow => "follow",
            Self::Note => "note",
            Self::Conflict => "conflict",
            Self::Resolved => "resolved",
            Self::Asked => "asked",
            Self::Answered => "answered",
            Self::Withdrawn => "withdrawn",
        }
    }
    /// Unknown kinds read from storage count as status changes (rows written before kinds).
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .unwrap_or(Self::Status)
    }
    /// Whether the public timeline shows entries of this kind.
    pub fn is_public(self) -> bool {
        match self {
            Self::Created
            | Self::Status
            | Self::Reopen
            | Self::Assign
            | Self::Forward
            | Self::Duplicate => true,
            Self::Route
            | Self::Partner
            | Self::Follow
            | Self::Note
            | Self::Conflict
            | Self::Resolved
            | Self::Asked
            | Self::Answered
            | Self::Withdrawn => false,
        }
    }
}

/// One history entry as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    pub kind: EventKind,
    /// The report's status after the event.
    pub status: ReportStatus,
    pub at: DateTime<Utc>,
    /// Meant for the public (and the notification).
    pub note: Option<String>,
    pub internal_note: Option<String>,
    pub actor: Option<String>,
}

/// Priority of assigned work: 1 urgent, 2 normal, 3 low.
pub fn parse_priority(p: i64) -> Result<u8, AppError> {
    match p {
        1..=3 => Ok(p as u8),
        _ => Err(
            AppError::validation("priority", "priority is 1 (urgent), 2 (normal) or 3 (low)")
                .explained(ErrorText::UnknownChoice),
        ),
    }
}

/// When a report of a category with `target_days` made at `created_at` is due.
pub fn due_at(created_at: DateTime<Utc>, target_days: i64) -> DateTime<Utc> {
    created_at + Duration::days(target_days)
}

/// How late an open report is, in whole days past its due date (0 when not late).
pub fn days_overdue(status: ReportStatus, due_at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    if status.is_open() && now > due_at {
        (now - due_at).num_days().max(0) + 1
    } else {
        0
    }
}

/// Whether an open report has been waiting more than three times its target term.
pub fn past_three_times(
    status: ReportStatus,
    created_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    status.is_open() && now - created_at > (due_at - created_at) * 3
}

/// The priority of an assignment that names none (1 is the most urgent, 3 the least).
fn default_priority() -> i64 {
    2
}

/// An integer as JSON has it, or as an HTML form's text field carries it.
fn int_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IntOrText {
        Int(i64),
        Text(String),
    }
    match IntOrText::deserialize(d)? {
        IntOrText::Int(n) => Ok(n),
        IntOrText::Text(t) => t
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("not a whole number: {t:?}"))),
    }
}

/// The crew status form's choice for an internal remark without a status change.
pub const CREW_REMARK: &str = "note";
/// The choices of a crew's status form (`status` field): a status, or an internal remark.
pub const CREW_CHOICES: [&str; 3] = ["in_progress", "done", CREW_REMARK];

/// What a coordinator (or crew, for `Start`/`Done`) does with a report.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TriageAction {
    Accept {
        note: Option<String>,
    },
    Reject {
        reason: String,
    },
    Assign {
        #[serde(deserialize_with = "int_or_text")]
        team_id: i64,
        #[serde(deserialize_with = "int_or_text", default = "default_priority")]
        priority: i64,
        note: Option<String>,
    },
    Start {
        note: Option<String>,
    },
    Done {
        note: Option<String>,
    },
    Forward {
        #[serde(deserialize_with = "int_or_text")]
        partner_id: i64,
        note: Option<String>,
    },
    Partner {
        partner_ref: Option<String>,
        partner_status: Option<String>,
    },
    Duplicate {
        of: String,
    },
    Route {
        department: String,
        note: Option<String>,
    },
    Reopen {
        note: Option<String>,
    },
    /// Declines the reporter's request to reopen (a "not fixed" answer); the reason is mailed
    /// to them.
    DeclineReopen {
        reason: String,
    },
    Note {
        internal: String,
    },
    /// A crew's note from the field, without a status change (staff only).
    FieldNote {
        note: String,
    },
    /// A coordinator has looked at the conflicting offline changes and settled them.
    ResolveConflict {
        note: Option<String>,
    },
    /// Mails the reporter a question they answer through a private link (`report::ask`);
    /// `pause` stops the deadline while it waits.
    AskReporter {
        question: String,
        #[serde(default, deserialize_with = "flag")]
        pause: bool,
    },
    /// Withdraws the question that waits for the reporter.
    WithdrawQuestion {},
}

/// A yes/no as JSON has it, or as an HTML checkbox sends it (`yes`, `on`, `true`; absent is no).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolOrText {
        Bool(bool),
        Text(String),
    }
    match BoolOrText::deserialize(d)? {
        BoolOrText::Bool(b) => Ok(b),
        BoolOrText::Text(t) => match t.trim() {
            "yes" | "on" | "true" | "1" => Ok(true),
            "no" | "off" | "false" | "0" | "" => Ok(false),
            other => Err(serde::de::Error::custom(format!(
                "not yes or no: {other:?}"
            ))),
        },
    }
}

impl TriageAction {
    /// The action a crew's status form means: `status` is one of [`CREW_CHOICES`]. The
    /// tablet's offline queue builds the same actions from the same choices (the page carries
    /// them, see `ui::js::facts`), so form and queue cannot drift apart.
    pub fn from_crew_choice(status: &str, note: Option<String>) -> Result<Self, AppError> {
        if status == CREW_REMARK {
            return Ok(Self::FieldNote {
                note: note.unwrap_or_default(),
            });
        }
        match ReportStatus::parse(status)? {
            ReportStatus::Done => Ok(Self::Done { note }),
            ReportStatus::InProgress => Ok(Self::Start { note }),
            ReportStatus::New
            | ReportStatus::Accepted
            | ReportStatus::Assigned
            | ReportStatus::Rejected
            | ReportStatus::Duplicate
            | ReportStatus::Forwarded => {
                Err(AppError::validation("status", "choose in progress or done")
                    .explained(ErrorText::UnknownChoice))
            }
        }
    }

    /// The action's free text with the field it comes in (a note, a reject's reason, an
    /// internal note); `None` for actions without one.
    pub fn text(&self) -> Option<(&'static str, Option<&str>)> {
        match self {
            Self::Start { note }
            | Self::Done { note }
            | Self::Accept { note }
            | Self::Reopen { note }
            | Self::ResolveConflict { note }
            | Self::Assign { note, .. }
            | Self::Forward { note, .. }
            | Self::Route { note, .. } => Some(("note", note.as_deref())),
            Self::FieldNote { note } => Some(("note", Some(note))),
            Self::Reject { reason } | Self::DeclineReopen { reason } => {
                Some(("reason", Some(reason)))
            }
            Self::Note { internal } => Some(("internal", Some(internal))),
            Self::AskReporter { question, .. } => Some(("question", Some(question))),
            Self::Partner { .. } | Self::Duplicate { .. } | Self::WithdrawQuestion {} => None,
        }
    }

    /// The action's name on the wire (`"start"`, `"field_note"`, …).
    pub fn tag(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v["action"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The status the action leads to, if it changes the status.
    pub fn target_status(&self) -> Option<ReportStatus> {
        match self {
            Self::Accept { .. } => Some(ReportStatus::Accepted),
            Self::Reject { .. } => Some(ReportStatus::Rejected),
            Self::Assign { .. } => Some(ReportStatus::Assigned),
            Self::Start { .. } => Some(ReportStatus::InProgress),
            Self::Done { .. } => Some(ReportStatus::Done),
            Self::Forward { .. } => Some(ReportStatus::Forwarded),
            Self::Duplicate { .. } => Some(ReportStatus::Duplicate),
            Self::Reopen { .. } => Some(ReportStatus::Accepted),
            Self::DeclineReopen { .. }
            | Self::Partner { .. }
            | Self::Route { .. }
            | Self::Note { .. }
            | Self::FieldNote { .. }
            | Self::ResolveConflict { .. }
            | Self::AskReporter { .. }
            | Self::WithdrawQuestion {} => None,
        }
    }

    pub fn kind(&self) -> EventKind {
        match self {
            Self::Accept { .. } | Self::Reject { .. } | Self::Start { .. } | Self::Done { .. } => {
                EventKind::Status
            }
            Self::Assign { .. } => EventKind::Assign,
            Self::Forward { .. } => EventKind::Forward,
            Self::Partner { .. } => EventKind::Partner,
            Self::Duplicate { .. } => EventKind::Duplicate,
            Self::Route { .. } => EventKind::Route,
            Self::Reopen { .. } => EventKind::Reopen,
            Self::Note { .. } | Self::FieldNote { .. } | Self::DeclineReopen { .. } => {
                EventKind::Note
            }
            Self::ResolveConflict { .. } => EventKind::Resolved,
            Self::AskReporter { .. } => EventKind::Asked,
            Self::WithdrawQuestion {} => EventKind::Withdrawn,
        }
    }

    /// Field work (crews) or triage (coordinators).
    pub fn permission(&self) -> crate::staff::Action {
        match self {
            Self::Start { .. } | Self::Done { .. } | Self::FieldNote { .. } => {
                crate::staff::Action::FieldWork
            }
            Self::Accept { .. }
            | Self::Reject { .. }
            | Self::Assign { .. }
            | Self::Forward { .. }
            | Self::Partner { .. }
            | Self::Duplicate { .. }
            | Self::Route { .. }
            | Self::Reopen { .. }
            | Self::DeclineReopen { .. }
            | Self::Note { .. }
            | Self::ResolveConflict { .. }
            | Self::AskReporter { .. }
            | Self::WithdrawQuestion {} => crate::staff::Action::Triage,
        }
    }
}

/// The actions the staff report page leads with for a report in `status`, in order: the usual
/// next step; every other action the user may take stays one click away.
pub fn next_steps(status: ReportStatus) -> &'static [&'static str] {
    match status {
        ReportStatus::New => &["accept", "assign"],
        ReportStatus::Accepted => &["assign"],
        ReportStatus::Assigned => &["start", "done"],
        ReportStatus::InProgress => &["done"],
        ReportStatus::Forwarded => &["partner", "done"],
        ReportStatus::Done | ReportStatus::Rejected | ReportStatus::Duplicate => &["reopen"],
    }
}

/// The longest free-text note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Trims a free-text note; empty is none; at most [`MAX_NOTE_CHARS`] characters.
pub fn clean_note(note: Option<&str>, field: &str) -> Result<Option<String>, AppError> {
    let note = note.map(crate::text::visible);
    let Some(n) = note.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if n.chars().count() > MAX_NOTE_CHARS {
        return Err(
            AppError::validation(field, "a note is at most 2000 characters")
                .explained(ErrorText::TextTooLong),
        );
    }
    if n.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(
            AppError::validation(field, "the note holds control characters")
                .explained(ErrorText::ControlCharacters),
        );
    }
    Ok(Some(n.to_owned()))
}

/// A report as staff see it: everything but contact data, which comes only with the right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffReport {
    #[serde(rename = "ref")]
    pub reference: String,
    pub version: i64,
    pub category: String,
    pub category_name: String,
    pub department: String,
    pub department_name: String,
    pub channel: Channel,
    pub status: ReportStatus,
    pub lat: f64,
    pub lon: f64,
    pub address: Option<String>,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub days_overdue: i64,
    pub team: Option<String>,
    pub priority: u8,
    pub duplicate_of: Option<String>,
    pub partner: Option<String>,
    pub partner_ref: Option<String>,
    pub partner_status: Option<String>,
    /// Since when offline changes conflict, until a coordinator resolves them.
    pub conflict_at: Option<DateTime<Utc>>,
    pub history: Vec<HistoryRecord>,
    pub photos: Vec<crate::report::domain::PhotoView>,
    /// Only for roles that may see it (agents, coordinators, admins).
    pub contact: Option<Contact>,
    pub followers: usize,
    /// How many people a status change is e-mailed to (the reporter, if they gave an address
    /// and agreed, and the followers): the page says whether a note goes out by e-mail.
    #[serde(default)]
    pub status_mail_to: usize,
    /// The reporter's language: the language notes to them are best written in.
    #[serde(default)]
    pub lang: crate::i18n::Lang,
    /// Answers to the category's questions, internal ones too (marked).
    #[serde(default)]
    pub answers: Vec<crate::report::questions::AnswerView>,
    /// The API key's name it came with (channel `api`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_client: Option<String>,
    /// Each "is it fixed?" asked of the reporter, with the answer and any request to reopen.
    #[serde(default)]
    pub feedback: Vec<crate::report::feedback::FeedbackView>,
    /// The name of the district it lies in.
    #[serde(default)]
    pub district: Option<String>,
    /// The city's questions to the reporter, oldest first (answers only for roles that see
    /// contact data).
    #[serde(default)]
    pub questions: Vec<crate::report::ask::QuestionView>,
    /// Since when the deadline is paused for a question to the reporter.
    #[serde(default)]
    pub paused_since: Option<DateTime<Utc>>,
    /// A question would reach the reporter (an address that still gets mail).
    #[serde(default)]
    pub reporter_reachable: bool,
}

/// A line in a staff list (queue, search, crew work list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffSummary {
    #[serde(rename = "ref")]
    pub reference: String,
    pub category: String,
    /// The category's name in nl, fr, en.
    pub category_names: Names,
    pub department: String,
    pub status: ReportStatus,
    pub lat: f64,
    pub lon: f64,
    pub address: Option<String>,
    /// `address` is the register's nearest address to the point.
    #[serde(default)]
    pub address_near: bool,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub priority: u8,
    pub team: Option<String>,
    #[serde(default)]
    pub days_overdue: i64,
    #[serde(default)]
    pub distance_m: Option<f64>,
    /// Its reporter answered "not fixed" and waits for a decision.
    #[serde(default)]
    pub reopen_asked: bool,
    /// A question waits for the reporter.
    #[serde(default)]
    pub asking: bool,
    /// The reporter answered a question and staff have not changed the report since.
    #[serde(default)]
    pub answer_waiting: bool,
    /// Since when the deadline is paused for a question to the reporter.
    #[serde(default)]
    pub paused_since: Option<DateTime<Utc>>,
}

impl StaffSummary {
    pub fn category_name(&self, lang: crate::i18n::Lang) -> &str {
        self.category_names.get(lang)
    }
}

/// How a queue is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// Oldest first.
    #[default]
    Age,
    /// Newest first (search results).
    Newest,
    /// Earliest due date first.
    Deadline,
    Category,
    /// Priority, then due date (a crew's work list).
    Work,
}

impl QueueSort {
    pub fn parse(s: &str) -> Self {
        match s {
            "deadline" => Self::Deadline,
            "category" => Self::Category,
            "newest" => Self::Newest,
            "work" => Self::Work,
            _ => Self::Age,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Age => "age",
            Self::Newest => "newest",
            Self::Work => "work",
            Self::Deadline => "deadline",
            Self::Category => "category",
        }
    }
}

/// What a queue or search asks storage for. `departments: None` means every department.
#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    pub departments: Option<Vec<String>>,
    pub statuses: Vec<ReportStatus>,
    pub category: Option<String>,
    pub overdue_only: bool,
    pub past_three_times: bool,
    pub reference: Option<String>,
    /// Matched against the address (street) text.
    pub street: Option<String>,
    pub email: Option<String>,
    /// Digits only; matched against the digits of stored phone numbers.
    pub phone_digits: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    pub teams: Option<Vec<i64>>,
    /// Also reports of another status whose reporter asks to reopen them (the queue).
    pub with_reopen_requests: bool,
    pub sort: QueueSort,
    pub limit: u32,
}

/// Filters of the coordinator's queue.
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub department: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    #[serde(default)]
    pub overdue: bool,
    pub sort: Option<String>,
}

/// What "what is the status of my report?" searches by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchInput {
    pub q: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A department, team or partner as listed in the back office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub names: Names,
    pub active: bool,
}

impl Department {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        self.names.get(lang)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// Its Open311 server, when reports go there instead of by e-mail (the key stays in
    /// storage).
    pub open311_endpoint: Option<String>,
    pub health: LinkHealth,
}

/// How a link to a partner's system or a subscriber has been doing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkHealth {
    /// Failed attempts in a row (0: the last one worked).
    pub failures: i64,
    pub last_error: Option<String>,
    pub last_ok_at: Option<DateTime<Utc>>,
}

impl LinkHealth {
    /// Failing for the admins: this many failed attempts in a row.
    pub const FAILING_AFTER: i64 = 3;

    pub fn failing(&self) -> bool {
        self.failures >= Self::FAILING_AFTER
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_status_leads_with_a_step_it_can_take() {
        for status in ReportStatus::ALL {
            let steps = next_steps(status);
            assert!(!steps.is_empty(), "{status:?}");
            for step in steps {
                let target = match *step {
                    "accept" => Some(ReportStatus::Accepted),
                    "assign" => Some(ReportStatus::Assigned),
                    "start" => Some(ReportStatus::InProgress),
                    "done" => Some(ReportStatus::Done),
                    "reopen" => Some(ReportStatus::Accepted),
                    "partner" => None,
                    other => panic!("{other} is not an action"),
                };
                if let Some(to) = target {
                    assert!(status.can_transition_to(to), "{status:?} cannot {step}");
                }
            }
        }
    }
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn crew_choices_mean_start_done_or_a_field_note_and_nothing_else() {
        let tags: Vec<String> = CREW_CHOICES
            .iter()
            .map(|c| TriageAction::from_crew_choice(c, None).unwrap().tag())
            .collect();
        assert_eq!(tags, ["start", "done", "field_note"]);
        assert_eq!(
            TriageAction::from_crew_choice("done", Some("klaar".into())).unwrap(),
            TriageAction::Done {
                note: Some("klaar".into())
            }
        );
        for refused in ["accepted", "rejected", "", "start"] {
            assert!(
                TriageAction::from_crew_choice(refused, None).is_err(),
                "{refused}"
            );
        }
    }

    #[test]
    fn forms_send_numbers_as_text_and_the_priority_may_be_left_out() {
        let a: TriageAction = serde_json::from_str(r#"{"action":"assign","team_id":"7"}"#).unwrap();
        assert_eq!(
            a,
            TriageAction::Assign {
                team_id: 7,
                priority: 2,
                note: None
            }
        );
        let a: TriageAction =
            serde_json::from_str(r#"{"action":"forward","partner_id":3,"note":"x"}"#).unwrap();
        assert_eq!(a.tag(), "forward");
        assert!(
            serde_json::from_str::<TriageAction>(r#"{"action":"assign","team_id":"zeven"}"#)
                .is_err()
        );
    }

    #[test]
    fn deadlines_count_calendar_days_and_only_for_open_reports() {
        let created = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let due = due_at(created, 14);
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 3, 15, 10, 0, 0).unwrap());
        let on_time = Utc.with_ymd_and_hms(2026, 3, 15, 9, 0, 0).unwrap();
        assert_eq!(days_overdue(ReportStatus::Accepted, due, on_time), 0);
        let late = Utc.with_ymd_and_hms(2026, 3, 17, 11, 0, 0).unwrap();
        assert_eq!(days_overdue(ReportStatus::Accepted, due, late), 3);
        assert_eq!(days_overdue(ReportStatus::Done, due, late), 0);
        assert!(!past_three_times(ReportStatus::New, created, due, late));
        let worst = created + Duration::days(43);
        assert!(past_three_times(ReportStatus::New, created, due, worst));
        assert!(!past_three_times(
            ReportStatus::Rejected,
            created,
            due,
            worst
        ));
    }

    #[test]
    fn only_status_events_are_public_and_kinds_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), k);
        }
        assert!(!EventKind::Note.is_public());
        assert!(!EventKind::Route.is_public());
        assert!(EventKind::Reopen.is_public());
    }

    #[test]
    fn notes_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            clean_note(Some("  ok "), "note").unwrap().as_deref(),
            Some("ok")
        );
        assert_eq!(clean_note(Some("   "), "note").unwrap(), None);
        assert!(clean_note(Some(&"x".repeat(2001)), "note").is_err());
        assert!(clean_note(Some("bell\u{7}"), "note").is_err());
        assert!(parse_priority(0).is_err());
        assert_eq!(parse_priority(1).unwrap(), 1);
    }
}
