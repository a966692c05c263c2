//! The photo pipeline through the API: every test input is accepted or refused as documented.

use meldpunt_tests::{fixture, report_json, TestApp};
use serde_json::Value;

fn has_exif(jpeg: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(jpeg))
        .is_ok()
}

async fn photo_bytes(app: &TestApp, url: &str) -> Vec<u8> {
    let r = app.get(url).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    // Revalidated after ten minutes, so that hiding a report takes its photos away.
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=600, must-revalidate"
    );
    r.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn every_accepted_input_is_stored_reencoded_without_metadata() {
    let app = TestApp::spawn().await;
    for name in [
        "phone-12mp-gps-orient6.jpg",
        "small-gps.jpg",
        "orient3.jpg",
        "alpha.png",
        "photo.webp",
        "jpeg-with-html-tail.jpg",
    ] {
        let receipt = app
            .submit_ok(&report_json("graffiti", name), &[(name, fixture(name))])
            .await;
        let report = app.report_of(&receipt).await;
        let photo = &report["photos"][0];
        assert_eq!(photo["kind"], "before");
        for key in ["url", "thumbnail_url"] {
            let bytes = photo_bytes(&app, photo[key].as_str().unwrap()).await;
            assert!(
                bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
                "{name}: stored as JPEG"
            );
            assert!(!has_exif(&bytes), "{name}: no EXIF left");
            assert!(
                !bytes.windows(5).any(|w| w == b"<html" || w == b"<HTML"),
                "{name}: no HTML tail"
            );
            let img = image::load_from_memory(&bytes).unwrap();
            let max = if key == "url" { 1600 } else { 400 };
            assert!(
                img.width().max(img.height()) <= max,
                "{name}: {key} fits {max}"
            );
        }
    }
}

#[tokio::test]
async fn the_12_megapixel_phone_photo_comes_out_upright_portrait() {
    let app = TestApp::spawn().await;
    let receipt = app
        .submit_ok(
            &report_json("road_damage", "12 MP"),
            &[("p.jpg", fixture("phone-12mp-gps-orient6.jpg"))],
        )
        .await;
    let report = app.report_of(&receipt).await;
    assert_eq!(
        (
            report["photos"][0]["width"].as_u64(),
            report["photos"][0]["height"].as_u64()
        ),
        (Some(1200), Some(1600))
    );
    let bytes = photo_bytes(&app, report["photos"][0]["url"].as_str().unwrap()).await;
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 1600));
}

#[tokio::test]
async fn upside_down_photo_is_rotated() {
    let app = TestApp::spawn().await;
    let original = image::load_from_memory(&fixture("orient3.jpg"))
        .unwrap()
        .to_rgb8();
    let receipt = app
        .submit_ok(
            &report_json("road_damage", "180"),
            &[("o.jpg", fixture("orient3.jpg"))],
        )
        .await;
    let report = app.report_of(&receipt).await;
    let stored = image::load_from_memory(
        &photo_bytes(&app, report["photos"][0]["url"].as_str().unwrap()).await,
    )
    .unwrap()
    .to_rgb8();
    assert_eq!(stored.dimensions(), original.dimensions());
    // The stored top-left corner is the original's bottom-right corner.
    let (w, h) = original.dimensions();
    let diff = |a: &image::Rgb<u8>, b: &image::Rgb<u8>| {
        a.0.iter()
            .zip(b.0.iter())
            .map(|(x, y)| (*x as i32 - *y as i32).abs())
            .sum::<i32>()
    };
    let rotated = diff(stored.get_pixel(2, 2), original.get_pixel(w - 3, h - 3));
    let unrotated = diff(stored.get_pixel(2, 2), original.get_pixel(2, 2));
    assert!(
        rotated < unrotated,
        "rotated {rotated} vs unrotated {unrotated}"
    );
}

#[tokio::test]
async fn rejected_inputs_get_their_documented_status_and_leave_nothing_stored() {
    let app = TestApp::spawn().await;
    // The message is for developers; the code names the text people read in their language.
    let cases = [
        ("iphone.heic", 415, "HEIC", "PhotoHeic"),
        ("not-an-image.jpg", 415, "not a JPEG", "PhotoNotAnImage"),
        (
            "bomb-50000x50000.png",
            422,
            "too large",
            "PhotoTooManyPixels",
        ),
        ("truncated.jpg", 422, "could not be read", "PhotoUnreadable"),
    ];
    for (name, status, says, code) in cases {
        let r = app
            .submit(
                &report_json("graffiti", name),
                &[(name, fixture(name))],
                None,
            )
            .await;
        assert_eq!(r.status().as_u16(), status, "{name}");
        let e: Value = r.json().await.unwrap();
        assert!(e["message"].as_str().unwrap().contains(says), "{name}: {e}");
        assert_eq!(e["code"], code, "{name}: {e}");
    }
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
    assert!(
        app.stored_files().await.is_empty(),
        "{:?}",
        app.stored_files().await
    );
}

#[tokio::test]
async fn one_bad_photo_among_good_ones_rejects_the_report_and_keeps_no_files() {
    let app = TestApp::spawn().await;
    let photos = [
        ("a.jpg", fixture("orient3.jpg")),
        ("b.heic", fixture("iphone.heic")),
    ];
    let r = app
        .submit(&report_json("graffiti", "mixed"), &photos, None)
        .await;
    assert_eq!(r.status().as_u16(), 415);
    assert!(app.stored_files().await.is_empty());
}

#[tokio::test]
async fn more_than_three_photos_or_an_oversized_photo_is_refused() {
    let app = TestApp::spawn().await;
    let p = fixture("orient3.jpg");
    let four = [
        ("1.jpg", p.clone()),
        ("2.jpg", p.clone()),
        ("3.jpg", p.clone()),
        ("4.jpg", p.clone()),
    ];
    let r = app
        .submit(&report_json("graffiti", "four"), &four, None)
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["field"], "photo");

    let mut big = p.clone();
    big.resize(15 * 1024 * 1024 + 1, 0);
    let r = app
        .submit(&report_json("graffiti", "big"), &[("big.jpg", big)], None)
        .await;
    assert_eq!(r.status().as_u16(), 413);
    assert_eq!(app.server.store.count_reports().await.unwrap(), 0);
    assert!(app.stored_files().await.is_empty());
}

#[tokio::test]
async fn leftover_files_are_swept_once_old_enough_and_a_data_dir_serves_one_process() {
    // Files in the data directory, on either database.
    let app = TestApp::spawn_configured(|c| c.file_store = meldpunt_server::FileStore::Fs).await;
    app.submit_ok(
        &report_json("road_damage", "leftovers"),
        &[("p.jpg", fixture("small-gps.jpg"))],
    )
    .await;
    let photos = app.dir.path().join("data/photos/ab");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::write(photos.join("ab12.jpg"), b"no row points here").unwrap();
    std::fs::write(photos.join("ab34.tmp"), b"a write cut off").unwrap();
    let ctx = &app.server.ctx;
    let found = meldpunt_app::maintenance::check(ctx).await.unwrap();
    assert!(found.is_sound(), "{found:?}");
    assert_eq!(found.photos.files, 3, "{found:?}");
    assert_eq!(found.photos.orphans, ["ab/ab12.jpg"]);
    assert_eq!(found.photos.partial, ["ab/ab34.tmp"]);
    // A sweep that may only take files older than an hour leaves these young ones alone
    // (they could belong to a request in flight) ...
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let swept = meldpunt_app::maintenance::sweep(ctx, hour_ago)
        .await
        .unwrap();
    assert_eq!((swept.orphans, swept.partial), (0, 0));
    // ... and one that takes everything removes both and nothing else.
    let swept = meldpunt_app::maintenance::sweep(ctx, std::time::SystemTime::now())
        .await
        .unwrap();
    assert_eq!((swept.orphans, swept.partial), (1, 1));
    let found = meldpunt_app::maintenance::check(ctx).await.unwrap();
    assert_eq!(
        (
            found.photos.files,
            found.photos.orphans.len(),
            found.photos.missing.len()
        ),
        (2, 0, 0),
        "the report's photo and thumbnail stay"
    );
    // A file a row points at, gone: the check says so.
    let key = ctx.store.referenced_files().await.unwrap().photos[0].clone();
    std::fs::remove_file(app.dir.path().join("data/photos").join(&key)).unwrap();
    let found = meldpunt_app::maintenance::check(ctx).await.unwrap();
    assert!(!found.is_sound());
    assert_eq!(found.photos.missing, [key]);
    // A second process on the same data directory is refused.
    let err = meldpunt_server::lock_data_dir(
        &app.dir.path().join("data"),
        meldpunt_server::DataDirUse::Alone,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("another meldpunt process"),
        "{err}"
    );
}
