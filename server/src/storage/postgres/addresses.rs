//! The address register in PostgreSQL: bulk import, street candidates through the pg_trgm GIN
//! index, house numbers.

use super::{db_error, PgStore};
use crate::storage::like_escape;
use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::port::AddressStore;
use meldpunt_app::port::{AddressRow, StreetRecord};
use meldpunt_app::report::domain::GeoPoint;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};

/// Addresses per insert statement.
const IMPORT_CHUNK: usize = 5_000;

#[async_trait]
impl AddressStore for PgStore {
    async fn import_addresses(&self, rows: &[AddressRow]) -> Result<u64, AppError> {
        let mut tx = self.tx().await?;
        // Imports run one at a time: the street table is rebuilt from all addresses.
        sqlx::query("LOCK TABLE address IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let mut stored = 0;
        for chunk in rows.chunks(IMPORT_CHUNK) {
            // One statement may not change a row twice: the last of repeated addresses wins,
            // as it does when they are stored one by one.
            let mut last = std::collections::HashMap::new();
            for (i, a) in chunk.iter().enumerate() {
                last.insert((&a.street, &a.house_number, &a.postcode), i);
            }
            let mut keep: Vec<usize> = last.into_values().collect();
            keep.sort_unstable();
            let pick = |f: fn(&AddressRow) -> String| -> Vec<String> {
                keep.iter().map(|&i| f(&chunk[i])).collect()
            };
            let coords = |f: fn(&AddressRow) -> f64| -> Vec<f64> {
                keep.iter().map(|&i| f(&chunk[i])).collect()
            };
            stored += sqlx::query(
                "INSERT INTO address (street, house_number, postcode, municipality, lat, lon)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])
                 ON CONFLICT (street, house_number, postcode) DO UPDATE SET
                   municipality = excluded.municipality, lat = excluded.lat, lon = excluded.lon",
            )
            .bind(pick(|a| a.street.clone()))
            .bind(pick(|a| a.house_number.clone()))
            .bind(pick(|a| a.postcode.clone()))
            .bind(pick(|a| a.municipality.clone()))
            .bind(coords(|a| a.point.lat))
            .bind(coords(|a| a.point.lon))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        }
        // Streets are derived from the addresses: one row per street and postcode at the
        // average position of its addresses.
        for sql in [
            "DELETE FROM street",
            "INSERT INTO street (name, postcode, municipality, lat, lon, addresses)
             SELECT street, postcode, MIN(municipality COLLATE \"C\"), AVG(lat), AVG(lon), COUNT(*)
             FROM address GROUP BY street, postcode",
        ] {
            sqlx::query(sql).execute(&mut *tx).await.map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(stored)
    }

    async fn search_streets(
        &self,
        street: &str,
        limit: u32,
    ) -> Result<Vec<StreetRecord>, AppError> {
        // The same candidates as SQLite's FTS5 trigram index: every street whose name, in
        // lower case without accents, contains any three-character piece of the text. Each
        // piece is a LIKE the trigram GIN index answers; the best-matching come first.
        let folded: String = sqlx::query_scalar("SELECT meldpunt_fold($1)")
            .bind(street)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?;
        let grams = crate::storage::trigrams(&folded);
        if grams.is_empty() {
            return Ok(vec![]);
        }
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
            "SELECT s.street_id, s.name, s.postcode, s.municipality, s.lat, s.lon
             FROM street s WHERE ",
        );
        for (i, g) in grams.iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            q.push("meldpunt_fold(s.name) LIKE ")
                .push_bind(format!("%{}%", like_escape(g)))
                .push(" ESCAPE '\\'");
        }
        q.push(" ORDER BY similarity(meldpunt_fold(s.name), ")
            .push_bind(folded)
            .push(") DESC, s.street_id LIMIT ")
            .push_bind(i64::from(limit));
        let rows = q.build().fetch_all(&self.pool).await.map_err(db_error)?;
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
        // Numbers in numeric order ("9" before "10"), as SQLite's CAST orders them: the
        // leading digits, 0 when there are none.
        let rows = sqlx::query(
            "SELECT a.street, a.house_number, a.postcode, a.municipality, a.lat, a.lon
             FROM street s JOIN address a ON a.street = s.name AND a.postcode = s.postcode
             WHERE s.street_id = $1 AND a.house_number ILIKE $2 ESCAPE '\\'
             ORDER BY COALESCE(substring(a.house_number FROM '^[0-9]{1,18}')::bigint, 0),
                      a.house_number COLLATE \"C\"
             LIMIT $3",
        )
        .bind(street_id)
        .bind(format!("{}%", like_escape(number)))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.iter().map(address_from_row).collect())
    }

    async fn nearest_address(
        &self,
        point: GeoPoint,
        within_m: f64,
    ) -> Result<Option<AddressRow>, AppError> {
        let ([south, west, north, east], k) = meldpunt_app::port::search_box(point, within_m);
        let row = sqlx::query(
            "SELECT street, house_number, postcode, municipality, lat, lon FROM address
             WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4
             ORDER BY (lat - $5) * (lat - $5) + $6 * (lon - $7) * (lon - $7), address_id LIMIT 1",
        )
        .bind(south)
        .bind(north)
        .bind(west)
        .bind(east)
        .bind(point.lat)
        .bind(k)
        .bind(point.lon)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.as_ref().map(address_from_row))
    }
}

fn address_from_row(r: &PgRow) -> AddressRow {
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
