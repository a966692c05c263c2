//! What every request handler and server function is given: the storage ports, the file
//! stores, the public configuration, the planners' index and the knowledge base's cache. Built once by the server at start
//! and put into each request's context.

use crate::error::AppError;
use crate::port::{PhotoFiles, Store};
use std::sync::Arc;

/// Everything a request handler or server function needs.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub photos: Arc<dyn PhotoFiles>,
    /// Files that are never public (complaint attachments): served only through routes
    /// that check access.
    pub private_files: Arc<dyn PhotoFiles>,
    pub config: Arc<PublicConfig>,
    /// The planners' in-memory index of all reports (filled from `store` on first use).
    pub planner: Arc<crate::planner::index::PlannerIndex>,
    /// The knowledge base's articles and search indexes (checked against the store's change
    /// mark at every use).
    pub knowledge: Arc<crate::knowledge::service::KnowledgeCache>,
    /// The public figures (`/cijfers`), kept a few minutes.
    pub figures: Arc<crate::planner::figures::FiguresCache>,
    /// The municipality's districts, kept a minute.
    pub districts: Arc<crate::district::DistrictCache>,
}

/// Configuration the app may read (never secrets).
#[derive(Debug, Clone)]
pub struct PublicConfig {
    /// Base URL used in links sent to citizens, without trailing slash.
    pub public_url: String,
    /// Tile URL template for Leaflet.
    pub tile_url: String,
    /// Cookies get `Secure` and the `__Host-` prefix when served over https.
    pub secure_cookies: bool,
    /// The app shell's version: names the service worker's caches and versions scripts.
    pub asset_version: String,
    /// Years after closing that a complaint's personal data is kept.
    pub complaint_retention_years: u32,
    /// Days after an appointment (or a contact) that the person's details are kept.
    pub contact_retention_days: u32,
    /// Where reports may be made; `None`: anywhere.
    pub service_area: Option<crate::area::ServiceArea>,
}

impl PublicConfig {
    /// The public page of a report, as sent in e-mails.
    pub fn report_url(&self, reference: &str) -> String {
        format!("{}/r/{reference}", self.public_url)
    }
    /// A follower's page (confirm or stop) by its token, as sent in e-mails.
    pub fn follow_url(&self, token: &str) -> String {
        format!("{}/follow/{token}", self.public_url)
    }
    /// The page where a reporter answers "is it fixed?" (a query preselects the answer).
    pub fn feedback_url(&self, token: &str) -> String {
        format!("{}/feedback/{token}", self.public_url)
    }
    /// Where the reporter answers the city's question about their report.
    pub fn question_url(&self, token: &str) -> String {
        format!("{}/vraag/{token}", self.public_url)
    }
    /// Where a follower's mails stop with one click (RFC 8058's POST; a GET shows the page).
    pub fn stop_url(&self, token: &str) -> String {
        format!("{}/follow/{token}/stop", self.public_url)
    }
}

/// The [`Ctx`] of the request being served (server functions and pages).
pub fn ctx() -> Result<Ctx, AppError> {
    leptos::prelude::use_context::<Ctx>().ok_or_else(|| AppError::internal("no Ctx in context"))
}
