//! Two instances on one PostgreSQL database, behind HAProxy
//! (round-robin, each request balanced on its own), as a city runs Meldpunt without a single
//! point of failure. Needs the test cluster (`MELDPUNT_TEST_POSTGRES`, see `scripts/test`);
//! without it the test says so and passes, unless `MELDPUNT_REQUIRE_POSTGRES` is set.

use crate::common::{
    add_staff_on, assert_all_there, cli_on, flat_png, keep_submitting, signed_in, Acknowledged,
    Meldpunt,
};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn postgres_server() -> Option<String> {
    match std::env::var("MELDPUNT_TEST_POSTGRES") {
        Ok(s) if !s.is_empty() => Some(s),
        _ => {
            assert!(
                std::env::var("MELDPUNT_REQUIRE_POSTGRES").is_err(),
                "MELDPUNT_REQUIRE_POSTGRES is set but MELDPUNT_TEST_POSTGRES names no cluster"
            );
            eprintln!("two-instance test skipped: MELDPUNT_TEST_POSTGRES is not set");
            None
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed when the test ends, however it ends.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// HAProxy in front of `backends`, checking each every 200 ms; its base URL.
fn haproxy(dir: &std::path::Path, backends: &[&str]) -> (Reaped, String) {
    let port = free_port();
    let servers: String = backends
        .iter()
        .enumerate()
        .map(|(i, addr)| format!("    server m{i} {addr} check inter 200ms fall 1 rise 2\n"))
        .collect();
    let config = format!(
        "global\n    maxconn 512\n\
         defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n\
         \x20   option forwardfor\n    retries 0\n\
         frontend web\n    bind 127.0.0.1:{port}\n    default_backend meldpunt\n\
         backend meldpunt\n    balance roundrobin\n    option httpchk GET /healthz\n{servers}"
    );
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config).unwrap();
    let child = Command::new("haproxy")
        .arg("-db")
        .arg("-f")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("haproxy (scripts/setup --test installs it)");
    (Reaped(child), format!("http://127.0.0.1:{port}"))
}

/// The SMTP sink of the integration tests (`tests/smtp_sink.py`); its port.
fn smtp_sink(dir: &std::path::Path) -> (Reaped, u16) {
    use std::io::BufRead;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/smtp_sink.py");
    let mut child = Command::new("/usr/bin/python3")
        .arg(script)
        .arg(dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Reaped(child), line.trim().parse().unwrap())
}

/// Recipients of the messages in the sink, one entry per message.
fn recipients(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            text.lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("X-Rcpt-To: ")
                .to_owned()
        })
        .collect();
    out.sort();
    out
}

/// The URL of a report's first photo, as the public API gives it, and the answer to fetching
/// it, both from `base`.
async fn first_photo(
    client: &reqwest::Client,
    base: &str,
    reference: &str,
) -> (String, reqwest::Response) {
    let (_, public) = json(
        client
            .get(format!("{base}/api/v1/reports/{reference}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let photo = public["photos"][0]["url"]
        .as_str()
        .unwrap_or_else(|| panic!("{public}"))
        .to_owned();
    let r = client.get(format!("{base}{photo}")).send().await.unwrap();
    (photo, r)
}

async fn json(r: reqwest::Response) -> (u16, serde_json::Value) {
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or_default())
}

/// POSTs a staff action on the version the client reads now.
async fn act(
    client: &reqwest::Client,
    base: &str,
    reference: &str,
    action: serde_json::Value,
) -> u16 {
    let current = client
        .get(format!("{base}/api/v1/staff/reports/{reference}"))
        .send()
        .await
        .unwrap();

    let etag = current
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no version of {reference} at {base}: {}", current.status()));
    client
        .post(format!("{base}/api/v1/staff/reports/{reference}/actions"))
        .header("If-Match", etag)
        .json(&action)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn two_instances_on_one_postgresql_serve_as_one() {
    let Some(server) = postgres_server() else {
        return;
    };
    let database = meldpunt_server::storage::postgres::create_empty_database(&server)
        .await
        .unwrap();
    let db = Some(database.as_str());
    let shared = Arc::new(tempfile::tempdir().unwrap());
    let sink_dir = tempfile::tempdir().unwrap();
    let (_sink, smtp_port) = smtp_sink(sink_dir.path());
    let smtp = format!("smtp://127.0.0.1:{smtp_port}");

    add_staff_on(shared.path(), db);
    for (email, role) in [
        ("co@stad.test", "coordinator"),
        ("plan@stad.test", "planner"),
    ] {
        let (ok, out) = cli_on(
            shared.path(),
            db,
            &[
                "user",
                "add",
                "--email",
                email,
                "--role",
                role,
                "--department",
                "wegen",
            ],
        );
        assert!(ok, "{out}");
    }
    let (ok, out) = cli_on(
        shared.path(),
        db,
        &[
            "team",
            "Ploeg Wegen",
            "--department",
            "wegen",
            "--member",
            "ploeg@stad.test",
        ],
    );
    assert!(ok, "{out}");
    let team: i64 = out
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("team id in {out}"));

    // Both start at once on one empty schema: the migrations run once, under a lock. They
    // share nothing but the database: photos are kept in it, and each has its own data
    // directory.
    let args = [
        "--smtp-url",
        smtp.as_str(),
        "--submit-rate-limit",
        "0",
        "--file-store",
        "database",
    ];
    let own = Arc::new(tempfile::tempdir().unwrap());
    let (mut a, b) = tokio::join!(
        Meldpunt::start_on(shared.clone(), db, &args, None, Stdio::null(), "warn"),
        Meldpunt::start_on(own, db, &args, None, Stdio::null(), "warn"),
    );
    let (_proxy, proxy) = haproxy(shared.path(), &[&a.addr, &b.addr]);
    let citizen = reqwest::Client::new();
    let started = Instant::now();
    while citizen
        .get(format!("{proxy}/healthz"))
        .send()
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "haproxy starts"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A citizen reports through A; the planner on B sees it within a second (B hears of the
    // change from the database; without that it would ask again only every 2 s).
    let planner = signed_in(&b.base, "plan@stad.test").await;
    let clusters = format!(
        "{}/api/v1/staff/planner/clusters?bbox=5.0,50.7,5.4,50.9&zoom=10",
        b.base
    );
    let (_, before) = json(planner.get(&clusters).send().await.unwrap()).await;
    let form = reqwest::multipart::Form::new()
        .text(
            "report",
            serde_json::json!({"category": "road_damage", "lat": 50.8166, "lon": 5.1866,
                "description": "Diepe put voor nummer 12",
                "contact": {"email": "melder@voorbeeld.be", "consent": true}})
            .to_string(),
        )
        .part(
            "photo",
            reqwest::multipart::Part::bytes(flat_png(640, 480)).file_name("put.png"),
        );
    let (s, receipt) = json(
        citizen
            .post(format!("{}/api/v1/reports", a.base))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{receipt}");
    let reference = receipt["ref"].as_str().unwrap().to_owned();
    let token = receipt["tracking_token"].as_str().unwrap().to_owned();
    let seen = Instant::now();
    loop {
        let (_, now) = json(planner.get(&clusters).send().await.unwrap()).await;
        if now["total"].as_u64() > before["total"].as_u64() {
            break;
        }
        assert!(
            seen.elapsed() < Duration::from_secs(1),
            "B's planner sees A's report: {now}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let planner_lag = seen.elapsed();
    // A's photo, served by B from the database, as any photo is served.
    let (photo, r) = first_photo(&citizen, &b.base, &reference).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    assert!(r.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]));
    assert!(
        !shared
            .path()
            .join("photos")
            .join(&photo["/photos/".len()..])
            .exists(),
        "not on A's disk"
    );

    // A coordinator assigns through B, the crew marks it done through A, and the tracking
    // page through B shows it done.
    let coordinator = signed_in(&b.base, "co@stad.test").await;
    let s = act(
        &coordinator,
        &b.base,
        &reference,
        serde_json::json!({"action": "assign", "team_id": team, "priority": 2}),
    )
    .await;
    assert_eq!(s, 204, "assigned through B");
    let crew = signed_in(&a.base, "ploeg@stad.test").await;
    let s = act(
        &crew,
        &a.base,
        &reference,
        serde_json::json!({"action": "done", "note": "Hersteld"}),
    )
    .await;
    assert_eq!(s, 204, "done through A");
    let page = citizen
        .get(format!("{}/track/{token}", b.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&reference) && page.contains("Hersteld"),
        "B's tracking page shows A's change"
    );

    // One Idempotency-Key sent to A and B at once: one report.
    let send = |base: String| {
        let client = citizen.clone();
        async move {
            let form = reqwest::multipart::Form::new().text(
                "report",
                serde_json::json!({"category": "graffiti", "lat": 50.8166, "lon": 5.1866,
                    "description": "Tag op de kerkmuur"})
                .to_string(),
            );
            let r = client
                .post(format!("{base}/api/v1/reports"))
                .header("Idempotency-Key", "same-key-on-both")
                .multipart(form)
                .send()
                .await
                .unwrap();
            json(r).await
        }
    };
    let (x, y) = tokio::join!(send(a.base.clone()), send(b.base.clone()));
    assert!(x.0 == 201 || x.0 == 200, "{x:?}");
    assert!(y.0 == 201 || y.0 == 200, "{y:?}");
    assert_eq!(x.1["ref"], y.1["ref"], "one report for one key");

    // The outbox: both workers run; every mail reaches the sink once.
    for n in 0..12 {
        let form = reqwest::multipart::Form::new().text(
            "report",
            serde_json::json!({"category": "graffiti", "lat": 50.8166, "lon": 5.1866,
                "description": format!("Tag nummer {n}"),
                "contact": {"email": format!("r{n}@voorbeeld.be"), "consent": true}})
            .to_string(),
        );
        let r = citizen
            .post(format!("{proxy}/api/v1/reports"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let waited = Instant::now();
    while recipients(sink_dir.path())
        .iter()
        .filter(|r| r.starts_with('r'))
        .count()
        < 12
    {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "mail arrives: {:?}",
            recipients(sink_dir.path())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Longer than both workers' polling: a second copy would have come by now.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = recipients(sink_dir.path());
    for n in 0..12 {
        let to = format!("r{n}@voorbeeld.be");
        assert_eq!(
            mails.iter().filter(|m| **m == to).count(),
            1,
            "{to}: {mails:?}"
        );
    }

    // Load through the proxy; A is killed with -9 halfway; B keeps serving and nothing
    // acknowledged is lost.
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<Acknowledged>::new()));
    let load: Vec<_> = (0..28)
        .map(|kind| {
            tokio::spawn(keep_submitting(
                proxy.clone(),
                citizen.clone(),
                kind,
                acknowledged.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before_kill = acknowledged.lock().unwrap().len();
    a.signal("KILL");
    a.wait_exit(Duration::from_secs(5)).expect("A is gone");
    tokio::time::sleep(Duration::from_millis(2000)).await;
    for task in &load {
        task.abort();
    }
    let after_kill = acknowledged.lock().unwrap().len() - before_kill;
    assert!(
        before_kill > 0 && after_kill > 0,
        "B served after A died: {before_kill} then {after_kill}"
    );
    let admin = signed_in(&b.base, "admin@stad.test").await;
    let all: Vec<Acknowledged> = acknowledged.lock().unwrap().clone();
    let files = assert_all_there(&b.base, &admin, &all).await;
    eprintln!(
        "two instances: planner on B saw A's report after {planner_lag:?}; \
         {before_kill} acknowledged before A's kill -9, {after_kill} after (by B), \
         all {} there with {files} files",
        all.len()
    );
}

#[tokio::test]
async fn two_instances_on_one_data_directory_share_its_photos() {
    let Some(server) = postgres_server() else {
        return;
    };
    let database = meldpunt_server::storage::postgres::create_database(&server)
        .await
        .unwrap();
    let db = Some(database.as_str());
    // The data directory shared (as over NFS): each instance holds it with a shared lock.
    let shared = Arc::new(tempfile::tempdir().unwrap());
    let args = ["--submit-rate-limit", "0"];
    let (a, b) = tokio::join!(
        Meldpunt::start_on(shared.clone(), db, &args, None, Stdio::null(), "warn"),
        Meldpunt::start_on(shared.clone(), db, &args, None, Stdio::null(), "warn"),
    );
    let client = reqwest::Client::new();
    let form = crate::common::report_form(flat_png(640, 480));
    let r = client
        .post(format!("{}/api/v1/reports", a.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (s, receipt) = json(r).await;
    assert_eq!(s, 201, "{receipt}");
    let reference = receipt["ref"].as_str().unwrap();
    let (photo, r) = first_photo(&client, &b.base, reference).await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    let on_disk = std::fs::read(
        shared
            .path()
            .join("photos")
            .join(&photo["/photos/".len()..]),
    );
    assert_eq!(on_disk.unwrap(), bytes, "B serves the file A wrote");
}

/// Whether two answers are the same, moments within a microsecond of each other: PostgreSQL
/// keeps microseconds, SQLite the nanoseconds the clock gave.
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            x == y
                || matches!(
                    (chrono::DateTime::parse_from_rfc3339(x), chrono::DateTime::parse_from_rfc3339(y)),
                    (Ok(x), Ok(y)) if (x - y).num_nanoseconds().is_some_and(|d| d.abs() <= 1_000)
                )
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Every public report in the demo's area, as the public API shows it, by reference.
async fn public_reports(base: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
    let client = reqwest::Client::new();
    let (_, fc) = json(
        client
            .get(format!("{base}/api/v1/reports?bbox=4.5,50.5,5.8,51.2"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut out = std::collections::BTreeMap::new();
    for f in fc["features"].as_array().unwrap() {
        let reference = f["properties"]["ref"].as_str().unwrap().to_owned();
        let (s, report) = json(
            client
                .get(format!("{base}/api/v1/reports/{reference}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, 200, "{reference}");
        out.insert(reference, report);
    }
    out
}

#[tokio::test]
async fn a_sqlite_city_moves_to_postgresql_with_every_report_photo_and_reference() {
    let Some(server) = postgres_server() else {
        return;
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let (ok, out) = cli_on(dir.path(), None, &["demo", "--count", "60"]);
    assert!(ok, "{out}");
    add_staff_on(dir.path(), None);
    let sqlite = format!("sqlite://{}/m.db", dir.path().display());

    let on_sqlite = Meldpunt::start_on(dir.clone(), None, &[], None, Stdio::null(), "warn").await;
    let before = public_reports(&on_sqlite.base).await;
    assert!(before.len() >= 40, "{} public reports", before.len());
    let client = reqwest::Client::new();
    let mut photo_bytes = std::collections::BTreeMap::new();
    for report in before.values() {
        for photo in report["photos"].as_array().unwrap() {
            for url in [&photo["url"], &photo["thumbnail_url"]] {
                let url = url.as_str().unwrap().to_owned();
                let r = client
                    .get(format!("{}{url}", on_sqlite.base))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200, "{url}");
                photo_bytes.insert(url, r.bytes().await.unwrap());
            }
        }
    }
    drop(on_sqlite);

    // Files move into the database with the rows (`--file-store database`). One photo gone
    // from the data directory: the copy fails and leaves the target as it was.
    let database = meldpunt_server::storage::postgres::create_database(&server)
        .await
        .unwrap();
    let migrate = [
        "--file-store",
        "database",
        "migrate-data",
        "--from",
        &sqlite,
        "--to",
        &database,
    ];
    let (store, key) = (
        dir.path().join("photos"),
        photo_bytes.keys().next().unwrap().clone(),
    );
    let key = key.rsplit("/photos/").next().unwrap().to_owned();
    std::fs::rename(store.join(&key), dir.path().join("away")).unwrap();
    let (ok, out) = cli_on(dir.path(), None, &migrate);
    assert!(!ok && out.contains(&key), "{out}");
    std::fs::rename(dir.path().join("away"), store.join(&key)).unwrap();
    let (ok, out) = cli_on(dir.path(), None, &migrate);
    assert!(ok && out.contains("all counts match"), "{out}");
    assert!(
        out.contains(&format!("stored_file: {} rows copied", photo_bytes.len())),
        "{out}"
    );
    assert!(
        out.contains("report: ") && out.contains("status_history: "),
        "{out}"
    );
    assert!(
        out.contains("standard_reply: 4 rows copied"),
        "the demo's standard replies: {out}"
    );
    // A second run finds the target full and refuses.
    let (ok, again) = cli_on(
        dir.path(),
        None,
        &["migrate-data", "--from", &sqlite, "--to", &database],
    );
    assert!(!ok && again.contains("not empty"), "{again}");

    // Served from the database by an instance with a data directory of its own.
    let db = Some(database.as_str());
    let elsewhere = Arc::new(tempfile::tempdir().unwrap());
    let args = ["--file-store", "database"];
    let on_postgres = Meldpunt::start_on(elsewhere, db, &args, None, Stdio::null(), "warn").await;
    let after = public_reports(&on_postgres.base).await;
    assert_eq!(after.len(), before.len());
    for (reference, report) in &before {
        assert!(
            after.get(reference).is_some_and(|a| same(a, report)),
            "{reference} as it was: {report} became {:?}",
            after.get(reference)
        );
    }
    let mut photos = 0;
    for (url, bytes) in &photo_bytes {
        let r = client
            .get(format!("{}{url}", on_postgres.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{url}");
        assert_eq!(&r.bytes().await.unwrap(), bytes, "{url} as it was");
        photos += 1;
    }
    // Staff sign in with their passwords; new reports continue the year's numbering.
    let admin = signed_in(&on_postgres.base, "admin@stad.test").await;
    let first = before.keys().next().unwrap();
    let (s, staff) = json(
        admin
            .get(format!("{}/api/v1/staff/reports/{first}", on_postgres.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{staff}");
    assert_eq!(staff["ref"], first.as_str());
    let last = before
        .keys()
        .filter(|r| r.starts_with(&format!("M-{}-", chrono::Utc::now().format("%Y"))))
        .max()
        .cloned();
    let form = reqwest::multipart::Form::new().text(
        "report",
        serde_json::json!({"category": "graffiti", "lat": 50.8166, "lon": 5.1866,
            "description": "Na de verhuis naar PostgreSQL"})
        .to_string(),
    );
    let (s, receipt) = json(
        client
            .post(format!("{}/api/v1/reports", on_postgres.base))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 201, "{receipt}");
    let new = receipt["ref"].as_str().unwrap().to_owned();
    if let Some(last) = last {
        assert!(new > last, "{new} comes after {last}");
    }
    eprintln!(
        "migrate-data: {} public reports and {photos} photos identical on PostgreSQL; next reference {new}",
        after.len()
    );
}

#[test]
fn files_in_the_database_need_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = cli_on(dir.path(), None, &["--file-store", "database", "check"]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("--file-store database keeps files in PostgreSQL"),
        "{out}"
    );
}
