//! Open311 out: what Meldpunt sends a partner's Open311 server when a report is forwarded to
//! it, how the partner's answers are read (liberally: servers in the wild differ), and what
//! the partner's status does to the report. The HTTP itself is the server's
//! (`server::links`); these are the rules, so they can be tested without a network.

use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::office::domain::EventKind;
use crate::office::texts::OfficeText;
use crate::port::{Open311Link, ReportRecord, ReportUpdate};
use crate::report::domain::{PhotoKind, ReportStatus};
use chrono::Utc;
use serde_json::Value;

/// Longest id, token or status note taken from a partner (longer ones are cut).
const MAX_PARTNER_TEXT: usize = 200;

/// A partner refused for good (a 4xx answer, a category it has no service for): retrying
/// cannot help. Anything else is worth another try.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    pub message: String,
    pub permanent: bool,
}

impl LinkError {
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            permanent: true,
        }
    }
    pub fn temporary(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            permanent: false,
        }
    }
}

/// The form fields of a forwarded report (`POST requests.json`, as multipart with the display
/// photo as `media` beside them): the partner's service code, where, what, the answers to
/// the category's questions as attributes, and the public link. Never the reporter's contact.
pub fn forward_fields(
    report: &ReportRecord,
    link: &Open311Link,
    report_url: &str,
) -> Result<Vec<(String, String)>, LinkError> {
    let service = link.service_for(&report.category.code).ok_or_else(|| {
        LinkError::permanent(format!(
            "no service code for category {}",
            report.category.code
        ))
    })?;
    let mut fields = vec![
        ("api_key".to_owned(), link.api_key.clone()),
        ("service_code".to_owned(), service.to_owned()),
        ("lat".to_owned(), report.point.lat.to_string()),
        ("long".to_owned(), report.point.lon.to_string()),
        (
            "description".to_owned(),
            format!(
                "{}\n\n{} {report_url}",
                report.description, report.reference
            ),
        ),
        ("locale".to_owned(), report.lang.code().to_owned()),
    ];
    if let Some(j) = &link.jurisdiction {
        fields.push(("jurisdiction_id".to_owned(), j.clone()));
    }
    if let Some(a) = &report.address {
        fields.push(("address_string".to_owned(), a.clone()));
    }
    for answer in &report.answers {
        let many = answer.values.len() > 1;
        for value in &answer.values {
            let key = if many {
                format!("attribute[{}][]", answer.question)
            } else {
                format!("attribute[{}]", answer.question)
            };
            fields.push((key, value.clone()));
        }
    }
    Ok(fields)
}

/// The photo a partner gets: the first one the reporter sent.
pub fn display_photo(report: &ReportRecord) -> Option<&str> {
    report
        .photos
        .iter()
        .find(|p| p.kind == PhotoKind::Before)
        .map(|p| p.key.as_str())
}

/// What a partner's server answered to a forward, or says about a token: its id for the
/// request, or a token to ask for the id later.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartnerReceipt {
    pub id: Option<String>,
    pub token: Option<String>,
}

/// The first object of an answer: the spec's top-level array, or a bare object some
/// servers send.
fn first_object(body: &str) -> Result<serde_json::Map<String, Value>, LinkError> {
    let value: Value = serde_json::from_str(body)
        .map_err(|_| LinkError::temporary("the partner's answer is not JSON"))?;
    let object = match value {
        Value::Array(items) => items.into_iter().next(),
        other => Some(other),
    };
    match object {
        Some(Value::Object(o)) => Ok(o),
        _ => Err(LinkError::temporary(
            "the partner's answer holds no request",
        )),
    }
}

/// A text field that may arrive as a string or a number; empty counts as absent.
fn text_of(object: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    let text = match object.get(key)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then(|| text.chars().take(MAX_PARTNER_TEXT).collect())
}

/// Reads the answer to a forward or to a token lookup (`[{"service_request_id": …}]` or
/// `[{"token": …}]`); an answer with neither is an error (the partner took it, but we could
/// never follow it), as is the spec's error list.
pub fn read_receipt(body: &str) -> Result<PartnerReceipt, LinkError> {
    let o = first_object(body)?;
    if let Some(description) = text_of(&o, "description").filter(|_| o.contains_key("code")) {
        return Err(LinkError::permanent(format!(
            "the partner refused: {description}"
        )));
    }
    let receipt = PartnerReceipt {
        id: text_of(&o, "service_request_id"),
        token: text_of(&o, "token"),
    };
    if receipt.id.is_none() && receipt.token.is_none() {
        return Err(LinkError::temporary(
            "the partner's answer has no service_request_id or token",
        ));
    }
    Ok(receipt)
}

/// What a partner says about a forwarded request.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerState {
    pub closed: bool,
    pub notes: Option<String>,
}

impl PartnerState {
    /// How the staff report page shows it (`partner_status`): `open` or `closed`, and the
    /// partner's notes.
    pub fn summary(&self) -> String {
        let word = if self.closed { "closed" } else { "open" };
        match &self.notes {
            Some(n) => format!("{word}: {n}"),
            None => word.to_owned(),
        }
        .chars()
        .take(MAX_PARTNER_TEXT)
        .collect()
    }
}

/// Reads `GET requests/{id}.json`: `status` (`open`/`closed`, any case) and `status_notes`.
pub fn read_state(body: &str) -> Result<PartnerState, LinkError> {
    let o = first_object(body)?;
    let closed = match text_of(&o, "status")
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        Some("closed") => true,
        Some("open") => false,
        _ => return Err(LinkError::temporary("the partner's request has no status")),
    };
    Ok(PartnerState {
        closed,
        notes: text_of(&o, "status_notes"),
    })
}

/// Tries a change up to three times: another change between reading the report and writing
/// ours (`Stale`) is no reason to lose what the partner said.
async fn with_fresh_report(
    ctx: &Ctx,
    reference: &str,
    change: impl Fn(&ReportRecord) -> Option<ReportUpdate>,
) -> Result<(), AppError> {
    for _ in 0..3 {
        let report = ctx
            .store
            .report(reference)
            .await?
            .ok_or_else(AppError::not_found)?;
        let Some(update) = change(&report) else {
            return Ok(());
        };
        match ctx.store.apply_update(&update, Utc::now()).await {
            Err(AppError::Stale { .. }) => continue,
            other => return other,
        }
    }
    Err(AppError::conflict("the report kept changing").explained(ErrorText::Stale))
}

/// Keeps the partner's id (or token) with the report, in its history for staff.
pub async fn record_receipt(
    ctx: &Ctx,
    reference: &str,
    receipt: &PartnerReceipt,
) -> Result<(), AppError> {
    with_fresh_report(ctx, reference, |report| {
        let mut update = ReportUpdate::new(report, EventKind::Partner, None);
        update.partner_ref = Some(receipt.id.clone());
        update.partner_token = Some(receipt.token.clone().filter(|_| receipt.id.is_none()));
        update.internal_note = Some(format!(
            "Open311: {}",
            receipt
                .id
                .as_deref()
                .or(receipt.token.as_deref())
                .unwrap_or("-")
        ));
        Some(update)
    })
    .await
}

/// Records what the partner says when it changed: in the history for staff; when the
/// partner closed it, the report is done with the partner's notes as its public note (or a
/// plain "handled by our partner") and the reporter and followers are told.
pub async fn record_state(
    ctx: &Ctx,
    reference: &str,
    state: &PartnerState,
) -> Result<(), AppError> {
    let summary = state.summary();
    let unchanged = |report: &ReportRecord| {
        report.partner_status.as_deref() == Some(summary.as_str())
            || report.status != ReportStatus::Forwarded
    };
    // Most polls find nothing new: then the recipients are not read either.
    let report = ctx
        .store
        .report(reference)
        .await?
        .ok_or_else(AppError::not_found)?;
    if unchanged(&report) {
        return Ok(());
    }
    let recipients = ctx.store.recipients(report.id).await?;
    with_fresh_report(ctx, reference, |report| {
        if unchanged(report) {
            return None;
        }
        let closing = state.closed && report.status.can_transition_to(ReportStatus::Done);
        let mut update = ReportUpdate::new(
            report,
            if closing {
                EventKind::Status
            } else {
                EventKind::Partner
            },
            None,
        );
        update.partner_status = Some(Some(summary.clone()));
        if closing {
            update.status = ReportStatus::Done;
            let note = state
                .notes
                .clone()
                .unwrap_or_else(|| t!(report.lang, OfficeText::PartnerClosed).to_owned());
            update.note = Some(note);
            crate::office::service::status_news(&ctx.config, &recipients, report, &mut update);
            update.internal_note = Some(format!("Open311: {summary}"));
        } else {
            update.internal_note = Some(format!("Open311: {summary}"));
        }
        Some(update)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_read_from_arrays_objects_strings_and_numbers() {
        assert_eq!(
            read_receipt(r#"[{"service_request_id":"MP-1","service_notice":""}]"#).unwrap(),
            PartnerReceipt {
                id: Some("MP-1".into()),
                token: None
            }
        );
        assert_eq!(
            read_receipt(r#"{"service_request_id":638344}"#).unwrap().id,
            Some("638344".into())
        );
        assert_eq!(
            read_receipt(r#"[{"token":"abc","service_request_id":""}]"#).unwrap(),
            PartnerReceipt {
                id: None,
                token: Some("abc".into())
            }
        );
        assert!(!read_receipt("<html>").unwrap_err().permanent);
        assert!(!read_receipt("[]").unwrap_err().permanent);
        assert!(!read_receipt(r#"[{"x":1}]"#).unwrap_err().permanent);
        assert!(
            read_receipt(r#"[{"code":400,"description":"service_code missing"}]"#)
                .unwrap_err()
                .permanent
        );
        let long = format!(r#"[{{"service_request_id":"{}"}}]"#, "x".repeat(5000));
        assert_eq!(read_receipt(&long).unwrap().id.unwrap().len(), 200);
    }

    #[test]
    fn a_state_is_open_or_closed_with_notes() {
        let s = read_state(r#"[{"status":"Closed","status_notes":" Geledigd "}]"#).unwrap();
        assert_eq!(
            s,
            PartnerState {
                closed: true,
                notes: Some("Geledigd".into())
            }
        );
        assert_eq!(s.summary(), "closed: Geledigd");
        let open = read_state(r#"[{"status":"open","status_notes":null}]"#).unwrap();
        assert_eq!(open.summary(), "open");
        assert!(read_state(r#"[{"status":"pending"}]"#).is_err());
    }
}
