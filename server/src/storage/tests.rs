//! The store suite: one set of tests, run against every backend. Each test gets two stores
//! opened on one fresh database, as two instances behind a load balancer would hold them (for
//! SQLite: two processes' worth of connections on one file), and races them where the
//! guarantee is about concurrency. PostgreSQL runs when `MELDPUNT_TEST_POSTGRES` names a
//! cluster (`scripts/pg-cluster`); `scripts/test` sets it and `MELDPUNT_REQUIRE_POSTGRES`,
//! which turns a missing cluster into a failure instead of a skipped backend.

use super::{Backend, GeneratedReport, Tampering, TestHooks};
use chrono::{Datelike, Utc};
use futures_util::future::join_all;
use meldpunt_app::complaint::domain::{ComplainantContact, ComplaintChannel, ValidComplaint};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::office::domain::EventKind;
use meldpunt_app::port::{
    ChangeOutcome, CreateOutcome, FileArea, NewComplaint, NewComplaintFile, NewPhoto, NewReceipt,
    OutgoingMail, PendingFile, PutFile, ReportUpdate, StoredIdempotency,
};
use meldpunt_app::report::domain::{
    Channel, Description, GeoPoint, PhotoKind, ReportStatus, ValidReport,
};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Two stores on one fresh database.
pub(super) struct Instances {
    pub backend: &'static str,
    pub a: Arc<dyn Backend>,
    pub b: Arc<dyn Backend>,
    _dir: tempfile::TempDir,
}

/// A fresh database per backend, each opened twice.
pub(super) async fn instances() -> Vec<Instances> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    out.push(Instances {
        backend: "sqlite",
        a: super::open(&url).await.unwrap(),
        b: super::open(&url).await.unwrap(),
        _dir: dir,
    });
    match std::env::var("MELDPUNT_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let url = super::postgres::create_database(&server).await.unwrap();
            // Both at once (the schema is in place: a copy of the migrated template).
            let (a, b) = tokio::join!(super::open(&url), super::open(&url));
            out.push(Instances {
                backend: "postgres",
                a: a.unwrap(),
                b: b.unwrap(),
                _dir: tempfile::tempdir().unwrap(),
            });
        }
        _ => {
            assert!(
                std::env::var("MELDPUNT_REQUIRE_POSTGRES").is_err(),
                "MELDPUNT_REQUIRE_POSTGRES is set but MELDPUNT_TEST_POSTGRES names no cluster"
            );
            eprintln!("PostgreSQL not tested: MELDPUNT_TEST_POSTGRES is not set");
        }
    }
    out
}

pub(super) fn valid_report(description: &str) -> ValidReport {
    ValidReport {
        category: "graffiti".into(),
        point: GeoPoint::new(50.8166, 5.1866).unwrap(),
        description: Description::new(description).unwrap(),
        address: None,
        address_near: false,
        contact: None,
        channel: Channel::Web,
        lang: Lang::Nl,
        created_by: None,
        answers: Vec::new(),
        api_client: None,
        district: None,
    }
}

pub(super) async fn create(store: &dyn Backend, token: &str) -> Result<CreateOutcome, AppError> {
    store
        .create_report(
            &valid_report("tag op de muur"),
            token,
            &[],
            None,
            Utc::now(),
        )
        .await
}

pub(super) fn created_reference(outcome: &CreateOutcome) -> String {
    match outcome {
        CreateOutcome::Created { reference, .. } => reference.clone(),
        other => panic!("not created: {other:?}"),
    }
}

#[tokio::test]
async fn references_count_per_year_without_gaps_or_duplicates_under_concurrent_inserts() {
    for i in instances().await {
        let jobs = (0..40).map(|n| {
            let store = if n % 2 == 0 { i.a.clone() } else { i.b.clone() };
            async move { create(store.as_ref(), &format!("token-{n}")).await }
        });
        let refs: BTreeSet<String> = join_all(jobs)
            .await
            .iter()
            .map(|o| created_reference(o.as_ref().unwrap()))
            .collect();
        let year = Utc::now().year();
        let expected: BTreeSet<String> = (1..=40).map(|n| format!("M-{year}-{n:06}")).collect();
        assert_eq!(refs, expected, "{}", i.backend);
    }
}

#[tokio::test]
async fn one_idempotency_key_sent_to_two_instances_at_once_makes_one_report() {
    for i in instances().await {
        let key = StoredIdempotency {
            key_hash: "key-hash".into(),
            request_hash: "request-hash".into(),
            sealed_token: "sealed".into(),
        };
        let jobs = (0..12).map(|n| {
            let store = if n % 2 == 0 { i.a.clone() } else { i.b.clone() };
            let key = key.clone();
            async move {
                store
                    .create_report(
                        &valid_report("tag op de muur"),
                        &format!("token-{n}"),
                        &[],
                        Some(&key),
                        Utc::now(),
                    )
                    .await
                    .unwrap()
            }
        });
        let outcomes = join_all(jobs).await;
        let created = outcomes
            .iter()
            .filter(|o| matches!(o, CreateOutcome::Created { .. }))
            .count();
        let replayed: BTreeSet<String> = outcomes
            .iter()
            .filter_map(|o| match o {
                CreateOutcome::Replayed { reference, .. } => Some(reference.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            (created, replayed.len()),
            (1, 1),
            "{}: {outcomes:?}",
            i.backend
        );
        assert_eq!(i.a.count_reports().await.unwrap(), 1, "{}", i.backend);
        // The same key with another request is refused, not replayed.
        let other = StoredIdempotency {
            request_hash: "another".into(),
            ..key
        };
        let reused =
            i.b.create_report(
                &valid_report("iets anders"),
                "t",
                &[],
                Some(&other),
                Utc::now(),
            )
            .await
            .unwrap();
        assert!(matches!(reused, CreateOutcome::KeyReused), "{}", i.backend);
    }
}

#[tokio::test]
async fn of_concurrent_changes_from_one_version_exactly_one_wins_and_the_rest_are_stale() {
    for i in instances().await {
        let reference = created_reference(&create(i.a.as_ref(), "t").await.unwrap());
        let report = i.a.report(&reference).await.unwrap().unwrap();
        let jobs = (0..10).map(|n| {
            let store = if n % 2 == 0 { i.a.clone() } else { i.b.clone() };
            let mut update = ReportUpdate::new(&report, EventKind::Status, None);
            update.status = ReportStatus::Accepted;
            update.note = Some(format!("change {n}"));
            async move { store.apply_update(&update, Utc::now()).await }
        });
        let results = join_all(jobs).await;
        let won = results.iter().filter(|r| r.is_ok()).count();
        let stale = results
            .iter()
            .filter(|r| matches!(r, Err(e) if e.status() == 412))
            .count();
        assert_eq!((won, stale), (1, 9), "{}: {results:?}", i.backend);
        let after = i.b.report(&reference).await.unwrap().unwrap();
        assert_eq!(after.version, report.version + 1, "{}", i.backend);
        assert_eq!(after.history.len(), 2, "{}", i.backend);
    }
}

#[tokio::test]
async fn one_offline_change_replayed_to_two_instances_at_once_is_applied_once() {
    for i in instances().await {
        let reference = created_reference(&create(i.a.as_ref(), "t").await.unwrap());
        let report = i.a.report(&reference).await.unwrap().unwrap();
        let crew =
            i.a.create_user(
                "ploeg@x.test",
                "Ploeg",
                meldpunt_app::staff::Role::Crew,
                "h",
            )
            .await
            .unwrap();
        let jobs = (0..8).map(|n| {
            let store = if n % 2 == 0 { i.a.clone() } else { i.b.clone() };
            let mut update = ReportUpdate::new(&report, EventKind::Status, Some(crew));
            update.status = ReportStatus::InProgress;
            update.receipt = Some(NewReceipt {
                key: "change-1".into(),
                user_id: crew,
                request_hash: "h".into(),
                outcome: ChangeOutcome::Applied,
            });
            async move { store.apply_update(&update, Utc::now()).await }
        });
        let results = join_all(jobs).await;
        let applied = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(applied, 1, "{}: {results:?}", i.backend);
        let receipt = i.b.change_receipt("change-1").await.unwrap().unwrap();
        assert_eq!(receipt.version, report.version + 1, "{}", i.backend);
        let after = i.a.report(&reference).await.unwrap().unwrap();
        assert_eq!(after.history.len(), 2, "{}", i.backend);
    }
}

#[tokio::test]
async fn two_outbox_workers_claim_every_mail_exactly_once() {
    for i in instances().await {
        let now = Utc::now();
        for n in 0..60 {
            let mail = OutgoingMail {
                to: format!("r{n}@example.org"),
                subject: "Uw melding".into(),
                body: "Bedankt".into(),
                calendar: None,
                unsubscribe: None,
            };
            i.a.enqueue_mail(None, &mail, now).await.unwrap();
        }
        let lease = now + chrono::Duration::minutes(5);
        let worker = |store: Arc<dyn Backend>| async move {
            let mut claimed = Vec::new();
            loop {
                let batch = store.claim_mail(Utc::now(), lease, 7).await.unwrap();
                if batch.is_empty() {
                    break claimed;
                }
                claimed.extend(batch.iter().map(|m| m.id));
            }
        };
        let (first, second) = tokio::join!(worker(i.a.clone()), worker(i.b.clone()));
        let all: BTreeSet<i64> = first.iter().chain(&second).copied().collect();
        assert_eq!(all.len(), 60, "{}", i.backend);
        assert_eq!(
            first.len() + second.len(),
            60,
            "{}: claimed twice",
            i.backend
        );
        // A claimed mail is due again when its lease runs out (its worker died).
        let again = i.b.claim_mail(lease, lease, 100).await.unwrap();
        assert_eq!(again.len(), 60, "{}", i.backend);
    }
}

#[tokio::test]
async fn a_daily_job_claimed_by_two_instances_at_once_runs_once() {
    for i in instances().await {
        let now = Utc::now();
        let tomorrow = now + chrono::Duration::days(1);
        let jobs = (0..10).map(|n| {
            let store = if n % 2 == 0 { i.a.clone() } else { i.b.clone() };
            async move { store.claim_job("retention", now, tomorrow).await.unwrap() }
        });
        let claims = join_all(jobs).await;
        assert_eq!(claims.iter().filter(|c| **c).count(), 1, "{}", i.backend);
        assert!(
            i.a.claim_job("retention", tomorrow, tomorrow + chrono::Duration::days(1))
                .await
                .unwrap(),
            "{}: due again the next day",
            i.backend
        );
    }
}

#[tokio::test]
async fn history_and_complaint_events_refuse_changes_in_the_database_itself() {
    for i in instances().await {
        create(i.a.as_ref(), "t").await.unwrap();
        for tampering in [
            Tampering::RewriteReportHistory,
            Tampering::DeleteReportHistory,
        ] {
            let refused = hooks(&*i.b).tamper(tampering).await.unwrap_err();
            assert!(refused.contains("append-only"), "{}: {refused}", i.backend);
        }
        assert!(
            i.a.integrity_problems().await.unwrap().is_empty(),
            "{}",
            i.backend
        );
    }
}

#[tokio::test]
async fn sign_in_failures_are_forgotten_after_a_day_and_counted_per_client() {
    for i in instances().await {
        let store = i.a.as_ref();
        let day = chrono::Duration::hours(24);
        let t0 = Utc::now() - chrono::Duration::hours(30);
        assert_eq!(
            store
                .login_failed("c@x.test", "aa", t0, t0 - day)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .login_failed("c@x.test", "bb", t0, t0 - day)
                .await
                .unwrap(),
            1,
            "{}: another client counts on its own",
            i.backend
        );
        store
            .lock_login("c@x.test", "bb", Utc::now() + chrono::Duration::hours(1))
            .await
            .unwrap();
        let now = Utc::now();
        // Failures from two instances at once all count.
        let (x, y) = tokio::join!(
            i.a.login_failed("c@x.test", "aa", now, now - day),
            i.b.login_failed("c@x.test", "aa", now, now - day)
        );
        let mut seen = [x.unwrap(), y.unwrap()];
        seen.sort_unstable();
        assert_eq!(
            seen,
            [1, 2],
            "{}: a day later, counting starts again",
            i.backend
        );
        let t =
            i.b.login_throttle("c@x.test", "bb", now - chrono::Duration::hours(1))
                .await
                .unwrap();
        assert!(t.locked_until.is_some_and(|u| u > now), "{}", i.backend);
        assert_eq!(t.account_failures, 2, "{}: only the last hour's", i.backend);
        assert!(!t.known_client);
        assert_eq!(
            store.unlock_login("c@x.test").await.unwrap(),
            2,
            "{}",
            i.backend
        );
    }
}

#[tokio::test]
async fn outbox_counts_tell_waiting_retrying_parked_and_sent_apart() {
    for i in instances().await {
        let store = i.a.as_ref();
        let now = Utc::now();
        for to in [
            "a@example.org",
            "b@example.org",
            "c@example.org",
            "d@example.org",
        ] {
            let mail = OutgoingMail {
                to: to.into(),
                subject: "Uw melding".into(),
                body: "Bedankt".into(),
                calendar: None,
                unsubscribe: None,
            };
            store.enqueue_mail(None, &mail, now).await.unwrap();
        }
        let queued = store.claim_mail(now, now, 10).await.unwrap();
        assert_eq!(queued.len(), 4);
        store.mail_sent(queued[0].id, now).await.unwrap();
        // A retry within the hour is waiting; the mailer parks with a next attempt a century on.
        store
            .mail_failed(queued[1].id, "busy", now + chrono::Duration::hours(1))
            .await
            .unwrap();
        store
            .mail_failed(
                queued[2].id,
                "no such user",
                now + chrono::Duration::days(36_500),
            )
            .await
            .unwrap();
        let counts = i.b.outbox_counts(now).await.unwrap();
        assert_eq!(
            (counts.waiting, counts.parked, counts.sent),
            (2, 1, 1),
            "{}: {counts:?}",
            i.backend
        );
    }
}

/// The store's test hooks (both backends have them).
fn hooks(store: &dyn Backend) -> &dyn TestHooks {
    super::test_hooks(store).expect("test hooks")
}

fn photo_with(files: [&PutFile; 2]) -> NewPhoto {
    NewPhoto {
        kind: PhotoKind::Before,
        width: 4,
        height: 3,
        bytes: 4,
        sha256: "00".into(),
        key: files[0].key.clone(),
        thumbnail_key: files[1].key.clone(),
        pending: files.iter().filter_map(|f| f.pending.clone()).collect(),
    }
}

fn complaint() -> NewComplaint {
    NewComplaint {
        complaint: ValidComplaint {
            channel: ComplaintChannel::Web,
            received_on: Utc::now().date_naive(),
            description: "Niemand belde terug.".into(),
            happened_on: None,
            department: None,
            employee: None,
            expectation: None,
            contact: ComplainantContact {
                name: Some("Klager".into()),
                email: None,
                phone: None,
                address: None,
            },
            report: None,
            lang: Lang::Nl,
        },
        created_by: None,
        idempotency: None,
    }
}

#[tokio::test]
async fn files_in_the_database_are_written_with_their_rows_and_go_with_them() {
    for i in instances().await {
        let (Some(photos_a), Some(photos_b), Some(private)) = (
            i.a.database_files(FileArea::Photos),
            i.b.database_files(FileArea::Photos),
            i.a.database_files(FileArea::Private),
        ) else {
            // SQLite keeps its files in the data directory: a file handed to it to be written
            // with the rows refuses the rows.
            let stray = PutFile {
                key: "ab/ab.jpg".into(),
                pending: Some(PendingFile {
                    area: FileArea::Photos,
                    key: "ab/ab.jpg".into(),
                    bytes: b"jpeg".to_vec(),
                }),
            };
            let refused =
                i.a.create_report(
                    &valid_report("met foto"),
                    "t",
                    &[photo_with([&stray, &stray])],
                    None,
                    Utc::now(),
                )
                .await;
            assert!(refused.is_err(), "{}: {refused:?}", i.backend);
            assert_eq!(i.a.count_reports().await.unwrap(), 0, "{}", i.backend);
            continue;
        };
        let display = photos_a.put(b"display bytes", "jpg").await.unwrap();
        let thumbnail = photos_a.put(b"thumbnail bytes", "thumb.jpg").await.unwrap();
        // Taking a file writes nothing yet.
        assert_eq!(
            photos_b.get(&display.key).await.unwrap_err().status(),
            404,
            "{}",
            i.backend
        );
        let key = StoredIdempotency {
            key_hash: "k".into(),
            request_hash: "r".into(),
            sealed_token: "s".into(),
        };
        let photo = photo_with([&display, &thumbnail]);
        create_with(i.a.as_ref(), &photo, Some(&key)).await.unwrap();
        // Stored with the report, read by the other instance.
        assert_eq!(photos_b.get(&display.key).await.unwrap(), b"display bytes");
        assert_eq!(
            photos_b.get(&thumbnail.key).await.unwrap(),
            b"thumbnail bytes"
        );
        // Rows refused: their files are not written either.
        let late = photos_a.put(b"late", "jpg").await.unwrap();
        let reused = StoredIdempotency {
            request_hash: "another request".into(),
            ..key
        };
        let outcome = create_with(i.b.as_ref(), &photo_with([&late, &late]), Some(&reused))
            .await
            .unwrap();
        assert!(matches!(outcome, CreateOutcome::KeyReused), "{outcome:?}");
        // A file that cannot be written (its key taken) takes its report down with it.
        let failed = create_with(i.b.as_ref(), &photo, None).await;
        assert!(failed.is_err(), "{failed:?}");
        assert_eq!(i.a.count_reports().await.unwrap(), 1);
        let listed: BTreeSet<String> = photos_b
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.key)
            .collect();
        assert_eq!(
            listed,
            BTreeSet::from([display.key.clone(), thumbnail.key.clone()])
        );
        // Complaint attachments: the same, and a deleted row takes its file along.
        let pdf = private.put(b"%PDF-1.4 letter", "pdf").await.unwrap();
        let file = NewComplaintFile {
            kind: "pdf",
            name: "brief.pdf".into(),
            content_type: "application/pdf",
            bytes: 15,
            sha256: "00".into(),
            key: pdf.key.clone(),
            thumbnail_key: None,
            pending: pdf.pending.clone().into_iter().collect(),
        };
        i.b.create_complaint(&complaint(), &[file], Utc::now())
            .await
            .unwrap();
        assert_eq!(private.get(&pdf.key).await.unwrap(), b"%PDF-1.4 letter");
        // Areas are apart: a private file is no photo.
        assert_eq!(photos_a.get(&pdf.key).await.unwrap_err().status(), 404);
        assert_eq!(
            hooks(&*i.a).tamper(Tampering::DeleteComplaintFiles).await,
            Ok(1)
        );
        assert_eq!(private.get(&pdf.key).await.unwrap_err().status(), 404);
        assert!(private.list().await.unwrap().is_empty());
        assert_eq!(photos_a.list().await.unwrap().len(), 2, "photos stay");
    }
}

async fn create_with(
    store: &dyn Backend,
    photo: &NewPhoto,
    key: Option<&StoredIdempotency>,
) -> Result<CreateOutcome, AppError> {
    store
        .create_report(
            &valid_report("met foto"),
            &meldpunt_app::service::random_token(),
            std::slice::from_ref(photo),
            key,
            Utc::now(),
        )
        .await
}

#[tokio::test]
async fn open_reports_near_a_point_are_the_same_on_every_backend() {
    // Metres along a great circle of the sphere both backends measure on.
    const DEGREE_M: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;
    let here = GeoPoint::new(50.8166, 5.1866).unwrap();
    let north = |m: f64| (here.lat + m / DEGREE_M, here.lon);
    let east = |m: f64| {
        (
            here.lat,
            here.lon + m / (DEGREE_M * here.lat.to_radians().cos()),
        )
    };
    let places = [
        ("100 N", north(100.0), "graffiti", ReportStatus::New),
        ("240 E", east(240.0), "graffiti", ReportStatus::InProgress),
        ("249.8 N", north(249.8), "graffiti", ReportStatus::Assigned),
        ("250.2 N", north(250.2), "graffiti", ReportStatus::New),
        ("400 E", east(400.0), "graffiti", ReportStatus::New),
        ("50 S done", north(-50.0), "graffiti", ReportStatus::Done),
        (
            "30 W roads",
            east(-30.0),
            "road_damage",
            ReportStatus::Accepted,
        ),
    ];
    for i in instances().await {
        let now = Utc::now();
        let generated: Vec<GeneratedReport> = places
            .iter()
            .enumerate()
            .map(
                |(n, (name, (lat, lon), category, status))| GeneratedReport {
                    lat: *lat,
                    lon: *lon,
                    category: (*category).into(),
                    department: "netheid".into(),
                    status: *status,
                    channel: Channel::Web,
                    // Apart in time, so equal distances would still have one order.
                    created_at: now - chrono::Duration::minutes(n as i64),
                    due_at: now,
                    done_at: (*status == ReportStatus::Done).then_some(now),
                    description: (*name).into(),
                    photos: Vec::new(),
                },
            )
            .collect();
        i.a.insert_generated(&generated).await.unwrap();
        // Hidden ones are not shown, however near.
        let mut hidden = valid_report("verborgen");
        hidden.point = GeoPoint::new(north(10.0).0, here.lon).unwrap();
        let hidden = created_reference(
            &i.a.create_report(&hidden, "h", &[], None, now)
                .await
                .unwrap(),
        );
        assert!(i.a.set_hidden(&hidden, true).await.unwrap());

        let near =
            i.b.open_reports_near(here, Some("graffiti"), 250.0, 10)
                .await
                .unwrap();
        let names: Vec<&str> = near.iter().map(|r| r.description.as_str()).collect();
        assert_eq!(names, ["100 N", "240 E", "249.8 N"], "{}", i.backend);
        for r in &near {
            let d = here.distance_m(&GeoPoint {
                lat: r.lat,
                lon: r.lon,
            });
            let told = r.distance_m.unwrap();
            assert!(
                (told - d).abs() < 0.01,
                "{}: {} at {told} m, not {d}",
                i.backend,
                r.description
            );
        }
        let any = i.b.open_reports_near(here, None, 250.0, 2).await.unwrap();
        let names: Vec<&str> = any.iter().map(|r| r.description.as_str()).collect();
        assert_eq!(
            names,
            ["30 W roads", "100 N"],
            "{}: nearest first, at most 2",
            i.backend
        );
    }
}

/// Waits (up to 5 s) for `store` to hear of report changes and returns its count.
async fn changes_heard_by(store: &dyn Backend, more_than: Option<u64>) -> u64 {
    for _ in 0..100 {
        match store.report_changes() {
            Some(count) if more_than.is_none_or(|m| count > m) => return count,
            _ => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
    panic!("no change heard in 5 s (more than {more_than:?})");
}

#[tokio::test]
async fn report_changes_count_at_once_where_made_and_soon_on_the_other_instance() {
    for i in instances().await {
        if i.backend == "sqlite" {
            // SQLite cannot tell: the planner asks it every time.
            assert_eq!(i.a.report_changes(), None);
            continue;
        }
        let a0 = changes_heard_by(i.a.as_ref(), None).await;
        let b0 = changes_heard_by(i.b.as_ref(), None).await;
        // A new report counts where it was made as soon as it is stored...
        let reference = created_reference(&create(i.b.as_ref(), "t").await.unwrap());
        let b1 = i.b.report_changes().unwrap();
        assert!(b1 > b0, "{b1} > {b0}");
        // ...and on the other instance once its notification arrives.
        let a1 = changes_heard_by(i.a.as_ref(), Some(a0)).await;
        // Reading counts nothing.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let a1 = i.a.report_changes().unwrap().max(a1);
        for _ in 0..5 {
            i.a.report(&reference).await.unwrap().unwrap();
            i.b.report(&reference).await.unwrap().unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(i.a.report_changes(), Some(a1), "reads are no changes");
        // A status change and hiding count at once where made.
        let report = i.a.report(&reference).await.unwrap().unwrap();
        let mut update = ReportUpdate::new(&report, EventKind::Status, None);
        update.status = ReportStatus::Accepted;
        i.a.apply_update(&update, Utc::now()).await.unwrap();
        let a2 = i.a.report_changes().unwrap();
        assert!(a2 > a1, "{a2} > {a1}");
        assert!(i.a.set_hidden(&reference, true).await.unwrap());
        let a3 = i.a.report_changes().unwrap();
        assert!(a3 > a2, "{a3} > {a2}");
        changes_heard_by(i.b.as_ref(), Some(b1)).await;
    }
}
