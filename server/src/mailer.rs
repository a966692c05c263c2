//! The outbox worker: sends queued e-mail over SMTP with retries and backoff. Mail is written
//! to the outbox in the same transaction as the change it tells about, so a slow or failing
//! mail server never blocks a request and a restart loses nothing.

use chrono::Utc;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use meldpunt_app::context::Ctx;
use meldpunt_app::port::QueuedMail;
use std::time::Duration;

/// Where and how mail goes out.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (plain), `smtp://host:587?tls=required` or `smtps://user:pass@host`.
    pub smtp_url: String,
    pub from: String,
    /// First retry delay; doubled per attempt up to an hour.
    pub retry_base: Duration,
}

/// Attempts after which a message (or a delivery to a partner, `crate::links`) is parked
/// with its last error for an admin to look at.
const MAX_ATTEMPTS: i64 = 40;
/// A claimed message is due again after this, should its worker die before recording the
/// attempt (longer than the SMTP timeout, so a slow delivery is not sent twice).
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 16) as u32);
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}

/// When a failed attempt (`attempts` before it) is tried again, and whether it is parked: a
/// permanent failure or the last allowed attempt is due again only a century on, beyond
/// any backoff; otherwise after the backoff. Shared by the outbox and the link worker.
pub(crate) fn retry_at(
    now: chrono::DateTime<Utc>,
    base: Duration,
    attempts: i64,
    permanent: bool,
) -> (chrono::DateTime<Utc>, bool) {
    if permanent || attempts + 1 >= MAX_ATTEMPTS {
        (now + chrono::Duration::days(365 * 100), true)
    } else {
        let wait = chrono::Duration::from_std(backoff(base, attempts))
            .unwrap_or_else(|_| chrono::Duration::hours(1));
        (now + wait, false)
    }
}

/// Checks the configuration and starts the worker.
pub fn spawn(ctx: Ctx, config: MailConfig) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)?
        .timeout(Some(Duration::from_secs(20)))
        .build();
    let from: Mailbox = config.from.parse()?;
    Ok(tokio::spawn(run(ctx, transport, from, config.retry_base)))
}

async fn run(
    ctx: Ctx,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    retry_base: Duration,
) {
    loop {
        let now = Utc::now();
        match ctx.store.claim_mail(now, now + LEASE, 50).await {
            Ok(batch) => {
                for queued in batch {
                    deliver(&ctx, &transport, &from, retry_base, queued).await;
                }
            }
            Err(e) => tracing::error!(%e, "reading the outbox failed"),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn deliver(
    ctx: &Ctx,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    retry_base: Duration,
    queued: QueuedMail,
) {
    let message = queued
        .mail
        .to
        .parse::<Mailbox>()
        .map_err(|e| (e.to_string(), true))
        .and_then(|to| {
            let mut builder = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(queued.mail.subject.clone());
            // A mail about something one follows: mail programs offer to stop it with one
            // click, a POST to the link (RFC 2369 and RFC 8058).
            if let Some(url) = &queued.mail.unsubscribe {
                builder = builder
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe"),
                        format!("<{url}>"),
                    ))
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                        "List-Unsubscribe=One-Click".to_owned(),
                    ));
            }
            let text = SinglePart::plain(queued.mail.body.clone());
            match &queued.mail.calendar {
                None => builder.singlepart(text),
                // The text, and the appointment as a file a diary opens.
                Some(calendar) => builder.multipart(
                    MultiPart::mixed().singlepart(text).singlepart(
                        Attachment::new("afspraak.ics".to_owned()).body(
                            calendar.clone(),
                            ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                                .map_err(|e| (e.to_string(), true))?,
                        ),
                    ),
                ),
            }
            .map_err(|e| (e.to_string(), true))
        });
    let outcome = match message {
        Ok(m) => transport.send(m).await.map(|_| ()).map_err(|e| {
            (
                meldpunt_app::text::redact_emails(&e.to_string()),
                e.is_permanent(),
            )
        }),
        Err(e) => Err(e),
    };
    let now = Utc::now();
    let recorded = match outcome {
        Ok(()) => ctx.store.mail_sent(queued.id, now).await,
        Err((error, permanent)) => {
            let (next, parked) = retry_at(now, retry_base, queued.attempts, permanent);
            if parked {
                tracing::error!(id = queued.id, %error, "mail parked: not retried");
            } else {
                tracing::warn!(id = queued.id, %error, "mail not sent; will retry");
            }
            ctx.store.mail_failed(queued.id, &error, next).await
        }
    };
    if let Err(e) = recorded {
        tracing::error!(%e, "recording a delivery attempt failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped_at_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 0), Duration::from_secs(30));
        assert_eq!(backoff(base, 3), Duration::from_secs(240));
        assert_eq!(backoff(base, 30), Duration::from_secs(3600));
    }
}
