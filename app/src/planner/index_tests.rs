//! Tests of the planner index: clusters that add up, filters, updates, statistics.
use super::*;
use chrono::NaiveDate;

fn row(id: i64, lat: f64, lon: f64, category: &str, status: ReportStatus) -> IndexRow {
    IndexRow {
        id,
        reference: format!("M-2026-{id:06}"),
        lat,
        lon,
        category: category.into(),
        department: "wegen".into(),
        status,
        channel: Channel::Web,
        created_at: DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        due_at: DateTime::parse_from_rfc3339("2026-03-15T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        done_at: None,
        updated_at: DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        description: format!("Put nummer {id} in de Stationsstraat"),
        hidden: false,
        answers: vec![],
        district: String::new(),
        paused_since: None,
    }
}

fn today() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

const FLANDERS: [f64; 4] = [2.5, 50.6, 6.0, 51.6];

#[test]
fn mercator_round_trips_within_two_centimetres() {
    for (lat, lon) in [(50.8166, 5.1866), (-33.9, 151.2), (0.0, 0.0)] {
        let back = (
            merc_lat(f64::from(merc_y(lat))),
            merc_lon(f64::from(merc_x(lon))),
        );
        assert!(
            (back.0 - lat).abs() < 2e-7 && (back.1 - lon).abs() < 2e-7,
            "{back:?}"
        );
    }
}

#[test]
fn every_matching_report_is_in_exactly_one_cluster_at_every_zoom() {
    let index = PlannerIndex::default();
    let rows: Vec<IndexRow> = (0..2000)
        .map(|i| {
            let status = ReportStatus::ALL[i % 8];
            let category = if i % 3 == 0 { "waste" } else { "road_damage" };
            row(
                i as i64 + 1,
                50.80 + (i % 47) as f64 * 0.0013,
                5.17 + (i % 53) as f64 * 0.0011,
                category,
                status,
            )
        })
        .collect();
    index.apply(&rows[..1500]);
    index.rebucket();
    index.apply(&rows[1500..]);
    let filter = PlannerFilter {
        category: vec!["waste".into()],
        ..PlannerFilter::default()
    };
    let expected = rows.iter().filter(|r| r.category == "waste").count() as u64;
    for zoom in 8..=18 {
        let answer = index.clusters(FLANDERS, zoom, &filter, today(), false);
        if answer.too_wide {
            continue;
        }
        assert_eq!(answer.total, expected, "zoom {zoom}");
        let sum: u64 = answer.clusters.iter().map(|c| u64::from(c.count)).sum();
        assert_eq!(sum, expected, "zoom {zoom}: clusters add up");
    }
    let ids = index.matching_ids(&filter, today());
    assert_eq!(ids.len() as u64, expected);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "each report once");
}

#[test]
fn clusters_split_as_the_zoom_grows_and_single_reports_carry_their_reference() {
    let index = PlannerIndex::default();
    index.apply(&[
        row(1, 50.8166, 5.1866, "waste", ReportStatus::New),
        row(2, 50.8167, 5.1867, "waste", ReportStatus::New),
        row(3, 50.9000, 5.3000, "waste", ReportStatus::Done),
    ]);
    let all = PlannerFilter::default();
    let low = index.clusters(FLANDERS, 8, &all, today(), false);
    assert_eq!(low.clusters.len(), 2, "two places at zoom 8");
    let high = index.clusters([5.1860, 50.8160, 5.1872, 50.8172], 22, &all, today(), false);
    assert_eq!(high.clusters.len(), 2, "the close pair splits at zoom 22");
    assert!(high.clusters.iter().all(|c| c.reference.is_some()));
    let lone = low.clusters.iter().find(|c| c.count == 1).unwrap();
    assert_eq!(lone.reference.as_deref(), Some("M-2026-000003"));
    assert_eq!(lone.status, ReportStatus::Done);
}

#[test]
fn filters_combine_and_updates_move_reports_between_answers() {
    let index = PlannerIndex::default();
    index.apply(&[
        row(1, 50.8166, 5.1866, "waste", ReportStatus::New),
        row(2, 50.8266, 5.1966, "road_damage", ReportStatus::Done),
    ]);
    index.rebucket();
    let count = |f: &PlannerFilter| index.clusters(FLANDERS, 10, f, today(), false).total;
    let open_only = PlannerFilter {
        status: vec![ReportStatus::New, ReportStatus::Accepted],
        ..PlannerFilter::default()
    };
    assert_eq!(count(&open_only), 1);
    let overdue = PlannerFilter {
        overdue: true,
        ..PlannerFilter::default()
    };
    assert_eq!(count(&overdue), 1, "the open one is past its due date");
    let text = PlannerFilter {
        q: Some("NUMMER 2".into()),
        ..PlannerFilter::default()
    };
    assert_eq!(count(&text), 1, "text matches case-insensitively");
    let before = PlannerFilter {
        to: NaiveDate::from_ymd_opt(2026, 2, 28),
        ..PlannerFilter::default()
    };
    assert_eq!(count(&before), 0);
    // Report 1 is closed: it leaves the open filter; a hidden one leaves every answer.
    let mut closed = row(1, 50.8166, 5.1866, "waste", ReportStatus::Done);
    index.apply(std::slice::from_ref(&closed));
    assert_eq!(count(&open_only), 0);
    closed.hidden = true;
    index.apply(&[closed]);
    assert_eq!(count(&PlannerFilter::default()), 1);
    // Moved: found at its new place only.
    index.apply(&[row(2, 51.2, 4.4, "road_damage", ReportStatus::Done)]);
    let antwerp = index.clusters(
        [4.3, 51.1, 4.5, 51.3],
        12,
        &PlannerFilter::default(),
        today(),
        false,
    );
    assert_eq!(antwerp.total, 1);
    let st = index.clusters(
        [5.1, 50.7, 5.3, 50.9],
        12,
        &PlannerFilter::default(),
        today(),
        false,
    );
    assert_eq!(st.total, 0);
}

#[test]
fn statistics_count_per_category_month_channel_department_and_time_to_done() {
    let index = PlannerIndex::default();
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let mut a = row(1, 50.8166, 5.1866, "waste", ReportStatus::Done);
    a.done_at = Some(at("2026-03-02T10:00:00Z")); // 24 h, within target
    let mut b = row(2, 50.8166, 5.1866, "waste", ReportStatus::Done);
    b.done_at = Some(at("2026-03-31T10:00:00Z")); // 720 h, late
    let mut c = row(3, 50.9, 5.3, "road_damage", ReportStatus::New);
    c.created_at = at("2026-04-10T08:00:00Z");
    c.channel = Channel::Phone;
    c.department = "netheid".into();
    index.apply(&[a, b, c]);
    let s = index.stats(&PlannerFilter::default(), today(), 5);
    assert_eq!(s.total, 3);
    assert_eq!(
        s.by_category,
        [("waste".to_owned(), 2), ("road_damage".to_owned(), 1)]
    );
    assert_eq!(s.by_month, [((2026, 3), 2), ((2026, 4), 1)]);
    assert_eq!(s.by_channel, [(Channel::Web, 2), (Channel::Phone, 1)]);
    assert_eq!(
        s.by_department,
        [
            ("wegen".to_owned(), 2, 0, 0),
            ("netheid".to_owned(), 1, 1, 1)
        ]
    );
    assert_eq!((s.done, s.done_within_target), (2, 1));
    assert_eq!(s.hours_to_done, [24.0, 720.0]);
    assert_eq!(quantile(&s.hours_to_done, 0.5), Some(24.0));
    assert_eq!(quantile(&s.hours_to_done, 0.9), Some(720.0));
    assert_eq!(s.hotspots[0].count, 2);
    assert_eq!(s.hotspots[0].top_category, "waste");
    assert!((s.hotspots[0].lat - 50.8166).abs() < 0.001);
    // Pace per category: only categories with a done report.
    assert_eq!(s.pace, [("waste".to_owned(), 2, 1, vec![24.0, 720.0])]);
}

#[test]
fn answers_to_is_it_fixed_count_for_matching_reports_only() {
    use crate::port::FeedbackFact;
    let index = PlannerIndex::default();
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let a = row(1, 50.8166, 5.1866, "waste", ReportStatus::Done);
    let b = row(2, 50.8166, 5.1866, "waste", ReportStatus::Done);
    let mut c = row(3, 50.9, 5.3, "road_damage", ReportStatus::Rejected);
    c.department = "netheid".into();
    let mut hidden = row(4, 50.9, 5.3, "waste", ReportStatus::Done);
    hidden.hidden = true;
    index.apply(&[a, b, c, hidden]);
    let fact = |id, asked: &str, fixed, satisfaction| FeedbackFact {
        report_id: id,
        asked_at: at(asked),
        fixed,
        satisfaction,
    };
    let facts = [
        fact(1, "2026-03-05T10:00:00Z", Some(true), Some(5)),
        fact(2, "2026-04-01T10:00:00Z", Some(false), Some(2)),
        fact(3, "2026-04-02T10:00:00Z", None, None),
        // Hidden, and unknown to the index: never counted.
        fact(4, "2026-04-02T10:00:00Z", Some(false), Some(1)),
        fact(99, "2026-04-02T10:00:00Z", Some(false), Some(1)),
    ];
    let f = index.feedback(&PlannerFilter::default(), today(), &facts);
    assert_eq!((f.total.asked, f.total.answered, f.total.fixed), (3, 2, 1));
    assert_eq!(f.total.mean_score(), Some(3.5));
    let keys = |v: &[crate::planner::domain::FeedbackCount]| {
        v.iter()
            .map(|c| (c.key.clone(), c.asked, c.fixed))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(&f.by_category),
        [("waste".into(), 2, 1), ("road_damage".into(), 1, 0)]
    );
    assert_eq!(
        keys(&f.by_department),
        [("wegen".into(), 2, 1), ("netheid".into(), 1, 0)]
    );
    assert_eq!(
        keys(&f.by_month),
        [("2026-03".into(), 1, 1), ("2026-04".into(), 2, 0)]
    );
    // The planners' filter applies to the answers too.
    let only_roads = PlannerFilter {
        category: vec!["road_damage".into()],
        ..PlannerFilter::default()
    };
    let f = index.feedback(&only_roads, today(), &facts);
    assert_eq!((f.total.asked, f.total.answered), (1, 0));
    assert_eq!(f.total.fixed_pct(), None);
}

#[test]
fn a_window_too_wide_for_its_zoom_is_refused_instead_of_making_millions_of_cells() {
    let index = PlannerIndex::default();
    let answer = index.clusters(
        [-180.0, -85.0, 180.0, 85.0],
        18,
        &PlannerFilter::default(),
        today(),
        false,
    );
    assert!(answer.too_wide);
}

#[test]
fn answers_filter_by_every_pair_asked_before_and_after_rebucketing() {
    use crate::report::questions::Answer;
    let answer = |q: &str, vs: &[&str]| Answer {
        question: q.into(),
        values: vs.iter().map(|v| v.to_string()).collect(),
    };
    let index = PlannerIndex::default();
    let rows: Vec<IndexRow> = (0..300)
        .map(|i| {
            let mut r = row(
                i + 1,
                50.80 + (i % 17) as f64 * 0.001,
                5.17 + (i % 19) as f64 * 0.001,
                "waste",
                ReportStatus::New,
            );
            r.answers = match i % 3 {
                0 => vec![
                    answer("container", &["pmd"]),
                    answer("kinds", &["paper", "metal"]),
                ],
                1 => vec![answer("container", &["glass"])],
                _ => vec![],
            };
            r
        })
        .collect();
    index.apply(&rows[..200]);
    index.rebucket();
    index.apply(&rows[200..]);
    let count = |pairs: &[(&str, &str)]| {
        let filter = PlannerFilter {
            answer: pairs
                .iter()
                .map(|(q, v)| (q.to_string(), v.to_string()))
                .collect(),
            ..PlannerFilter::default()
        };
        index.clusters(FLANDERS, 10, &filter, today(), false).total
    };
    assert_eq!(count(&[]), 300);
    assert_eq!(count(&[("container", "pmd")]), 100);
    assert_eq!(count(&[("container", "glass")]), 100);
    assert_eq!(count(&[("container", "pmd"), ("kinds", "metal")]), 100);
    assert_eq!(count(&[("container", "glass"), ("kinds", "metal")]), 0);
    // Two values of one question: either.
    assert_eq!(count(&[("container", "glass"), ("container", "pmd")]), 200);
    assert_eq!(count(&[("container", "glass"), ("container", "rest")]), 100);
    assert_eq!(count(&[("container", "rest")]), 0, "an answer nobody gave");
    index.rebucket();
    assert_eq!(count(&[("kinds", "paper")]), 100);
}

#[test]
fn districts_filter_and_count_and_a_paused_deadline_is_not_late() {
    let index = PlannerIndex::default();
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let mut a = row(1, 50.8166, 5.1866, "waste", ReportStatus::Done);
    a.district = "brustem".into();
    a.done_at = Some(at("2026-03-02T10:00:00Z"));
    let mut b = row(2, 50.8166, 5.1866, "waste", ReportStatus::New);
    b.district = "brustem".into();
    // Due on 15 March, paused on 10 March: not late while the question waits.
    b.paused_since = Some(at("2026-03-10T10:00:00Z"));
    let mut c = row(3, 50.9, 5.3, "waste", ReportStatus::New);
    c.district = "zepperen".into();
    let d = row(4, 50.95, 5.35, "waste", ReportStatus::New);
    index.apply(&[a, b.clone(), c, d]);
    let only = |codes: &[&str]| PlannerFilter {
        district: codes.iter().map(|c| (*c).to_owned()).collect(),
        ..PlannerFilter::default()
    };
    let mut ids = index.matching_ids(&only(&["brustem"]), today());
    ids.sort_unstable();
    assert_eq!(ids, [1, 2]);
    assert_eq!(
        index.matching_ids(&only(&["zepperen", "nowhere"]), today()),
        [3]
    );
    assert!(index.matching_ids(&only(&["nowhere"]), today()).is_empty());

    let s = index.stats(&PlannerFilter::default(), today(), 0);
    let by: Vec<_> = s
        .by_district
        .iter()
        .map(|d| (d.code.as_str(), d.total, d.open, d.overdue, d.done))
        .collect();
    assert_eq!(
        by,
        [
            ("brustem", 2, 1, 0, 1),
            ("", 1, 1, 1, 0),
            ("zepperen", 1, 1, 1, 0)
        ]
    );
    assert_eq!(s.by_district[0].hours_to_done, [24.0]);
    assert_eq!(s.by_department, [("wegen".to_owned(), 4, 3, 2)]);
    let overdue = PlannerFilter {
        overdue: true,
        ..PlannerFilter::default()
    };
    let mut late = index.matching_ids(&overdue, today());
    late.sort_unstable();
    assert_eq!(late, [3, 4]);
    // The question is answered: the deadline runs again (moved by the store) and counts.
    b.paused_since = None;
    index.apply(&[b]);
    assert_eq!(index.matching_ids(&overdue, today()).len(), 3);
}

#[test]
fn a_saved_index_answers_as_the_one_it_was_saved_from_and_a_damaged_file_is_refused() {
    use super::snapshot::{Out, FORMAT, MAGIC};
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let index = PlannerIndex::default();
    let rows: Vec<IndexRow> = (1..=3000)
        .map(|i| {
            let status = ReportStatus::ALL[i as usize % ReportStatus::ALL.len()];
            let category = ["waste", "road_damage", "graffiti"][i as usize % 3];
            let mut r = row(
                i,
                50.78 + (i % 60) as f64 * 0.001,
                5.15 + (i / 60) as f64 * 0.001,
                category,
                status,
            );
            r.district = ["", "brustem", "zepperen"][i as usize % 3 / 2 + i as usize % 2].into();
            r.hidden = i % 97 == 0;
            r.channel = Channel::ALL[i as usize % Channel::ALL.len()];
            r.done_at = (status == ReportStatus::Done).then(|| at("2026-03-04T10:00:00Z"));
            r.paused_since = (i % 11 == 0).then(|| at("2026-03-10T10:00:00Z"));
            if i % 5 == 0 {
                r.answers = vec![crate::report::questions::Answer {
                    question: "size".into(),
                    values: vec![["small", "large"][i as usize % 2].into()],
                }];
            }
            r
        })
        .collect();
    index.load(&rows);
    index.rebucket();
    // Nothing is saved before the index has caught up with the database once.
    assert!(index.snapshot("sqlite 23").is_none());
    *index.synced_to.lock().unwrap() = Some(at("2026-11-28T11:59:00Z"));
    *index.synced_at.lock().unwrap() = Some(today());
    let bytes = index.snapshot("sqlite 23").unwrap();

    let restored = PlannerIndex::read_snapshot(&bytes, "sqlite 23").unwrap();
    assert_eq!(
        restored.facts,
        SnapshotFacts {
            synced_to: at("2026-11-28T11:59:00Z"),
            reports: 3000,
            max_id: 3000,
        }
    );
    let copy = PlannerIndex::default();
    assert!(copy.install(restored));
    assert_eq!(
        *copy.synced_to.lock().unwrap(),
        Some(at("2026-11-28T11:59:00Z"))
    );
    let filters = [
        PlannerFilter::default(),
        PlannerFilter::from_pairs([("category", "waste,graffiti"), ("status", "new,done")])
            .unwrap(),
        PlannerFilter::from_pairs([("district", "brustem"), ("overdue", "1")]).unwrap(),
        PlannerFilter::from_pairs([("q", "nummer 12"), ("channel", "phone")]).unwrap(),
        PlannerFilter::from_pairs([("answer", "size:large"), ("from", "2026-02-01")]).unwrap(),
    ];
    let compare = |copy: &PlannerIndex| {
        for f in &filters {
            for zoom in [8, 12, 15, 18] {
                assert_eq!(
                    copy.clusters(FLANDERS, zoom, f, today(), false),
                    index.clusters(FLANDERS, zoom, f, today(), false),
                    "{f:?} at {zoom}"
                );
            }
            assert_eq!(
                copy.stats(f, today(), 10),
                index.stats(f, today(), 10),
                "{f:?}"
            );
            assert_eq!(
                copy.matching_ids(f, today()),
                index.matching_ids(f, today())
            );
        }
    };
    compare(&copy);
    // Changes after the file's mark apply to it as to the index it was saved from.
    let mut changed = rows[41].clone();
    changed.status = ReportStatus::Done;
    changed.lat += 0.05;
    let mut new = row(5000, 50.81, 5.19, "waste", ReportStatus::New);
    new.description = "Nieuw na het bewaren".into();
    index.apply(&[changed.clone(), new.clone()]);
    copy.apply(&[changed, new]);
    compare(&copy);
    // A loaded index takes no file.
    let again = PlannerIndex::read_snapshot(&bytes, "sqlite 23").unwrap();
    assert!(!copy.install(again));

    // Another tag, and damage of every kind, are refused: never a panic, never a guess.
    let refused = |b: &[u8]| PlannerIndex::read_snapshot(b, "sqlite 23").err();
    assert!(PlannerIndex::read_snapshot(&bytes, "postgres 17").is_err());
    assert!(refused(&[]).is_some());
    for cut in (0..bytes.len()).step_by(997) {
        assert!(refused(&bytes[..cut]).is_some(), "cut at {cut}");
    }
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x40;
    assert_eq!(
        refused(&flipped).as_deref(),
        Some("the checksum does not match")
    );
    // Damage behind a checksum made to match: each byte of the header and of the first
    // columns' counts changed in turn is refused or reads the same reports, and never panics.
    let resum = |mut b: Vec<u8>| {
        let n = b.len() - 8;
        let sum = xxhash_rust::xxh3::xxh3_64(&b[..n]);
        b[n..].copy_from_slice(&sum.to_le_bytes());
        b
    };
    for i in (0..bytes.len() - 8).step_by(331).chain(0..64) {
        for bit in [0x01, 0x80] {
            let mut b = bytes.clone();
            b[i] ^= bit;
            if let Ok(r) = PlannerIndex::read_snapshot(&resum(b), "sqlite 23") {
                assert_eq!(r.facts.reports, 3000);
            }
        }
    }
    // A status code no report can have, with a matching checksum.
    let status_at = {
        let c = index.columns.read().unwrap();
        let mut out = Out(Vec::new());
        out.0.extend_from_slice(MAGIC);
        out.u32(FORMAT);
        out.bytes(b"sqlite 23");
        out.u64(0);
        out.i64s(&c.id);
        out.strs(c.reference.iter().map(String::as_str));
        out.u32s(&c.x);
        out.u32s(&c.y);
        for codes in [&c.category, &c.department, &c.district] {
            out.bytes(codes);
        }
        out.0.len() + 8
    };
    let mut bad = bytes.clone();
    bad[status_at] = 200;
    assert_eq!(
        PlannerIndex::read_snapshot(&resum(bad), "sqlite 23")
            .err()
            .as_deref(),
        Some("a code out of range")
    );
}

#[test]
fn reports_of_every_channel_and_status_count_in_the_statistics() {
    // A count per channel once had room for five: a report filed through the API (the sixth)
    // made the planners' statistics panic.
    let index = PlannerIndex::default();
    let rows: Vec<IndexRow> = Channel::ALL
        .iter()
        .zip(ReportStatus::ALL.iter().cycle())
        .enumerate()
        .map(|(i, (channel, status))| {
            let mut r = row(i as i64 + 1, 50.8166, 5.1866, "waste", *status);
            r.channel = *channel;
            r
        })
        .collect();
    index.apply(&rows);
    let s = index.stats(&PlannerFilter::default(), today(), 1);
    assert_eq!(s.total, Channel::ALL.len() as u64);
    assert_eq!(
        s.by_channel.iter().map(|(_, n)| n).sum::<u64>(),
        Channel::ALL.len() as u64
    );
    assert!(
        s.by_channel.contains(&(Channel::Api, 1)),
        "{:?}",
        s.by_channel
    );
}

#[test]
fn low_zooms_add_up_groups_and_answer_exactly_as_scanning_every_report() {
    // Reports around two towns, of every category, status, channel and district, some hidden.
    let index = PlannerIndex::default();
    let mut seed = 42u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as f64 / f64::from(1u32 << 31)
    };
    let rows: Vec<IndexRow> = (1..=20_000)
        .map(|i| {
            let (lat, lon) = if i % 3 == 0 {
                (50.8166, 5.1866)
            } else {
                (50.93, 5.34)
            };
            let status = ReportStatus::ALL[(next() * 8.0) as usize % 8];
            let category = ["waste", "road_damage", "graffiti", "lights"][i as usize % 4];
            let mut r = row(
                i,
                lat + (next() - 0.5) * 0.4,
                lon + (next() - 0.5) * 0.6,
                category,
                status,
            );
            r.channel = Channel::ALL[(next() * 6.0) as usize % 6];
            r.district = ["", "brustem", "velm"][i as usize % 3].into();
            r.department = ["wegen", "netheid"][i as usize % 2].into();
            r.hidden = i % 53 == 0;
            // Made over 300 days, one in five due within 20 days (the others next year), some
            // deadlines paused.
            r.created_at += chrono::Duration::days(i % 300);
            r.due_at = r.created_at + chrono::Duration::days(if i % 5 == 0 { i % 20 } else { 400 });
            r.paused_since = (i % 7 == 0).then(|| r.created_at + chrono::Duration::days(1));
            r
        })
        .collect();
    // And a crowd in one place, alike in every code, so that groups are long enough for their
    // blocks of reports to be used whole: open and closed, made over 300 days, some late.
    let mut rows = rows;
    rows.extend((0..3_000).map(|i| {
        let status = [
            ReportStatus::New,
            ReportStatus::InProgress,
            ReportStatus::Done,
        ][i % 3];
        let mut r = row(
            30_001 + i as i64,
            50.8166 + (next() - 0.5) * 0.01,
            5.1866 + (next() - 0.5) * 0.01,
            "waste",
            status,
        );
        r.created_at += chrono::Duration::days(i as i64 % 300);
        r.due_at = r.created_at + chrono::Duration::days(i as i64 % 40);
        r
    }));
    index.load(&rows);
    index.rebucket();
    let filters = [
        PlannerFilter::default(),
        PlannerFilter::from_pairs([("status", "new,accepted,in_progress")]).unwrap(),
        PlannerFilter::from_pairs([("category", "waste,graffiti"), ("channel", "web,phone")])
            .unwrap(),
        PlannerFilter::from_pairs([("department", "wegen"), ("district", "velm")]).unwrap(),
        // Not plain: scanned, or read from the timeline when its list is much shorter.
        PlannerFilter::from_pairs([("from", "2026-02-01"), ("status", "new")]).unwrap(),
        PlannerFilter::from_pairs([("from", "2026-06-01"), ("to", "2026-06-10")]).unwrap(),
        PlannerFilter::from_pairs([("overdue", "1")]).unwrap(),
        PlannerFilter::from_pairs([
            ("overdue", "1"),
            ("to", "2026-03-20"),
            ("category", "waste"),
        ])
        .unwrap(),
    ];
    let window = |lat: f64, lon: f64, zoom: u32| {
        let world = 256.0 * 2f64.powi(zoom as i32);
        let (dlon, dlat) = (1280.0 / world * 360.0, 800.0 / world * 360.0 * 0.63);
        [
            lon - dlon / 2.0,
            lat - dlat / 2.0,
            lon + dlon / 2.0,
            lat + dlat / 2.0,
        ]
    };
    let compare = |label: &str| {
        let mut grouped = 0;
        for zoom in 5..=16 {
            for k in 0..12 {
                let (lat, lon) = (50.75 + f64::from(k) * 0.021, 5.05 + f64::from(k) * 0.037);
                let w = window(lat, lon, zoom);
                for f in &filters {
                    for heat in [false, true] {
                        let scanned = index.clusters_by(w, zoom, f, today(), heat, false);
                        let fast = index.clusters_by(w, zoom, f, today(), heat, true);
                        assert_eq!(fast, scanned, "{label}: zoom {zoom}, {w:?}, {f:?}, {heat}");
                        grouped += usize::from(zoom <= 15 && fast.total > 0);
                    }
                }
            }
        }
        assert!(grouped > 100, "windows with reports: {grouped}");
        // The timeline reads part of the buckets, not only offers to: a short period, the
        // late reports, and all of them without either.
        let c = index.columns.read().unwrap();
        let timeline = timeline::Timeline::build(&c);
        let all = 0..c.bucketed.len();
        let read = |f: &PlannerFilter| {
            let mut read = 0;
            timeline.read(&c, all.clone(), &c.compile(f, today()), &mut |_| read += 1);
            read
        };
        assert!(read(&filters[5]) > 0 && read(&filters[5]) * 20 < all.len());
        let open = c
            .bucketed
            .iter()
            .filter(|&&p| !c.hidden[p as usize] && c.open(p as usize))
            .count();
        assert!(open < all.len());
        assert_eq!(read(&filters[6]), open);
        assert_eq!(read(&filters[0]), all.len());
    };
    compare("as loaded");
    // Both filters with a time were answered from the timed groups where they could.
    let [plain, made, late] = index.groups.lock().unwrap().kinds();
    assert!(
        plain >= 4 && made >= 2 && late >= 1,
        "{plain} {made} {late}"
    );
    // Every matching report in exactly one cluster: the totals add up.
    let all = index.clusters(window(50.87, 5.26, 8), 8, &filters[0], today(), false);
    assert_eq!(all.total, rows.iter().filter(|r| !r.hidden).count() as u64);
    assert_eq!(
        all.clusters.iter().map(|c| u64::from(c.count)).sum::<u64>(),
        all.total
    );
    // Changes: the groups are built again before the next low zoom.
    let mut moved = rows[7].clone();
    moved.status = ReportStatus::Done;
    moved.lat += 0.2;
    let mut hidden = rows[8].clone();
    hidden.hidden = true;
    // Made at another time than first told (its place in its bucket moves).
    let mut backdated = rows[9].clone();
    backdated.created_at = DateTime::parse_from_rfc3339("2026-06-05T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    index.apply(&[
        moved,
        hidden,
        backdated,
        row(30_000, 50.9, 5.3, "waste", ReportStatus::New),
    ]);
    compare("after changes");
}

#[test]
fn a_row_read_again_unchanged_keeps_what_was_built_from_the_columns() {
    // SQLite's sync reads the rows changed in the last seconds again at every request: the
    // groups built from the columns must not be thrown away for rows that did not change.
    let index = PlannerIndex::default();
    let rows = [
        row(1, 50.80, 5.20, "waste", ReportStatus::New),
        row(2, 50.81, 5.21, "waste", ReportStatus::New),
    ];
    index.load(&rows);
    index.rebucket();
    let version = || index.columns.read().unwrap().version;
    let before = version();
    index.apply(&rows);
    assert_eq!(version(), before);
    let mut changed = rows[1].clone();
    changed.status = ReportStatus::Done;
    index.apply(&[changed.clone()]);
    assert!(version() > before);
    let after = version();
    changed.paused_since = Some(changed.created_at);
    index.apply(&[changed]);
    assert!(version() > after);
}
