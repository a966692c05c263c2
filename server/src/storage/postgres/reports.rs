//! Reports in PostgreSQL: idempotent creation with photos (one transaction per report; the
//! database commits concurrent ones together), public reads, map windows through PostGIS,
//! hiding, contact data and its retention.

use super::{category_from_row, db_error, insert_photos, next_reference, PgStore};
use crate::storage::links::partner_from_row;
use crate::storage::questions::{answers_from_db, answers_to_db};
use crate::storage::{
    lang_from_db, open_status_list, status_from_db, summary_from_row, IDEMPOTENCY_DAYS,
};
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::office::domain::{EventKind, HistoryRecord, Team};
use meldpunt_app::port::ReportStore;
use meldpunt_app::port::{
    CreateOutcome, NewPhoto, PhotoRecord, ReportRecord, RequestQuery, StatusFilter,
    StoredIdempotency,
};
use meldpunt_app::report::domain::{
    BBox, Channel, Contact, GeoPoint, PhotoKind, ReportSummary, ValidReport,
};
use meldpunt_app::service::sha256_hex;
use sqlx::{Postgres, Row, Transaction};

#[async_trait]
impl ReportStore for PgStore {
    async fn create_report(
        &self,
        report: &ValidReport,
        tracking_token: &str,
        photos: &[NewPhoto],
        idempotency: Option<&StoredIdempotency>,
        now: DateTime<Utc>,
    ) -> Result<CreateOutcome, AppError> {
        let mut tx = self.tx().await?;
        let outcome =
            insert_report(&mut tx, report, tracking_token, photos, idempotency, now).await?;
        tx.commit().await.map_err(db_error)?;
        self.changes.made_here();
        Ok(outcome)
    }

    async fn report(&self, reference: &str) -> Result<Option<ReportRecord>, AppError> {
        let Some(row) = sqlx::query(concat!(
            "SELECT r.report_id, r.ref, r.version, r.channel, r.lat, r.lon, r.address, r.address_near, r.description, r.status,
                    r.created_at, r.updated_at, r.due_at, r.priority, r.partner_ref, r.partner_status, r.lang, r.conflict_at, r.answers, r.api_client,
                    c.code, c.target_days, c.icon, c.active, cd.code AS dept_code, ",
            pg_category_names!(),
            ",
                    d.code AS report_dept, t.team_id, t.name AS team_name, td.code AS team_dept,
                    ",
            partner_columns!(),
            ", o.ref AS duplicate_ref, di.code AS district_code, di.name AS district_name,
                    (SELECT COUNT(*) FROM follower f WHERE f.report_id = r.report_id
                       AND f.confirmed_at IS NOT NULL AND f.stopped_at IS NULL
                       AND (f.email IS NULL OR r.contact_email IS NULL OR lower(f.email) <> lower(r.contact_email))) AS followers
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             JOIN department cd ON cd.department_id = c.department_id
             JOIN department d ON d.department_id = r.department_id
             LEFT JOIN team t ON t.team_id = r.team_id
             LEFT JOIN department td ON td.department_id = t.department_id
             LEFT JOIN partner p ON p.partner_id = r.partner_id
             LEFT JOIN report o ON o.report_id = r.duplicate_of
             LEFT JOIN district di ON di.district_id = r.district_id
             WHERE r.ref = $1 AND NOT r.hidden"
        ))
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
             WHERE h.report_id = $1 ORDER BY h.status_history_id",
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
        let photos = sqlx::query("SELECT kind, width, height, storage_key, thumbnail_key FROM photo WHERE report_id = $1 ORDER BY photo_id")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?
            .iter()
            .map(|p| PhotoRecord {
                kind: PhotoKind::parse(p.get("kind")),
                width: p.get::<i64, _>("width") as u32,
                height: p.get::<i64, _>("height") as u32,
                key: p.get("storage_key"),
                thumbnail_key: p.get("thumbnail_key"),
            })
            .collect();
        let team = row.get::<Option<i64>, _>("team_id").map(|team_id| Team {
            id: team_id,
            name: row.get("team_name"),
            department: row.get("team_dept"),
        });
        let partner = partner_from_row(&row);
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
            address_near: row.get("address_near"),
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
            answers: answers_from_db(row.get("answers"))?,
            api_client: row.get("api_client"),
            district: row
                .get::<Option<String>, _>("district_code")
                .zip(row.get::<Option<String>, _>("district_name")),
        }))
    }

    async fn reference_for_token(&self, tracking_token: &str) -> Result<Option<String>, AppError> {
        sqlx::query_scalar("SELECT ref FROM report WHERE tracking_token_hash = $1 AND NOT hidden")
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
        // The window is a lon/lat rectangle: planar on the points (the GiST index on
        // `location::geometry`), so its edges are the same lines of latitude as on the map.
        let sql = format!(
            "SELECT r.ref, c.code, r.lat, r.lon, r.address, r.description, r.status, r.created_at, r.address_near,
                    di.name AS district
             FROM report r
             JOIN category c ON c.category_id = r.category_id
             LEFT JOIN district di ON di.district_id = r.district_id
             WHERE r.location::geometry && ST_MakeEnvelope($1, $3, $2, $4, 4326)
               AND r.lon BETWEEN $1 AND $2 AND r.lat BETWEEN $3 AND $4
               AND NOT r.hidden {status_clause} AND ($5::text IS NULL OR c.code = $5)
             ORDER BY r.created_at DESC LIMIT $6"
        );
        let rows = sqlx::query(&sql)
            .bind(bbox.min_lon)
            .bind(bbox.max_lon)
            .bind(bbox.min_lat)
            .bind(bbox.max_lat)
            .bind(category)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter().map(summary_from_row).collect()
    }

    async fn request_references(&self, query: &RequestQuery) -> Result<Vec<String>, AppError> {
        crate::storage::open311::references_query(query, "NOT r.hidden")
            .build_query_scalar()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)
    }

    async fn open_reports_near(
        &self,
        point: GeoPoint,
        category: Option<&str>,
        radius_m: f64,
        limit: u32,
    ) -> Result<Vec<ReportSummary>, AppError> {
        // PostGIS on the sphere (`false`: no spheroid), the one `GeoPoint::distance_m` uses
        // (PostGIS's mean radius, 6,371,008.8 m), so both backends draw the same circle; the
        // GiST index on `location` finds the candidates.
        let sql = format!(
            "WITH here AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS g)
             SELECT r.ref, c.code, r.lat, r.lon, r.address, r.description, r.status, r.created_at, r.address_near,
                    di.name AS district, ST_Distance(r.location, here.g, false) AS distance
             FROM here, report r
             JOIN category c ON c.category_id = r.category_id
             LEFT JOIN district di ON di.district_id = r.district_id
             WHERE ST_DWithin(r.location, here.g, $3, false)
               AND NOT r.hidden AND r.status IN ({})
               AND ($4::text IS NULL OR c.code = $4)
             ORDER BY distance, r.created_at DESC LIMIT $5",
            open_status_list()
        );
        let rows = sqlx::query(&sql)
            .bind(point.lon)
            .bind(point.lat)
            .bind(radius_m)
            .bind(category)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                let mut summary = summary_from_row(r)?;
                summary.distance_m = Some(r.try_get::<f64, _>(10).map_err(db_error)?);
                Ok(summary)
            })
            .collect()
    }

    async fn set_hidden(&self, reference: &str, hidden: bool) -> Result<bool, AppError> {
        // `updated_at` moves so the planner index sees the change.
        let n = sqlx::query("UPDATE report SET hidden = $1, updated_at = $2 WHERE ref = $3")
            .bind(hidden)
            .bind(Utc::now())
            .bind(reference)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected();
        self.changes.made_here();
        Ok(n == 1)
    }

    async fn photo_hidden(&self, key: &str) -> Result<Option<bool>, AppError> {
        sqlx::query_scalar(
            "SELECT r.hidden OR p.kind = 'answer' FROM photo p JOIN report r ON r.report_id = p.report_id
             WHERE p.storage_key = $1
             UNION ALL
             SELECT r.hidden OR p.kind = 'answer' FROM photo p JOIN report r ON r.report_id = p.report_id
             WHERE p.thumbnail_key = $1
             LIMIT 1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn report_contact(&self, reference: &str) -> Result<Option<Contact>, AppError> {
        let row = sqlx::query("SELECT contact_name, contact_email, contact_phone, contact_consent FROM report WHERE ref = $1")
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
            "UPDATE report SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, contact_consent = false
             WHERE status NOT IN ({}) AND updated_at < $1
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
               (SELECT report_id FROM report WHERE status NOT IN ({}) AND updated_at < $1)",
            open_status_list()
        );
        let n = n + sqlx::query(&followers)
            .bind(closed_before)
            .execute(&self.pool)
            .await
            .map_err(db_error)?
            .rows_affected();
        // What reporters wrote when answering "is it fixed?" goes with their contact data; the
        // answers themselves stay, anonymous, for the figures.
        let comments = format!(
            "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND report_id IN
               (SELECT report_id FROM report WHERE status NOT IN ({}) AND updated_at < $1)",
            open_status_list()
        );
        sqlx::query(&comments)
            .bind(closed_before)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        // So do the answers to the city's questions (the photos stay with the report).
        let answers = format!(
            "UPDATE reporter_question SET answer = NULL WHERE answer IS NOT NULL AND report_id IN
               (SELECT report_id FROM report WHERE status NOT IN ({}) AND updated_at < $1)",
            open_status_list()
        );
        sqlx::query(&answers)
            .bind(closed_before)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        // A request to follow that was not confirmed within its week is dropped with its address.
        sqlx::query("DELETE FROM follower WHERE confirmed_at IS NULL AND asked_at < $1")
            .bind(Utc::now() - chrono::Duration::days(meldpunt_app::port::FOLLOW_CONFIRM_DAYS))
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        // Sent mail holds addresses too; it is kept for a month for support questions.
        sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
            .bind(Utc::now() - chrono::Duration::days(30))
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        sqlx::query("DELETE FROM session WHERE expires_at < $1")
            .bind(Utc::now())
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(n)
    }
}

/// Stores one report in `tx`.
async fn insert_report(
    tx: &mut Transaction<'_, Postgres>,
    report: &ValidReport,
    tracking_token: &str,
    photos: &[NewPhoto],
    idempotency: Option<&StoredIdempotency>,
    now: DateTime<Utc>,
) -> Result<CreateOutcome, AppError> {
    if let Some(idem) = idempotency {
        // Claiming the key is the first statement. A concurrent request with the same key (on
        // any instance) waits on the unique index until this transaction ends, then finds the
        // key taken and this report (or, if this one rolled back, claims it itself).
        let claimed = sqlx::query(
            "INSERT INTO idempotency_key (idem_key, request_hash, report_id, tracking_token, created_at)
             VALUES ($1, $2, NULL, $3, $4) ON CONFLICT (idem_key) DO NOTHING",
        )
        .bind(&idem.key_hash)
        .bind(&idem.request_hash)
        .bind(&idem.sealed_token)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?
        .rows_affected()
            == 1;
        if !claimed {
            let row = sqlx::query(
                "SELECT k.request_hash, k.tracking_token, r.report_id, r.ref
                 FROM idempotency_key k JOIN report r ON r.report_id = k.report_id WHERE k.idem_key = $1",
            )
            .bind(&idem.key_hash)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_error)?;
            let hash: String = row.get(0);
            return Ok(if hash == idem.request_hash {
                CreateOutcome::Replayed {
                    sealed_token: row.get(1),
                    id: row.get(2),
                    reference: row.get(3),
                }
            } else {
                CreateOutcome::KeyReused
            });
        }
    }
    let reference = next_reference(tx, now.year()).await?;
    let contact = report.contact.clone().unwrap_or_default();
    let (category_id, department_id, target_days): (i64, i64, i64) = sqlx::query_as(
        "SELECT category_id, department_id, target_days FROM category WHERE code = $1 AND active",
    )
    .bind(&report.category)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or_else(|| AppError::validation("category", "unknown category"))?;
    // Its district, and where a routing rule for its category there sends it.
    let (district_id, department_id, team_id): (Option<i64>, i64, Option<i64>) =
        match &report.district {
            None => (None, department_id, None),
            Some(code) => sqlx::query_as(
                "SELECT d.district_id, coalesce(rr.department_id, $1), rr.team_id FROM district d
                 LEFT JOIN routing_rule rr ON rr.district_id = d.district_id AND rr.category_id = $2
                 WHERE d.code = $3",
            )
            .bind(department_id)
            .bind(category_id)
            .bind(code)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_error)?
            .unwrap_or((None, department_id, None)),
        };
    let status = if team_id.is_some() {
        meldpunt_app::report::domain::ReportStatus::Assigned
    } else {
        meldpunt_app::report::domain::ReportStatus::New
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report (ref, tracking_token_hash, category_id, department_id, due_at, lang, created_by,
                             lat, lon, address, address_near, description, channel, status,
                             created_at, updated_at, contact_name, contact_email, contact_phone, contact_consent, answers, api_client,
                             district_id, team_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $21, $14, $14, $15, $16, $17, $18, $19, $20, $22, $23)
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
    .bind(report.address_near)
    .bind(report.description.as_str())
    .bind(report.channel.as_str())
    .bind(now)
    .bind(&contact.name)
    .bind(&contact.email)
    .bind(&contact.phone)
    .bind(contact.consent)
    .bind(answers_to_db(&report.answers)?)
    .bind(&report.api_client)
    .bind(status.as_str())
    .bind(district_id)
    .bind(team_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    // The reporter follows from the start, with a token for the stop link in each mail.
    sqlx::query(
        "INSERT INTO follower (report_id, name, email, lang, created_at, confirmed_at, token)
         SELECT report_id, contact_name, contact_email, lang, created_at, created_at, replace(gen_random_uuid()::text, '-', '')
         FROM report WHERE report_id = $1 AND contact_email IS NOT NULL",
    )
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    sqlx::query("INSERT INTO status_history (report_id, kind, status, note, actor_user_id, at) VALUES ($1, 'created', $4, NULL, $2, $3)")
        .bind(id)
        .bind(report.created_by)
        .bind(now)
        .bind(status.as_str())
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    insert_photos(tx, id, photos, now).await?;
    if let Some(idem) = idempotency {
        sqlx::query("UPDATE idempotency_key SET report_id = $1 WHERE idem_key = $2")
            .bind(id)
            .bind(&idem.key_hash)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
    }
    // Keys are only needed for retries; a phone may keep a report in its outbox for weeks.
    sqlx::query("DELETE FROM idempotency_key WHERE created_at < $1")
        .bind(now - chrono::Duration::days(IDEMPOTENCY_DAYS))
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(CreateOutcome::Created {
        id,
        reference: reference.to_string(),
        status,
    })
}
