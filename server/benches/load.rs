//! Load benchmark: the release binary (`meldpunt serve`, rate limit off, a fresh database)
//! under N clients, each submitting reports one after another for S seconds. Prints
//! submissions per second, p50/p99 latency, errors, the server's memory idle and at its peak,
//! and, measured in the same run on the same disk, how many durable one-row transactions
//! the database itself commits per second, with the ratio: on SQLite, then on PostgreSQL when
//! `MELDPUNT_TEST_POSTGRES` names a cluster (`scripts/pg-cluster`), side by side.
//!
//! `cargo bench -p meldpunt-server --bench load` (64 clients, 20 s), or
//! `cargo bench -p meldpunt-server --bench load -- --clients 16 --seconds 5`.

mod common;

use common::{arg, percentile};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The server's memory in MB: `VmRSS` now or `VmHWM` (the peak).
fn memory_mb(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap_or_default()
        / 1024
}

/// One client: reports until `until`; latencies in ms and the number of failures.
async fn client(http: reqwest::Client, base: String, c: usize, until: Instant) -> (Vec<f64>, u64) {
    let (mut took, mut errors) = (Vec::new(), 0);
    let mut i = 0;
    while Instant::now() < until {
        i += 1;
        let report = serde_json::json!({
            "category": "road_damage", "lat": 50.8166, "lon": 5.1866,
            "description": format!("Put in de weg, client {c}, melding {i}")
        });
        let t = Instant::now();
        let sent = http
            .post(format!("{base}/api/v1/reports"))
            .multipart(reqwest::multipart::Form::new().text("report", report.to_string()))
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == 201 => {
                let _ = r.bytes().await;
                took.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            _ => errors += 1,
        }
    }
    (took, errors)
}

/// What one run measured.
struct Measured {
    rate: f64,
    p50: f64,
    p99: f64,
    errors: u64,
    idle: u64,
    peak: u64,
}

/// Starts the release binary on `database` and files in `dir`, loads it with `clients` for
/// `seconds`, and stops it.
async fn run(database: &str, dir: &std::path::Path, clients: usize, seconds: u64) -> Measured {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_meldpunt"))
        .arg("--addr")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database-url")
        .arg(database)
        .arg("--data-dir")
        .arg(dir)
        .arg("--site-root")
        .arg(dir.join("site"))
        .args(["--submit-rate-limit", "0", "--service-area", "anywhere"])
        .arg("serve")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the release binary starts");
    let pid = server.id();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let started = Instant::now();
    while http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .map_or(true, |r| r.status() != 200)
    {
        assert!(started.elapsed() < Duration::from_secs(30), "server start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let idle = memory_mb(pid, "VmRSS");

    let until = Instant::now() + Duration::from_secs(seconds);
    let began = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(http.clone(), base.clone(), c, until)))
        .collect();
    let (mut took, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (ms, failed) = t.await.expect("client");
        took.extend(ms);
        errors += failed;
    }
    let elapsed = began.elapsed().as_secs_f64();
    let peak = memory_mb(pid, "VmHWM");
    let _ = server.kill();
    let _ = server.wait();
    took.sort_by(f64::total_cmp);
    Measured {
        rate: took.len() as f64 / elapsed,
        p50: percentile(&took, 0.5),
        p99: percentile(&took, 0.99),
        errors,
        idle,
        peak,
    }
}

fn print(backend: &str, m: &Measured, raw: f64) {
    println!(
        "  {backend}: {:.0} submissions/s, p50 {:.1} ms, p99 {:.1} ms, {} errors; memory {} MB idle, {} MB at the peak",
        m.rate, m.p50, m.p99, m.errors, m.idle, m.peak
    );
    println!(
        "    the database alone: {raw:.0} durable one-row transactions/s; Meldpunt {:.2}× that",
        m.rate / raw
    );
}

#[tokio::main]
async fn main() {
    let clients: usize = arg("--clients").and_then(|v| v.parse().ok()).unwrap_or(64);
    let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().expect("temp dir");
    println!("load benchmark: {clients} clients for {seconds} s, reports without photos");

    let raw = meldpunt_server::storage::sqlite::reference::durable_commit_rate(
        &dir.path().join("reference.db"),
        Duration::from_secs(3),
    )
    .await
    .expect("reference");
    let sqlite_dir = dir.path().join("sqlite");
    let sqlite = run(
        &format!("sqlite://{}/m.db", sqlite_dir.display()),
        &sqlite_dir,
        clients,
        seconds,
    )
    .await;
    print("SQLite", &sqlite, raw);
    println!(
        "  targets (SQLite): ≥ 0.5× SQLite alone: {}; p99 ≤ 50 ms: {}",
        if sqlite.rate >= 0.5 * raw {
            "met"
        } else {
            "missed"
        },
        if sqlite.p99 <= 50.0 { "met" } else { "missed" }
    );
    assert_eq!(sqlite.errors, 0, "every submission stored");

    // PostgreSQL beside it, on the test cluster (`scripts/pg-cluster`), when there is one.
    let Some(server) = std::env::var("MELDPUNT_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        println!("  PostgreSQL: not measured (MELDPUNT_TEST_POSTGRES is not set)");
        return;
    };
    let database = meldpunt_server::storage::postgres::create_database(&server)
        .await
        .expect("a database on the cluster");
    let raw =
        meldpunt_server::storage::postgres::durable_commit_rate(&database, Duration::from_secs(3))
            .await
            .expect("reference");
    let postgres = run(&database, &dir.path().join("postgres"), clients, seconds).await;
    print("PostgreSQL", &postgres, raw);
    println!(
        "  PostgreSQL / SQLite: {:.2}× the submissions, p99 {:.2}×",
        postgres.rate / sqlite.rate,
        postgres.p99 / sqlite.p99
    );
    assert_eq!(postgres.errors, 0, "every submission stored");
}
