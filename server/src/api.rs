//! Public JSON API v1: categories, report submission (multipart), one report, reports in a box.

use crate::photo;
use crate::ratelimit::{self, ClientAddr, ClientLimits};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use meldpunt_app::complaint::domain::MAX_ATTACHMENTS;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::i18n::Lang;
use meldpunt_app::port::{IdempotencyKey, ProcessedPhoto, StatusFilter};
use meldpunt_app::report::domain::{
    BBox, Channel, PublicReport, ReportInput, ReportStatus, SubmitReceipt, MAX_PHOTOS,
};
use meldpunt_app::report::questions::QuestionView;
use meldpunt_app::service;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Most bytes a report submission may have: three full-size photos and the JSON.
pub const MAX_SUBMISSION_BYTES: usize = MAX_PHOTOS * photo::MAX_PHOTO_BYTES + 256 * 1024;
const MAX_REPORT_JSON_BYTES: usize = 64 * 1024;
/// Text fields a multipart form may have (an Open311 request with every category question's
/// answer, multiple choices repeated, has the most).
const MAX_FORM_FIELDS: usize = 64;
/// Parts of any kind, empty ones included (a form sends an empty part for an unused file
/// input).
const MAX_PARTS: usize = 80;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/api/v1/categories", get(categories))
        .route(
            "/api/v1/reports",
            get(reports_geojson)
                .post(create_report)
                .layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES)),
        )
        .route("/api/v1/reports/clusters", get(report_clusters))
        .route("/api/v1/reports/{reference}", get(report))
        .route("/photos/{dir}/{file}", get(photo_file))
        .route("/api/{*rest}", get(not_found).post(not_found))
}

/// A report's photo or thumbnail, while the report is public; staff also see a hidden
/// report's. Photo files never change (new content gets a new key), but a report can be hidden
/// at any time: caches keep a public photo ten minutes, then ask again (a cheap 304).
async fn photo_file(
    State(ctx): State<Ctx>,
    Path((dir, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let key = format!("{dir}/{file}");
    let content_type = match file.rsplit_once('.').map(|(_, suffix)| suffix) {
        Some("jpg") => "image/jpeg",
        Some("webp") => "image/webp",
        _ => return Err(AppError::not_found()),
    };
    let cache = match ctx.store.photo_hidden(&key).await? {
        None => return Err(AppError::not_found()),
        Some(false) => "public, max-age=600, must-revalidate",
        Some(true) => match crate::web::staff_user(&ctx, &headers).await {
            Ok(_) => "private, no-store",
            Err(AppError::Unauthorized { .. }) => return Err(AppError::not_found()),
            Err(e) => return Err(e),
        },
    };
    let etag = format!("\"{key}\"");
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if cached {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache.to_owned()),
            ],
        )
            .into_response());
    }
    let bytes = ctx.photos.get(&key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        bytes,
    )
        .into_response())
}

async fn not_found() -> AppError {
    AppError::not_found()
}

/// The language asked for: `?lang=`, else the language the user chose on the site (cookie),
/// else `Accept-Language`, else Dutch.
pub(crate) fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    query
        .and_then(Lang::from_code)
        .or_else(|| meldpunt_app::ui::cookie(headers, "lang").and_then(|c| Lang::from_code(&c)))
        .unwrap_or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::from_accept_language)
                .unwrap_or_default()
        })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LangQuery {
    /// `nl`, `fr` or `en`; else the site's language cookie, else `Accept-Language`.
    lang: Option<String>,
}

/// A category a report can be made in, with the questions it asks.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct CategoryView {
    code: String,
    name: String,
    /// The code of the department that handles it.
    department: String,
    /// Days the city aims to fix it in.
    target_days: i64,
    icon: String,
    questions: Vec<QuestionView>,
}

/// The categories reports can be made in, in the asked language.
#[utoipa::path(get, path = "/api/v1/categories", tag = "reports", params(LangQuery),
    responses((status = 200, description = "Every active category", body = Vec<CategoryView>)))]
pub(crate) async fn categories(
    State(ctx): State<Ctx>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Json<Vec<CategoryView>>, AppError> {
    let lang = lang_of(q.lang.as_deref(), &headers);
    let mut questions = ctx.store.questions(None).await?;
    let list = ctx
        .store
        .categories(false)
        .await?
        .into_iter()
        .map(|c| CategoryView {
            name: c.name(lang).to_owned(),
            questions: questions
                .remove(&c.code)
                .unwrap_or_default()
                .iter()
                .map(|q| q.view(lang))
                .collect(),
            code: c.code,
            department: c.department,
            target_days: c.target_days,
            icon: c.icon,
        })
        .collect();
    Ok(Json(list))
}

/// One public report: what, where, its status history and photos; never contact data.
#[utoipa::path(get, path = "/api/v1/reports/{ref}", tag = "reports",
    params(("ref" = String, Path, description = "The report's reference, e.g. `M-2026-000123`"), LangQuery),
    responses(
        (status = 200, description = "The report", body = PublicReport),
        (status = 404, description = "No public report with this reference", body = AppError),
    ))]
pub(crate) async fn report(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Json<PublicReport>, AppError> {
    Ok(Json(
        service::public_report(&ctx, &reference, lang_of(q.lang.as_deref(), &headers)).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct BBoxQuery {
    /// `west,south,east,north` in degrees (WGS84).
    #[param(example = "5.17,50.81,5.20,50.82")]
    bbox: Option<String>,
    /// `open`, `closed` or `all` (the default).
    status: Option<String>,
    /// A category code.
    category: Option<String>,
}

/// Public reports in a box, as GeoJSON.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct ReportCollection {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<ReportFeature>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct ReportFeature {
    /// Always `Feature`.
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: PointGeometry,
    properties: ReportProperties,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct PointGeometry {
    /// Always `Point`.
    #[serde(rename = "type")]
    kind: &'static str,
    /// Longitude, latitude.
    coordinates: [f64; 2],
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct ReportProperties {
    #[serde(rename = "ref")]
    reference: String,
    /// The public page.
    url: String,
    category: String,
    status: ReportStatus,
    address: Option<String>,
    description: String,
    created_at: chrono::DateTime<chrono::Utc>,
    /// The district (deelgemeente) it lies in, if any.
    district: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ClusterQuery {
    /// `west,south,east,north` in degrees (WGS84).
    #[param(example = "5.17,50.81,5.20,50.82")]
    bbox: Option<String>,
    /// The map's zoom level, 0 to 22: a cluster is a cell of 64 pixels at this zoom.
    #[param(example = 14)]
    zoom: Option<String>,
    /// `open` (the default), `closed` or `all`.
    status: Option<String>,
    /// A category code.
    category: Option<String>,
}

/// The `bbox` a map query must carry.
fn required_bbox(bbox: Option<&str>) -> Result<BBox, AppError> {
    BBox::parse(bbox.ok_or_else(|| AppError::validation("bbox", "bbox is required"))?)
}

fn status_filter(status: Option<&str>, default: StatusFilter) -> Result<StatusFilter, AppError> {
    match status {
        None | Some("") => Ok(default),
        Some("all") => Ok(StatusFilter::All),
        Some("open") => Ok(StatusFilter::Open),
        Some("closed") => Ok(StatusFilter::Closed),
        Some(_) => Err(AppError::validation(
            "status",
            "status is open, closed or all",
        )),
    }
}

/// Public reports in a box, clustered for a map at a zoom level: every matching report is in
/// exactly one cluster; a cluster of one report carries its reference and date.
#[utoipa::path(get, path = "/api/v1/reports/clusters", tag = "reports", params(ClusterQuery),
    responses(
        (status = 200, description = "The clusters; their counts add up to `total`", body = meldpunt_app::planner::domain::ClusterAnswer),
        (status = 422, description = "No box, a box that is not one, a zoom that is not 0 to 22, or an unknown status", body = AppError),
    ))]
pub(crate) async fn report_clusters(
    State(ctx): State<Ctx>,
    Query(q): Query<ClusterQuery>,
) -> Result<Response, AppError> {
    let bbox = required_bbox(q.bbox.as_deref())?;
    let zoom = q
        .zoom
        .as_deref()
        .unwrap_or("14")
        .parse::<u32>()
        .map_err(|_| AppError::validation("zoom", "zoom is 0 to 22"))?;
    let status = status_filter(q.status.as_deref(), StatusFilter::Open)?;
    let category = q.category.as_deref().filter(|c| !c.is_empty());
    let window = [bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat];
    let answer =
        meldpunt_app::planner::service::public_clusters(&ctx, window, zoom, status, category)
            .await?;
    Ok(Json(answer).into_response())
}

/// Public reports in a box (for a map), as a GeoJSON feature collection.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(BBoxQuery),
    responses(
        (status = 200, description = "The reports in the box", body = ReportCollection, content_type = "application/geo+json"),
        (status = 422, description = "No box, a box that is not one, or an unknown status", body = AppError),
    ))]
pub(crate) async fn reports_geojson(
    State(ctx): State<Ctx>,
    Query(q): Query<BBoxQuery>,
) -> Result<Response, AppError> {
    let bbox = required_bbox(q.bbox.as_deref())?;
    let status = status_filter(q.status.as_deref(), StatusFilter::All)?;
    let category = q.category.as_deref().filter(|c| !c.is_empty());
    let reports = service::reports_in_bbox(&ctx, bbox, status, category).await?;
    let body = ReportCollection {
        kind: "FeatureCollection",
        features: reports
            .into_iter()
            .map(|r| ReportFeature {
                kind: "Feature",
                geometry: PointGeometry {
                    kind: "Point",
                    coordinates: [r.lon, r.lat],
                },
                properties: ReportProperties {
                    url: format!("/r/{}", r.reference),
                    reference: r.reference,
                    category: r.category,
                    status: r.status,
                    address: r.address,
                    description: r.description,
                    created_at: r.created_at,
                    district: r.district,
                },
            })
            .collect(),
    };
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], Json(body)).into_response())
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::too_large("the request is too large").explained(ErrorText::RequestTooLarge)
    } else {
        AppError::bad_request(format!(
            "could not read the multipart body: {}",
            e.body_text()
        ))
    }
}

/// Reads one part into memory, refusing it as soon as it passes `limit` bytes.
async fn read_part(
    mut field: axum::extract::multipart::Field<'_>,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, AppError> {
    let mut data = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if data.len() + chunk.len() > limit {
            let size = if limit >= 1 << 20 {
                format!("{} MB", limit >> 20)
            } else {
                format!("{} KB", limit >> 10)
            };
            return Err(AppError::too_large(format!("{what} is larger than {size}")));
        }
        data.extend_from_slice(&chunk);
    }
    Ok(data)
}

/// The uploaded parts of a submission: its JSON part (`report`, or `change` for an offline
/// change) and the raw photos.
pub struct Upload {
    pub report: Option<Vec<u8>>,
    pub photos: Vec<Vec<u8>>,
    /// Complaint attachments (photos or PDFs) with the file name they came with.
    pub attachments: Vec<(String, Vec<u8>)>,
    pub fields: Vec<(String, String)>,
}

/// Reads a multipart body with `report`/`photo` parts (and any small text fields, for forms).
pub async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload {
        report: None,
        photos: Vec::new(),
        attachments: Vec::new(),
        fields: Vec::new(),
    };
    let mut parts = 0;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::bad_request(format!(
                "too many parts: at most {MAX_PARTS}"
            )));
        }
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "attachment" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let data = read_part(field, photo::MAX_PHOTO_BYTES, "an attachment").await?;
                if data.is_empty() && !file_name.is_empty() {
                    return Err(AppError::validation("attachment", "the file is empty"));
                }
                if !data.is_empty() {
                    if upload.attachments.len() == MAX_ATTACHMENTS {
                        return Err(AppError::validation(
                            "attachment",
                            format!("at most {MAX_ATTACHMENTS} attachments"),
                        ));
                    }
                    upload.attachments.push((file_name, data));
                }
            }
            "report" | "change" | "complaint" => {
                if upload.report.is_some() {
                    return Err(AppError::bad_request(format!(
                        "the `{name}` part is sent more than once"
                    )));
                }
                upload.report = Some(read_part(field, MAX_REPORT_JSON_BYTES, "the report").await?)
            }
            // `media` is the photo's name in Open311.
            "photo" | "media" => {
                let has_file = field.file_name().is_some_and(|n| !n.is_empty());
                let data = read_part(field, photo::MAX_PHOTO_BYTES, "a photo")
                    .await
                    .map_err(|e| e.explained(ErrorText::PhotoTooHeavy))?;
                if data.is_empty() && has_file {
                    return Err(AppError::invalid("photo", ErrorText::PhotoEmpty));
                }
                if !data.is_empty() {
                    if upload.photos.len() == MAX_PHOTOS {
                        return Err(AppError::invalid("photo", ErrorText::TooManyPhotos));
                    }
                    upload.photos.push(data);
                }
            }
            _ if upload.fields.len() < MAX_FORM_FIELDS => {
                let data = read_part(field, 8 * 1024, "a form field").await?;
                let text = String::from_utf8(data)
                    .map_err(|_| AppError::bad_request("form fields must be UTF-8"))?;
                upload.fields.push((name, text));
            }
            _ => return Err(AppError::bad_request("too many form fields")),
        }
    }
    Ok(upload)
}

/// Runs the photo pipeline on every photo, one after the other, within the photo gate.
pub async fn process_photos(photos: Vec<Vec<u8>>) -> Result<Vec<ProcessedPhoto>, AppError> {
    let mut done = Vec::with_capacity(photos.len());
    for p in photos {
        done.push(photo::process_gated(p).await?);
    }
    Ok(done)
}

/// The `Idempotency-Key` header, checked, when sent.
pub fn idempotency_header(headers: &HeaderMap) -> Result<Option<&str>, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .map(Some)
        .ok_or_else(|| {
            AppError::validation(
                "Idempotency-Key",
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            )
        })
}

/// The `Idempotency-Key` header with a hash of the upload it came with, when sent.
pub fn idempotency_key(
    headers: &HeaderMap,
    upload: &Upload,
) -> Result<Option<IdempotencyKey>, AppError> {
    let Some(key) = idempotency_header(headers)? else {
        return Ok(None);
    };
    let mut hash = Sha256::new();
    hash.update(upload.report.as_deref().unwrap_or_default());
    for p in &upload.photos {
        hash.update(Sha256::digest(p));
    }
    Ok(Some(IdempotencyKey {
        key: key.to_owned(),
        request_hash: hex::encode(hash.finalize()),
    }))
}

/// Turns a refused multipart body (wrong content type, bad boundary) into the wire error.
pub fn multipart_rejection(e: MultipartRejection) -> AppError {
    AppError::bad_request(format!("expected multipart/form-data: {}", e.body_text()))
}

/// The multipart body of a new report: the report as JSON, and up to five photos.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct ReportUpload {
    report: ReportInput,
    /// JPEG, PNG or WebP; each is shrunk and stripped of its metadata.
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    photo: Option<Vec<Vec<u8>>>,
}

/// Makes a report. With an `Idempotency-Key`, sending it again (after a lost answer) answers
/// the first receipt instead of making a second report.
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports",
    params(("Idempotency-Key" = Option<String>, Header, description = "Any unique text (e.g. a UUID) that makes a retry safe")),
    request_body(content = ReportUpload, content_type = "multipart/form-data",
        encoding(("report" = (content_type = "application/json")))),
    responses(
        (status = 201, description = "Made; the receipt holds the private tracking link", body = SubmitReceipt,
            headers(("Location" = String, description = "The report's JSON"))),
        (status = 400, description = "Not a multipart body that can be read", body = AppError),
        (status = 409, description = "The idempotency key was used for another report", body = AppError),
        (status = 413, description = "Too large", body = AppError),
        (status = 415, description = "A photo that is not JPEG, PNG or WebP", body = AppError),
        (status = 422, description = "A field is missing or wrong: `field` names it", body = AppError),
        (status = 429, description = "Too many reports from this client; see Retry-After", body = AppError),
    ))]
pub(crate) async fn create_report(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    ratelimit::check(&limits.reports, client)?;
    let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
    let idempotency = idempotency_key(&headers, &upload)?;
    let json = upload
        .report
        .as_deref()
        .ok_or_else(|| AppError::validation("report", "the `report` part is missing"))?;
    let input: ReportInput = serde_json::from_slice(json).map_err(|e| {
        AppError::validation("report", format!("the report JSON is not valid: {e}"))
    })?;
    // Check the cheap things before the expensive photo work.
    input.clone().validate(Channel::Web)?;
    let photos = process_photos(upload.photos).await?;
    let lang = lang_of(None, &headers);
    let receipt = service::submit_report(&ctx, input, lang, photos, idempotency).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/reports/{}", receipt.reference),
        )],
        Json(receipt),
    )
        .into_response())
}
