//! Backup and restore: a drill under write load, and archives that must be refused.

use super::common::*;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `cli` off the async workers (it waits for the process).
async fn cli_async(dir: &Path, args: &[&str]) -> (bool, String) {
    let dir = dir.to_path_buf();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(&dir, &args)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_write_load_restores_everything_acknowledged_before_it() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    add_staff(dir.path());
    let mut server = Meldpunt::start_in(
        dir.clone(),
        &["--submit-rate-limit", "0"],
        None,
        Stdio::null(),
        "warn",
    )
    .await;
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let clients = start_load(&server, &acknowledged).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = acknowledged.lock().unwrap().clone();
    let archive = dir.path().join("backup.tar");
    let started = Instant::now();
    let (ok, out) = cli_async(dir.path(), &["backup", "--to", archive.to_str().unwrap()]).await;
    let took = started.elapsed();
    assert!(ok, "{out}");
    let during = acknowledged.lock().unwrap().len() - before.len();
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.signal("TERM");
    server.wait_exit(Duration::from_secs(30)).unwrap();
    for c in clients {
        c.await.unwrap();
    }
    println!(
        "backup under load took {took:?}; {} acknowledged before it, {during} while it ran\n{out}",
        before.len()
    );
    assert!(before.len() > 100, "the load ran: {}", before.len());
    assert!(during > 0, "writes went on while the backup ran");

    let (ok, out) = cli(
        dir.path(),
        &["backup", "--verify", archive.to_str().unwrap()],
    );
    assert!(ok, "{out}");
    assert!(out.contains("backup verified"), "{out}");

    let elsewhere = Arc::new(tempfile::tempdir().unwrap());
    let (ok, out) = cli(
        elsewhere.path(),
        &["restore", "--from", archive.to_str().unwrap()],
    );
    assert!(ok, "{out}");
    assert!(out.contains("check: ok"), "{out}");
    let restored = Meldpunt::start_in(elsewhere.clone(), &[], None, Stdio::null(), "warn").await;
    let admin = signed_in(&restored.base, "admin@stad.test").await;
    let files = assert_all_there(&restored.base, &admin, &before).await;
    println!(
        "restored: {} acknowledged before the backup all there, {files} files read",
        before.len()
    );
}

/// A backup of a fresh directory with the demo's reports and photos, and a complaint with an
/// attachment: the directory and the archive.
async fn small_backup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = cli(dir.path(), &["demo", "--count", "40"]);
    assert!(ok, "{out}");
    let archive = dir.path().join("backup.tar");
    let (ok, out) = cli_async(dir.path(), &["backup", "--to", archive.to_str().unwrap()]).await;
    assert!(ok, "{out}");
    (dir, archive)
}

/// Verify refuses `archive` with a message containing `expected`, and a restore of it into an
/// empty directory fails the same way and leaves the directory without data.
fn refused(archive: &Path, expected: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let (ok, out) = cli(
        scratch.path(),
        &["backup", "--verify", archive.to_str().unwrap()],
    );
    assert!(!ok, "verify accepted it: {out}");
    assert!(out.contains(expected), "verify: {out}");
    let (ok, out) = cli(
        scratch.path(),
        &["restore", "--from", archive.to_str().unwrap()],
    );
    assert!(!ok, "restore accepted it: {out}");
    assert!(out.contains(expected), "restore: {out}");
    let mut left: Vec<String> = walk(scratch.path())
        .into_iter()
        .filter(|name| name != "meldpunt.lock")
        .collect();
    left.sort();
    assert!(left.is_empty(), "a refused restore left {left:?}");
}

/// Every file under `root`, relative.
fn walk(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                dirs.push(entry.path());
            } else {
                let path = entry.path();
                found.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    found
}

/// The archive's entries, as (name, bytes).
fn entries(archive: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut tar = tar::Archive::new(std::fs::File::open(archive).unwrap());
    tar.entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = e.path().unwrap().display().to_string();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

/// Writes `entries` as a tar archive at `to`, names as given (even hostile ones).
fn write_entries(to: &Path, entries: &[(String, Vec<u8>)]) {
    let mut tar = tar::Builder::new(std::fs::File::create(to).unwrap());
    for (name, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_entry_type(tar::EntryType::Regular);
        // Set byte for byte: `append_data` would refuse `..`.
        let field = &mut header.as_old_mut().name;
        field[..name.len()].copy_from_slice(name.as_bytes());
        header.set_cksum();
        tar.append(&header, bytes.as_slice()).unwrap();
    }
    tar.finish().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn damaged_and_hostile_archives_are_refused_and_restore_nothing() {
    let (dir, archive) = small_backup().await;
    let good = entries(&archive);
    assert_eq!(good.first().unwrap().0, "meldpunt.db");
    assert_eq!(good.last().unwrap().0, "manifest.json");
    let photo_at = good
        .iter()
        .position(|(name, _)| name.starts_with("photos/"))
        .expect("the demo's photos are in it");
    let bad = dir.path().join("bad.tar");

    // One byte of a photo changed.
    let mut flipped = good.clone();
    flipped[photo_at].1[100] ^= 0x55;
    write_entries(&bad, &flipped);
    refused(&bad, "checksum differs from the manifest");

    // Cut short: half the archive.
    let bytes = std::fs::read(&archive).unwrap();
    std::fs::write(&bad, &bytes[..bytes.len() / 2]).unwrap();
    refused(&bad, "cut short");

    // A photo left out (and so missing from the manifest's files too).
    let mut fewer = good.clone();
    fewer.remove(photo_at);
    write_entries(&bad, &fewer);
    refused(&bad, "is in the manifest but not in the archive");

    // A file walking out of the data directory, and one the manifest does not name.
    for (name, expected) in [
        ("photos/../../escaped.jpg", "unexpected entry"),
        ("../escaped.jpg", "unexpected entry"),
        ("/etc/escaped", "unexpected entry"),
        ("photos/ab/extra.jpg", "not in the manifest"),
    ] {
        let mut hostile = good.clone();
        hostile.insert(1, (name.to_owned(), b"x".to_vec()));
        write_entries(&bad, &hostile);
        refused(&bad, expected);
        assert!(!dir.path().join("escaped.jpg").exists());
    }

    // A manifest that does not match its database.
    let mut manifest: serde_json::Value = serde_json::from_slice(&good.last().unwrap().1).unwrap();
    manifest["counts"]["report"] = serde_json::json!(41);
    let mut recounted = good.clone();
    recounted.last_mut().unwrap().1 = serde_json::to_vec(&manifest).unwrap();
    write_entries(&bad, &recounted);
    refused(&bad, "row counts differ");

    // Not an archive at all.
    std::fs::write(
        &bad,
        include_bytes!("../../../tests/fixtures/small-gps.jpg"),
    )
    .unwrap();
    refused(&bad, "bad.tar");

    // The untouched archive is still good.
    let (ok, out) = cli(
        dir.path(),
        &["backup", "--verify", archive.to_str().unwrap()],
    );
    assert!(ok, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restore_goes_only_into_an_empty_place_and_backup_never_overwrites() {
    let (dir, archive) = small_backup().await;
    let path = archive.to_str().unwrap();
    // Over the database it came from.
    let (ok, out) = cli(dir.path(), &["restore", "--from", path]);
    assert!(!ok, "{out}");
    assert!(out.contains("exists already"), "{out}");
    // Over an existing backup.
    let (ok, out) = cli(dir.path(), &["backup", "--to", path]);
    assert!(!ok, "{out}");
    assert!(out.contains("exists already"), "{out}");
    // Into a directory holding photos but no database.
    let target = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(target.path().join("photos/ab")).unwrap();
    std::fs::write(target.path().join("photos/ab/cd.jpg"), b"someone's photo").unwrap();
    let (ok, out) = cli(target.path(), &["restore", "--from", path]);
    assert!(!ok, "{out}");
    assert!(out.contains("holds files already"), "{out}");
    assert_eq!(
        std::fs::read(target.path().join("photos/ab/cd.jpg")).unwrap(),
        b"someone's photo"
    );
    assert!(!target.path().join("m.db").exists());
    // While a server runs on the target.
    let running = Arc::new(tempfile::tempdir().unwrap());
    let _server = Meldpunt::start_in(running.clone(), &[], None, Stdio::null(), "warn").await;
    let (ok, out) = cli(running.path(), &["restore", "--from", path]);
    assert!(!ok, "{out}");
    assert!(out.contains("another meldpunt process"), "{out}");
    // An empty place takes it, and the restored data checks out.
    let empty = tempfile::tempdir().unwrap();
    let (ok, out) = cli(empty.path(), &["restore", "--from", path]);
    assert!(ok, "{out}");
    let (ok, out) = cli(empty.path(), &["check"]);
    assert!(ok, "{out}");
    assert!(out.contains("database: ok"), "{out}");
    assert_eq!(census_line(&out, "photos"), (0, 0, 0), "{out}");
}
