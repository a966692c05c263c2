//! ContactCenter benchmark: a year of contacts (30,000 by default, a tenth handed over) and
//! appointments (15,000) in a fresh database, then the supervisor's dashboard over HTTP and
//! the annual report's ContactCenter section, timed (median and p95 of 15 runs against the
//! 200 ms budget); and the knowledge base's search as you type over 2,000 articles, per
//! keystroke, beside a plain substring scan of the same articles as the reference.
//!
//! `cargo bench -p meldpunt-server --bench contactcenter` (the full year), or
//! `-- --contacts 3000 --appointments 1500 --articles 500 --check` (the test command's smoke
//! run); `--postgres` runs PostgreSQL after SQLite (on the cluster `MELDPUNT_TEST_POSTGRES`
//! names), side by side.

mod common;

use chrono::{Datelike, Duration, NaiveTime, Utc, Weekday};
use common::{arg, percentile};
use meldpunt_app::appointment::domain::{
    AppointmentStatus, AppointmentType, Opening, SlotShape, ValidBooking,
};
use meldpunt_app::contact::domain::{ContactChannel, Outcome, Topic, ValidContact};
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::knowledge::domain::ValidArticle;
use meldpunt_app::port::{NewBooking, NewContact, ServiceInput};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;

const BUDGET_MS: f64 = 200.0;
const SEARCH_BUDGET_MS: f64 = 50.0;

struct Figures {
    backend: &'static str,
    stored: f64,
    dashboard: (f64, f64),
    annual: (f64, f64),
    search: (f64, f64),
    scan: (f64, f64),
}

fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.95))
}

const WORDS: [&str; 24] = [
    "aanvraag",
    "attest",
    "bewijs",
    "burgerzaken",
    "document",
    "vergunning",
    "premie",
    "parkeren",
    "afval",
    "container",
    "subsidie",
    "inschrijving",
    "huwelijk",
    "geboorte",
    "overlijden",
    "reispas",
    "kids-id",
    "adres",
    "verhuis",
    "evenement",
    "terras",
    "markt",
    "begraafplaats",
    "sportkamp",
];

async fn run(
    database_url: String,
    dir: &std::path::Path,
    contacts: usize,
    appointments: usize,
    articles: usize,
) -> Figures {
    let config = meldpunt_server::Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database_url,
        data_dir: dir.join("data"),
        file_store: Default::default(),
        public_url: None,
        tile_url: String::new(),
        site_root: dir.join("site"),
        mail: None,
        release: String::new(),
        complaint_retention_years: 5,
        contact_retention_days: 365,
        limits: meldpunt_server::Limits::default(),
        service_area: None,
        metrics: Default::default(),
        links: Default::default(),
    };
    let server = meldpunt_server::spawn(config).await.expect("server");
    let backend = server.store.kind();
    let ctx = server.ctx.clone();
    let store = ctx.store.clone();
    for (code, group, names) in meldpunt_server::demo::DEMO_TOPICS {
        let topic = Topic {
            code: code.into(),
            group: group.map(str::to_owned),
            names: Names::new(|l| names[l.index()].into()),
            active: true,
        };
        store.save_topic(&topic).await.expect("topic");
    }
    let topics: Vec<&str> = meldpunt_server::demo::DEMO_TOPICS
        .iter()
        .filter(|(code, _, _)| {
            !meldpunt_server::demo::DEMO_TOPICS
                .iter()
                .any(|(_, g, _)| *g == Some(*code))
        })
        .map(|(code, _, _)| *code)
        .collect();
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let openings: Vec<Opening> = days
        .into_iter()
        .map(|weekday| Opening {
            weekday,
            from: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            to: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
        })
        .collect();
    for code in ["burgerzaken", "omgevingsloket"] {
        let service = ServiceInput {
            code: code.into(),
            names: Names::new(|_| code.into()),
            horizon_days: 366,
            openings: openings.clone(),
            active: true,
        };
        store.save_service(&service).await.expect("service");
        let t = AppointmentType {
            id: 0,
            code: format!("{code}-t"),
            service: code.into(),
            names: Names::new(|_| code.into()),
            shape: SlotShape {
                minutes: 20,
                places: 50,
            },
            active: true,
        };
        store.save_appointment_type(&t).await.expect("type");
    }
    let types: Vec<i64> = store
        .services()
        .await
        .expect("services")
        .iter()
        .flat_map(|s| s.types.iter().map(|t| t.id))
        .collect();

    // A year of contacts and appointments, stored through the ports in batches at once.
    let mut rng = StdRng::seed_from_u64(15);
    let now = Utc::now();
    let t = Instant::now();
    let new_contacts: Vec<NewContact> = (0..contacts)
        .map(|_| {
            let started_at = now - Duration::minutes(rng.gen_range(60..363 * 24 * 60));
            let outcome = Outcome::ALL[rng.gen_range(0..Outcome::ALL.len())];
            let handed = outcome == Outcome::HandedOver;
            NewContact {
                contact: ValidContact {
                    topic: topics[rng.gen_range(0..topics.len())].into(),
                    channel: ContactChannel::ALL[rng.gen_range(0..ContactChannel::ALL.len())],
                    outcome,
                    summary: "Vraag van een burger".into(),
                    caller_name: Some("Burger".into()),
                    caller_phone: Some(format!("011 {:06}", rng.gen_range(0..999_999))),
                    caller_email: None,
                    started_at,
                    duration_seconds: rng.gen_range(20..900),
                    department: handed.then(|| "wegen".to_owned()),
                    report_ref: None,
                    complaint_ref: None,
                    appointment_ref: None,
                    article: None,
                },
                created_by: None,
                handover_due: handed.then(|| started_at + Duration::days(1)),
            }
        })
        .collect();
    for chunk in new_contacts.chunks(64) {
        futures_util::future::join_all(
            chunk
                .iter()
                .map(|c| store.record_contact(c, c.contact.started_at)),
        )
        .await
        .into_iter()
        .for_each(|r| {
            r.expect("contact");
        });
    }
    let bookings: Vec<NewBooking> = (0..appointments)
        .map(|n| {
            let day = now.date_naive() - Duration::days(rng.gen_range(0..365));
            let start = meldpunt_app::time::brussels_to_utc(
                day.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
                    + Duration::minutes(20 * rng.gen_range(0..30)),
            );
            NewBooking {
                type_id: types[n % types.len()],
                slot: meldpunt_app::appointment::domain::Slot {
                    start,
                    end: start + Duration::minutes(20),
                    places: 50,
                },
                booking: ValidBooking {
                    type_code: String::new(),
                    start,
                    name: "Burger".into(),
                    email: None,
                    phone: Some("011 70 17 00".into()),
                    lang: Lang::Nl,
                },
                token_hash: format!("bench-{n}"),
                channel: "web".into(),
                created_by: None,
                idempotency: None,
                replaces: None,
                mail: None,
            }
        })
        .collect();
    for chunk in bookings.chunks(64) {
        let booked = futures_util::future::join_all(
            chunk
                .iter()
                .map(|b| store.book(b, b.slot.start - Duration::days(3))),
        )
        .await;
        for (b, outcome) in chunk.iter().zip(booked) {
            let Ok(meldpunt_app::port::Booked::Created { id, .. }) = outcome else {
                continue;
            };
            let status = match b.token_hash.len() % 4 {
                0 => AppointmentStatus::NoShow,
                1 | 2 => AppointmentStatus::Arrived,
                _ => AppointmentStatus::Booked,
            };
            store
                .set_attendance(id, status, now)
                .await
                .expect("attendance");
        }
    }
    let stored = t.elapsed().as_secs_f64();

    // Articles: the demo's, and generated ones.
    let demo: Vec<meldpunt_app::knowledge::domain::ArticleInput> =
        serde_json::from_slice(meldpunt_server::demo::SAMPLE_ARTICLES).expect("articles");
    let mut texts: Vec<String> = Vec::new();
    for a in demo
        .into_iter()
        .map(|a| a.validate().expect("valid"))
        .chain((0..articles.saturating_sub(12)).map(|n| {
            let pick = |rng: &mut StdRng| WORDS[rng.gen_range(0..WORDS.len())];
            ValidArticle {
                slug: format!("artikel-{n}"),
                lang: Lang::Nl,
                title: format!("{} {} {n}", pick(&mut rng), pick(&mut rng)),
                summary: format!("Alles over {} en {}.", pick(&mut rng), pick(&mut rng)),
                body: (0..60)
                    .map(|_| pick(&mut rng))
                    .collect::<Vec<_>>()
                    .join(" "),
                synonyms: vec![pick(&mut rng).to_owned()],
                appointment_type: None,
                active: true,
            }
        }))
    {
        texts.push(format!("{} {} {}", a.title, a.summary, a.body).to_lowercase());
        store.save_article(&a, None, now).await.expect("article");
    }

    // The dashboard over HTTP, as a planner.
    meldpunt_app::office::admin::create_user(
        &ctx,
        None,
        "planner@bench.test",
        "Planner",
        meldpunt_app::staff::Role::Planner,
        "bench planner password",
        &[],
    )
    .await
    .expect("user");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let base = format!("http://{}", server.addr);
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("email", "planner@bench.test"),
            ("password", "bench planner password"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status().as_u16(), 303, "signed in");
    let today = meldpunt_app::time::brussels_date(now);
    let year_ago = today - Duration::days(364);
    let url = format!("{base}/contactcenter?from={year_ago}&to={today}");
    let mut dashboard = Vec::new();
    for i in 0..16 {
        let t = Instant::now();
        let page = client
            .get(&url)
            .send()
            .await
            .expect("dashboard")
            .text()
            .await
            .expect("page");
        if i == 0 {
            assert!(
                page.contains(&format!("data-contacts=\"{contacts}\"")),
                "every contact counted"
            );
            continue;
        }
        dashboard.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let staff = ctx
        .store
        .user_by_email("planner@bench.test")
        .await
        .expect("user")
        .expect("planner")
        .user;
    let mut annual = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let y = today.year();
        let f = meldpunt_app::contact::service::figures(
            &ctx,
            &staff,
            chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
            chrono::NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today),
            Lang::Nl,
        )
        .await
        .expect("figures");
        annual.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(f.contacts > 0);
    }

    // Search as you type: every keystroke of a few questions.
    let questions = [
        "strafblad",
        "identiteitskaart",
        "bouwvergunning",
        "parkeren terras",
        "verhuis adres",
    ];
    meldpunt_app::knowledge::service::search(&ctx, "warm", Lang::Nl)
        .await
        .expect("warm");
    let (mut search, mut scan) = (Vec::new(), Vec::new());
    for q in questions {
        for end in 1..=q.len() {
            let typed = &q[..end];
            let t = Instant::now();
            let hits = meldpunt_app::knowledge::service::search(&ctx, typed, Lang::Nl)
                .await
                .expect("search");
            search.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(hits);
            let t = Instant::now();
            let words: Vec<&str> = typed.split(' ').collect();
            let found = texts
                .iter()
                .filter(|text| words.iter().all(|w| text.contains(w)))
                .count();
            scan.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(found);
        }
    }
    drop(server);
    Figures {
        backend,
        stored,
        dashboard: stats(dashboard),
        annual: stats(annual),
        search: stats(search),
        scan: stats(scan),
    }
}

#[tokio::main]
async fn main() {
    let contacts: usize = arg("--contacts")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30_000);
    let appointments: usize = arg("--appointments")
        .and_then(|v| v.parse().ok())
        .unwrap_or(15_000);
    let articles: usize = arg("--articles")
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let check = std::env::args().any(|a| a == "--check");
    println!(
        "ContactCenter: {contacts} contacts, {appointments} appointments, {articles} articles"
    );
    let dir = tempfile::tempdir().expect("dir");
    let mut all = vec![
        run(
            format!("sqlite://{}/cc.db", dir.path().display()),
            dir.path(),
            contacts,
            appointments,
            articles,
        )
        .await,
    ];
    if std::env::args().any(|a| a == "--postgres") {
        let server = std::env::var("MELDPUNT_TEST_POSTGRES")
            .expect("--postgres needs MELDPUNT_TEST_POSTGRES");
        let url = meldpunt_server::storage::postgres::create_database(&server)
            .await
            .expect("database");
        let pg_dir = tempfile::tempdir().expect("dir");
        all.push(run(url, pg_dir.path(), contacts, appointments, articles).await);
    }
    println!(
        "{:<10} {:>9} {:>22} {:>22} {:>22} {:>22}",
        "backend",
        "stored s",
        "dashboard p50/p95 ms",
        "annual p50/p95 ms",
        "search p50/p95 ms",
        "scan p50/p95 ms"
    );
    for f in &all {
        println!(
            "{:<10} {:>9.1} {:>13.1} / {:>6.1} {:>13.1} / {:>6.1} {:>13.2} / {:>6.2} {:>13.2} / {:>6.2}",
            f.backend, f.stored, f.dashboard.0, f.dashboard.1, f.annual.0, f.annual.1, f.search.0, f.search.1, f.scan.0, f.scan.1
        );
        println!(
            "{:<10} dashboard {:.2}× and annual section {:.2}× the {BUDGET_MS} ms budget; search {:.2}× the {SEARCH_BUDGET_MS} ms budget, {:.1}× a plain substring scan (which finds no synonyms, compounds or typos)",
            "", f.dashboard.0 / BUDGET_MS, f.annual.0 / BUDGET_MS, f.search.1 / SEARCH_BUDGET_MS, f.search.0 / f.scan.0.max(1e-6)
        );
    }
    if check {
        for f in &all {
            assert!(
                f.dashboard.0 < BUDGET_MS,
                "{}: dashboard median {:.1} ms over {BUDGET_MS} ms",
                f.backend,
                f.dashboard.0
            );
            assert!(
                f.annual.0 < BUDGET_MS,
                "{}: annual section median {:.1} ms over {BUDGET_MS} ms",
                f.backend,
                f.annual.0
            );
            assert!(
                f.search.1 < SEARCH_BUDGET_MS,
                "{}: search p95 {:.1} ms over {SEARCH_BUDGET_MS} ms",
                f.backend,
                f.search.1
            );
        }
        println!("within budget");
    }
}
