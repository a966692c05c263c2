//! The planners' index kept in the data directory between runs (`planner-index.bin`), so a
//! restarted server answers planners within a second or two instead of reading every report
//! again (issue 19: 11 s at a million reports on SQLite, 4 s on PostgreSQL).
//!
//! At start the file is read and checked: its layout and tag (backend, schema and version),
//! its checksum, and the database itself, which must hold as many reports up to the file's
//! highest id and a change at least as new as the file's mark. Then the index reads every report
//! changed since the mark, as a running index does at every planner request. A file that fails
//! any check is left alone and the index is read from the database as before. The file is
//! written after the first load and then every ten minutes when the index has moved; it is a
//! cache only (backups leave it out, and deleting it costs one slow start).

use meldpunt_app::context::Ctx;
use meldpunt_app::planner::index::PlannerIndex;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The file's name in the data directory.
pub const FILE: &str = "planner-index.bin";
/// How often the index catches up with the database and is written when it moved.
const EVERY: Duration = Duration::from_secs(600);

/// What the file is made from: a file of another backend, schema or version is not read.
pub async fn tag(ctx: &Ctx, backend: &str) -> Result<String, String> {
    let schema = ctx.store.schema_state().await.map_err(|e| e.to_string())?;
    Ok(format!(
        "{backend} schema {} meldpunt {}",
        schema.applied,
        env!("CARGO_PKG_VERSION")
    ))
}

/// Reads the file into the empty index when it passes every check; the number of reports
/// taken from it, or why it was not used.
async fn restore(ctx: &Ctx, dir: &Path, tag: &str) -> Result<u64, String> {
    let path = dir.join(FILE);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("no file yet".into()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let tag = tag.to_owned();
    let restored = tokio::task::spawn_blocking(move || PlannerIndex::read_snapshot(&bytes, &tag))
        .await
        .map_err(|e| e.to_string())??;
    let facts = restored.facts.clone();
    let mark = ctx
        .store
        .planner_mark(facts.max_id)
        .await
        .map_err(|e| e.to_string())?;
    if mark.reports_up_to != facts.reports {
        return Err(format!(
            "the database holds {} reports up to id {}, the file {}",
            mark.reports_up_to, facts.max_id, facts.reports
        ));
    }
    if mark
        .newest_change
        .is_none_or(|newest| newest < facts.synced_to)
    {
        return Err("the database has no change as new as the file's (an older copy?)".into());
    }
    if !ctx.planner.install(restored) {
        return Err("the index had loaded already".into());
    }
    ctx.planner
        .restored
        .store(facts.reports, std::sync::atomic::Ordering::Relaxed);
    Ok(facts.reports)
}

/// Writes the index to the file (through a partial file and a rename, so a reader never sees
/// half of one); its size, or `None` when there is nothing to write.
async fn save(ctx: &Ctx, dir: &Path, tag: &str) -> std::io::Result<Option<usize>> {
    if ctx.planner.is_empty() {
        return Ok(None);
    }
    let planner = ctx.planner.clone();
    let (tag, dir) = (tag.to_owned(), dir.to_owned());
    tokio::task::spawn_blocking(move || {
        let Some(bytes) = planner.snapshot(&tag) else {
            return Ok(None);
        };
        // Instances on one database may share a data directory: each writes its own partial
        // file, and either's rename leaves a whole file of the same database.
        let partial = dir.join(format!("{FILE}.{}.partial", std::process::id()));
        let written = std::fs::write(&partial, &bytes)
            .and_then(|()| std::fs::rename(&partial, dir.join(FILE)));
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written.map(|()| Some(bytes.len()))
    })
    .await
    .map_err(std::io::Error::other)?
}

/// Loads the planners' index in the background at start (from the file when it may, then what
/// changed; else from the database), so the first planner does not wait for every report to be
/// read; then keeps the file. Requests arriving meanwhile wait for the load, then read only
/// what changed.
pub async fn keep(ctx: Ctx, dir: PathBuf, backend: &'static str) {
    let started = Instant::now();
    let tag = match tag(&ctx, backend).await {
        Ok(tag) => Some(tag),
        Err(e) => {
            tracing::warn!(error = %e, "the planner index file is not used");
            None
        }
    };
    if let Some(tag) = &tag {
        match restore(&ctx, &dir, tag).await {
            Ok(reports) => tracing::info!(
                reports,
                seconds = started.elapsed().as_secs_f64(),
                "planner index read from its file"
            ),
            Err(why) => tracing::info!(%why, "planner index file not used"),
        }
    }
    match meldpunt_app::planner::service::sync_index(&ctx).await {
        Ok(()) => tracing::info!(
            reports = ctx.planner.len(),
            seconds = started.elapsed().as_secs_f64(),
            "planner index loaded"
        ),
        // The first planner request tries again.
        Err(e) => tracing::warn!(error = %e, "the planner index could not be loaded at start"),
    }
    let Some(tag) = tag else { return };
    let mut saved = None;
    loop {
        let mark = ctx.planner.synced_to.lock().ok().and_then(|m| *m);
        if mark.is_some() && mark != saved {
            let t = Instant::now();
            match save(&ctx, &dir, &tag).await {
                Ok(Some(bytes)) => {
                    saved = mark;
                    ctx.planner
                        .written
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::info!(
                        bytes,
                        seconds = t.elapsed().as_secs_f64(),
                        "planner index written to its file"
                    );
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "the planner index file could not be written"),
            }
        }
        tokio::time::sleep(EVERY).await;
        if let Err(e) = meldpunt_app::planner::service::sync_index(&ctx).await {
            tracing::warn!(error = %e, "the planner index could not catch up");
        }
    }
}
