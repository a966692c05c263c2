//! Meldpunt's web app: Leptos pages and server functions, compiled for the server (`ssr`) and
//! the browser (`hydrate`). Domain types live here too, so both sides share one definition.
//!
//! Pages are rendered on the server; only islands (`#[island]`, today the report form) are
//! hydrated, so the browser bundle holds just the code that is interactive. Maps on other pages
//! are started by `public/meldpunt.js` from `data-` attributes.

#![cfg_attr(test, allow(clippy::unwrap_used))]
// Leptos view types of the staff pages nest deeply.
#![recursion_limit = "256"]

// First, so that `t!` and `catalogue!` are in scope in every module below.
#[macro_use]
pub mod i18n;
pub mod address;
pub mod annual;
pub mod appointment;
#[cfg(feature = "ssr")]
pub mod area;
pub mod auth;
pub mod complaint;
pub mod contact;
#[cfg(feature = "ssr")]
pub mod context;
pub mod crew;
#[cfg(feature = "ssr")]
pub mod district;
pub mod error;
pub mod knowledge;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod maintenance;
pub mod map;
#[cfg(feature = "ssr")]
pub mod metrics;
pub mod office;
#[cfg(feature = "ssr")]
pub mod open311;
pub mod planner;
#[cfg(feature = "ssr")]
pub mod port;
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod signin;
pub mod staff;
pub mod text;
pub mod time;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod work;

use crate::ui::texts::UiText;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// Where `scripts/build` puts Leaflet from npm; the version in the path lets it be cached forever.
pub const LEAFLET_DIR: &str = "/vendor/leaflet-1.9.4";
/// Where `scripts/build` puts Swagger UI (from npm) for the API's docs page, `/api/docs`.
pub const SWAGGER_UI_DIR: &str = "/vendor/swagger-ui-5.35.0";

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    ui::policy::page_policy();
    let lang = ui::current_lang();
    let tiles = ui::tile_url();
    let v = ui::asset_version();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5394"/>
                <meta name="meldpunt-tiles" content=tiles/>
                <meta name="meldpunt-version" content=v.clone()/>
                <link rel="manifest" href=format!("/manifest.webmanifest?lang={}", lang.code())/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <link rel="stylesheet" href=format!("{LEAFLET_DIR}/leaflet.css")/>
                <script src=format!("{LEAFLET_DIR}/leaflet.js") defer></script>
                {ui::js::page_scripts(ui::has_session()).into_iter().map(|script| view! { <script src=format!("{script}?v={v}") defer></script> }).collect_view()}
                <script type="application/json" id="meldpunt-texts" inner_html=ui::js::texts(lang)></script>
                <script type="application/json" id="meldpunt-facts" inner_html=ui::js::facts()></script>
                {ui::page_has_islands().then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = ui::current_lang();
    view! {
        <Title text=t!(lang, UiText::AppName)/>
        <Meta name="description" content=t!(lang, UiText::FormTitle)/>
        <Link rel="icon" href="/icon.svg"/>
        <Router>
            <ui::Header lang/>
            <main id="content" tabindex="-1">
                // Every page is rendered whole before it is sent (`SsrMode::Async`): a part
                // streamed in after its fallback would push the footer (and all below it) down
                // while the page loads (tests/e2e/layout_shift.spec.js).
                <Routes fallback=move || view! { <ui::PageNotFound lang/> }>
                    <Route path=path!("") view=report::form::ReportFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/kaart") view=map::MapPage ssr=SsrMode::Async/>
                    <Route path=path!("/r/:reference") view=report::page::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/follow/:token") view=report::page::FollowPage ssr=SsrMode::Async/>
                    <Route path=path!("/mijn-meldingen") view=report::mine_page::MyReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/mijn-meldingen/:token") view=report::mine_page::MyReportsLinkPage ssr=SsrMode::Async/>
                    <Route path=path!("/feedback/:token") view=report::feedback_page::FeedbackPage ssr=SsrMode::Async/>
                    <Route path=path!("/vraag/:token") view=report::ask_page::QuestionPage ssr=SsrMode::Async/>
                    <Route path=path!("/buurt") view=report::alerts_page::AlertsPage ssr=SsrMode::Async/>
                    <Route path=path!("/buurt/:token") view=report::alerts_page::AlertPage ssr=SsrMode::Async/>
                    <Route path=path!("/track/:token") view=report::page::TrackPage ssr=SsrMode::Async/>
                    <Route path=path!("/crew") view=crew::CrewPage ssr=SsrMode::Async/>
                    <Route path=path!("/crew/r/:reference") view=crew::CrewReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=ui::staff::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue") view=office::pages::QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=office::pages::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/intake") view=office::pages::IntakePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=office::admin_page::AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/planner") view=planner::pages::PlannerMapPage ssr=SsrMode::Async/>
                    <Route path=path!("/planner/stats") view=planner::pages::PlannerStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cijfers") view=planner::figures::PublicFiguresPage ssr=SsrMode::Async/>
                    <Route path=path!("/planner/annual") view=annual::AnnualReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/info") view=knowledge::pages::InfoPage ssr=SsrMode::Async/>
                    <Route path=path!("/info/:slug") view=knowledge::pages::ArticlePage ssr=SsrMode::Async/>
                    <Route path=path!("/knowledge") view=knowledge::editor::KnowledgeEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/appointments") view=appointment::pages::BookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/appointments/manage/:token") view=appointment::pages::ManageBookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/contact") view=contact::pages::ContactPage ssr=SsrMode::Async/>
                    <Route path=path!("/contactcenter") view=contact::pages::ContactCenterPage ssr=SsrMode::Async/>
                    <Route path=path!("/handovers") view=contact::pages::HandoversPage ssr=SsrMode::Async/>
                    <Route path=path!("/desk") view=appointment::pages::DeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/complaint") view=complaint::pages::ComplaintFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/complaint/sent") view=complaint::pages::ComplaintSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/complaints") view=complaint::pages::ComplaintListPage ssr=SsrMode::Async/>
                    <Route path=path!("/complaints/new") view=complaint::pages::ComplaintRegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/complaints/report") view=complaint::pages::ComplaintReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/complaints/:reference") view=complaint::pages::ComplaintPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/r/:reference") view=office::pages::StaffReportPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <ui::Footer lang/>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn leaflet_path_matches_the_npm_version() {
        let package = include_str!("../../package.json");
        let version = super::LEAFLET_DIR.trim_start_matches("/vendor/leaflet-");
        assert!(
            package.contains(&format!("\"leaflet\": \"{version}\"")),
            "package.json pins another Leaflet"
        );
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
