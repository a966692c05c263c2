//! Probes for load balancers and orchestrators: `/healthz` (the process answers) and
//! `/readyz` (the database answers with this build's schema, and the outbox worker runs when
//! mail is configured). Neither touches personal data; both are cheap enough to poll each second.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use meldpunt_app::context::Ctx;
use serde_json::json;
use std::sync::Arc;

/// What readiness looks at besides the database.
#[derive(Debug, Clone, Default)]
pub struct Workers {
    /// The outbox worker, when mail is configured.
    pub outbox: Option<tokio::task::AbortHandle>,
}

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"status": "ok"})),
    )
        .into_response()
}

async fn readyz(State(ctx): State<Ctx>, State(workers): State<Arc<Workers>>) -> Response {
    let (database, schema_ok, migrations) = match ctx.store.schema_state().await {
        Ok(s) => (
            "ok".to_owned(),
            s.applied >= s.known,
            json!({"applied": s.applied, "known": s.known}),
        ),
        // The cause is logged by the store; the probe says only that it failed.
        Err(_) => ("unreachable".to_owned(), false, json!(null)),
    };
    let outbox = match &workers.outbox {
        None => "not configured",
        Some(task) if task.is_finished() => "stopped",
        Some(_) => "running",
    };
    let ready = database == "ok" && schema_ok && outbox != "stopped";
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "status": if ready { "ready" } else { "not ready" },
            "database": database,
            "migrations": migrations,
            "outbox": outbox,
        })),
    )
        .into_response()
}
