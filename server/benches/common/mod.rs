//! What the benchmarks share: command-line arguments and realistic generated reports.

#![allow(dead_code)]

use chrono::{Duration, Utc};
use meldpunt_app::report::domain::{Channel, ReportStatus};
use meldpunt_server::storage::GeneratedReport;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Towns of Flanders with a weight (about their size).
pub const TOWNS: [(&str, f64, f64, f64); 16] = [
    ("Antwerpen", 51.2194, 4.4025, 10.0),
    ("Gent", 51.0543, 3.7174, 6.0),
    ("Brugge", 51.2093, 3.2247, 2.5),
    ("Leuven", 50.8798, 4.7005, 2.0),
    ("Mechelen", 51.0259, 4.4776, 1.8),
    ("Aalst", 50.9378, 4.0403, 1.8),
    ("Kortrijk", 50.8280, 3.2649, 1.6),
    ("Hasselt", 50.9307, 5.3325, 1.6),
    ("Sint-Niklaas", 51.1650, 4.1434, 1.5),
    ("Oostende", 51.2300, 2.9200, 1.5),
    ("Genk", 50.9650, 5.5000, 1.4),
    ("Roeselare", 50.9465, 3.1227, 1.3),
    ("Turnhout", 51.3227, 4.9447, 0.9),
    ("Sint-Truiden", 50.8166, 5.1866, 0.8),
    ("Tongeren", 50.7805, 5.4646, 0.6),
    ("Ieper", 50.8503, 2.8851, 0.7),
];

pub const CATEGORIES: [(&str, &str); 11] = [
    ("waste_not_collected", "netheid"),
    ("illegal_dumping", "netheid"),
    ("street_lighting", "verlichting"),
    ("road_damage", "wegen"),
    ("sidewalk", "wegen"),
    ("traffic_sign", "wegen"),
    ("public_green", "groen"),
    ("graffiti", "netheid"),
    ("sewer_flooding", "wegen"),
    ("noise", "milieu"),
    ("other", "onthaal"),
];

pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn gaussian(rng: &mut StdRng) -> f64 {
    // Box-Muller.
    let (u, v): (f64, f64) = (rng.gen_range(1e-9..1.0), rng.gen_range(0.0..1.0));
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

pub fn generate(n: usize) -> Vec<GeneratedReport> {
    let mut rng = StdRng::seed_from_u64(2026);
    let total_weight: f64 = TOWNS.iter().map(|t| t.3).sum();
    let now = Utc::now();
    (0..n)
        .map(|i| {
            let mut pick = rng.gen_range(0.0..total_weight);
            let town = TOWNS
                .iter()
                .find(|t| {
                    pick -= t.3;
                    pick <= 0.0
                })
                .unwrap_or(&TOWNS[0]);
            let spread = 0.012 * town.3.sqrt();
            let lat = town.1 + gaussian(&mut rng) * spread;
            let lon = town.2 + gaussian(&mut rng) * spread * 1.5;
            let (category, department) = CATEGORIES[rng.gen_range(0..CATEGORIES.len())];
            let created = now - Duration::minutes(rng.gen_range(0..365 * 24 * 60));
            let age_days = (now - created).num_days();
            let status = match (age_days, rng.gen_range(0..20)) {
                (_, 0) => ReportStatus::Rejected,
                (_, 1) => ReportStatus::Duplicate,
                (_, 2) => ReportStatus::Forwarded,
                (d, r) if d < 7 => [
                    ReportStatus::New,
                    ReportStatus::Accepted,
                    ReportStatus::Assigned,
                ][r as usize % 3],
                (d, r) if d < 30 && r < 10 => ReportStatus::InProgress,
                _ => ReportStatus::Done,
            };
            let done_at = (status == ReportStatus::Done).then(|| {
                let hours = (gaussian(&mut rng).abs() * 120.0) as i64 + 2;
                (created + Duration::hours(hours)).min(now)
            });
            let channel = match rng.gen_range(0..10) {
                0..=5 => Channel::Web,
                6..=7 => Channel::Phone,
                8 => Channel::Email,
                _ => [Channel::Counter, Channel::Field][i % 2],
            };
            GeneratedReport {
                lat,
                lon,
                category: category.to_owned(),
                department: department.to_owned(),
                status,
                channel,
                created_at: created,
                due_at: created + Duration::days(14),
                done_at,
                description: format!(
                    "{} in {} bij huisnummer {}",
                    category.replace('_', " "),
                    town.0,
                    i % 200 + 1
                ),
                photos: Vec::new(),
            }
        })
        .collect()
}

/// The nearest-rank percentile of sorted values (the planner's own `quantile`); NaN when
/// there are none.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    meldpunt_app::planner::index::quantile(sorted, q).unwrap_or(f64::NAN)
}
