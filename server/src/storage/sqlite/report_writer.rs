//! Group commit for new reports. A durable SQLite commit costs an fsync, and only one commit
//! happens at a time; with one transaction per report, a burst of submissions queues behind
//! fsync after fsync. Here one task writes new reports: it takes every report waiting when it
//! is free (up to [`BATCH`]), stores each in a savepoint of one transaction, commits once, and
//! only then answers each request. A report that fails (an unknown category, a reused
//! idempotency key) rolls back to its savepoint alone; a failing commit fails all of its batch,
//! none of which was acknowledged. Nothing is answered before it is on disk.
//!
//! Hand-written because it is a dozen lines around a channel, and what it must guarantee
//! (answer after the commit, savepoint per report) is specific to this store.

use super::db_error;
use super::reports::{insert_report, NewReport};
use meldpunt_app::error::AppError;
use meldpunt_app::port::CreateOutcome;
use sqlx::{Acquire, SqlitePool};
use tokio::sync::{mpsc, oneshot};

/// Reports in one transaction at most.
const BATCH: usize = 128;
/// Reports waiting for the writer at most; beyond, submitters wait to hand theirs over.
const QUEUE: usize = 1024;

type Answer = oneshot::Sender<Result<CreateOutcome, AppError>>;

/// The handle requests use to have a report stored.
pub(super) struct ReportWriter {
    jobs: mpsc::Sender<(NewReport, Answer)>,
}

impl ReportWriter {
    /// Starts the writer task on `writer`, the store's writing connection.
    pub(super) fn start(writer: SqlitePool) -> Self {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(writer, queue));
        Self { jobs }
    }

    /// Stores `report`; answers once its transaction is committed.
    pub(super) async fn create(&self, report: NewReport) -> Result<CreateOutcome, AppError> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send((report, answer))
            .await
            .map_err(|_| AppError::internal("the report writer has stopped"))?;
        answered
            .await
            .map_err(|_| AppError::internal("the report writer has stopped"))?
    }
}

async fn run(writer: SqlitePool, mut queue: mpsc::Receiver<(NewReport, Answer)>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let outcomes = write_batch(&writer, &batch).await;
        for ((_, answer), outcome) in batch.drain(..).zip(outcomes) {
            // The request may be gone (its client left): the report is stored all the same.
            let _ = answer.send(outcome);
        }
    }
}

/// Stores the batch in one transaction; the outcome of each, in order.
async fn write_batch(
    writer: &SqlitePool,
    batch: &[(NewReport, Answer)],
) -> Vec<Result<CreateOutcome, AppError>> {
    let all_failed = |e: AppError| batch.iter().map(|_| Err(e.clone())).collect();
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => return all_failed(db_error(e)),
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for (report, _) in batch {
        // A savepoint: this report's statements alone are undone if it fails.
        let mut one = match tx.begin().await {
            Ok(one) => one,
            Err(e) => return all_failed(db_error(e)),
        };
        let outcome = insert_report(&mut one, report).await;
        let ended = if outcome.is_ok() {
            one.commit().await
        } else {
            one.rollback().await
        };
        if let Err(e) = ended {
            return all_failed(db_error(e));
        }
        outcomes.push(outcome);
    }
    match tx.commit().await {
        Ok(()) => outcomes,
        Err(e) => all_failed(db_error(e)),
    }
}
