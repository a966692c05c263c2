//! The knowledge base with storage: articles cached with their search indexes (one per
//! language), rebuilt when the store's change mark moves (an edit on any instance), search
//! as you type, articles as pages show them, and editing (every version kept).

use super::domain::{Article, ArticleInput, ArticleVersion, ArticleView, InfoHit};
use super::search::{ArticleText as Indexed, KnowledgeIndex};
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::staff::{Action, StaffUser};
use chrono::Utc;
use std::sync::{Arc, RwLock};

/// The most answers one search gives.
pub const MAX_HITS: usize = 20;

/// The articles and their indexes as of one change mark.
#[derive(Debug, Default)]
struct Loaded {
    mark: i64,
    articles: Vec<Article>,
    /// Per language of [`Lang::ALL`]: the index over active articles' text in that language
    /// (Dutch where none was written), and which article each index entry is.
    indexes: Vec<KnowledgeIndex>,
}

/// The cached articles, shared by every request of one instance.
#[derive(Debug, Default)]
pub struct KnowledgeCache {
    loaded: RwLock<Option<Arc<Loaded>>>,
}

async fn loaded(ctx: &Ctx) -> Result<Arc<Loaded>, AppError> {
    let mark = ctx.store.knowledge_mark().await?;
    let cached = ctx
        .knowledge
        .loaded
        .read()
        .map_err(|_| AppError::internal("the knowledge cache lock is poisoned"))?
        .clone();
    if let Some(l) = cached.filter(|l| l.mark == mark) {
        return Ok(l);
    }
    let articles = ctx.store.articles().await?;
    let indexes = Lang::ALL
        .into_iter()
        .map(|lang| {
            let texts: Vec<Indexed> = articles
                .iter()
                .filter(|a| a.active)
                .filter_map(|a| {
                    let t = a.text(lang)?;
                    Some(Indexed {
                        slug: a.slug.clone(),
                        title: t.title.clone(),
                        synonyms: t.synonyms.clone(),
                        body: format!("{}\n{}", t.summary, t.body),
                    })
                })
                .collect();
            KnowledgeIndex::build(&texts)
        })
        .collect();
    let l = Arc::new(Loaded {
        mark,
        articles,
        indexes,
    });
    *ctx.knowledge
        .loaded
        .write()
        .map_err(|_| AppError::internal("the knowledge cache lock is poisoned"))? = Some(l.clone());
    Ok(l)
}

fn info_url(ctx: &Ctx, slug: &str) -> String {
    format!("{}/info/{slug}", ctx.config.public_url)
}

fn hit(ctx: &Ctx, a: &Article, lang: Lang) -> Option<InfoHit> {
    let t = a.text(lang)?;
    Some(InfoHit {
        slug: a.slug.clone(),
        title: t.title.clone(),
        summary: t.summary.clone(),
        url: info_url(ctx, &a.slug),
        appointment_type: a.appointment_type.clone(),
    })
}

/// Active articles matching `query` in `lang`, best first; every active article by title
/// when the query is empty.
pub async fn search(ctx: &Ctx, query: &str, lang: Lang) -> Result<Vec<InfoHit>, AppError> {
    if query.chars().count() > 200 {
        return Err(AppError::validation("q", "ask in at most 200 characters")
            .explained(ErrorText::TextTooLong));
    }
    let l = loaded(ctx).await?;
    let by_slug = |slug: &str| l.articles.iter().find(|a| a.slug == slug && a.active);
    if query.trim().is_empty() {
        let mut all: Vec<InfoHit> = l
            .articles
            .iter()
            .filter(|a| a.active)
            .filter_map(|a| hit(ctx, a, lang))
            .collect();
        all.sort_by_key(|h| crate::address::fold(&h.title));
        return Ok(all);
    }
    let index = &l.indexes[lang.index()];
    Ok(index
        .search(query, MAX_HITS)
        .into_iter()
        .filter_map(|f| by_slug(&f.slug).and_then(|a| hit(ctx, a, lang)))
        .collect())
}

/// An active article as its page shows it, in `lang` (Dutch where not written in `lang`).
pub async fn article(ctx: &Ctx, slug: &str, lang: Lang) -> Result<ArticleView, AppError> {
    let l = loaded(ctx).await?;
    let a = l
        .articles
        .iter()
        .find(|a| a.slug == slug && a.active)
        .ok_or_else(AppError::not_found)?;
    let t = a.text(lang).ok_or_else(AppError::not_found)?;
    Ok(ArticleView {
        slug: a.slug.clone(),
        title: t.title.clone(),
        summary: t.summary.clone(),
        body: t.body.clone(),
        book_url: a
            .appointment_type
            .as_ref()
            .map(|code| format!("/appointments?type={code}")),
        edited_at: t.edited_at,
    })
}

/// Adds a version of an article in one language (editors and admins; `None` is the command
/// line). The appointment type must exist when given.
pub async fn save(ctx: &Ctx, by: Option<&StaffUser>, input: ArticleInput) -> Result<(), AppError> {
    if let Some(u) = by {
        u.require(Action::EditKnowledge)?;
    }
    let article = input.validate()?;
    if let Some(code) = &article.appointment_type {
        crate::appointment::service::find_type(ctx, code)
            .await
            .map_err(|_| {
                AppError::validation("appointment_type", "unknown appointment type")
                    .explained(ErrorText::UnknownChoice)
            })?;
    }
    ctx.store
        .save_article(&article, by.map(|u| u.id), Utc::now())
        .await
}

/// Who changed an article when.
pub async fn history(
    ctx: &Ctx,
    user: &StaffUser,
    slug: &str,
) -> Result<Vec<ArticleVersion>, AppError> {
    user.require(Action::EditKnowledge)?;
    ctx.store.article_versions(slug).await
}

/// Every article, inactive ones too, for editors.
pub async fn all_articles(ctx: &Ctx, user: &StaffUser) -> Result<Vec<Article>, AppError> {
    user.require(Action::EditKnowledge)?;
    let mut all = loaded(ctx).await?.articles.clone();
    all.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(all)
}
