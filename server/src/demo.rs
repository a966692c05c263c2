//! Demo data: the sample address register, a team per department, two external partners, one
//! account per role, and ~200 reports around Sint-Truiden over the last 12 months with a mix of
//! statuses and some photos. Reports are only added to a database without reports.

use crate::photo;
use crate::storage::Backend;
use chrono::{Duration, Utc};
use meldpunt_app::context::Ctx;
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::office::domain::EventKind;
use meldpunt_app::port::{NewPhoto, ReportUpdate};
use meldpunt_app::report::domain::{
    Channel, Contact, Description, GeoPoint, PhotoKind, ReportStatus, ValidReport,
};
use meldpunt_app::service;
use meldpunt_app::staff::Role;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const DEMO_CREW_EMAIL: &str = "ploeg@meldpunt.demo";
pub const DEMO_CREW_PASSWORD: &str = "meldpunt-demo-2026";
const DEMO_OFFICER_EMAIL: &str = "klachten@meldpunt.demo";
/// One demo account per role, all with [`DEMO_CREW_PASSWORD`].
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 7] = [
    (DEMO_CREW_EMAIL, "Demo ploeg", Role::Crew),
    ("onthaal@meldpunt.demo", "Demo contactcenter", Role::Agent),
    (
        "coordinator@meldpunt.demo",
        "Demo coördinator",
        Role::Coordinator,
    ),
    ("planner@meldpunt.demo", "Demo planner", Role::Planner),
    ("beheer@meldpunt.demo", "Demo beheerder", Role::Admin),
    (
        DEMO_OFFICER_EMAIL,
        "Demo klachtenbehandelaar",
        Role::ComplaintsOfficer,
    ),
    ("redactie@meldpunt.demo", "Demo redacteur", Role::Editor),
];
/// The generated sample of the address register (`scripts/gen-sample-addresses.py`).
/// A dozen knowledge-base articles (the three the ContactCenter is asked most about in three
/// languages, the others in Dutch).
pub const SAMPLE_ARTICLES: &[u8] = include_bytes!("../../sample-data/kb-articles.json");
pub const SAMPLE_ADDRESSES: &[u8] = include_bytes!("../../sample-data/addresses-sint-truiden.csv");
/// Generated sample districts of Sint-Truiden (`scripts/gen-sample-districts.py`): the
/// sixteen deelgemeenten's names, invented borders.
pub const SAMPLE_DISTRICTS: &str = include_str!("../../sample-data/districts-sint-truiden.geojson");
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
    let mut stored = service::put_photos(ctx, kind, &[p]).await?;
    stored
        .pop()
        .ok_or_else(|| anyhow::anyhow!("the demo photo was not stored"))
}

/// The demo city's two services with appointments, and a few bookings by phone in the days
/// ahead (phone numbers only, so no mail goes out).
async fn seed_appointments(ctx: &Ctx) -> anyhow::Result<()> {
    use meldpunt_app::appointment::domain::{AppointmentType, Opening, SlotShape};
    use meldpunt_app::appointment::service::{self as appointments, Booker};
    use meldpunt_app::office::admin;
    let services = [
        (
            "burgerzaken",
            ["Burgerzaken", "Population", "Civil affairs"],
            "mon-fri 09:00-12:00; mon,wed 13:30-16:00; sat 09:00-12:00",
            30,
        ),
        (
            "omgevingsloket",
            [
                "Omgevingsloket",
                "Guichet environnement",
                "Environment desk",
            ],
            "tue,thu 09:00-12:00; thu 14:00-18:00",
            45,
        ),
    ];
    for (code, [nl, fr, en], openings, horizon_days) in services {
        let service = meldpunt_app::port::ServiceInput {
            code: code.into(),
            names: Names::new(|l| match l {
                Lang::Nl => nl.into(),
                Lang::Fr => fr.into(),
                Lang::En => en.into(),
            }),
            horizon_days,
            openings: Opening::parse_list(openings)?,
            active: true,
        };
        admin::save_service(ctx, None, service).await?;
    }
    let types = [
        (
            "identiteitskaart",
            "burgerzaken",
            [
                "Identiteitskaart aanvragen",
                "Demander une carte d'identité",
                "Apply for an identity card",
            ],
            20,
            2,
        ),
        (
            "rijbewijs",
            "burgerzaken",
            [
                "Rijbewijs aanvragen",
                "Demander un permis de conduire",
                "Apply for a driving licence",
            ],
            15,
            1,
        ),
        (
            "strafregister",
            "burgerzaken",
            [
                "Uittreksel uit het strafregister",
                "Extrait de casier judiciaire",
                "Extract from the criminal record",
            ],
            10,
            1,
        ),
        (
            "omgevingsvergunning",
            "omgevingsloket",
            [
                "Advies over een omgevingsvergunning",
                "Conseil sur un permis d'environnement",
                "Advice on an environmental permit",
            ],
            45,
            1,
        ),
    ];
    for (code, service, [nl, fr, en], minutes, places) in types {
        let t = AppointmentType {
            id: 0,
            code: code.into(),
            service: service.into(),
            names: Names::new(|l| match l {
                Lang::Nl => nl.into(),
                Lang::Fr => fr.into(),
                Lang::En => en.into(),
            }),
            shape: SlotShape { minutes, places },
            active: true,
        };
        admin::save_appointment_type(ctx, None, t).await?;
    }
    let today = meldpunt_app::time::brussels_date(Utc::now());
    let names = [
        "Jan Peeters",
        "Marie Dubois",
        "Ahmed El Amrani",
        "Lotte Janssens",
        "Pieter Claes",
    ];
    let mut n = 0;
    for code in ["identiteitskaart", "strafregister", "omgevingsvergunning"] {
        let slots = appointments::free_slots(
            ctx,
            code,
            today + Duration::days(1),
            today + Duration::days(7),
            Utc::now(),
        )
        .await?;
        for slot in slots.iter().step_by(5).take(5) {
            let booking = meldpunt_app::appointment::domain::BookingInput {
                type_code: code.into(),
                start: slot.start.clone(),
                name: names[n % names.len()].into(),
                email: None,
                phone: Some(format!("011 70 {:02} {:02}", 10 + n, 20 + n)),
                lang: Some("nl".into()),
            }
            .validate()?;
            let booker = Booker {
                channel: "phone".into(),
                created_by: None,
            };
            appointments::book(ctx, booking, booker, None).await?;
            n += 1;
        }
    }
    Ok(())
}

/// The ContactCenter's topic list: groups, and topics within them.
pub const DEMO_TOPICS: [(&str, Option<&str>, [&str; 3]); 13] = [
    ("afspraak", None, ["Afspraak", "Rendez-vous", "Appointment"]),
    (
        "afspraak-burgerzaken",
        Some("afspraak"),
        ["Burgerzaken", "Population", "Civil affairs"],
    ),
    (
        "afspraak-omgevingsloket",
        Some("afspraak"),
        [
            "Omgevingsloket",
            "Guichet environnement",
            "Environment desk",
        ],
    ),
    ("vraag", None, ["Vraag", "Question", "Question"]),
    (
        "vraag-omgevingsvergunning",
        Some("vraag"),
        [
            "Omgevingsvergunning",
            "Permis d'environnement",
            "Environmental permit",
        ],
    ),
    ("vraag-afval", Some("vraag"), ["Afval", "Déchets", "Waste"]),
    (
        "vraag-andere",
        Some("vraag"),
        ["Andere vraag", "Autre question", "Other question"],
    ),
    ("attest", None, ["Attest", "Attestation", "Certificate"]),
    (
        "attest-strafregister",
        Some("attest"),
        [
            "Uittreksel strafregister",
            "Extrait de casier judiciaire",
            "Criminal record extract",
        ],
    ),
    (
        "attest-andere",
        Some("attest"),
        ["Ander attest", "Autre attestation", "Other certificate"],
    ),
    ("melding", None, ["Melding", "Signalement", "Report"]),
    ("klacht", None, ["Klacht", "Plainte", "Complaint"]),
    ("andere", None, ["Andere", "Autre", "Other"]),
];

async fn seed_topics(ctx: &Ctx) -> anyhow::Result<()> {
    for (code, group, [nl, fr, en]) in DEMO_TOPICS {
        let topic = meldpunt_app::contact::domain::Topic {
            code: code.into(),
            group: group.map(str::to_owned),
            names: Names::new(|l| match l {
                Lang::Nl => nl.into(),
                Lang::Fr => fr.into(),
                Lang::En => en.into(),
            }),
            active: true,
        };
        meldpunt_app::contact::service::save_topic(ctx, None, topic).await?;
    }
    Ok(())
}

/// Standard replies for the notes to reporters, as a city might keep them.
const DEMO_REPLIES: [(&str, &str, &str, &str); 4] = [
    ("", "nl", "Ingepland", "Bedankt voor uw melding. We hebben de opdracht ingepland en houden u op de hoogte."),
    ("", "fr", "Planifié", "Merci pour votre signalement. Nous avons planifié l'intervention et vous tiendrons informé."),
    ("road_damage", "nl", "Herstelling binnen 14 dagen", "We herstellen het wegdek binnen de 14 dagen. Tot dan staat er signalisatie."),
    ("illegal_dumping", "nl", "Opgeruimd, dader gezocht", "Het sluikstort is opgeruimd. We onderzoeken wie het achterliet."),
];

async fn seed_replies(ctx: &Ctx) -> anyhow::Result<()> {
    for (category, lang, title, body) in DEMO_REPLIES {
        let reply =
            meldpunt_app::office::replies::StandardReply::parse(category, lang, title, body)?;
        meldpunt_app::office::replies::add(ctx, None, reply).await?;
    }
    Ok(())
}

/// Seeds the demo data; does nothing when the database already has reports.
pub async fn seed(ctx: &Ctx, store: &dyn Backend, count: usize) -> anyhow::Result<usize> {
    let departments: Vec<String> = store
        .departments()
        .await?
        .into_iter()
        .map(|d| d.code)
        .collect();
    if store.teams().await?.is_empty() {
        for d in store.departments().await? {
            store
                .create_team(&format!("Ploeg {}", d.names.get(Lang::Nl)), &d.code)
                .await?;
        }
        store
            .create_partner("Afvalophaler (demo)", "afval-partner@example.invalid")
            .await?;
        store
            .create_partner(
                "Netbeheerder verlichting (demo)",
                "verlichting-partner@example.invalid",
            )
            .await?;
    }
    let mut crew_id = 0;
    let mut officer_id = 0;
    for (email, name, role) in DEMO_ACCOUNTS {
        let id = match store.user_by_email(email).await? {
            Some(u) => u.user.id,
            None => {
                let id = store
                    .create_user(
                        email,
                        name,
                        role,
                        &service::hash_password(DEMO_CREW_PASSWORD)?,
                    )
                    .await?;
                store.update_user(id, role, &departments, true).await?;
                id
            }
        };
        if email == DEMO_CREW_EMAIL {
            crew_id = id;
        }
        if email == DEMO_OFFICER_EMAIL {
            officer_id = id;
        }
    }
    let teams = store.teams().await?;
    for t in &teams {
        store.set_team_members(t.id, &[crew_id]).await?;
    }
    let addresses = meldpunt_app::address::parse_csv(SAMPLE_ADDRESSES)?;
    if store.count_addresses().await? == 0 {
        store.import_addresses(&addresses).await?;
    }
    if store.services().await?.is_empty() {
        seed_appointments(ctx).await?;
    }
    if store.topics().await?.is_empty() {
        seed_topics(ctx).await?;
        let coordinator = store.user_by_email("coordinator@meldpunt.demo").await?;
        crate::demo_contacts::seed_contacts(store, coordinator.map(|u| u.user.id)).await?;
    }
    if store.replies().await?.is_empty() {
        seed_replies(ctx).await?;
    }
    if store.questions(None).await?.is_empty() {
        crate::demo_questions::seed_questions(ctx).await?;
    }
    if store.articles().await?.is_empty() {
        let articles: Vec<meldpunt_app::knowledge::domain::ArticleInput> =
            serde_json::from_slice(SAMPLE_ARTICLES)?;
        for a in articles {
            meldpunt_app::knowledge::service::save(ctx, None, a).await?;
        }
    }
    if store.count_reports().await? > 0 {
        return Ok(0);
    }
    seed_complaints(store, officer_id).await?;
    let categories = store.categories(false).await?;
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
        let nearest = addresses.iter().min_by(|a, b| {
            let d = |a: &&meldpunt_app::port::AddressRow| {
                (a.point.lat - point.lat).powi(2) + (a.point.lon - point.lon).powi(2)
            };
            d(a).total_cmp(&d(b))
        });
        let address = nearest.map(|a| {
            format!(
                "{} {}, {} {}",
                a.street, a.house_number, a.postcode, a.municipality
            )
        });
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
            address_near: false,
            contact,
            channel,
            lang: Lang::Nl,
            created_by: None,
            answers: crate::demo_questions::demo_answers(&category.code, &mut rng),
            api_client: None,
            district: None,
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
        let meldpunt_app::port::CreateOutcome::Created { reference, .. } = outcome else {
            continue;
        };
        // Older reports are further along.
        let age_days = age_minutes / (24 * 60);
        let path: &[ReportStatus] = match (age_days, rng.gen_range(0..10)) {
            (_, 0) => &[ReportStatus::Rejected],
            (d, _) if d < 3 => &[],
            (d, r) if d < 14 && r < 5 => &[ReportStatus::Accepted],
            (d, r) if d < 14 && r < 7 => &[ReportStatus::Accepted, ReportStatus::Assigned],
            (d, _) if d < 14 => &[
                ReportStatus::Accepted,
                ReportStatus::Assigned,
                ReportStatus::InProgress,
            ],
            (_, 1) => &[ReportStatus::Accepted, ReportStatus::Assigned],
            (_, r) if r < 9 => &[
                ReportStatus::Accepted,
                ReportStatus::Assigned,
                ReportStatus::InProgress,
                ReportStatus::Done,
            ],
            _ => &[ReportStatus::Accepted],
        };
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
            let Some(record) = store.report(&reference).await? else {
                break;
            };
            let kind = if *to == ReportStatus::Assigned {
                EventKind::Assign
            } else {
                EventKind::Status
            };
            let mut update = ReportUpdate::new(&record, kind, Some(crew_id));
            update.status = *to;
            update.note = note;
            update.photos = photos;
            if *to == ReportStatus::Assigned {
                update.team = teams
                    .iter()
                    .find(|t| t.department == record.department)
                    .map(|t| Some((t.id, rng.gen_range(1..=3))));
            }
            store.apply_update(&update, at).await?;
        }
    }
    // The sample districts, which places every report made above.
    if store.districts().await?.is_empty() {
        let read = meldpunt_app::district::parse_districts(SAMPLE_DISTRICTS, "code", "name")
            .map_err(|e| anyhow::anyhow!("the sample districts: {e}"))?;
        meldpunt_app::district::import(ctx, &read).await?;
    }
    Ok(count)
}

/// A dozen complaints over the last year at every stage, a few late, so the officers' list,
/// the deadlines and the yearly report have something to show.
async fn seed_complaints(store: &dyn Backend, officer_id: i64) -> anyhow::Result<()> {
    use meldpunt_app::complaint::domain::{
        ComplainantContact, ComplaintChannel, ComplaintEvent as E, ComplaintStatus as S,
        InadmissibleReason, OmbudsNorm, ValidComplaint, Verdict,
    };
    use meldpunt_app::port::{ComplaintCreated, ComplaintUpdate, NewComplaint};
    let texts = [
        ("onthaal", "Aan het loket werd ik onvriendelijk te woord gestaan toen ik naar mijn aanvraag vroeg."),
        ("netheid", "Mijn melding over het sluikstort bleef drie weken liggen zonder antwoord."),
        ("wegen", "De omleiding voor de werken was nergens aangekondigd; niemand kon mij uitleg geven."),
        ("verlichting", "Ik heb drie keer gebeld over de straatlamp en telkens een ander antwoord gekregen."),
        ("groen", "De groendienst heeft mijn haag gesnoeid zonder iets te vragen."),
        ("milieu", "Mijn aanvraag voor een compostvat werd nooit beantwoord."),
    ];
    let today = meldpunt_app::time::brussels_date(Utc::now());
    let mut rng = StdRng::seed_from_u64(45);
    for i in 0..12u32 {
        let (department, text) = texts[i as usize % texts.len()];
        let days_ago = match i {
            11 => 2,
            10 => 8,
            _ => i64::from(12 - i) * 28 + rng.gen_range(0..7),
        };
        let received_on = today - Duration::days(days_ago);
        let channel = [
            ComplaintChannel::Web,
            ComplaintChannel::Web,
            ComplaintChannel::Letter,
            ComplaintChannel::Phone,
        ][i as usize % 4];
        let new = NewComplaint {
            complaint: ValidComplaint {
                channel,
                received_on,
                description: text.to_owned(),
                happened_on: Some(received_on - Duration::days(3)),
                department: Some(department.to_owned()),
                employee: None,
                expectation: Some("Een verklaring en een oplossing.".to_owned()),
                contact: ComplainantContact {
                    name: Some(format!("Demo klager {i}")),
                    email: Some(format!("klager{i}@example.invalid")),
                    phone: None,
                    address: None,
                },
                report: None,
                lang: Lang::Nl,
            },
            created_by: (channel != ComplaintChannel::Web).then_some(officer_id),
            idempotency: None,
        };
        let at = |d: chrono::NaiveDate| {
            d.and_hms_opt(10, 0, 0)
                .map_or_else(Utc::now, |t| t.and_utc())
        };
        let ComplaintCreated::Created { reference, .. } =
            store.create_complaint(&new, &[], at(received_on)).await?
        else {
            continue;
        };
        // The newest stay open; older ones went further, one or two answered late.
        let steps: &[(E, S, i64)] = match i {
            11 => &[],
            10 | 9 => &[(E::Acknowledged, S::Acknowledged, 4)],
            8 => &[
                (E::Acknowledged, S::Acknowledged, 6),
                (E::Admissible, S::Investigating, 9),
            ],
            3 => &[
                (E::Acknowledged, S::Acknowledged, 3),
                (E::Inadmissible, S::Inadmissible, 5),
                (E::Answered, S::Answered, 8),
                (E::Closed, S::Closed, 9),
            ],
            _ => &[
                (E::Acknowledged, S::Acknowledged, 5),
                (E::Admissible, S::Investigating, 8),
                (E::Verdict, S::Decided, 30),
                (E::Answered, S::Answered, if i == 2 { 52 } else { 38 }),
                (E::Closed, S::Closed, 60),
            ],
        };
        for (event, status, after) in steps {
            let day = received_on + Duration::days(*after);
            if day > today {
                break;
            }
            let Some(c) = store.complaint(&reference).await? else {
                break;
            };
            let mut u = ComplaintUpdate::new(&c, *event, officer_id);
            u.status = *status;
            match event {
                E::Acknowledged => u.acknowledged_on = Some(day),
                E::Inadmissible => u.inadmissible_reason = Some(InadmissibleReason::GeneralPolicy),
                E::Verdict => {
                    let v = [
                        Verdict::WellFounded,
                        Verdict::PartlyWellFounded,
                        Verdict::Unfounded,
                        Verdict::Resolved,
                    ][i as usize % 4];
                    u.verdict = Some(v);
                    u.norms = Some(match v {
                        Verdict::WellFounded => vec![OmbudsNorm::Courtesy],
                        Verdict::PartlyWellFounded => {
                            vec![OmbudsNorm::ReasonableTerm, OmbudsNorm::Information]
                        }
                        _ => vec![],
                    });
                }
                E::Answered => {
                    u.answered_on = Some(day);
                    u.answer = Some(
                        "Wij hebben uw klacht onderzocht en bieden onze verontschuldigingen aan."
                            .to_owned(),
                    );
                }
                E::Closed => u.closed_on = Some(day),
                _ => {}
            }
            store.apply_complaint_update(&u, at(day)).await?;
        }
        if i == 0 {
            if let Some(c) = store.complaint(&reference).await? {
                let mut u = ComplaintUpdate::new(&c, E::Improvement, officer_id);
                u.improvement =
                    Some("Loketmedewerkers krijgen een opleiding klantvriendelijkheid.".to_owned());
                u.note = u.improvement.clone();
                store.apply_complaint_update(&u, Utc::now()).await?;
            }
        }
    }
    Ok(())
}
