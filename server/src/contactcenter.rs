//! HTTP routes of the ContactCenter: the knowledge base's search; appointments (the JSON
//! API: types, free slots, booking, cancelling and moving by the private link; the booking
//! page's forms and the desk's); the agents' contact form and the departments' answers to
//! hand-overs. They call `knowledge::service`, `appointment::service` and `contact::service`.

use crate::api::lang_of;
use crate::ratelimit::{self, ClientAddr, ClientLimits};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Form, Json, Router};
use chrono::Utc;
use meldpunt_app::appointment::domain::{parse_start, AppointmentStatus, BookingInput};
use meldpunt_app::appointment::service::{self as appointments, Booker};
use meldpunt_app::contact::domain::ContactChannel;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::port::IdempotencyKey;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// A booking is a few short fields; anything bigger is not one.
pub const MAX_BOOKING_BYTES: usize = 8 * 1024;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/api/v1/info", get(info))
        .route("/api/v1/appointment-types", get(types))
        .route("/api/v1/appointments/slots", get(slots))
        .route("/api/v1/appointments", post(book_api))
        .route(
            "/api/v1/appointments/{token}",
            delete(cancel_api).get(booking_api),
        )
        .route("/api/v1/appointments/{token}/move", post(move_api))
        .route("/api/v1/staff/appointments", post(book_for_caller))
        .route("/appointments/book", post(book_form))
        .route("/appointments/manage/{token}/cancel", post(cancel_form))
        .route("/appointments/manage/{token}/move", post(move_form))
        .route("/desk/attendance", post(attendance_form))
        .route("/contact", post(contact_form))
        .route("/api/v1/staff/contactcenter/figures.csv", get(figures_csv))
        .route("/handovers/{id}/answer", post(answer_form))
        .route("/knowledge/article", post(article_form))
        .route("/admin/topic", post(admin_topic))
        .route("/admin/service", post(admin_service))
        .route("/admin/appointment-type", post(admin_type))
        .route("/admin/closing-day", post(admin_closing_day))
        .layer(DefaultBodyLimit::max(MAX_BOOKING_BYTES))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LangQuery {
    /// `nl`, `fr` or `en`.
    lang: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct InfoQuery {
    /// What to look for; every article by title without it.
    q: Option<String>,
    lang: Option<String>,
}

/// `GET /api/v1/info?q=&lang=`: `[{slug, title, summary, url}]`, best match first (every
/// article by title without `q`).
#[utoipa::path(get, path = "/api/v1/info", tag = "knowledge", params(InfoQuery),
    responses((status = 200, description = "Articles, best match first", body = Vec<meldpunt_app::knowledge::domain::InfoHit>),
        (status = 422, description = "A question over 200 characters", body = AppError)))]
pub(crate) async fn info(
    State(ctx): State<Ctx>,
    Query(q): Query<InfoQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang_of(q.lang.as_deref(), &headers);
    let hits =
        meldpunt_app::knowledge::service::search(&ctx, q.q.as_deref().unwrap_or_default(), lang)
            .await?;
    Ok(Json(hits).into_response())
}

/// `GET /api/v1/appointment-types?lang=`: `[{code, service, service_name, name,
/// duration_minutes}]`.
#[utoipa::path(get, path = "/api/v1/appointment-types", tag = "appointments", params(LangQuery),
    responses((status = 200, description = "What can be booked", body = Vec<meldpunt_app::appointment::domain::TypeView>)))]
pub(crate) async fn types(
    State(ctx): State<Ctx>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = lang_of(q.lang.as_deref(), &headers);
    Ok(Json(appointments::appointment_types(&ctx, lang).await?).into_response())
}

/// `GET /api/v1/appointments/slots?type=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD`:
/// `[{start, end, free}]`. The query is read as pairs, so a missing or repeated parameter
/// gets a clear message rather than a generic one.
#[utoipa::path(get, path = "/api/v1/appointments/slots", tag = "appointments",
    params(("type" = String, Query, description = "An appointment type's code"),
        ("from" = String, Query, description = "First day, `YYYY-MM-DD`"),
        ("to" = String, Query, description = "Last day, `YYYY-MM-DD` (at most 62 days on)")),
    responses((status = 200, description = "Free slots with the places left", body = Vec<meldpunt_app::appointment::domain::SlotView>),
        (status = 404, description = "No such appointment type", body = AppError),
        (status = 422, description = "A parameter missing, repeated or wrong", body = AppError)))]
pub(crate) async fn slots(
    State(ctx): State<Ctx>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let get = |name: &str| -> Result<&str, AppError> {
        let mut values = q.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
        match (values.next(), values.next()) {
            (Some(v), None) if !v.trim().is_empty() => Ok(v),
            (Some(_), Some(_)) => Err(AppError::validation(name, format!("give `{name}` once"))
                .explained(ErrorText::BadRequest)),
            _ => Err(AppError::validation(name, format!("`{name}` is missing"))
                .explained(ErrorText::BadRequest)),
        }
    };
    let from = meldpunt_app::time::parse_day("from", get("from")?)?;
    let to = meldpunt_app::time::parse_day("to", get("to")?)?;
    let found = appointments::free_slots(&ctx, get("type")?, from, to, Utc::now()).await?;
    Ok(Json(found).into_response())
}

/// The `Idempotency-Key` header with a hash of the body it came with, when sent.
fn idempotency(headers: &HeaderMap, body: &[u8]) -> Result<Option<IdempotencyKey>, AppError> {
    Ok(
        crate::api::idempotency_header(headers)?.map(|key| IdempotencyKey {
            key: key.to_owned(),
            request_hash: hex::encode(Sha256::digest(body)),
        }),
    )
}

fn json_input<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, AppError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !json {
        return Err(
            AppError::unsupported("send the booking as application/json")
                .explained(ErrorText::BadRequest),
        );
    }
    serde_json::from_slice(body).map_err(|e| {
        AppError::validation("body", format!("the JSON body is not valid: {e}"))
            .explained(ErrorText::BadRequest)
    })
}

/// `POST /api/v1/appointments` with `{type, start, name, email?, phone?, lang?}`:
/// `201 {ref, start, end, manage_url, cancel_url}`; a slot taken meanwhile is `409
/// slot_taken` with `next`, the next free starts.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointments",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    request_body(content = BookingInput, content_type = "application/json"),
    responses((status = 201, description = "Booked; the receipt holds the private links", body = meldpunt_app::appointment::domain::BookingReceipt),
        (status = 404, description = "No such appointment type", body = AppError),
        (status = 409, description = "The slot was taken meanwhile (with the next free starts), or the key was used for another booking", body = AppError),
        (status = 413, description = "Too large", body = AppError),
        (status = 415, description = "Not JSON", body = AppError),
        (status = 422, description = "A field is missing or wrong", body = AppError),
        (status = 429, description = "Too many bookings from this client", body = AppError)))]
pub(crate) async fn book_api(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    ratelimit::check(&limits.bookings, client)?;
    let key = idempotency(&headers, &body)?;
    let mut input: BookingInput = json_input(&headers, &body)?;
    if input.lang.is_none() {
        input.lang = Some(lang_of(None, &headers).code().to_owned());
    }
    let receipt = appointments::book(&ctx, input.validate()?, Booker::citizen(), key).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, receipt.manage_url.clone())],
        Json(receipt),
    )
        .into_response())
}

#[derive(Deserialize)]
struct CallerBooking {
    #[serde(flatten)]
    booking: BookingInput,
    /// How the caller reached the city (`phone`, `counter`, …); phone when not given.
    channel: Option<String>,
}

/// `POST /api/v1/staff/appointments`: an agent books for a caller (the contact screen), with
/// the body and answers of the public booking; the agent and the channel are kept with it.
async fn book_for_caller(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let user = crate::web::staff_user(&ctx, &headers).await?;
    let key = idempotency(&headers, &body)?;
    let mut input: CallerBooking = json_input(&headers, &body)?;
    if input.booking.lang.is_none() {
        input.booking.lang = Some(lang_of(None, &headers).code().to_owned());
    }
    let channel = ContactChannel::parse(input.channel.as_deref().unwrap_or("phone"))?;
    let receipt =
        appointments::book_for(&ctx, &user, input.booking.validate()?, channel, key).await?;
    Ok((StatusCode::CREATED, Json(receipt)).into_response())
}

/// `DELETE` on a booking's `cancel_url`: 204, also when it was cancelled already.
#[utoipa::path(delete, path = "/api/v1/appointments/{token}", tag = "appointments",
    params(("token" = String, Path, description = "The private token of the booking's links")),
    responses((status = 204, description = "Cancelled"),
        (status = 404, description = "No booking with this token", body = AppError),
        (status = 409, description = "Already past or cancelled", body = AppError)))]
pub(crate) async fn cancel_api(
    State(ctx): State<Ctx>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    appointments::cancel(&ctx, &token).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET` on a booking's `cancel_url`: what was booked, for an app showing it.
/// A booking as its private link shows it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct BookingView {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(rename = "type")]
    type_code: String,
    service: String,
    /// w3 times with the Brussels offset.
    start: String,
    end: String,
    status: AppointmentStatus,
}

#[utoipa::path(get, path = "/api/v1/appointments/{token}", tag = "appointments",
    params(("token" = String, Path, description = "The private token of the booking's links")),
    responses((status = 200, description = "The booking", body = BookingView),
        (status = 404, description = "No booking with this token", body = AppError)))]
pub(crate) async fn booking_api(
    State(ctx): State<Ctx>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let b = appointments::booking_for_token(&ctx, &token).await?;
    let view = BookingView {
        reference: b.reference,
        type_code: b.type_code,
        service: b.service_code,
        start: meldpunt_app::time::brussels_w3(b.start),
        end: meldpunt_app::time::brussels_w3(b.end),
        status: b.status,
    };
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(view)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct MoveInput {
    /// The new start: a w3 date-time or a Brussels wall-clock time.
    start: String,
}

/// `POST {cancel_url}/move` with `{start}`: the booking moves to that slot; `201` with the
/// new booking's receipt (new links; the old ones answer that it moved).
#[utoipa::path(post, path = "/api/v1/appointments/{token}/move", tag = "appointments",
    params(("token" = String, Path, description = "The private token of the booking's links")),
    request_body(content = MoveInput, content_type = "application/json"),
    responses((status = 201, description = "Moved: a new booking with new links (the old one is cancelled)", body = meldpunt_app::appointment::domain::BookingReceipt),
        (status = 404, description = "No booking with this token", body = AppError),
        (status = 409, description = "The new slot is taken, or the booking is past", body = AppError),
        (status = 415, description = "Not JSON", body = AppError),
        (status = 422, description = "Not a time, or not a slot", body = AppError),
        (status = 429, description = "Too many changes from this client", body = AppError)))]
pub(crate) async fn move_api(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    ratelimit::check(&limits.bookings, client)?;
    let input: MoveInput = json_input(&headers, &body)?;
    let receipt = appointments::move_booking(&ctx, &token, parse_start(&input.start)?).await?;
    Ok((StatusCode::CREATED, Json(receipt)).into_response())
}

/// Where the booking page shows a refusal: the chosen type and day, and the error (never
/// the person's details, which stay out of URLs and logs).
fn back_to_booking(values: &HashMap<String, String>, e: &AppError) -> Response {
    let v = serde_json::to_value(e).unwrap_or_default();
    let mut q = form_urlencoded::Serializer::new(String::new());
    for name in ["type", "day"] {
        if let Some(value) = values.get(name).filter(|v| !v.is_empty()) {
            q.append_pair(name, value);
        }
    }
    q.append_pair("error", v["error"].as_str().unwrap_or_default());
    q.append_pair("field", v["field"].as_str().unwrap_or_default());
    Redirect::to(&format!("/appointments?{}", q.finish())).into_response()
}

/// The booking page's form: to the private page on success, back to the day otherwise.
async fn book_form(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        ratelimit::check(&limits.bookings, client)?;
        let value = |name: &str| values.get(name).cloned().filter(|v| !v.trim().is_empty());
        let input = BookingInput {
            type_code: value("type").unwrap_or_default(),
            start: value("start").unwrap_or_default(),
            name: value("name").unwrap_or_default(),
            email: value("email"),
            phone: value("phone"),
            lang: Some(lang_of(None, &headers).code().to_owned()),
        };
        appointments::book(&ctx, input.validate()?, Booker::citizen(), None).await
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("{}?booked=1", local_path(&r.manage_url))).into_response(),
        Err(
            e @ (AppError::RateLimited { .. } | AppError::Busy { .. } | AppError::Internal { .. }),
        ) => e.into_response(),
        Err(e) => back_to_booking(&values, &e),
    }
}

/// The path of one of our own URLs (redirects stay on the host the person used).
fn local_path(url: &str) -> &str {
    url.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(url)
}

async fn cancel_form(State(ctx): State<Ctx>, Path(token): Path<String>) -> Response {
    let back = format!("/appointments/manage/{token}");
    crate::web::back_to(&back, appointments::cancel(&ctx, &token).await)
}

async fn move_form(
    State(ctx): State<Ctx>,
    Path(token): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let start = values.get("start").map(String::as_str).unwrap_or_default();
    let moved = match parse_start(start) {
        Ok(start) => appointments::move_booking(&ctx, &token, start).await,
        Err(e) => Err(e),
    };
    match moved {
        Ok(r) => Redirect::to(&format!("{}?booked=1", local_path(&r.manage_url))).into_response(),
        Err(e) => crate::web::back_to(&format!("/appointments/manage/{token}"), Err(e)),
    }
}

/// Desk staff mark who came; back to the day's list.
async fn attendance_form(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let value = |name: &str| values.get(name).map(String::as_str).unwrap_or_default();
    // Only back to the desk page itself.
    let back = match value("back") {
        b if b.starts_with("/desk?") || b == "/desk" => b.to_owned(),
        _ => "/desk".to_owned(),
    };
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        let status = AppointmentStatus::parse(value("status"))?;
        appointments::set_attendance(&ctx, &user, value("reference"), status).await
    }
    .await;
    crate::web::back_to(&back, result)
}

/// The agent's contact form: saved, back to a fresh screen; refused, back with the field.
async fn contact_form(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let value = |name: &str| values.get(name).cloned().filter(|v| !v.trim().is_empty());
    let reference = value("reference").map(|r| r.trim().to_uppercase());
    let linked = |prefix: char| reference.clone().filter(|r| r.starts_with(prefix));
    let input = meldpunt_app::contact::domain::ContactInput {
        topic: value("topic").unwrap_or_default(),
        channel: value("channel").unwrap_or_default(),
        outcome: value("outcome").unwrap_or_default(),
        summary: value("summary").unwrap_or_default(),
        caller_name: value("caller_name"),
        caller_phone: value("caller_phone"),
        caller_email: value("caller_email"),
        started_at: value("started_at").unwrap_or_default(),
        department: value("department"),
        report_ref: linked('M'),
        complaint_ref: linked('K'),
        appointment_ref: linked('A'),
        article: value("article"),
    };
    let result = async {
        if reference.is_some()
            && [linked('M'), linked('K'), linked('A')]
                .iter()
                .all(Option::is_none)
        {
            return Err(
                AppError::validation("reference", "this is not a reference of ours")
                    .explained(ErrorText::ReferenceUnknown),
            );
        }
        let user = crate::web::staff_user(&ctx, &headers).await?;
        meldpunt_app::contact::service::record(&ctx, &user, input).await
    }
    .await;
    if crate::web::wants_json(&headers) {
        // The screen's script stays on the page: the next contact's timer starts now.
        return match result {
            Ok(id) => (
                StatusCode::CREATED,
                Json(serde_json::json!({"id": id, "started_at": Utc::now().to_rfc3339()})),
            )
                .into_response(),
            Err(e) => e.into_response(),
        };
    }
    crate::web::back_to("/contact", result.map(|_| ()))
}

/// An editor saves a version of an article in one language; back to it.
async fn article_form(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = meldpunt_app::knowledge::domain::ArticleInput {
        slug: value("slug"),
        lang: value("lang"),
        title: value("title"),
        summary: value("summary"),
        body: value("body"),
        synonyms: value("synonyms"),
        appointment_type: Some(value("appointment_type")).filter(|t| !t.trim().is_empty()),
        active: values.contains_key("active"),
    };
    // Back to the article in its language (only our own characters in the address).
    let slug: String = input
        .slug
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(80)
        .collect();
    let back = match meldpunt_app::i18n::Lang::from_code(&input.lang) {
        Some(l) if !slug.is_empty() => format!("/knowledge?slug={slug}&lang={}", l.code()),
        _ => "/knowledge".to_owned(),
    };
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        meldpunt_app::knowledge::service::save(&ctx, Some(&user), input).await
    }
    .await;
    crate::web::back_to(&back, result)
}

/// Names in every language from a form's `name_nl`, `name_fr`, `name_en`.
fn form_names(values: &HashMap<String, String>) -> meldpunt_app::i18n::Names {
    meldpunt_app::i18n::Names::new(|l| {
        values
            .get(&meldpunt_app::i18n::Names::field(l))
            .cloned()
            .unwrap_or_default()
    })
}

/// A whole number from a form, refused by field when it is not one.
fn form_number(values: &HashMap<String, String>, name: &str) -> Result<u32, AppError> {
    values
        .get(name)
        .map(|v| v.trim())
        .unwrap_or_default()
        .parse()
        .map_err(|_| {
            AppError::validation(name, "give a whole number").explained(ErrorText::NumberOutOfRange)
        })
}

/// The admin's ContactCenter forms: a topic, a service, an appointment type, a closing day;
/// back to the admin page.
async fn admin_topic(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        let topic = meldpunt_app::contact::domain::Topic {
            code: values.get("code").cloned().unwrap_or_default(),
            group: values
                .get("group")
                .cloned()
                .filter(|g| !g.trim().is_empty()),
            names: form_names(&values),
            active: values.contains_key("active"),
        };
        meldpunt_app::contact::service::save_topic(&ctx, Some(&user), topic).await
    }
    .await;
    crate::web::back_to("/admin", result)
}

async fn admin_service(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        let openings = values
            .get("openings")
            .map(String::as_str)
            .unwrap_or_default();
        let service = meldpunt_app::port::ServiceInput {
            code: values.get("code").cloned().unwrap_or_default(),
            names: form_names(&values),
            horizon_days: form_number(&values, "horizon_days")?,
            openings: meldpunt_app::appointment::domain::Opening::parse_list(openings)?,
            active: values.contains_key("active"),
        };
        meldpunt_app::office::admin::save_service(&ctx, Some(&user), service).await
    }
    .await;
    crate::web::back_to("/admin", result)
}

async fn admin_type(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        let t = meldpunt_app::appointment::domain::AppointmentType {
            id: 0,
            code: values.get("code").cloned().unwrap_or_default(),
            service: values.get("service").cloned().unwrap_or_default(),
            names: form_names(&values),
            shape: meldpunt_app::appointment::domain::SlotShape {
                minutes: form_number(&values, "minutes")?,
                places: form_number(&values, "places")?,
            },
            active: values.contains_key("active"),
        };
        meldpunt_app::office::admin::save_appointment_type(&ctx, Some(&user), t).await
    }
    .await;
    crate::web::back_to("/admin", result)
}

async fn admin_closing_day(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        let value = |name: &str| values.get(name).map(String::as_str).unwrap_or_default();
        let day = meldpunt_app::time::parse_day("day", value("day"))?;
        meldpunt_app::office::admin::add_closing_day(
            &ctx,
            Some(&user),
            value("service"),
            day,
            value("label"),
        )
        .await
    }
    .await;
    crate::web::back_to("/admin", result)
}

/// A department answers a hand-over; back to the list.
async fn answer_form(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    let result = async {
        let user = crate::web::staff_user(&ctx, &headers).await?;
        let answer = values.get("answer").map(String::as_str).unwrap_or_default();
        meldpunt_app::contact::service::answer(&ctx, &user, id, answer).await
    }
    .await;
    crate::web::back_to("/handovers", result)
}

#[derive(Deserialize)]
struct Period {
    from: String,
    to: String,
}

/// `GET /api/v1/staff/contactcenter/figures.csv?from=&to=`: the dashboard's figures as CSV.
async fn figures_csv(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    let user = crate::web::staff_user(&ctx, &headers).await?;
    let from = meldpunt_app::time::parse_day("from", &p.from)?;
    let to = meldpunt_app::time::parse_day("to", &p.to)?;
    let lang = lang_of(None, &headers);
    let f = meldpunt_app::contact::service::figures(&ctx, &user, from, to, lang).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"contactcenter-{from}-{to}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        f.csv(),
    )
        .into_response())
}
