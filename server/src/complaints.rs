//! HTTP routes of the complaints register: the citizen's form and the public API to file a
//! complaint, the officers' and agents' forms, the staff JSON API, attachments (served only
//! to officers) and the yearly report as CSV. All of them call `complaint::service`.

use crate::api::{multipart_rejection, read_upload, Upload, MAX_SUBMISSION_BYTES};
use crate::ratelimit::{self, ClientAddr, ClientLimits};
use crate::web::{back_to, field, staff_user};
use crate::{pdf, photo};
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use meldpunt_app::complaint::domain::{
    ComplaintAction, ComplaintFilter, ComplaintInput, LetterPreview,
};
use meldpunt_app::complaint::service::{self as complaints, Attachment, ComplaintReceipt};
use meldpunt_app::complaint::steps;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::IdempotencyKey;
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/api/v1/complaints", post(file_api))
        .route("/complaint", post(file_form))
        .route("/complaints/new", post(register_form))
        .route("/complaints/{reference}/act", post(act_form))
        .route("/complaints/{reference}/letter", post(letter_form))
        .route("/complaints/{reference}/files/{id}", get(attachment))
        .route("/api/v1/staff/complaints", get(list_api).post(register_api))
        .route("/api/v1/staff/complaints/report.csv", get(report_csv))
        .route("/api/v1/staff/complaints/report.json", get(report_json))
        .route("/api/v1/staff/complaints/{reference}", get(complaint_api))
        .route(
            "/api/v1/staff/complaints/{reference}/actions",
            post(act_api),
        )
        .layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES))
}

/// Photos go through the photo pipeline (re-encoded, metadata gone); PDFs through the
/// content check; anything else is refused.
async fn process_attachments(parts: Vec<(String, Vec<u8>)>) -> Result<Vec<Attachment>, AppError> {
    let mut done = Vec::with_capacity(parts.len());
    for (name, bytes) in parts {
        if pdf::looks_like_pdf(&bytes) {
            let bytes = tokio::task::spawn_blocking(move || pdf::check(&bytes).map(|()| bytes))
                .await
                .map_err(AppError::internal)??;
            done.push(Attachment::Pdf { bytes, name });
        } else {
            let photo = photo::process_gated(bytes).await.map_err(|e| match e {
                AppError::UnsupportedMedia { .. } => {
                    AppError::unsupported("attachments are photos (JPEG, PNG, WebP) or PDF files")
                        .explained(ErrorText::AttachmentKind)
                }
                e => e,
            })?;
            done.push(Attachment::Photo { photo, name });
        }
    }
    Ok(done)
}

/// A complaint's text fields from form pairs (names as in `ComplaintInput`).
fn input_from_fields(fields: &[(String, String)]) -> ComplaintInput {
    let f = |n: &str| field(fields, n);
    ComplaintInput {
        description: f("description").unwrap_or_default(),
        happened_on: f("happened_on"),
        department: f("department"),
        employee: f("employee"),
        expectation: f("expectation"),
        name: f("name"),
        email: f("email"),
        phone: f("phone"),
        address: f("address"),
        report: f("report"),
        channel: f("channel"),
        received_on: f("received_on"),
        lang: f("lang"),
    }
}

/// A hash of what was sent, so a key reused with other content is told apart from a replay.
fn upload_hash(upload: &Upload) -> String {
    let mut hash = Sha256::new();
    for (k, v) in &upload.fields {
        if k != "form_key" {
            hash.update(k.as_bytes());
            hash.update([0]);
            hash.update(v.as_bytes());
            hash.update([0]);
        }
    }
    hash.update(upload.report.as_deref().unwrap_or_default());
    for (_, a) in &upload.attachments {
        hash.update(Sha256::digest(a));
    }
    hex::encode(hash.finalize())
}

fn form_key(key: Option<String>, upload: &Upload) -> Result<Option<IdempotencyKey>, AppError> {
    match key.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) if k.len() > 255 || !k.bytes().all(|b| b.is_ascii_graphic()) => Err(
            AppError::validation("form_key", "the form key is 1 to 255 visible characters")
                .explained(ErrorText::BadRequest),
        ),
        Some(k) => Ok(Some(IdempotencyKey {
            key: format!("form:{k}"),
            request_hash: upload_hash(upload),
        })),
    }
}

fn lang_of(headers: &HeaderMap) -> Lang {
    crate::api::lang_of(None, headers)
}

fn sent_url(r: &ComplaintReceipt) -> String {
    format!(
        "/complaint/sent?ref={}&ack={}&answer={}",
        r.reference,
        r.deadlines.ack_due.format("%d/%m/%Y"),
        r.deadlines.answer_due.format("%d/%m/%Y")
    )
}

/// The citizen's form. Answers JSON to the page's script (the form keeps what was typed when
/// something is wrong); without script, a redirect to the confirmation or back with the error.
async fn file_form(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let json = crate::web::wants_json(&headers);
    if let Err(e) = ratelimit::check(&limits.complaints, client) {
        return e.into_response();
    }
    let result = async {
        let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
        let key = form_key(field(&upload.fields, "form_key"), &upload)?;
        let input = input_from_fields(&upload.fields);
        // The cheap checks before the photo work.
        input.clone().validate(
            meldpunt_app::complaint::domain::ComplaintChannel::Web,
            complaints::today(),
        )?;
        let attachments = process_attachments(upload.attachments).await?;
        complaints::file_complaint(&ctx, input, lang_of(&headers), attachments, key).await
    }
    .await;
    match (result, json) {
        (Ok(r), true) => (
            StatusCode::CREATED,
            Json(serde_json::json!({"ref": r.reference, "received_on": r.received_on, "deadlines": r.deadlines, "url": sent_url(&r)})),
        )
            .into_response(),
        (Ok(r), false) => Redirect::to(&sent_url(&r)).into_response(),
        (Err(e), true) => e.into_response(),
        (Err(e), false) => back_to("/complaint", Err(e)),
    }
}

/// `POST /api/v1/complaints`: multipart with a `complaint` JSON part (`ComplaintInput`) and
/// up to three `attachment` parts; `Idempotency-Key` makes retries safe.
/// The multipart body of a complaint: the complaint as JSON and up to five photos or PDFs.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct ComplaintUpload {
    complaint: meldpunt_app::complaint::domain::ComplaintInput,
    /// JPEG, PNG, WebP or PDF.
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    attachment: Option<Vec<Vec<u8>>>,
}

/// Files a complaint about the city's services; the receipt gives its legal deadlines.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    request_body(content = ComplaintUpload, content_type = "multipart/form-data",
        encoding(("complaint" = (content_type = "application/json")))),
    responses((status = 201, description = "Filed", body = meldpunt_app::complaint::service::ComplaintReceipt),
        (status = 400, description = "Not a multipart body that can be read", body = AppError),
        (status = 409, description = "The idempotency key was used for another complaint", body = AppError),
        (status = 413, description = "Too large", body = AppError),
        (status = 415, description = "An attachment that is not a photo or PDF", body = AppError),
        (status = 422, description = "A field is missing or wrong", body = AppError),
        (status = 429, description = "Too many complaints from this client", body = AppError)))]
pub(crate) async fn file_api(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    ratelimit::check(&limits.complaints, client)?;
    let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
    let key = crate::api::idempotency_key(&headers, &upload)?;
    let input: ComplaintInput =
        serde_json::from_slice(upload.report.as_deref().ok_or_else(|| {
            AppError::validation("complaint", "the `complaint` part is missing")
                .explained(ErrorText::BadRequest)
        })?)
        .map_err(|e| {
            AppError::validation("complaint", format!("the complaint JSON is not valid: {e}"))
                .explained(ErrorText::BadRequest)
        })?;
    input.clone().validate(
        meldpunt_app::complaint::domain::ComplaintChannel::Web,
        complaints::today(),
    )?;
    let attachments = process_attachments(upload.attachments).await?;
    let receipt =
        complaints::file_complaint(&ctx, input, lang_of(&headers), attachments, key).await?;
    Ok((StatusCode::CREATED, Json(receipt)).into_response())
}

async fn register_form(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let result = async {
        let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
        let input = input_from_fields(&upload.fields);
        let attachments = process_attachments(upload.attachments).await?;
        complaints::register_complaint(&ctx, &user, input, attachments).await
    }
    .await;
    Ok(match result {
        Ok(r) => Redirect::to(&format!("/complaints/new?created={}", r.reference)).into_response(),
        Err(e) => back_to("/complaints/new", Err(e)),
    })
}

async fn register_api(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Result<Json<ComplaintInput>, JsonRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let input = body.map(|Json(v)| v).map_err(|e| {
        AppError::validation(
            "body",
            format!("the JSON body is not valid: {}", e.body_text()),
        )
        .explained(ErrorText::BadRequest)
    })?;
    let receipt = complaints::register_complaint(&ctx, &user, input, vec![]).await?;
    Ok((StatusCode::CREATED, Json(receipt)).into_response())
}

/// A handling form's fields as the action's JSON (`norms` may repeat).
fn action_from_fields(fields: &[(String, String)]) -> Result<ComplaintAction, AppError> {
    let mut map = Map::new();
    let mut norms = Vec::new();
    for (k, v) in fields {
        match k.as_str() {
            "version" => {}
            "norms" => norms.push(Value::String(v.clone())),
            _ if !v.trim().is_empty() => {
                map.insert(k.clone(), Value::String(v.clone()));
            }
            _ => {}
        }
    }
    map.insert("norms".into(), Value::Array(norms));
    serde_json::from_value(Value::Object(map)).map_err(|e| {
        AppError::validation("action", format!("incomplete form: {e}"))
            .explained(ErrorText::BadRequest)
    })
}

async fn act_form(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let reference = meldpunt_app::complaint::domain::ComplaintRef::parse(&reference)?;
    let fields = crate::web::form_pairs(&body);
    let result = async {
        let action = action_from_fields(&fields)?;
        let version = field(&fields, "version")
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    AppError::validation("version", "not a number").explained(ErrorText::BadRequest)
                })
            })
            .transpose()?;
        steps::act(&ctx, &user, reference.as_str(), action, version)
            .await
            .map(|_| ())
    }
    .await;
    Ok(back_to(
        &format!("/complaints/{}", reference.as_str()),
        result,
    ))
}

/// The letter a step's form would send, as JSON, without doing the step: what the officer
/// reads before sending (`public/js/complaint.js`).
async fn letter_form(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<LetterPreview>, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let reference = meldpunt_app::complaint::domain::ComplaintRef::parse(&reference)?;
    let fields = crate::web::form_pairs(&body);
    let action = action_from_fields(&fields)?;
    Ok(Json(
        steps::letter_preview(&ctx, &user, reference.as_str(), action).await?,
    ))
}

async fn act_api(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: Result<Json<ComplaintAction>, JsonRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let action = body.map(|Json(v)| v).map_err(|e| {
        AppError::validation(
            "action",
            format!("the action is not valid: {}", e.body_text()),
        )
        .explained(ErrorText::BadRequest)
    })?;
    let version = crate::staff_api::if_match(&headers)?;
    let new_version = steps::act(&ctx, &user, &reference, action, Some(version)).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::ETAG, format!("\"{new_version}\""))],
    )
        .into_response())
}

async fn complaint_api(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let c = complaints::complaint_view(&ctx, &user, &reference, lang_of(&headers)).await?;
    Ok(([(header::ETAG, format!("\"{}\"", c.version))], Json(c)).into_response())
}

async fn list_api(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(filter): Query<ComplaintFilter>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    Ok(Json(complaints::list(&ctx, &user, &filter, lang_of(&headers)).await?).into_response())
}

#[derive(Deserialize)]
struct FileQuery {
    thumb: Option<String>,
}

/// An attachment, for complaints officers only; never cached by shared caches.
async fn attachment(
    State(ctx): State<Ctx>,
    Path((reference, id)): Path<(String, String)>,
    Query(q): Query<FileQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let (bytes, content_type, name) =
        complaints::file(&ctx, &user, &reference, id, q.thumb.is_some()).await?;
    // Photos show in the page; PDFs are downloaded (opened by the officer's own reader).
    let disposition = if content_type == "application/pdf" {
        "attachment"
    } else {
        "inline"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{}\"", name.replace('"', "")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
struct YearQuery {
    year: Option<String>,
    sep: Option<String>,
}

fn year_of(q: &YearQuery) -> Result<i32, AppError> {
    use chrono::Datelike;
    match q.year.as_deref().filter(|y| !y.is_empty()) {
        None => Ok(complaints::today().year()),
        Some(y) => y.parse().map_err(|_| {
            AppError::validation("year", "a year between 2000 and 2100")
                .explained(ErrorText::DateInvalid)
        }),
    }
}

async fn report_json(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let r = complaints::yearly_report(&ctx, &user, year_of(&q)?, lang_of(&headers)).await?;
    Ok(Json(r).into_response())
}

/// `GET /api/v1/staff/complaints/report.csv?year=2026[&sep=semicolon]`: UTF-8 with BOM.
async fn report_csv(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let year = year_of(&q)?;
    let lang = lang_of(&headers);
    let r = complaints::yearly_report(&ctx, &user, year, lang).await?;
    let sep = if q.sep.as_deref() == Some("semicolon") {
        ';'
    } else {
        ','
    };
    let mut body = meldpunt_app::planner::export::BOM.to_owned();
    for line in r.csv_rows(lang) {
        let cells: Vec<String> = line
            .iter()
            .map(|c| meldpunt_app::planner::export::field(c, sep))
            .collect();
        body.push_str(&cells.join(&sep.to_string()));
        body.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"klachten-{year}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}
