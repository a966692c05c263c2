//! Changes a crew made offline, sent later by the tablet: each is applied exactly once (keyed
//! by the id the tablet gave it), and one made on a version of the report that is no longer
//! current is not dropped but kept in the history as a conflict for a coordinator to resolve.
#![warn(clippy::wildcard_enum_match_arm)]

use super::domain::{clean_note, EventKind, TriageAction};
use super::service::{act_once, load, register, IntakeInput, IntakeOutcome};
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::port::{
    ChangeOutcome, ChangeReceipt, IdempotencyKey, NewReceipt, ProcessedPhoto, ReportUpdate,
};
use crate::report::domain::{PhotoKind, ReportStatus};
use crate::service::{delete_photos, put_photos};
use crate::staff::StaffUser;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One change from the tablet's queue.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OfflineChange {
    /// A status change or note on a report, made on the version the tablet had.
    Action {
        #[serde(rename = "ref")]
        reference: String,
        base_version: Option<i64>,
        action: TriageAction,
        /// When the crew made the change (the tablet's clock), for the history.
        #[serde(default)]
        made_at: Option<DateTime<Utc>>,
    },
    /// Something the crew found in the field.
    NewReport { input: IntakeInput },
}

/// What the server did with an offline change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncOutcome {
    /// `applied`, `conflict`, or `created` for a new report.
    pub outcome: SyncResult,
    #[serde(rename = "ref")]
    pub reference: String,
    /// The report's version after the change.
    pub version: Option<i64>,
    /// The report's current status, when the change was not applied.
    pub status: Option<ReportStatus>,
    /// True when this answer repeats the one given the first time.
    pub replayed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncResult {
    Applied,
    Conflict,
    Created,
}

impl From<ChangeOutcome> for SyncResult {
    fn from(o: ChangeOutcome) -> Self {
        match o {
            ChangeOutcome::Applied => Self::Applied,
            ChangeOutcome::Conflict => Self::Conflict,
        }
    }
}

/// The history text of a conflicting change: what the crew wanted, on which version, when.
pub fn describe_conflict(
    action: &TriageAction,
    base_version: i64,
    made_at: Option<DateTime<Utc>>,
) -> String {
    let wanted = match action.target_status() {
        Some(s) => format!("→ {}", s.as_str()),
        None => format!("{:?}", action.kind()).to_lowercase(),
    };
    let note = action.text().and_then(|(_, text)| text).map(str::to_owned);
    let mut text = format!("v{base_version} {wanted}");
    if let Some(at) = made_at {
        text.push_str(&format!(" · {}", at.format("%Y-%m-%d %H:%M UTC")));
    }
    if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
        text.push_str(&format!(" · {}", n.trim()));
    }
    text
}

fn replay(
    receipt: ChangeReceipt,
    user: &StaffUser,
    key: &IdempotencyKey,
) -> Result<SyncOutcome, AppError> {
    if receipt.user_id != user.id || receipt.request_hash != key.request_hash {
        return Err(AppError::validation(
            "Idempotency-Key",
            "this Idempotency-Key was already used for a different change",
        )
        .explained(ErrorText::FormSentBefore));
    }
    Ok(SyncOutcome {
        outcome: receipt.outcome.into(),
        reference: receipt.reference,
        version: Some(receipt.version),
        status: None,
        replayed: true,
    })
}

/// Applies one offline change once: a replay of the same key answers as the first time; a
/// change on an outdated version is recorded as a conflict (history entry, photos kept, report
/// flagged) instead of being applied or lost.
pub async fn apply_offline_change(
    ctx: &Ctx,
    user: &StaffUser,
    key: IdempotencyKey,
    change: OfflineChange,
    photos: Vec<ProcessedPhoto>,
) -> Result<SyncOutcome, AppError> {
    let (reference, base_version, action, made_at) = match change {
        OfflineChange::NewReport { mut input } => {
            input.channel = crate::report::domain::Channel::Field.as_str().to_owned();
            input.follow = None;
            return match register(ctx, user, input, photos, Some(key)).await? {
                IntakeOutcome::Created(receipt) => Ok(SyncOutcome {
                    outcome: SyncResult::Created,
                    reference: receipt.reference,
                    version: None,
                    status: None,
                    replayed: false,
                }),
                IntakeOutcome::Followed { reference } => Ok(SyncOutcome {
                    outcome: SyncResult::Applied,
                    reference,
                    version: None,
                    status: None,
                    replayed: false,
                }),
            };
        }
        OfflineChange::Action {
            reference,
            base_version,
            action,
            made_at,
        } => (reference, base_version, action, made_at),
    };
    if let Some(receipt) = ctx.store.change_receipt(&key.key).await? {
        return replay(receipt, user, &key);
    }
    // Judged before anything is recorded, also as a conflict.
    if let Some((field, text)) = action.text() {
        let text = clean_note(text, field)?;
        if let (TriageAction::FieldNote { .. }, None) = (&action, text) {
            return Err(
                AppError::validation("note", "write a note").explained(ErrorText::NoteRequired)
            );
        }
    }
    let base_version = base_version.ok_or_else(|| AppError::VersionRequired {
        message: "an offline change must say which version of the report it was made on".into(),
    })?;
    let receipt = |outcome| NewReceipt {
        key: key.key.clone(),
        user_id: user.id,
        request_hash: key.request_hash.clone(),
        outcome,
    };
    let applied = act_once(
        ctx,
        user,
        &reference,
        action.clone(),
        photos.clone(),
        Some(base_version),
        Some(receipt(ChangeOutcome::Applied)),
    )
    .await;
    let error = match applied {
        Ok(version) => {
            return Ok(SyncOutcome {
                outcome: SyncResult::Applied,
                reference,
                version: Some(version),
                status: None,
                replayed: false,
            })
        }
        Err(e) => e,
    };
    // The same change may have been applied by a concurrent copy of this request.
    if let Some(receipt) = ctx.store.change_receipt(&key.key).await? {
        return replay(receipt, user, &key);
    }
    if !matches!(error, AppError::Stale { .. }) {
        return Err(error);
    }
    // Made on an older version: keep it, flagged, without changing the report's state.
    for _ in 0..3 {
        let report = load(ctx, &reference).await?;
        user.check(action.permission(), &report.department)?;
        let mut update = ReportUpdate::new(&report, EventKind::Conflict, Some(user.id));
        update.internal_note = Some(describe_conflict(&action, base_version, made_at));
        update.conflict = Some(true);
        update.receipt = Some(receipt(ChangeOutcome::Conflict));
        update.photos = put_photos(ctx, PhotoKind::After, &photos).await?;
        match ctx.store.apply_update(&update, Utc::now()).await {
            Ok(()) => {
                return Ok(SyncOutcome {
                    outcome: SyncResult::Conflict,
                    reference,
                    version: Some(report.version + 1),
                    status: Some(report.status),
                    replayed: false,
                })
            }
            Err(e) => {
                delete_photos(ctx, &update.photos).await;
                if let Some(receipt) = ctx.store.change_receipt(&key.key).await? {
                    return replay(receipt, user, &key);
                }
                if !matches!(e, AppError::Stale { .. }) {
                    return Err(e);
                }
            }
        }
    }
    Err(AppError::conflict(
        "the report keeps changing; the change stays on the tablet and is sent again",
    )
    .explained(ErrorText::Stale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcomes_the_offline_queue_compares_are_the_ones_the_server_sends() {
        // public/outbox.js keeps or drops a queued change by the outcome in the answer.
        let sent: Vec<serde_json::Value> = [
            SyncResult::Applied,
            SyncResult::Conflict,
            SyncResult::Created,
        ]
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
        let script = include_str!("../../../public/outbox.js");
        let compared: Vec<&str> = script
            .split("outcome === \"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(
            compared.len() >= 2,
            "outbox.js compares outcomes as `outcome === \"…\"`"
        );
        for outcome in compared {
            assert!(
                sent.iter().any(|s| s == outcome),
                "outbox.js compares the outcome {outcome:?}, which the server never sends"
            );
        }
    }

    #[test]
    fn a_conflict_says_what_was_wanted_on_which_version() {
        let at = DateTime::parse_from_rfc3339("2026-11-28T09:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let text = describe_conflict(
            &TriageAction::Done {
                note: Some(" put back ".into()),
            },
            3,
            Some(at),
        );
        assert_eq!(text, "v3 → done · 2026-11-28 09:05 UTC · put back");
        let note = describe_conflict(
            &TriageAction::FieldNote {
                note: "cones placed".into(),
            },
            7,
            None,
        );
        assert_eq!(note, "v7 note · cones placed");
    }

    #[test]
    fn an_offline_change_reads_from_the_tablets_json() {
        let change: OfflineChange = serde_json::from_str(
            r#"{"type":"action","ref":"M-2026-00001","base_version":4,
                "action":{"action":"done","note":"ok"},"made_at":"2026-11-28T10:00:00Z"}"#,
        )
        .unwrap();
        assert!(matches!(
            change,
            OfflineChange::Action {
                base_version: Some(4),
                action: TriageAction::Done { .. },
                ..
            }
        ));
        let missing: OfflineChange = serde_json::from_str(
            r#"{"type":"action","ref":"M-2026-00001","action":{"action":"start","note":null}}"#,
        )
        .unwrap();
        assert!(matches!(
            missing,
            OfflineChange::Action {
                base_version: None,
                ..
            }
        ));
    }
}
