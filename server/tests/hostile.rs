//! Cheap attacks against the release binary, each in a process of its own so that its memory
//! can be read: hostile photos, sign-in floods. The server is `meldpunt serve` on a free port
//! with a fresh database.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Meldpunt {
    child: Child,
    base: String,
    addr: String,
    _dir: Arc<tempfile::TempDir>,
}

/// The binary with the arguments every run shares: database and data directory in `dir`.
fn meldpunt_in(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_meldpunt"));
    command
        .arg("--database-url")
        .arg(format!("sqlite://{}/m.db", dir.display()))
        .arg("--data-dir")
        .arg(dir)
        .arg("--site-root")
        .arg(dir.join("site"))
        .env("RUST_LOG", "warn");
    command
}

impl Meldpunt {
    /// Starts the binary with `args` after the defaults and waits until it answers.
    async fn start(args: &[&str]) -> Meldpunt {
        Self::start_with_files(args, None).await
    }

    /// As [`Meldpunt::start`], with the soft open-file limit set to `files` (the hard limit
    /// stays), as on a machine with the usual 1024.
    async fn start_with_files(args: &[&str], files: Option<u32>) -> Meldpunt {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        Self::start_in(dir, args, files, Stdio::null(), "warn").await
    }

    /// Starts the binary on the database and files in `dir`, its log (at `level`, as
    /// `RUST_LOG`) going to `log`.
    async fn start_in(
        dir: Arc<tempfile::TempDir>,
        args: &[&str],
        files: Option<u32>,
        log: Stdio,
        level: &str,
    ) -> Meldpunt {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let mut command = match files {
            Some(n) => {
                let run = meldpunt_in(dir.path());
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -Sn {n} && exec \"$0\" \"$@\""))
                    .arg(run.get_program())
                    .args(run.get_args());
                c
            }
            None => meldpunt_in(dir.path()),
        };
        command.env("RUST_LOG", level);
        let child = command
            .arg("--addr")
            .arg(&addr)
            .args(args)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log)
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
            addr,
            _dir: dir,
        }
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }

    /// Waits up to `limit` for the process to end; its exit status and how long it took.
    fn wait_exit(&mut self, limit: Duration) -> Option<(std::process::ExitStatus, Duration)> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some((status, started.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
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

/// A multipart report with one photo, as raw bytes, and its content type.
fn raw_report(photo: &[u8]) -> (Vec<u8>, String) {
    let boundary = "meldpuntgrens";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n\
         {{\"category\":\"road_damage\",\"lat\":50.8166,\"lon\":5.1866,\
         \"description\":\"Put in de weg tijdens een update\"}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (body, format!("multipart/form-data; boundary={boundary}"))
}

/// Sends a report over a raw connection in `pieces` parts, `pause` apart, and returns the
/// status line of the answer (empty when the connection was closed without one).
async fn send_slowly(addr: &str, pieces: usize, pause: Duration) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (body, content_type) = raw_report(&flat_png(640, 480));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v1/reports HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for piece in body.chunks(body.len().div_ceil(pieces)) {
        tokio::time::sleep(pause).await;
        if stream.write_all(piece).await.is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_lets_uploads_in_flight_finish_then_exits() {
    let mut server = Meldpunt::start(&["--submit-rate-limit", "0"]).await;
    let uploads: Vec<_> = (0..4)
        .map(|_| {
            let addr = server.addr.clone();
            tokio::spawn(async move { send_slowly(&addr, 8, Duration::from_millis(250)).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(600)).await;
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        tokio::net::TcpStream::connect(&server.addr).await.is_err(),
        "no new connections once stopping"
    );
    for u in uploads {
        let status = u.await.unwrap();
        assert!(status.starts_with("HTTP/1.1 201"), "{status:?}");
    }
    let (status, _) = server.wait_exit(Duration::from_secs(10)).expect("exits");
    assert!(status.success(), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigint_waits_no_longer_than_the_grace_period() {
    let mut server = Meldpunt::start(&["--shutdown-grace-secs", "2"]).await;
    // A client that sends a byte every few seconds would hold the server for minutes.
    let addr = server.addr.clone();
    let trickle =
        tokio::spawn(async move { send_slowly(&addr, 100_000, Duration::from_secs(1)).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.signal("INT");
    let (status, took) = server.wait_exit(Duration::from_secs(10)).expect("exits");
    println!("SIGINT with a trickling client: exited in {took:?}");
    assert!(status.success(), "{status}");
    assert!(took < Duration::from_secs(4), "{took:?}");
    trickle.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_slow_connections_leave_room_for_a_citizen() {
    use tokio::io::AsyncWriteExt;
    // This test process holds 1,000 sockets too.
    let files = rlimit::increase_nofile_limit(u64::MAX).unwrap();
    assert!(
        files > 1100,
        "the open-file limit ({files}) leaves no room for 1,000 sockets"
    );
    // The usual soft limit of 1024 open files (the server raises it to the hard limit).
    let server = Meldpunt::start_with_files(
        &[
            "--header-timeout-secs",
            "3",
            "--request-timeout-secs",
            "6",
            "--body-idle-timeout-secs",
            "3",
            // Every slow body reaches the handler and is held there.
            "--submit-rate-limit",
            "0",
        ],
        Some(1024),
    )
    .await;
    let mut slow = Vec::new();
    for i in 0..1000 {
        let mut s = tokio::net::TcpStream::connect(&server.addr).await.unwrap();
        let head = if i % 2 == 0 {
            // Headers that never end.
            "GET / HTTP/1.1\r\nHost: x\r\n".to_owned()
        } else {
            // A body that never ends.
            "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; \
             boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\n"
                .to_owned()
        };
        s.write_all(head.as_bytes()).await.unwrap();
        slow.push(s);
    }
    let started = Instant::now();
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/reports", server.base))
        .multipart(report_form(flat_png(640, 480)))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    println!(
        "a submission beside 1,000 slow connections: {} in {took:?}",
        r.status()
    );
    assert_eq!(r.status(), 201);
    assert!(took < Duration::from_secs(2), "{took:?}");
    // The slow ones are closed by the deadlines: headers after 3 s, bodies after 6 s.
    tokio::time::sleep(Duration::from_secs(8)).await;
    let mut closed = 0;
    for mut s in slow {
        let mut buf = [0u8; 512];
        let read = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::io::AsyncReadExt::read(&mut s, &mut buf),
        )
        .await;
        // Closed: end of stream, a reset, or an answer (408) followed by the close.
        if matches!(read, Ok(Ok(_)) | Ok(Err(_))) {
            closed += 1;
        }
    }
    assert_eq!(
        closed, 1000,
        "every slow connection is closed by the server"
    );
}

/// Runs a command of the binary on `dir`; whether it succeeded, and what it printed.
fn cli(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = meldpunt_in(dir)
        .args(args)
        .env("MELDPUNT_USER_PASSWORD", "een lang wachtwoord")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// What a client was told was stored, to look for after the crashes.
#[derive(Debug, Clone)]
enum Acknowledged {
    Report { reference: String, photos: usize },
    FieldReport { reference: String },
    Complaint { reference: String },
}

const SMALL_JPEG: &[u8] = include_bytes!("../../tests/fixtures/small-gps.jpg");

/// One client's work until the server goes away: a citizen's reports (every third client
/// with a photo), complaints with a photo attached, or a crew's reports made offline.
async fn keep_submitting(
    base: String,
    client: reqwest::Client,
    kind: usize,
    acknowledged: Arc<std::sync::Mutex<Vec<Acknowledged>>>,
) -> usize {
    let mut refused = 0;
    for i in 0.. {
        let photo = || reqwest::multipart::Part::bytes(SMALL_JPEG.to_vec()).file_name("p.jpg");
        let sent = match kind {
            0..=23 => {
                let report = serde_json::json!({
                    "category": "road_damage", "lat": 50.8166, "lon": 5.1866,
                    "description": format!("Putten in de weg, nummer {i}")
                });
                let mut form = reqwest::multipart::Form::new().text("report", report.to_string());
                if kind.is_multiple_of(3) {
                    form = form.part("photo", photo());
                }
                client
                    .post(format!("{base}/api/v1/reports"))
                    .multipart(form)
                    .send()
                    .await
            }
            24..=27 => {
                let complaint = serde_json::json!({
                    "description": "Niemand nam de telefoon op aan het loket.",
                    "department": "onthaal", "name": "An Peeters", "email": "an@voorbeeld.be",
                });
                let form = reqwest::multipart::Form::new()
                    .text("complaint", complaint.to_string())
                    .part("attachment", photo());
                client
                    .post(format!("{base}/api/v1/complaints"))
                    .multipart(form)
                    .send()
                    .await
            }
            _ => {
                let change = serde_json::json!({"type": "new_report", "input": {
                    "category": "road_damage", "description": format!("Losse tegel {i}"),
                    "lat": 50.8166, "lon": 5.1866}});
                let form = reqwest::multipart::Form::new()
                    .text("change", change.to_string())
                    .part("photo", photo());
                client
                    .post(format!("{base}/api/v1/staff/sync"))
                    .header(
                        "Idempotency-Key",
                        format!("fault-{kind}-{i}-{}", rand_u64()),
                    )
                    .multipart(form)
                    .send()
                    .await
            }
        };
        let Ok(response) = sent else { break };
        let status = response.status().as_u16();
        let Ok(body) = response.json::<serde_json::Value>().await else {
            break;
        };
        if !matches!(status, 200 | 201) {
            refused += 1;
            continue;
        }
        let reference = body["ref"].as_str().unwrap().to_owned();
        let ack = match kind {
            0..=23 => Acknowledged::Report {
                reference,
                photos: usize::from(kind.is_multiple_of(3)),
            },
            24..=27 => Acknowledged::Complaint { reference },
            _ => Acknowledged::FieldReport { reference },
        };
        acknowledged.lock().unwrap().push(ack);
    }
    refused
}

/// A random number from the clock and the process (which moments the kills come at).
fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}

async fn signed_in(base: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", "een lang wachtwoord")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{email} signs in");
    client
}

/// `photos: 3 files, 0 missing, 1 orphans, 0 unfinished` → (missing, orphans, unfinished).
fn census_line(check: &str, store: &str) -> (usize, usize, usize) {
    let line = check
        .lines()
        .find(|l| l.starts_with(&format!("{store}: ")) && l.contains(" files,"))
        .unwrap_or_else(|| panic!("no {store} line in {check}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[1], numbers[2], numbers[3])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_under_load_loses_nothing_acknowledged() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    for (email, role, department) in [
        ("admin@stad.test", "admin", None),
        ("ploeg@stad.test", "crew", Some("wegen")),
    ] {
        let mut args = vec!["user", "add", "--email", email, "--role", role];
        if let Some(d) = department {
            args.extend(["--department", d]);
        }
        let (ok, out) = cli(dir.path(), &args);
        assert!(ok, "{out}");
    }
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut left_behind = (0, 0);
    for round in 0..3 {
        let log = std::fs::File::create(dir.path().join(format!("start-{round}.log"))).unwrap();
        let mut server = Meldpunt::start_in(
            dir.clone(),
            &["--submit-rate-limit", "0"],
            None,
            Stdio::from(log),
            "warn",
        )
        .await;
        let crew = signed_in(&server.base, "ploeg@stad.test").await;
        let citizen = reqwest::Client::new();
        let before = acknowledged.lock().unwrap().len();
        let clients: Vec<_> = (0..32)
            .map(|kind| {
                let client = if kind >= 28 {
                    crew.clone()
                } else {
                    citizen.clone()
                };
                tokio::spawn(keep_submitting(
                    server.base.clone(),
                    client,
                    kind,
                    acknowledged.clone(),
                ))
            })
            .collect();
        let wait = Duration::from_millis(800 + rand_u64() % 2200);
        tokio::time::sleep(wait).await;
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        let mut refused = 0;
        for c in clients {
            refused += c.await.unwrap();
        }
        let during = acknowledged.lock().unwrap().len() - before;
        println!("round {round}: killed after {wait:?}, {during} acknowledged, {refused} refused");
        assert!(during > 0, "the load ran");
        // Before any sweep: nothing stored lacks its file; leftovers are counted.
        let (ok, check) = cli(dir.path(), &["check"]);
        assert!(ok, "{check}");
        for store in ["photos", "private files"] {
            let (missing, orphans, partial) = census_line(&check, store);
            assert_eq!(missing, 0, "{check}");
            left_behind.0 += orphans;
            left_behind.1 += partial;
        }
    }
    println!(
        "left by the kills: {} orphan files, {} unfinished writes",
        left_behind.0, left_behind.1
    );
    // The next start sweeps them; everything acknowledged is there with its files.
    let log = std::fs::File::create(dir.path().join("start-3.log")).unwrap();
    let mut server = Meldpunt::start_in(dir.clone(), &[], None, Stdio::from(log), "warn").await;
    let admin = signed_in(&server.base, "admin@stad.test").await;
    let acknowledged = acknowledged.lock().unwrap().clone();
    let mut files = 0;
    for ack in &acknowledged {
        let (path, list, expected) = match ack {
            Acknowledged::Report { reference, photos } => (
                format!("/api/v1/staff/reports/{reference}"),
                "photos",
                *photos,
            ),
            Acknowledged::FieldReport { reference } => {
                (format!("/api/v1/staff/reports/{reference}"), "photos", 1)
            }
            Acknowledged::Complaint { reference } => {
                (format!("/api/v1/staff/complaints/{reference}"), "files", 1)
            }
        };
        let r = admin
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{ack:?} is there");
        let body: serde_json::Value = r.json().await.unwrap();
        let stored = body[list].as_array().unwrap();
        assert_eq!(stored.len(), expected, "{ack:?}: {body}");
        for file in stored {
            let url = file["url"].as_str().unwrap();
            let r = admin
                .get(format!("{}{url}", server.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{ack:?}: {url}");
            files += 1;
        }
    }
    println!(
        "{} acknowledged submissions all there, {files} files read",
        acknowledged.len()
    );
    server.signal("TERM");
    server.wait_exit(Duration::from_secs(10)).unwrap();
    // Each start after a kill swept what the kill left, and said how much.
    let mut swept = (0, 0);
    for start in 1..=3 {
        let log = std::fs::read_to_string(dir.path().join(format!("start-{start}.log"))).unwrap();
        for line in log.lines().filter(|l| l.contains("swept files")) {
            let count = |name: &str| -> usize {
                let at = line.find(&format!("{name}=")).unwrap() + name.len() + 1;
                line[at..].split(' ').next().unwrap().parse().unwrap()
            };
            swept.0 += count("orphans");
            swept.1 += count("partial");
        }
    }
    assert_eq!(
        swept, left_behind,
        "every leftover swept at the next start and logged"
    );
    let (ok, check) = cli(dir.path(), &["check"]);
    assert!(ok, "{check}");
    assert!(check.contains("database: ok"), "{check}");
    for store in ["photos", "private files"] {
        assert_eq!(census_line(&check, store), (0, 0, 0), "{check}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_run_logs_one_json_line_per_request_and_no_personal_data() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let (ok, out) = cli(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "beheer.stad@voorbeeld.be",
            "--role",
            "admin",
        ],
    );
    assert!(ok, "{out}");
    let smtp = format!(
        "smtp://127.0.0.1:{}",
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    );
    let log_path = dir.path().join("run.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut server = Meldpunt::start_in(
        dir.clone(),
        &["--log-format", "json", "--smtp-url", &smtp],
        None,
        Stdio::from(log),
        "info",
    )
    .await;
    let base = server.base.clone();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let personal = [
        "Annelies Vermeulen",
        "annelies.vermeulen@voorbeeld.be",
        "0470 12 34 56",
        "Jef Claes",
        "jef.claes@voorbeeld.be",
        "onbekend.persoon@voorbeeld.be",
        "beheer.stad@voorbeeld.be",
        "een lang wachtwoord",
        "fout wachtwoord 123",
    ];
    let report = serde_json::json!({
        "category": "road_damage", "lat": 50.8166, "lon": 5.1866, "description": "Put",
        "contact": {"name": personal[0], "email": personal[1], "phone": personal[2], "consent": true}
    });
    let r = client
        .post(format!("{base}/api/v1/reports"))
        .multipart(
            reqwest::multipart::Form::new()
                .text("report", report.to_string())
                .part(
                    "photo",
                    reqwest::multipart::Part::bytes(SMALL_JPEG.to_vec()).file_name("p.jpg"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let receipt: serde_json::Value = r.json().await.unwrap();
    let token = receipt["tracking_token"].as_str().unwrap().to_owned();
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let tracked = client
        .get(format!("{base}/track/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(tracked.status(), 200);
    let request_id = tracked.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    for (email, password) in [(personal[5], personal[8]), (personal[6], personal[7])] {
        client
            .post(format!("{base}/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap();
    }
    let r = client
        .get(format!("{base}/api/v1/staff/reports/{reference}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the admin signed in");
    let complaint = serde_json::json!({
        "description": "Niemand nam de telefoon op aan het loket.",
        "name": personal[3], "email": personal[4],
    });
    let r = client
        .post(format!("{base}/api/v1/complaints"))
        .multipart(reqwest::multipart::Form::new().text("complaint", complaint.to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // The outbox tries the (closed) mail server and logs why it failed.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.signal("TERM");
    server.wait_exit(Duration::from_secs(10)).unwrap();

    let log = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let access: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["target"] == "access").collect();
    assert!(access.len() >= 6, "{log}");
    let track_line = access
        .iter()
        .find(|l| l["request_id"] == request_id.as_str())
        .unwrap_or_else(|| panic!("no line for {request_id}: {log}"));
    assert_eq!(track_line["route"], "/track/{token}");
    assert_eq!(track_line["status"], 200);
    assert_eq!(track_line["method"], "GET");
    assert!(
        lines
            .iter()
            .any(|l| l["level"] == "WARN" || l["level"] == "ERROR"),
        "mail failures are logged"
    );
    assert!(!log.contains('\u{1b}'), "no colour codes");
    for secret in personal.iter().copied().chain([token.as_str()]) {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
    println!(
        "{} log lines, {} access lines, none with personal data",
        lines.len(),
        access.len()
    );
}
