//! HTTP routes of following a report by e-mail (`meldpunt_app::report::follow`): the public
//! report page's form, the confirmation and stop buttons of `/follow/{token}`, and the
//! one-click stop that mail programs send (RFC 8058: a POST with
//! `List-Unsubscribe=One-Click`, no cookie, no page).

use crate::ratelimit::{self, ClientAddr, ClientLimits};
use crate::web::field;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::AppError;
use meldpunt_app::report::domain::{link_token, ReportRef};
use meldpunt_app::report::follow;
use std::sync::Arc;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/r/{reference}/follow", post(ask))
        .route("/follow/{token}/confirm", post(confirm))
        .route("/follow/{token}/stop", post(stop).get(stop_page))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::web::SMALL_FORM_BYTES,
        ))
}

/// The report page's form: mails the confirmation link and says so on the page; a refusal
/// goes back to the form with its explanation.
async fn ask(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(e) = ratelimit::check(&limits.follows, client) {
        return e.into_response();
    }
    let fields = crate::web::form_pairs(&body);
    let lang = crate::api::lang_of(field(&fields, "lang").as_deref(), &headers);
    let email = field(&fields, "email").unwrap_or_default();
    let reference = match ReportRef::parse(&reference) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let back = format!("/r/{reference}");
    match follow::ask(&ctx, &reference, &email, lang).await {
        Ok(()) => Redirect::to(&format!("{back}?follow=asked#follow")).into_response(),
        Err(e) => crate::web::back_to(&back, Err(e)),
    }
}

async fn confirm(State(ctx): State<Ctx>, Path(token): Path<String>) -> Response {
    match follow::confirm(&ctx, &token).await {
        Ok(reference) => {
            Redirect::to(&format!("/r/{reference}?follow=confirmed#follow")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// Stops the mails: a mail program's one-click POST gets an empty 200, a person's form the
/// report page saying so.
async fn stop(
    State(ctx): State<Ctx>,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let one_click = crate::web::one_click_unsubscribe(&body);
    match follow::stop(&ctx, &token).await {
        Ok(_) if one_click => StatusCode::OK.into_response(),
        Ok(reference) => {
            Redirect::to(&format!("/r/{reference}?follow=stopped#follow")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// A person who opens the stop link gets the page with the button (a GET changes nothing:
/// link checkers in mail filters open links too).
async fn stop_page(Path(token): Path<String>) -> Response {
    match link_token(&token) {
        Some(token) => Redirect::to(&format!("/follow/{token}?stop=1")).into_response(),
        None => AppError::not_found().into_response(),
    }
}
