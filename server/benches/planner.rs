//! Planner map benchmark. Generates N realistic reports (around Flemish towns, a year of
//! dates, every category, status and channel) in a fresh SQLite database, then prints:
//! the time to read them from the database, the time to build the in-memory index from those
//! rows, and p50/p95 of filtered viewport queries at zooms 8–18 over HTTP; and the same
//! points and viewports through supercluster (npm, in node): load time and query times.
//!
//! `cargo bench -p meldpunt-server --bench planner` (1,000,000 reports), or
//! `cargo bench -p meldpunt-server --bench planner -- --reports 10000`; `--db FILE` keeps the
//! generated SQLite database for later runs; `--postgres` runs the same reports and viewports
//! on a new PostgreSQL database (on the cluster `MELDPUNT_TEST_POSTGRES` names) in the same
//! run, after SQLite, and prints both side by side. Each backend's server is also started a
//! second time, to time a start from the index it saved in its data directory.

mod common;

use common::{arg, generate, percentile, TOWNS};
use meldpunt_app::planner::index::PlannerIndex;
use meldpunt_app::port::IndexRow;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// A map window of 1280×800 pixels around a point at a zoom.
fn window(lat: f64, lon: f64, zoom: u32) -> [f64; 4] {
    let world_px = 256.0 * 2f64.powi(zoom as i32);
    let dlon = 1280.0 / world_px * 360.0;
    let dlat = 800.0 / world_px * 360.0 * lat.to_radians().cos();
    [
        lon - dlon / 2.0,
        lat - dlat / 2.0,
        lon + dlon / 2.0,
        lat + dlat / 2.0,
    ]
}

const FILTERS: [&str; 8] = [
    "",
    "status=new,accepted,assigned,in_progress",
    "category=waste_not_collected,illegal_dumping",
    "channel=web",
    "overdue=1",
    "department=wegen&status=done",
    "from=2026-06-01&to=2026-08-31",
    "category=street_lighting&channel=phone,email",
];

/// What one backend measured.
struct Figures {
    backend: &'static str,
    /// Seconds to store the generated reports (`None`: a kept database was reused).
    stored: Option<f64>,
    read: f64,
    build: f64,
    sync: f64,
    /// Seconds from starting the server again (its index saved in the data directory) until
    /// the index is loaded, and until a planner's first answer.
    restart: f64,
    first_answer: f64,
    p50: f64,
    p95: f64,
    per_zoom_p50: Vec<f64>,
    clusters_per_answer: f64,
}

/// Viewports: a window, its zoom and a filter.
type Viewport = ([f64; 4], u32, &'static str);

/// The viewport queries asked of the index itself, in this process (no HTTP, no database, no
/// session): what the index costs, apart from what a request adds. Each viewport five times
/// (its median counts, so a stray pause on the host does not); p50 and p95 per filter, and
/// each filter's three slowest viewports (milliseconds at zoom).
fn in_the_index(index: &PlannerIndex, viewports: &[Viewport]) {
    let now = chrono::Utc::now();
    let mut per_filter: Vec<Vec<(f64, u32)>> = vec![Vec::new(); FILTERS.len()];
    let mut all = Vec::new();
    for (w, zoom, filter) in viewports {
        let f = filter_of(filter);
        let mut runs: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.clusters(*w, *zoom, &f, now, false));
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        let ms = runs[2];
        all.push(ms);
        if let Some(k) = FILTERS.iter().position(|x| x == filter) {
            per_filter[k].push((ms, *zoom));
        }
    }
    all.sort_by(f64::total_cmp);
    println!(
        "    in the index alone: p50 {:.2} ms, p95 {:.2} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.95)
    );
    for (filter, t) in FILTERS.iter().zip(per_filter.iter_mut()) {
        t.sort_by(|a, b| a.0.total_cmp(&b.0));
        let ms: Vec<f64> = t.iter().map(|(ms, _)| *ms).collect();
        let slowest: Vec<String> = t
            .iter()
            .rev()
            .take(3)
            .map(|(ms, z)| format!("{ms:.1} at {z}"))
            .collect();
        println!(
            "      p50 {:.2} ms, p95 {:.2} ms, slowest {}: {}",
            percentile(&ms, 0.5),
            percentile(&ms, 0.95),
            slowest.join(", "),
            if filter.is_empty() {
                "(no filter)"
            } else {
                filter
            }
        );
    }
}

/// The first query after a report changed, per filter at zooms 9 and 12 (each after a change
/// of its own): it builds again the groups it needs.
fn after_a_change(index: &PlannerIndex, viewports: &[Viewport], row: &IndexRow) {
    let now = chrono::Utc::now();
    let mut times = Vec::new();
    for filter in FILTERS {
        let f = filter_of(filter);
        for zoom in [9, 12] {
            let Some((w, _, _)) = viewports.iter().find(|v| v.1 == zoom && v.2 == filter) else {
                continue;
            };
            // Hidden, then shown again, and so on: a change every time.
            let mut changed = row.clone();
            changed.hidden = row.hidden ^ times.len().is_multiple_of(2);
            index.apply(&[changed]);
            let t = Instant::now();
            std::hint::black_box(index.clusters(*w, zoom, &f, now, false));
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "    the first query after a change (it builds its groups again): p50 {:.0} ms, max {:.0} ms",
        percentile(&times, 0.5),
        times.last().copied().unwrap_or(f64::NAN)
    );
}

/// One of [`FILTERS`] as the server reads it from a query string.
fn filter_of(query: &str) -> meldpunt_app::planner::domain::PlannerFilter {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    meldpunt_app::planner::domain::PlannerFilter::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .expect("filter")
}

/// Runs the server on `database_url`, stores `reports` in it (unless `None`: reused), and
/// measures reading, building, the server's first sync and the viewport queries. The points
/// read back go to `points` when it is empty (for supercluster).
async fn run(
    database_url: String,
    dir: &std::path::Path,
    n: usize,
    reports: Option<&[meldpunt_server::storage::GeneratedReport]>,
    viewports: &[Viewport],
    points: &mut Vec<[f64; 2]>,
) -> Figures {
    let config = meldpunt_server::Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database_url,
        data_dir: dir.join("data"),
        file_store: Default::default(),
        public_url: None,
        tile_url: String::new(),
        site_root: dir.join("site"),
        mail: None,
        release: String::new(),
        complaint_retention_years: 5,
        contact_retention_days: 365,
        limits: meldpunt_server::Limits::default(),
        service_area: None,
        metrics: Default::default(),
        links: Default::default(),
    };
    // Stored and read through the store alone, before any server runs on it.
    let store = meldpunt_server::storage::open(&config.database_url)
        .await
        .expect("store");
    let backend = store.kind();
    println!("  {backend}:");
    let stored = match reports {
        None => None,
        Some(reports) => {
            let t = Instant::now();
            store.insert_generated(reports).await.expect("insert");
            let s = t.elapsed().as_secs_f64();
            println!("    stored in {s:.1} s");
            Some(s)
        }
    };

    // Reading the rows, then building the index from rows in memory (what supercluster's
    // load does with its points).
    let t = Instant::now();
    let mut rows: Vec<IndexRow> = Vec::with_capacity(n);
    let mut after = 0;
    loop {
        let page = store.planner_rows(None, after, 50_000).await.expect("rows");
        let Some(last) = page.last() else { break };
        after = last.id;
        rows.extend(page);
    }
    let read = t.elapsed().as_secs_f64();
    store.close().await;
    drop(store);
    let t = Instant::now();
    let index = PlannerIndex::default();
    index.apply(&rows);
    index.rebucket();
    let build = t.elapsed().as_secs_f64();
    assert_eq!(index.len(), n, "the database holds {} reports", index.len());
    in_the_index(&index, viewports);
    after_a_change(&index, viewports, &rows[0]);
    drop(index);
    if points.is_empty() {
        *points = rows.iter().map(|r| [r.lon, r.lat]).collect();
    }
    drop(rows);

    // Cold start: from starting the server until its planners' index is loaded (it loads in
    // the background; a planner asking earlier waits for it).
    let t = Instant::now();
    let server = meldpunt_server::spawn(config.clone())
        .await
        .expect("server");
    while server.ctx.planner.age(chrono::Utc::now()).is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let sync = t.elapsed().as_secs_f64();
    assert_eq!(server.ctx.planner.len(), n);
    println!("    read {read:.2} s, index build {build:.2} s, cold start {sync:.2} s");

    // Already there when the database is reused.
    let _ = meldpunt_app::office::admin::create_user(
        &server.ctx,
        None,
        "planner@bench.test",
        "Planner",
        meldpunt_app::staff::Role::Planner,
        "a long enough password",
        &[],
    )
    .await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let base = format!("http://{}", server.addr);
    client
        .post(format!("{base}/login"))
        .form(&[
            ("email", "planner@bench.test"),
            ("password", "a long enough password"),
        ])
        .send()
        .await
        .expect("login");
    let url = |(w, zoom, filter): &Viewport| {
        format!(
            "{base}/api/v1/staff/planner/clusters?bbox={:.6},{:.6},{:.6},{:.6}&zoom={zoom}&{filter}",
            w[0], w[1], w[2], w[3]
        )
    };
    // Warm-up: the first 88 viewports are every filter at every zoom once (8 filters, 11
    // zooms), so the groups each needs are built before the clock runs, as they are in a
    // server whose reports did not change since (a change costs one rebuild, at the next
    // query that needs them).
    for v in viewports.iter().take(FILTERS.len() * 11) {
        client.get(url(v)).send().await.expect("warm-up");
    }
    let mut times = Vec::new();
    let mut per_zoom: Vec<Vec<f64>> = vec![Vec::new(); 11];
    let mut per_filter: Vec<Vec<f64>> = vec![Vec::new(); FILTERS.len()];
    let mut clusters = 0usize;
    for v in viewports {
        let t = Instant::now();
        let r = client.get(url(v)).send().await.expect("query");
        assert!(r.status().is_success(), "{}", r.status());
        let body = r.bytes().await.expect("body");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        clusters += body.windows(8).filter(|w| w == b"\"count\":").count();
        times.push(ms);
        per_zoom[(v.1 - 8) as usize].push(ms);
        if let Some(k) = FILTERS.iter().position(|f| *f == v.2) {
            per_filter[k].push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    // Where the slowest answers come from.
    for (filter, t) in FILTERS.iter().zip(per_filter.iter_mut()) {
        t.sort_by(f64::total_cmp);
        println!(
            "    p50 {:.2} ms, p95 {:.2} ms: {}",
            percentile(t, 0.5),
            percentile(t, 0.95),
            if filter.is_empty() {
                "(no filter)"
            } else {
                filter
            }
        );
    }

    // Restart: the server wrote its index to the data directory after loading it; a new one
    // reads that, then what changed since (nothing here). The planner's session lives on.
    let waiting = Instant::now();
    while server.ctx.planner.written.load(Ordering::Relaxed) == 0 {
        assert!(
            waiting.elapsed().as_secs() < 300,
            "the index file is written"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.task.abort();
    server.store.close().await;
    drop(server);
    let t = Instant::now();
    let server = meldpunt_server::spawn(config).await.expect("server");
    while server.ctx.planner.age(chrono::Utc::now()).is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let restart = t.elapsed().as_secs_f64();
    assert_eq!(
        server.ctx.planner.restored.load(Ordering::Relaxed),
        n as u64,
        "the restart reads the saved index"
    );
    let base = format!("http://{}", server.addr);
    let first = viewports.first().expect("a viewport");
    let r = client
        .get(format!(
            "{base}/api/v1/staff/planner/clusters?bbox={:.6},{:.6},{:.6},{:.6}&zoom={}&{}",
            first.0[0], first.0[1], first.0[2], first.0[3], first.1, first.2
        ))
        .send()
        .await
        .expect("first answer");
    assert!(r.status().is_success(), "{}", r.status());
    let first_answer = t.elapsed().as_secs_f64();
    println!(
        "    restart with the saved index {restart:.2} s, first planner answer {first_answer:.2} s"
    );
    server.task.abort();
    server.store.close().await;
    Figures {
        backend,
        stored,
        read,
        build,
        sync,
        restart,
        first_answer,
        p50: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
        per_zoom_p50: per_zoom
            .iter_mut()
            .map(|z| {
                z.sort_by(f64::total_cmp);
                percentile(z, 0.5)
            })
            .collect(),
        clusters_per_answer: clusters as f64 / viewports.len() as f64,
    }
}

#[tokio::main]
async fn main() {
    let n: usize = arg("--reports")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let queries: usize = arg("--queries").and_then(|v| v.parse().ok()).unwrap_or(440);
    let dir = tempfile::tempdir().expect("temp dir");
    // `--db FILE` keeps the generated SQLite database for the next run (a million reports
    // take about a minute to store).
    let db = arg("--db").map_or_else(|| dir.path().join("bench.db"), std::path::PathBuf::from);
    let reuse = db.exists();
    // `--postgres`: PostgreSQL too, on a new database on the cluster MELDPUNT_TEST_POSTGRES
    // names.
    let postgres = std::env::args().any(|a| a == "--postgres").then(|| {
        std::env::var("MELDPUNT_TEST_POSTGRES")
            .expect("--postgres needs MELDPUNT_TEST_POSTGRES (scripts/pg-cluster start)")
    });
    println!(
        "planner benchmark: {n} reports, {queries} viewport queries (zoom 8-18, 8 filters), {}",
        if postgres.is_some() {
            "SQLite and PostgreSQL in one run"
        } else {
            "SQLite"
        }
    );
    let t = Instant::now();
    let reports = generate(n);
    println!("  generated in {:.1} s", t.elapsed().as_secs_f64());

    let mut rng = StdRng::seed_from_u64(7);
    let viewports: Vec<Viewport> = (0..queries)
        .map(|i| {
            let zoom = 8 + (i % 11) as u32;
            let town = TOWNS[rng.gen_range(0..TOWNS.len())];
            let jitter = 0.02 / f64::from(zoom - 7);
            let w = window(
                town.1 + rng.gen_range(-jitter..jitter),
                town.2 + rng.gen_range(-jitter..jitter),
                zoom,
            );
            (w, zoom, FILTERS[i % FILTERS.len()])
        })
        .collect();

    let mut points = Vec::new();
    let mut figures = Vec::new();
    if reuse {
        println!("  reusing {}", db.display());
    }
    let sqlite_dir = tempfile::tempdir().expect("temp dir");
    figures.push(
        run(
            format!("sqlite://{}", db.display()),
            sqlite_dir.path(),
            n,
            (!reuse).then_some(reports.as_slice()),
            &viewports,
            &mut points,
        )
        .await,
    );
    if let Some(server) = postgres {
        let url = meldpunt_server::storage::postgres::create_database(&server)
            .await
            .expect("a database on the cluster");
        let pg_dir = tempfile::tempdir().expect("temp dir");
        figures.push(
            run(
                url,
                pg_dir.path(),
                n,
                Some(&reports),
                &viewports,
                &mut points,
            )
            .await,
        );
    }
    drop(reports);

    // supercluster in node, on the same points and windows (it cannot filter).
    let points_file = dir.path().join("points.json");
    let windows_file = dir.path().join("windows.json");
    std::fs::write(&points_file, serde_json::to_vec(&points).expect("json")).expect("write");
    let windows: Vec<[f64; 5]> = viewports
        .iter()
        .map(|(w, z, _)| [w[0], w[1], w[2], w[3], f64::from(*z)])
        .collect();
    std::fs::write(&windows_file, serde_json::to_vec(&windows).expect("json")).expect("write");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scripts/bench-supercluster.mjs"
    );
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(&points_file)
        .arg(&windows_file)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "supercluster: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("supercluster JSON");
    let f = |k: &str| sc[k].as_f64().unwrap_or(f64::NAN);

    println!();
    let mut header = format!("  {:<46}", "");
    for fig in &figures {
        header += &format!(" {:>11} {:>6}", fig.backend, "ratio");
    }
    println!("{header} {:>13}", "supercluster");
    // One line: each backend's figure and its ratio to supercluster's (when it has one).
    let line = |name: &str, ours: &dyn Fn(&Figures) -> f64, theirs: Option<f64>, unit: &str| {
        let mut out = format!("  {name:<46}");
        for fig in &figures {
            let v = ours(fig);
            let ratio = theirs.map_or_else(|| "-".to_owned(), |t| format!("{:.2}", v / t));
            let v = if v.is_nan() {
                "-".to_owned()
            } else {
                format!("{v:.2}{unit}")
            };
            out += &format!(" {v:>11} {ratio:>6}");
        }
        let theirs = theirs.map_or_else(|| "-".to_owned(), |t| format!("{t:.2}{unit}"));
        println!("{out} {theirs:>13}");
    };
    line(
        "store the generated reports",
        &|f| f.stored.unwrap_or(f64::NAN),
        None,
        "s ",
    );
    line("read rows from the database", &|f| f.read, None, "s ");
    line(
        "index build from rows in memory",
        &|f| f.build * 1000.0,
        Some(f("load_ms")),
        "ms",
    );
    line(
        "cold start: server started until its index is loaded",
        &|f| f.sync,
        None,
        "s ",
    );
    line(
        "restart: started until its index is loaded (saved)",
        &|f| f.restart,
        None,
        "s ",
    );
    line(
        "restart: started until a planner's first answer",
        &|f| f.first_answer,
        None,
        "s ",
    );
    line(
        "viewport query p50 (ours filtered, over HTTP)",
        &|f| f.p50,
        Some(f("p50_ms")),
        "ms",
    );
    line(
        "viewport query p95 (ours filtered, over HTTP)",
        &|f| f.p95,
        Some(f("p95_ms")),
        "ms",
    );
    for zoom in 8..=18usize {
        let i = zoom - 8;
        line(
            &format!("  p50 at zoom {zoom}"),
            &|f| f.per_zoom_p50[i],
            sc["per_zoom_p50_ms"][i].as_f64(),
            "ms",
        );
    }
    line(
        "clusters per answer",
        &|f| f.clusters_per_answer,
        Some(f("clusters_per_query")),
        "  ",
    );
    let budget = 20.0;
    let check = std::env::args().any(|a| a == "--check");
    for fig in &figures {
        println!(
            "  {}: p95 {:.2} ms against the 20 ms budget: {}",
            fig.backend,
            fig.p95,
            if fig.p95 <= budget { "within" } else { "OVER" }
        );
        if check {
            assert!(
                fig.p95 <= budget,
                "{}: p95 {:.2} ms is over the 20 ms budget",
                fig.backend,
                fig.p95
            );
        }
    }
}
