//! The staff JSON API (`/api/v1/staff/...`, session cookie): a report with its internal
//! history, workflow actions, intake, queue, search and a crew's work list. The HTML forms
//! and these routes call the same service functions.

use crate::api::{
    idempotency_key, multipart_rejection, process_photos, read_upload, MAX_SUBMISSION_BYTES,
};
use crate::web::staff_user;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use meldpunt_app::context::Ctx;
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::office::domain::TriageAction;
use meldpunt_app::office::service::{
    self as office, IntakeInput, IntakeOutcome, QueueFilter, SearchInput,
};
use meldpunt_app::office::sync::{apply_offline_change, OfflineChange};
use meldpunt_app::planner::domain::PlannerFilter;
use meldpunt_app::planner::{export, service as planner};
use meldpunt_app::port::ExportRow;
use meldpunt_app::report::domain::GeoPoint;
use serde::Deserialize;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/api/v1/addresses", get(addresses))
        .route("/api/v1/staff/me", get(me))
        .route("/api/v1/staff/reports/{reference}", get(report))
        .route("/api/v1/staff/reports/{reference}/actions", post(act))
        .route("/api/v1/staff/intake", post(intake))
        .route("/api/v1/staff/queue", get(queue))
        .route("/api/v1/staff/overdue", get(overdue))
        .route("/api/v1/staff/search", get(search))
        .route("/api/v1/staff/worklist", get(worklist))
        .route("/api/v1/staff/planner/clusters", get(planner_clusters))
        .route("/api/v1/staff/planner/export.csv", get(export_csv))
        .route("/api/v1/staff/planner/export.geojson", get(export_geojson))
        .route(
            "/api/v1/staff/sync",
            post(sync).layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES)),
        )
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|e| {
        AppError::validation(
            "body",
            format!("the JSON body is not valid: {}", e.body_text()),
        )
    })
}

fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct AddressQuery {
    q: String,
}

async fn addresses(
    State(ctx): State<Ctx>,
    Query(q): Query<AddressQuery>,
) -> Result<Response, AppError> {
    Ok(Json(meldpunt_app::address::search(&ctx, &q.q, 8).await?).into_response())
}

/// Who is signed in: name, role, departments.
#[utoipa::path(get, path = "/api/v1/staff/me", tag = "staff", security(("session" = [])),
    responses((status = 200, description = "The signed-in staff member", body = meldpunt_app::staff::StaffUser),
        (status = 401, description = "Not signed in", body = AppError)))]
pub(crate) async fn me(State(ctx): State<Ctx>, headers: HeaderMap) -> Result<Response, AppError> {
    Ok(Json(staff_user(&ctx, &headers).await?).into_response())
}

/// A report as staff see it (contact data only for roles that may), with its version as ETag.
#[utoipa::path(get, path = "/api/v1/staff/reports/{ref}", tag = "staff", security(("session" = [])),
    params(("ref" = String, Path, description = "The report's reference")),
    responses((status = 200, description = "The report", body = Object,
            headers(("ETag" = String, description = "The report's version, for If-Match"))),
        (status = 401, description = "Not signed in", body = AppError),
        (status = 404, description = "No such report in the user's departments", body = AppError)))]
pub(crate) async fn report(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let report = office::staff_report(&ctx, &user, &reference, lang(&headers)).await?;
    Ok((
        [(header::ETAG, format!("\"{}\"", report.version))],
        Json(report),
    )
        .into_response())
}

/// `If-Match: "<version>"`: every change through the API says which version it was made on.
pub(crate) fn if_match(headers: &HeaderMap) -> Result<i64, AppError> {
    let value = headers
        .get(header::IF_MATCH)
        .ok_or_else(|| AppError::VersionRequired {
            message: "send If-Match with the report's ETag (its version)".into(),
        })?;
    value
        .to_str()
        .ok()
        .and_then(|v| {
            v.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .parse()
                .ok()
        })
        .ok_or_else(|| AppError::bad_request("If-Match holds a report version"))
}

/// One workflow step (accept, assign, forward, done, ...), made on the version the client read.
#[utoipa::path(post, path = "/api/v1/staff/reports/{ref}/actions", tag = "staff", security(("session" = [])),
    params(("ref" = String, Path, description = "The report's reference"),
        ("If-Match" = String, Header, description = "The ETag the report was read with")),
    request_body(content = meldpunt_app::office::domain::TriageAction, content_type = "application/json"),
    responses((status = 204, description = "Done", headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "If-Match is not a version", body = AppError),
        (status = 401, description = "Not signed in", body = AppError),
        (status = 403, description = "The role may read but not do this", body = AppError),
        (status = 404, description = "No such report in the user's departments", body = AppError),
        (status = 412, description = "Changed since it was read: read it again", body = AppError),
        (status = 422, description = "Not possible now, or a field is wrong", body = AppError),
        (status = 428, description = "No If-Match", body = AppError)))]
pub(crate) async fn act(
    State(ctx): State<Ctx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: Result<Json<TriageAction>, JsonRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let action = json_body(body)?;
    let version = if_match(&headers)?;
    office::act(&ctx, &user, &reference, action, vec![], Some(version)).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::ETAG, format!("\"{}\"", version + 1))],
    )
        .into_response())
}

/// One change from a tablet's offline queue: a multipart body with a `change` JSON part and
/// after-photos, sent with an `Idempotency-Key`. Answers 200 with what became of it (applied,
/// or kept as a conflict), also when the same change arrives again.
async fn sync(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
    let key = idempotency_key(&headers, &upload)?.ok_or_else(|| {
        AppError::validation(
            "Idempotency-Key",
            "an offline change needs the Idempotency-Key the tablet gave it",
        )
    })?;
    let change: OfflineChange = serde_json::from_slice(
        upload
            .report
            .as_deref()
            .ok_or_else(|| AppError::validation("change", "the change part is missing"))?,
    )
    .map_err(|e| AppError::validation("change", format!("the change is not valid: {e}")))?;
    let photos = process_photos(upload.photos).await?;
    let outcome = apply_offline_change(&ctx, &user, key, change, photos).await?;
    Ok(Json(outcome).into_response())
}

/// An agent registers a caller's report, or adds the caller as follower of an open one.
#[utoipa::path(post, path = "/api/v1/staff/intake", tag = "staff", security(("session" = [])),
    request_body(content = meldpunt_app::office::service::IntakeInput, content_type = "application/json"),
    responses((status = 201, description = "A new report", body = meldpunt_app::office::service::IntakeOutcome),
        (status = 200, description = "The caller follows an existing report", body = meldpunt_app::office::service::IntakeOutcome),
        (status = 401, description = "Not signed in", body = AppError),
        (status = 403, description = "The role may not register reports", body = AppError),
        (status = 422, description = "A field is missing or wrong", body = AppError)))]
pub(crate) async fn intake(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Result<Json<IntakeInput>, JsonRejection>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let outcome = office::register(&ctx, &user, json_body(body)?, vec![], None).await?;
    let status = match outcome {
        IntakeOutcome::Created(_) => StatusCode::CREATED,
        IntakeOutcome::Followed { .. } => StatusCode::OK,
    };
    Ok((status, Json(outcome)).into_response())
}

/// The coordinator's queue: open reports of the user's departments, worst deadline first.
#[utoipa::path(get, path = "/api/v1/staff/queue", tag = "staff", security(("session" = [])),
    params(meldpunt_app::office::domain::QueueFilter),
    responses((status = 200, description = "Report summaries", body = Vec<Object>),
        (status = 401, description = "Not signed in", body = AppError)))]
pub(crate) async fn queue(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(filter): Query<QueueFilter>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    Ok(Json(office::queue(&ctx, &user, &filter).await?).into_response())
}

async fn overdue(State(ctx): State<Ctx>, headers: HeaderMap) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    Ok(Json(office::worst_overdue(&ctx, &user).await?).into_response())
}

async fn search(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(input): Query<SearchInput>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    Ok(Json(office::search(&ctx, &user, &input).await?).into_response())
}

#[derive(Deserialize)]
struct Position {
    lat: Option<f64>,
    lon: Option<f64>,
}

async fn worklist(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(p): Query<Position>,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let from = match (p.lat, p.lon) {
        (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon)?),
        _ => None,
    };
    Ok(Json(office::crew_worklist(&ctx, &user, from).await?).into_response())
}

/// The query string as pairs, and the planner filter it holds.
fn planner_query(
    query: Option<String>,
) -> Result<(Vec<(String, String)>, PlannerFilter), AppError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let filter = PlannerFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    Ok((pairs, filter))
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `GET /api/v1/staff/planner/clusters?bbox=w,s,e,n&zoom=z[&heat=1]&<filter>`.
async fn planner_clusters(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let (pairs, filter) = planner_query(query)?;
    let bbox: Vec<f64> = pair(&pairs, "bbox")
        .unwrap_or_default()
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::validation("bbox", "bbox is west,south,east,north in degrees"))?;
    let [w, s, e, n] = bbox[..] else {
        return Err(AppError::validation(
            "bbox",
            "bbox is west,south,east,north in degrees",
        ));
    };
    let zoom = pair(&pairs, "zoom")
        .unwrap_or("12")
        .parse::<u32>()
        .map_err(|_| AppError::validation("zoom", "zoom is 0 to 22"))?;
    let heat = matches!(pair(&pairs, "heat"), Some("1" | "true"));
    let answer = planner::clusters(&ctx, &user, [w, s, e, n], zoom, filter, heat).await?;
    Ok(Json(answer).into_response())
}

/// Report ids per database read while streaming an export.
const EXPORT_CHUNK: usize = 500;

/// The selection's ids, and whether contact data was asked for (and allowed).
async fn export_selection(
    ctx: &Ctx,
    headers: &HeaderMap,
    query: Option<String>,
) -> Result<(Vec<(String, String)>, Vec<i64>, bool), AppError> {
    let user = staff_user(ctx, headers).await?;
    let (pairs, filter) = planner_query(query)?;
    let with_contact = matches!(pair(&pairs, "contact"), Some("1" | "true"));
    let ids = planner::export_ids(ctx, &user, filter, with_contact).await?;
    Ok((pairs, ids, with_contact))
}

/// Streams `start`, then each chunk of rows formatted by `row` (given whether it is the
/// very first), then `end`: a million rows never sit in memory at once.
fn stream_export(
    ctx: &Ctx,
    ids: Vec<i64>,
    with_contact: bool,
    start: String,
    end: &'static str,
    row: impl Fn(&ExportRow, bool) -> String + Send + Sync + Clone + 'static,
) -> axum::body::Body {
    use futures_util::StreamExt;
    let store = ctx.store.clone();
    let chunks: Vec<Vec<i64>> = ids.chunks(EXPORT_CHUNK).map(<[i64]>::to_vec).collect();
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(start) })
        .chain(
            futures_util::stream::iter(chunks.into_iter().enumerate()).then(move |(i, chunk)| {
                let store = store.clone();
                let row = row.clone();
                async move {
                    let rows = store
                        .export_rows(&chunk, with_contact)
                        .await
                        .map_err(|e| std::io::Error::other(e.to_string()))?;
                    Ok(rows
                        .iter()
                        .enumerate()
                        .map(|(j, r)| row(r, i == 0 && j == 0))
                        .collect::<String>())
                }
            }),
        )
        .chain(futures_util::stream::once(async move {
            Ok::<_, std::io::Error>(end.to_owned())
        }));
    axum::body::Body::from_stream(body)
}

fn attachment(name: &str, content_type: &'static str) -> [(header::HeaderName, String); 2] {
    [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"meldingen-{}.{name}\"",
                chrono::Utc::now().format("%Y%m%d")
            ),
        ),
    ]
}

/// `GET /api/v1/staff/planner/export.csv?<filter>[&sep=semicolon][&contact=1]`.
async fn export_csv(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let (pairs, ids, with_contact) = export_selection(&ctx, &headers, query).await?;
    let sep = if pair(&pairs, "sep") == Some("semicolon") {
        ';'
    } else {
        ','
    };
    let body = stream_export(
        &ctx,
        ids,
        with_contact,
        export::csv_header(sep, with_contact),
        "",
        move |r, _| export::csv_line(r, sep),
    );
    Ok((attachment("csv", "text/csv; charset=utf-8"), body).into_response())
}

/// `GET /api/v1/staff/planner/export.geojson?<filter>[&contact=1]`.
async fn export_geojson(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let (_, ids, with_contact) = export_selection(&ctx, &headers, query).await?;
    let body = stream_export(
        &ctx,
        ids,
        with_contact,
        export::GEOJSON_START.to_owned(),
        export::GEOJSON_END,
        |r, first| {
            let feature = export::geojson_feature(r);
            if first {
                feature
            } else {
                format!(",\n{feature}")
            }
        },
    );
    Ok((attachment("geojson", "application/geo+json"), body).into_response())
}
