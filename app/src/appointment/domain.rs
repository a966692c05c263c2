//! The rules of booking: which days a service is closed (Belgium's public holidays and the
//! city's own closing days), which slots an appointment type has on a day, and whether a
//! requested start is one of them.

use crate::error::{AppError, ErrorText};
use crate::i18n::{Lang, Names};
use crate::report::domain::Contact;
use crate::time::{brussels_date, brussels_to_utc};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Days after an appointment that the booker's details are kept, unless configured otherwise.
pub const DEFAULT_CONTACT_RETENTION_DAYS: u32 = 365;

/// Belgium's ten legal public holidays of `year`: New Year, Easter Monday, Labour Day,
/// Ascension, Whit Monday, the National Day, the Assumption, All Saints, Armistice Day and
/// Christmas. (The Flemish community's 11 July and a city's own closures are closing days a
/// city adds itself.)
pub fn public_holidays(year: i32) -> Vec<NaiveDate> {
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let easter = computus::gregorian(year)
        .ok()
        .and_then(|e| NaiveDate::from_ymd_opt(e.year, e.month, e.day));
    let after_easter = |days: i64| easter.map(|e| e + Duration::days(days));
    [
        day(1, 1),
        after_easter(1),
        day(5, 1),
        after_easter(39),
        after_easter(50),
        day(7, 21),
        day(8, 15),
        day(11, 1),
        day(11, 11),
        day(12, 25),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// One opening period of a weekday, e.g. Monday 09:00–12:00 (Brussels time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    pub weekday: Weekday,
    pub from: NaiveTime,
    pub to: NaiveTime,
}

/// When a service receives people by appointment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schedule {
    /// Weekly opening periods; a day may have several (morning and afternoon).
    pub openings: Vec<Opening>,
    /// The city's own closing days, besides the public holidays.
    pub closed_on: BTreeSet<NaiveDate>,
    /// How many days ahead people may book (today counts as day 0).
    pub horizon_days: u32,
}

impl Opening {
    /// Reads weekly openings as an admin writes them: periods separated by `;`, each days and
    /// a time range: `mon-fri 09:00-12:00; mon,wed 13:30-16:00; sat 09:00-12:00` (days as
    /// `mon` … `sun`, a range or a list).
    /// Weekly openings written as [`Opening::parse_list`] reads them, days with the same
    /// hours together: `mon,tue,wed,thu,fri 09:00-12:00; mon,wed 13:30-16:00`.
    pub fn list_text(openings: &[Opening]) -> String {
        let mut periods: Vec<((NaiveTime, NaiveTime), Vec<Weekday>)> = Vec::new();
        for o in openings {
            match periods
                .iter_mut()
                .find(|(hours, _)| *hours == (o.from, o.to))
            {
                Some((_, days)) => days.push(o.weekday),
                None => periods.push(((o.from, o.to), vec![o.weekday])),
            }
        }
        periods
            .into_iter()
            .map(|((from, to), mut days)| {
                days.sort_by_key(|d| d.num_days_from_monday());
                let days: Vec<String> = days.iter().map(|d| d.to_string().to_lowercase()).collect();
                format!(
                    "{} {}-{}",
                    days.join(","),
                    from.format("%H:%M"),
                    to.format("%H:%M")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn parse_list(text: &str) -> Result<Vec<Opening>, AppError> {
        const DAYS: [(&str, Weekday); 7] = [
            ("mon", Weekday::Mon),
            ("tue", Weekday::Tue),
            ("wed", Weekday::Wed),
            ("thu", Weekday::Thu),
            ("fri", Weekday::Fri),
            ("sat", Weekday::Sat),
            ("sun", Weekday::Sun),
        ];
        let bad =
            |why: &str| AppError::validation("openings", why).explained(ErrorText::OpeningsInvalid);
        let day = |s: &str| {
            DAYS.iter()
                .position(|(name, _)| *name == s.trim().to_lowercase())
                .ok_or_else(|| bad("days are mon, tue, wed, thu, fri, sat or sun"))
        };
        let time = |s: &str| {
            NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad("times are written 09:00"))
        };
        let mut out = Vec::new();
        for period in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (days, hours) = period
                .split_once(' ')
                .ok_or_else(|| bad("write each period as days and hours: mon-fri 09:00-12:00"))?;
            let (from, to) = hours
                .split_once('-')
                .ok_or_else(|| bad("write hours as 09:00-12:00"))?;
            let (from, to) = (time(from)?, time(to)?);
            if from >= to {
                return Err(bad("a period closes after it opens"));
            }
            for part in days.split(',') {
                let (first, last) = match part.split_once('-') {
                    Some((a, b)) => (day(a)?, day(b)?),
                    None => (day(part)?, day(part)?),
                };
                if first > last {
                    return Err(bad("a range of days runs from monday to sunday"));
                }
                for (_, weekday) in &DAYS[first..=last] {
                    out.push(Opening {
                        weekday: *weekday,
                        from,
                        to,
                    });
                }
            }
        }
        if out.len() > 7 * 8 {
            return Err(bad("at most 8 periods a day"));
        }
        for (i, a) in out.iter().enumerate() {
            if out[..i]
                .iter()
                .any(|b| b.weekday == a.weekday && a.from < b.to && b.from < a.to)
            {
                return Err(bad("two periods of one day overlap"));
            }
        }
        Ok(out)
    }
}

/// An appointment type of a service: how long it takes and how many people can be received
/// at once (desks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotShape {
    pub minutes: u32,
    pub places: u32,
}

/// A slot of an appointment type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub places: u32,
}

impl Schedule {
    /// Whether the service is closed all day: a public holiday or a closing day of the city.
    pub fn is_closed(&self, day: NaiveDate) -> bool {
        self.closed_on.contains(&day) || public_holidays(day.year()).contains(&day)
    }

    /// The last day that may be booked when it is `now`.
    pub fn last_day(&self, now: DateTime<Utc>) -> NaiveDate {
        brussels_date(now) + Duration::days(i64::from(self.horizon_days))
    }

    /// The slots of `shape` from day `from` to day `to` (Brussels days, both included) that
    /// can still be booked at `now`: within the horizon, on open days, starting after `now`,
    /// each opening period cut into back-to-back slots that end within it.
    pub fn slots(
        &self,
        shape: SlotShape,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<Slot> {
        let mut out = Vec::new();
        if shape.minutes == 0 || shape.places == 0 {
            return out;
        }
        let length = Duration::minutes(i64::from(shape.minutes));
        let first = from.max(brussels_date(now));
        let last = to.min(self.last_day(now));
        let mut periods: Vec<&Opening> = self.openings.iter().collect();
        periods.sort_by_key(|o| o.from);
        for day in first.iter_days().take_while(|d| *d <= last) {
            if self.is_closed(day) {
                continue;
            }
            for opening in periods.iter().filter(|o| o.weekday == day.weekday()) {
                let closes = day.and_time(opening.to);
                let mut start = day.and_time(opening.from);
                while start + length <= closes {
                    let at = brussels_to_utc(start);
                    if at > now {
                        out.push(Slot {
                            start: at,
                            end: brussels_to_utc(start + length),
                            places: shape.places,
                        });
                    }
                    start += length;
                }
            }
        }
        out
    }

    /// The slot a booking for `start` would take, or why it cannot be booked, by field
    /// `start`: in the past, beyond the horizon, on a closing day, or not the start of a slot
    /// (outside opening hours, or between two slots).
    pub fn slot_at(
        &self,
        shape: SlotShape,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Slot, AppError> {
        if start <= now {
            return Err(AppError::validation("start", "that time has passed")
                .explained(ErrorText::SlotPassed));
        }
        let day = brussels_date(start);
        if day > self.last_day(now) {
            return Err(AppError::validation(
                "start",
                format!(
                    "appointments can be made up to {} days ahead",
                    self.horizon_days
                ),
            )
            .explained(ErrorText::SlotTooFar));
        }
        if self.is_closed(day) {
            return Err(
                AppError::validation("start", "the service is closed that day")
                    .explained(ErrorText::ServiceClosed),
            );
        }
        self.slots(shape, day, day, now)
            .into_iter()
            .find(|s| s.start == start)
            .ok_or_else(|| {
                AppError::validation("start", "not a time the service receives people")
                    .explained(ErrorText::SlotNotOffered)
            })
    }
}

/// Where a booking stands. A booked, arrived or missed appointment holds its place; a
/// cancelled or moved one gives it back.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    Booked,
    Arrived,
    NoShow,
    Cancelled,
    /// Replaced by a booking at another time.
    Moved,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 5] = [
        Self::Booked,
        Self::Arrived,
        Self::NoShow,
        Self::Cancelled,
        Self::Moved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Arrived => "arrived",
            Self::NoShow => "no_show",
            Self::Cancelled => "cancelled",
            Self::Moved => "moved",
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                AppError::validation("status", "unknown appointment status")
                    .explained(ErrorText::UnknownChoice)
            })
    }

    /// The status as desk staff and bookers read it.
    pub fn label(self, lang: Lang) -> &'static str {
        use super::texts::AppointmentText as T;
        match self {
            Self::Booked => T::StatusBooked.text(lang),
            Self::Arrived => T::StatusArrived.text(lang),
            Self::NoShow => T::StatusNoShow.text(lang),
            Self::Cancelled => T::StatusCancelled.text(lang),
            Self::Moved => T::StatusMoved.text(lang),
        }
    }

    /// Whether the booking still takes its place in the slot.
    pub fn holds_place(self) -> bool {
        match self {
            Self::Booked | Self::Arrived | Self::NoShow => true,
            Self::Cancelled | Self::Moved => false,
        }
    }
}

/// An appointment type as the city offers it: e.g. "Identiteitskaart aanvragen" at
/// Burgerzaken, 20 minutes, two desks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentType {
    pub id: i64,
    pub code: String,
    pub service: String,
    pub names: Names,
    pub shape: SlotShape,
    pub active: bool,
}

/// A city service that receives people by appointment, with its types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityService {
    pub code: String,
    pub names: Names,
    pub schedule: Schedule,
    pub active: bool,
    pub types: Vec<AppointmentType>,
}

/// A booking as a citizen's form, an agent's screen or the JSON API sends it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingInput {
    #[serde(rename = "type")]
    pub type_code: String,
    /// A w3 date-time (`2026-12-02T09:00:00+01:00`), or a Brussels wall-clock time
    /// (`2026-12-02T09:00`) as a form's time field sends it.
    pub start: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// A booking with every field checked (not yet against the service's schedule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidBooking {
    pub type_code: String,
    pub start: DateTime<Utc>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lang: Lang,
}

/// An appointment type as the API and the booking page list it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeView {
    pub code: String,
    /// The service's code.
    pub service: String,
    pub service_name: String,
    pub name: String,
    pub duration_minutes: u32,
}

/// A slot with the places left (w3 times with the Brussels offset).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub start: String,
    pub end: String,
    pub free: u32,
}

/// What booking answers: the reference and the private links.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingReceipt {
    #[serde(rename = "ref")]
    pub reference: String,
    pub start: String,
    pub end: String,
    /// The private page to cancel or move the appointment.
    pub manage_url: String,
    /// `DELETE` cancels the appointment.
    pub cancel_url: String,
}

/// A day to choose on the booking page, with the places left that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayChoice {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `maandag 07/12`.
    pub label: String,
    pub free: u32,
}

/// A time to choose on the booking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeChoice {
    /// The w3 start the form sends.
    pub start: String,
    /// `09:20`.
    pub label: String,
    pub free: u32,
}

/// The days with free places of a type, and the free times of the chosen day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picker {
    pub days: Vec<DayChoice>,
    pub day: Option<String>,
    pub times: Vec<TimeChoice>,
}

/// One appointment on a desk's list of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRow {
    pub reference: String,
    pub time: String,
    pub what: String,
    /// Empty once erased (not for today's list, in practice).
    pub name: String,
    pub phone: String,
    pub email: String,
    pub status: AppointmentStatus,
    pub channel: String,
}

/// Reads a start as [`BookingInput::start`] describes it.
pub fn parse_start(s: &str) -> Result<DateTime<Utc>, AppError> {
    let s = s.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return Ok(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
        .map(brussels_to_utc)
        .ok_or_else(|| {
            AppError::validation(
                "start",
                "give the start as a date and time, e.g. 2026-12-02T09:00:00+01:00",
            )
            .explained(ErrorText::DateInvalid)
        })
}

impl BookingInput {
    /// Checks every field: a known-looking type code, a readable start, a name, and an
    /// e-mail address or a phone number to reach the person (checked as a report's contact).
    pub fn validate(self) -> Result<ValidBooking, AppError> {
        let type_code = self.type_code.trim().to_owned();
        if type_code.is_empty()
            || type_code.len() > 40
            || !type_code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::validation("type", "choose an appointment type")
                .explained(ErrorText::AppointmentTypeRequired));
        }
        let start = parse_start(&self.start)?;
        let contact = Contact {
            name: Some(self.name),
            email: self.email,
            phone: self.phone,
            consent: true,
        }
        .parse()
        .map_err(|e| e.renamed(|f| f.trim_start_matches("contact.").to_owned()))?
        .unwrap_or_default();
        let Some(name) = contact.name else {
            return Err(
                AppError::validation("name", "give the name of the person coming")
                    .explained(ErrorText::AppointmentNameRequired),
            );
        };
        if contact.email.is_none() && contact.phone.is_none() {
            return Err(
                AppError::validation("email", "give an e-mail address or a phone number")
                    .explained(ErrorText::EmailOrPhoneRequired),
            );
        }
        let lang = match self
            .lang
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            None => Lang::default(),
            Some(l) => Lang::from_code(l)
                .filter(|lang| lang.code() == l)
                .ok_or_else(|| {
                    AppError::validation("lang", "choose nl, fr or en")
                        .explained(ErrorText::UnknownChoice)
                })?,
        };
        Ok(ValidBooking {
            type_code,
            start,
            name,
            email: contact.email.map(|e| e.to_lowercase()),
            phone: contact.phone,
            lang,
        })
    }
}

#[cfg(test)]
#[path = "domain_tests.rs"]
mod tests;
