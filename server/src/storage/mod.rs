//! Storage adapters behind the ports of `meldpunt_app::port`. Only this module knows SQL.
//! Two backends implement every port: `sqlite` (embedded, the default) and `postgres`
//! (PostgreSQL with PostGIS, for several instances on one database). [`open`] picks one by
//! the database URL; what the server needs beyond the ports is [`Backend`].

mod backend;
pub mod copy;
pub mod photos;
pub mod postgres;
pub mod sqlite;
#[cfg(test)]
mod tests;

pub use backend::{is_postgres, open, Backend, GeneratedReport, Tampering};

use meldpunt_app::error::AppError;
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::report::domain::ReportStatus;

/// Maps database errors onto the wire error: named unique constraints become conflicts, the
/// rest is internal (and logged).
pub(crate) fn db_error(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::RowNotFound => AppError::not_found(),
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            // SQLite names the column, PostgreSQL the constraint.
            if d.message().contains("app_user.email")
                || d.constraint() == Some("app_user_email_unique")
            {
                AppError::conflict("a user with this e-mail already exists")
            } else {
                AppError::internal(&e)
            }
        }
        _ => AppError::internal(&e),
    }
}

/// SQL list of the open statuses, from the one definition in the domain.
fn open_status_list() -> String {
    ReportStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The distinct three-character pieces of a text, sorted: what street search matches on.
fn trigrams(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut grams: Vec<String> = chars
        .windows(3)
        .map(|w| w.iter().collect::<String>())
        .collect();
    grams.sort();
    grams.dedup();
    grams
}

/// How long idempotency keys and change receipts are kept for replays.
const IDEMPOTENCY_DAYS: i64 = 30;

/// Names stored as a JSON object from language code to name. A language the program does not
/// know (a row from a newer version) is skipped; one without a row stays empty.
fn names_from_json(json: Option<&str>) -> Names {
    let by_code: std::collections::HashMap<String, String> =
        serde_json::from_str(json.unwrap_or("{}")).unwrap_or_default();
    Names::new(|lang| by_code.get(lang.code()).cloned().unwrap_or_default())
}

fn lang_from_db(s: &str) -> Lang {
    Lang::from_code(s).unwrap_or_default()
}

fn status_from_db(s: &str) -> Result<ReportStatus, AppError> {
    ReportStatus::parse(s)
        .map_err(|_| AppError::internal(format!("unknown status in database: {s}")))
}

/// Reads a stored code back; a code the domain does not know is a broken database.
fn code<T>(parse: fn(&str) -> Result<T, AppError>, s: &str) -> Result<T, AppError> {
    parse(s).map_err(|_| AppError::internal(format!("unknown code in database: {s}")))
}

fn opt_code<T>(
    parse: fn(&str) -> Result<T, AppError>,
    s: Option<String>,
) -> Result<Option<T>, AppError> {
    s.map(|s| code(parse, &s)).transpose()
}

/// The tables a backup or a data migration counts: what people made.
const COUNTED: [&str; 10] = [
    "report",
    "photo",
    "status_history",
    "complaint",
    "complaint_file",
    "complaint_event",
    "app_user",
    "outbox",
    "change_receipt",
    "address",
];
