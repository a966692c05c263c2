//! The address register in SQLite: import, FTS5 trigram street candidates, house numbers.

use super::{db_error, like_escape, SqliteStore};
use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::port::AddressStore;
use meldpunt_app::port::{AddressRow, StreetRecord};
use meldpunt_app::report::domain::GeoPoint;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[async_trait]
impl AddressStore for SqliteStore {
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
        street: &str,
        limit: u32,
    ) -> Result<Vec<StreetRecord>, AppError> {
        let fts_query = trigram_query(street);
        if fts_query.is_empty() {
            return Ok(vec![]);
        }
        let rows = sqlx::query(
            "SELECT s.street_id, s.name, s.postcode, s.municipality, s.lat, s.lon
             FROM street_fts JOIN street s ON s.street_id = street_fts.rowid
             WHERE street_fts MATCH ? ORDER BY bm25(street_fts) LIMIT ?",
        )
        .bind(&fts_query)
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

    async fn nearest_address(
        &self,
        point: GeoPoint,
        within_m: f64,
    ) -> Result<Option<AddressRow>, AppError> {
        let ([south, west, north, east], k) = meldpunt_app::port::search_box(point, within_m);
        let row = sqlx::query(
            "SELECT street, house_number, postcode, municipality, lat, lon FROM address
             WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
             ORDER BY (lat - ?) * (lat - ?) + ? * (lon - ?) * (lon - ?), address_id LIMIT 1",
        )
        .bind(south)
        .bind(north)
        .bind(west)
        .bind(east)
        .bind(point.lat)
        .bind(point.lat)
        .bind(k)
        .bind(point.lon)
        .bind(point.lon)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(row.as_ref().map(address_from_row))
    }
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

/// The FTS5 query for a street text: any of its trigrams, quoted, so a typo still finds the
/// street and no character of the text is read as FTS5 syntax.
fn trigram_query(street: &str) -> String {
    crate::storage::trigrams(street)
        .iter()
        .filter(|g| !g.contains('"'))
        .map(|g| format!("\"{g}\""))
        .collect::<Vec<_>>()
        .join(" OR ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fts_query_is_quoted_trigrams() {
        assert_eq!(super::trigram_query("zout\""), "\"out\" OR \"zou\"");
        assert_eq!(super::trigram_query("a\"b"), "");
    }
}
