//! The city asks, the reporter answers. A coordinator puts a question to the person who made
//! a report ("which side of the street?", "can you send a photo?"); it is mailed with a private
//! link to a page (`/vraag/:token`, 14 days, one answer) where they answer with text and up to
//! three photos (the photo pipeline, as always). The answer lands in the report's history and
//! flags the report in the queue until staff next change it. A question may pause the
//! report's deadline while it waits: the report is not late meanwhile, and the due date moves
//! by the time it waited when it stops waiting (answered, withdrawn, expired, or the report
//! closed).

use crate::error::{AppError, ErrorText};
use crate::report::domain::ReportStatus;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long a question takes an answer (and pauses a deadline at most), in days.
pub const QUESTION_DAYS: i64 = 14;
/// Most photos one answer may carry.
pub const MAX_ANSWER_PHOTOS: usize = 3;

/// One question to the reporter, with its answer if there is one: for the staff report page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub question: String,
    pub asked_at: DateTime<Utc>,
    /// It pauses the report's deadline while it waits.
    pub pauses: bool,
    pub answered_at: Option<DateTime<Utc>>,
    /// Only for roles that see contact data (people write their names into answers).
    pub answer: Option<String>,
    /// How many photos came with the answer (they are the report's, kind `answer`).
    pub photos: u32,
    /// When it stopped waiting; `None` while it waits.
    pub ended_at: Option<DateTime<Utc>>,
    /// Staff changed the report after the answer came.
    pub seen: bool,
}

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionState {
    Waiting,
    Answered,
    /// Withdrawn, expired, or its report closed, without an answer.
    Ended,
}

impl QuestionView {
    /// Until when the link takes an answer.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.asked_at + Duration::days(QUESTION_DAYS)
    }
    pub fn state(&self) -> QuestionState {
        match (self.answered_at, self.ended_at) {
            (Some(_), _) => QuestionState::Answered,
            (None, None) => QuestionState::Waiting,
            (None, Some(_)) => QuestionState::Ended,
        }
    }
    /// Whether the link still takes an answer at `now`.
    pub fn open_at(&self, now: DateTime<Utc>) -> bool {
        self.state() == QuestionState::Waiting && now <= self.expires_at()
    }
}

/// Since when a report's deadline is paused: the asking of its waiting question, if that one
/// pauses.
pub fn paused_since(questions: &[QuestionView]) -> Option<DateTime<Utc>> {
    questions
        .iter()
        .find(|q| q.pauses && q.state() == QuestionState::Waiting)
        .map(|q| q.asked_at)
}

/// Whether a question waits for the reporter (at most one does).
pub fn waiting(questions: &[QuestionView]) -> bool {
    questions
        .iter()
        .any(|q| q.state() == QuestionState::Waiting)
}

/// An answered question staff have not acted on yet (the queue's flag).
pub fn answer_waiting(questions: &[QuestionView]) -> bool {
    questions
        .iter()
        .any(|q| q.state() == QuestionState::Answered && !q.seen)
}

/// The due date after a pause from `since` that ends at `until`: later by the time waited,
/// never more than the question's days, never earlier.
pub fn resumed_due(
    due_at: DateTime<Utc>,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> DateTime<Utc> {
    let end = until.min(since + Duration::days(QUESTION_DAYS));
    due_at + (end - since).max(Duration::zero())
}

/// A coordinator's question, checked: required, a note's rules (`clean_note`).
pub fn clean_question(text: Option<&str>) -> Result<String, AppError> {
    crate::office::domain::clean_note(text, "question")?
        .ok_or_else(|| AppError::invalid("question", ErrorText::QuestionRequired))
}

/// A reporter's answer, checked: the text is optional (a note's rules) when photos come, but
/// something must.
pub fn clean_answer(text: Option<&str>, photos: usize) -> Result<Option<String>, AppError> {
    let text = crate::office::domain::clean_note(text, "answer")?;
    if photos > MAX_ANSWER_PHOTOS {
        return Err(AppError::invalid("photo", ErrorText::TooManyPhotos));
    }
    if text.is_none() && photos == 0 {
        return Err(AppError::invalid("answer", ErrorText::AnswerEmpty));
    }
    Ok(text)
}

/// Whether a report in `status` may be asked about: only while the city works on it.
pub fn may_ask(status: ReportStatus) -> bool {
    status.is_open()
}

/// What the page of a question's link shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AskPage {
    pub reference: String,
    pub category_name: String,
    pub status: ReportStatus,
    pub question: String,
    pub asked_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Answered already: the page thanks instead of asking.
    pub answered: bool,
    /// Withdrawn, expired or the report closed: no answer is taken.
    pub closed: bool,
}

/// The question behind a link: refused (not found) for a token of another shape or one that
/// was never mailed.
#[cfg(feature = "ssr")]
async fn asked(
    ctx: &crate::context::Ctx,
    token: &str,
) -> Result<crate::port::QuestionRecord, AppError> {
    let token = crate::report::domain::link_token(token).ok_or_else(AppError::not_found)?;
    ctx.store
        .question_by_token(&crate::service::sha256_hex(token.as_bytes()))
        .await?
        .ok_or_else(AppError::not_found)
}

/// What the link's page shows (opening it changes nothing: mail filters open links too).
#[cfg(feature = "ssr")]
pub async fn page(
    ctx: &crate::context::Ctx,
    token: &str,
    lang: crate::i18n::Lang,
) -> Result<AskPage, AppError> {
    let q = asked(ctx, token).await?;
    let report = crate::office::service::load(ctx, &q.reference).await?;
    Ok(AskPage {
        answered: q.view.state() == QuestionState::Answered,
        closed: !q.view.open_at(Utc::now()),
        reference: q.reference,
        category_name: report.category.name(lang).to_owned(),
        status: report.status,
        expires_at: q.view.expires_at(),
        asked_at: q.view.asked_at,
        question: q.view.question,
    })
}

/// Stores the reporter's answer with its photos (already through the pipeline) as a change
/// to the report; answers the report's reference. A second answer, or one to a question that
/// no longer waits, is refused with its explanation, and its photos are not kept.
#[cfg(feature = "ssr")]
pub async fn answer(
    ctx: &crate::context::Ctx,
    token: &str,
    text: Option<&str>,
    photos: Vec<crate::port::ProcessedPhoto>,
) -> Result<String, AppError> {
    use crate::port::{QuestionChange, ReportUpdate};
    let q = asked(ctx, token).await?;
    let text = clean_answer(text, photos.len())?;
    let refused = |q: &QuestionView| match q.state() {
        QuestionState::Answered => Some(
            AppError::conflict("this question was answered already")
                .explained(ErrorText::QuestionAnswered),
        ),
        QuestionState::Waiting | QuestionState::Ended => (!q.open_at(Utc::now())).then(|| {
            AppError::validation("token", "this question no longer takes an answer")
                .explained(ErrorText::QuestionClosed)
        }),
    };
    if let Some(e) = refused(&q.view) {
        return Err(e);
    }
    let stored =
        crate::service::put_photos(ctx, crate::report::domain::PhotoKind::Answer, &photos).await?;
    // Staff may change the report meanwhile: the answer goes on top of the latest version.
    let mut tries = 0;
    loop {
        tries += 1;
        let report = crate::office::service::load(ctx, &q.reference).await?;
        let mut update =
            ReportUpdate::new(&report, crate::office::domain::EventKind::Answered, None);
        update.question = Some(QuestionChange::Answer {
            id: q.id,
            answer: text.clone(),
            photos: photos.len() as u32,
        });
        update.photos = stored.clone();
        match ctx.store.apply_update(&update, Utc::now()).await {
            Ok(()) => return Ok(q.reference),
            Err(AppError::Stale { .. }) if tries < 5 => continue,
            Err(e) => {
                crate::service::delete_photos(ctx, &stored).await;
                // Answered or ended by a concurrent request: say which.
                let again = asked(ctx, token).await.ok();
                return Err(again.and_then(|q| refused(&q.view)).unwrap_or(e));
            }
        }
    }
}

/// Ends the questions that waited their full time unanswered (the retention job).
#[cfg(feature = "ssr")]
pub async fn end_expired(ctx: &crate::context::Ctx) -> Result<u64, AppError> {
    ctx.store
        .end_expired_questions(Utc::now() - Duration::days(QUESTION_DAYS), QUESTION_DAYS)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 10, 0, 0).unwrap()
    }

    fn question(pauses: bool, answered: Option<u32>, ended: Option<u32>) -> QuestionView {
        QuestionView {
            question: "Welke kant van de straat?".into(),
            asked_at: at(2),
            pauses,
            answered_at: answered.map(at),
            answer: None,
            photos: 0,
            ended_at: ended.map(at),
            seen: false,
        }
    }

    #[test]
    fn a_pause_moves_the_due_date_by_the_time_waited_and_no_more() {
        let due = at(20);
        assert_eq!(resumed_due(due, at(2), at(5)), at(23));
        // Never more than the question's days, never backwards.
        assert_eq!(resumed_due(due, at(2), at(30)), due + Duration::days(14));
        assert_eq!(resumed_due(due, at(5), at(2)), due);
    }

    #[test]
    fn only_a_waiting_pausing_question_pauses() {
        assert_eq!(paused_since(&[question(true, None, None)]), Some(at(2)));
        assert_eq!(paused_since(&[question(false, None, None)]), None);
        assert_eq!(paused_since(&[question(true, Some(4), Some(4))]), None);
        assert_eq!(paused_since(&[question(true, None, Some(4))]), None);
        assert!(answer_waiting(&[question(false, Some(4), Some(4))]));
        assert!(!answer_waiting(&[question(false, None, Some(4))]));
    }

    #[test]
    fn a_link_takes_an_answer_while_it_waits_and_in_time() {
        let q = question(true, None, None);
        assert!(q.open_at(at(15)));
        assert!(!q.open_at(at(17)));
        assert!(!question(true, Some(3), Some(3)).open_at(at(4)));
        assert!(!question(true, None, Some(3)).open_at(at(4)));
        assert_eq!(
            question(true, Some(3), Some(3)).state(),
            QuestionState::Answered
        );
    }

    #[test]
    fn questions_and_answers_are_read_strictly() {
        assert!(clean_question(Some("   ")).is_err());
        assert!(clean_question(None).is_err());
        assert_eq!(
            clean_question(Some(" Welke kant? \u{202e}")).unwrap(),
            "Welke kant?"
        );
        assert!(clean_answer(None, 0).is_err());
        assert!(clean_answer(Some("  "), 0).is_err());
        assert_eq!(clean_answer(None, 1).unwrap(), None);
        assert_eq!(
            clean_answer(Some("Links"), 0).unwrap(),
            Some("Links".into())
        );
        assert!(clean_answer(Some("x"), MAX_ANSWER_PHOTOS + 1).is_err());
        let long = "a".repeat(crate::office::domain::MAX_NOTE_CHARS + 1);
        assert!(clean_answer(Some(&long), 0).is_err());
        assert!(clean_answer(Some("a\u{7}b"), 0).is_err());
    }
}
