//! The accept loop: HTTP/1 and HTTP/2 with hyper, a cap on open connections, a deadline for
//! request headers (also for an idle keep-alive connection), and a graceful shutdown on
//! SIGTERM or SIGINT: stop accepting, let requests in flight finish within a grace period,
//! then close.
//!
//! Written here instead of `axum::serve`, which has neither header timeouts nor a connection
//! cap nor a grace deadline; the pieces are hyper-util's (`auto::Builder`, `GracefulShutdown`).

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How the server treats connections.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Open connections at most; more wait in the kernel's queue until one closes.
    pub max_connections: usize,
    /// Time a client has to send a request's headers, and that an idle connection stays open.
    pub header_timeout: Duration,
    /// Time requests in flight get to finish after SIGTERM/SIGINT.
    pub shutdown_grace: Duration,
}

/// Raises this process's open-file limit to what the system allows and returns it: each
/// connection takes a file descriptor, and the usual soft limit of 1024 is easily reached.
pub fn raise_file_limit() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(%e, "could not raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft)
        }
    }
}

/// The connection cap that fits `file_limit`: room is kept for the database, photo files and
/// outgoing mail.
pub fn connections_for(file_limit: u64) -> usize {
    usize::try_from(file_limit.saturating_sub(256).clamp(64, 20_000)).unwrap_or(20_000)
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains within the grace period.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.header_timeout)
        .keep_alive_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors or a connection reset before it was taken:
                    // wait a moment instead of spinning.
                    tracing::warn!(%e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Errors here are clients going away or timing out; nothing to do about them.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let open = graceful.count();
    tracing::info!(
        open,
        grace_s = limits.shutdown_grace.as_secs(),
        "shutting down: finishing requests in flight"
    );
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("grace period over: closing the connections still open");
    }
    Ok(())
}

/// Resolves on SIGTERM (what systemd, Docker and Kubernetes send) or SIGINT (Ctrl-C).
pub async fn signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(%e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_below_the_file_limit() {
        assert_eq!(connections_for(1024), 768);
        assert_eq!(connections_for(20_000), 19_744);
        assert_eq!(connections_for(100), 64);
        assert_eq!(connections_for(u64::MAX), 20_000);
    }
}
