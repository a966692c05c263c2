//! What both stores share for appointments: assembling services from their rows, reading a
//! booking row, and which statuses hold a place.

use super::{code, db_error, lang_from_db, names_from_json};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use meldpunt_app::appointment::domain::{
    AppointmentStatus, AppointmentType, CityService, Opening, Schedule, SlotShape,
};
use meldpunt_app::error::AppError;
use meldpunt_app::port::BookingRecord;
use std::collections::BTreeMap;

/// The statuses that hold a place, as an SQL list: `'booked', 'arrived', 'no_show'`.
pub(super) fn holding_statuses() -> String {
    AppointmentStatus::ALL
        .into_iter()
        .filter(|s| s.holds_place())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A service row: id, code, horizon in days, active, names (JSON).
pub(super) type ServiceRow = (i64, String, i64, bool, Option<String>);
/// An opening row: service id, ISO weekday, opens and closes (`HH:MM`).
pub(super) type OpeningRow = (i64, i64, String, String);
/// A type row: id, code, service id, minutes, places, active, names (JSON).
pub(super) type TypeRow = (i64, String, i64, i64, i64, bool, Option<String>);

/// An opening time as stored: `09:00`.
pub(super) fn clock(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn read_clock(s: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|_| AppError::internal(format!("unknown opening time in database: {s}")))
}

/// ISO weekday number: Monday 1 … Sunday 7.
pub(super) fn weekday_number(d: Weekday) -> i64 {
    i64::from(d.number_from_monday())
}

fn weekday_from(n: i64) -> Result<Weekday, AppError> {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .find(|d| weekday_number(*d) == n)
    .ok_or_else(|| AppError::internal(format!("unknown weekday in database: {n}")))
}

fn count(n: i64) -> Result<u32, AppError> {
    u32::try_from(n).map_err(|_| AppError::internal(format!("a negative count in database: {n}")))
}

/// The services with their schedules and types, by code.
pub(super) fn assemble_services(
    services: Vec<ServiceRow>,
    openings: Vec<OpeningRow>,
    closings: Vec<(i64, NaiveDate)>,
    types: Vec<TypeRow>,
) -> Result<Vec<CityService>, AppError> {
    let mut by_id: BTreeMap<i64, CityService> = BTreeMap::new();
    for (id, code, horizon, active, names) in services {
        let service = CityService {
            code,
            names: names_from_json(names.as_deref()),
            schedule: Schedule {
                openings: Vec::new(),
                closed_on: Default::default(),
                horizon_days: count(horizon)?,
            },
            active,
            types: Vec::new(),
        };
        by_id.insert(id, service);
    }
    for (id, weekday, opens, closes) in openings {
        let opening = Opening {
            weekday: weekday_from(weekday)?,
            from: read_clock(&opens)?,
            to: read_clock(&closes)?,
        };
        if let Some(s) = by_id.get_mut(&id) {
            s.schedule.openings.push(opening);
        }
    }
    for (id, day) in closings {
        if let Some(s) = by_id.get_mut(&id) {
            s.schedule.closed_on.insert(day);
        }
    }
    for (id, type_code, service_id, minutes, places, active, names) in types {
        let Some(s) = by_id.get_mut(&service_id) else {
            return Err(AppError::internal(format!(
                "appointment type {type_code} of an unknown service"
            )));
        };
        s.types.push(AppointmentType {
            id,
            code: type_code,
            service: s.code.clone(),
            names: names_from_json(names.as_deref()),
            shape: SlotShape {
                minutes: count(minutes)?,
                places: count(places)?,
            },
            active,
        });
    }
    let mut all: Vec<CityService> = by_id.into_values().collect();
    all.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(all)
}

/// A booking from the columns both stores select for one, in this order: id, ref, type code,
/// type names, service code, service names, starts_at, ends_at, status, channel, name,
/// email, phone, lang, created_at.
pub(super) fn booking_from_row<R>(r: &R) -> Result<BookingRecord, AppError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let text = |i: usize| -> Result<String, AppError> { r.try_get(i).map_err(db_error) };
    let names = |i: usize| -> Result<_, AppError> {
        let json: Option<String> = r.try_get(i).map_err(db_error)?;
        Ok(names_from_json(json.as_deref()))
    };
    Ok(BookingRecord {
        id: r.try_get(0).map_err(db_error)?,
        reference: text(1)?,
        type_code: text(2)?,
        type_names: names(3)?,
        service_code: text(4)?,
        service_names: names(5)?,
        start: r.try_get(6).map_err(db_error)?,
        end: r.try_get(7).map_err(db_error)?,
        status: code(AppointmentStatus::parse, &text(8)?)?,
        channel: text(9)?,
        name: r.try_get(10).map_err(db_error)?,
        email: r.try_get(11).map_err(db_error)?,
        phone: r.try_get(12).map_err(db_error)?,
        lang: lang_from_db(&text(13)?),
        created_at: r.try_get(14).map_err(db_error)?,
    })
}

/// The columns [`booking_from_row`] reads, with `names` the SQL of a JSON object of names
/// (`names("appointment_type_name", "type_id", "t")`).
pub(super) fn booking_select(names: fn(&str, &str, &str) -> String) -> String {
    format!(
        "SELECT a.appointment_id, a.ref, t.code, {}, s.code, {}, a.starts_at, a.ends_at,
                a.status, a.channel, a.name, a.email, a.phone, a.lang, a.created_at
         FROM appointment a
         JOIN appointment_type t ON t.type_id = a.type_id
         JOIN service s ON s.service_id = t.service_id",
        names("appointment_type_name", "type_id", "t"),
        names("service_name", "service_id", "s"),
    )
}

/// The reference of booking `id`: `A-000042`.
pub(super) fn appointment_ref(id: i64) -> String {
    format!("A-{id:06}")
}
