//! Who the client is, and how much one client may do: report and complaint submissions per
//! hour, sign-in attempts. Limits are kept in memory per instance (governor's GCRA, keyed by
//! client address); a restart forgets them, which is fine for abuse control.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use ipnet::IpNet;
use meldpunt_app::error::AppError;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

/// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
/// address that proxy says the request came from.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| AppError::internal("no connection info"))?;
        Ok(ClientAddr(client_address(
            peer,
            &parts.headers,
            &state.limits.trusted_proxies,
        )))
    }
}

fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    };
    proxies.iter().any(|net| net.contains(&ip))
}

/// One `for=` value of a `Forwarded` header (RFC 7239): quoted or not, IPv6 in brackets,
/// with or without a port.
fn forwarded_for(element: &str) -> Option<&str> {
    element.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("for")
            .then(|| value.trim().trim_matches('"'))
    })
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    hop.parse::<SocketAddr>().ok().map(|a| a.ip())
}

/// The client behind `peer`: only when `peer` is a trusted proxy are the forwarding headers
/// read, right to left (the nearest hop first), skipping further trusted proxies; the first
/// address that is not one is the client. `Forwarded` is read when there is no
/// `X-Forwarded-For`. A header that cannot be read leaves the peer.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, proxies: &[IpNet]) -> IpAddr {
    if !trusted(peer, proxies) {
        return peer;
    }
    let hops: Vec<String> = if headers.contains_key("x-forwarded-for") {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|h| h.trim().to_owned())
            .collect()
    } else {
        headers
            .get_all(axum::http::header::FORWARDED)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|e| forwarded_for(e).map(str::to_owned))
            .collect()
    };
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            return client;
        };
        client = ip;
        if !trusted(ip, proxies) {
            break;
        }
    }
    client
}

/// One limit per client: by address, or by another key (an API key's id).
pub struct ClientLimit<K: Hash + Eq + Clone = IpAddr> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
    what: &'static str,
}

impl ClientLimit<IpAddr> {
    /// Counts one for `client`, or says when to come back.
    pub fn check(&self, client: ClientAddr) -> Result<(), AppError> {
        self.check_key(&client.0)
    }
}

impl<K: Hash + Eq + Clone> ClientLimit<K> {
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

    /// Counts one for `key`, or says when to come back.
    pub fn check_key(&self, key: &K) -> Result<(), AppError> {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            metrics::counter!(meldpunt_app::metrics::RATE_LIMITED, "limit" => self.what)
                .increment(1);
            let wait = not_until.wait_time_from(self.clock.now());
            AppError::RateLimited {
                message: format!("too many {} from this client; try again later", self.what),
                retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
            }
        })
    }
}

/// Checks `client` against `limit` when there is one.
pub fn check(limit: &Option<ClientLimit>, client: ClientAddr) -> Result<(), AppError> {
    limit.as_ref().map_or(Ok(()), |l| l.check(client))
}

/// The limits of one server, and the proxies whose word on the client's address it takes.
pub struct ClientLimits {
    pub reports: Option<ClientLimit>,
    pub complaints: Option<ClientLimit>,
    pub bookings: Option<ClientLimit>,
    /// Requests to follow a report (each mails a confirmation link).
    pub follows: Option<ClientLimit>,
    /// Answers through a private link ("is it fixed?").
    pub answers: Option<ClientLimit>,
    pub sign_ins: Option<ClientLimit>,
    /// Requests filed through Open311, per API key.
    pub api_keys: Option<ClientLimit<i64>>,
    pub trusted_proxies: Vec<IpNet>,
}

/// Requests one API key may file per hour (a partner's app speaks for many citizens), 60 at
/// once.
pub const API_REQUESTS_PER_HOUR: u32 = 3600;

/// Sign-in attempts one address may make per hour by default (`Limits::sign_ins_per_hour`),
/// 20 at once. (Each account is also throttled per client: see `meldpunt_app::signin`.)
pub const SIGN_INS_PER_HOUR: u32 = 360;

impl ClientLimits {
    pub fn new(limits: &crate::Limits) -> Self {
        Self {
            reports: ClientLimit::per_hour(limits.submit_per_hour, 20, "reports"),
            complaints: ClientLimit::per_hour(limits.submit_per_hour, 20, "complaints"),
            bookings: ClientLimit::per_hour(limits.submit_per_hour, 20, "bookings"),
            follows: ClientLimit::per_hour(limits.submit_per_hour, 20, "follow requests"),
            answers: ClientLimit::per_hour(limits.submit_per_hour, 20, "answers"),
            sign_ins: ClientLimit::per_hour(limits.sign_ins_per_hour, 20, "sign-in attempts"),
            api_keys: ClientLimit::per_hour(API_REQUESTS_PER_HOUR, 60, "requests"),
            trusted_proxies: limits.trusted_proxies.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let xff = headers(&[("x-forwarded-for", "198.51.100.7, 10.1.2.3")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &xff, &proxies),
            ip("198.51.100.7"),
            "the nearest untrusted hop, past a second proxy"
        );
        assert_eq!(
            client_address(ip("203.0.113.9"), &xff, &proxies),
            ip("203.0.113.9"),
            "a forged header from an untrusted peer is ignored"
        );
        let forged = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &forged, &proxies),
            ip("198.51.100.7"),
            "what the client itself put in front does not count"
        );
        let fwd = headers(&[(
            "forwarded",
            r#"for="[2001:db8::5]:4711";proto=https, for=10.0.0.2"#,
        )]);
        assert_eq!(client_address(ip("::1"), &fwd, &proxies), ip("2001:db8::5"));
        let garbage = headers(&[("x-forwarded-for", "unknown")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &garbage, &proxies),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_address(ip("::ffff:10.0.0.1"), &xff, &proxies),
            ip("198.51.100.7"),
            "an IPv4 peer on a dual-stack socket"
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &proxies),
            ip("10.0.0.1")
        );
    }

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
        assert!(
            ClientLimit::<IpAddr>::per_hour(0, 20, "reports").is_none(),
            "0 = off"
        );
    }
}
