//! Tests of the SQLite store that need its internals (triggers, versions, migrations).
use super::*;
use chrono::Datelike;
use meldpunt_app::i18n::Lang;
use meldpunt_app::office::domain::EventKind;
use meldpunt_app::port::prelude::*;
use meldpunt_app::port::{CreateOutcome, ReportUpdate};
use meldpunt_app::report::domain::ReportStatus;
use meldpunt_app::report::domain::{Channel, Description};
use meldpunt_app::report::domain::{GeoPoint, ValidReport};

async fn store_with_report() -> (SqliteStore, tempfile::TempDir, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&format!("sqlite://{}/t.db", dir.path().display()))
        .await
        .unwrap();
    let report = ValidReport {
        category: "graffiti".into(),
        point: GeoPoint::new(50.8, 5.1).unwrap(),
        description: Description::new("tag").unwrap(),
        address: None,
        address_near: false,
        contact: None,
        channel: Channel::Web,
        lang: Lang::Nl,
        created_by: None,
        answers: Vec::new(),
        api_client: None,
        district: None,
    };
    let CreateOutcome::Created { id, .. } = store
        .create_report(&report, "t", &[], None, Utc::now())
        .await
        .unwrap()
    else {
        panic!("not created")
    };
    (store, dir, id)
}

#[tokio::test]
async fn status_history_cannot_be_rewritten() {
    let (store, _dir, id) = store_with_report().await;
    let update = sqlx::query("UPDATE status_history SET note = 'changed' WHERE report_id = ?")
        .bind(id)
        .execute(&store.pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM status_history WHERE report_id = ?")
        .bind(id)
        .execute(&store.pool)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn an_update_from_a_stale_version_is_refused_with_the_current_version() {
    let (store, _dir, _id) = store_with_report().await;
    let report = store
        .report(&format!("M-{}-000001", Utc::now().year()))
        .await
        .unwrap()
        .unwrap();
    let mut accept = ReportUpdate::new(&report, EventKind::Status, None);
    accept.status = ReportStatus::Accepted;
    store.apply_update(&accept, Utc::now()).await.unwrap();
    let mut stale = ReportUpdate::new(&report, EventKind::Status, None);
    stale.status = ReportStatus::Rejected;
    let err = store.apply_update(&stale, Utc::now()).await.unwrap_err();
    assert_eq!(err.status(), 412);
    assert!(matches!(
        err,
        meldpunt_app::error::AppError::Stale {
            current_version: 2,
            ..
        }
    ));
}

#[tokio::test]
async fn migrated_categories_all_have_a_department_and_due_dates_follow_target_days() {
    let (store, _dir, _id) = store_with_report().await;
    for c in store.categories(true).await.unwrap() {
        assert!(!c.department.is_empty(), "{}", c.code);
    }
    let r = store
        .report(&format!("M-{}-000001", Utc::now().year()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.department, "netheid");
    assert_eq!((r.due_at - r.created_at).num_days(), 10);
}

/// A database at `url` as an older version left it: migrated up to, not including, the first
/// migration whose description contains `until`.
async fn database_before(url: &str, until: &str) -> SqlitePool {
    let options = SqliteConnectOptions::from_str(url)
        .unwrap()
        .create_if_missing(true);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    let before = crate::storage::migrations::sqlite_before(until);
    before.run(&pool).await.unwrap();
    pool
}

#[tokio::test]
async fn a_database_from_before_the_back_office_keeps_every_report_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/old.db", dir.path().display());
    {
        let pool = database_before(&url, "back office").await;
        sqlx::query(
            "INSERT INTO report (ref, tracking_token_hash, category_id, lat, lon, description, channel, status,
                                 created_at, updated_at, contact_email)
             SELECT 'M-2025-000001', 'h', category_id, 50.8, 5.1, 'oud', 'phone', 'in_progress',
                    '2025-03-01T10:00:00+00:00', '2025-03-02T10:00:00+00:00', 'a@example.org'
             FROM category WHERE code = 'road_damage'",
        )
        .execute(&pool)
        .await
        .unwrap();
        for (status, at) in [
            ("new", "2025-03-01T10:00:00+00:00"),
            ("in_progress", "2025-03-02T10:00:00+00:00"),
        ] {
            sqlx::query("INSERT INTO status_history (report_id, status, at) VALUES (1, ?, ?)")
                .bind(status)
                .bind(at)
                .execute(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    }
    let store = SqliteStore::open(&url).await.unwrap();
    let r = store.report("M-2025-000001").await.unwrap().unwrap();
    assert_eq!(r.status, ReportStatus::InProgress);
    assert_eq!(r.department, "wegen");
    assert_eq!(r.channel, Channel::Phone);
    assert_eq!(r.due_at.to_rfc3339(), "2025-03-15T10:00:00+00:00");
    assert_eq!(r.history.len(), 2);
    assert_eq!(r.history[1].kind, EventKind::Status);
    assert_eq!(
        store
            .report_contact("M-2025-000001")
            .await
            .unwrap()
            .unwrap()
            .email
            .as_deref(),
        Some("a@example.org")
    );
    // The rebuilt table still accepts the new statuses and keeps its history append-only.
    let mut assign = ReportUpdate::new(&r, EventKind::Assign, None);
    assign.status = ReportStatus::Assigned;
    store.apply_update(&assign, Utc::now()).await.unwrap();
    assert!(sqlx::query("DELETE FROM status_history")
        .execute(&store.pool)
        .await
        .is_err());
}

#[tokio::test]
async fn the_open_status_list_matches_the_domain() {
    let (store, _dir, _) = store_with_report().await;
    let sql = format!("SELECT ? IN ({})", open_status_list());
    for status in ReportStatus::ALL {
        let open: bool = sqlx::query_scalar(&sql)
            .bind(status.as_str())
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(open, status.is_open(), "{status:?}");
    }
}

#[tokio::test]
async fn names_move_to_their_own_tables_and_reports_keep_language_photos_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/old.db", dir.path().display());
    {
        let pool = database_before(&url, "names").await;
        for sql in [
            "UPDATE category SET name_fr = 'Tags muraux' WHERE code = 'graffiti'",
            "INSERT INTO report (ref, tracking_token_hash, category_id, department_id, lat, lon, description, channel,
                                 status, created_at, updated_at, due_at, lang, contact_email)
             SELECT 'M-2026-000001', 'h', c.category_id, c.department_id, 50.8, 5.1, 'tag', 'web', 'new',
                    '2026-03-01T10:00:00+00:00', '2026-03-01T10:00:00+00:00', '2026-03-11T10:00:00+00:00', 'fr', 'a@example.org'
             FROM category c WHERE c.code = 'graffiti'",
            "INSERT INTO status_history (report_id, status, at) VALUES (1, 'new', '2026-03-01T10:00:00+00:00')",
            "INSERT INTO photo (report_id, kind, width, height, bytes, sha256, storage_key, thumbnail_key, created_at)
             VALUES (1, 'before', 10, 10, 100, 'x', 'k', 't', '2026-03-01T10:00:00+00:00')",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    let store = SqliteStore::open(&url).await.unwrap();
    let categories = store.categories(true).await.unwrap();
    assert_eq!(categories.len(), 11, "every category kept");
    let graffiti = categories.iter().find(|c| c.code == "graffiti").unwrap();
    assert_eq!(graffiti.names.get(Lang::Fr), "Tags muraux");
    assert_eq!(graffiti.names.get(Lang::Nl), "Graffiti");
    let roads = store.departments().await.unwrap();
    let roads = roads.iter().find(|d| d.code == "wegen").unwrap();
    assert_eq!(
        Lang::ALL.map(|l| roads.names.get(l)),
        ["Wegen", "Voirie", "Roads"]
    );
    let r = store.report("M-2026-000001").await.unwrap().unwrap();
    assert_eq!(r.lang, Lang::Fr);
    assert_eq!(r.category.names.get(Lang::Fr), "Tags muraux");
    assert_eq!(r.history.len(), 1);
    assert_eq!(r.photos.len(), 1);
    assert_eq!(
        store
            .report_contact("M-2026-000001")
            .await
            .unwrap()
            .unwrap()
            .email
            .as_deref(),
        Some("a@example.org")
    );
    // The language list is gone from the schema; the program reads a language it does not
    // know as the default one.
    sqlx::query("UPDATE report SET lang = 'de'")
        .execute(&store.pool)
        .await
        .unwrap();
    let r = store.report("M-2026-000001").await.unwrap().unwrap();
    assert_eq!(r.lang, Lang::Nl);
    // A name is saved per language; an admin's change replaces the old ones.
    let mut renamed = graffiti.clone();
    renamed.names = Names::new(|l| format!("G-{}", l.code()));
    store.save_category(&renamed).await.unwrap();
    let again = store.category("graffiti").await.unwrap().unwrap();
    assert_eq!(
        Lang::ALL.map(|l| again.names.get(l).to_owned()),
        ["G-nl", "G-fr", "G-en"]
    );
}
