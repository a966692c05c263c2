//! Categories, departments, teams and partners: what reports are sorted by.

use crate::error::AppError;
use crate::office::domain::{Department, Partner, Team};
use crate::office::replies::StandardReply;
use crate::report::domain::Category;
use crate::report::questions::Question;
use async_trait::async_trait;
use std::collections::BTreeMap;

#[async_trait]
pub trait CatalogueStore: Send + Sync {
    /// Active categories (`all`: inactive ones too).
    async fn categories(&self, all: bool) -> Result<Vec<Category>, AppError>;
    async fn category(&self, code: &str) -> Result<Option<Category>, AppError>;
    /// Creates or updates a category by code.
    async fn save_category(&self, category: &Category) -> Result<(), AppError>;
    async fn departments(&self) -> Result<Vec<Department>, AppError>;
    /// Creates or updates a department by code.
    async fn save_department(&self, department: &Department) -> Result<(), AppError>;
    async fn teams(&self) -> Result<Vec<Team>, AppError>;
    async fn create_team(&self, name: &str, department: &str) -> Result<i64, AppError>;
    async fn set_team_members(&self, team_id: i64, user_ids: &[i64]) -> Result<(), AppError>;
    async fn partners(&self) -> Result<Vec<Partner>, AppError>;
    async fn create_partner(&self, name: &str, email: &str) -> Result<i64, AppError>;
    /// The questions of one category (`Some`) or of every category, each list in its order.
    async fn questions(
        &self,
        category: Option<&str>,
    ) -> Result<BTreeMap<String, Vec<Question>>, AppError>;
    /// Replaces a category's questions with these, in this order.
    async fn save_questions(&self, category: &str, questions: &[Question]) -> Result<(), AppError>;
    /// Every standard reply, by category code (general ones first), language and title.
    async fn replies(&self) -> Result<Vec<StandardReply>, AppError>;
    /// Stores a new reply (its `id` is ignored; its category exists); answers the new id.
    async fn add_reply(&self, reply: &StandardReply) -> Result<i64, AppError>;
    /// Removes a reply; false when there was none with that id.
    async fn remove_reply(&self, id: i64) -> Result<bool, AppError>;
}
