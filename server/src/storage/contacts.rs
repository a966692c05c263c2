//! What both stores share for the contact register: reading contact and hand-over rows.

use super::{code, db_error, names_from_json, PHONE_DIGITS_SQL};
use chrono::{DateTime, Utc};
use meldpunt_app::contact::domain::{
    ContactChannel, ContactRecord, HandoverRecord, Outcome, Topic, TrailItem, TrailKind,
};
use meldpunt_app::contact::figures::{
    AppointmentTally, ContactTally, HandoverFigures, HandoverState,
};
use meldpunt_app::error::AppError;

/// A topic row: code, group, active, names (JSON).
pub(super) type TopicRow = (String, Option<String>, bool, Option<String>);

pub(super) fn topic_from_row((code, group, active, names): TopicRow) -> Topic {
    Topic {
        code,
        group,
        names: names_from_json(names.as_deref()),
        active,
    }
}

/// The query [`contact_from_row`] reads, with the store's expression for names as JSON.
pub(super) fn contact_select(names: fn(&str, &str, &str) -> String) -> String {
    format!(
        "SELECT c.contact_id, t.code, c.channel, c.outcome, c.summary, c.caller_name,
            c.caller_phone, c.caller_email, c.started_at, c.duration_seconds, u.display_name,
            c.report_ref, c.complaint_ref, c.appointment_ref, {}
         FROM contact c JOIN contact_topic t ON t.topic_id = c.topic_id
         LEFT JOIN app_user u ON u.user_id = c.created_by",
        names("contact_topic_name", "topic_id", "t"),
    )
}

pub(super) fn contact_from_row<R>(r: &R) -> Result<ContactRecord, AppError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let text = |i: usize| -> Result<String, AppError> { r.try_get(i).map_err(db_error) };
    let opt = |i: usize| -> Result<Option<String>, AppError> { r.try_get(i).map_err(db_error) };
    Ok(ContactRecord {
        id: r.try_get(0).map_err(db_error)?,
        topic: text(1)?,
        topic_names: names_from_json(opt(14)?.as_deref()),
        channel: code(ContactChannel::parse, &text(2)?)?,
        outcome: code(Outcome::parse, &text(3)?)?,
        summary: text(4)?,
        caller_name: opt(5)?,
        caller_phone: opt(6)?,
        caller_email: opt(7)?,
        started_at: r.try_get(8).map_err(db_error)?,
        duration_seconds: r.try_get(9).map_err(db_error)?,
        agent: opt(10)?,
        report_ref: opt(11)?,
        complaint_ref: opt(12)?,
        appointment_ref: opt(13)?,
    })
}

/// The query [`handover_from_row`] reads, with the store's expression for names as JSON.
pub(super) fn handover_select(names: fn(&str, &str, &str) -> String) -> String {
    format!(
        "SELECT h.handover_id, d.code, h.due_at, c.summary, t.code, c.caller_name,
            c.caller_phone, c.caller_email, h.created_at, h.answer, h.answered_at, {}, {}
         FROM handover h JOIN contact c ON c.contact_id = h.contact_id
         JOIN contact_topic t ON t.topic_id = c.topic_id
         JOIN department d ON d.department_id = h.department_id",
        names("contact_topic_name", "topic_id", "t"),
        names("department_name", "department_id", "d"),
    )
}

pub(super) fn handover_from_row<R>(r: &R) -> Result<HandoverRecord, AppError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<DateTime<Utc>>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let opt = |i: usize| -> Result<Option<String>, AppError> { r.try_get(i).map_err(db_error) };
    Ok(HandoverRecord {
        id: r.try_get(0).map_err(db_error)?,
        department: r.try_get(1).map_err(db_error)?,
        due_at: r.try_get(2).map_err(db_error)?,
        question: r.try_get(3).map_err(db_error)?,
        topic: r.try_get(4).map_err(db_error)?,
        caller_name: opt(5)?,
        caller_phone: opt(6)?,
        caller_email: opt(7)?,
        created_at: r.try_get(8).map_err(db_error)?,
        answer: opt(9)?,
        answered_at: r.try_get(10).map_err(db_error)?,
        topic_names: names_from_json(opt(11)?.as_deref()),
        department_names: names_from_json(opt(12)?.as_deref()),
    })
}

/// A moment from Unix seconds.
pub(super) fn moment(seconds: i64) -> Result<DateTime<Utc>, AppError> {
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| AppError::internal(format!("a moment out of range in database: {seconds}")))
}

/// A caller's complaints and appointments, newest 20 of each: the query both stores run (the
/// builder writes each database's placeholders). `phone_tail` is the last digits of a phone
/// number, so `011 70 17 00` and `+32 11 70 17 00` find each other.
pub(super) fn trail_query<'a, DB>(
    phone_tail: Option<&str>,
    email: Option<&str>,
) -> sqlx::QueryBuilder<'a, DB>
where
    DB: sqlx::Database,
    Option<String>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let email = email.map(str::to_lowercase);
    let pattern = phone_tail.map(|t| format!("%{t}"));
    let mut q = sqlx::QueryBuilder::new(
        "SELECT kind, reference, at, status, what FROM (
           SELECT 'complaint' AS kind, c.ref AS reference, c.created_at AS at, c.status AS status,
                  COALESCE(d.code, '') AS what
           FROM complaint c LEFT JOIN department d ON d.department_id = c.department_id
           WHERE lower(c.contact_email) = ",
    );
    q.push_bind(email.clone()).push(" OR ");
    q.push(PHONE_DIGITS_SQL.replace("{col}", "c.contact_phone"))
        .push(" LIKE ")
        .push_bind(pattern.clone());
    q.push(
        " ORDER BY c.created_at DESC LIMIT 20) complaints
         UNION ALL
         SELECT kind, reference, at, status, what FROM (
           SELECT 'appointment' AS kind, a.ref AS reference, a.starts_at AS at, a.status AS status,
                  t.code AS what
           FROM appointment a JOIN appointment_type t ON t.type_id = a.type_id
           WHERE lower(a.email) = ",
    );
    q.push_bind(email).push(" OR a.phone_digits LIKE ");
    q.push_bind(pattern);
    q.push(" ORDER BY a.starts_at DESC LIMIT 20) appointments");
    q
}

pub(super) fn trail_from_row<R>(r: &R) -> Result<TrailItem, AppError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let text = |i: usize| -> Result<String, AppError> { r.try_get(i).map_err(db_error) };
    Ok(TrailItem {
        kind: code(TrailKind::parse, &text(0)?)?,
        reference: text(1)?,
        at: r.try_get(2).map_err(db_error)?,
        status: text(3)?,
        what: text(4)?,
    })
}

/// Unix seconds of a column, in a store's SQL (whole seconds, rounded down).
pub(super) type Epoch = fn(&str) -> String;

/// Contacts and their summed duration per UTC hour, in `[from, to)`: `(hour, count, seconds)`.
pub(super) fn contact_hours_query<'a, DB>(
    epoch: Epoch,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::QueryBuilder<'a, DB>
where
    DB: sqlx::Database,
    DateTime<Utc>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut q = sqlx::QueryBuilder::new(format!(
        "SELECT {} / 3600 * 3600 AS hour, count(*), CAST(sum(c.duration_seconds) AS bigint)
         FROM contact c WHERE c.started_at >= ",
        epoch("c.started_at")
    ));
    q.push_bind(from).push(" AND c.started_at < ").push_bind(to);
    q.push(" GROUP BY hour");
    q
}

/// Contacts per topic, channel and outcome in `[from, to)`.
pub(super) fn contact_kinds_query<'a, DB>(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::QueryBuilder<'a, DB>
where
    DB: sqlx::Database,
    DateTime<Utc>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut q = sqlx::QueryBuilder::new(
        "SELECT t.code, c.channel, c.outcome, count(*)
         FROM contact c JOIN contact_topic t ON t.topic_id = c.topic_id
         WHERE c.started_at >= ",
    );
    q.push_bind(from).push(" AND c.started_at < ").push_bind(to);
    q.push(" GROUP BY t.code, c.channel, c.outcome");
    q
}

/// The hand-overs of the contacts in `[from, to)` per state as of `now` (the states of
/// [`HandoverState`]). Read from the hand-overs to their contacts (SQLite keeps the order of
/// a CROSS JOIN): a sixth of the rows the other way round.
pub(super) fn handover_states_query<'a, DB>(
    epoch: Epoch,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> sqlx::QueryBuilder<'a, DB>
where
    DB: sqlx::Database,
    DateTime<Utc>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let (due, answered) = (epoch("h.due_at"), epoch("h.answered_at"));
    let mut q = sqlx::QueryBuilder::new(format!(
        "SELECT CASE WHEN h.answered_at IS NULL THEN
                  CASE WHEN {due} < "
    ));
    q.push_bind(now.timestamp());
    q.push(format!(
        " THEN 'overdue' ELSE 'open' END
                WHEN {answered} <= {due} THEN 'on_time' ELSE 'late' END AS state, count(*)
         FROM handover h CROSS JOIN contact c
         WHERE c.contact_id = h.contact_id AND c.started_at >= "
    ));
    q.push_bind(from).push(" AND c.started_at < ").push_bind(to);
    q.push(" GROUP BY state");
    q
}

/// The tally from the rows of the three queries above.
pub(super) fn contact_tally_from_rows(
    hours: Vec<(i64, i64, i64)>,
    kinds: Vec<(String, String, String, i64)>,
    states: Vec<(String, i64)>,
) -> Result<ContactTally, AppError> {
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    let mut handovers = HandoverFigures::default();
    for (state, n) in states {
        handovers.count(code(HandoverState::parse, &state)?, count(n));
    }
    Ok(ContactTally {
        hours: hours
            .into_iter()
            .map(|(hour, n, seconds)| Ok((moment(hour)?, count(n), seconds)))
            .collect::<Result<_, AppError>>()?,
        kinds: kinds
            .into_iter()
            .map(|(topic, channel, outcome, n)| {
                Ok((
                    topic,
                    code(ContactChannel::parse, &channel)?,
                    code(Outcome::parse, &outcome)?,
                    count(n),
                ))
            })
            .collect::<Result<_, AppError>>()?,
        handovers,
    })
}

/// Appointments per service and status starting in `[from, to)`: `(service, status, count,
/// summed seconds between booking and appointment)`.
pub(super) fn appointment_tally_query<'a, DB>(
    epoch: Epoch,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::QueryBuilder<'a, DB>
where
    DB: sqlx::Database,
    DateTime<Utc>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut q = sqlx::QueryBuilder::new(format!(
        "SELECT s.code, a.status, count(*), CAST(sum({} - {}) AS bigint)
         FROM appointment a JOIN appointment_type t ON t.type_id = a.type_id
         JOIN service s ON s.service_id = t.service_id
         WHERE a.starts_at >= ",
        epoch("a.starts_at"),
        epoch("a.created_at")
    ));
    q.push_bind(from).push(" AND a.starts_at < ").push_bind(to);
    q.push(" GROUP BY s.code, a.status");
    q
}

pub(super) fn appointment_tally_from_rows(
    rows: Vec<(String, String, i64, i64)>,
) -> Result<Vec<AppointmentTally>, AppError> {
    rows.into_iter()
        .map(|(service, status, n, lead_seconds)| {
            Ok(AppointmentTally {
                service,
                status: code(
                    meldpunt_app::appointment::domain::AppointmentStatus::parse,
                    &status,
                )?,
                count: u64::try_from(n).unwrap_or_default(),
                lead_seconds,
            })
        })
        .collect()
}
