//! "Is het opgelost?": when a report is closed, the mail to its reporter asks whether the
//! problem is fixed and how satisfied they are, each answer one click away. The link leads to
//! a page (private, 14 days, for that report only) where the choice is confirmed with an
//! optional comment; one answer per question. "Not fixed" asks the department to reopen the
//! report: a coordinator reopens it (the reporter is told, as with any status change) or
//! declines with a reason the reporter receives. Followers get a link of their own that asks
//! only whether the problem is still there; "still there" asks to reopen in the same way, and
//! counts in no figure.

use crate::error::{AppError, ErrorText};
use crate::report::domain::ReportStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How long a link asking "is it fixed?" takes an answer, in days.
pub const FEEDBACK_DAYS: i64 = 14;

/// Whether closing a report with this status asks its reporter "is it fixed?". Forwarding
/// hands the problem to a partner: the city's part is done, so it asks too.
pub fn asks_feedback(status: ReportStatus) -> bool {
    match status {
        ReportStatus::Done | ReportStatus::Rejected | ReportStatus::Forwarded => true,
        ReportStatus::New
        | ReportStatus::Accepted
        | ReportStatus::Assigned
        | ReportStatus::InProgress
        | ReportStatus::Duplicate => false,
    }
}

/// Where a "not fixed" answer stands.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReopenState {
    /// Waits for a coordinator.
    Asked,
    /// The report was reopened.
    Accepted,
    /// Declined, with a reason mailed to the reporter.
    Declined,
}

impl ReopenState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asked => "asked",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Asked, Self::Accepted, Self::Declined]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A reporter's answer, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackAnswer {
    pub fixed: bool,
    pub satisfaction: Option<u8>,
    pub comment: Option<String>,
}

impl FeedbackAnswer {
    /// Reads the page's form: `fixed` is `yes` or `no`; `satisfaction` 1 to 5 or empty; the
    /// comment is optional, a note like staff's (`clean_note`: at most `MAX_NOTE_CHARS`).
    pub fn parse(
        fixed: Option<&str>,
        satisfaction: Option<&str>,
        comment: Option<&str>,
    ) -> Result<Self, AppError> {
        let fixed = match fixed.map(str::trim) {
            Some("yes") => true,
            Some("no") => false,
            _ => return Err(AppError::invalid("fixed", ErrorText::FeedbackFixedRequired)),
        };
        let satisfaction = match satisfaction.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match s.parse::<u8>() {
                Ok(n @ 1..=5) => Some(n),
                _ => {
                    return Err(AppError::invalid(
                        "satisfaction",
                        ErrorText::FeedbackScoreRange,
                    ))
                }
            },
        };
        let comment = crate::office::domain::clean_note(comment, "comment")?;
        Ok(Self {
            fixed,
            satisfaction,
            comment,
        })
    }
}

/// One question asked, with its answer if there is one: for the staff report page and the
/// figures.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackView {
    pub closed_as: ReportStatus,
    pub asked_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub fixed: Option<bool>,
    pub satisfaction: Option<u8>,
    pub comment: Option<String>,
    pub reopen: Option<ReopenState>,
    pub reopen_reason: Option<String>,
    /// Asked of a follower ("is it still there?"), not of the reporter.
    #[serde(default)]
    pub follower: bool,
    /// The follower's e-mail address, for the mail that declines their request; never sent
    /// to a browser.
    #[serde(skip)]
    pub follower_email: Option<String>,
}

/// What the page of a feedback link shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackPage {
    pub reference: String,
    pub category_name: String,
    pub closed_as: ReportStatus,
    /// Answered already: the page thanks instead of asking.
    pub answered: bool,
    /// Past its 14 days.
    pub expired: bool,
    /// The link of a follower, who is asked only whether the problem is still there.
    #[serde(default)]
    pub follower: bool,
}

/// The question behind a link: refused (not found) for a token of another shape or one that
/// was never mailed.
#[cfg(feature = "ssr")]
async fn asked(
    ctx: &crate::context::Ctx,
    token: &str,
) -> Result<crate::port::FeedbackRecord, AppError> {
    let token = crate::report::domain::link_token(token).ok_or_else(AppError::not_found)?;
    ctx.store
        .feedback(&crate::service::sha256_hex(token.as_bytes()))
        .await?
        .ok_or_else(AppError::not_found)
}

/// Whether a reporter's "not fixed" waits for a coordinator among these questions.
pub fn reopen_asked(feedback: &[FeedbackView]) -> bool {
    feedback
        .iter()
        .any(|f| f.reopen == Some(ReopenState::Asked))
}

#[cfg(feature = "ssr")]
fn expired(f: &crate::port::FeedbackRecord, now: DateTime<Utc>) -> bool {
    now > f.view.asked_at + chrono::Duration::days(FEEDBACK_DAYS)
}

/// What the link's page shows (opening it changes nothing: mail filters open links too).
#[cfg(feature = "ssr")]
pub async fn page(
    ctx: &crate::context::Ctx,
    token: &str,
    lang: crate::i18n::Lang,
) -> Result<FeedbackPage, AppError> {
    let f = asked(ctx, token).await?;
    let category_name = ctx
        .store
        .category(&f.category)
        .await?
        .map(|c| c.name(lang).to_owned())
        .unwrap_or_default();
    Ok(FeedbackPage {
        expired: expired(&f, Utc::now()),
        answered: f.view.answered_at.is_some(),
        reference: f.reference,
        category_name,
        closed_as: f.view.closed_as,
        follower: f.view.follower,
    })
}

/// Stores the reporter's answer; answers the report's reference. A second answer, or one
/// after 14 days, is refused with its explanation.
#[cfg(feature = "ssr")]
pub async fn answer(
    ctx: &crate::context::Ctx,
    token: &str,
    answer: &FeedbackAnswer,
) -> Result<String, AppError> {
    let f = asked(ctx, token).await?;
    let now = Utc::now();
    if f.view.answered_at.is_some() {
        return Err(AppError::conflict("this question was answered already")
            .explained(ErrorText::FeedbackAnswered));
    }
    if expired(&f, now) {
        return Err(AppError::validation("token", "this link has expired")
            .explained(ErrorText::FeedbackExpired));
    }
    // A follower is asked only whether the problem is still there: no score.
    let answer = FeedbackAnswer {
        satisfaction: answer.satisfaction.filter(|_| !f.view.follower),
        ..answer.clone()
    };
    if !ctx.store.answer_feedback(f.id, &answer, now).await? {
        return Err(AppError::conflict("this question was answered already")
            .explained(ErrorText::FeedbackAnswered));
    }
    Ok(f.reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_asks_and_nothing_else_does() {
        for s in ReportStatus::ALL {
            assert_eq!(
                asks_feedback(s),
                !s.is_open() && s != ReportStatus::Duplicate || s == ReportStatus::Forwarded,
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_form_is_read_strictly() {
        let a = FeedbackAnswer::parse(Some("no"), Some("2"), Some("  Nog steeds een put \u{202e}"))
            .unwrap();
        assert_eq!(
            a,
            FeedbackAnswer {
                fixed: false,
                satisfaction: Some(2),
                comment: Some("Nog steeds een put".into())
            }
        );
        assert_eq!(
            FeedbackAnswer::parse(Some("yes"), Some(""), Some("   ")).unwrap(),
            FeedbackAnswer {
                fixed: true,
                satisfaction: None,
                comment: None
            }
        );
        for (fixed, score) in [
            (None, None),
            (Some("maybe"), None),
            (Some("yes"), Some("0")),
            (Some("yes"), Some("6")),
            (Some("yes"), Some("-1")),
            (Some("yes"), Some("3.5")),
            (Some("yes"), Some("999999999999")),
        ] {
            assert!(
                FeedbackAnswer::parse(fixed, score, None).is_err(),
                "{fixed:?} {score:?}"
            );
        }
        let long = "a".repeat(crate::office::domain::MAX_NOTE_CHARS + 1);
        assert!(FeedbackAnswer::parse(Some("yes"), None, Some(&long)).is_err());
    }
}
