//! Plain HTML form routes (crew sign-in, sign-out, status change) and the middleware every
//! request passes: cross-site refusal, body size guard, language cookie, security headers.

use crate::api::{multipart_rejection, process_photos, read_upload, MAX_SUBMISSION_BYTES};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use meldpunt_app::crew::{session_cookie_name, session_token};
use meldpunt_app::error::AppError;
use meldpunt_app::port::Ctx;
use meldpunt_app::report::domain::ReportStatus;
use meldpunt_app::service;
use serde::Deserialize;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/crew/login", post(login))
        .route("/crew/logout", post(logout))
        .route("/crew/r/{reference}/status", post(change_status))
}

fn session_cookie(ctx: &Ctx, value: &str, max_age: i64) -> HeaderValue {
    let secure = ctx.config.secure_cookies;
    let cookie = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
}

async fn login(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if let Some(old) = session_token(&headers, ctx.config.secure_cookies) {
        let _ = service::logout(&ctx, &old).await;
    }
    match service::login(&ctx, &form.email, &form.password).await {
        Ok((token, _user)) => {
            let mut r = Redirect::to("/crew").into_response();
            r.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&ctx, &token, service::SESSION_HOURS * 3600),
            );
            r
        }
        Err(AppError::Unauthorized { .. }) => Redirect::to("/crew?error=login").into_response(),
        Err(e) => e.into_response(),
    }
}

async fn logout(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    if let Some(token) = session_token(&headers, ctx.config.secure_cookies) {
        if let Err(e) = service::logout(&ctx, &token).await {
            return e.into_response();
        }
    }
    let mut r = Redirect::to("/crew").into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&ctx, "", 0));
    r
}

async fn change_status(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let token =
        session_token(&headers, ctx.config.secure_cookies).ok_or_else(AppError::unauthorized)?;
    let user = service::session_user(&ctx, &token)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
    let field = |name: &str| {
        upload
            .fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let to = ReportStatus::parse(&field("status").unwrap_or_default())?;
    let note = field("note");
    let back = format!(
        "/crew/r/{}",
        meldpunt_app::report::domain::ReportRef::parse(&reference)?
    );
    let result = async {
        let photos = process_photos(upload.photos).await?;
        service::change_status(&ctx, &user, &reference, to, note, photos).await
    }
    .await;
    Ok(match result {
        Ok(()) => Redirect::to(&format!("{back}?saved=1")).into_response(),
        Err(
            e
            @ (AppError::NotFound { .. } | AppError::Forbidden { .. } | AppError::Internal { .. }),
        ) => e.into_response(),
        Err(e) => {
            let kind = serde_json::to_value(&e)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_owned))
                .unwrap_or_default();
            Redirect::to(&format!("{back}?error={kind}")).into_response()
        }
    })
}

/// Refuses state-changing requests that a browser marks as coming from another site.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state {
        let headers = request.headers();
        let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let origin_mismatch = match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), Some(host)) if origin != "null" => {
                origin.split_once("://").map(|(_, h)| h) != Some(host)
            }
            (Some("null"), _) => true,
            _ => false,
        };
        if site == Some("cross-site") || origin_mismatch {
            return AppError::Forbidden {
                message: "cross-site requests are refused".into(),
            }
            .into_response();
        }
    }
    next.run(request).await
}

/// Answers 413 from the `Content-Length` header alone, before any of the body is read.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_SUBMISSION_BYTES as u64) {
        return AppError::too_large("the request is too large (at most 3 photos of 15 MB)")
            .into_response();
    }
    next.run(request).await
}

/// Remembers a language chosen with `?lang=` in a cookie, and adds security headers.
pub async fn lang_cookie_and_headers(request: Request, next: Next) -> Response {
    let chosen = meldpunt_app::ui::lang_in_query(request.uri().query());
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Some(lang) = chosen {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        )) {
            h.append(header::SET_COOKIE, v);
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

/// 404 page for unknown static paths.
pub async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, "not found")
}
