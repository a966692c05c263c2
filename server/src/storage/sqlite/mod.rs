//! The SQLite store: WAL mode with full sync, foreign keys on, an R*Tree for spatial lookups.

use super::db_error;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::office::domain::{
    Department, EventKind, HistoryRecord, Partner, QueueSort, ReportQuery, StaffSummary, Team,
};
use meldpunt_app::planner::index::IndexRow;
use meldpunt_app::port::{
    AddressRow, ChangeOutcome, ChangeReceipt, CreateOutcome, ExportRow, IdempotencyKey, NewPhoto,
    OutgoingMail, PhotoRecord, QueuedMail, Recipient, ReportRecord, ReportUpdate, StatusFilter,
    Store, StreetRecord, UserListing, UserRecord,
};
use meldpunt_app::report::domain::{
    BBox, Category, Channel, Contact, GeoPoint, PhotoKind, ReportRef, ReportStatus, ReportSummary,
    ValidReport,
};
use meldpunt_app::service::sha256_hex;
use meldpunt_app::staff::{Role, StaffUser};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// The SQLite store.
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
        // Migrations run with foreign keys off (table rebuilds need it), then the whole
        // database is checked before the app's connections, with foreign keys on, open.
        {
            let migrating = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone().foreign_keys(false))
                .await?;
            sqlx::migrate!("../migrations/sqlite")
                .run(&migrating)
                .await?;
            let violations = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&migrating)
                .await?;
            if !violations.is_empty() {
                anyhow::bail!(
                    "the database has {} rows breaking foreign keys after migrating",
                    violations.len()
                );
            }
            migrating.close().await;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    /// Counts reports; used by `demo` and tests.
    pub async fn count_reports(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM report")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    /// Counts rows of the address register.
    pub async fn count_addresses(&self) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM address")
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
        let mut tx = self.write_tx().await?;
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

    /// A transaction that takes the write lock at once (`BEGIN IMMEDIATE`): a deferred one
    /// that reads first fails with "database is locked" when another writer got there between
    /// its read and its write, instead of waiting its turn.
    async fn write_tx(&self) -> Result<sqlx::Transaction<'_, Sqlite>, AppError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)
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

/// Selects a category with its department's code; `category_from_row` reads it.
/// How long idempotency keys and change receipts are kept for replays.
const IDEMPOTENCY_DAYS: i64 = 30;

const CATEGORY_SELECT: &str = "SELECT c.code, c.name_nl, c.name_fr, c.name_en, c.target_days, c.icon, c.active, d.code AS dept_code
     FROM category c JOIN department d ON d.department_id = c.department_id";

fn category_from_row(r: &SqliteRow) -> Category {
    Category {
        code: r.get("code"),
        name_nl: r.get("name_nl"),
        name_fr: r.get("name_fr"),
        name_en: r.get("name_en"),
        department: r.get("dept_code"),
        target_days: r.get("target_days"),
        icon: r.get("icon"),
        active: r.get("active"),
    }
}

/// Queues one e-mail, due at once.
async fn insert_mail<'e, E>(
    executor: E,
    report_id: Option<i64>,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    sqlx::query(
        "INSERT INTO outbox (to_addr, subject, body, report_id, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(report_id)
    .bind(now)
    .bind(now)
    .execute(executor)
    .await
    .map_err(db_error)?;
    Ok(())
}

fn lang_from_db(s: &str) -> Lang {
    Lang::from_code(s).unwrap_or_default()
}

/// Departments and teams of a user.
async fn memberships(pool: &SqlitePool, user_id: i64) -> Result<(Vec<String>, Vec<i64>), AppError> {
    let departments = sqlx::query_scalar(
        "SELECT d.code FROM user_department ud JOIN department d ON d.department_id = ud.department_id
         WHERE ud.user_id = ? ORDER BY d.code",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(db_error)?;
    let teams =
        sqlx::query_scalar("SELECT team_id FROM team_member WHERE user_id = ? ORDER BY team_id")
            .bind(user_id)
            .fetch_all(pool)
            .await
            .map_err(db_error)?;
    Ok((departments, teams))
}

async fn department_id(tx: &mut Transaction<'_, Sqlite>, code: &str) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT department_id FROM department WHERE code = ?")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::validation("department", "unknown department"))
}

/// The digits of a phone column, in SQL (spaces, dots, slashes, dashes and brackets removed).
const PHONE_DIGITS_SQL: &str =
    "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE({col}, ' ', ''), '.', ''), '/', ''), '-', ''), '(', ''), ')', ''), '+', '')";

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn address_from_row(r: &SqliteRow) -> AddressRow {
    AddressRow {
        street: r.get("street"),
        house_number: r.get("house_number"),
        postcode: r.get("postcode"),
        municipality: r.get("municipality"),
        point: GeoPoint {
            lat: r.get("lat"),
            lon: r.get("lon"),
        },
    }
}

fn summary_from_row(r: &SqliteRow, now: DateTime<Utc>) -> Result<StaffSummary, AppError> {
    let status = status_from_db(r.get("status"))?;
    let due_at: DateTime<Utc> = r.get("due_at");
    Ok(StaffSummary {
        reference: r.get("ref"),
        category: r.get("code"),
        category_names: [r.get("name_nl"), r.get("name_fr"), r.get("name_en")],
        department: r.get("dept_code"),
        status,
        lat: r.get("lat"),
        lon: r.get("lon"),
        address: r.get("address"),
        description: r.get("description"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
        due_at,
        priority: r.get::<i64, _>("priority") as u8,
        team: r.get("team_name"),
        days_overdue: meldpunt_app::office::domain::days_overdue(status, due_at, now),
        distance_m: None,
    })
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
    async fn categories(&self, all: bool) -> Result<Vec<Category>, AppError> {
        let rows = sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.active = 1 OR ? ORDER BY c.sort_order, c.category_id"
        ))
        .bind(all)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(category_from_row).collect())
    }

    async fn category(&self, code: &str) -> Result<Option<Category>, AppError> {
        let row = sqlx::query(&format!(
            "{CATEGORY_SELECT} WHERE c.code = ? AND c.active = 1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.as_ref().map(category_from_row))
    }

    async fn save_category(&self, c: &Category) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let d = department_id(&mut tx, &c.department).await?;
        sqlx::query(
            "INSERT INTO category (code, name_nl, name_fr, name_en, department_id, target_days, icon, sort_order, active)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM category), ?8)
             ON CONFLICT (code) DO UPDATE SET name_nl = ?2, name_fr = ?3, name_en = ?4, department_id = ?5,
               target_days = ?6, icon = ?7, active = ?8",
        )
        .bind(&c.code)
        .bind(&c.name_nl)
        .bind(&c.name_fr)
        .bind(&c.name_en)
        .bind(d)
        .bind(c.target_days)
        .bind(&c.icon)
        .bind(c.active)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn departments(&self) -> Result<Vec<Department>, AppError> {
        let rows = sqlx::query(
            "SELECT code, name_nl, name_fr, name_en, active FROM department ORDER BY name_nl",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Department {
                code: r.get("code"),
                name_nl: r.get("name_nl"),
                name_fr: r.get("name_fr"),
                name_en: r.get("name_en"),
                active: r.get("active"),
            })
            .collect())
    }

    async fn save_department(&self, d: &Department) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO department (code, name_nl, name_fr, name_en, active) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (code) DO UPDATE SET name_nl = ?2, name_fr = ?3, name_en = ?4, active = ?5",
        )
        .bind(&d.code)
        .bind(&d.name_nl)
        .bind(&d.name_fr)
        .bind(&d.name_en)
        .bind(d.active)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn teams(&self) -> Result<Vec<Team>, AppError> {
        let rows = sqlx::query(
            "SELECT t.team_id, t.name, d.code FROM team t JOIN department d ON d.department_id = t.department_id ORDER BY t.name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Team {
                id: r.get(0),
                name: r.get(1),
                department: r.get(2),
            })
            .collect())
    }

    async fn create_team(&self, name: &str, department: &str) -> Result<i64, AppError> {
        let mut tx = self.write_tx().await?;
        let d = department_id(&mut tx, department).await?;
        let id = sqlx::query_scalar(
            "INSERT INTO team (name, department_id) VALUES (?, ?) RETURNING team_id",
        )
        .bind(name)
        .bind(d)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(id)
    }

    async fn set_team_members(&self, team_id: i64, user_ids: &[i64]) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM team_member WHERE team_id = ?")
            .bind(team_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for u in user_ids {
            sqlx::query("INSERT INTO team_member (team_id, user_id) VALUES (?, ?)")
                .bind(team_id)
                .bind(u)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn partners(&self) -> Result<Vec<Partner>, AppError> {
        let rows = sqlx::query(
            "SELECT partner_id, name, email FROM partner WHERE active = 1 ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| Partner {
                id: r.get(0),
                name: r.get(1),
                email: r.get(2),
            })
            .collect())
    }

    async fn create_partner(&self, name: &str, email: &str) -> Result<i64, AppError> {
        sqlx::query_scalar("INSERT INTO partner (name, email) VALUES (?, ?) RETURNING partner_id")
            .bind(name)
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    async fn create_report(
        &self,
        report: &ValidReport,
        tracking_token: &str,
        photos: &[NewPhoto],
        idempotency: Option<&IdempotencyKey>,
        now: DateTime<Utc>,
    ) -> Result<CreateOutcome, AppError> {
        let mut tx = self.write_tx().await?;
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
        let reference = next_reference(&mut tx, now.year()).await?;
        let contact = report.contact.clone().unwrap_or_default();
        let (category_id, department_id, target_days): (i64, i64, i64) = sqlx::query_as(
            "SELECT category_id, department_id, target_days FROM category WHERE code = ? AND active = 1",
        )
        .bind(&report.category)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::validation("category", "unknown category"))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report (ref, tracking_token_hash, category_id, department_id, due_at, lang, created_by,
                                 lat, lon, address, description, channel, status,
                                 created_at, updated_at, contact_name, contact_email, contact_phone, contact_consent)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)
             RETURNING report_id",
        )
        .bind(reference.as_str())
        .bind(sha256_hex(tracking_token.as_bytes()))
        .bind(category_id)
        .bind(department_id)
        .bind(meldpunt_app::office::domain::due_at(now, target_days))
        .bind(report.lang.code())
        .bind(report.created_by)
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
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        insert_rtree(&mut tx, id, report.point.lat, report.point.lon).await?;
        sqlx::query("INSERT INTO status_history (report_id, kind, status, note, actor_user_id, at) VALUES (?, 'created', 'new', NULL, ?, ?)")
            .bind(id)
            .bind(report.created_by)
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
        // Keys are only needed for retries; a phone may keep a report in its outbox for weeks.
        sqlx::query("DELETE FROM idempotency_key WHERE created_at < ?")
            .bind(now - chrono::Duration::days(IDEMPOTENCY_DAYS))
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
            "SELECT r.report_id, r.ref, r.version, r.channel, r.lat, r.lon, r.address, r.description, r.status,
                    r.created_at, r.updated_at, r.due_at, r.priority, r.partner_ref, r.partner_status, r.lang, r.conflict_at,
                    c.code, c.name_nl, c.name_fr, c.name_en, c.target_days, c.icon, c.active, cd.code AS dept_code,
                    d.code AS report_dept, t.team_id, t.name AS team_name, td.code AS team_dept,
                    p.partner_id, p.name AS partner_name, p.email AS partner_email, o.ref AS duplicate_ref,
                    (SELECT COUNT(*) FROM follower f WHERE f.report_id = r.report_id) AS followers
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             JOIN department cd ON cd.department_id = c.department_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN team t ON t.team_id = r.team_id
             LEFT JOIN department td ON td.department_id = t.department_id
             LEFT JOIN partner p ON p.partner_id = r.partner_id
             LEFT JOIN report o ON o.report_id = r.duplicate_of
             WHERE r.ref = ? AND r.hidden = 0",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        let id: i64 = row.get("report_id");
        let history = sqlx::query(
            "SELECT h.kind, h.status, h.at, h.note, h.internal_note, u.display_name
             FROM status_history h LEFT JOIN app_user u ON u.user_id = h.actor_user_id
             WHERE h.report_id = ? ORDER BY h.status_history_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?
        .iter()
        .map(|h| {
            Ok(HistoryRecord {
                kind: EventKind::parse(h.get("kind")),
                status: status_from_db(h.get("status"))?,
                at: h.get("at"),
                note: h.get("note"),
                internal_note: h.get("internal_note"),
                actor: h.get("display_name"),
            })
        })
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
        let team = row.get::<Option<i64>, _>("team_id").map(|team_id| Team {
            id: team_id,
            name: row.get("team_name"),
            department: row.get("team_dept"),
        });
        let partner = row
            .get::<Option<i64>, _>("partner_id")
            .map(|partner_id| Partner {
                id: partner_id,
                name: row.get("partner_name"),
                email: row.get("partner_email"),
            });
        Ok(Some(ReportRecord {
            id,
            reference: row.get("ref"),
            version: row.get("version"),
            category: category_from_row(&row),
            department: row.get("report_dept"),
            channel: Channel::parse(row.get("channel"))
                .map_err(|_| AppError::internal("unknown channel in database"))?,
            point: GeoPoint {
                lat: row.get("lat"),
                lon: row.get("lon"),
            },
            address: row.get("address"),
            description: row.get("description"),
            status: status_from_db(row.get("status"))?,
            created_at: row.get("created_at"),
            updated_at: row.get("updated_at"),
            due_at: row.get("due_at"),
            team,
            priority: row.get::<i64, _>("priority") as u8,
            duplicate_of: row.get("duplicate_ref"),
            partner,
            partner_ref: row.get("partner_ref"),
            partner_status: row.get("partner_status"),
            conflict_at: row.get("conflict_at"),
            lang: lang_from_db(row.get("lang")),
            followers: row.get::<i64, _>("followers") as usize,
            history,
            photos,
        }))
    }

    async fn planner_rows(
        &self,
        changed_since: Option<DateTime<Utc>>,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<IndexRow>, AppError> {
        self.index_rows(changed_since, after_id, limit).await
    }

    async fn export_rows(
        &self,
        ids: &[i64],
        with_contact: bool,
    ) -> Result<Vec<ExportRow>, AppError> {
        self.rows_for_export(ids, with_contact).await
    }

    async fn change_receipt(&self, key: &str) -> Result<Option<ChangeReceipt>, AppError> {
        let Some(row) = sqlx::query(
            "SELECT c.user_id, c.request_hash, r.ref, c.outcome, c.version
             FROM change_receipt c JOIN report r ON r.report_id = c.report_id WHERE c.idem_key = ?",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        else {
            return Ok(None);
        };
        Ok(Some(ChangeReceipt {
            user_id: row.get("user_id"),
            request_hash: row.get("request_hash"),
            reference: row.get("ref"),
            outcome: ChangeOutcome::parse(row.get("outcome"))?,
            version: row.get("version"),
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

    async fn apply_update(
        &self,
        update: &ReportUpdate,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        if let Some(receipt) = &update.receipt {
            // Claiming the key is the transaction's first statement, a write: a concurrent
            // request with the same key waits here, then finds the key taken.
            let claimed = sqlx::query(
                "INSERT INTO change_receipt (idem_key, user_id, request_hash, report_id, outcome, version, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem_key) DO NOTHING",
            )
            .bind(&receipt.key)
            .bind(receipt.user_id)
            .bind(&receipt.request_hash)
            .bind(update.report_id)
            .bind(receipt.outcome.as_str())
            .bind(update.expected_version + 1)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected()
                == 1;
            if !claimed {
                return Err(AppError::conflict("this change was already received"));
            }
        }
        let department_id = match &update.department {
            Some(code) => Some(department_id(&mut tx, code).await?),
            None => None,
        };
        let mut q: QueryBuilder<Sqlite> =
            QueryBuilder::new("UPDATE report SET version = version + 1, updated_at = ");
        q.push_bind(now)
            .push(", status = ")
            .push_bind(update.status.as_str());
        if let Some(d) = department_id {
            q.push(", department_id = ").push_bind(d);
        }
        if let Some(team) = update.team {
            q.push(", team_id = ").push_bind(team.map(|t| t.0));
            if let Some((_, priority)) = team {
                q.push(", priority = ").push_bind(i64::from(priority));
            }
        }
        if let Some(p) = update.partner_id {
            q.push(", partner_id = ").push_bind(p);
        }
        if let Some(r) = &update.partner_ref {
            q.push(", partner_ref = ").push_bind(r.clone());
        }
        if let Some(r) = &update.partner_status {
            q.push(", partner_status = ").push_bind(r.clone());
        }
        if let Some(o) = update.duplicate_of {
            q.push(", duplicate_of = ").push_bind(o);
        }
        if let Some(flag) = update.conflict {
            q.push(", conflict_at = ").push_bind(flag.then_some(now));
        }
        q.push(" WHERE report_id = ")
            .push_bind(update.report_id)
            .push(" AND version = ")
            .push_bind(update.expected_version);
        let updated = q
            .build()
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        if updated != 1 {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM report WHERE report_id = ?")
                    .bind(update.report_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
            return Err(match current {
                Some(v) => AppError::stale(v),
                None => AppError::not_found(),
            });
        }
        sqlx::query(
            "INSERT INTO status_history (report_id, kind, status, note, internal_note, actor_user_id, at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(update.report_id)
        .bind(update.kind.as_str())
        .bind(update.status.as_str())
        .bind(&update.note)
        .bind(&update.internal_note)
        .bind(update.actor_user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if let Some(original) = update.duplicate_of {
            // The duplicate's reporter and followers now follow the original.
            sqlx::query(
                "INSERT INTO follower (report_id, name, email, phone, lang, created_at)
                 SELECT ?1, contact_name, contact_email, contact_phone, lang, ?2 FROM report
                 WHERE report_id = ?3 AND (contact_email IS NOT NULL OR contact_phone IS NOT NULL)
                 UNION ALL
                 SELECT ?1, name, email, phone, lang, ?2 FROM follower WHERE report_id = ?3",
            )
            .bind(original)
            .bind(now)
            .bind(update.report_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        if let Some(f) = &update.follower {
            sqlx::query(
                "INSERT INTO follower (report_id, name, email, phone, lang, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(update.report_id)
            .bind(&f.contact.name)
            .bind(&f.contact.email)
            .bind(&f.contact.phone)
            .bind(f.lang.code())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        insert_photos(&mut tx, update.report_id, &update.photos, now).await?;
        if update.receipt.is_some() {
            sqlx::query("DELETE FROM change_receipt WHERE created_at < ?")
                .bind(now - chrono::Duration::days(IDEMPOTENCY_DAYS))
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for m in &update.mails {
            insert_mail(&mut *tx, Some(update.report_id), m, now).await?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn recipients(&self, report_id: i64) -> Result<Vec<Recipient>, AppError> {
        let rows = sqlx::query(
            "SELECT contact_email AS email, lang FROM report WHERE report_id = ?1 AND contact_email IS NOT NULL
             UNION ALL
             SELECT email, lang FROM follower WHERE report_id = ?1 AND email IS NOT NULL",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out: Vec<Recipient> = Vec::new();
        for r in rows {
            let email: String = r.get("email");
            if !out.iter().any(|o| o.email.eq_ignore_ascii_case(&email)) {
                out.push(Recipient {
                    email,
                    lang: lang_from_db(r.get("lang")),
                });
            }
        }
        Ok(out)
    }

    async fn find_reports(
        &self,
        query: &ReportQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffSummary>, AppError> {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT r.ref, c.code, c.name_nl, c.name_fr, c.name_en, d.code AS dept_code, r.status, r.lat, r.lon, r.address, r.description,
                    r.created_at, r.updated_at, r.due_at, r.priority, t.name AS team_name
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN team t ON t.team_id = r.team_id
             WHERE r.hidden = 0",
        );
        if let Some(departments) = &query.departments {
            q.push(" AND d.code IN (");
            let mut sep = q.separated(", ");
            sep.push_bind("");
            for d in departments {
                sep.push_bind(d.clone());
            }
            q.push(")");
        }
        if let Some(teams) = &query.teams {
            q.push(" AND r.team_id IN (");
            let mut sep = q.separated(", ");
            sep.push_bind(-1_i64);
            for t in teams {
                sep.push_bind(*t);
            }
            q.push(")");
        }
        if !query.statuses.is_empty() {
            q.push(" AND r.status IN (");
            let mut sep = q.separated(", ");
            for s in &query.statuses {
                sep.push_bind(s.as_str());
            }
            q.push(")");
        }
        if let Some(c) = &query.category {
            q.push(" AND c.code = ").push_bind(c.clone());
        }
        if query.overdue_only || query.past_three_times {
            q.push(format_args!(" AND r.status IN ({})", open_status_list()));
        }
        if query.overdue_only {
            q.push(" AND julianday(r.due_at) < julianday(")
                .push_bind(now)
                .push(")");
        }
        if query.past_three_times {
            q.push(" AND julianday(").push_bind(now).push(
                ") - julianday(r.created_at) > 3 * (julianday(r.due_at) - julianday(r.created_at))",
            );
        }
        if let Some(reference) = &query.reference {
            q.push(" AND r.ref = ").push_bind(reference.clone());
        }
        if let Some(street) = &query.street {
            q.push(" AND r.address LIKE ")
                .push_bind(format!("%{}%", like_escape(street)))
                .push(" ESCAPE '\\'");
        }
        if let Some(email) = &query.email {
            q.push(" AND (lower(r.contact_email) = ")
                .push_bind(email.to_lowercase())
                .push(" OR EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id AND lower(f.email) = ")
                .push_bind(email.to_lowercase())
                .push("))");
        }
        if let Some(digits) = &query.phone_digits {
            let pattern = format!("%{}", like_escape(digits));
            q.push(" AND (").push(PHONE_DIGITS_SQL.replace("{col}", "r.contact_phone")).push(" LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR EXISTS (SELECT 1 FROM follower f WHERE f.report_id = r.report_id AND ")
                .push(PHONE_DIGITS_SQL.replace("{col}", "f.phone"))
                .push(" LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\'))");
        }
        if let Some(from) = query.created_from {
            q.push(" AND r.created_at >= ").push_bind(from);
        }
        if let Some(to) = query.created_to {
            q.push(" AND r.created_at < ").push_bind(to);
        }
        q.push(match query.sort {
            QueueSort::Age => " ORDER BY r.created_at ASC",
            QueueSort::Newest => " ORDER BY r.created_at DESC",
            QueueSort::Deadline => " ORDER BY julianday(r.due_at) ASC, r.priority ASC",
            QueueSort::Category => " ORDER BY c.sort_order, r.created_at ASC",
            QueueSort::Work => " ORDER BY r.priority ASC, julianday(r.due_at) ASC",
        });
        q.push(" LIMIT ").push_bind(query.limit.clamp(1, 5000));
        let rows = q.build().fetch_all(&self.pool).await.map_err(db_error)?;
        rows.iter().map(|r| summary_from_row(r, now)).collect()
    }

    async fn enqueue_mail(
        &self,
        report_id: Option<i64>,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        insert_mail(&self.pool, report_id, mail, now).await
    }

    async fn due_mail(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<QueuedMail>, AppError> {
        let rows = sqlx::query(
            "SELECT outbox_id, to_addr, subject, body, attempts FROM outbox
             WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY outbox_id LIMIT ?",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| QueuedMail {
                id: r.get("outbox_id"),
                attempts: r.get("attempts"),
                mail: OutgoingMail {
                    to: r.get("to_addr"),
                    subject: r.get("subject"),
                    body: r.get("body"),
                },
            })
            .collect())
    }

    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
        sqlx::query("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE outbox_id = ?")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE outbox_id = ?")
            .bind(error.chars().take(500).collect::<String>())
            .bind(next_attempt_at)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn outbox_counts(&self) -> Result<(i64, i64), AppError> {
        sqlx::query_as(
            "SELECT COALESCE(SUM(sent_at IS NULL), 0), COALESCE(SUM(sent_at IS NOT NULL), 0) FROM outbox",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn login_failed(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        use meldpunt_app::service::{LOGIN_LOCK_MINUTES, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES};
        let mut tx = self.write_tx().await?;
        let window_start = now - chrono::Duration::minutes(LOGIN_WINDOW_MINUTES);
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO login_throttle (email, failures, window_start) VALUES (?1, 1, ?2)
             ON CONFLICT (email) DO UPDATE SET
               failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END,
               window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END
             RETURNING failures",
        )
        .bind(email)
        .bind(now)
        .bind(window_start)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let locked = if failures >= LOGIN_MAX_FAILURES {
            let until = now + chrono::Duration::minutes(LOGIN_LOCK_MINUTES);
            sqlx::query("UPDATE login_throttle SET locked_until = ? WHERE email = ?")
                .bind(until)
                .bind(email)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            Some(until)
        } else {
            None
        };
        tx.commit().await.map_err(db_error)?;
        Ok(locked)
    }

    async fn login_locked_until(&self, email: &str) -> Result<Option<DateTime<Utc>>, AppError> {
        Ok(sqlx::query_scalar::<_, Option<DateTime<Utc>>>(
            "SELECT locked_until FROM login_throttle WHERE email = ?",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?
        .flatten())
    }

    async fn login_succeeded(&self, email: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM login_throttle WHERE email = ?")
            .bind(email)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn import_addresses(&self, rows: &[AddressRow]) -> Result<u64, AppError> {
        let mut tx = self.write_tx().await?;
        let mut stored = 0;
        for a in rows {
            stored += sqlx::query(
                "INSERT INTO address (street, house_number, postcode, municipality, lat, lon) VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (street, house_number, postcode) DO UPDATE SET
                   municipality = excluded.municipality, lat = excluded.lat, lon = excluded.lon",
            )
            .bind(&a.street)
            .bind(&a.house_number)
            .bind(&a.postcode)
            .bind(&a.municipality)
            .bind(a.point.lat)
            .bind(a.point.lon)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        }
        // Streets are derived from the addresses: one row per street and postcode at the
        // average position of its addresses, indexed for trigram search.
        for sql in [
            "INSERT INTO street_fts (street_fts, rowid, name, municipality) SELECT 'delete', street_id, name, municipality FROM street",
            "DELETE FROM street",
            "INSERT INTO street (name, postcode, municipality, lat, lon, addresses)
             SELECT street, postcode, MIN(municipality), AVG(lat), AVG(lon), COUNT(*) FROM address GROUP BY street, postcode",
            "INSERT INTO street_fts (rowid, name, municipality) SELECT street_id, name, municipality FROM street",
        ] {
            sqlx::query(sql).execute(&mut *tx).await.map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(stored)
    }

    async fn search_streets(
        &self,
        fts_query: &str,
        limit: u32,
    ) -> Result<Vec<StreetRecord>, AppError> {
        let rows = sqlx::query(
            "SELECT s.street_id, s.name, s.postcode, s.municipality, s.lat, s.lon
             FROM street_fts JOIN street s ON s.street_id = street_fts.rowid
             WHERE street_fts MATCH ? ORDER BY bm25(street_fts) LIMIT ?",
        )
        .bind(fts_query)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| StreetRecord {
                id: r.get("street_id"),
                name: r.get("name"),
                postcode: r.get("postcode"),
                municipality: r.get("municipality"),
                point: GeoPoint {
                    lat: r.get("lat"),
                    lon: r.get("lon"),
                },
            })
            .collect())
    }

    async fn street_addresses(
        &self,
        street_id: i64,
        number: &str,
        limit: u32,
    ) -> Result<Vec<AddressRow>, AppError> {
        let rows = sqlx::query(
            "SELECT a.street, a.house_number, a.postcode, a.municipality, a.lat, a.lon
             FROM street s JOIN address a ON a.street = s.name AND a.postcode = s.postcode
             WHERE s.street_id = ? AND a.house_number LIKE ? ESCAPE '\\'
             ORDER BY CAST(a.house_number AS INTEGER), a.house_number LIMIT ?",
        )
        .bind(street_id)
        .bind(format!("{}%", like_escape(number)))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(address_from_row).collect())
    }

    async fn set_hidden(&self, reference: &str, hidden: bool) -> Result<bool, AppError> {
        // `updated_at` moves so the planner index sees the change.
        let n = sqlx::query("UPDATE report SET hidden = ?, updated_at = ? WHERE ref = ?")
            .bind(hidden)
            .bind(Utc::now())
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
        let followers = format!(
            "DELETE FROM follower WHERE report_id IN
               (SELECT report_id FROM report WHERE status NOT IN ({}) AND updated_at < ?)",
            open_status_list()
        );
        let n = n + sqlx::query(&followers)
            .bind(closed_before)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected();
        // Sent mail holds addresses too; it is kept for a month for support questions.
        sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?")
            .bind(Utc::now() - chrono::Duration::days(30))
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
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
        let Some(r) = row else { return Ok(None) };
        let id: i64 = r.get("user_id");
        let (departments, teams) = memberships(&self.pool, id).await?;
        Ok(Some(UserRecord {
            user: StaffUser {
                id,
                email: r.get("email"),
                display_name: r.get("display_name"),
                role: Role::parse(r.get("role"))?,
                departments,
                teams,
            },
            password_hash: r.get("password_hash"),
            active: r.get("active"),
        }))
    }

    async fn users(&self) -> Result<Vec<UserListing>, AppError> {
        let rows = sqlx::query(
            "SELECT user_id, email, display_name, role, active FROM app_user ORDER BY display_name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.get("user_id");
            let (departments, teams) = memberships(&self.pool, id).await?;
            out.push(UserListing {
                user: StaffUser {
                    id,
                    email: r.get("email"),
                    display_name: r.get("display_name"),
                    role: Role::parse(r.get("role"))?,
                    departments,
                    teams,
                },
                active: r.get("active"),
            });
        }
        Ok(out)
    }

    async fn update_user(
        &self,
        user_id: i64,
        role: Role,
        departments: &[String],
        active: bool,
    ) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query("UPDATE app_user SET role = ?, active = ? WHERE user_id = ?")
            .bind(role.as_str())
            .bind(active)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        if n != 1 {
            return Err(AppError::not_found());
        }
        sqlx::query("DELETE FROM user_department WHERE user_id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for code in departments {
            let d = department_id(&mut tx, code).await?;
            sqlx::query("INSERT INTO user_department (user_id, department_id) VALUES (?, ?)")
                .bind(user_id)
                .bind(d)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        if !active {
            sqlx::query("DELETE FROM session WHERE user_id = ?")
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<(), AppError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE app_user SET password_hash = ? WHERE user_id = ?")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        // A new password ends every session opened with the old one.
        sqlx::query("DELETE FROM session WHERE user_id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
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
        let Some(r) = row else { return Ok(None) };
        let id: i64 = r.get("user_id");
        let (departments, teams) = memberships(&self.pool, id).await?;
        Ok(Some(StaffUser {
            id,
            email: r.get("email"),
            display_name: r.get("display_name"),
            role: Role::parse(r.get("role"))?,
            departments,
            teams,
        }))
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

/// The next reference of `year` (`M-<year>-<seq>`), counted in the transaction.
async fn next_reference(
    tx: &mut Transaction<'_, Sqlite>,
    year: i32,
) -> Result<ReportRef, AppError> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO ref_counter (year, last) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(ReportRef::new(year, seq))
}

/// A report's point in the R*Tree that answers map windows.
async fn insert_rtree(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    lat: f64,
    lon: f64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO report_rtree (report_id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(lon)
    .bind(lon)
    .bind(lat)
    .bind(lat)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

mod complaints;
mod planner;
#[cfg(test)]
mod tests;

pub use planner::GeneratedReport;
