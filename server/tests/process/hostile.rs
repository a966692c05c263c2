//! Cheap attacks: hostile photos, sign-in floods, slow connections.

use super::common::*;
use std::time::{Duration, Instant};

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
