//! The address register: import and typo-tolerant street search.

use crate::error::AppError;
use crate::report::domain::GeoPoint;
use async_trait::async_trait;

/// A row of the address register.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressRow {
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub municipality: String,
    pub point: GeoPoint,
}

/// A street found by the address search, before ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetRecord {
    pub id: i64,
    pub name: String,
    pub postcode: String,
    pub municipality: String,
    pub point: GeoPoint,
}

#[async_trait]
pub trait AddressStore: Send + Sync {
    /// Replaces the address register's rows for the given postcodes' municipalities;
    /// returns the number of addresses stored.
    async fn import_addresses(&self, rows: &[AddressRow]) -> Result<u64, AppError>;
    /// Candidate streets for a folded (lower-case, accent-free) street text, best first: any
    /// street sharing a trigram with it, so a typo still finds the street. The caller ranks.
    async fn search_streets(&self, street: &str, limit: u32)
        -> Result<Vec<StreetRecord>, AppError>;
    /// Addresses on a street whose house number starts with `number`.
    async fn street_addresses(
        &self,
        street_id: i64,
        number: &str,
        limit: u32,
    ) -> Result<Vec<AddressRow>, AppError>;
    /// The address nearest to `point` among those within about `within_m` metres (a box
    /// around it); `None` when there is none.
    async fn nearest_address(
        &self,
        point: GeoPoint,
        within_m: f64,
    ) -> Result<Option<AddressRow>, AppError>;
}

/// The box of `within_m` metres around a point, as (south, west, north, east), and the factor
/// that makes a difference in longitude comparable with one in latitude there (cos² of the
/// latitude): both stores order by `Δlat² + k·Δlon²`, which ranks like the distance at a
/// city's scale.
pub fn search_box(point: GeoPoint, within_m: f64) -> ([f64; 4], f64) {
    const M_PER_DEGREE: f64 = 111_320.0;
    let cos = point.lat.to_radians().cos().max(0.01);
    let dlat = within_m / M_PER_DEGREE;
    let dlon = within_m / (M_PER_DEGREE * cos);
    (
        [
            point.lat - dlat,
            point.lon - dlon,
            point.lat + dlat,
            point.lon + dlon,
        ],
        cos * cos,
    )
}
