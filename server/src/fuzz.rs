//! Mutation fuzzing of the parsers that read what strangers send: the multipart reader, the
//! photo pipeline, the PDF check, the planner's filter and the address CSV import. Each target
//! starts from valid inputs and feeds thousands of mutants (bits flipped, bytes set to edge
//! values, ranges cut, repeated or spliced from another seed, truncated) and checks that the
//! answer is either a result that holds the target's promises or a clear error, never a panic
//! and never an internal error (which would be a 500 for bad input).
//!
//! Written by hand on stable Rust: `cargo fuzz` needs a nightly toolchain and libFuzzer, which
//! a fresh machine running the test command does not have. The test command runs a short
//! smoke run; `MELDPUNT_FUZZ_ITERATIONS=200000 cargo test --release -p meldpunt-server --lib
//! fuzz` runs longer, and `MELDPUNT_FUZZ_SEED` replays a run. A failing input is written to
//! `target/fuzz-findings/` and named in the failure.

use meldpunt_app::error::AppError;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Mutants per target: `MELDPUNT_FUZZ_ITERATIONS`, or `smoke` in the test command.
fn iterations(smoke: usize) -> usize {
    std::env::var("MELDPUNT_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(smoke)
}

fn rng(target: &str) -> (StdRng, u64) {
    let seed = std::env::var("MELDPUNT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random);
    println!("fuzz {target}: seed {seed}");
    (StdRng::seed_from_u64(seed), seed)
}

/// One to four mutations of a seed (sometimes spliced with another).
fn mutate(rng: &mut StdRng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.gen_range(0..seeds.len())].clone();
    for _ in 0..rng.gen_range(1..=4) {
        let len = data.len();
        match rng.gen_range(0..7) {
            0 if len > 0 => {
                let at = rng.gen_range(0..len);
                data[at] ^= 1 << rng.gen_range(0..8);
            }
            1 if len > 0 => {
                let at = rng.gen_range(0..len);
                data[at] = [0x00, 0xff, 0x7f, 0x80, b'0', b';', b'\n'][rng.gen_range(0..7)];
            }
            2 => {
                let at = rng.gen_range(0..=len);
                let n = rng.gen_range(1..64);
                let noise: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
                data.splice(at..at, noise);
            }
            3 if len > 1 => {
                let from = rng.gen_range(0..len);
                let to = (from + rng.gen_range(1..=len.min(4096))).min(len);
                data.drain(from..to);
            }
            4 if len > 1 => {
                let from = rng.gen_range(0..len);
                let to = (from + rng.gen_range(1..=len.min(1024))).min(len);
                let copy = data[from..to].to_vec();
                let at = rng.gen_range(0..=data.len());
                data.splice(at..at, copy);
            }
            5 if len > 0 => data.truncate(rng.gen_range(0..len)),
            6 => {
                let other = &seeds[rng.gen_range(0..seeds.len())];
                if !other.is_empty() && len > 0 {
                    let cut = rng.gen_range(0..len);
                    let from = rng.gen_range(0..other.len());
                    data.truncate(cut);
                    data.extend_from_slice(&other[from..]);
                }
            }
            _ => {}
        }
    }
    data
}

/// Saves the input that broke `target` and fails, naming it.
fn found(target: &str, seed: u64, input: &[u8], what: &str) -> ! {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-findings");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{seed}.bin"));
    let _ = std::fs::write(&path, input);
    panic!(
        "fuzz {target} (seed {seed}): {what}; input saved to {}",
        path.display()
    );
}

/// Runs `check` on `iterations` mutants of `seeds`; `check` says what is wrong, if anything.
/// A panic inside it counts as a finding too.
fn fuzz(
    target: &str,
    seeds: &[Vec<u8>],
    iterations: usize,
    check: impl Fn(&[u8]) -> Option<String>,
) {
    let (mut rng, seed) = rng(target);
    for seed_input in seeds {
        if let Some(wrong) = check(seed_input) {
            found(target, seed, seed_input, &format!("a seed fails: {wrong}"));
        }
    }
    for _ in 0..iterations {
        let input = mutate(&mut rng, seeds);
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input))) {
            Ok(None) => {}
            Ok(Some(wrong)) => found(target, seed, &input, &wrong),
            Err(_) => found(target, seed, &input, "panicked"),
        }
    }
}

/// Bad input must get a clear error: anything but an internal one.
fn clear(e: &AppError) -> Option<String> {
    matches!(e, AppError::Internal { .. }).then(|| format!("an internal error: {e:?}"))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn fuzz_photo_pipeline() {
    let mut png = Vec::new();
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    let seeds = vec![fixture("orient3.jpg"), fixture("photo.webp"), png];
    fuzz(
        "photo",
        &seeds,
        iterations(150),
        |bytes| match crate::photo::process(bytes) {
            Ok(p) if !p.display.starts_with(&[0xFF, 0xD8]) => {
                Some("the display image is not a JPEG".into())
            }
            Ok(p) if p.width.max(p.height) > 1600 => {
                Some(format!("display {}×{}", p.width, p.height))
            }
            Ok(_) => None,
            Err(e) => clear(&e),
        },
    );
}

#[test]
fn fuzz_pdf_check() {
    let seeds = vec![fixture("letter.pdf")];
    fuzz("pdf", &seeds, iterations(2_000), |bytes| {
        crate::pdf::check(bytes).err().and_then(|e| clear(&e))
    });
}

#[test]
fn fuzz_planner_filter() {
    let seeds: Vec<Vec<u8>> = [
        "category=waste_not_collected,illegal_dumping&status=new,done",
        "department=wegen&channel=web,phone&from=2026-01-01&to=2026-06-30&overdue=1",
        "q=put+in+de+weg&status=in_progress",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    fuzz("planner-filter", &seeds, iterations(20_000), |bytes| {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(bytes).into_owned().collect();
        let filter = meldpunt_app::planner::domain::PlannerFilter::from_pairs(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        filter.err().and_then(|e| clear(&e))
    });
}

#[test]
fn fuzz_address_csv() {
    let register = fixture("../../sample-data/addresses-sint-truiden.csv");
    let head: Vec<u8> = register
        .split(|b| *b == b'\n')
        .take(40)
        .collect::<Vec<_>>()
        .join(&b'\n');
    let seeds = vec![
        head,
        b"street,number,postcode,municipality,lat,lon\nKerkstraat,1,3800,Sint-Truiden,50.81,5.18\n"
            .to_vec(),
    ];
    fuzz(
        "address-csv",
        &seeds,
        iterations(5_000),
        |bytes| match meldpunt_app::address::parse_csv(bytes) {
            Ok(rows) => rows
                .iter()
                .find(|r| r.street.trim().is_empty())
                .map(|r| format!("a row without a street: {r:?}")),
            Err(e) => clear(&e),
        },
    );
}

/// A report with a photo as a raw multipart body.
fn multipart_seed(boundary: &str, photo: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n\
         {{\"category\":\"road_damage\",\"lat\":50.8166,\"lon\":5.1866,\"description\":\"Put\"}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(photo);
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"attachment\"; \
             filename=\"brief.pdf\"\r\n\r\n%PDF-1.4 kort\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    body
}

#[test]
fn fuzz_multipart_reader() {
    use axum::extract::FromRequest;
    let boundary = "grens";
    let photo = fixture("orient3.jpg");
    let seeds = vec![
        multipart_seed(boundary, &photo[..2_000]),
        multipart_seed(boundary, b""),
    ];
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    fuzz("multipart", &seeds, iterations(3_000), |bytes| {
        let request = axum::http::Request::builder()
            .method("POST")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(axum::body::Body::from(bytes.to_vec()));
        let Ok(request) = request else {
            return Some("the request could not be built".into());
        };
        runtime.block_on(async {
            match axum::extract::Multipart::from_request(request, &()).await {
                Ok(multipart) => match crate::api::read_upload(multipart).await {
                    Ok(upload)
                        if upload.photos.len() > meldpunt_app::report::domain::MAX_PHOTOS =>
                    {
                        Some(format!("{} photos", upload.photos.len()))
                    }
                    Ok(_) => None,
                    Err(e) => clear(&e),
                },
                Err(rejection) => clear(&crate::api::multipart_rejection(rejection)),
            }
        })
    });
}
