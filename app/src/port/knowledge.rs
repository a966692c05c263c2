//! Knowledge-base articles: every version kept, the newest per language current.

use crate::error::AppError;
use crate::knowledge::domain::{Article, ArticleVersion, ValidArticle};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait KnowledgeStore: Send + Sync {
    /// Every article with its current text per language, inactive ones included.
    async fn articles(&self) -> Result<Vec<Article>, AppError>;
    /// Changes whenever an article does (the newest version's number): what a cached index
    /// is checked against, also across instances.
    async fn knowledge_mark(&self) -> Result<i64, AppError>;
    /// Adds a version of one language of an article (creating the article), and sets the
    /// article's appointment type and whether it is shown.
    async fn save_article(
        &self,
        article: &ValidArticle,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// An article's versions, newest first, with who made them.
    async fn article_versions(&self, slug: &str) -> Result<Vec<ArticleVersion>, AppError>;
}
