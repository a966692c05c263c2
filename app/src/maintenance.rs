//! Operators' upkeep: sweeping files no row points at (left by a crash between writing a
//! photo and committing its report), and the soundness check behind `meldpunt check`.

use crate::context::Ctx;
use crate::error::AppError;
use crate::port::PhotoFiles;
use std::collections::HashSet;
use std::time::SystemTime;

/// What one file store holds compared with the rows pointing into it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileCensus {
    /// Finished files.
    pub files: usize,
    /// Finished files no row points at.
    pub orphans: Vec<String>,
    /// Unfinished writes (`.tmp`).
    pub partial: Vec<String>,
    /// Keys rows point at whose file is gone.
    pub missing: Vec<String>,
}

/// Orphans and partial writes removed by a sweep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub orphans: usize,
    pub partial: usize,
}

/// What `meldpunt check` reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Soundness {
    pub database: Vec<String>,
    pub photos: FileCensus,
    pub private_files: FileCensus,
}

impl Soundness {
    /// Nothing wrong: the database checks pass and no row points at a missing file. Orphan
    /// and partial files are harmless leftovers that the next start sweeps.
    pub fn is_sound(&self) -> bool {
        self.database.is_empty()
            && self.photos.missing.is_empty()
            && self.private_files.missing.is_empty()
    }
}

/// Compares a file store with the keys rows point at. Only files last changed before
/// `older_than` count as orphans or partial: a younger one may belong to a request in flight.
async fn census(
    files: &dyn PhotoFiles,
    referenced: &[String],
    older_than: SystemTime,
) -> Result<FileCensus, AppError> {
    let stored = files.list().await?;
    let referenced: HashSet<&str> = referenced.iter().map(String::as_str).collect();
    let present: HashSet<&str> = stored.iter().map(|f| f.key.as_str()).collect();
    let mut census = FileCensus {
        missing: referenced
            .iter()
            .filter(|k| !present.contains(*k))
            .map(|k| (*k).to_owned())
            .collect(),
        ..FileCensus::default()
    };
    for file in &stored {
        let old = file.modified < older_than;
        if file.partial {
            if old {
                census.partial.push(file.key.clone());
            }
        } else {
            census.files += 1;
            if old && !referenced.contains(file.key.as_str()) {
                census.orphans.push(file.key.clone());
            }
        }
    }
    Ok(census)
}

/// Checks the database and both file stores, changing nothing.
pub async fn check(ctx: &Ctx) -> Result<Soundness, AppError> {
    let referenced = ctx.store.referenced_files().await?;
    let now = SystemTime::now();
    Ok(Soundness {
        database: ctx.store.integrity_problems().await?,
        photos: census(ctx.photos.as_ref(), &referenced.photos, now).await?,
        private_files: census(ctx.private_files.as_ref(), &referenced.private, now).await?,
    })
}

/// Deletes files no row points at and unfinished writes, last changed before `older_than`.
/// Stores whose files are written with their rows are skipped: nothing is left over there
/// (and listing a city's photos from the database at every start would cost).
pub async fn sweep(ctx: &Ctx, older_than: SystemTime) -> Result<Swept, AppError> {
    let mut swept = Swept::default();
    if ctx.photos.written_with_rows() && ctx.private_files.written_with_rows() {
        return Ok(swept);
    }
    let referenced = ctx.store.referenced_files().await?;
    for (files, keys) in [
        (ctx.photos.as_ref(), &referenced.photos),
        (ctx.private_files.as_ref(), &referenced.private),
    ] {
        if files.written_with_rows() {
            continue;
        }
        let found = census(files, keys, older_than).await?;
        for key in found.orphans.iter().chain(&found.partial) {
            files.delete(key).await?;
        }
        swept.orphans += found.orphans.len();
        swept.partial += found.partial.len();
    }
    Ok(swept)
}
