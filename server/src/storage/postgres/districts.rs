//! Districts and routing rules in PostgreSQL.

use super::{db_error, PgStore};
use async_trait::async_trait;
use chrono::Utc;
use meldpunt_app::district::NewDistrict;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::port::{DistrictStore, RoutingRule, StoredDistrict};
use meldpunt_app::report::domain::GeoPoint;
use sqlx::Row;

/// The id a code (or name) stands for; unknown is a validation error on `field`.
async fn lookup(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    sql: &'static str,
    value: &str,
    field: &'static str,
) -> Result<i64, AppError> {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(value)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| AppError::invalid(field, ErrorText::UnknownChoice))
}

#[async_trait]
impl DistrictStore for PgStore {
    async fn districts(&self) -> Result<Vec<StoredDistrict>, AppError> {
        let rows = sqlx::query(
            "SELECT code, name, geometry, area_m2 FROM district ORDER BY sort_order, code",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| StoredDistrict {
                code: r.get("code"),
                name: r.get("name"),
                geometry: r.get("geometry"),
                area_m2: r.get("area_m2"),
            })
            .collect())
    }

    async fn replace_districts(&self, districts: &[NewDistrict]) -> Result<(), AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let now = Utc::now();
        // Those no longer listed lose their reports and rules first.
        let keep: Vec<String> = districts.iter().map(|d| d.code.clone()).collect();
        for sql in [
            "UPDATE report SET district_id = NULL, updated_at = $2 WHERE district_id IN
               (SELECT district_id FROM district WHERE NOT (code = ANY($1)))",
            "DELETE FROM routing_rule WHERE district_id IN
               (SELECT district_id FROM district WHERE NOT (code = ANY($1)))",
            "DELETE FROM district WHERE NOT (code = ANY($1))",
        ] {
            let query = sqlx::query(sql).bind(&keep);
            // Only the first statement stamps the reports it changes (for the planner index).
            let query = if sql.contains("updated_at") {
                query.bind(now)
            } else {
                query
            };
            query.execute(&mut *tx).await.map_err(db_error)?;
        }
        for (i, d) in districts.iter().enumerate() {
            sqlx::query(
                "INSERT INTO district (code, name, geometry, area_m2, sort_order, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (code) DO UPDATE SET name = $2, geometry = $3, area_m2 = $4,
                     sort_order = $5, imported_at = $6",
            )
            .bind(&d.code)
            .bind(&d.name)
            .bind(d.geometry_json())
            .bind(d.area_m2())
            .bind(i as i32)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        self.changes.made_here();
        Ok(())
    }

    async fn report_points(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<(i64, GeoPoint)>, AppError> {
        let rows = sqlx::query(
            "SELECT report_id, lat, lon FROM report WHERE report_id > $1 ORDER BY report_id LIMIT $2",
        )
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get("report_id"),
                    GeoPoint {
                        lat: r.get("lat"),
                        lon: r.get("lon"),
                    },
                )
            })
            .collect())
    }

    async fn set_report_districts(
        &self,
        districts: &[(i64, Option<String>)],
    ) -> Result<u64, AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let mut changed = 0;
        // A report placed in another district is changed: the planner index reads it again.
        let now = Utc::now();
        for (id, code) in districts {
            changed += sqlx::query(
                "UPDATE report SET district_id = (SELECT district_id FROM district WHERE code = $1), updated_at = $3
                 WHERE report_id = $2
                   AND district_id IS DISTINCT FROM (SELECT district_id FROM district WHERE code = $1)",
            )
            .bind(code)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        }
        tx.commit().await.map_err(db_error)?;
        self.changes.made_here();
        Ok(changed)
    }

    async fn routing_rules(&self) -> Result<Vec<RoutingRule>, AppError> {
        let rows = sqlx::query(
            "SELECT c.code AS category, di.code AS district, d.code AS department, t.name AS team
             FROM routing_rule rr
             JOIN category c ON c.category_id = rr.category_id
             JOIN district di ON di.district_id = rr.district_id
             JOIN department d ON d.department_id = rr.department_id
             LEFT JOIN team t ON t.team_id = rr.team_id
             ORDER BY c.code, di.sort_order",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .iter()
            .map(|r| RoutingRule {
                category: r.get("category"),
                district: r.get("district"),
                department: r.get("department"),
                team: r.get("team"),
            })
            .collect())
    }

    async fn set_routing_rule(&self, rule: &RoutingRule) -> Result<(), AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let category = lookup(
            &mut tx,
            "SELECT category_id FROM category WHERE code = $1",
            &rule.category,
            "category",
        )
        .await?;
        let district = lookup(
            &mut tx,
            "SELECT district_id FROM district WHERE code = $1",
            &rule.district,
            "district",
        )
        .await?;
        let department = lookup(
            &mut tx,
            "SELECT department_id FROM department WHERE code = $1 AND active",
            &rule.department,
            "department",
        )
        .await?;
        let team = match &rule.team {
            Some(name) => Some(
                sqlx::query_scalar::<_, i64>(
                    "SELECT team_id FROM team WHERE name = $1 AND department_id = $2",
                )
                .bind(name)
                .bind(department)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| AppError::invalid("team", ErrorText::UnknownChoice))?,
            ),
            None => None,
        };
        sqlx::query(
            "INSERT INTO routing_rule (category_id, district_id, department_id, team_id)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (category_id, district_id) DO UPDATE SET department_id = $3, team_id = $4",
        )
        .bind(category)
        .bind(district)
        .bind(department)
        .bind(team)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn remove_routing_rule(&self, category: &str, district: &str) -> Result<bool, AppError> {
        let n = sqlx::query(
            "DELETE FROM routing_rule
             WHERE category_id = (SELECT category_id FROM category WHERE code = $1)
               AND district_id = (SELECT district_id FROM district WHERE code = $2)",
        )
        .bind(category)
        .bind(district)
        .execute(&self.pool)
        .await
        .map_err(db_error)?
        .rows_affected();
        Ok(n == 1)
    }
}
