//! Districts and routing rules (`crate::district`).

use crate::district::NewDistrict;
use crate::error::AppError;
use crate::report::domain::GeoPoint;
use async_trait::async_trait;

/// A district as stored: its shape as GeoJSON geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDistrict {
    pub code: String,
    pub name: String,
    pub geometry: String,
    pub area_m2: f64,
}

/// Where a category's reports in a district go instead of the category's department: that
/// department, and with a team straight to that team (assigned).
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingRule {
    pub category: String,
    pub district: String,
    pub department: String,
    pub team: Option<String>,
}

#[async_trait]
pub trait DistrictStore: Send + Sync {
    /// Every district, in the order imported.
    async fn districts(&self) -> Result<Vec<StoredDistrict>, AppError>;
    /// Replaces the districts with these (by code: a district kept keeps its reports and
    /// rules; one no longer listed loses them).
    async fn replace_districts(&self, districts: &[NewDistrict]) -> Result<(), AppError>;
    /// Report ids and points after `after_id`, in id order, at most `limit`.
    async fn report_points(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<(i64, GeoPoint)>, AppError>;
    /// Sets reports' districts by code (none: outside every district); answers how many
    /// changed.
    async fn set_report_districts(
        &self,
        districts: &[(i64, Option<String>)],
    ) -> Result<u64, AppError>;
    async fn routing_rules(&self) -> Result<Vec<RoutingRule>, AppError>;
    /// Adds or changes the rule for its category and district; `NotFound`-free: an unknown
    /// category, district, department or team is a validation error naming it.
    async fn set_routing_rule(&self, rule: &RoutingRule) -> Result<(), AppError>;
    /// Removes the rule for a category and district; answers whether there was one.
    async fn remove_routing_rule(&self, category: &str, district: &str) -> Result<bool, AppError>;
}
