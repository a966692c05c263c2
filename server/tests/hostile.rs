//! Cheap attacks against the release binary, each in a process of its own so that its memory
//! can be read: hostile photos, sign-in floods. The server is `meldpunt serve` on a free port
//! with a fresh database.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Meldpunt {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Meldpunt {
    /// Starts the binary with `args` after the defaults and waits until it answers.
    async fn start(args: &[&str]) -> Meldpunt {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_meldpunt"))
            .arg("--addr")
            .arg(&addr)
            .arg("--database-url")
            .arg(format!("sqlite://{}/m.db", dir.path().display()))
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--site-root")
            .arg(dir.path().join("site"))
            .args(args)
            .arg("serve")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://{addr}");
        let client = reqwest::Client::new();
        let started = Instant::now();
        while client
            .get(format!("{base}/api/v1/categories"))
            .send()
            .await
            .is_err()
        {
            assert!(started.elapsed() < Duration::from_secs(30), "server start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Meldpunt {
            child,
            base,
            _dir: dir,
        }
    }

    /// A line of `/proc/<pid>/status` in MB: `VmRSS` now, `VmHWM` the peak so far.
    fn memory_mb(&self, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with(key)).unwrap();
        let kb: u64 = line
            .split_whitespace()
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024
    }
}

impl Drop for Meldpunt {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An RGBA PNG of `w`×`h` with one coloured stripe, compressed as hard as zlib can: a few
/// hundred KB that claim `4·w·h` bytes decoded.
fn flat_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let mut row = vec![0u8; w as usize * 4];
    for y in 0..h {
        row[..400].fill(if y % 64 < 32 { 200 } else { 0 });
        stream.write_all(&row).unwrap();
    }
    stream.finish().unwrap();
    writer.finish().unwrap();
    out
}

fn report_form(photo: Vec<u8>) -> reqwest::multipart::Form {
    let report = serde_json::json!({
        "category": "road_damage", "lat": 50.8166, "lon": 5.1866,
        "description": "Een grote foto van het probleem"
    });
    reqwest::multipart::Form::new()
        .text("report", report.to_string())
        .part(
            "photo",
            reqwest::multipart::Part::bytes(photo).file_name("p.png"),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_hostile_photos_at_once_keep_memory_bounded() {
    let server = Meldpunt::start(&["--submit-rate-limit", "0"]).await;
    // Just under the 40 MP cap (decoded whole: 144 MB each), and a bomb over it (256 MB).
    let big = flat_png(6000, 6000);
    let bomb = flat_png(8000, 8000);
    assert!(big.len() < 1 << 20 && bomb.len() < 1 << 20);
    let idle = server.memory_mb("VmRSS");
    let client = reqwest::Client::new();
    let mut sent = Vec::new();
    for i in 0..64 {
        let photo = if i % 2 == 0 {
            big.clone()
        } else {
            bomb.clone()
        };
        let (client, url) = (client.clone(), format!("{}/api/v1/reports", server.base));
        sent.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .multipart(report_form(photo))
                .send()
                .await
                .unwrap();
            let retry = r.headers().get("retry-after").is_some();
            (r.status().as_u16(), retry, r.text().await.unwrap())
        }));
    }
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for s in sent {
        let (status, retry_after, body) = s.await.unwrap();
        assert!(matches!(status, 201 | 422 | 503), "{status}: {body}");
        if status == 503 {
            assert!(retry_after, "503 says when to come back");
        }
        if status == 422 {
            assert!(body.contains("too large"), "{body}");
        }
        *by_status.entry(status).or_default() += 1;
    }
    let peak = server.memory_mb("VmHWM");
    println!("64 hostile uploads: {by_status:?}; RSS idle {idle} MB, peak {peak} MB");
    assert_eq!(
        by_status.get(&422),
        Some(&32),
        "every bomb refused: {by_status:?}"
    );
    assert!(by_status.get(&201).is_some_and(|n| *n > 0), "{by_status:?}");
    assert!(peak < 512, "peak RSS {peak} MB");
    // Afterwards a citizen's ordinary photo goes through at once.
    let ok = client
        .post(format!("{}/api/v1/reports", server.base))
        .multipart(report_form(flat_png(800, 600)))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_flood_from_many_addresses_keeps_memory_flat() {
    let server = Meldpunt::start(&[]).await;
    let idle = server.memory_mb("VmRSS");
    let until = Instant::now() + Duration::from_secs(8);
    let mut flooders = Vec::new();
    for host in 0..64u8 {
        let client = reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 1, host + 1]))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let url = format!("{}/login", server.base);
        flooders.push(tokio::spawn(async move {
            let mut seen = std::collections::BTreeMap::<u16, usize>::new();
            let mut i = 0;
            while Instant::now() < until {
                i += 1;
                let r = client
                    .post(&url)
                    .form(&[
                        ("email", format!("x{i}@stad.test")),
                        ("password", "wrong".into()),
                    ])
                    .send()
                    .await
                    .unwrap();
                *seen.entry(r.status().as_u16()).or_default() += 1;
            }
            seen
        }));
    }
    // Meanwhile the site answers.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let started = Instant::now();
    let r = reqwest::get(format!("{}/api/v1/categories", server.base))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let answered_in = started.elapsed();
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for f in flooders {
        for (status, n) in f.await.unwrap() {
            *by_status.entry(status).or_default() += n;
        }
    }
    let peak = server.memory_mb("VmHWM");
    let after = server.memory_mb("VmRSS");
    println!(
        "sign-in flood, 64 addresses for 8 s: {by_status:?}; RSS idle {idle} MB, peak {peak} MB, \
         after {after} MB; the site answered in {answered_in:?}"
    );
    assert!(
        by_status.keys().all(|s| matches!(s, 303 | 429 | 503)),
        "{by_status:?}"
    );
    assert!(by_status.contains_key(&429), "each address is limited");
    assert!(peak < 256, "peak RSS {peak} MB");
    assert!(answered_in < Duration::from_secs(1), "{answered_in:?}");
}
