//! Appointments in SQLite: services, their openings, closing days and types, and bookings.
//! One writer at a time (`BEGIN IMMEDIATE`) is what keeps two bookings from sharing a place.

use super::{db_error, insert_mail, save_names, SqliteStore};
use crate::storage::appointments::{
    appointment_ref, assemble_services, booking_from_row, booking_select, clock, holding_statuses,
    weekday_number,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use meldpunt_app::appointment::domain::{AppointmentStatus, AppointmentType, CityService};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{
    AppointmentStore, Booked, BookingRecord, NewBooking, OutgoingMail, ServiceInput,
};
use meldpunt_app::text::phone_digits;
use sqlx::Row;

pub(super) fn names(table: &str, id: &str, alias: &str) -> String {
    format!("(SELECT json_group_object(n.lang, n.name) FROM {table} n WHERE n.{id} = {alias}.{id})")
}

async fn service_id(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    code: &str,
) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT service_id FROM service WHERE code = ?")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::validation("service", "unknown service"))
}

#[async_trait]
impl AppointmentStore for SqliteStore {
    async fn services(&self) -> Result<Vec<CityService>, AppError> {
        let services = sqlx::query_as(&format!(
            "SELECT s.service_id, s.code, s.horizon_days, s.active, {} FROM service s",
            names("service_name", "service_id", "s")
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let openings = sqlx::query_as(
            "SELECT service_id, weekday, opens, closes FROM service_opening ORDER BY weekday, opens",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let closings = sqlx::query_as("SELECT service_id, day FROM service_closing")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let types = sqlx::query_as(&format!(
            "SELECT t.type_id, t.code, t.service_id, t.minutes, t.places, t.active, {}
             FROM appointment_type t ORDER BY t.type_id",
            names("appointment_type_name", "type_id", "t")
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        assemble_services(services, openings, closings, types)
    }

    async fn save_service(&self, s: &ServiceInput) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO service (code, horizon_days, active) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET horizon_days = ?2, active = ?3
             RETURNING service_id",
        )
        .bind(&s.code)
        .bind(i64::from(s.horizon_days))
        .bind(s.active)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        save_names(&mut tx, "service_name", "service_id", id, &s.names).await?;
        sqlx::query("DELETE FROM service_opening WHERE service_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for o in &s.openings {
            sqlx::query(
                "INSERT INTO service_opening (service_id, weekday, opens, closes) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(weekday_number(o.weekday))
            .bind(clock(o.from))
            .bind(clock(o.to))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn save_appointment_type(&self, t: &AppointmentType) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let service = service_id(&mut tx, &t.service).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO appointment_type (code, service_id, minutes, places, active)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (code) DO UPDATE SET service_id = ?2, minutes = ?3, places = ?4, active = ?5
             RETURNING type_id",
        )
        .bind(&t.code)
        .bind(service)
        .bind(i64::from(t.shape.minutes))
        .bind(i64::from(t.shape.places))
        .bind(t.active)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        save_names(&mut tx, "appointment_type_name", "type_id", id, &t.names).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn add_closing_day(
        &self,
        service: &str,
        day: NaiveDate,
        label: &str,
    ) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let id = service_id(&mut tx, service).await?;
        sqlx::query(
            "INSERT INTO service_closing (service_id, day, label) VALUES (?1, ?2, ?3)
             ON CONFLICT (service_id, day) DO UPDATE SET label = ?3",
        )
        .bind(id)
        .bind(day)
        .bind(label)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn taken_places(
        &self,
        type_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, u32)>, AppError> {
        let rows: Vec<(DateTime<Utc>, i64)> = sqlx::query_as(&format!(
            "SELECT starts_at, COUNT(*) FROM appointment
             WHERE type_id = ? AND starts_at >= ? AND starts_at < ? AND status IN ({})
             GROUP BY starts_at",
            holding_statuses()
        ))
        .bind(type_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(at, n)| (at, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    async fn book(&self, new: &NewBooking, now: DateTime<Utc>) -> Result<Booked, AppError> {
        let mut tx = self.write_tx().await?;
        if let Some(idem) = &new.idempotency {
            let seen = sqlx::query(
                "SELECT ref, request_hash, sealed_token FROM appointment WHERE idem_key_hash = ?",
            )
            .bind(&idem.key_hash)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
            if let Some(seen) = seen {
                let same = seen.get::<Option<String>, _>("request_hash").as_deref()
                    == Some(idem.request_hash.as_str());
                return Ok(if same {
                    Booked::Replayed {
                        reference: seen.get("ref"),
                        sealed_token: seen
                            .get::<Option<String>, _>("sealed_token")
                            .unwrap_or_default(),
                    }
                } else {
                    Booked::KeyReused
                });
            }
        }
        if let Some(old) = new.replaces {
            let moved = sqlx::query(
                "UPDATE appointment SET status = 'moved', updated_at = ? WHERE appointment_id = ? AND status = 'booked'",
            )
            .bind(now)
            .bind(old)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            if moved.rows_affected() == 0 {
                return Ok(Booked::NotMovable);
            }
        }
        let taken: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM appointment WHERE type_id = ? AND starts_at = ? AND status IN ({})",
            holding_statuses()
        ))
        .bind(new.type_id)
        .bind(new.slot.start)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        if taken >= i64::from(new.slot.places) {
            return Ok(Booked::Taken);
        }
        if let Some(email) = &new.booking.email {
            let twice: Option<i64> = sqlx::query_scalar(&format!(
                "SELECT appointment_id FROM appointment
                 WHERE type_id = ? AND starts_at = ? AND email = ? AND status IN ({})",
                holding_statuses()
            ))
            .bind(new.type_id)
            .bind(new.slot.start)
            .bind(email)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
            if twice.is_some() {
                return Ok(Booked::AlreadyBooked);
            }
        }
        let (key_hash, request_hash, sealed) = match &new.idempotency {
            Some(i) => (
                Some(&i.key_hash),
                Some(&i.request_hash),
                Some(&i.sealed_token),
            ),
            None => (None, None, None),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO appointment (ref, type_id, starts_at, ends_at, status, channel, name, email,
                 phone, lang, manage_token_hash, idem_key_hash, request_hash, sealed_token,
                 created_by, created_at, updated_at, phone_digits)
             VALUES (?1, ?2, ?3, ?4, 'booked', ?5, ?6, ?7, ?8, ?9, ?1, ?10, ?11, ?12, ?13, ?14, ?14, ?15)
             RETURNING appointment_id",
        )
        .bind(&new.token_hash)
        .bind(new.type_id)
        .bind(new.slot.start)
        .bind(new.slot.end)
        .bind(&new.channel)
        .bind(&new.booking.name)
        .bind(&new.booking.email)
        .bind(&new.booking.phone)
        .bind(new.booking.lang.code())
        .bind(key_hash)
        .bind(request_hash)
        .bind(sealed)
        .bind(new.created_by)
        .bind(now)
        .bind(new.booking.phone.as_deref().map(phone_digits))
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let reference = appointment_ref(id);
        sqlx::query("UPDATE appointment SET ref = ? WHERE appointment_id = ?")
            .bind(&reference)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if let Some(mail) = &new.mail {
            insert_mail(&mut *tx, None, &mail(&reference), now).await?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(Booked::Created { id, reference })
    }

    async fn booking_by_token(&self, token_hash: &str) -> Result<Option<BookingRecord>, AppError> {
        let row = sqlx::query(&format!(
            "{} WHERE a.manage_token_hash = ?",
            booking_select(names)
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.as_ref().map(booking_from_row).transpose()
    }

    async fn booking(&self, reference: &str) -> Result<Option<BookingRecord>, AppError> {
        let row = sqlx::query(&format!("{} WHERE a.ref = ?", booking_select(names)))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(booking_from_row).transpose()
    }

    async fn cancel_booking(
        &self,
        id: i64,
        mail: Option<&OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE appointment SET status = 'cancelled', updated_at = ? WHERE appointment_id = ? AND status = 'booked'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(mail) = mail {
            insert_mail(&mut *tx, None, mail, now).await?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(true)
    }

    async fn bookings_between(
        &self,
        service: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BookingRecord>, AppError> {
        let rows = sqlx::query(&format!(
            "{} WHERE s.code = ? AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.appointment_id",
            booking_select(names)
        ))
        .bind(service)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(booking_from_row).collect()
    }

    async fn set_attendance(
        &self,
        id: i64,
        status: AppointmentStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let done = sqlx::query(&format!(
            "UPDATE appointment SET status = ?, updated_at = ? WHERE appointment_id = ? AND status IN ({})",
            holding_statuses()
        ))
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<BookingRecord>, AppError> {
        let rows = sqlx::query(&format!(
            "{} WHERE a.status = 'booked' AND a.reminded_at IS NULL AND a.email IS NOT NULL
               AND a.starts_at > ? AND a.starts_at <= ?
             ORDER BY a.starts_at LIMIT 500",
            booking_select(names)
        ))
        .bind(now)
        .bind(until)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(booking_from_row).collect()
    }

    async fn remind(
        &self,
        id: i64,
        mail: Option<&OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE appointment SET reminded_at = ? WHERE appointment_id = ? AND reminded_at IS NULL AND status = 'booked'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(mail) = mail {
            insert_mail(&mut *tx, None, mail, now).await?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(true)
    }

    async fn erase_booking_contacts(
        &self,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, AppError> {
        let done = sqlx::query(
            "UPDATE appointment SET name = NULL, email = NULL, phone = NULL, phone_digits = NULL, erased_at = ?
             WHERE starts_at < ? AND erased_at IS NULL",
        )
        .bind(now)
        .bind(before)
        .execute(&self.writer)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn appointment_tally(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<meldpunt_app::contact::figures::AppointmentTally>, AppError> {
        let rows =
            crate::storage::contacts::appointment_tally_query(super::contacts::epoch, from, to)
                .build_query_as()
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        crate::storage::contacts::appointment_tally_from_rows(rows)
    }
}
