//! Staff accounts: roles and the signed-in user as the app sees them.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Coordinator,
    Crew,
    Planner,
    ComplaintsOfficer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Agent,
        Role::Coordinator,
        Role::Crew,
        Role::Planner,
        Role::ComplaintsOfficer,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Coordinator => "coordinator",
            Role::Crew => "crew",
            Role::Planner => "planner",
            Role::ComplaintsOfficer => "complaints_officer",
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
                    "unknown role (agent, coordinator, crew, planner, complaints_officer, admin)",
                )
            })
    }

    /// Whether this role may change the status of reports.
    pub fn can_change_status(self) -> bool {
        match self {
            Role::Coordinator | Role::Crew | Role::Admin => true,
            Role::Agent | Role::Planner | Role::ComplaintsOfficer => false,
        }
    }
}

/// The signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_only_field_roles_change_status() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::Crew.can_change_status());
        assert!(!Role::Planner.can_change_status());
        assert!(Role::parse("root").is_err());
    }
}
