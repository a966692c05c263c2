//! The SQLite store: WAL mode with full sync, foreign keys on, an R*Tree for spatial lookups.

use super::db_error;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{
    CreateOutcome, IdempotencyKey, NewPhoto, PhotoRecord, ReportRecord, StatusChange, StatusFilter,
    Store, UserRecord,
};
use meldpunt_app::report::domain::{
    BBox, Category, Contact, GeoPoint, HistoryEntry, PhotoKind, ReportRef, ReportStatus,
    ReportSummary, ValidReport,
};
use meldpunt_app::service::sha256_hex;
use meldpunt_app::staff::{Role, StaffUser};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` and applies the migrations.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a report acknowledged to a citizen survives a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Counts reports; used by `demo` and tests.
    pub async fn count_reports(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM report")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    /// Every storage key of every photo, for consistency checks.
    pub async fn photo_keys(&self) -> Result<Vec<String>, AppError> {
        let rows = sqlx::query("SELECT storage_key, thumbnail_key FROM photo")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(rows
            .iter()
            .flat_map(|r| [r.get::<String, _>(0), r.get::<String, _>(1)])
            .collect())
    }

    /// Backdates a report's creation (demo data spread over a year).
    pub async fn backdate(
        &self,
        reference: &str,
        created_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        sqlx::query("UPDATE report SET created_at = ?1, updated_at = ?1 WHERE ref = ?2")
            .bind(created_at)
            .bind(reference)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// SQL list of the open statuses, from the one definition in the domain.
fn open_status_list() -> String {
    ReportStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

fn category_from_row(r: &SqliteRow) -> Category {
    Category {
        code: r.get("code"),
        name_nl: r.get("name_nl"),
        name_fr: r.get("name_fr"),
        name_en: r.get("name_en"),
        department: r.get("department"),
        target_days: r.get("target_days"),
        icon: r.get("icon"),
    }
}

fn status_from_db(s: &str) -> Result<ReportStatus, AppError> {
    ReportStatus::parse(s)
        .map_err(|_| AppError::internal(format!("unknown status in database: {s}")))
}

async fn insert_photos(
    tx: &mut Transaction<'_, Sqlite>,
    report_id: i64,
    photos: &[NewPhoto],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for p in photos {
        sqlx::query(
            "INSERT INTO photo (report_id, kind, width, height, bytes, sha256, storage_key, thumbnail_key, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(p.kind.as_str())
        .bind(p.width)
        .bind(p.height)
        .bind(p.bytes as i64)
        .bind(&p.sha256)
        .bind(&p.key)
        .bind(&p.thumbnail_key)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn categories(&self) -> Result<Vec<Category>, AppError> {
        let rows = sqlx::query("SELECT * FROM category WHERE active = 1 ORDER BY sort_order")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(rows.iter().map(category_from_row).collect())
    }

    async fn category(&self, code: &str) -> Result<Option<Category>, AppError> {
        let row = sqlx::query("SELECT * FROM category WHERE code = ? AND active = 1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.as_ref().map(category_from_row))
    }

    async fn create_report(
        &self,
        report: &ValidReport,
        tracking_token: &str,
        photos: &[NewPhoto],
        idempotency: Option<&IdempotencyKey>,
        now: DateTime<Utc>,
    ) -> Result<CreateOutcome, AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        if let Some(idem) = idempotency {
            // Claiming the key is the transaction's first statement, a write: a concurrent request
            // with the same key waits here until this one commits, then finds the key taken.
            let claimed = sqlx::query(
                "INSERT INTO idempotency_key (idem_key, request_hash, report_id, tracking_token, created_at)
                 VALUES (?, ?, NULL, ?, ?) ON CONFLICT (idem_key) DO NOTHING",
            )
            .bind(&idem.key)
            .bind(&idem.request_hash)
            .bind(tracking_token)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected()
                == 1;
            if !claimed {
                let row = sqlx::query(
                    "SELECT k.request_hash, k.tracking_token, r.report_id, r.ref
                     FROM idempotency_key k JOIN report r ON r.report_id = k.report_id WHERE k.idem_key = ?",
                )
                .bind(&idem.key)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error)?;
                let hash: String = row.get(0);
                return Ok(if hash == idem.request_hash {
                    CreateOutcome::Replayed {
                        tracking_token: row.get(1),
                        id: row.get(2),
                        reference: row.get(3),
                    }
                } else {
                    CreateOutcome::KeyReused
                });
            }
        }
        let year = now.year();
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO ref_counter (year, last) VALUES (?, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let reference = ReportRef::new(year, seq);
        let contact = report.contact.clone().unwrap_or_default();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report (ref, tracking_token_hash, category_id, lat, lon, address, description, channel, status,
                                 created_at, updated_at, contact_name, contact_email, contact_phone, contact_consent)
             SELECT ?, ?, category_id, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ? FROM category WHERE code = ?
             RETURNING report_id",
        )
        .bind(reference.as_str())
        .bind(sha256_hex(tracking_token.as_bytes()))
        .bind(report.point.lat)
        .bind(report.point.lon)
        .bind(&report.address)
        .bind(report.description.as_str())
        .bind(report.channel.as_str())
        .bind(now)
        .bind(now)
        .bind(&contact.name)
        .bind(&contact.email)
        .bind(&contact.phone)
        .bind(contact.consent)
        .bind(&report.category)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::validation("category", "unknown category"))?;
        sqlx::query("INSERT INTO report_rtree (report_id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)")
            .bind(id)
            .bind(report.point.lon)
            .bind(report.point.lon)
            .bind(report.point.lat)
            .bind(report.point.lat)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("INSERT INTO status_history (report_id, status, note, actor_user_id, at) VALUES (?, 'new', NULL, NULL, ?)")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        insert_photos(&mut tx, id, photos, now).await?;
        if let Some(idem) = idempotency {
            sqlx::query("UPDATE idempotency_key SET report_id = ? WHERE idem_key = ?")
                .bind(id)
                .bind(&idem.key)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        // Keys are only needed for retries; drop the ones older than a day.
        sqlx::query("DELETE FROM idempotency_key WHERE created_at < ?")
            .bind(now - chrono::Duration::days(1))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(CreateOutcome::Created {
            id,
            reference: reference.to_string(),
        })
    }

    async fn report(&self, reference: &str) -> Result<Option<ReportRecord>, AppError> {
        let Some(row) = sqlx::query(
            "SELECT r.report_id, r.ref, r.lat, r.lon, r.address, r.description, r.status, r.created_at, r.updated_at, c.*
             FROM report r JOIN category c ON c.category_id = r.category_id WHERE r.ref = ? AND r.hidden = 0",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        let id: i64 = row.get("report_id");
        let history = sqlx::query("SELECT status, at, note FROM status_history WHERE report_id = ? ORDER BY status_history_id")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?
            .iter()
            .map(|h| Ok(HistoryEntry { status: status_from_db(h.get("status"))?, at: h.get("at"), note: h.get("note") }))
            .collect::<Result<Vec<_>, AppError>>()?;
        let photos = sqlx::query("SELECT kind, width, height, storage_key, thumbnail_key FROM photo WHERE report_id = ? ORDER BY photo_id")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?
            .iter()
            .map(|p| PhotoRecord {
                kind: PhotoKind::parse(p.get("kind")),
                width: p.get("width"),
                height: p.get("height"),
                key: p.get("storage_key"),
                thumbnail_key: p.get("thumbnail_key"),
            })
            .collect();
        Ok(Some(ReportRecord {
            id,
            reference: row.get("ref"),
            category: category_from_row(&row),
            point: GeoPoint {
                lat: row.get("lat"),
                lon: row.get("lon"),
            },
            address: row.get("address"),
            description: row.get("description"),
            status: status_from_db(row.get("status"))?,
            created_at: row.get("created_at"),
            updated_at: row.get("updated_at"),
            history,
            photos,
        }))
    }

    async fn reference_for_token(&self, tracking_token: &str) -> Result<Option<String>, AppError> {
        sqlx::query_scalar("SELECT ref FROM report WHERE tracking_token_hash = ? AND hidden = 0")
            .bind(sha256_hex(tracking_token.as_bytes()))
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)
    }

    async fn reports_in_bbox(
        &self,
        bbox: BBox,
        status: StatusFilter,
        category: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ReportSummary>, AppError> {
        let status_clause = match status {
            StatusFilter::All => String::new(),
            StatusFilter::Open => format!("AND r.status IN ({})", open_status_list()),
            StatusFilter::Closed => format!("AND r.status NOT IN ({})", open_status_list()),
        };
        let sql = format!(
            "SELECT r.ref, c.code, r.lat, r.lon, r.address, r.description, r.status, r.created_at
             FROM report_rtree t
             JOIN report r ON r.report_id = t.report_id
             JOIN category c ON c.category_id = r.category_id
             WHERE t.min_lon >= ? AND t.max_lon <= ? AND t.min_lat >= ? AND t.max_lat <= ?
               AND r.hidden = 0 {status_clause} AND (?5 IS NULL OR c.code = ?5)
             ORDER BY r.created_at DESC LIMIT ?6"
        );
        let rows = sqlx::query(&sql)
            .bind(bbox.min_lon)
            .bind(bbox.max_lon)
            .bind(bbox.min_lat)
            .bind(bbox.max_lat)
            .bind(category)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(ReportSummary {
                    reference: r.get(0),
                    category: r.get(1),
                    lat: r.get(2),
                    lon: r.get(3),
                    address: r.get(4),
                    description: r.get(5),
                    status: status_from_db(r.get(6))?,
                    created_at: r.get(7),
                    distance_m: None,
                })
            })
            .collect()
    }

    async fn change_status(
        &self,
        change: &StatusChange,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let updated = sqlx::query(
            "UPDATE report SET status = ?, updated_at = ? WHERE report_id = ? AND status = ?",
        )
        .bind(change.to.as_str())
        .bind(now)
        .bind(change.report_id)
        .bind(change.from.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        if updated != 1 {
            return Err(AppError::conflict(
                "the report changed meanwhile; reload and try again",
            ));
        }
        sqlx::query("INSERT INTO status_history (report_id, status, note, actor_user_id, at) VALUES (?, ?, ?, ?, ?)")
            .bind(change.report_id)
            .bind(change.to.as_str())
            .bind(&change.note)
            .bind(change.actor_user_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        insert_photos(&mut tx, change.report_id, &change.photos, now).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn set_hidden(&self, reference: &str, hidden: bool) -> Result<bool, AppError> {
        let n = sqlx::query("UPDATE report SET hidden = ? WHERE ref = ?")
            .bind(hidden)
            .bind(reference)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected();
        Ok(n == 1)
    }

    async fn report_contact(&self, reference: &str) -> Result<Option<Contact>, AppError> {
        let row = sqlx::query("SELECT contact_name, contact_email, contact_phone, contact_consent FROM report WHERE ref = ?")
            .bind(reference)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.and_then(|r| {
            let c = Contact {
                name: r.get(0),
                email: r.get(1),
                phone: r.get(2),
                consent: r.get(3),
            };
            (c.name.is_some() || c.email.is_some() || c.phone.is_some()).then_some(c)
        }))
    }

    async fn erase_old_contacts(&self, closed_before: DateTime<Utc>) -> Result<u64, AppError> {
        let sql = format!(
            "UPDATE report SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, contact_consent = 0
             WHERE status NOT IN ({}) AND updated_at < ?
               AND (contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL)",
            open_status_list()
        );
        let n = sqlx::query(&sql)
            .bind(closed_before)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected();
        sqlx::query("DELETE FROM session WHERE expires_at < ?")
            .bind(Utc::now())
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(n)
    }

    async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, AppError> {
        sqlx::query_scalar(
            "INSERT INTO app_user (email, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING user_id",
        )
        .bind(email)
        .bind(display_name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, AppError> {
        let row = sqlx::query("SELECT user_id, email, display_name, role, password_hash, active FROM app_user WHERE email = ?")
            .bind(email)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.map(|r| {
            Ok(UserRecord {
                user: StaffUser {
                    id: r.get("user_id"),
                    email: r.get("email"),
                    display_name: r.get("display_name"),
                    role: Role::parse(r.get("role"))?,
                },
                password_hash: r.get("password_hash"),
                active: r.get("active"),
            })
        })
        .transpose()
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let now = Utc::now();
        sqlx::query("DELETE FROM session WHERE expires_at < ?")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StaffUser>, AppError> {
        let row = sqlx::query(
            "SELECT u.user_id, u.email, u.display_name, u.role FROM session s JOIN app_user u ON u.user_id = s.user_id
             WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.map(|r| {
            Ok(StaffUser {
                id: r.get("user_id"),
                email: r.get("email"),
                display_name: r.get("display_name"),
                role: Role::parse(r.get("role"))?,
            })
        })
        .transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM session WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meldpunt_app::report::domain::{Channel, Description};

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
            contact: None,
            channel: Channel::Web,
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
            .execute(store.pool())
            .await;
        assert!(update.unwrap_err().to_string().contains("append-only"));
        let delete = sqlx::query("DELETE FROM status_history WHERE report_id = ?")
            .bind(id)
            .execute(store.pool())
            .await;
        assert!(delete.unwrap_err().to_string().contains("append-only"));
    }

    #[tokio::test]
    async fn a_status_change_from_a_stale_status_is_a_conflict() {
        let (store, _dir, id) = store_with_report().await;
        let user = store
            .create_user("c@x.test", "C", Role::Crew, "hash")
            .await
            .unwrap();
        let change = |from, to| StatusChange {
            report_id: id,
            from,
            to,
            note: None,
            actor_user_id: user,
            photos: vec![],
        };
        store
            .change_status(
                &change(ReportStatus::New, ReportStatus::InProgress),
                Utc::now(),
            )
            .await
            .unwrap();
        let stale = store
            .change_status(&change(ReportStatus::New, ReportStatus::Done), Utc::now())
            .await;
        assert_eq!(stale.unwrap_err().status(), 409);
    }

    #[tokio::test]
    async fn the_open_status_list_matches_the_domain() {
        assert_eq!(open_status_list(), "'new','accepted','in_progress'");
    }
}
