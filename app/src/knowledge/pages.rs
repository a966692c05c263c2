//! The citizens' answers: `/info` searches the knowledge base (a plain form, so it works
//! without script), `/info/:slug` shows one article with a link to book when the product
//! needs an appointment.

use super::domain::{ArticleView, InfoHit};
use super::texts::KnowledgeText;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ui::current_lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server]
pub async fn info_search(q: String) -> Result<Vec<InfoHit>, AppError> {
    let ctx = crate::context::ctx()?;
    super::service::search(&ctx, &q, current_lang()).await
}

#[server]
pub async fn info_article(slug: String) -> Result<ArticleView, AppError> {
    let ctx = crate::context::ctx()?;
    super::service::article(&ctx, &slug, current_lang()).await
}

/// `/info?q=`: the search box and what it found (every topic when nothing was asked).
#[component]
pub fn InfoPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let hits = Resource::new(q, info_search);
    view! {
        <section class="info">
            <h1>{t!(lang, KnowledgeText::InfoTitle)}</h1>
            <p class="lead">{t!(lang, KnowledgeText::InfoLead)}</p>
            <form method="get" action="/info" class="info-search" role="search">
                <label class="field"><span>{t!(lang, KnowledgeText::SearchLabel)}</span>
                    <input type="search" name="q" value=q() maxlength="200" autocomplete="off"
                        placeholder=t!(lang, KnowledgeText::SearchPlaceholder)/></label>
                <button type="submit">{t!(lang, KnowledgeText::Search)}</button>
            </form>
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || hits.get().map(|found| match found {
                    Ok(found) if found.is_empty() => view! { <p class="notice">{t!(lang, KnowledgeText::NoResults)}</p> }.into_any(),
                    Ok(found) => view! { <Hits found lang asked=!q().trim().is_empty()/> }.into_any(),
                    Err(_) => view! { <p class="notice">{t!(lang, KnowledgeText::NoResults)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Hits(found: Vec<InfoHit>, lang: Lang, asked: bool) -> impl IntoView {
    view! {
        {(!asked).then(|| view! { <h2>{t!(lang, KnowledgeText::AllTopics)}</h2> })}
        <ul class="hits">
            {found.into_iter().map(|h| view! {
                <li data-article=h.slug.clone()>
                    <a href=format!("/info/{}", h.slug)><strong>{h.title}</strong></a>
                    <p class="muted">{h.summary}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// `/info/:slug`: one article.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let lang = current_lang();
    let params = use_params_map();
    let article = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        info_article,
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || article.get().map(|a| match a {
                Ok(a) => view! { <ArticleBody a lang/> }.into_any(),
                Err(_) => view! { <crate::ui::NotFound lang/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ArticleBody(a: ArticleView, lang: Lang) -> impl IntoView {
    let blocks: Vec<AnyView> = body_blocks(&a.body)
        .into_iter()
        .map(|b| match b {
            Block::Text(t) => view! { <p>{t}</p> }.into_any(),
            Block::List(items) => view! {
                <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
            }
            .into_any(),
        })
        .collect();
    view! {
        <article class="info-article" data-article=a.slug.clone()>
            <p><a href="/info">"← " {t!(lang, KnowledgeText::AllTopics)}</a></p>
            <h1>{a.title}</h1>
            <p class="lead">{a.summary}</p>
            {a.book_url.map(|url| view! {
                <p class="notice">{t!(lang, KnowledgeText::NeedsAppointment)} " "
                    <a href=url class="button" data-book>{t!(lang, KnowledgeText::BookNow)}</a></p>
            })}
            {blocks}
            <p class="muted">{t!(lang, KnowledgeText::LastChanged)} " " {crate::time::format_datetime(a.edited_at)}</p>
        </article>
    }
}

/// A piece of an article's text: lines of text, or a list.
#[derive(Debug, PartialEq)]
enum Block {
    Text(String),
    List(Vec<String>),
}

/// An article's text as editors write it: runs of lines starting with "- " are lists, the
/// other lines text; a blank line ends a paragraph.
fn body_blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for paragraph in body.split("\n\n") {
        let mut open_text = false;
        for line in paragraph.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match (line.strip_prefix("- "), out.last_mut()) {
                (Some(item), Some(Block::List(items))) if !open_text => items.push(item.to_owned()),
                (Some(item), _) => {
                    out.push(Block::List(vec![item.to_owned()]));
                    open_text = false;
                }
                (None, Some(Block::Text(text))) if open_text => {
                    text.push('\n');
                    text.push_str(line);
                }
                (None, _) => {
                    out.push(Block::Text(line.to_owned()));
                    open_text = true;
                }
            }
        }
        // A new paragraph starts fresh: a list after a blank line is a list of its own.
        if let Some(Block::List(_)) = out.last() {
            out.push(Block::Text(String::new()));
        }
    }
    out.retain(|b| !matches!(b, Block::Text(t) if t.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_a_dash_become_lists_and_the_rest_paragraphs() {
        let b = body_blocks(
            "Wat brengt u mee?\n- Uw identiteitskaart.\n- Het doel.\n\nKosten\nGratis.",
        );
        assert_eq!(
            b,
            [
                Block::Text("Wat brengt u mee?".into()),
                Block::List(vec!["Uw identiteitskaart.".into(), "Het doel.".into()]),
                Block::Text("Kosten\nGratis.".into()),
            ]
        );
        assert!(body_blocks("").is_empty());
        assert_eq!(
            body_blocks("- a\n\n- b"),
            [Block::List(vec!["a".into()]), Block::List(vec!["b".into()])]
        );
    }
}
