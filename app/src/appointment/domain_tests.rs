//! Unit tests of the appointment domain: Belgium's public holidays, schedules and slots in
//! Brussels time, every refusal of a start, bookings' input checks, openings as text.

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
        Err(AppError::Validation { field, message, .. }) if field == "start" => message,
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
    let o =
        Opening::parse_list("mon-fri 09:00-12:00; mon,wed 13:30-16:00; sat 09:00-12:00").unwrap();
    assert_eq!(o.len(), 5 + 2 + 1);
    assert_eq!(o, burgerzaken_and_saturday());
    let field = |t: &str| match Opening::parse_list(t) {
        Err(AppError::Validation { field, message, .. }) => format!("{field}: {message}"),
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

#[test]
fn openings_written_as_text_read_back_the_same() {
    let text = "mon-fri 09:00-12:00; mon,wed 13:30-16:00; sat 09:00-12:00";
    let openings = Opening::parse_list(text).unwrap();
    let written = Opening::list_text(&openings);
    assert_eq!(
        written,
        "mon,tue,wed,thu,fri,sat 09:00-12:00; mon,wed 13:30-16:00"
    );
    let mut again = Opening::parse_list(&written).unwrap();
    let mut first = openings.clone();
    let key = |o: &Opening| (o.weekday.num_days_from_monday(), o.from);
    again.sort_by_key(key);
    first.sort_by_key(key);
    assert_eq!(again, first);
}
