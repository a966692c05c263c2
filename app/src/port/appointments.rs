//! Appointments: services with their schedules and appointment types, and bookings. Slots
//! are computed from the schedule ([`crate::appointment::domain`]); only bookings are stored.

use super::{OutgoingMail, StoredIdempotency};
use crate::appointment::domain::{
    AppointmentStatus, AppointmentType, CityService, Opening, Slot, ValidBooking,
};
use crate::error::AppError;
use crate::i18n::{Lang, Names};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// A service to add or change (by its code), with its weekly openings (which replace the
/// old ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInput {
    pub code: String,
    pub names: Names,
    pub horizon_days: u32,
    pub openings: Vec<Opening>,
    pub active: bool,
}

/// Makes a mail about a booking once the store has given it its reference.
pub type MailFor = std::sync::Arc<dyn Fn(&str) -> OutgoingMail + Send + Sync>;

/// A booking to store: one place of `slot` of the type `type_id`.
#[derive(Clone)]
pub struct NewBooking {
    pub type_id: i64,
    pub slot: Slot,
    pub booking: ValidBooking,
    /// SHA-256 of the private link's token.
    pub token_hash: String,
    /// `web` (a citizen), or the channel an agent took the call on.
    pub channel: String,
    pub created_by: Option<i64>,
    pub idempotency: Option<StoredIdempotency>,
    /// The booking this one moves (it becomes `moved` in the same transaction).
    pub replaces: Option<i64>,
    /// The confirmation, made with the reference and queued in the same transaction.
    pub mail: Option<MailFor>,
}

impl std::fmt::Debug for NewBooking {
    // Names, addresses and phone numbers stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewBooking")
            .field("type_id", &self.type_id)
            .field("slot", &self.slot)
            .field("channel", &self.channel)
            .field("replaces", &self.replaces)
            .finish_non_exhaustive()
    }
}

/// What storing a booking led to.
#[derive(Debug, Clone, PartialEq)]
pub enum Booked {
    Created {
        id: i64,
        reference: String,
    },
    /// The `Idempotency-Key` was seen before with the same request: the first booking.
    Replayed {
        reference: String,
        sealed_token: String,
    },
    /// The `Idempotency-Key` was seen before with another request.
    KeyReused,
    /// Every place of the slot is taken.
    Taken,
    /// This e-mail address already holds a place in this slot.
    AlreadyBooked,
    /// The booking to move is no longer booked (cancelled or moved meanwhile).
    NotMovable,
}

/// A stored booking, personal data included (its own private page, desk staff and agents).
#[derive(Debug, Clone, PartialEq)]
pub struct BookingRecord {
    pub id: i64,
    pub reference: String,
    pub type_code: String,
    pub type_names: Names,
    pub service_code: String,
    pub service_names: Names,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub channel: String,
    /// `None` once erased after the retention period.
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lang: Lang,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait AppointmentStore: Send + Sync {
    /// Every service with its schedule and appointment types, inactive ones included.
    async fn services(&self) -> Result<Vec<CityService>, AppError>;
    /// Adds a service or changes the one with this code.
    async fn save_service(&self, service: &ServiceInput) -> Result<(), AppError>;
    /// Adds an appointment type or changes the one with this code (`id` is ignored).
    async fn save_appointment_type(&self, t: &AppointmentType) -> Result<(), AppError>;
    /// Closes a service on `day` (besides the public holidays).
    async fn add_closing_day(
        &self,
        service: &str,
        day: NaiveDate,
        label: &str,
    ) -> Result<(), AppError>;
    /// How many places are taken per start of `type_id`, for starts in `[from, to)`.
    async fn taken_places(
        &self,
        type_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, u32)>, AppError>;
    /// Books a place when one is left, in one transaction with the confirmation mail and the
    /// move of an earlier booking; bookings of one slot never overtake each other, on any
    /// number of instances.
    async fn book(&self, new: &NewBooking, now: DateTime<Utc>) -> Result<Booked, AppError>;
    /// The booking a private link's token (hashed) belongs to.
    async fn booking_by_token(&self, token_hash: &str) -> Result<Option<BookingRecord>, AppError>;
    /// The booking with this reference.
    async fn booking(&self, reference: &str) -> Result<Option<BookingRecord>, AppError>;
    /// Cancels a booking that is still booked, queueing `mail` with it; false when it was not
    /// booked (anymore).
    async fn cancel_booking(
        &self,
        id: i64,
        mail: Option<&OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError>;
    /// Bookings of a service starting in `[from, to)`, every status, by start.
    async fn bookings_between(
        &self,
        service: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BookingRecord>, AppError>;
    /// Marks a booking arrived, missed or booked again (desk staff); false when it was
    /// cancelled or moved.
    async fn set_attendance(
        &self,
        id: i64,
        status: AppointmentStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError>;
    /// Booked appointments starting in `(now, until]` with an e-mail address that were not
    /// reminded yet (at most 500, soonest first).
    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<BookingRecord>, AppError>;
    /// Queues a booking's reminder (none: it needs none) and marks it reminded, once; false
    /// when another instance did it first or it was cancelled meanwhile.
    async fn remind(
        &self,
        id: i64,
        mail: Option<&OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError>;
    /// Erases the name, e-mail and phone of bookings that started before `before`; how many.
    async fn erase_booking_contacts(
        &self,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, AppError>;
    /// The appointments starting in `[from, to)` counted per service and status, for the
    /// figures.
    async fn appointment_tally(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<crate::contact::figures::AppointmentTally>, AppError>;
}
