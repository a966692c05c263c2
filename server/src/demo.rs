//! Demo data: ~200 reports around Sint-Truiden over the last 12 months, with a mix of statuses
//! and some photos, plus a demo crew account. Only added to a database without reports.

use crate::photo;
use crate::storage::sqlite::SqliteStore;
use chrono::{Duration, Utc};
use meldpunt_app::port::{Ctx, NewPhoto, PhotoFiles, StatusChange, Store};
use meldpunt_app::report::domain::{
    Channel, Contact, Description, GeoPoint, PhotoKind, ReportStatus, ValidReport,
};
use meldpunt_app::staff::Role;
use meldpunt_app::{service, streets};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const DEMO_CREW_EMAIL: &str = "ploeg@meldpunt.demo";
pub const DEMO_CREW_PASSWORD: &str = "meldpunt-demo-2026";
const CENTRE: (f64, f64) = (50.816, 5.187);

fn describe(category: &str, rng: &mut StdRng) -> &'static str {
    let options: &[&str] = match category {
        "waste_not_collected" => &[
            "De PMD-zakken zijn niet opgehaald.",
            "Restafval staat hier al drie dagen.",
            "Glascontainer vol, zakken ernaast.",
        ],
        "illegal_dumping" => &[
            "Matras en zetel gedumpt aan de kant van de weg.",
            "Bouwafval achtergelaten in de gracht.",
            "Zakken huisvuil in het veld.",
        ],
        "street_lighting" => &[
            "Straatlamp brandt niet meer.",
            "Lantaarnpaal knippert de hele nacht.",
            "Drie lampen op rij zijn uit.",
        ],
        "road_damage" => &[
            "Diepe put in het wegdek, gevaarlijk voor fietsers.",
            "Asfalt is opgebroken na de vorst.",
            "Verzakking bij het rioolputje.",
        ],
        "sidewalk" => &[
            "Losliggende tegels op het voetpad.",
            "Boomwortels duwen de stoeptegels omhoog.",
            "Voetpad versperd door een bouwcontainer.",
        ],
        "traffic_sign" => &[
            "Verkeersbord omvergereden.",
            "Stopbord is onleesbaar door stickers.",
            "Bord hangt scheef na een aanrijding.",
        ],
        "public_green" => &[
            "Haag belemmert het zicht op het kruispunt.",
            "Afgebroken tak hangt boven het fietspad.",
            "Gras in het park is al weken niet gemaaid.",
        ],
        "graffiti" => &[
            "Graffiti op de gevel van het station.",
            "Tags op de bushalte.",
            "Beklad verkeersbord.",
        ],
        "sewer_flooding" => &[
            "Rioolkolk verstopt, straat staat blank bij regen.",
            "Deksel van de riool ligt los.",
            "Rioolgeur in de straat.",
        ],
        "noise" => &[
            "Elke nacht lawaai van een ventilator.",
            "Harde muziek tot laat in de nacht.",
            "Alarm gaat al uren af.",
        ],
        _ => &[
            "Bank in het park is kapot.",
            "Speeltuigen beschadigd.",
            "Fietsenrek losgeslagen.",
        ],
    };
    options[rng.gen_range(0..options.len())]
}

/// A synthetic photo: a sky-and-ground gradient with a dark blob, as a phone-sized JPEG.
fn synthetic_photo(seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let (cx, cy, r) = (
        rng.gen_range(400..1600) as f64,
        rng.gen_range(700..1100) as f64,
        rng.gen_range(120..300) as f64,
    );
    let img = image::RgbImage::from_fn(2000, 1500, |x, y| {
        let (xf, yf) = (x as f64, y as f64);
        if ((xf - cx).powi(2) + (yf - cy).powi(2)).sqrt() < r {
            image::Rgb([60, 50, 45])
        } else if y < 600 {
            image::Rgb([120, (170 + y / 20) as u8, 230])
        } else {
            image::Rgb([(90 + (x % 40)) as u8, (110 + (y % 30)) as u8, 80])
        }
    });
    let mut out = Vec::new();
    let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img);
    out
}

async fn store_photo(ctx: &Ctx, seed: u64, kind: PhotoKind) -> anyhow::Result<NewPhoto> {
    let bytes = synthetic_photo(seed);
    let p = tokio::task::spawn_blocking(move || photo::process(&bytes)).await??;
    let photos: &dyn PhotoFiles = ctx.photos.as_ref();
    Ok(NewPhoto {
        kind,
        width: p.width,
        height: p.height,
        bytes: p.display.len() as u64,
        sha256: p.sha256,
        key: photos.put(&p.display, "jpg").await?,
        thumbnail_key: photos.put(&p.thumbnail, "thumb.jpg").await?,
    })
}

/// Seeds the demo data; does nothing when the database already has reports.
pub async fn seed(ctx: &Ctx, store: &SqliteStore, count: usize) -> anyhow::Result<usize> {
    let crew_id = match store.user_by_email(DEMO_CREW_EMAIL).await? {
        Some(u) => u.user.id,
        None => {
            store
                .create_user(
                    DEMO_CREW_EMAIL,
                    "Demo ploeg",
                    Role::Crew,
                    &service::hash_password(DEMO_CREW_PASSWORD)?,
                )
                .await?
        }
    };
    if store.count_reports().await? > 0 {
        return Ok(0);
    }
    let categories = store.categories().await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let now = Utc::now();
    let mut ages: Vec<i64> = (0..count)
        .map(|_| rng.gen_range(0..365 * 24 * 60))
        .collect();
    ages.sort_unstable_by(|a, b| b.cmp(a));
    for (i, age_minutes) in ages.into_iter().enumerate() {
        let category = &categories[rng.gen_range(0..categories.len())];
        // Reports cluster in the centre and thin out towards the villages.
        let spread = |rng: &mut StdRng| (0..3).map(|_| rng.gen_range(-1.0..1.0)).sum::<f64>() / 3.0;
        let point = GeoPoint::new(
            CENTRE.0 + spread(&mut rng) * 0.03,
            CENTRE.1 + spread(&mut rng) * 0.05,
        )?;
        let street = streets::STREETS.iter().min_by(|a, b| {
            let d = |s: &&(&str, f64, f64)| (s.1 - point.lat).powi(2) + (s.2 - point.lon).powi(2);
            d(a).total_cmp(&d(b))
        });
        let address =
            street.map(|s| format!("{} {}, 3800 Sint-Truiden", s.0, rng.gen_range(1..120)));
        let channel = [
            Channel::Web,
            Channel::Web,
            Channel::Web,
            Channel::Phone,
            Channel::Email,
            Channel::Counter,
        ][rng.gen_range(0..6)];
        let contact = (rng.gen_range(0..3) > 0).then(|| Contact {
            name: Some(format!("Demo melder {i}")),
            email: Some(format!("melder{i}@example.invalid")),
            phone: None,
            consent: true,
        });
        let report = ValidReport {
            category: category.code.clone(),
            point,
            description: Description::new(describe(&category.code, &mut rng))?,
            address,
            contact,
            channel,
        };
        let created = now - Duration::minutes(age_minutes);
        let photos = if i % 5 == 0 {
            vec![store_photo(ctx, i as u64, PhotoKind::Before).await?]
        } else {
            Vec::new()
        };
        let outcome = store
            .create_report(&report, &service::random_token(), &photos, None, created)
            .await?;
        let meldpunt_app::port::CreateOutcome::Created { id, .. } = outcome else {
            continue;
        };
        // Older reports are further along.
        let age_days = age_minutes / (24 * 60);
        let path: &[ReportStatus] = match (age_days, rng.gen_range(0..10)) {
            (_, 0) => &[ReportStatus::Rejected],
            (d, _) if d < 3 => &[],
            (d, r) if d < 14 && r < 5 => &[ReportStatus::Accepted],
            (d, _) if d < 14 => &[ReportStatus::Accepted, ReportStatus::InProgress],
            (_, 1) => &[ReportStatus::Duplicate],
            (_, r) if r < 8 => &[
                ReportStatus::Accepted,
                ReportStatus::InProgress,
                ReportStatus::Done,
            ],
            _ => &[ReportStatus::Accepted],
        };
        let mut from = ReportStatus::New;
        let mut at = created;
        for (step, to) in path.iter().enumerate() {
            at += Duration::hours(rng.gen_range(2..(24 * (step as i64 + 2))));
            if at > now {
                break;
            }
            let note = match to {
                ReportStatus::Done => Some("Hersteld door de ploeg.".to_owned()),
                ReportStatus::Rejected => {
                    Some("Dit valt niet onder de bevoegdheid van de stad.".to_owned())
                }
                _ => None,
            };
            let photos = if *to == ReportStatus::Done && i % 10 == 0 {
                vec![store_photo(ctx, 10_000 + i as u64, PhotoKind::After).await?]
            } else {
                Vec::new()
            };
            store
                .change_status(
                    &StatusChange {
                        report_id: id,
                        from,
                        to: *to,
                        note,
                        actor_user_id: crew_id,
                        photos,
                    },
                    at,
                )
                .await?;
            from = *to;
        }
    }
    Ok(count)
}
