//! Photo pipeline benchmark: the 12 MP phone JPEG through `photo::process` (display + thumbnail)
//! against `vipsthumbnail` making the same two outputs, in the same run. Prints medians and the
//! ratio. Run with `cargo bench -p meldpunt-server --bench photo`.

use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let input = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/phone-12mp-gps-orient6.jpg"
    );
    let bytes = std::fs::read(input).expect("benchmark input");
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);

    let _ = meldpunt_server::photo::process(&bytes).expect("warm-up");
    let ours: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let p = meldpunt_server::photo::process(&bytes).expect("process");
            std::hint::black_box(p);
            t.elapsed()
        })
        .collect();
    let ours = median(ours);
    println!(
        "meldpunt photo::process (1600 px + 400 px JPEG): median {:.1} ms over {runs} runs",
        ours.as_secs_f64() * 1e3
    );

    let out = std::env::temp_dir().join(format!("meldpunt-bench-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let vips = |size: &str, name: &str| {
        Command::new("vipsthumbnail")
            .arg(input)
            .args(["--size", size, "-o"])
            .arg(format!("{}/{name}[Q=82,strip]", out.display()))
            .status()
    };
    match vips("1600x1600", "warm.jpg") {
        Ok(s) if s.success() => {
            let theirs: Vec<Duration> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    let a = vips("1600x1600", "display.jpg").map(|s| s.success());
                    let b = vips("400x400", "thumb.jpg").map(|s| s.success());
                    assert!(
                        matches!((a, b), (Ok(true), Ok(true))),
                        "vipsthumbnail failed"
                    );
                    t.elapsed()
                })
                .collect();
            let theirs = median(theirs);
            let display_only: Vec<Duration> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    assert!(matches!(
                        vips("1600x1600", "display.jpg").map(|s| s.success()),
                        Ok(true)
                    ));
                    t.elapsed()
                })
                .collect();
            let display_only = median(display_only);
            println!("vipsthumbnail (two runs: 1600 px + 400 px):       median {:.1} ms over {runs} runs", theirs.as_secs_f64() * 1e3);
            println!(
                "vipsthumbnail (1600 px only, one run):            median {:.1} ms",
                display_only.as_secs_f64() * 1e3
            );
            println!(
                "ratio meldpunt / vipsthumbnail: {:.2}",
                ours.as_secs_f64() / theirs.as_secs_f64()
            );
        }
        _ => println!("vipsthumbnail not found (apt-get install libvips-tools) — no comparison"),
    }
    let _ = std::fs::remove_dir_all(out);
}
