//! Backup and restore benchmark. Generates N reports (one in `--photo-every` with a phone
//! photo, display and thumbnail stored as files), starts the server on them, and prints how
//! long `backup` takes while citizens keep submitting (and how their submissions fared
//! meanwhile, against the same submissions before the backup), then `backup --verify` and
//! `restore` into an empty directory.
//!
//! `cargo bench -p meldpunt-server --bench backup` (100,000 reports), or
//! `cargo bench -p meldpunt-server --bench backup -- --reports 2000`; `--dir DIR` keeps the
//! generated data for later runs.

mod common;

use common::{arg, generate, percentile};

use meldpunt_app::report::domain::PhotoKind;
use meldpunt_server::backup;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PHOTO: &[u8] = include_bytes!("../../tests/fixtures/phone-12mp-gps-orient6.jpg");

/// Citizens' reports, one after another from `clients` clients, until `stop`: the latency of
/// each in ms.
async fn submit_until(base: String, clients: usize, stop: Arc<AtomicBool>) -> Vec<f64> {
    let http = reqwest::Client::new();
    let tasks: Vec<_> =
        (0..clients)
            .map(|c| {
                let (http, base, stop) = (http.clone(), base.clone(), stop.clone());
                tokio::spawn(async move {
                    let mut took = Vec::new();
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        i += 1;
                        let t = Instant::now();
                        let r = http
                        .post(format!("{base}/api/v1/reports"))
                        .multipart(reqwest::multipart::Form::new().text(
                            "report",
                            serde_json::json!({
                                "category": "road_damage", "lat": 50.8166, "lon": 5.1866,
                                "description": format!("Put in de weg, client {c}, nummer {i}")
                            })
                            .to_string(),
                        ))
                        .send()
                        .await
                        .expect("send");
                        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
                        took.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    took
                })
            })
            .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("client"));
    }
    all.sort_by(f64::total_cmp);
    all
}

fn latency_line(what: &str, ms: &[f64], seconds: f64) -> String {
    format!(
        "{what}: {} submissions ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms.len(),
        ms.len() as f64 / seconds,
        percentile(ms, 0.5),
        percentile(ms, 0.99),
        ms.last().copied().unwrap_or_default()
    )
}

fn size_of_tree(root: &std::path::Path) -> (u64, u64) {
    let (mut files, mut bytes) = (0, 0);
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(list) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in list.flatten() {
            let meta = entry.metadata().expect("meta");
            if meta.is_dir() {
                dirs.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    (files, bytes)
}

#[tokio::main]
async fn main() {
    let n: usize = arg("--reports")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let every: usize = arg("--photo-every")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
        .max(1);
    let scratch = tempfile::tempdir().expect("temp dir");
    let dir = arg("--dir").map_or_else(|| scratch.path().to_path_buf(), std::path::PathBuf::from);
    let data_dir = dir.join("data");
    let fresh = !data_dir.join("meldpunt.db").exists();
    let database_url = format!("sqlite://{}", data_dir.join("meldpunt.db").display());
    let config = meldpunt_server::Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database_url: database_url.clone(),
        data_dir: data_dir.clone(),
        file_store: Default::default(),
        public_url: None,
        tile_url: String::new(),
        site_root: dir.join("site"),
        mail: None,
        release: String::new(),
        complaint_retention_years: 5,
        contact_retention_days: 365,
        limits: meldpunt_server::Limits {
            submit_per_hour: 0,
            ..meldpunt_server::Limits::default()
        },
        service_area: None,
        metrics: Default::default(),
        links: Default::default(),
    };
    let server = meldpunt_server::spawn(config).await.expect("server");
    println!("backup benchmark: {n} reports, one in {every} with a photo");
    if fresh {
        let t = Instant::now();
        let processed = meldpunt_server::photo::process(PHOTO).expect("the photo");
        let mut reports = generate(n);
        for report in reports.iter_mut().step_by(every) {
            report.photos = meldpunt_app::service::put_photos(
                &server.ctx,
                PhotoKind::Before,
                std::slice::from_ref(&processed),
            )
            .await
            .expect("put");
        }
        server
            .store
            .insert_generated(&reports)
            .await
            .expect("insert");
        println!(
            "  generated and stored in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    } else {
        println!("  reusing {}", dir.display());
    }
    let (files, bytes) = size_of_tree(&data_dir);
    println!(
        "  data directory: {files} files, {:.1} MB (database {:.1} MB)",
        bytes as f64 / 1e6,
        std::fs::metadata(data_dir.join("meldpunt.db"))
            .map(|m| m.len())
            .unwrap_or_default() as f64
            / 1e6
    );

    let base = format!("http://{}", server.addr);
    let clients = 8;
    // The same load for 5 s without a backup: the reference.
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn(submit_until(base.clone(), clients, stop.clone()));
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::Relaxed);
    let quiet = load.await.expect("load");
    println!("  {}", latency_line("without a backup, 5 s", &quiet, 5.0));

    let archive = dir.join("backup.tar");
    let _ = std::fs::remove_file(&archive);
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn(submit_until(base.clone(), clients, stop.clone()));
    let t = Instant::now();
    let manifest = backup::backup(&database_url, &data_dir, &archive)
        .await
        .expect("backup");
    let took = t.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let during = load.await.expect("load");
    let size = std::fs::metadata(&archive).expect("archive").len();
    println!(
        "  backup: {took:.1} s, archive {:.1} MB ({:.0} MB/s); {}",
        size as f64 / 1e6,
        size as f64 / 1e6 / took,
        manifest.summary()
    );
    println!("  {}", latency_line("while it ran", &during, took));

    let t = Instant::now();
    backup::verify(&archive).await.expect("verify");
    println!("  verify: {:.1} s", t.elapsed().as_secs_f64());

    let target = tempfile::tempdir_in(&dir).expect("restore dir");
    let restored_db = format!("sqlite://{}", target.path().join("meldpunt.db").display());
    let t = Instant::now();
    let restored = backup::restore(&restored_db, target.path(), &archive)
        .await
        .expect("restore");
    println!(
        "  restore: {:.1} s ({} files)",
        t.elapsed().as_secs_f64(),
        restored.files.len()
    );
    assert_eq!(restored, manifest);
    let _ = std::fs::remove_file(&archive);
}
