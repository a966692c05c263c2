//! Faults an operator meets: signals during uploads, kill -9 under load, and what the log
//! says about a full run.

use super::common::*;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

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
async fn kill_9_under_load_loses_nothing_acknowledged() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    add_staff(dir.path());
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
        let before = acknowledged.lock().unwrap().len();
        let clients = start_load(&server, &acknowledged).await;
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
    let files = assert_all_there(&server.base, &admin, &acknowledged).await;
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
