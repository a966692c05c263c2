//! Meldpunt's server: configuration, storage adapters, the photo pipeline, the JSON API and
//! the Leptos app, wired into one axum router.

#![cfg_attr(test, allow(clippy::unwrap_used))]
// Leptos view types of the staff pages nest deeply.
#![recursion_limit = "256"]

pub mod alerts;
pub mod api;
pub mod ask;
pub mod backup;
pub mod catalogue_web;
pub mod complaints;
pub mod contactcenter;
pub mod demo;
mod demo_contacts;
mod demo_questions;
pub mod feedback;
pub mod follow;
#[cfg(test)]
mod fuzz;
pub mod health;
pub mod links;
pub mod mailer;
pub mod metrics;
pub mod mine;
pub mod offline;
pub mod open311;
pub mod openapi;
pub mod pdf;
pub mod photo;
pub mod planner_file;
pub mod ratelimit;
pub mod serve;
pub mod staff_api;
pub mod storage;
pub mod web;

use axum::extract::{FromRef, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use meldpunt_app::context::{Ctx, PublicConfig};
use meldpunt_app::port::{FileArea, PhotoFiles};
use meldpunt_app::{shell, App};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use storage::photos::FsPhotoStore;
use storage::Backend;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Where photos and complaint attachments are kept.
    pub file_store: FileStore,
    /// Base URL for links in answers; `http://<addr>` when not set.
    pub public_url: Option<String>,
    pub tile_url: String,
    /// Where cargo-leptos put the compiled site (`pkg/`, assets).
    pub site_root: PathBuf,
    /// Outgoing mail; without it, mail waits in the outbox.
    pub mail: Option<mailer::MailConfig>,
    /// A label of this deployment; part of the app shell's version (a new label makes
    /// installed apps update even when no file changed).
    pub release: String,
    /// Years after closing that a complaint's personal data is kept.
    pub complaint_retention_years: u32,
    /// Days after an appointment (or a ContactCenter contact) that the person's name, e-mail
    /// address and phone number are kept.
    pub contact_retention_days: u32,
    /// What one client and all clients together may take of the server.
    pub limits: Limits,
    /// Where reports may be made; `None`: anywhere.
    pub service_area: Option<meldpunt_app::area::ServiceArea>,
    /// Where `/metrics` is served, if anywhere.
    pub metrics: metrics::Exposure,
    /// How partners' Open311 servers and webhook subscribers are reached.
    pub links: links::LinkConfig,
}

/// Where photos and complaint attachments are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FileStore {
    /// `photos/` and `private/` in the data directory.
    #[default]
    Fs,
    /// The `stored_file` table of the PostgreSQL database.
    Database,
}

/// Bounds on what clients may take of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Reports (and, separately, complaints) one client may submit per hour; 0 = no limit
    /// (for load tests). Up to 20 may come at once.
    pub submit_per_hour: u32,
    /// Sign-in attempts one address may make per hour (up to 20 at once); 0 = no limit. An
    /// office behind one address signs in together at opening time.
    pub sign_ins_per_hour: u32,
    /// Open connections at most; `None`: what the open-file limit allows.
    pub max_connections: Option<usize>,
    /// Time to send a request's headers; also how long an idle connection stays open.
    pub header_timeout: Duration,
    /// Longest pause while a request body is sent.
    pub body_idle_timeout: Duration,
    /// Longest time for a whole request, body included (then 408).
    pub request_timeout: Duration,
    /// Time requests in flight get to finish on SIGTERM/SIGINT.
    pub shutdown_grace: Duration,
    /// Proxies whose `X-Forwarded-For`/`Forwarded` say who the client is.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            submit_per_hour: 600,
            sign_ins_per_hour: ratelimit::SIGN_INS_PER_HOUR,
            max_connections: None,
            header_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(120),
            shutdown_grace: Duration::from_secs(30),
            trusted_proxies: Vec::new(),
        }
    }
}

pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// The router's state: the app's ports plus Leptos' options.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub ctx: Ctx,
    pub leptos: LeptosOptions,
    pub limits: Arc<ratelimit::ClientLimits>,
    pub workers: Arc<health::Workers>,
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    /// Where `/metrics` listens, when on an address of its own.
    pub metrics_addr: Option<SocketAddr>,
    pub store: Arc<dyn Backend>,
    pub ctx: Ctx,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Held while serving: one process per data directory.
    _data_lock: std::fs::File,
}

/// How a process holds the data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDirUse {
    /// This process alone (SQLite, restores, the demo): nothing else writes files there.
    Alone,
    /// Shared with other instances on the same PostgreSQL database (the directory on a
    /// shared mount): they all hold it shared, and a process that needs it alone waits.
    Shared,
}

impl DataDirUse {
    /// How a server on this database holds it: instances on PostgreSQL share the files.
    pub fn for_database(url: &str) -> Self {
        if storage::is_postgres(url) {
            Self::Shared
        } else {
            Self::Alone
        }
    }
}

/// Locks the data directory (released by the kernel however the process ends). Held alone,
/// nothing else writes files into it: what lets the start-up sweep treat every file no row
/// points at as left over. Held shared, other instances write there too, and only files older
/// than any request are swept.
pub fn lock_data_dir(data_dir: &std::path::Path, how: DataDirUse) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join("meldpunt.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    let locked = match how {
        DataDirUse::Alone => file.try_lock(),
        DataDirUse::Shared => file.try_lock_shared(),
    };
    match locked {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another meldpunt process is using the data directory {}",
            data_dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// Removes files left by an interrupted run (a photo written, its report never committed;
/// a write cut off before its rename), older than `age`, and logs how many.
pub async fn sweep_orphans(ctx: &Ctx, age: Duration) -> anyhow::Result<()> {
    let older_than = std::time::SystemTime::now()
        .checked_sub(age)
        .unwrap_or(std::time::UNIX_EPOCH);
    let swept = meldpunt_app::maintenance::sweep(ctx, older_than).await?;
    if swept.orphans + swept.partial > 0 {
        tracing::warn!(
            orphans = swept.orphans,
            partial = swept.partial,
            "swept files that no report or complaint points at"
        );
    } else {
        tracing::info!("file stores swept: no orphan files");
    }
    Ok(())
}

/// Opens storage (applying migrations) and builds the app's ports.
pub async fn open_ctx(
    config: &Config,
    public_url: String,
) -> anyhow::Result<(Ctx, Arc<dyn Backend>)> {
    let store = storage::open(&config.database_url).await?;
    let files = |area: FileArea| -> anyhow::Result<Arc<dyn PhotoFiles>> {
        match config.file_store {
            FileStore::Fs => Ok(Arc::new(FsPhotoStore::new(
                config.data_dir.join(area.as_str()),
            )?)),
            FileStore::Database => store.database_files(area).ok_or_else(|| {
                anyhow::anyhow!(
                    "--file-store database keeps files in PostgreSQL; with SQLite they stay in the data directory (--file-store fs)"
                )
            }),
        }
    };
    let photos = files(FileArea::Photos)?;
    let private_files = files(FileArea::Private)?;
    let ctx = Ctx {
        planner: Arc::new(meldpunt_app::planner::index::PlannerIndex::default()),
        knowledge: Arc::default(),
        figures: Arc::default(),
        districts: Arc::default(),
        store: store.clone() as Arc<dyn meldpunt_app::port::Store>,
        photos,
        private_files,
        config: Arc::new(PublicConfig {
            secure_cookies: public_url.starts_with("https://"),
            public_url,
            tile_url: config.tile_url.clone(),
            asset_version: offline::AppShell::scan(&config.site_root, &config.release).version,
            complaint_retention_years: config.complaint_retention_years,
            contact_retention_days: config.contact_retention_days,
            service_area: config.service_area.clone(),
        }),
    };
    Ok((ctx, store))
}

/// Sets `Cache-Control`: hashed and content-addressed files are immutable; the rest revalidates.
async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if path.starts_with("/api/") {
            "no-store"
        } else if response.status().is_success()
            && (path.starts_with("/pkg/") || path.starts_with("/vendor/"))
        {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Builds the whole router.
pub fn router(
    ctx: Ctx,
    site_root: PathBuf,
    app_shell: offline::AppShell,
    limits: &Limits,
    public_url: Option<&str>,
    workers: health::Workers,
) -> Router {
    let public_origin = public_url.and_then(web::origin_of);
    let security = Arc::new(web::SecurityHeaders::new(&ctx.config.tile_url, public_url));
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(PathBuf::from))
        .unwrap_or_default();
    let leptos = LeptosOptions::builder()
        .output_name("meldpunt")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .hash_files(exe_dir.join("hash.txt").exists())
        .build();
    // Built once per process: Leptos keeps every page's data from loading while any route
    // list is being built (a process-wide switch), so building one while this process
    // already serves pages (a second server in the same process) would leave a page asked
    // for in that moment waiting forever.
    static ROUTES: std::sync::LazyLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::LazyLock::new(|| generate_route_list(App));
    let routes = ROUTES.clone();
    let state = AppState {
        ctx: ctx.clone(),
        leptos: leptos.clone(),
        limits: Arc::new(ratelimit::ClientLimits::new(limits)),
        workers: Arc::new(workers),
    };
    // Every page gets the shared context and the hydration script's nonce (named in the page's
    // Content-Security-Policy).
    let page_context = {
        let ctx = ctx.clone();
        move || {
            provide_context(ctx.clone());
            leptos::nonce::provide_nonce();
        }
    };
    // A path no route or file matches gets the site's "not found" page (HTTP 404), in its layout.
    let not_found_page = {
        let render = leptos_axum::render_app_to_stream_with_context(page_context.clone(), {
            let leptos = leptos.clone();
            move || shell(leptos.clone())
        });
        tower::service_fn(move |req: axum::extract::Request| {
            let page = render(req);
            async move { Ok::<_, std::convert::Infallible>(page.await) }
        })
    };
    let static_files = ServeDir::new(&site_root)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(not_found_page);
    let app_shell = Arc::new(app_shell);
    Router::new()
        .route(
            "/sw.js",
            axum::routing::get(move || {
                let app_shell = app_shell.clone();
                async move { offline::service_worker_response(&app_shell) }
            }),
        )
        .route(
            "/manifest.webmanifest",
            axum::routing::get(offline::manifest),
        )
        .merge(health::routes())
        .merge(staff_api::routes())
        .merge(complaints::routes())
        .merge(follow::routes())
        .merge(feedback::routes())
        .merge(ask::routes())
        .merge(alerts::routes())
        .merge(mine::routes())
        .merge(contactcenter::routes())
        .merge(api::routes())
        .merge(web::routes())
        .merge(catalogue_web::routes())
        .merge(open311::routes())
        .merge(openapi::routes())
        .leptos_routes_with_context(&state, routes, page_context, {
            let leptos = leptos.clone();
            move || shell(leptos.clone())
        })
        .fallback_service(static_files)
        .with_state(state)
        .layer(middleware::from_fn(web::lang_cookie))
        .layer(middleware::from_fn(web::server_fn_status))
        // Pages and JSON; static files are already compressed and images are left alone.
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(web::limit_body))
        .layer(middleware::from_fn(move |req, next| {
            web::refuse_cross_site(public_origin.clone(), req, next)
        }))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.body_idle_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        // Outermost: every answer, refusals and timeouts included.
        .layer(middleware::from_fn(move |req, next| {
            web::security_headers(security.clone(), req, next)
        }))
        .layer(middleware::from_fn(web::access_log))
}

/// A file no row points at is an orphan once it is this old: by then the request that wrote
/// it has long timed out (the start-up sweep, with the data directory locked, takes all).
const ORPHAN_AGE: Duration = Duration::from_secs(3600);

/// Queues the reminders of tomorrow's appointments, every ten minutes (each booking is
/// reminded once, whichever instance gets there first).
async fn reminder_job(ctx: Ctx) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        match meldpunt_app::appointment::service::send_reminders(&ctx, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "appointment reminders queued"),
            Err(e) => tracing::error!(%e, "appointment reminders failed"),
        }
    }
}

/// Erases personal data past its retention period once a day: every instance looks each hour,
/// and the one that claims the day's run in the database runs it (so several instances on one
/// database, or one restarted often, erase once a day). From the second day on each instance
/// also sweeps its own orphan files (the start-up sweep has just done the first).
async fn retention_job(ctx: Ctx) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    let mut last_sweep = std::time::Instant::now();
    loop {
        every_hour.tick().await;
        let now = chrono::Utc::now();
        match ctx
            .store
            .claim_job("retention", now, now + chrono::Duration::days(1))
            .await
        {
            Ok(true) => {
                if let Err(e) = meldpunt_app::service::apply_retention(&ctx).await {
                    tracing::error!(%e, "retention job failed");
                }
                let days = ctx.config.contact_retention_days;
                if let Err(e) = meldpunt_app::appointment::service::apply_retention(
                    &ctx,
                    days,
                    chrono::Utc::now(),
                )
                .await
                {
                    tracing::error!(%e, "appointment retention job failed");
                }
                if let Err(e) =
                    meldpunt_app::contact::service::apply_retention(&ctx, days, chrono::Utc::now())
                        .await
                {
                    tracing::error!(%e, "contact retention job failed");
                }
                let years = ctx.config.complaint_retention_years;
                if let Err(e) =
                    meldpunt_app::complaint::service::apply_retention(&ctx, years, false).await
                {
                    tracing::error!(%e, "complaint retention job failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::error!(%e, "claiming the retention job failed"),
        }
        // The area alerts' daily digest: one instance sends it, once a day.
        match ctx
            .store
            .claim_job("alert_digest", now, now + chrono::Duration::days(1))
            .await
        {
            Ok(true) => match meldpunt_app::report::alerts::send_digests(&ctx, now).await {
                Ok(sent) => tracing::info!(sent, "area alert digests queued"),
                Err(e) => tracing::error!(%e, "area alert digests failed"),
            },
            Ok(false) => {}
            Err(e) => tracing::error!(%e, "claiming the digest job failed"),
        }
        if last_sweep.elapsed() >= std::time::Duration::from_secs(24 * 3600) {
            last_sweep = std::time::Instant::now();
            if let Err(e) = sweep_orphans(&ctx, ORPHAN_AGE).await {
                tracing::error!(%e, "orphan file sweep failed");
            }
        }
    }
}

/// Binds, migrates and starts serving in the background.
pub async fn spawn(config: Config) -> anyhow::Result<Server> {
    let data_use = DataDirUse::for_database(&config.database_url);
    let data_lock = lock_data_dir(&config.data_dir, data_use)?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_owned();
    let (ctx, store) = open_ctx(&config, public_url).await?;
    // Alone, nothing else writes here (the lock) and nothing is in flight yet: every file no
    // row points at is left over, whatever its age. Shared, another instance may be between
    // writing a photo and committing its report.
    sweep_orphans(
        &ctx,
        match data_use {
            DataDirUse::Alone => Duration::ZERO,
            DataDirUse::Shared => ORPHAN_AGE,
        },
    )
    .await?;
    let shell = offline::AppShell::scan(&config.site_root, &config.release);
    tokio::spawn(retention_job(ctx.clone()));
    tokio::spawn(reminder_job(ctx.clone()));
    tokio::spawn(planner_file::keep(
        ctx.clone(),
        config.data_dir.clone(),
        store.kind(),
    ));
    links::spawn(ctx.clone(), config.links.clone())?;
    let outbox = match &config.mail {
        Some(mail) => Some(mailer::spawn(ctx.clone(), mail.clone())?.abort_handle()),
        None => {
            tracing::warn!("no SMTP server configured: e-mail waits in the outbox");
            None
        }
    };
    let mut app = router(
        ctx.clone(),
        config.site_root.clone(),
        shell,
        &config.limits,
        config.public_url.as_deref(),
        health::Workers { outbox },
    );
    let mut metrics_addr = None;
    if config.metrics.enabled() {
        let handle = metrics::install()?;
        if let Some(token) = &config.metrics.token {
            app = app.merge(metrics::router(metrics::Scrape {
                ctx: ctx.clone(),
                handle: handle.clone(),
                token: Some(token.clone()),
            }));
        }
        if let Some(at) = config.metrics.addr {
            let listener = tokio::net::TcpListener::bind(at).await?;
            metrics_addr = Some(listener.local_addr()?);
            let scrape = metrics::Scrape {
                ctx: ctx.clone(),
                handle,
                token: None,
            };
            let limits = serve::ConnectionLimits {
                max_connections: 32,
                header_timeout: config.limits.header_timeout,
                shutdown_grace: Duration::ZERO,
            };
            tokio::spawn(serve::serve(
                listener,
                metrics::router(scrape),
                limits,
                std::future::pending(),
            ));
        }
    }
    let file_limit = serve::raise_file_limit();
    let connections = serve::ConnectionLimits {
        max_connections: config
            .limits
            .max_connections
            .unwrap_or_else(|| serve::connections_for(file_limit)),
        header_timeout: config.limits.header_timeout,
        shutdown_grace: config.limits.shutdown_grace,
    };
    let task = tokio::spawn(serve::serve(listener, app, connections, serve::signal()));
    Ok(Server {
        addr,
        metrics_addr,
        store,
        ctx,
        task,
        _data_lock: data_lock,
    })
}
