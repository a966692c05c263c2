//! The rules of booking: which days a service is closed (Belgium's public holidays and the
//! city's own closing days), which slots an appointment type has on a day, and whether a
//! requested start is one of them.

use crate::error::AppError;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub weekday: Weekday,
    pub from: NaiveTime,
    pub to: NaiveTime,
}

/// When a service receives people by appointment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
        let bad = |why: &str| AppError::validation("openings", why);
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
            return Err(AppError::validation("start", "that time has passed"));
        }
        let day = brussels_date(start);
        if day > self.last_day(now) {
            return Err(AppError::validation(
                "start",
                format!(
                    "appointments can be made up to {} days ahead",
                    self.horizon_days
                ),
            ));
        }
        if self.is_closed(day) {
            return Err(AppError::validation(
                "start",
                "the service is closed that day",
            ));
        }
        self.slots(shape, day, day, now)
            .into_iter()
            .find(|s| s.start == start)
            .ok_or_else(|| AppError::validation("start", "not a time the service receives people"))
    }
}

/// Where a booking stands. A booked, arrived or missed appointment holds its place; a
/// cancelled or moved one gives it back.
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
            .ok_or_else(|| AppError::validation("status", "unknown appointment status"))
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityService {
    pub code: String,
    pub names: Names,
    pub schedule: Schedule,
    pub active: bool,
    pub types: Vec<AppointmentType>,
}

/// A booking as a citizen's form, an agent's screen or the JSON API sends it.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub start: String,
    pub end: String,
    pub free: u32,
}

/// What booking answers: the reference and the private links.
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
            return Err(AppError::validation("type", "choose an appointment type"));
        }
        let start = parse_start(&self.start)?;
        let contact = Contact {
            name: Some(self.name),
            email: self.email,
            phone: self.phone,
            consent: true,
        }
        .parse()
        .map_err(|e| match e {
            AppError::Validation { field, message } => AppError::Validation {
                field: field.trim_start_matches("contact.").to_owned(),
                message: message.replace("contact.", ""),
            },
            other => other,
        })?
        .unwrap_or_default();
        let Some(name) = contact.name else {
            return Err(AppError::validation(
                "name",
                "give the name of the person coming",
            ));
        };
        if contact.email.is_none() && contact.phone.is_none() {
            return Err(AppError::validation(
                "email",
                "give an e-mail address or a phone number",
            ));
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
                .ok_or_else(|| AppError::validation("lang", "choose nl, fr or en"))?,
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
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Burgerzaken: weekdays 09:00–12:00, Monday and Wednesday also 13:30–16:00.
    fn burgerzaken() -> Schedule {
        let mut openings: Vec<Opening> = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
        .into_iter()
        .map(|weekday| Opening {
            weekday,
            from: time(9, 0),
            to: time(12, 0),
        })
        .collect();
        for weekday in [Weekday::Mon, Weekday::Wed] {
            openings.push(Opening {
                weekday,
                from: time(13, 30),
                to: time(16, 0),
            });
        }
        Schedule {
            openings,
            closed_on: BTreeSet::from([date(2026, 7, 11)]),
            horizon_days: 30,
        }
    }

    const ID_CARD: SlotShape = SlotShape {
        minutes: 20,
        places: 2,
    };

    #[test]
    fn public_holidays_follow_easter() {
        let h = public_holidays(2026);
        assert_eq!(h.len(), 10);
        // Easter 2026 is 5 April: Monday 6 April, Ascension 14 May, Whit Monday 25 May.
        for d in [date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)] {
            assert!(h.contains(&d), "{d}");
        }
        // Easter 2027 is 28 March; 2025 was 20 April.
        assert!(public_holidays(2027).contains(&date(2027, 3, 29)));
        assert!(public_holidays(2025).contains(&date(2025, 4, 21)));
        assert!(public_holidays(2025).contains(&date(2025, 6, 9)));
        assert!(h.contains(&date(2026, 7, 21)) && h.contains(&date(2026, 11, 11)));
    }

    #[test]
    fn a_day_is_cut_into_slots_in_brussels_time() {
        let s = burgerzaken();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        // Wednesday 2 December 2026, winter time (UTC+1): 9 morning slots, 7 afternoon ones
        // (13:30 to 15:50; 16:00 would end after closing).
        let slots = s.slots(ID_CARD, date(2026, 12, 2), date(2026, 12, 2), now);
        assert_eq!(slots.len(), 9 + 7);
        assert_eq!(
            slots[0].start,
            Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap()
        );
        assert_eq!(
            slots[0].end,
            Utc.with_ymd_and_hms(2026, 12, 2, 8, 20, 0).unwrap()
        );
        assert_eq!(
            slots[9].start,
            Utc.with_ymd_and_hms(2026, 12, 2, 12, 30, 0).unwrap()
        );
        assert_eq!(
            slots[15].end,
            Utc.with_ymd_and_hms(2026, 12, 2, 14, 50, 0).unwrap()
        );
        assert!(slots.iter().all(|s| s.places == 2));
        // In summer time the same 09:00 is 07:00 UTC.
        let june = Utc.with_ymd_and_hms(2026, 6, 1, 5, 0, 0).unwrap();
        let slots = s.slots(ID_CARD, date(2026, 6, 2), date(2026, 6, 2), june);
        assert_eq!(
            slots[0].start,
            Utc.with_ymd_and_hms(2026, 6, 2, 7, 0, 0).unwrap()
        );
    }

    #[test]
    fn closed_days_past_times_and_the_horizon_have_no_slots() {
        let s = burgerzaken();
        // Friday 10 July 2026 at 10:05 Brussels time.
        let now = Utc.with_ymd_and_hms(2026, 7, 10, 8, 5, 0).unwrap();
        let slots = s.slots(ID_CARD, date(2026, 7, 10), date(2026, 7, 31), now);
        let days: BTreeSet<NaiveDate> = slots.iter().map(|s| brussels_date(s.start)).collect();
        // Today from 10:20 on; not the weekend, not 11 July (the city's), not 21 July.
        assert_eq!(
            slots[0].start,
            Utc.with_ymd_and_hms(2026, 7, 10, 8, 20, 0).unwrap()
        );
        for closed in [date(2026, 7, 11), date(2026, 7, 12), date(2026, 7, 21)] {
            assert!(!days.contains(&closed), "{closed}");
        }
        assert!(days.contains(&date(2026, 7, 13)));
        // 30 days ahead: up to Sunday 9 August, so Friday 7 August is the last open day.
        let later = s.slots(ID_CARD, date(2026, 8, 1), date(2026, 8, 31), now);
        let last = later.iter().map(|s| brussels_date(s.start)).max();
        assert_eq!(last, Some(date(2026, 8, 7)));
        // A shape that takes nobody has no slots.
        let none = SlotShape {
            minutes: 20,
            places: 0,
        };
        assert!(s
            .slots(none, date(2026, 7, 13), date(2026, 7, 13), now)
            .is_empty());
    }

    #[test]
    fn a_requested_start_must_be_a_slot_that_can_still_be_booked() {
        let s = burgerzaken();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap();
        let slot = s.slot_at(ID_CARD, at(2, 8, 40), now).unwrap();
        assert_eq!((slot.start, slot.end), (at(2, 8, 40), at(2, 9, 0)));
        let refused = |start: DateTime<Utc>| match s.slot_at(ID_CARD, start, now) {
            Err(AppError::Validation { field, message }) if field == "start" => message,
            other => panic!("{start}: {other:?}"),
        };
        assert!(refused(at(1, 7, 0)).contains("passed"));
        assert!(
            refused(at(2, 8, 50)).contains("receives"),
            "between two slots"
        );
        assert!(refused(at(2, 17, 0)).contains("receives"), "after closing");
        assert!(refused(at(5, 9, 0)).contains("receives"), "a Saturday");
        assert!(refused(at(25, 9, 0)).contains("closed"), "Christmas");
        let far = Utc.with_ymd_and_hms(2027, 1, 12, 8, 0, 0).unwrap();
        assert!(refused(far).contains("30 days"));
    }

    #[test]
    fn a_booking_needs_a_type_a_start_a_name_and_a_way_to_reach_the_person() {
        let good = || BookingInput {
            type_code: "id-card".into(),
            start: "2026-12-02T09:00:00+01:00".into(),
            name: " An Peeters ".into(),
            email: Some("An@Example.be".into()),
            phone: None,
            lang: Some("fr".into()),
        };
        let b = good().validate().unwrap();
        assert_eq!(b.start, Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap());
        assert_eq!(
            (b.name.as_str(), b.email.as_deref()),
            ("An Peeters", Some("an@example.be"))
        );
        assert_eq!(b.lang, Lang::Fr);
        // A form's wall-clock time is Brussels time.
        let local = BookingInput {
            start: "2026-07-02T09:00".into(),
            ..good()
        };
        assert_eq!(
            local.validate().unwrap().start,
            Utc.with_ymd_and_hms(2026, 7, 2, 7, 0, 0).unwrap()
        );
        let field = |input: BookingInput| match input.validate() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(BookingInput {
                type_code: "".into(),
                ..good()
            }),
            "type"
        );
        assert_eq!(
            field(BookingInput {
                type_code: "a b".into(),
                ..good()
            }),
            "type"
        );
        assert_eq!(
            field(BookingInput {
                start: "tomorrow".into(),
                ..good()
            }),
            "start"
        );
        assert_eq!(
            field(BookingInput {
                name: "  ".into(),
                ..good()
            }),
            "name"
        );
        assert_eq!(
            field(BookingInput {
                name: "x".repeat(121),
                ..good()
            }),
            "name"
        );
        assert_eq!(
            field(BookingInput {
                email: None,
                ..good()
            }),
            "email"
        );
        assert_eq!(
            field(BookingInput {
                email: Some("no-at".into()),
                ..good()
            }),
            "email"
        );
        assert_eq!(
            field(BookingInput {
                email: None,
                phone: Some("12".into()),
                ..good()
            }),
            "phone"
        );
        assert_eq!(
            field(BookingInput {
                lang: Some("de".into()),
                ..good()
            }),
            "lang"
        );
        let by_phone = BookingInput {
            email: None,
            phone: Some("011 70 17 00".into()),
            ..good()
        };
        assert!(by_phone.validate().is_ok());
    }

    #[test]
    fn only_cancelled_and_moved_bookings_free_their_place() {
        for status in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::parse(status.as_str()).unwrap(), status);
        }
        let holding: Vec<_> = AppointmentStatus::ALL
            .into_iter()
            .filter(|s| s.holds_place())
            .collect();
        assert_eq!(
            holding,
            [
                AppointmentStatus::Booked,
                AppointmentStatus::Arrived,
                AppointmentStatus::NoShow
            ]
        );
    }

    #[test]
    fn openings_are_read_as_an_admin_writes_them() {
        let o = Opening::parse_list("mon-fri 09:00-12:00; mon,wed 13:30-16:00; sat 09:00-12:00")
            .unwrap();
        assert_eq!(o.len(), 5 + 2 + 1);
        assert_eq!(o, burgerzaken_and_saturday());
        let field = |t: &str| match Opening::parse_list(t) {
            Err(AppError::Validation { field, message }) => format!("{field}: {message}"),
            other => panic!("{t}: {other:?}"),
        };
        assert!(field("maandag 09:00-12:00").contains("days are"));
        assert!(field("mon 9h-12h").contains("times"));
        assert!(field("mon 12:00-09:00").contains("closes after"));
        assert!(field("fri-mon 09:00-12:00").contains("range"));
        assert!(field("mon 09:00-12:00; mon 11:00-13:00").contains("overlap"));
        assert!(field("mon").contains("days and hours"));
        assert!(Opening::parse_list("").unwrap().is_empty());
    }

    fn burgerzaken_and_saturday() -> Vec<Opening> {
        let mut o = burgerzaken().openings;
        o.push(Opening {
            weekday: Weekday::Sat,
            from: time(9, 0),
            to: time(12, 0),
        });
        o
    }
}
