//! The Open311 list's query, the same text on both stores (the query builder writes each
//! store's placeholders).

use super::open_status_list;
use chrono::{DateTime, Utc};
use meldpunt_app::port::{RequestQuery, StatusFilter};
use sqlx::{Database, Encode, QueryBuilder, Type};

/// References of visible reports matching `q`, newest first; `visible` is the store's way of
/// saying "not hidden".
pub(crate) fn references_query<'a, DB: Database>(
    q: &'a RequestQuery,
    visible: &str,
) -> QueryBuilder<'a, DB>
where
    &'a str: Encode<'a, DB> + Type<DB>,
    DateTime<Utc>: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
{
    let mut b = QueryBuilder::new(
        "SELECT r.ref FROM report r JOIN category c ON c.category_id = r.category_id WHERE ",
    );
    b.push(visible);
    if !q.references.is_empty() {
        b.push(" AND r.ref IN (");
        let mut list = b.separated(", ");
        for r in &q.references {
            list.push_bind(r.as_str());
        }
        b.push(")");
    }
    if !q.categories.is_empty() {
        b.push(" AND c.code IN (");
        let mut list = b.separated(", ");
        for c in &q.categories {
            list.push_bind(c.as_str());
        }
        b.push(")");
    }
    if let Some(from) = q.from {
        b.push(" AND r.created_at >= ").push_bind(from);
    }
    if let Some(to) = q.to {
        b.push(" AND r.created_at <= ").push_bind(to);
    }
    match q.status {
        StatusFilter::All => {}
        StatusFilter::Open => {
            b.push(format!(" AND r.status IN ({})", open_status_list()));
        }
        StatusFilter::Closed => {
            b.push(format!(" AND r.status NOT IN ({})", open_status_list()));
        }
    }
    b.push(" ORDER BY r.created_at DESC, r.report_id DESC LIMIT ")
        .push_bind(i64::from(q.limit));
    b
}
