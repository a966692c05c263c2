//! Storage adapters behind the ports of `meldpunt_app::port`. Only this module knows SQL.
//! Two backends implement every port: `sqlite` (embedded, the default) and `postgres`
//! (PostgreSQL with PostGIS, for several instances on one database). [`open`] picks one by
//! the database URL; what the server needs beyond the ports is [`Backend`].

mod appointments;
mod backend;
pub(crate) mod contacts;
pub mod copy;
mod knowledge;
#[macro_use]
mod links;
mod migrations;
mod open311;
mod personal;
pub mod photos;
pub mod postgres;
mod questions;
pub mod sqlite;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_appointments;
#[cfg(test)]
mod tests_contacts;
#[cfg(test)]
mod tests_links;
#[cfg(test)]
mod tests_questions;

pub use backend::{is_postgres, open, test_hooks, Backend, GeneratedReport, Tampering, TestHooks};

use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::report::domain::{ReportStatus, ReportSummary};

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

/// How both stores read API keys (the key itself is never stored, only its hash).
pub(crate) const API_KEY_SELECT: &str =
    "SELECT api_key_id, name, created_at, revoked_at, last_used_at FROM api_key";

pub(crate) fn api_key_from_row<R: sqlx::Row>(r: &R) -> meldpunt_app::port::ApiKeyRecord
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    meldpunt_app::port::ApiKeyRecord {
        id: r.get("api_key_id"),
        name: r.get("name"),
        created_at: r.get("created_at"),
        revoked_at: r.get("revoked_at"),
        last_used_at: r.get("last_used_at"),
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
/// A report summary from the columns both stores select for one, in this order: ref,
/// category code, lat, lon, address, description, status, created_at, address_near.
fn summary_from_row<R>(r: &R) -> Result<ReportSummary, AppError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> f64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let status: String = r.try_get(6).map_err(db_error)?;
    Ok(ReportSummary {
        reference: r.try_get(0).map_err(db_error)?,
        category: r.try_get(1).map_err(db_error)?,
        lat: r.try_get(2).map_err(db_error)?,
        lon: r.try_get(3).map_err(db_error)?,
        address: r.try_get(4).map_err(db_error)?,
        address_near: r.try_get(8).map_err(db_error)?,
        description: r.try_get(5).map_err(db_error)?,
        status: status_from_db(&status)?,
        created_at: r.try_get(7).map_err(db_error)?,
        district: r.try_get(9).map_err(db_error)?,
        distance_m: None,
    })
}

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

/// The digits of a phone column, in SQL (spaces, dots, slashes, dashes and brackets removed).
const PHONE_DIGITS_SQL: &str =
    "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE({col}, ' ', ''), '.', ''), '/', ''), '-', ''), '(', ''), ')', ''), '+', '')";

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
