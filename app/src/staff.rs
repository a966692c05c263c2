//! Staff accounts: roles and the signed-in user as the app sees them.
#![warn(clippy::wildcard_enum_match_arm)]

use crate::error::{AppError, ErrorText};
use crate::ui::texts::UiText;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Coordinator,
    Crew,
    Planner,
    ComplaintsOfficer,
    /// Writes the knowledge base (a communication officer, the ContactCenter's lead).
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Agent,
        Role::Coordinator,
        Role::Crew,
        Role::Planner,
        Role::ComplaintsOfficer,
        Role::Editor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Coordinator => "coordinator",
            Role::Crew => "crew",
            Role::Planner => "planner",
            Role::ComplaintsOfficer => "complaints_officer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Role, AppError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                AppError::validation(
                    "role",
                    "unknown role (agent, coordinator, crew, planner, complaints_officer, editor, admin)",
                ).explained(ErrorText::UnknownChoice)
            })
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Role::Agent => t!(lang, UiText::ContactCentre),
            Role::Coordinator => t!(lang, UiText::Coordinator),
            Role::Crew => t!(lang, UiText::Crew),
            Role::Planner => t!(lang, UiText::Planner),
            Role::ComplaintsOfficer => t!(lang, UiText::ComplaintsOfficer),
            Role::Editor => t!(lang, UiText::Editor),
            Role::Admin => t!(lang, UiText::Administrator),
        }
    }

    /// Which reports this role may do `action` on. The one access table; the service layer
    /// checks every request against it (see [`StaffUser::may`]).
    pub fn scope(self, action: Action) -> Scope {
        use Action::*;
        use Scope::{All, Nothing, OwnDepartments};
        match (self, action) {
            (Role::Admin, _) => All,
            // Editors write the knowledge base and nothing else.
            (Role::Editor, EditKnowledge) => All,
            (
                Role::Editor,
                Read | ReadContact | Search | Triage | FieldWork | Intake | Follow | Manage
                | HandleComplaints | RegisterComplaint | ComplaintFigures | Plan | Appointments
                | Contacts | Handovers | ContactFigures,
            ) => Nothing,
            (
                Role::Agent
                | Role::Coordinator
                | Role::Crew
                | Role::Planner
                | Role::ComplaintsOfficer,
                EditKnowledge,
            ) => Nothing,
            // The ContactCenter and the counters work with appointments.
            (Role::Agent, Appointments) => All,
            (
                Role::Coordinator | Role::Crew | Role::Planner | Role::ComplaintsOfficer,
                Appointments,
            ) => Nothing,
            // Agents register contacts and follow every hand-over up; departments answer
            // their own.
            (Role::Agent, Contacts | Handovers) => All,
            (Role::Coordinator, Handovers) => OwnDepartments,
            (
                Role::Coordinator | Role::Crew | Role::Planner | Role::ComplaintsOfficer,
                Contacts,
            ) => Nothing,
            (Role::Crew | Role::Planner | Role::ComplaintsOfficer, Handovers) => Nothing,
            // The supervisor's figures: the ContactCenter itself and those who plan.
            (Role::Agent | Role::Planner | Role::Coordinator, ContactFigures) => All,
            (Role::Crew | Role::ComplaintsOfficer, ContactFigures) => Nothing,
            // The planners' map, statistics, exports and annual report (what they show is
            // narrowed further to what the role may `Read`).
            (Role::Planner | Role::Coordinator, Plan) => All,
            (Role::Agent | Role::Crew | Role::ComplaintsOfficer, Plan) => Nothing,
            // Complaints are seen by complaints officers (and admins) only: never by the
            // departments complained about. Agents register those received by phone or mail.
            (Role::ComplaintsOfficer, HandleComplaints | RegisterComplaint | ComplaintFigures) => {
                All
            }
            (Role::Agent, RegisterComplaint) => All,
            (Role::Planner | Role::Coordinator, ComplaintFigures) => All,
            (Role::Agent | Role::Coordinator | Role::Crew | Role::Planner, HandleComplaints) => {
                Nothing
            }
            (Role::Coordinator | Role::Crew | Role::Planner, RegisterComplaint) => Nothing,
            (Role::Agent | Role::Crew, ComplaintFigures) => Nothing,
            (Role::Agent, Read | ReadContact | Search | Intake | Follow) => All,
            (Role::Agent, Triage | FieldWork | Manage) => Nothing,
            (Role::Coordinator, Read | ReadContact | Search | Triage | FieldWork | Follow) => {
                OwnDepartments
            }
            (Role::Coordinator, Intake) => All,
            (Role::Coordinator, Manage) => Nothing,
            (Role::Crew, Read | FieldWork) => OwnDepartments,
            (Role::Crew, Intake) => All,
            (Role::Crew, ReadContact | Search | Triage | Follow | Manage) => Nothing,
            (Role::Planner, Read | Search) => All,
            (Role::Planner, ReadContact | Triage | FieldWork | Intake | Follow | Manage) => Nothing,
            (Role::ComplaintsOfficer, Read | Search) => All,
            (
                Role::ComplaintsOfficer,
                ReadContact | Triage | FieldWork | Intake | Follow | Manage,
            ) => Nothing,
        }
    }

    /// Whether the role works from a crew's work list: it sees the reports assigned to its
    /// teams and registers what it finds in the field, not calls.
    pub fn works_in_teams(self) -> bool {
        match self {
            Role::Crew => true,
            Role::Agent
            | Role::Coordinator
            | Role::Planner
            | Role::ComplaintsOfficer
            | Role::Editor
            | Role::Admin => false,
        }
    }

    /// The channels through which this role registers reports.
    pub fn intake_channels(self) -> &'static [crate::report::domain::Channel] {
        use crate::report::domain::Channel;
        if self.works_in_teams() {
            &[Channel::Field]
        } else {
            &Channel::INTAKE
        }
    }

    /// Where this role starts after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Agent => "/intake",
            Role::Coordinator => "/queue",
            Role::Crew => "/crew",
            Role::Planner => "/planner",
            Role::ComplaintsOfficer => "/complaints",
            Role::Editor => "/knowledge",
            Role::Admin => "/admin",
        }
    }
}

/// Something a staff member does with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// See the report with its internal history.
    Read,
    /// See the reporter's name, e-mail and phone.
    ReadContact,
    /// Find reports by reference, street, reporter's phone or e-mail.
    Search,
    /// Accept, reject, assign, forward, merge, re-route, reopen, internal notes.
    Triage,
    /// Mark in progress or done, with a note and after-photos.
    FieldWork,
    /// Register a report for a caller or found in the field.
    Intake,
    /// Add a caller as follower of an existing report.
    Follow,
    /// Users, departments, categories, teams and partners.
    Manage,
    /// See complaints (with the complainant's details) and handle them.
    HandleComplaints,
    /// Register a complaint received by phone, letter, e-mail or at the counter.
    RegisterComplaint,
    /// The yearly complaint figures (no personal data).
    ComplaintFigures,
    /// The planners' map, statistics, exports and the annual report.
    Plan,
    /// Book appointments for callers, see a service's appointments of the day (with who
    /// comes) and mark who arrived.
    Appointments,
    /// Register the ContactCenter's contacts and look up a caller's earlier contacts.
    Contacts,
    /// See and answer the questions handed over to a department (call-back requests).
    Handovers,
    /// The ContactCenter's figures (no personal data).
    ContactFigures,
    /// Write the knowledge base's articles (every version is kept).
    EditKnowledge,
}

impl Action {
    pub const ALL: [Action; 17] = [
        Action::Read,
        Action::ReadContact,
        Action::Search,
        Action::Triage,
        Action::FieldWork,
        Action::Intake,
        Action::Follow,
        Action::Manage,
        Action::HandleComplaints,
        Action::RegisterComplaint,
        Action::ComplaintFigures,
        Action::Plan,
        Action::Appointments,
        Action::Contacts,
        Action::Handovers,
        Action::ContactFigures,
        Action::EditKnowledge,
    ];
}

/// The reports a role may act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Nothing,
    OwnDepartments,
    All,
}

/// The signed-in staff member.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Codes of the departments the user works for.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Ids of the crew teams the user is in.
    #[serde(default)]
    pub teams: Vec<i64>,
}

impl StaffUser {
    /// Whether the user may do `action` on a report of `department` (`None`: no report yet).
    pub fn may(&self, action: Action, department: Option<&str>) -> bool {
        match self.role.scope(action) {
            Scope::Nothing => false,
            Scope::All => true,
            Scope::OwnDepartments => {
                department.is_none_or(|d| self.departments.iter().any(|own| own == d))
            }
        }
    }

    /// Checks `action` on a report of `department`. A report the user may not read answers
    /// like an unknown one (404); a readable report the user may not change answers 403.
    pub fn check(&self, action: Action, department: &str) -> Result<(), AppError> {
        if !self.may(Action::Read, Some(department)) {
            return Err(AppError::not_found());
        }
        if self.may(action, Some(department)) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    /// Checks an action that is not about one report (search, intake, admin pages).
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.role.scope(action) == Scope::Nothing {
            Err(AppError::forbidden())
        } else {
            Ok(())
        }
    }

    /// The departments whose reports the user may read; `None` means all.
    pub fn readable_departments(&self) -> Option<&[String]> {
        match self.role.scope(Action::Read) {
            Scope::All => None,
            Scope::OwnDepartments | Scope::Nothing => Some(&self.departments),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("root").is_err());
    }

    fn user(role: Role, departments: &[&str]) -> StaffUser {
        StaffUser {
            id: 1,
            email: "x@example.org".into(),
            display_name: "X".into(),
            role,
            departments: departments.iter().map(|d| d.to_string()).collect(),
            teams: vec![],
        }
    }

    #[test]
    fn another_departments_report_is_unknown_and_a_readable_one_may_be_forbidden() {
        let coordinator = user(Role::Coordinator, &["wegen"]);
        assert!(coordinator.check(Action::Triage, "wegen").is_ok());
        assert!(matches!(
            coordinator.check(Action::Triage, "netheid"),
            Err(AppError::NotFound { .. })
        ));
        let crew = user(Role::Crew, &["wegen"]);
        assert!(crew.check(Action::FieldWork, "wegen").is_ok());
        assert!(matches!(
            crew.check(Action::ReadContact, "wegen"),
            Err(AppError::Forbidden { .. })
        ));
        assert!(matches!(
            crew.check(Action::Triage, "wegen"),
            Err(AppError::Forbidden { .. })
        ));
        let planner = user(Role::Planner, &[]);
        assert!(planner.check(Action::Read, "netheid").is_ok());
        assert!(planner.check(Action::ReadContact, "netheid").is_err());
    }

    #[test]
    fn only_admins_manage_and_crews_never_read_contact_data() {
        for role in Role::ALL {
            assert_eq!(
                role.scope(Action::Manage) != Scope::Nothing,
                role == Role::Admin
            );
        }
        assert_eq!(Role::Crew.scope(Action::ReadContact), Scope::Nothing);
        for role in Role::ALL {
            assert_eq!(
                role.scope(Action::HandleComplaints) != Scope::Nothing,
                matches!(role, Role::ComplaintsOfficer | Role::Admin),
                "{role:?}"
            );
        }
        assert_eq!(Role::Planner.scope(Action::ReadContact), Scope::Nothing);
    }
}
