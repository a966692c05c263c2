//! `meldpunt backup`, `backup --verify` and `restore`.
//!
//! A backup is one tar archive: `meldpunt.db`, a consistent copy of the SQLite database taken
//! while the server goes on writing (`VACUUM INTO`); `photos/…` and `private/…`, every file a
//! row of that copy points at; and `manifest.json` last, naming every other entry with its
//! size and SHA-256, the app version, the migrations applied and row counts. Photos are
//! written before the row that names them commits and are never changed, so the copy's files
//! are all on disk when they are read.
//!
//! Reading an archive (verify and restore) accepts nothing else: only regular files, only
//! those names, each once, each as long and with the checksum the manifest says, the manifest
//! naming nothing that is missing; then the database copy must pass SQLite's own checks, hold
//! the counted rows and point at no file the archive lacks. A restore stages everything beside
//! its target and moves it into place only when all of that holds, the database last.
//!
//! The layout and the checks are ours, on top of the `tar` crate: a format any operator can
//! open with `tar tvf`, and nothing more to trust than a checksum per file.

use crate::storage::photos::is_valid_key;
use crate::storage::sqlite::{database_file, SqliteStore};
use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use meldpunt_app::port::MaintenanceStore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// What the manifest's `format` says; another value is refused.
pub const FORMAT: &str = "meldpunt-backup/1";
const DATABASE: &str = "meldpunt.db";
const MANIFEST: &str = "manifest.json";
/// A manifest lists every file in a line or so; a million photos stay well under this.
const MANIFEST_LIMIT: u64 = 512 << 20;
/// The file stores under the data directory, by their name in the archive.
const STORES: [&str; 2] = ["photos", "private"];

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// The version of Meldpunt that wrote it.
    pub app_version: String,
    pub created_at: DateTime<Utc>,
    /// Migrations applied to the database copy (a newer Meldpunt's backup has more than this
    /// build knows, and is refused).
    pub migrations: usize,
    /// Rows per table of the copy.
    pub counts: BTreeMap<String, i64>,
    /// Every entry but the manifest, in archive order.
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Manifest {
    /// Bytes of the files it names.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }

    /// `report 12, photo 30, …`: the counts for a person.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(table, n)| format!("{table} {n}"))
            .collect();
        format!(
            "{} files, {:.1} MB; rows: {}",
            self.files.len(),
            self.total_bytes() as f64 / 1e6,
            counts.join(", ")
        )
    }
}

/// Writes a backup of the database at `database_url` and the file stores in `data_dir` to
/// `to`, which must not exist. Safe while the server runs: nothing is locked for longer than
/// SQLite's read of the copy, and `to` appears only when complete and on disk.
pub async fn backup(database_url: &str, data_dir: &Path, to: &Path) -> anyhow::Result<Manifest> {
    if to.exists() {
        bail!(
            "{} exists already; give the backup a new name",
            to.display()
        );
    }
    let partial = with_suffix(to, ".partial");
    let snapshot = with_suffix(to, ".db.partial");
    let _cleanup = RemoveOnDrop(vec![partial.clone(), snapshot.clone()]);
    for leftover in [&partial, &snapshot] {
        remove_if_present(leftover)?;
    }
    let live_file = database_file(database_url)?;
    if !live_file.exists() {
        bail!("no database at {}", live_file.display());
    }
    let live = SqliteStore::open_existing(&live_file, false).await?;
    let schema = live.schema_state().await?;
    if schema.applied > schema.known {
        bail!(
            "the database has {} migrations, this Meldpunt knows {}: back it up with the version that runs it",
            schema.applied,
            schema.known
        );
    }
    live.snapshot_into(&snapshot)
        .await
        .context("copying the database")?;
    live.close().await;

    let copy = SqliteStore::open_existing(&snapshot, true).await?;
    let counts = copy.row_counts().await?;
    let migrations = copy.schema_state().await?.applied;
    let referenced = copy.referenced_files().await?;
    copy.close().await;

    let mut names = Vec::new();
    for (store, keys) in STORES.iter().zip([referenced.photos, referenced.private]) {
        let keys: BTreeSet<String> = keys.into_iter().collect();
        for key in keys {
            if !is_valid_key(&key) {
                bail!("the database names a file {key:?} that is not a file key");
            }
            names.push((format!("{store}/{key}"), data_dir.join(store).join(&key)));
        }
    }
    let manifest = {
        let partial = partial.clone();
        tokio::task::spawn_blocking(move || {
            write_archive(&partial, &snapshot, &names, counts, migrations)
        })
        .await??
    };
    std::fs::rename(&partial, to)?;
    sync_dir(to)?;
    Ok(manifest)
}

fn write_archive(
    to: &Path,
    snapshot: &Path,
    files: &[(String, PathBuf)],
    counts: BTreeMap<String, i64>,
    migrations: usize,
) -> anyhow::Result<Manifest> {
    let out = File::options()
        .write(true)
        .create_new(true)
        .open(to)
        .with_context(|| format!("creating {}", to.display()))?;
    let mut archive = tar::Builder::new(BufWriter::with_capacity(1 << 20, out));
    let mut entries = vec![append_file(&mut archive, DATABASE, snapshot)?];
    for (name, path) in files {
        let entry = append_file(&mut archive, name, path).with_context(|| {
            format!("{name}: a file the database names could not be read (removed by retention while the backup ran? run it again)")
        })?;
        entries.push(entry);
    }
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: Utc::now(),
        migrations,
        counts,
        files: entries,
    };
    let json = serde_json::to_vec_pretty(&manifest)?;
    let mut header = entry_header(json.len() as u64);
    archive.append_data(&mut header, MANIFEST, json.as_slice())?;
    let out = archive
        .into_inner()?
        .into_inner()
        .map_err(|e| e.into_error())?;
    out.sync_all()?;
    Ok(manifest)
}

fn entry_header(size: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(Utc::now().timestamp().try_into().unwrap_or_default());
    header
}

fn append_file<W: Write>(
    archive: &mut tar::Builder<W>,
    name: &str,
    path: &Path,
) -> anyhow::Result<ManifestFile> {
    let file = File::open(path)?;
    let bytes = file.metadata()?.len();
    let mut reader = Hashing::new(file.take(bytes));
    archive.append_data(&mut entry_header(bytes), name, &mut reader)?;
    if reader.bytes != bytes {
        bail!("{} changed while it was read", path.display());
    }
    Ok(ManifestFile {
        path: name.to_owned(),
        bytes,
        sha256: reader.hex(),
    })
}

/// Reads the archive at `from` and checks all of it (see the module's comment), writing
/// nothing but a temporary copy of the database.
pub async fn verify(from: &Path) -> anyhow::Result<Manifest> {
    let scratch = tempfile::tempdir()?;
    let database = scratch.path().join(DATABASE);
    let unpacked = {
        let (from, database) = (from.to_path_buf(), database.clone());
        tokio::task::spawn_blocking(move || unpack(&from, &database, None)).await??
    };
    check_copy(&database, &unpacked).await?;
    Ok(unpacked.manifest)
}

/// Restores the archive at `from` into the database at `database_url` and the file stores in
/// `data_dir`, both of which must be empty: nothing is overwritten. Holds the data directory's
/// lock, so a server on it is refused (and cannot start meanwhile).
pub async fn restore(database_url: &str, data_dir: &Path, from: &Path) -> anyhow::Result<Manifest> {
    let _lock = crate::lock_data_dir(data_dir, crate::DataDirUse::Alone)?;
    let target = database_file(database_url)?;
    for path in [target.clone(), with_suffix(&target, "-wal")] {
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            bail!(
                "{} exists already: a restore goes into an empty database, never over one",
                path.display()
            );
        }
    }
    for store in STORES {
        let root = data_dir.join(store);
        if root.exists() && has_files(&root)? {
            bail!(
                "{} holds files already: a restore goes into an empty data directory",
                root.display()
            );
        }
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // Staged beside the targets (same file system, so the final moves are renames); what an
    // interrupted restore left there is ours to replace.
    let staging = data_dir.join(".restoring");
    let staged_db = with_suffix(&target, ".restoring");
    let _cleanup = RemoveOnDrop(vec![staging.clone(), staged_db.clone()]);
    remove_if_present(&staging)?;
    remove_if_present(&staged_db)?;
    std::fs::create_dir_all(&staging)?;
    let unpacked = {
        let (from, db, files) = (from.to_path_buf(), staged_db.clone(), staging.clone());
        tokio::task::spawn_blocking(move || unpack(&from, &db, Some(&files))).await??
    };
    check_copy(&staged_db, &unpacked).await?;
    for store in STORES {
        let root = data_dir.join(store);
        if root.exists() {
            // Checked above: only empty directories.
            std::fs::remove_dir_all(&root)?;
        }
        let staged = staging.join(store);
        if staged.exists() {
            std::fs::rename(&staged, &root)?;
        } else {
            std::fs::create_dir_all(&root)?;
        }
    }
    File::open(data_dir)?.sync_all()?;
    std::fs::rename(&staged_db, &target)?;
    sync_dir(&target)?;
    Ok(unpacked.manifest)
}

/// An archive read through, its entries checked against its manifest.
struct Unpacked {
    manifest: Manifest,
    /// `photos/…` and `private/…` names found.
    files: BTreeSet<String>,
}

/// Reads every entry of `from`: the database to `database`, files under `files` (or nowhere),
/// checking names, sizes and checksums against the manifest.
fn unpack(from: &Path, database: &Path, files: Option<&Path>) -> anyhow::Result<Unpacked> {
    let input = File::open(from).with_context(|| format!("opening {}", from.display()))?;
    let mut archive = tar::Archive::new(BufReader::with_capacity(1 << 20, input));
    let mut found: BTreeMap<String, ManifestFile> = BTreeMap::new();
    let mut manifest: Option<Manifest> = None;
    let damaged = || format!("reading {}: damaged or cut short", from.display());
    for entry in archive.entries().with_context(damaged)? {
        let mut entry = entry.with_context(damaged)?;
        let name = String::from_utf8(entry.path_bytes().into_owned())
            .map_err(|_| anyhow::anyhow!("an entry's name is not UTF-8: not a Meldpunt backup"))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            bail!("{name:?} is not a plain file: not a Meldpunt backup");
        }
        if found.contains_key(&name) || (name == MANIFEST && manifest.is_some()) {
            bail!("{name:?} is in the archive twice");
        }
        let size = entry.size();
        if name == MANIFEST {
            if size > MANIFEST_LIMIT {
                bail!("the manifest is {size} bytes: too large to be one");
            }
            let mut json = Vec::new();
            (&mut entry).take(MANIFEST_LIMIT).read_to_end(&mut json)?;
            manifest = Some(
                serde_json::from_slice(&json).context("the manifest is not a Meldpunt manifest")?,
            );
            continue;
        }
        let destination = if name == DATABASE {
            Some(database.to_path_buf())
        } else {
            let store_key = name
                .split_once('/')
                .filter(|(store, key)| STORES.contains(store) && is_valid_key(key));
            if store_key.is_none() {
                bail!("unexpected entry {name:?}: not a Meldpunt backup");
            }
            files.map(|root| root.join(&name))
        };
        let mut reader = Hashing::new(&mut entry);
        match &destination {
            Some(path) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                let mut out = File::options().write(true).create_new(true).open(path)?;
                std::io::copy(&mut reader, &mut out).with_context(damaged)?;
                out.sync_all()?;
            }
            None => {
                std::io::copy(&mut reader, &mut std::io::sink()).with_context(damaged)?;
            }
        }
        found.insert(
            name.clone(),
            ManifestFile {
                bytes: reader.bytes,
                sha256: reader.hex(),
                path: name,
            },
        );
    }
    let Some(manifest) = manifest else {
        bail!(
            "{} has no manifest: cut short, or not a Meldpunt backup",
            from.display()
        );
    };
    if manifest.format != FORMAT {
        bail!(
            "the archive's format is {:?}; this Meldpunt reads {FORMAT:?}",
            manifest.format
        );
    }
    for listed in &manifest.files {
        match found.remove(&listed.path) {
            None => bail!("{} is in the manifest but not in the archive", listed.path),
            Some(read) if read.bytes != listed.bytes => bail!(
                "{}: {} bytes, the manifest says {}: damaged",
                listed.path,
                read.bytes,
                listed.bytes
            ),
            Some(read) if read.sha256 != listed.sha256 => {
                bail!(
                    "{}: its checksum differs from the manifest's: damaged",
                    listed.path
                )
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().next() {
        bail!("{extra} is in the archive but not in the manifest");
    }
    if !manifest.files.iter().any(|f| f.path == DATABASE) {
        bail!("the archive holds no database");
    }
    if let Some(files) = files {
        for store in STORES {
            sync_tree(&files.join(store))?;
        }
    }
    let files = manifest
        .files
        .iter()
        .filter(|f| f.path != DATABASE)
        .map(|f| f.path.clone())
        .collect();
    Ok(Unpacked { manifest, files })
}

/// The database copy passes SQLite's checks, has the manifest's schema and counts, and points
/// at no file the archive lacks.
async fn check_copy(database: &Path, unpacked: &Unpacked) -> anyhow::Result<()> {
    let manifest = &unpacked.manifest;
    let copy = SqliteStore::open_existing(database, true).await?;
    let problems = copy.integrity_problems().await?;
    if !problems.is_empty() {
        bail!(
            "the database in the archive is damaged: {}",
            problems.join("; ")
        );
    }
    let schema = copy.schema_state().await?;
    if schema.applied != manifest.migrations {
        bail!(
            "the database has {} migrations, the manifest says {}",
            schema.applied,
            manifest.migrations
        );
    }
    if schema.applied > schema.known {
        bail!(
            "the backup was made by a newer Meldpunt ({}, {} migrations; this one knows {}): restore it with that version",
            manifest.app_version,
            schema.applied,
            schema.known
        );
    }
    let counts = copy.row_counts().await?;
    if counts != manifest.counts {
        bail!("the database's row counts differ from the manifest's");
    }
    let referenced = copy.referenced_files().await?;
    copy.close().await;
    for (store, keys) in STORES.iter().zip([&referenced.photos, &referenced.private]) {
        if let Some(missing) = keys
            .iter()
            .map(|key| format!("{store}/{key}"))
            .find(|name| !unpacked.files.contains(name))
        {
            bail!("the database names {missing}, which the archive lacks");
        }
    }
    Ok(())
}

/// A reader that counts and hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    fn hex(&self) -> String {
        hex::encode(self.hash.clone().finalize())
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Deletes the paths when dropped (a file or a directory), whatever happened.
struct RemoveOnDrop(Vec<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = remove_if_present(path);
        }
    }
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a rename in `path`'s directory durable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => File::open(".")?.sync_all(),
    }
}

/// Makes the directories under `root` (the files are synced as written) durable.
fn sync_tree(root: &Path) -> std::io::Result<()> {
    if !root.exists() {
        return Ok(());
    }
    for dir in std::fs::read_dir(root)? {
        let dir = dir?;
        if dir.file_type()?.is_dir() {
            File::open(dir.path())?.sync_all()?;
        }
    }
    File::open(root)?.sync_all()
}

/// Whether any file lies under `root`, however deep.
fn has_files(root: &Path) -> std::io::Result<bool> {
    for entry in std::fs::read_dir(root)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if !kind.is_dir() || has_files(&entry.path())? {
            return Ok(true);
        }
    }
    Ok(false)
}
