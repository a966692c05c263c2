//! Storage adapters behind the ports of `meldpunt_app::port`. Only this module knows SQL.

pub mod photos;
pub mod sqlite;

use meldpunt_app::error::AppError;

/// Maps database errors onto the wire error: named unique constraints become conflicts, the
/// rest is internal (and logged).
pub(crate) fn db_error(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::RowNotFound => AppError::not_found(),
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            if d.message().contains("app_user.email") {
                AppError::conflict("a user with this e-mail already exists")
            } else {
                AppError::internal(&e)
            }
        }
        _ => AppError::internal(&e),
    }
}
