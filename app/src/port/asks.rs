//! The city's questions to reporters (`report::ask`): asked, answered and ended with a report
//! change (`ReportUpdate::question`), read here.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::report::ask::QuestionView;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A question to mail: its link's token as a hash (the token is in the mail only).
#[derive(Debug, Clone, PartialEq)]
pub struct NewQuestion {
    pub token_hash: String,
    pub lang: Lang,
    pub question: String,
    /// Pauses the report's deadline while it waits.
    pub pauses: bool,
}

/// What a report change does to its question to the reporter.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionChange {
    /// Asks a new one (refused while another waits).
    Ask(NewQuestion),
    /// The reporter's answer to question `id` (refused unless it waits).
    Answer {
        id: i64,
        answer: Option<String>,
        photos: u32,
    },
    /// The waiting question, if any, stops waiting (withdrawn, or the report closed).
    End,
}

/// A question as stored, for its link's page and the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRecord {
    pub id: i64,
    pub report_id: i64,
    pub reference: String,
    pub view: QuestionView,
}

#[async_trait]
pub trait AskStore: Send + Sync {
    /// The question whose link has the token with this hash.
    async fn question_by_token(&self, token_hash: &str)
        -> Result<Option<QuestionRecord>, AppError>;
    /// Every question asked about a report, oldest first.
    async fn report_questions(&self, report_id: i64) -> Result<Vec<QuestionView>, AppError>;
    /// Ends the questions asked before `asked_before` that still wait (unanswered in time):
    /// each stops waiting at the end of its time, and a paused deadline moves by that time.
    /// Answers how many.
    async fn end_expired_questions(
        &self,
        asked_before: DateTime<Utc>,
        days: i64,
    ) -> Result<u64, AppError>;
}
