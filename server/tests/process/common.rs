//! What the process tests share: the release binary on a fresh directory, its commands,
//! clients that keep submitting, and the check that everything acknowledged is there.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Meldpunt {
    pub child: Child,
    pub base: String,
    pub addr: String,
    /// Where `/metrics` is served on an address of its own (`--metrics-addr`), as printed.
    pub metrics: Option<String>,
    _dir: Arc<tempfile::TempDir>,
}

/// The lines a process prints on standard output, as they come; the pipe is read to its end
/// so that the process never blocks on it.
fn announced_lines(out: std::process::ChildStdout) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    rx
}

/// The binary with the arguments every run shares: database and data directory in `dir`.
/// The binary on the files in `dir` and the database at `database` (default: a SQLite file
/// in `dir`).
pub fn meldpunt_on(dir: &Path, database: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_meldpunt"));
    command
        .arg("--database-url")
        .arg(database.map_or_else(|| format!("sqlite://{}/m.db", dir.display()), str::to_owned))
        .arg("--data-dir")
        .arg(dir)
        .arg("--site-root")
        .arg(dir.join("site"))
        .env("RUST_LOG", "warn");
    command
}

impl Meldpunt {
    /// Starts the binary with `args` after the defaults and waits until it answers.
    pub async fn start(args: &[&str]) -> Meldpunt {
        Self::start_with_files(args, None).await
    }

    /// As [`Meldpunt::start`], with the soft open-file limit set to `files` (the hard limit
    /// stays), as on a machine with the usual 1024.
    pub async fn start_with_files(args: &[&str], files: Option<u32>) -> Meldpunt {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        Self::start_in(dir, args, files, Stdio::null(), "warn").await
    }

    /// Starts the binary on the database and files in `dir`, its log (at `level`, as
    /// `RUST_LOG`) going to `log`.
    pub async fn start_in(
        dir: Arc<tempfile::TempDir>,
        args: &[&str],
        files: Option<u32>,
        log: Stdio,
        level: &str,
    ) -> Meldpunt {
        Self::start_on(dir, None, args, files, log, level).await
    }

    /// As [`Meldpunt::start_in`], on the database at `database` when given.
    pub async fn start_on(
        dir: Arc<tempfile::TempDir>,
        database: Option<&str>,
        args: &[&str],
        files: Option<u32>,
        log: Stdio,
        level: &str,
    ) -> Meldpunt {
        let mut command = match files {
            Some(n) => {
                let run = meldpunt_on(dir.path(), database);
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -Sn {n} && exec \"$0\" \"$@\""))
                    .arg(run.get_program())
                    .args(run.get_args());
                c
            }
            None => meldpunt_on(dir.path(), database),
        };
        command.env("RUST_LOG", level);
        // Port 0: the process binds a free port itself and prints it. (A port picked here and
        // let go could be taken by another test's process or a client before this one binds.)
        let mut child = command
            .arg("--addr")
            .arg("127.0.0.1:0")
            .args(args)
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let announced = announced_lines(child.stdout.take().unwrap());
        let started = Instant::now();
        let mut said = Vec::new();
        let base = loop {
            match announced.try_recv() {
                Ok(line) => match line.strip_prefix("listening on ") {
                    Some(base) => break base.to_owned(),
                    None => said.push(line),
                },
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    panic!("meldpunt ended before it listened: {:?}", child.wait())
                }
            }
            assert!(started.elapsed() < Duration::from_secs(30), "server start");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let addr = base.trim_start_matches("http://").to_owned();
        let metrics = said
            .iter()
            .find_map(|l| l.strip_prefix("metrics at "))
            .map(str::to_owned);
        // Listening is not yet answering on every route: wait for the API too.
        let client = reqwest::Client::new();
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
            metrics,
            _dir: dir,
        }
    }

    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }

    /// Waits up to `limit` for the process to end; its exit status and how long it took.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<(std::process::ExitStatus, Duration)> {
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
    pub fn memory_mb(&self, key: &str) -> u64 {
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
pub fn flat_png(w: u32, h: u32) -> Vec<u8> {
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

pub fn report_form(photo: Vec<u8>) -> reqwest::multipart::Form {
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

/// A multipart report with one photo, as raw bytes, and its content type.
pub fn raw_report(photo: &[u8]) -> (Vec<u8>, String) {
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
pub async fn send_slowly(addr: &str, pieces: usize, pause: Duration) -> String {
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

/// Runs a command of the binary on `dir`; whether it succeeded, and what it printed.
pub fn cli(dir: &Path, args: &[&str]) -> (bool, String) {
    cli_on(dir, None, args)
}

/// As [`cli`], on the database at `database` when given.
pub fn cli_on(dir: &Path, database: Option<&str>, args: &[&str]) -> (bool, String) {
    let out = meldpunt_on(dir, database)
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
pub enum Acknowledged {
    Report { reference: String, photos: usize },
    FieldReport { reference: String },
    Complaint { reference: String },
}

pub const SMALL_JPEG: &[u8] = include_bytes!("../../../tests/fixtures/small-gps.jpg");

/// One client's work until the server goes away: a citizen's reports (every third client
/// with a photo), complaints with a photo attached, or a crew's reports made offline.
pub async fn keep_submitting(
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
pub fn rand_u64() -> u64 {
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

pub async fn signed_in(base: &str, email: &str) -> reqwest::Client {
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
pub fn census_line(check: &str, store: &str) -> (usize, usize, usize) {
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

/// Asks the staff API (as `admin`) for every acknowledged submission and fetches each of its
/// files; how many files were read.
pub async fn assert_all_there(
    base: &str,
    admin: &reqwest::Client,
    acknowledged: &[Acknowledged],
) -> usize {
    let mut files = 0;
    for ack in acknowledged {
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
        let r = admin.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{ack:?} is there");
        let body: serde_json::Value = r.json().await.unwrap();
        let stored = body[list].as_array().unwrap();
        assert_eq!(stored.len(), expected, "{ack:?}: {body}");
        for file in stored {
            let url = file["url"].as_str().unwrap();
            let r = admin.get(format!("{base}{url}")).send().await.unwrap();
            assert_eq!(r.status(), 200, "{ack:?}: {url}");
            files += 1;
        }
    }
    files
}

/// Adds an admin (`admin@stad.test`) and a crew member of `wegen` (`ploeg@stad.test`), both
/// with the password `cli` gives, to the database in `dir`.
pub fn add_staff(dir: &Path) {
    add_staff_on(dir, None);
}

/// As [`add_staff`], on the database at `database` when given.
pub fn add_staff_on(dir: &Path, database: Option<&str>) {
    for (email, role, department) in [
        ("admin@stad.test", "admin", None),
        ("ploeg@stad.test", "crew", Some("wegen")),
    ] {
        let mut args = vec!["user", "add", "--email", email, "--role", role];
        if let Some(d) = department {
            args.extend(["--department", d]);
        }
        let (ok, out) = cli_on(dir, database, &args);
        assert!(ok, "{out}");
    }
}

/// 32 clients submitting to `server` until it goes away (see [`keep_submitting`]): 24
/// citizens, 4 complainants and 4 crews signed in as `ploeg@stad.test`. Each task answers how
/// many of its submissions were refused.
pub async fn start_load(
    server: &Meldpunt,
    acknowledged: &Arc<std::sync::Mutex<Vec<Acknowledged>>>,
) -> Vec<tokio::task::JoinHandle<usize>> {
    let crew = signed_in(&server.base, "ploeg@stad.test").await;
    let citizen = reqwest::Client::new();
    (0..32)
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
        .collect()
}
