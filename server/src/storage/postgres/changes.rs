//! Hearing that reports changed, from any instance: the `report` table notifies the channel
//! `meldpunt_report_changed` when a transaction that changed it commits (migration 0018), and
//! one connection of each store listens. The planner then asks the database what changed only
//! after it heard of a change, instead of at every request (about a millisecond each).
//!
//! What the count promises: a change committed after the count was read makes it grow later.
//! A store counts its own changes to reports as soon as they commit (`made_here`, after each
//! commit that changed the table), the other instances' changes when their notification
//! arrives.
//! Notifications are sent after the commit, so whoever read the count and then queries sees
//! every change the count had already heard of. A lost connection may have lost
//! notifications: the count grows once it listens again, and it is not trusted while it does
//! not. A connection lost without a sign (no reset, no end) goes unnoticed for a while: the
//! planner asks the database at least every few seconds all the same.

use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

const CHANNEL: &str = "meldpunt_report_changed";
/// How long to wait before listening again after the database could not be reached.
const RETRY: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Heard {
    count: AtomicU64,
    trusted: AtomicBool,
}

impl Heard {
    /// Something may have changed: the count grows.
    fn changed(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }
}

/// The listening side of a store; listening stops when it is dropped (with its store).
pub(super) struct ReportChanges {
    heard: Arc<Heard>,
    _stop: oneshot::Sender<()>,
}

impl ReportChanges {
    /// Starts listening on a connection of its own (not one of the store's pool).
    pub(super) fn listen(options: PgConnectOptions) -> Self {
        let heard = Arc::new(Heard::default());
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(run(options, heard.clone(), stopped));
        Self { heard, _stop: stop }
    }

    /// A change this store made committed: counted at once, so whoever made it finds it in
    /// their next planner answer even before its notification arrives.
    pub(super) fn made_here(&self) {
        self.heard.changed();
    }

    /// The count of changes heard; `None` while it cannot be trusted.
    pub(super) fn count(&self) -> Option<u64> {
        self.heard
            .trusted
            .load(Ordering::SeqCst)
            .then(|| self.heard.count.load(Ordering::SeqCst))
    }
}

async fn run(options: PgConnectOptions, heard: Arc<Heard>, mut stopped: oneshot::Receiver<()>) {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_lazy_with(options.application_name("meldpunt-listener"));
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            e = listen(&pool, &heard) => {
                heard.trusted.store(false, Ordering::SeqCst);
                tracing::warn!(error = %e, "listening for report changes failed; retrying");
            }
        }
        tokio::select! {
            _ = &mut stopped => return,
            () = tokio::time::sleep(RETRY) => {}
        }
    }
}

/// Listens until the connection fails and cannot be made again at once.
async fn listen(pool: &PgPool, heard: &Heard) -> sqlx::Error {
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(listener) => listener,
        Err(e) => return e,
    };
    if let Err(e) = listener.listen(CHANNEL).await {
        return e;
    }
    // Listening from now on: whatever came before is for the next query to find.
    heard.changed();
    heard.trusted.store(true, Ordering::SeqCst);
    loop {
        match listener.try_recv().await {
            Ok(Some(_)) => heard.changed(),
            // The connection was lost and made again (listening again before this returns):
            // what was sent meanwhile is lost, so count it as a change.
            Ok(None) => heard.changed(),
            Err(e) => return e,
        }
    }
}
