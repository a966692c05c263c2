//! Prometheus metrics: the recorder (`metrics-exporter-prometheus`, installed once per
//! process), what HTTP answers count, and `/metrics`, served on its own address
//! (`--metrics-addr`, for a network only the monitoring reaches) or on the main one behind a
//! bearer token (`--metrics-token`). Off unless one of them is set. The names are in
//! `meldpunt_app::metrics`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use meldpunt_app::context::Ctx;
use meldpunt_app::metrics as names;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;
use std::sync::OnceLock;

/// Where `/metrics` is served, if anywhere.
#[derive(Debug, Clone, Default)]
pub struct Exposure {
    /// A listener of its own.
    pub addr: Option<SocketAddr>,
    /// On the main listener, for `Authorization: Bearer <token>` only.
    pub token: Option<String>,
}

impl Exposure {
    pub fn enabled(&self) -> bool {
        self.addr.is_some() || self.token.is_some()
    }
}

/// Latency buckets in seconds: 1 ms to 30 s.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process's recorder (the first call; later ones, as when tests start several
/// servers in one process, share it).
pub fn install() -> anyhow::Result<PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)?
        .build_recorder();
    let handle = recorder.handle();
    if metrics::set_global_recorder(recorder).is_ok() {
        names::describe();
    }
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// The group a route pattern belongs to: few, fixed values (one series each).
pub fn route_group(route: &str) -> &'static str {
    let first = route
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    match first {
        "api" if route.starts_with("/api/v1/staff/") => "staff_api",
        "api" if route.starts_with("/api/v1/complaints") => "complaints",
        "api" if route.starts_with("/api/fn/") || route.starts_with("/api/server_fn") => {
            "server_fn"
        }
        "api" => "public_api",
        "photos" => "photos",
        "complaint" | "complaints" => "complaints",
        "login" | "logout" | "intake" | "staff" | "admin" | "crew" | "office" | "planner"
        | "coordinator" => "staff_pages",
        "healthz" | "readyz" | "metrics" => "probes",
        "pkg" | "vendor" | "sw.js" | "(files)" | "favicon.ico" | "manifest.webmanifest" => "static",
        _ => "pages",
    }
}

/// Counts one answered request.
pub fn record_request(route: &str, status: StatusCode, seconds: f64) {
    let group = route_group(route);
    metrics::counter!(names::HTTP_REQUESTS, "group" => group, "status" => status.as_str().to_owned())
        .increment(1);
    metrics::histogram!(names::HTTP_SECONDS, "group" => group).record(seconds);
}

/// The text Prometheus reads, with the gauges that are read from the database and the index
/// at scrape time brought up to date first.
pub async fn render(ctx: &Ctx, handle: &PrometheusHandle) -> Response {
    match ctx.store.outbox_counts(Utc::now()).await {
        Ok(counts) => {
            metrics::gauge!(names::OUTBOX, "state" => "waiting").set(counts.waiting as f64);
            metrics::gauge!(names::OUTBOX, "state" => "parked").set(counts.parked as f64);
        }
        Err(e) => tracing::warn!(%e, "metrics: counting the outbox failed"),
    }
    metrics::gauge!(names::PLANNER_REPORTS).set(ctx.planner.len() as f64);
    if let Some(age) = ctx.planner.age(Utc::now()) {
        metrics::gauge!(names::PLANNER_LAG).set(age);
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// What `/metrics` needs.
#[derive(Clone)]
pub struct Scrape {
    pub ctx: Ctx,
    pub handle: PrometheusHandle,
    /// `Some`: the bearer token a request must carry.
    pub token: Option<String>,
}

/// `GET /metrics`.
pub async fn metrics_page(State(scrape): State<Scrape>, headers: HeaderMap) -> Response {
    if let Some(token) = &scrape.token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "a bearer token is needed",
            )
                .into_response();
        }
    }
    render(&scrape.ctx, &scrape.handle).await
}

/// Compares without stopping at the first difference (the token's length is not secret).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The router of the metrics listener: `/metrics` only.
pub fn router(scrape: Scrape) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics_page))
        .with_state(scrape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_groups_are_few_and_fixed() {
        for (route, group) in [
            ("/api/v1/reports", "public_api"),
            ("/api/v1/staff/reports/{reference}", "staff_api"),
            ("/api/v1/complaints", "complaints"),
            ("/photos/{dir}/{file}", "photos"),
            ("/login", "staff_pages"),
            ("/readyz", "probes"),
            ("(files)", "static"),
            ("/track/{token}", "pages"),
            ("/", "pages"),
        ] {
            assert_eq!(route_group(route), group, "{route}");
        }
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
