//! The OpenAPI 3.1 description of `/api/v1`, generated from the handlers' annotations and the
//! types on the wire (`utoipa`), served at `/api/v1/openapi.json`; `/api/docs` shows it as a
//! page (Swagger UI, vendored from npm, no CDN). Errors are always [`AppError`]'s
//! `{error, message, field?}`; staff endpoints take the session cookie of `/login` and
//! changes to a report say which version they were made on (`If-Match`).

use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use meldpunt_app::error::AppError;
use std::sync::LazyLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Meldpunt API",
        description = "Citizen reports, complaints, appointments and the knowledge base of a \
            city running Meldpunt. Public endpoints need nothing; staff endpoints the session \
            cookie of `/login`. Errors are `{error, message, field?}`; a 422 names the field. \
            Open311 GeoReport v2 is at `/open311/v2` (its own standard, not described here).",
        license(name = "EUPL-1.2"),
    ),
    paths(
        crate::api::categories,
        crate::api::reports_geojson,
        crate::api::report_clusters,
        crate::api::create_report,
        crate::api::report,
        crate::complaints::file_api,
        crate::contactcenter::info,
        crate::contactcenter::types,
        crate::contactcenter::slots,
        crate::contactcenter::book_api,
        crate::contactcenter::booking_api,
        crate::contactcenter::cancel_api,
        crate::contactcenter::move_api,
        crate::staff_api::me,
        crate::staff_api::report,
        crate::staff_api::act,
        crate::staff_api::intake,
        crate::staff_api::queue,
    ),
    components(schemas(AppError)),
    modifiers(&SessionCookie),
    tags(
        (name = "reports", description = "Citizens' reports: categories, making one, reading them"),
        (name = "complaints", description = "Formal complaints about the city's services"),
        (name = "appointments", description = "Appointments at city services, managed by a private link"),
        (name = "knowledge", description = "Answers from the city's knowledge base"),
        (name = "staff", description = "The back office: signed in with the session cookie of /login"),
    )
)]
struct ApiDoc;

/// The staff endpoints' session cookie.
struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "session",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                    meldpunt_app::auth::session_cookie_name(false),
                    "Set by signing in at /login (`__Host-meldpunt_session` on https)",
                ))),
            );
        }
    }
}

/// The document, made once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc.to_json().unwrap_or_else(|_| "{}".to_owned())
});

pub fn document() -> &'static str {
    &DOCUMENT
}

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/docs", get(docs_page))
}

async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], document()).into_response()
}

/// The readable page: Swagger UI from `/vendor`, started by our own script (no inline code).
async fn docs_page() -> Response {
    let mut response = Html(format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Meldpunt API</title><link rel=\"icon\" href=\"/icon.svg\">\
         <link rel=\"stylesheet\" href=\"{dir}/swagger-ui.css\">\
         <body><div id=\"api-docs\" data-spec=\"/api/v1/openapi.json\"></div>\
         <script src=\"{dir}/swagger-ui-bundle.js\"></script>\
         <script src=\"/docs/api-docs.js\"></script></body></html>",
        dir = meldpunt_app::SWAGGER_UI_DIR,
    ))
    .into_response();
    // Swagger UI sets styles from script and shows images as data URLs.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    response
}
