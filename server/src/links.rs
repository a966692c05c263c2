//! The link worker: sends queued deliveries (reports forwarded to partners' Open311 servers,
//! status-change events to webhook subscribers) with retries and backoff, and asks Open311
//! partners about the reports they hold. Deliveries are queued in the transaction of the
//! change they carry, so a slow or failing partner never blocks a request and a restart
//! loses nothing. The rules (what is sent, how answers are read) are `meldpunt_app::links`.
//!
//! Webhooks follow Standard Webhooks: `webhook-id` (the event id, the same on every retry, so
//! a receiver drops a repeat), `webhook-timestamp` (Unix seconds) and `webhook-signature`
//! (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` with the subscription's secret).

use base64::Engine;
use chrono::Utc;
use hmac::Mac;
use meldpunt_app::context::Ctx;
use meldpunt_app::links::{self, LinkError};
use meldpunt_app::port::{DeliveryTarget, LinkRef, Open311Link, PartnerPoll, QueuedDelivery};
use std::time::Duration;

/// How often and how patiently partners are reached.
#[derive(Debug, Clone)]
pub struct LinkConfig {
    /// First retry delay; doubled per attempt up to an hour.
    pub retry_base: Duration,
    /// How often a forwarded report's partner is asked about it.
    pub poll_every: Duration,
}

impl Default for LinkConfig {
    fn default() -> Self {
        Self {
            retry_base: Duration::from_secs(30),
            poll_every: Duration::from_secs(300),
        }
    }
}

/// A claimed delivery is due again after this should its worker die (longer than a request
/// may take, so a slow partner does not get it twice).
const LEASE: chrono::Duration = chrono::Duration::minutes(2);
/// The most of a partner's answer that is read.
const MAX_ANSWER: usize = 256 * 1024;
/// Signing keys of new subscriptions: 32 random bytes.
const SECRET_BYTES: usize = 32;

/// A new subscription's secret: `whsec_` and the base64 of 32 random bytes.
pub fn new_secret() -> String {
    let mut key = [0u8; SECRET_BYTES];
    rand::Rng::fill(&mut rand::thread_rng(), &mut key[..]);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

/// The `webhook-signature` header of one delivery.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, String> {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|_| "the subscription's secret is not base64".to_owned())?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key)
        .map_err(|_| "the subscription's secret is unusable".to_owned())?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// Starts the delivery and polling workers.
pub fn spawn(ctx: Ctx, config: LinkConfig) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        // A partner's redirect could point anywhere; its answer is what it says at its URL.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Meldpunt/", env!("CARGO_PKG_VERSION")))
        .build()?;
    tokio::spawn(poll_partners(ctx.clone(), client.clone(), config.clone()));
    Ok(tokio::spawn(deliver_all(ctx, client, config)))
}

async fn deliver_all(ctx: Ctx, client: reqwest::Client, config: LinkConfig) {
    loop {
        let now = Utc::now();
        match ctx.store.claim_deliveries(now, now + LEASE, 20).await {
            Ok(batch) => {
                for queued in batch {
                    deliver(&ctx, &client, &config, queued).await;
                }
            }
            Err(e) => tracing::error!(%e, "reading the delivery queue failed"),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn deliver(ctx: &Ctx, client: &reqwest::Client, config: &LinkConfig, queued: QueuedDelivery) {
    let (link, outcome) = match &queued.target {
        DeliveryTarget::Forward { partner_id } => (
            LinkRef::Partner(*partner_id),
            forward(ctx, client, *partner_id, &queued.reference).await,
        ),
        DeliveryTarget::Event {
            webhook,
            event_id,
            payload,
        } => (
            LinkRef::Webhook(webhook.id),
            send_event(client, &webhook.url, &webhook.secret, event_id, payload).await,
        ),
    };
    let now = Utc::now();
    let recorded = match &outcome {
        Ok(()) => ctx.store.delivery_done(queued.id, now).await,
        Err(e) => {
            let (next, parked) =
                crate::mailer::retry_at(now, config.retry_base, queued.attempts, e.permanent);
            if parked {
                tracing::error!(id = queued.id, error = %e.message, "delivery parked: not retried");
            } else {
                tracing::warn!(id = queued.id, error = %e.message, "delivery failed; will retry");
            }
            ctx.store.delivery_failed(queued.id, &e.message, next).await
        }
    };
    let health = ctx
        .store
        .record_link_outcome(
            link,
            outcome.as_ref().err().map(|e| e.message.as_str()),
            now,
        )
        .await;
    if let Err(e) = recorded.and(health) {
        tracing::error!(%e, "recording a delivery attempt failed");
    }
}

/// Reads at most [`MAX_ANSWER`] bytes of an answer, as text.
async fn answer_text(mut response: reqwest::Response) -> Result<String, LinkError> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| LinkError::temporary(format!("reading the answer: {e}")))?
    {
        if body.len() + chunk.len() > MAX_ANSWER {
            return Err(LinkError::temporary("the answer is too large"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// What a status says about trying again: 4xx is a refusal (except timeouts and limits).
fn refused(status: reqwest::StatusCode, body: &str) -> LinkError {
    let text: String = body.chars().take(200).collect();
    let message = format!("HTTP {}: {text}", status.as_u16());
    if status.is_client_error()
        && status != reqwest::StatusCode::REQUEST_TIMEOUT
        && status != reqwest::StatusCode::TOO_MANY_REQUESTS
    {
        LinkError::permanent(message)
    } else {
        LinkError::temporary(message)
    }
}

fn unreachable(e: reqwest::Error) -> LinkError {
    // Without the URL: it may carry the key in its query string.
    LinkError::temporary(format!("not reached: {}", e.without_url()))
}

async fn link_of(ctx: &Ctx, partner_id: i64) -> Result<Open311Link, LinkError> {
    ctx.store
        .open311_link(partner_id)
        .await
        .map_err(|e| LinkError::temporary(e.to_string()))?
        .ok_or_else(|| LinkError::permanent("the partner has no Open311 server any more"))
}

async fn forward(
    ctx: &Ctx,
    client: &reqwest::Client,
    partner_id: i64,
    reference: &str,
) -> Result<(), LinkError> {
    let link = link_of(ctx, partner_id).await?;
    let report = ctx
        .store
        .report(reference)
        .await
        .map_err(|e| LinkError::temporary(e.to_string()))?
        .ok_or_else(|| LinkError::permanent("the report is gone"))?;
    let fields = links::forward_fields(&report, &link, &ctx.config.report_url(reference))?;
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name, value);
    }
    if let Some(key) = links::display_photo(&report) {
        let bytes = ctx
            .photos
            .get(key)
            .await
            .map_err(|e| LinkError::temporary(e.to_string()))?;
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(format!("{reference}.jpg"))
            .mime_str("image/jpeg")
            .map_err(|e| LinkError::permanent(e.to_string()))?;
        form = form.part("media", part);
    }
    let response = client
        .post(format!("{}/requests.json", link.endpoint))
        .multipart(form)
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let body = answer_text(response).await?;
    if !status.is_success() {
        return Err(refused(status, &body));
    }
    let receipt = links::read_receipt(&body)?;
    links::record_receipt(ctx, reference, &receipt)
        .await
        .map_err(|e| LinkError::temporary(format!("keeping the partner's id: {e}")))
}

async fn send_event(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    id: &str,
    payload: &str,
) -> Result<(), LinkError> {
    let timestamp = Utc::now().timestamp();
    let signature = signature(secret, id, timestamp, payload).map_err(LinkError::permanent)?;
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(payload.to_owned())
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let body = answer_text(response).await.unwrap_or_default();
    // A receiver that is gone for good says so; anything else may pass (retried with backoff).
    if status == reqwest::StatusCode::GONE {
        return Err(refused(status, &body));
    }
    Err(LinkError::temporary(format!("HTTP {}", status.as_u16())))
}

async fn poll_partners(ctx: Ctx, client: reqwest::Client, config: LinkConfig) {
    let mut tick = tokio::time::interval(config.poll_every.min(Duration::from_secs(60)));
    loop {
        tick.tick().await;
        let now = Utc::now();
        let asked_before = now
            - chrono::Duration::from_std(config.poll_every)
                .unwrap_or_else(|_| chrono::Duration::minutes(5));
        let due = match ctx.store.claim_partner_polls(asked_before, now, 50).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(%e, "reading the forwarded reports failed");
                continue;
            }
        };
        for poll in due {
            let outcome = ask_partner(&ctx, &client, &poll).await;
            if let Err(e) = &outcome {
                tracing::warn!(reference = %poll.reference, error = %e.message, "asking a partner failed");
            }
            let error = outcome.as_ref().err().map(|e| e.message.as_str());
            if let Err(e) = ctx
                .store
                .record_link_outcome(LinkRef::Partner(poll.partner_id), error, Utc::now())
                .await
            {
                tracing::error!(%e, "recording a partner's health failed");
            }
        }
    }
}

async fn get_json(
    client: &reqwest::Client,
    url: String,
    link: &Open311Link,
) -> Result<String, LinkError> {
    let mut query = vec![("api_key", link.api_key.as_str())];
    if let Some(j) = &link.jurisdiction {
        query.push(("jurisdiction_id", j.as_str()));
    }
    let response = client
        .get(url)
        .query(&query)
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let body = answer_text(response).await?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(refused(status, &body))
    }
}

/// Asks the partner about one report: its id first when only a token is known, then its
/// status, recorded when it changed.
async fn ask_partner(
    ctx: &Ctx,
    client: &reqwest::Client,
    poll: &PartnerPoll,
) -> Result<(), LinkError> {
    let link = link_of(ctx, poll.partner_id).await?;
    let id = match (&poll.partner_ref, &poll.partner_token) {
        (Some(id), _) => id.clone(),
        (None, Some(token)) => {
            let body = get_json(
                client,
                format!("{}/tokens/{}.json", link.endpoint, url_segment(token)),
                &link,
            )
            .await?;
            let receipt = links::read_receipt(&body)?;
            let Some(id) = receipt.id.clone() else {
                // Not made yet on the partner's side: ask again next time.
                return Ok(());
            };
            links::record_receipt(ctx, &poll.reference, &receipt)
                .await
                .map_err(|e| LinkError::temporary(e.to_string()))?;
            id
        }
        (None, None) => return Ok(()),
    };
    let body = get_json(
        client,
        format!("{}/requests/{}.json", link.endpoint, url_segment(&id)),
        &link,
    )
    .await?;
    let state = links::read_state(&body)?;
    links::record_state(ctx, &poll.reference, &state)
        .await
        .map_err(|e| LinkError::temporary(e.to_string()))
}

/// An id or token from a partner as one path segment (it comes from outside).
fn url_segment(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification's test vectors.
        let sig = signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(signature("whsec_!!", "a", 1, "b").is_err());
        let secret = new_secret();
        assert!(secret.starts_with("whsec_") && secret.len() == 6 + 44);
        assert_ne!(secret, new_secret());
    }

    #[test]
    fn refusals_are_final_and_outages_are_retried() {
        assert!(refused(reqwest::StatusCode::BAD_REQUEST, "").permanent);
        assert!(refused(reqwest::StatusCode::FORBIDDEN, "").permanent);
        assert!(!refused(reqwest::StatusCode::TOO_MANY_REQUESTS, "").permanent);
        assert!(!refused(reqwest::StatusCode::BAD_GATEWAY, "").permanent);
    }
}
