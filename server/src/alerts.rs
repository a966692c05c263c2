//! HTTP routes of area alerts (`meldpunt_app::report::alerts`): the form of `/buurt`, the
//! confirm and stop buttons of `/buurt/{token}`, and the one-click stop that mail programs
//! send (RFC 8058: a POST with `List-Unsubscribe=One-Click`, no cookie, no page).

use crate::ratelimit::{self, ClientAddr, ClientLimits};
use crate::web::field;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::AppError;
use meldpunt_app::report::alerts::{self, AlertForm};
use meldpunt_app::report::domain::link_token;
use std::sync::Arc;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/buurt", post(ask))
        .route("/buurt/{token}/confirm", post(confirm))
        .route("/buurt/{token}/stop", post(stop).get(stop_page))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::web::SMALL_FORM_BYTES,
        ))
}

/// The form: mails the link that confirms the alert and says so; a refusal goes back to
/// the form with its explanation.
async fn ask(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(e) = ratelimit::check(&limits.follows, client) {
        return e.into_response();
    }
    let fields = crate::web::form_pairs(&body);
    let lang = crate::api::lang_of(field(&fields, "lang").as_deref(), &headers);
    let form = AlertForm {
        email: field(&fields, "email"),
        area: field(&fields, "area"),
        address: field(&fields, "address"),
        district: field(&fields, "district"),
        categories: fields
            .iter()
            .filter(|(k, v)| k == "category" && !v.is_empty())
            .map(|(_, v)| v.clone())
            .take(100)
            .collect(),
        frequency: field(&fields, "frequency"),
    };
    match alerts::ask(&ctx, form, lang).await {
        Ok(()) => Redirect::to("/buurt?asked=1").into_response(),
        Err(e) => crate::web::back_to("/buurt", Err(e)),
    }
}

async fn confirm(State(ctx): State<Ctx>, Path(token): Path<String>) -> Response {
    let back = format!("/buurt/{}", link_token(&token).unwrap_or_default());
    match alerts::confirm(&ctx, &token).await {
        Ok(()) => Redirect::to(&back).into_response(),
        Err(e) => crate::web::back_to(&back, Err(e)),
    }
}

/// Stops the mails: a mail program's one-click POST gets an empty 200, a person's form the
/// alert's page saying so.
async fn stop(
    State(ctx): State<Ctx>,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let one_click = crate::web::one_click_unsubscribe(&body);
    match alerts::stop(&ctx, &token).await {
        Ok(()) if one_click => StatusCode::OK.into_response(),
        Ok(()) => Redirect::to(&format!("/buurt/{token}")).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A person who opens the stop link gets the alert's page with the button (a GET changes
/// nothing: link checkers in mail filters open links too).
async fn stop_page(Path(token): Path<String>) -> Response {
    match link_token(&token) {
        Some(token) => Redirect::to(&format!("/buurt/{token}")).into_response(),
        None => AppError::not_found().into_response(),
    }
}
