//! Plain HTML form routes (crew sign-in, sign-out, status change) and the middleware every
//! request passes: cross-site refusal, body size guard, language cookie, security headers.

use crate::api::{multipart_rejection, process_photos, read_upload, MAX_SUBMISSION_BYTES};
use crate::ratelimit::{self, ClientAddr};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use meldpunt_app::auth::{session_cookie_name, session_token};
use meldpunt_app::context::Ctx;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::i18n::Names;
use meldpunt_app::office::admin;
use meldpunt_app::office::domain::Department;
use meldpunt_app::office::domain::TriageAction;
use meldpunt_app::office::service::{act as act_service, register, IntakeInput, IntakeOutcome};
use meldpunt_app::report::domain::Category;
use meldpunt_app::report::domain::{Channel, Contact, ReportRef};
use meldpunt_app::report::questions::answers_from_form;
use meldpunt_app::service;
use meldpunt_app::signin;
use meldpunt_app::staff::{Role, StaffUser};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/crew/login", post(crew_login))
        .route("/crew/logout", post(logout))
        .route("/crew/r/{reference}/status", post(change_status))
        .route("/staff/r/{reference}/act", post(act))
        .route("/intake", post(intake))
        .route("/crew/new", post(crew_new))
        .route("/admin/user", post(admin_user))
        .route("/admin/user/new", post(admin_user_new))
        .route("/admin/department", post(admin_department))
        .route("/admin/category", post(admin_category))
        .route("/admin/team", post(admin_team))
        .route("/admin/partner", post(admin_partner))
        // Crews' and agents' forms carry photos straight from a camera.
        .layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES))
}

/// The largest body of a citizen's small form (follow, "is it fixed?", my reports): a comment
/// of 2,000 characters percent-encoded at its longest, with room to spare. Larger is 413
/// before the handler runs, so one such request holds at most this much.
pub const SMALL_FORM_BYTES: usize = 64 * 1024;

/// An url-encoded form body as pairs, keeping repeated keys (checkbox lists).
pub(crate) fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// Whether a stop link's POST is a mail program's one-click unsubscribe (RFC 8058: the body
/// `List-Unsubscribe=One-Click`), which gets an empty answer instead of a page.
pub(crate) fn one_click_unsubscribe(body: &[u8]) -> bool {
    form_pairs(body)
        .iter()
        .any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click")
}

fn all_of(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

async fn admin_user(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let result = async {
        let role = Role::parse(&field(&f, "role").unwrap_or_default())?;
        let departments = all_of(&f, "department");
        admin::update_user(
            &ctx,
            Some(&user),
            &field(&f, "email").unwrap_or_default(),
            Some(role),
            Some(&departments),
            Some(field(&f, "active").is_some()),
        )
        .await
    }
    .await;
    Ok(back_to("/admin", result))
}

async fn admin_user_new(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let result = async {
        let role = Role::parse(&field(&f, "role").unwrap_or_default())?;
        admin::create_user(
            &ctx,
            Some(&user),
            &field(&f, "email").unwrap_or_default(),
            &field(&f, "name").unwrap_or_default(),
            role,
            &field(&f, "password").unwrap_or_default(),
            &all_of(&f, "department"),
        )
        .await
        .map(|_| ())
    }
    .await;
    Ok(back_to("/admin", result))
}

async fn admin_department(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let g = |n: &str| field(&f, n).unwrap_or_default();
    let result = admin::save_department(
        &ctx,
        Some(&user),
        Department {
            code: g("code"),
            names: Names::new(|lang| g(&Names::field(lang))),
            active: true,
        },
    )
    .await;
    Ok(back_to("/admin", result))
}

async fn admin_category(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let g = |n: &str| field(&f, n).unwrap_or_default();
    let result = async {
        let target_days = number(&f, "target_days")?.unwrap_or(0);
        admin::save_category(
            &ctx,
            Some(&user),
            Category {
                code: g("code"),
                names: Names::new(|lang| g(&Names::field(lang))),
                department: g("department"),
                target_days,
                icon: g("icon"),
                active: field(&f, "active").is_some(),
            },
        )
        .await
    }
    .await;
    Ok(back_to("/admin", result))
}

async fn admin_team(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let members: Vec<String> = field(&f, "members")
        .unwrap_or_default()
        .split([',', ' ', ';'])
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
        .collect();
    let result = admin::create_team(
        &ctx,
        Some(&user),
        &field(&f, "name").unwrap_or_default(),
        &field(&f, "department").unwrap_or_default(),
        &members,
    )
    .await
    .map(|_| ());
    Ok(back_to("/admin", result))
}

async fn admin_partner(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let result = admin::create_partner(
        &ctx,
        Some(&user),
        &field(&f, "name").unwrap_or_default(),
        &field(&f, "email").unwrap_or_default(),
    )
    .await
    .map(|_| ());
    Ok(back_to("/admin", result))
}

/// The signed-in staff member, or 401.
pub async fn staff_user(ctx: &Ctx, headers: &HeaderMap) -> Result<StaffUser, AppError> {
    let token =
        session_token(headers, ctx.config.secure_cookies).ok_or_else(AppError::unauthorized)?;
    service::session_user(ctx, &token)
        .await?
        .ok_or_else(AppError::unauthorized)
}

/// Sends a form back to `back` with the outcome: `saved=1`, or the error's kind and field so
/// the page can say what went wrong. Access errors are answered as they are.
/// Whether a form was sent by the page's script, which wants the answer as JSON (the form
/// then keeps what was typed when something is wrong).
pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

pub(crate) fn back_to(back: &str, result: Result<(), AppError>) -> Response {
    let sep = if back.contains('?') { '&' } else { '?' };
    match result {
        Ok(()) => Redirect::to(&format!("{back}{sep}saved=1")).into_response(),
        Err(
            e @ (AppError::NotFound { .. }
            | AppError::Forbidden { .. }
            | AppError::Unauthorized { .. }
            | AppError::Internal { .. }
            | AppError::RateLimited { .. }
            | AppError::Busy { .. }),
        ) => e.into_response(),
        // The page says what went wrong in its own language: the query names the error's kind,
        // its field and its explanation (`why`), never the English message.
        Err(e) => {
            let v = serde_json::to_value(&e).unwrap_or_default();
            let q = form_urlencoded::Serializer::new(String::new())
                .append_pair("error", v["error"].as_str().unwrap_or_default())
                .append_pair("field", e.field().unwrap_or_default())
                .append_pair("why", e.explanation().name())
                .finish();
            Redirect::to(&format!("{back}{sep}{q}")).into_response()
        }
    }
}

fn session_cookie(ctx: &Ctx, value: &str, max_age: i64) -> HeaderValue {
    let secure = ctx.config.secure_cookies;
    private_cookie(session_cookie_name(secure), secure, value, max_age)
}

/// A cookie for this site only, out of reach of scripts: the staff session and a citizen's
/// open list of reports. `max_age` 0 removes it.
pub(crate) fn private_cookie(name: &str, secure: bool, value: &str, max_age: i64) -> HeaderValue {
    let cookie = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
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
    State(state): State<crate::AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Form<LoginForm>,
) -> Response {
    sign_in(state, client, headers, form, "/login").await
}

/// The crew page's own sign-in form: a failure goes back to the crew page.
async fn crew_login(
    State(state): State<crate::AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Form<LoginForm>,
) -> Response {
    sign_in(state, client, headers, form, "/crew").await
}

async fn sign_in(
    state: crate::AppState,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
    page: &str,
) -> Response {
    if let Err(e) = ratelimit::check(&state.limits.sign_ins, client) {
        return e.into_response();
    }
    let ctx = state.ctx;
    if let Some(old) = session_token(&headers, ctx.config.secure_cookies) {
        let _ = service::logout(&ctx, &old).await;
    }
    let client_key = signin::client_key(client.0);
    match signin::login(&ctx, &form.email, &form.password, &client_key).await {
        Ok((token, user)) => {
            let mut r = Redirect::to(user.role.home()).into_response();
            r.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&ctx, &token, service::SESSION_HOURS * 3600),
            );
            r
        }
        Err(AppError::Unauthorized { .. }) => {
            Redirect::to(&format!("{page}?error=login")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn logout(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    if let Some(token) = session_token(&headers, ctx.config.secure_cookies) {
        if let Err(e) = service::logout(&ctx, &token).await {
            return e.into_response();
        }
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&ctx, "", 0));
    r
}

/// Reads a multipart form: its text fields and processed photos.
async fn read_form(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<
    (
        Vec<(String, String)>,
        Vec<meldpunt_app::port::ProcessedPhoto>,
    ),
    AppError,
> {
    let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
    let photos = process_photos(upload.photos).await?;
    Ok((upload.fields, photos))
}

pub(crate) fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.trim().is_empty())
}

/// An HTML form read into the same serde type the JSON API takes, so both have one parser:
/// the form's fields carry the JSON names, empty fields count as absent, and numbers may come
/// as text (see `office::domain::int_or_text`). Fields the type does not know are ignored.
fn form_as<T: serde::de::DeserializeOwned>(fields: &[(String, String)]) -> Result<T, AppError> {
    let object: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| {
        let message = e.to_string();
        // serde names the field it missed or could not read between backticks.
        let field = message
            .split('`')
            .nth(1)
            .filter(|f| fields.iter().any(|(n, _)| n == f) || message.starts_with("missing"))
            .unwrap_or("action")
            .to_owned();
        AppError::validation(&field, message)
    })
}

fn number(fields: &[(String, String)], name: &str) -> Result<Option<i64>, AppError> {
    field(fields, name)
        .map(|v| {
            v.trim()
                .parse()
                .map_err(|_| AppError::validation(name, "not a number"))
        })
        .transpose()
}

/// The crew's status form: in progress or done, with a note and after-photos.
async fn change_status(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let back = format!("/crew/r/{}", ReportRef::parse(&reference)?);
    let result = async {
        let (fields, photos) = read_form(multipart).await?;
        let note = field(&fields, "note");
        let status = field(&fields, "status").unwrap_or_default();
        let action = TriageAction::from_crew_choice(&status, note)?;
        let version = number(&fields, "version")?;
        act_service(&ctx, &user, &reference, action, photos, version).await
    }
    .await;
    Ok(back_to(&back, result))
}

/// Every triage form of the staff report page posts here with `action` and its fields.
async fn act(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let back = format!("/staff/r/{}", ReportRef::parse(&reference)?);
    let result = async {
        let (fields, photos) = read_form(multipart).await?;
        let action: TriageAction = form_as(&fields)?;
        let version = number(&fields, "version")?;
        act_service(&ctx, &user, &reference, action, photos, version).await
    }
    .await;
    Ok(back_to(&back, result))
}

fn intake_input(fields: &[(String, String)]) -> Result<IntakeInput, AppError> {
    let f = |n: &str| field(fields, n);
    let coord = |n: &str| {
        f(n).map(|v| {
            v.parse::<f64>()
                .map_err(|_| AppError::invalid("address", ErrorText::AddressPickAgain))
        })
        .transpose()
    };
    Ok(IntakeInput {
        channel: f("channel").unwrap_or_default(),
        category: f("category").unwrap_or_default(),
        lat: coord("lat")?,
        lon: coord("lon")?,
        address: f("address"),
        description: f("description").unwrap_or_default(),
        contact: Contact {
            name: f("contact_name"),
            email: f("contact_email"),
            phone: f("contact_phone"),
            consent: true,
        },
        lang: f("lang"),
        follow: f("follow"),
        answers: answers_from_form(fields, &f("category").unwrap_or_default()),
    })
}

/// The agent's intake form: a new report for the caller, or the caller follows one nearby.
async fn intake(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let result = async {
        let (fields, photos) = read_form(multipart).await?;
        register(&ctx, &user, intake_input(&fields)?, photos, None).await
    }
    .await;
    Ok(match result {
        Ok(IntakeOutcome::Created(receipt)) => {
            Redirect::to(&format!("/intake?created={}", receipt.reference)).into_response()
        }
        Ok(IntakeOutcome::Followed { reference }) => {
            Redirect::to(&format!("/intake?followed={reference}")).into_response()
        }
        Err(e) => back_to("/intake", Err(e)),
    })
}

/// A crew registers something it found in the field.
async fn crew_new(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let result = async {
        let (fields, photos) = read_form(multipart).await?;
        let mut input = intake_input(&fields)?;
        input.channel = Channel::Field.as_str().to_owned();
        input.follow = None;
        register(&ctx, &user, input, photos, None).await
    }
    .await;
    Ok(match result {
        Ok(IntakeOutcome::Created(receipt)) => {
            Redirect::to(&format!("/crew?created={}", receipt.reference)).into_response()
        }
        Ok(IntakeOutcome::Followed { .. }) => Redirect::to("/crew").into_response(),
        Err(e) => back_to("/crew", Err(e)),
    })
}

/// Refuses state-changing requests that a browser marks as coming from another site.
pub async fn refuse_cross_site(
    public_origin: Option<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // A follower's stop link carries its own authority (the token), no cookie: a mail program
    // may post it from anywhere (RFC 8058), also from a web mail page in a browser.
    let path = request.uri().path();
    let stop_link = path.starts_with("/follow/") && path.ends_with("/stop");
    if changes_state && !stop_link {
        let headers = request.headers();
        let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin_mismatch = match origin {
            Some("null") => true,
            // The configured public URL's origin (a proxy may rewrite `Host`), or this
            // request's own host.
            Some(origin) => {
                !public_origin
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(origin))
                    && origin.split_once("://").map(|(_, h)| h) != host
            }
            None => false,
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

/// The origin (`scheme://host[:port]`) of a URL such as the configured public URL.
pub fn origin_of(url: &str) -> Option<Arc<str>> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
        .into(),
    )
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
            .explained(ErrorText::RequestTooLarge)
            .into_response();
    }
    next.run(request).await
}

/// Remembers a language chosen with `?lang=` in a cookie, and adds security headers.
pub async fn lang_cookie(request: Request, next: Next) -> Response {
    let chosen = meldpunt_app::ui::lang_in_query(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        )) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// Server functions answer every error with 500; this gives them the status their error
/// means (401, 403, 404, 422, 429 ...), as the JSON API and the forms do. Their error bodies are
/// small `AppError` JSON; anything else is passed on unchanged.
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let server_fn = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let response = next.run(request).await;
    if !server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return AppError::internal("a server function's error was too large").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(seconds) = error.retry_after() {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// One log line per request: method, route pattern (never the path itself, which can hold a
/// tracking token or a reference), status, duration and a request id, also sent back as
/// `X-Request-Id` so a user's screenshot or a proxy's log leads to the line. A sane id from
/// the proxy in front (letters, digits, `-`, at most 64) is kept.
pub async fn access_log(mut request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| service::random_token()[..16].to_owned());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "(files)".to_owned(), |p| p.as_str().to_owned());
    if let Ok(v) = HeaderValue::from_str(&id) {
        request.headers_mut().insert("x-request-id", v.clone());
    }
    let mut response = next.run(request).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    crate::metrics::record_request(&route, response.status(), started.elapsed().as_secs_f64());
    tracing::info!(
        target: "access",
        request_id = %id,
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
    );
    response
}

/// The headers every answer carries, errors and refusals included.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    /// The policy for answers that are not pages (pages set their own, with a nonce).
    policy: HeaderValue,
    /// `Strict-Transport-Security`, when the public URL is https.
    hsts: bool,
}

impl SecurityHeaders {
    pub fn new(tile_url: &str, public_url: Option<&str>) -> Self {
        let policy = meldpunt_app::ui::policy::content_security_policy(tile_url, None);
        Self {
            policy: HeaderValue::from_str(&policy).unwrap_or_else(|_| {
                HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
            }),
            hsts: public_url.is_some_and(|u| u.starts_with("https://")),
        }
    }
}

pub async fn security_headers(
    headers: Arc<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert_with(|| headers.policy.clone());
    // The report form asks for the position and takes photos; nothing else is used.
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), \
             serial=(), bluetooth=(), midi=()",
        ),
    );
    if headers.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// 404 page for unknown static paths.
pub async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, "not found")
}
