//! Server functions of the back-office pages (also used by the crew's and planners' pages):
//! each one checks who is signed in and calls `office::service`.

use super::domain::{
    Department, Partner, QueueFilter, SearchInput, StaffReport, StaffSummary, Team,
};
#[cfg(feature = "ssr")]
use super::service;
#[cfg(feature = "ssr")]
use crate::auth::require_user;
use crate::error::AppError;
use crate::report::domain::Category;
#[cfg(feature = "ssr")]
use crate::ui::current_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the selects of the back-office forms offer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Options {
    pub departments: Vec<Department>,
    pub categories: Vec<Category>,
    pub teams: Vec<Team>,
    pub partners: Vec<Partner>,
    /// Every category's questions, for the intake form.
    pub questions: std::collections::BTreeMap<String, Vec<crate::report::questions::Question>>,
    /// The standard replies for notes to reporters.
    #[serde(default)]
    pub replies: Vec<crate::office::replies::StandardReply>,
    /// The districts as `(code, name)`, for the planners' filter.
    #[serde(default)]
    pub districts: Vec<(String, String)>,
}

#[server]
pub async fn office_options() -> Result<Options, AppError> {
    require_user().await?;
    load_options(&crate::context::ctx()?).await
}

/// What staff forms choose from (the office pages' and the admin page's).
#[cfg(feature = "ssr")]
pub async fn load_options(ctx: &crate::context::Ctx) -> Result<Options, AppError> {
    Ok(Options {
        departments: ctx.store.departments().await?,
        categories: ctx.store.categories(true).await?,
        teams: ctx.store.teams().await?,
        partners: ctx.store.partners().await?,
        questions: ctx.store.questions(None).await?,
        replies: ctx.store.replies().await?,
        districts: crate::district::districts(ctx)
            .await?
            .list
            .iter()
            .map(|d| (d.code.clone(), d.name.clone()))
            .collect(),
    })
}

#[server]
pub async fn staff_report_data(reference: String) -> Result<StaffReport, AppError> {
    let user = require_user().await?;
    service::staff_report(&crate::context::ctx()?, &user, &reference, current_lang()).await
}

#[server]
pub async fn queue_data(
    filter: QueueFilter,
) -> Result<(Vec<StaffSummary>, Vec<StaffSummary>), AppError> {
    let user = require_user().await?;
    let ctx = crate::context::ctx()?;
    Ok((
        service::queue(&ctx, &user, &filter).await?,
        service::worst_overdue(&ctx, &user).await?,
    ))
}

#[server]
pub async fn search_data(input: SearchInput) -> Result<Vec<StaffSummary>, AppError> {
    let user = require_user().await?;
    service::search(&crate::context::ctx()?, &user, &input).await
}
