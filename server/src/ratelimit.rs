//! Who the client is, and how much one client may do: report and complaint submissions per
//! hour, sign-in attempts. Limits are kept in memory per instance (governor's GCRA, keyed by
//! client address); a restart forgets them, which is fine for abuse control.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use meldpunt_app::error::AppError;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

/// The client's address: the connection's peer.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| ClientAddr(c.0.ip()))
            .ok_or_else(|| AppError::internal("no connection info"))
    }
}

/// One limit per client address.
pub struct ClientLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    what: &'static str,
}

impl ClientLimit {
    /// `per_hour` per client, up to `burst` of them at once; `None` when `per_hour` is 0 (no
    /// limit). `what` names what is limited in the refusal.
    pub fn per_hour(per_hour: u32, burst: u32, what: &'static str) -> Option<Self> {
        let per_hour = NonZeroU32::new(per_hour)?;
        let burst = NonZeroU32::new(burst.min(per_hour.get())).unwrap_or(NonZeroU32::MIN);
        Some(Self {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_hour(per_hour).allow_burst(burst)),
            clock: DefaultClock::default(),
            what,
        })
    }

    /// Counts one for `client`, or says when to come back.
    pub fn check(&self, client: ClientAddr) -> Result<(), AppError> {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&client.0).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            AppError::RateLimited {
                message: format!("too many {} from this address; try again later", self.what),
                retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
            }
        })
    }
}

/// Checks `client` against `limit` when there is one.
pub fn check(limit: &Option<ClientLimit>, client: ClientAddr) -> Result<(), AppError> {
    limit.as_ref().map_or(Ok(()), |l| l.check(client))
}

/// The limits of one server.
pub struct ClientLimits {
    pub reports: Option<ClientLimit>,
    pub complaints: Option<ClientLimit>,
    pub sign_ins: Option<ClientLimit>,
}

/// Sign-in attempts one address may make per hour, 20 at once. (Each account is also
/// throttled per client: see `meldpunt_app::signin`.)
pub const SIGN_INS_PER_HOUR: u32 = 360;

impl ClientLimits {
    pub fn new(limits: &crate::Limits) -> Self {
        Self {
            reports: ClientLimit::per_hour(limits.submit_per_hour, 20, "reports"),
            complaints: ClientLimit::per_hour(limits.submit_per_hour, 20, "complaints"),
            sign_ins: ClientLimit::per_hour(SIGN_INS_PER_HOUR, 20, "sign-in attempts"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_per_client() {
        let limit = ClientLimit::per_hour(600, 20, "reports").unwrap();
        let ip = ClientAddr("192.0.2.1".parse().unwrap());
        for _ in 0..20 {
            assert!(limit.check(ip).is_ok());
        }
        let e = limit.check(ip).unwrap_err();
        let AppError::RateLimited { retry_after, .. } = e else {
            panic!("{e:?}")
        };
        assert!((1..=6).contains(&retry_after), "{retry_after}");
        assert!(
            limit
                .check(ClientAddr("192.0.2.2".parse().unwrap()))
                .is_ok(),
            "other clients are not affected"
        );
        assert!(ClientLimit::per_hour(0, 20, "reports").is_none(), "0 = off");
    }
}
