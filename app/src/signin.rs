//! Staff sign-in: password check, sessions, and throttling that keeps brute force out without
//! handing anyone a button to lock a colleague out.
//!
//! - Every password check runs in a [`WorkGate`]: as many at once as there are cores, a short
//!   queue, then 503. (argon2 takes 19 MB and ~50 ms per check; unbounded, 64 at once took a
//!   server to 5.7 GB.) The server also limits attempts per client address before this.
//! - Failures count per account *and* client (an address; IPv6 by its /64). The 5th failure
//!   locks that client out of that account for 15 minutes, each further one doubles it (up to a
//!   day). The owner signing in from elsewhere is not affected.
//! - When an account collects many failures from many clients in an hour, only clients that
//!   signed in to it before may still try.
//! - An administrator lifts every lock on an account (`meldpunt user unlock EMAIL`).

use crate::context::Ctx;
use crate::error::AppError;
use crate::service::{hash_password, random_token, sha256_hex, SESSION_HOURS};
use crate::staff::StaffUser;
use crate::work::{self, WorkGate};
use chrono::{DateTime, Duration, Utc};
use std::net::IpAddr;

/// Failures of one client for one account before it is locked out of it.
pub const FREE_FAILURES: i64 = 5;
/// The first lock; each further failure doubles it, up to [`MAX_LOCK_MINUTES`].
pub const LOCK_MINUTES: i64 = 15;
pub const MAX_LOCK_MINUTES: i64 = 24 * 60;
/// A client's failures are forgotten a day after its last one.
pub const FORGET_HOURS: i64 = 24;
/// Failures of one account within an hour, from all clients together, after which only clients
/// it signed in from before may try.
pub const ACCOUNT_ALERT_FAILURES: i64 = 30;
/// How long a client an account signed in from counts as known.
pub const KNOWN_CLIENT_DAYS: i64 = 90;

/// argon2 with the default parameters takes 19 MiB per check.
const ARGON2_MB: u32 = 20;

static GATE: std::sync::LazyLock<WorkGate> = std::sync::LazyLock::new(|| {
    let cores = work::cores();
    WorkGate::new("sign-ins", cores, ARGON2_MB * cores as u32, 16, 2)
});

/// How a client is recorded: a hash of its address, an IPv6 address by its /64 (what one
/// household or phone gets), so that stored rows do not hold addresses.
pub fn client_key(ip: IpAddr) -> String {
    let prefix = match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    };
    sha256_hex(format!("meldpunt sign-in client {prefix}").as_bytes())[..32].to_owned()
}

/// How long a client is locked out after its `failures`-th failure, if at all.
pub fn lock_for(failures: i64) -> Option<Duration> {
    let extra = failures - FREE_FAILURES;
    (extra >= 0).then(|| {
        let minutes = LOCK_MINUTES.saturating_mul(1 << extra.min(20));
        Duration::minutes(minutes.min(MAX_LOCK_MINUTES))
    })
}

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of a random password, so a login for an unknown e-mail costs as much time as a wrong
/// password and does not reveal which accounts exist.
fn timing_dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&random_token()).unwrap_or_default())
}

fn wrong() -> AppError {
    failed("wrong");
    AppError::Unauthorized {
        message: "wrong e-mail or password".into(),
    }
}

/// Counts a failed sign-in for the operators' metrics.
fn failed(reason: &'static str) {
    metrics::counter!(crate::metrics::SIGN_IN_FAILURES, "reason" => reason).increment(1);
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    failed("locked");
    AppError::RateLimited {
        message: "too many failed sign-ins for this account from this address; try again later"
            .into(),
        retry_after: (until - now).num_seconds().max(1) as u64,
    }
}

/// Checks credentials from `client` (see [`client_key`]) and opens a session; returns the
/// session token for the cookie.
pub async fn login(
    ctx: &Ctx,
    email: &str,
    password: &str,
    client: &str,
) -> Result<(String, StaffUser), AppError> {
    let email = email.trim().to_lowercase();
    if email.len() > 200 || password.len() > 1000 {
        return Err(wrong());
    }
    let now = Utc::now();
    let throttle = ctx
        .store
        .login_throttle(&email, client, now - Duration::hours(1))
        .await?;
    if let Some(until) = throttle.locked_until.filter(|u| *u > now) {
        return Err(locked(until, now));
    }
    if throttle.account_failures >= ACCOUNT_ALERT_FAILURES && !throttle.known_client {
        failed("new_address");
        return Err(AppError::RateLimited {
            message: "this account is refused from new addresses for now; try again later \
                      or ask an administrator"
                .into(),
            retry_after: 15 * 60,
        });
    }
    let record = ctx.store.user_by_email(&email).await?;
    let hash = record.as_ref().map_or_else(
        || timing_dummy_hash().to_owned(),
        |r| r.password_hash.clone(),
    );
    let password = password.to_owned();
    let ok = GATE
        .run(ARGON2_MB, move || verify_password(&password, &hash))
        .await?;
    match record {
        Some(r) if ok && r.active => {
            let now = Utc::now();
            ctx.store
                .login_succeeded(&email, client, now, now - Duration::days(KNOWN_CLIENT_DAYS))
                .await?;
            let token = random_token();
            ctx.store
                .create_session(
                    &sha256_hex(token.as_bytes()),
                    r.user.id,
                    now + Duration::hours(SESSION_HOURS),
                )
                .await?;
            Ok((token, r.user))
        }
        _ => {
            let failures = ctx
                .store
                .login_failed(&email, client, now, now - Duration::hours(FORGET_HOURS))
                .await?;
            match lock_for(failures) {
                Some(lock) => {
                    ctx.store.lock_login(&email, client, now + lock).await?;
                    tracing::warn!(
                        failures,
                        "a client is locked out of an account after failed sign-ins"
                    );
                    Err(locked(now + lock, now))
                }
                None => Err(wrong()),
            }
        }
    }
}

/// Lifts every sign-in lock of an account (an administrator's decision).
pub async fn unlock(ctx: &Ctx, email: &str) -> Result<u64, AppError> {
    ctx.store.unlock_login(&email.trim().to_lowercase()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_start_at_the_fifth_failure_and_double_up_to_a_day() {
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::minutes(15)));
        assert_eq!(lock_for(6), Some(Duration::minutes(30)));
        assert_eq!(lock_for(8), Some(Duration::minutes(120)));
        assert_eq!(lock_for(12), Some(Duration::minutes(MAX_LOCK_MINUTES)));
        assert_eq!(lock_for(10_000), Some(Duration::minutes(MAX_LOCK_MINUTES)));
    }

    #[test]
    fn clients_are_hashed_and_ipv6_goes_by_its_64() {
        let a = client_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = client_key("2001:db8:1:2:bbbb::9".parse().unwrap());
        let c = client_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b, "one /64");
        assert_ne!(a, c);
        let v4 = client_key("192.0.2.7".parse().unwrap());
        assert_eq!(v4, client_key("::ffff:192.0.2.7".parse().unwrap()));
        assert!(!v4.contains("192"));
        assert_eq!(v4.len(), 32);
    }
}
