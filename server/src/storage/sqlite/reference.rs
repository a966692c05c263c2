//! What a load benchmark compares Meldpunt against: how many durable single-row transactions
//! SQLite itself commits per second on this machine, with the store's settings (WAL,
//! `synchronous = FULL`), one after another on one connection.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};
use std::path::Path;
use std::time::{Duration, Instant};

/// Commits one-row transactions into a fresh database at `path` for `how_long`; the rate.
pub async fn durable_commit_rate(path: &Path, how_long: Duration) -> anyhow::Result<f64> {
    let mut db = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await?;
    sqlx::query("CREATE TABLE reference (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .execute(&mut db)
        .await?;
    let started = Instant::now();
    let mut commits = 0u64;
    while started.elapsed() < how_long {
        let mut tx = db.begin().await?;
        sqlx::query("INSERT INTO reference (body) VALUES (?)")
            .bind("Put in de weg voor huisnummer 12")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        commits += 1;
    }
    db.close().await?;
    Ok(commits as f64 / started.elapsed().as_secs_f64())
}
