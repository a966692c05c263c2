//! Unit tests of the report domain: coordinates, distances and boxes, descriptions,
//! references, the workflow's transitions, contact details and report input checks.

use super::*;

#[test]
fn geopoint_rejects_out_of_range_and_nan() {
    assert!(GeoPoint::new(50.8, 5.18).is_ok());
    assert!(GeoPoint::new(91.0, 5.0).is_err());
    assert!(GeoPoint::new(50.0, -181.0).is_err());
    assert!(GeoPoint::new(f64::NAN, 5.0).is_err());
    assert!(GeoPoint::new(50.0, f64::INFINITY).is_err());
}

#[test]
fn distance_between_two_points_in_sint_truiden_is_about_right() {
    let a = GeoPoint::new(50.816, 5.187).unwrap();
    let b = GeoPoint::new(50.818, 5.187).unwrap();
    let d = a.distance_m(&b);
    assert!((d - 222.4).abs() < 1.0, "{d}");
}

/// The point `radius_m` from `p` towards `bearing` (radians from north), on the sphere.
fn destination(p: GeoPoint, radius_m: f64, bearing: f64) -> GeoPoint {
    let (lat, d) = (p.lat.to_radians(), radius_m / EARTH_RADIUS_M);
    let lat2 = (lat.sin() * d.cos() + lat.cos() * d.sin() * bearing.cos()).asin();
    let dlon = (bearing.sin() * d.sin() * lat.cos()).atan2(d.cos() - lat.sin() * lat2.sin());
    GeoPoint {
        lat: lat2.to_degrees(),
        lon: p.lon + dlon.to_degrees(),
    }
}

#[test]
fn bbox_around_holds_the_whole_circle_and_little_more() {
    for (lat, radius) in [
        (50.816, 250.0),
        (50.816, 20_000.0),
        (-33.9, 5_000.0),
        (0.0, 250.0),
    ] {
        let p = GeoPoint::new(lat, 5.187).unwrap();
        let b = p.bbox_around(radius);
        let (mut north, mut south, mut east, mut west) = (f64::MIN, f64::MAX, f64::MIN, f64::MAX);
        for step in 0..3600 {
            let q = destination(p, radius, f64::from(step).to_radians() / 10.0);
            assert!((p.distance_m(&q) - radius).abs() < 1e-6 * radius);
            assert!(
                (b.min_lat..=b.max_lat).contains(&q.lat)
                    && (b.min_lon..=b.max_lon).contains(&q.lon),
                "{q:?} at {radius} m from {p:?} is outside {b:?}"
            );
            (north, south) = (north.max(q.lat), south.min(q.lat));
            (east, west) = (east.max(q.lon), west.min(q.lon));
        }
        // Tight: the circle touches each side (to a few centimetres).
        let slack = 0.05 / EARTH_RADIUS_M.to_radians();
        assert!(
            b.max_lat - north < slack && south - b.min_lat < slack,
            "{b:?}"
        );
        let slack_lon = slack / lat.to_radians().cos();
        assert!(
            b.max_lon - east < slack_lon && west - b.min_lon < slack_lon,
            "{b:?}"
        );
    }
    // Around a pole: every longitude.
    let b = GeoPoint::new(89.9999, 0.0).unwrap().bbox_around(1_000.0);
    assert_eq!((b.min_lon, b.max_lon, b.max_lat), (-180.0, 180.0, 90.0));
}

#[test]
fn description_is_trimmed_and_bounded() {
    assert_eq!(Description::new("  gat  ").unwrap().as_str(), "gat");
    assert!(Description::new("   ").is_err());
    assert!(Description::new(&"é".repeat(4000)).is_ok());
    assert!(Description::new(&"é".repeat(4001)).is_err());
    assert!(Description::new("bell\u{7}").is_err());
    assert!(Description::new("line 1\nline 2").is_ok());
}

#[test]
fn bbox_parse_checks_order_size_and_shape() {
    assert!(BBox::parse("5.1,50.7,5.3,50.9").is_ok());
    assert!(BBox::parse("5.3,50.7,5.1,50.9").is_err());
    assert!(BBox::parse("5.1,50.7,5.3").is_err());
    assert!(BBox::parse("a,b,c,d").is_err());
    assert!(BBox::parse("-10,40,10,60").is_err());
    assert!(BBox::parse("5.1,50.7,5.3,NaN").is_err());
}

#[test]
fn report_ref_round_trips_and_rejects_garbage() {
    let r = ReportRef::new(2026, 123);
    assert_eq!(r.as_str(), "M-2026-000123");
    assert_eq!(ReportRef::parse("m-2026-000123").unwrap(), r);
    assert!(ReportRef::parse("M-2026-12").is_err());
    assert!(ReportRef::parse("../etc/passwd").is_err());
    assert!(ReportRef::parse("M-20x6-000123").is_err());
}

#[test]
fn workflow_allows_forward_moves_and_reopen_only() {
    use ReportStatus::*;
    assert!(New.can_transition_to(InProgress));
    assert!(InProgress.can_transition_to(Done));
    assert!(Done.can_transition_to(Accepted));
    assert!(!Done.can_transition_to(InProgress));
    assert!(!Done.can_transition_to(Done));
    assert!(!Accepted.can_transition_to(New));
    assert!(Accepted.can_transition_to(Assigned));
    assert!(Assigned.can_transition_to(InProgress));
    assert!(
        Assigned.can_transition_to(Accepted),
        "a coordinator can take a report back"
    );
    assert!(Forwarded.can_transition_to(Done));
    assert!(!Forwarded.can_transition_to(InProgress));
    assert!(!InProgress.can_transition_to(Forwarded));
    assert!(Duplicate.can_transition_to(Accepted), "reopen");
    assert!(!Rejected.can_transition_to(Done));
    for s in ReportStatus::ALL {
        assert!(!s.can_transition_to(New), "nothing goes back to new");
        assert!(!s.can_transition_to(s));
    }
    for s in ReportStatus::ALL {
        assert_eq!(ReportStatus::parse(s.as_str()).unwrap(), s);
    }
}

#[test]
fn contact_is_checked_and_empty_contact_is_none() {
    let c = Contact {
        name: Some(" An ".into()),
        email: Some("an@example.be".into()),
        phone: None,
        consent: true,
    };
    assert_eq!(c.parse().unwrap().unwrap().name.as_deref(), Some("An"));
    assert_eq!(
        Contact {
            name: Some("  ".into()),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        None
    );
    let bad = Contact {
        email: Some("not-an-email".into()),
        ..Default::default()
    };
    assert_eq!(bad.parse().unwrap_err().field(), Some("contact.email"));
    let bad = Contact {
        phone: Some("call me".into()),
        ..Default::default()
    };
    assert_eq!(bad.parse().unwrap_err().field(), Some("contact.phone"));
}

#[test]
fn report_input_rejects_unknown_fields() {
    let r: Result<ReportInput, _> = serde_json::from_str(
        r#"{"category":"x","lat":1,"lon":1,"description":"d","status":"done"}"#,
    );
    assert!(r.is_err());
}

/// WCAG's contrast ratio of white text on a `#rrggbb` background.
fn contrast_with_white(colour: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&colour[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (l + 0.05)
}

#[test]
fn every_status_badge_is_readable_white_on_its_colour() {
    for status in ReportStatus::ALL {
        let ratio = contrast_with_white(status.colour());
        assert!(ratio >= 4.5, "{status:?} {}: {ratio:.2}:1", status.colour());
    }
    // The check itself: the old orange was 3.0:1.
    assert!(contrast_with_white("#e67700") < 4.5);
}
