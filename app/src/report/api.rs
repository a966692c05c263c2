//! Server functions for the citizen pages. Each one is a thin call into `service`.

use crate::error::AppError;
use crate::report::domain::{Category, PublicReport, ReportSummary};
use crate::report::questions::Question;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use crate::context::ctx;

pub use crate::address::AddressHit;

#[server]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    ctx()?.store.categories(false).await
}

/// Every category's questions, for the forms that ask them.
#[server]
pub async fn list_questions() -> Result<BTreeMap<String, Vec<Question>>, AppError> {
    ctx()?.store.questions(None).await
}

#[server]
pub async fn get_report(reference: String) -> Result<PublicReport, AppError> {
    crate::service::public_report(&ctx()?, &reference, crate::ui::current_lang()).await
}

#[server]
pub async fn get_tracked_report(token: String) -> Result<PublicReport, AppError> {
    crate::service::tracked_report(&ctx()?, &token, crate::ui::current_lang()).await
}

#[server]
pub async fn nearby_open_reports(
    category: String,
    lat: f64,
    lon: f64,
) -> Result<Vec<ReportSummary>, AppError> {
    let point = crate::report::domain::GeoPoint::new(lat, lon)?;
    crate::service::open_reports_near(
        &ctx()?,
        point,
        Some(&category),
        crate::service::NEARBY_RADIUS_M,
        5,
    )
    .await
}

/// What a pin or a GPS fix is called: the register's nearest address, if one is close.
#[server]
pub async fn nearest_address(lat: f64, lon: f64) -> Result<Option<AddressHit>, AppError> {
    let point = crate::report::domain::GeoPoint::new(lat, lon)?;
    crate::address::nearest(&ctx()?, point).await
}

#[server]
pub async fn search_address(query: String) -> Result<Vec<AddressHit>, AppError> {
    crate::address::search(&ctx()?, &query, 8).await
}
