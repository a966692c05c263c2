//! A per-client token bucket for report submissions, so one client cannot flood the city's
//! queue. In memory: a restart forgets, which is fine for abuse control.

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use meldpunt_app::error::AppError;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Submissions one client may make at once (at most).
const BURST: f64 = 20.0;

#[derive(Clone)]
pub struct SubmitLimiter {
    buckets: Arc<Mutex<HashMap<IpAddr, (f64, Instant)>>>,
    /// The POST paths this limiter counts (reports and complaints have one each).
    paths: &'static [&'static str],
    what: &'static str,
    /// How fast the allowance comes back; 0 = no limit.
    per_second: f64,
    burst: f64,
}

impl SubmitLimiter {
    /// Counts submissions to `paths`, `per_hour` per client (0: no limit); `what` names them
    /// in the refusal.
    pub fn new(paths: &'static [&'static str], what: &'static str, per_hour: u32) -> Self {
        Self {
            buckets: Arc::default(),
            paths,
            what,
            per_second: f64::from(per_hour) / 3600.0,
            burst: BURST.min(f64::from(per_hour)),
        }
    }

    /// Takes one token for `ip`; on refusal, the seconds until one is available.
    fn take(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() > 100_000 {
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * self.per_second < self.burst
            });
        }
        let (tokens, at) = buckets.entry(ip).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil() as u64)
        }
    }

    pub async fn middleware(self, request: Request, next: Next) -> Response {
        let is_submission = request.method() == axum::http::Method::POST
            && self.paths.contains(&request.uri().path());
        let ip = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if let (true, Some(ip), true) = (is_submission, ip, self.per_second > 0.0) {
            if let Err(retry_after) = self.take(ip, Instant::now()) {
                return AppError::RateLimited {
                    message: format!("too many {} from this address; try again later", self.what),
                    retry_after,
                }
                .into_response();
            }
        }
        next.run(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_until_tokens_come_back() {
        let limiter = SubmitLimiter::new(&["/api/v1/reports"], "reports", 600);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..20 {
            assert!(limiter.take(ip, start).is_ok());
        }
        let retry = limiter.take(ip, start).unwrap_err();
        assert!((1..=6).contains(&retry), "{retry}");
        assert!(
            limiter.take("192.0.2.2".parse().unwrap(), start).is_ok(),
            "other clients are not affected"
        );
        assert!(limiter
            .take(ip, start + std::time::Duration::from_secs(7))
            .is_ok());
    }
}
