//! Booking rules with storage: the offered types, free slots, booking (one place of one
//! slot, never two people in the last place), the private link to cancel or move, the
//! reminders the day before and the erasure of bookers' personal data.

use super::domain::{
    AppointmentStatus, AppointmentType, BookingReceipt, CityService, Slot, SlotView, TypeView,
    ValidBooking,
};
use super::notify::{self, About};
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::port::{Booked, BookingRecord, IdempotencyKey, MailFor, NewBooking, StoredIdempotency};
use crate::service::{random_token, seal_token, sha256_hex};
use crate::staff::{Action, StaffUser};
use crate::time::{brussels_date, brussels_w3};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::sync::Arc;

/// The most days one slots request may span.
pub const MAX_SLOT_DAYS: i64 = 62;
/// How long before its start a booking gets its reminder.
pub const REMIND_BEFORE_HOURS: i64 = 24;
/// How many free starts a "just taken" answer offers.
pub const NEXT_FREE: usize = 3;

/// The public page where people book.
pub fn book_url(ctx: &Ctx) -> String {
    format!("{}/appointments", ctx.config.public_url)
}

fn manage_url(ctx: &Ctx, token: &str) -> String {
    format!("{}/appointments/manage/{token}", ctx.config.public_url)
}

fn cancel_url(ctx: &Ctx, token: &str) -> String {
    format!("{}/api/v1/appointments/{token}", ctx.config.public_url)
}

/// The host name in the public URL, for calendar UIDs.
fn host(ctx: &Ctx) -> String {
    let url = &ctx.config.public_url;
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

/// The types people can book now (active types of active services), by service.
pub async fn appointment_types(ctx: &Ctx, lang: Lang) -> Result<Vec<TypeView>, AppError> {
    Ok(ctx
        .store
        .services()
        .await?
        .into_iter()
        .filter(|s| s.active)
        .flat_map(|s| {
            let service_name = s.names.get(lang).to_owned();
            s.types
                .into_iter()
                .filter(|t| t.active)
                .map(move |t| TypeView {
                    code: t.code.clone(),
                    service: t.service.clone(),
                    service_name: service_name.clone(),
                    name: t.names.get(lang).to_owned(),
                    duration_minutes: t.shape.minutes,
                })
        })
        .collect())
}

/// An active type of an active service, with its service; 422 by field `type` otherwise.
pub async fn find_type(ctx: &Ctx, code: &str) -> Result<(CityService, AppointmentType), AppError> {
    ctx.store
        .services()
        .await?
        .into_iter()
        .filter(|s| s.active)
        .find_map(|s| {
            let t = s.types.iter().find(|t| t.active && t.code == code)?.clone();
            Some((s, t))
        })
        .ok_or_else(|| {
            AppError::validation("type", "unknown appointment type")
                .explained(ErrorText::UnknownChoice)
        })
}

/// The slots of a type from day `from` to day `to` with the places left in each.
async fn slots_with_places(
    ctx: &Ctx,
    service: &CityService,
    t: &AppointmentType,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<(Slot, u32)>, AppError> {
    let slots = service.schedule.slots(t.shape, from, to, now);
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(Vec::new());
    };
    let taken: std::collections::HashMap<DateTime<Utc>, u32> = ctx
        .store
        .taken_places(t.id, first.start, last.start + Duration::seconds(1))
        .await?
        .into_iter()
        .collect();
    Ok(slots
        .into_iter()
        .map(|s| {
            let free = s
                .places
                .saturating_sub(taken.get(&s.start).copied().unwrap_or(0));
            (s, free)
        })
        .collect())
}

/// The slots of `type_code` from `from` to `to` (Brussels days, both included) with the
/// places left; full ones included (`free` 0).
pub async fn free_slots(
    ctx: &Ctx,
    type_code: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<SlotView>, AppError> {
    if to < from {
        return Err(AppError::validation("to", "`to` lies before `from`")
            .explained(ErrorText::PeriodInvalid));
    }
    if (to - from).num_days() >= MAX_SLOT_DAYS {
        return Err(AppError::validation(
            "to",
            format!("ask for at most {MAX_SLOT_DAYS} days at once"),
        )
        .explained(ErrorText::PeriodTooLong));
    }
    let (service, t) = find_type(ctx, type_code).await?;
    Ok(slots_with_places(ctx, &service, &t, from, to, now)
        .await?
        .into_iter()
        .map(|(s, free)| SlotView {
            start: brussels_w3(s.start),
            end: brussels_w3(s.end),
            free,
        })
        .collect())
}

/// The next free starts after `after`, within the horizon.
async fn next_free(
    ctx: &Ctx,
    service: &CityService,
    t: &AppointmentType,
    after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let from = brussels_date(after);
    let to = service.schedule.last_day(now);
    Ok(slots_with_places(ctx, service, t, from, to, now)
        .await?
        .into_iter()
        .filter(|(s, free)| *free > 0 && s.start > after)
        .take(NEXT_FREE)
        .map(|(s, _)| brussels_w3(s.start))
        .collect())
}

/// Who books: a citizen (`web`) or an agent for a caller (the channel of the call).
#[derive(Debug, Clone)]
pub struct Booker {
    pub channel: String,
    pub created_by: Option<i64>,
}

impl Booker {
    pub fn citizen() -> Self {
        Self {
            channel: "web".into(),
            created_by: None,
        }
    }
}

/// Books one place of the slot at `booking.start`. Refuses by field what cannot be booked
/// (unknown type, a start that is not a free slot, the same e-mail twice in one slot); a slot
/// taken meanwhile answers `slot_taken` with the next free starts.
pub async fn book(
    ctx: &Ctx,
    booking: ValidBooking,
    booker: Booker,
    idempotency: Option<IdempotencyKey>,
) -> Result<BookingReceipt, AppError> {
    store_booking(ctx, booking, booker, idempotency, None).await
}

async fn store_booking(
    ctx: &Ctx,
    booking: ValidBooking,
    booker: Booker,
    idempotency: Option<IdempotencyKey>,
    replaces: Option<i64>,
) -> Result<BookingReceipt, AppError> {
    let now = Utc::now();
    let (service, t) = find_type(ctx, &booking.type_code).await?;
    let slot = service.schedule.slot_at(t.shape, booking.start, now)?;
    let token = random_token();
    let key = idempotency.as_ref().map(|k| k.key.clone());
    let idempotency = idempotency.map(|k| StoredIdempotency {
        key_hash: sha256_hex(k.key.as_bytes()),
        sealed_token: seal_token(&token, &k.key),
        request_hash: k.request_hash,
    });
    let mail: Option<MailFor> = booking.email.clone().map(|to| {
        let (lang, name) = (booking.lang, booking.name.clone());
        let what = t.names.get(lang).to_owned();
        let service_name = service.names.get(lang).to_owned();
        let (manage, host) = (manage_url(ctx, &token), host(ctx));
        Arc::new(move |reference: &str| {
            let about = About {
                to: &to,
                lang,
                name: &name,
                reference,
                what: &what,
                service: &service_name,
                start: slot.start,
                end: slot.end,
            };
            notify::confirmation(&about, &manage, &host)
        }) as MailFor
    });
    let new = NewBooking {
        type_id: t.id,
        slot,
        booking,
        token_hash: sha256_hex(token.as_bytes()),
        channel: booker.channel,
        created_by: booker.created_by,
        idempotency,
        replaces,
        mail,
    };
    match ctx.store.book(&new, now).await? {
        Booked::Created { reference, .. } => {
            metrics::counter!(crate::metrics::APPOINTMENTS, "channel" => new.channel.clone())
                .increment(1);
            Ok(receipt(ctx, reference, slot, &token))
        }
        Booked::Replayed {
            reference,
            sealed_token,
        } => {
            let token = match &key {
                Some(key) => seal_token(&sealed_token, key),
                None => return Err(AppError::internal("a replay without a key")),
            };
            let first = ctx
                .store
                .booking(&reference)
                .await?
                .ok_or_else(|| AppError::internal("a replayed booking is gone"))?;
            let slot = Slot {
                start: first.start,
                end: first.end,
                places: slot.places,
            };
            Ok(receipt(ctx, reference, slot, &token))
        }
        Booked::KeyReused => Err(AppError::conflict(
            "this Idempotency-Key was already used for a different request",
        )
        .explained(ErrorText::FormSentBefore)),
        Booked::Taken => Err(AppError::SlotTaken {
            message: "this time was just taken; here are the next free times".into(),
            next: next_free(ctx, &service, &t, slot.start, now).await?,
        }),
        Booked::AlreadyBooked => Err(AppError::validation(
            "email",
            "this e-mail address already has an appointment at this time",
        )
        .explained(ErrorText::AppointmentAlreadyBooked)),
        Booked::NotMovable => Err(AppError::conflict(
            "this appointment was cancelled or moved meanwhile",
        )
        .explained(ErrorText::AppointmentChanged)),
    }
}

fn receipt(ctx: &Ctx, reference: String, slot: Slot, token: &str) -> BookingReceipt {
    BookingReceipt {
        reference,
        start: brussels_w3(slot.start),
        end: brussels_w3(slot.end),
        manage_url: manage_url(ctx, token),
        cancel_url: cancel_url(ctx, token),
    }
}

/// The booking a private link's token names; 404 for anything else.
pub async fn booking_for_token(ctx: &Ctx, token: &str) -> Result<BookingRecord, AppError> {
    if token.len() != 40 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found());
    }
    ctx.store
        .booking_by_token(&sha256_hex(token.as_bytes()))
        .await?
        .ok_or_else(AppError::not_found)
}

/// Whether a booking can still be cancelled or moved by its link.
fn changeable(b: &BookingRecord, now: DateTime<Utc>) -> Result<(), AppError> {
    match b.status {
        AppointmentStatus::Booked if b.start > now => Ok(()),
        AppointmentStatus::Booked | AppointmentStatus::Arrived | AppointmentStatus::NoShow => {
            Err(AppError::conflict("this appointment has passed")
                .explained(ErrorText::AppointmentPassed))
        }
        AppointmentStatus::Moved => Err(AppError::conflict(
            "this appointment was moved; use the link in the newest confirmation",
        )
        .explained(ErrorText::AppointmentMoved)),
        AppointmentStatus::Cancelled => Err(AppError::conflict("this appointment is cancelled")
            .explained(ErrorText::AppointmentCancelled)),
    }
}

fn about(b: &BookingRecord) -> Option<About<'_>> {
    Some(About {
        to: b.email.as_deref()?,
        lang: b.lang,
        name: b.name.as_deref().unwrap_or_default(),
        reference: &b.reference,
        what: b.type_names.get(b.lang),
        service: b.service_names.get(b.lang),
        start: b.start,
        end: b.end,
    })
}

/// Cancels the booking of a private link; its place is free again at once. Cancelling a
/// cancelled booking again changes nothing.
pub async fn cancel(ctx: &Ctx, token: &str) -> Result<(), AppError> {
    let b = booking_for_token(ctx, token).await?;
    if b.status == AppointmentStatus::Cancelled {
        return Ok(());
    }
    let now = Utc::now();
    changeable(&b, now)?;
    let mail = about(&b).map(|a| notify::cancelled(&a, &book_url(ctx)));
    if ctx.store.cancel_booking(b.id, mail.as_ref(), now).await? {
        metrics::counter!(crate::metrics::APPOINTMENTS_CANCELLED).increment(1);
        return Ok(());
    }
    // Changed meanwhile: say what it is now.
    let now_is = booking_for_token(ctx, token).await?;
    match now_is.status {
        AppointmentStatus::Cancelled => Ok(()),
        AppointmentStatus::Booked
        | AppointmentStatus::Arrived
        | AppointmentStatus::NoShow
        | AppointmentStatus::Moved => changeable(&now_is, now),
    }
}

/// Moves the booking of a private link to `start` (same type, same person): the new booking
/// and the old one's release happen together, with a new confirmation and a new link.
pub async fn move_booking(
    ctx: &Ctx,
    token: &str,
    start: DateTime<Utc>,
) -> Result<BookingReceipt, AppError> {
    let b = booking_for_token(ctx, token).await?;
    changeable(&b, Utc::now())?;
    let booking = ValidBooking {
        type_code: b.type_code.clone(),
        start,
        name: b.name.clone().unwrap_or_default(),
        email: b.email.clone(),
        phone: b.phone.clone(),
        lang: b.lang,
    };
    let booker = Booker {
        channel: b.channel.clone(),
        created_by: None,
    };
    store_booking(ctx, booking, booker, None, Some(b.id)).await
}

/// Queues the reminders of appointments starting within [`REMIND_BEFORE_HOURS`]; a booking
/// made that close to its start had its confirmation just now and gets none. How many were
/// queued.
pub async fn send_reminders(ctx: &Ctx, now: DateTime<Utc>) -> Result<usize, AppError> {
    let window = Duration::hours(REMIND_BEFORE_HOURS);
    let mut sent = 0;
    for b in ctx.store.due_reminders(now, now + window).await? {
        // Booked less than a day ahead (with an hour's slack for the job's own rhythm).
        let needs_one = b.created_at < b.start - window + Duration::hours(1);
        let mail = about(&b)
            .filter(|_| needs_one)
            .map(|a| notify::reminder(&a));
        if ctx.store.remind(b.id, mail.as_ref(), now).await? && mail.is_some() {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Erases the name, e-mail address and phone number of appointments that took place more
/// than `days` ago, keeping the rest for the figures.
pub async fn apply_retention(ctx: &Ctx, days: u32, now: DateTime<Utc>) -> Result<u64, AppError> {
    ctx.store
        .erase_booking_contacts(now - Duration::days(i64::from(days)), now)
        .await
}

/// How many days ahead the booking page offers at most (the horizon may be shorter).
pub const PICKER_DAYS: i64 = 28;

/// A day as the booking page names it: `maandag 07/12`.
pub fn day_label(lang: Lang, day: NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{} {:02}/{:02}",
        notify::weekday_name(lang, day.weekday()),
        day.day(),
        day.month()
    )
}

/// The days with free places of `type_code` and the free times of `day` (or of the first
/// day with room).
pub async fn picker(
    ctx: &Ctx,
    type_code: &str,
    day: Option<NaiveDate>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<super::domain::Picker, AppError> {
    use super::domain::{DayChoice, Picker, TimeChoice};
    let (service, t) = find_type(ctx, type_code).await?;
    let today = brussels_date(now);
    let last = service
        .schedule
        .last_day(now)
        .min(today + Duration::days(PICKER_DAYS - 1));
    let slots = slots_with_places(ctx, &service, &t, today, last, now).await?;
    let mut days: Vec<DayChoice> = Vec::new();
    for (slot, free) in &slots {
        let d = brussels_date(slot.start).to_string();
        match days.last_mut() {
            Some(last) if last.day == d => last.free += free,
            _ => days.push(DayChoice {
                label: day_label(lang, brussels_date(slot.start)),
                day: d,
                free: *free,
            }),
        }
    }
    days.retain(|d| d.free > 0);
    let chosen = day
        .map(|d| d.to_string())
        .filter(|d| days.iter().any(|x| &x.day == d))
        .or_else(|| days.first().map(|d| d.day.clone()));
    let times = slots
        .iter()
        .filter(|(s, free)| *free > 0 && Some(brussels_date(s.start).to_string()) == chosen)
        .map(|(s, free)| TimeChoice {
            start: brussels_w3(s.start),
            label: notify::clock(s.start),
            free: *free,
        })
        .collect();
    Ok(Picker {
        days,
        day: chosen,
        times,
    })
}

/// A service's appointments of one day, every status, with who comes (desk staff).
pub async fn desk_day(
    ctx: &Ctx,
    user: &StaffUser,
    service: &str,
    day: NaiveDate,
    lang: Lang,
) -> Result<Vec<super::domain::DeskRow>, AppError> {
    user.require(Action::Appointments)?;
    let from = crate::time::brussels_to_utc(day.and_time(chrono::NaiveTime::MIN));
    let to =
        crate::time::brussels_to_utc((day + Duration::days(1)).and_time(chrono::NaiveTime::MIN));
    Ok(ctx
        .store
        .bookings_between(service, from, to)
        .await?
        .into_iter()
        .map(|b| super::domain::DeskRow {
            time: notify::clock(b.start),
            what: b.type_names.get(lang).to_owned(),
            name: b.name.unwrap_or_default(),
            phone: b.phone.unwrap_or_default(),
            email: b.email.unwrap_or_default(),
            status: b.status,
            channel: b.channel,
            reference: b.reference,
        })
        .collect())
}

/// Marks who came (arrived, no-show, or back to booked to undo a mistake).
pub async fn set_attendance(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    status: AppointmentStatus,
) -> Result<(), AppError> {
    user.require(Action::Appointments)?;
    match status {
        AppointmentStatus::Arrived | AppointmentStatus::NoShow | AppointmentStatus::Booked => {}
        AppointmentStatus::Cancelled | AppointmentStatus::Moved => {
            return Err(
                AppError::validation("status", "mark an appointment arrived or no-show")
                    .explained(ErrorText::UnknownChoice),
            )
        }
    }
    let b = ctx
        .store
        .booking(reference)
        .await?
        .ok_or_else(AppError::not_found)?;
    if ctx.store.set_attendance(b.id, status, Utc::now()).await? {
        Ok(())
    } else {
        Err(
            AppError::conflict("this appointment was cancelled or moved")
                .explained(ErrorText::AppointmentChanged),
        )
    }
}

/// Books for a caller or a visitor at the counter: the agent's channel and name are kept with
/// the booking.
pub async fn book_for(
    ctx: &Ctx,
    user: &StaffUser,
    booking: ValidBooking,
    channel: crate::contact::domain::ContactChannel,
    key: Option<IdempotencyKey>,
) -> Result<BookingReceipt, AppError> {
    user.require(Action::Appointments)?;
    let booker = Booker {
        channel: channel.as_str().to_owned(),
        created_by: Some(user.id),
    };
    book(ctx, booking, booker, key).await
}
