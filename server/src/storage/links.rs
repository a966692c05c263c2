//! What both stores share for partners' systems and webhooks: the columns a partner is read
//! from (its Open311 endpoint and health with it) and the row readers.

use chrono::{DateTime, Utc};
use meldpunt_app::office::domain::{LinkHealth, Partner};
use meldpunt_app::port::Webhook;

/// A partner's columns, from the table aliased `p`, named for [`partner_from_row`]; spliced
/// into queries with `concat!`.
macro_rules! partner_columns {
    () => {
        "p.partner_id, p.name AS partner_name, p.email AS partner_email, \
         p.open311_endpoint AS partner_endpoint, p.failures AS partner_failures, \
         p.last_error AS partner_last_error, p.last_ok_at AS partner_last_ok_at"
    };
}

/// A partner from `partner_columns!()`; `None` when the row has no partner (a left join).
pub(crate) fn partner_from_row<R: sqlx::Row>(r: &R) -> Option<Partner>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let id: Option<i64> = r.get("partner_id");
    id.map(|id| Partner {
        id,
        name: r.get("partner_name"),
        email: r.get("partner_email"),
        open311_endpoint: r.get("partner_endpoint"),
        health: LinkHealth {
            failures: r.get("partner_failures"),
            last_error: r.get("partner_last_error"),
            last_ok_at: r.get("partner_last_ok_at"),
        },
    })
}

pub(crate) const WEBHOOK_COLUMNS: &str =
    "w.webhook_id, w.name, w.url, w.secret, w.created_at, w.revoked_at, w.failures, w.last_error, w.last_ok_at";

pub(crate) fn webhook_from_row<R: sqlx::Row>(r: &R) -> Webhook
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Webhook {
        id: r.get("webhook_id"),
        name: r.get("name"),
        url: r.get("url"),
        secret: r.get("secret"),
        created_at: r.get("created_at"),
        revoked_at: r.get("revoked_at"),
        health: LinkHealth {
            failures: r.get("failures"),
            last_error: r.get("last_error"),
            last_ok_at: r.get("last_ok_at"),
        },
    }
}

/// Our category codes and the partner's service codes, as stored.
pub(crate) fn services_from_rows<R: sqlx::Row>(rows: &[R]) -> Vec<(String, String)>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    rows.iter().map(|r| (r.get(0), r.get(1))).collect()
}

/// Errors as kept for an admin: at most 500 characters (a mail server's answer or a
/// partner's page of HTML can be long).
pub(crate) fn short_error(error: &str) -> String {
    error.chars().take(500).collect()
}
