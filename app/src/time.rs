//! Time as the city counts it: Brussels dates for deadlines and dates as Belgians read them.
//! Written out by hand (the EU summer-time rule) so the browser bundle carries no time-zone
//! database or strftime.

/// A moment as Belgians read it: `28/11/2026 15:05` in Brussels time (CET, or CEST from the last
/// Sunday of March to the last Sunday of October, switching at 01:00 UTC as in the whole EU).
pub fn format_datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = at + chrono::Duration::hours(brussels_offset_hours(at));
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// A moment as a w3 date-time with the Brussels offset: `2026-12-02T09:00:00+01:00`.
pub fn brussels_w3(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let offset = brussels_offset_hours(at);
    let local = at + chrono::Duration::hours(offset);
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}+{offset:02}:00",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// The Brussels wall-clock time at `at`.
pub fn brussels_local(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    (at + chrono::Duration::hours(brussels_offset_hours(at))).naive_utc()
}

/// The calendar day it is in Brussels at `at` (deadlines count in Belgian days).
pub fn brussels_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::hours(brussels_offset_hours(at))).date_naive()
}

/// The moment a Brussels wall-clock time names. In the hour skipped in spring it is read as
/// winter time; in the hour repeated in autumn, as summer time (the first of the two).
pub fn brussels_to_utc(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let summer = chrono::Utc.from_utc_datetime(&(local - chrono::Duration::hours(2)));
    if brussels_offset_hours(summer) == 2 {
        summer
    } else {
        chrono::Utc.from_utc_datetime(&(local - chrono::Duration::hours(1)))
    }
}

/// A day as people type it on a Belgian form: day first, `5/12/2026`, `05-12-2026` or
/// `05.12.2026`; or as links, the API and older bookmarks write it, `2026-12-05`. Anything else
/// (a two-digit year, a month first, a day that does not exist) is refused, naming `field`.
/// Read by hand: the date field is a text box in the page's language, because the browser's own
/// date control writes the day in the browser's language ("mm/dd/yyyy" on a Dutch page).
pub fn parse_day(field: &str, value: &str) -> Result<chrono::NaiveDate, crate::error::AppError> {
    read_day(value.trim()).ok_or_else(|| {
        crate::error::AppError::validation(field, "a day is written DD/MM/YYYY or YYYY-MM-DD")
            .explained(crate::error::ErrorText::DateInvalid)
    })
}

/// [`parse_day`] for a field that may stay empty.
pub fn parse_optional_day(
    field: &str,
    value: Option<&str>,
) -> Result<Option<chrono::NaiveDate>, crate::error::AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse_day(field, v).map(Some),
    }
}

fn read_day(v: &str) -> Option<chrono::NaiveDate> {
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let separator = v.chars().find(|c| !c.is_ascii_digit())?;
    let parts: Vec<&str> = v.split(separator).collect();
    let [a, b, c] = parts[..] else { return None };
    let (year, month, day) = if separator == '-' && a.len() == 4 {
        (number(a, 4..=4)?, number(b, 2..=2)?, number(c, 2..=2)?)
    } else if matches!(separator, '/' | '-' | '.') {
        (number(c, 4..=4)?, number(b, 1..=2)?, number(a, 1..=2)?)
    } else {
        return None;
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A day as a Belgian form shows it: `05/12/2026` ([`parse_day`] reads it back).
pub fn day_text(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}/{:02}/{}", day.day(), day.month(), day.year())
}

/// A day typed into a form, shown again as the form writes days when it is one, and as typed
/// when it is not (so a refused value stays for the person to mend).
pub fn day_input(typed: &str) -> String {
    read_day(typed.trim()).map_or_else(|| typed.to_owned(), day_text)
}

fn brussels_offset_hours(at: chrono::DateTime<chrono::Utc>) -> i64 {
    use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
    let last_sunday = |month: u32| {
        let first_of_next = NaiveDate::from_ymd_opt(at.year(), month + 1, 1).unwrap_or_default();
        let last = first_of_next.pred_opt().unwrap_or_default();
        let back = last.weekday().num_days_from_sunday();
        let day = last - chrono::Duration::days(i64::from(back));
        debug_assert_eq!(day.weekday(), Weekday::Sun);
        chrono::Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).unwrap_or_default())
    };
    if at >= last_sunday(3) && at < last_sunday(10) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_are_shown_in_brussels_time_with_summer_time() {
        let winter = chrono::Utc
            .with_ymd_and_hms(2026, 11, 28, 14, 5, 0)
            .unwrap();
        assert_eq!(format_datetime(winter), "28/11/2026 15:05");
        let summer = chrono::Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 0).unwrap();
        assert_eq!(format_datetime(summer), "02/07/2026 00:30");
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let before = chrono::Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        let after = chrono::Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(format_datetime(before), "29/03/2026 01:59");
        assert_eq!(format_datetime(after), "29/03/2026 03:00");
        let autumn = chrono::Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap();
        assert_eq!(format_datetime(autumn), "25/10/2026 02:00");
    }

    #[test]
    fn w3_times_carry_the_brussels_offset() {
        let winter = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap();
        assert_eq!(brussels_w3(winter), "2026-12-02T09:00:00+01:00");
        let summer = chrono::Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 5).unwrap();
        assert_eq!(brussels_w3(summer), "2026-07-02T00:30:05+02:00");
        let parsed = chrono::DateTime::parse_from_rfc3339(&brussels_w3(summer)).unwrap();
        assert_eq!(parsed, summer);
    }

    #[test]
    fn brussels_wall_clock_times_name_one_moment() {
        use chrono::Datelike;
        let local = |m: u32, d: u32, h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, m, d)
                .unwrap()
                .and_hms_opt(h, 30, 0)
                .unwrap()
        };
        let utc =
            |m: u32, d: u32, h: u32| chrono::Utc.with_ymd_and_hms(2026, m, d, h, 30, 0).unwrap();
        assert_eq!(brussels_to_utc(local(12, 2, 9)), utc(12, 2, 8));
        assert_eq!(brussels_to_utc(local(7, 1, 9)), utc(7, 1, 7));
        // Every hour of the year goes there and back.
        let mut at = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 30, 0).unwrap();
        while at.year() == 2026 {
            let wall = at + chrono::Duration::hours(brussels_offset_hours(at));
            let back = brussels_to_utc(wall.naive_utc());
            // Only the repeated autumn hour has two readings; the first is taken.
            if back != at {
                assert_eq!(back + chrono::Duration::hours(1), at, "{at}");
            }
            at += chrono::Duration::hours(1);
        }
        // The skipped spring hour (02:30 on 29 March) is read as winter time.
        assert_eq!(brussels_to_utc(local(3, 29, 2)), utc(3, 29, 1));
    }

    #[test]
    fn days_are_read_day_first_or_as_iso_and_nothing_else() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (typed, day) in [
            ("5/12/2026", d(2026, 12, 5)),
            ("05/12/2026", d(2026, 12, 5)),
            ("05-12-2026", d(2026, 12, 5)),
            ("5.1.2027", d(2027, 1, 5)),
            (" 2026-12-05 ", d(2026, 12, 5)),
            ("29/02/2028", d(2028, 2, 29)),
        ] {
            assert_eq!(parse_day("from", typed).unwrap(), day, "{typed}");
            assert_eq!(parse_day("from", &day_text(day)).unwrap(), day);
        }
        for garbage in [
            "",
            "yesterday",
            "12/5/26",
            "2026/12/05",
            "31/02/2026",
            "2026-2-5",
            "5/12/2026/1",
            "5 12 2026",
            "00/12/2026",
            "5/13/2026",
            "+5/12/2026",
            "5/12/-2026",
            "٥/١٢/٢٠٢٦",
            "5/12/20260",
            "99999999999999999999/1/2026",
            "5\u{0}/12/2026",
            "<b>5/12/2026</b>",
        ] {
            let e = parse_day("to", garbage).unwrap_err();
            assert!(
                matches!(&e, crate::error::AppError::Validation { field, code: Some(crate::error::ErrorText::DateInvalid), .. } if field == "to"),
                "{garbage:?}: {e:?}"
            );
        }
        assert_eq!(parse_optional_day("from", Some("  ")).unwrap(), None);
        assert_eq!(parse_optional_day("from", None).unwrap(), None);
        assert_eq!(day_input("2026-01-31"), "31/01/2026");
        assert_eq!(day_input("31/02"), "31/02");
    }
}
