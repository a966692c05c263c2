//! HTTP routes of "Mijn meldingen" (`meldpunt_app::report::mine`): asking for the link, the
//! link page's button that opens the list (a private cookie for one hour), and closing it.

use crate::ratelimit::{self, ClientAddr, ClientLimits};
use crate::web::{field, private_cookie};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::report::mine::{self, view_cookie_name, MINE_VIEW_MINUTES};
use std::sync::Arc;

const PAGE: &str = "/mijn-meldingen";

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route(PAGE, post(ask))
        .route("/mijn-meldingen/sluiten", post(close))
        .route("/mijn-meldingen/{token}", post(open))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::web::SMALL_FORM_BYTES,
        ))
}

/// Mails the link if the address has reports, and says the same in every case.
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
    let email = field(&fields, "email").unwrap_or_default();
    match mine::ask(&ctx, &email, lang).await {
        Ok(()) => Redirect::to(&format!("{PAGE}?sent=1")).into_response(),
        Err(e) => crate::web::back_to(PAGE, Err(e)),
    }
}

/// Uses the mailed link: the list opens in this browser for an hour.
async fn open(State(ctx): State<Ctx>, Path(token): Path<String>) -> Response {
    match mine::open(&ctx, &token).await {
        Ok(view) => {
            let secure = ctx.config.secure_cookies;
            let cookie = private_cookie(
                view_cookie_name(secure),
                secure,
                &view,
                MINE_VIEW_MINUTES * 60,
            );
            let mut response = Redirect::to(PAGE).into_response();
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            response
        }
        Err(e) => crate::web::back_to(PAGE, Err(e)),
    }
}

/// Closes the list in this browser (and for its cookie anywhere).
async fn close(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    let secure = ctx.config.secure_cookies;
    let name = view_cookie_name(secure);
    if let Some(view) = meldpunt_app::ui::cookie(&headers, name) {
        if let Err(e) = mine::close(&ctx, &view).await {
            return e.into_response();
        }
    }
    let mut response = Redirect::to(&format!("{PAGE}?closed=1")).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, private_cookie(name, secure, "", 0));
    response
}
