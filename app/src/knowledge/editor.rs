//! `/knowledge`: editors write the knowledge base. Every article (inactive ones too), one
//! article in one language in a form, and its history (who changed which language when).
//! The form posts to `/knowledge/article` (see `server::contactcenter`), which saves a new
//! version through `knowledge::service::save`, the command line's checks.

use super::domain::ArticleVersion;
use super::texts::KnowledgeText;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time::format_datetime;
use crate::ui::current_lang;
use crate::ui::staff::{staff_page, FormOutcome};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One article in one language as the form shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleForm {
    pub slug: String,
    pub lang: Option<Lang>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub synonyms: String,
    pub appointment_type: Option<String>,
    pub active: bool,
    /// Whether this language was written yet (otherwise the form starts from Dutch).
    pub written: bool,
}

/// What the editor's page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorView {
    /// Slug, title in the page's language, active.
    pub articles: Vec<(String, String, bool)>,
    pub form: ArticleForm,
    pub versions: Vec<ArticleVersion>,
    /// Appointment types: code and name.
    pub types: Vec<(String, String)>,
}

#[server]
pub async fn editor_data(
    slug: Option<String>,
    lang: Option<String>,
) -> Result<EditorView, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    let page_lang = current_lang();
    let all = super::service::all_articles(&ctx, &user).await?;
    let form_lang = lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(page_lang);
    let mut data = EditorView {
        articles: all
            .iter()
            .map(|a| {
                let title = a
                    .text(page_lang)
                    .map(|t| t.title.clone())
                    .unwrap_or_default();
                (a.slug.clone(), title, a.active)
            })
            .collect(),
        form: ArticleForm {
            lang: Some(form_lang),
            active: true,
            ..ArticleForm::default()
        },
        versions: Vec::new(),
        types: crate::appointment::service::appointment_types(&ctx, page_lang)
            .await?
            .into_iter()
            .map(|t| (t.code, format!("{} · {}", t.service_name, t.name)))
            .collect(),
    };
    if let Some(a) = slug.and_then(|s| all.into_iter().find(|a| a.slug == s)) {
        let text = a.text(form_lang);
        data.form = ArticleForm {
            slug: a.slug.clone(),
            lang: Some(form_lang),
            title: text.map(|t| t.title.clone()).unwrap_or_default(),
            summary: text.map(|t| t.summary.clone()).unwrap_or_default(),
            body: text.map(|t| t.body.clone()).unwrap_or_default(),
            synonyms: text.map(|t| t.synonyms.join(", ")).unwrap_or_default(),
            appointment_type: a.appointment_type.clone(),
            active: a.active,
            written: a.texts.iter().any(|t| t.lang == form_lang),
        };
        data.versions = super::service::history(&ctx, &user, &a.slug).await?;
    }
    Ok(data)
}

/// `/knowledge?slug=&lang=`: the editor's page.
#[component]
pub fn KnowledgeEditorPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("slug"), q.get("lang"))
        },
        |(slug, lang)| editor_data(slug, lang),
    );
    staff_page(lang, move |_user| {
        view! {
            <section class="knowledge-editor">
                <h1>{t!(lang, KnowledgeText::Editor)}</h1>
                <FormOutcome lang/>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || data.get().map(|d| match d {
                        Ok(d) => view! { <Editor d lang/> }.into_any(),
                        Err(_) => view! { <p class="field-error" role="alert">{t!(lang, KnowledgeText::NotForYou)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

#[component]
fn Editor(d: EditorView, lang: Lang) -> impl IntoView {
    let f = d.form;
    let editing = !f.slug.is_empty();
    let form_lang = f.lang.unwrap_or(lang);
    let slug = f.slug.clone();
    view! {
        <div class="editor-grid">
            <nav class="article-list" aria-label=t!(lang, KnowledgeText::Articles)>
                <p><a href="/knowledge">{t!(lang, KnowledgeText::NewArticle)}</a></p>
                <ul>
                    {d.articles.into_iter().map(|(s, title, active)| view! {
                        <li class:muted=!active><a href=format!("/knowledge?slug={s}") data-article=s.clone()>{title}</a>
                            " " <small>{s.clone()}</small></li>
                    }).collect_view()}
                </ul>
            </nav>
            <form method="post" action="/knowledge/article" class="article-form">
                {editing.then(|| view! {
                    <p class="langs">{Lang::ALL.map(|l| view! {
                        <a href=format!("/knowledge?slug={slug}&lang={}", l.code()) aria-current=(l == form_lang).then_some("page")>{l.code()}</a> " "
                    }).into_iter().collect::<Vec<_>>()}
                    {(!f.written).then(|| view! { <span class="muted">{t!(lang, KnowledgeText::NotWrittenYet)}</span> })}</p>
                })}
                <label class="field"><span>{t!(lang, KnowledgeText::Slug)}</span>
                    <input type="text" name="slug" value=f.slug.clone() required maxlength="80" pattern="[a-z0-9-]+" readonly=editing/></label>
                <input type="hidden" name="lang" value=form_lang.code()/>
                <label class="field"><span>{t!(lang, KnowledgeText::Title)} " (" {form_lang.code()} ")"</span>
                    <input type="text" name="title" value=f.title.clone() required maxlength="120"/></label>
                <label class="field"><span>{t!(lang, KnowledgeText::Summary)}</span>
                    <input type="text" name="summary" value=f.summary.clone() maxlength="300"/></label>
                <label class="field"><span>{t!(lang, KnowledgeText::Body)}</span>
                    <textarea name="body" rows="14" maxlength="20000">{f.body.clone()}</textarea></label>
                <label class="field"><span>{t!(lang, KnowledgeText::Synonyms)}</span>
                    <input type="text" name="synonyms" value=f.synonyms.clone() maxlength="500"/></label>
                <label class="field"><span>{t!(lang, KnowledgeText::AppointmentType)}</span>
                    <select name="appointment_type">
                        <option value="">"—"</option>
                        {d.types.into_iter().map(|(code, name)| {
                            let chosen = f.appointment_type.as_deref() == Some(code.as_str());
                            view! { <option value=code selected=chosen>{name}</option> }
                        }).collect_view()}
                    </select></label>
                <label class="inline"><input type="checkbox" name="active" value="1" checked=f.active/> {t!(lang, KnowledgeText::Published)}</label>
                <button type="submit" class="primary">{t!(lang, KnowledgeText::SaveVersion)}</button>
            </form>
        </div>
        {(!d.versions.is_empty()).then(|| view! {
            <h2>{t!(lang, KnowledgeText::Versions)}</h2>
            <table class="history" data-versions>
                <tbody>
                    {d.versions.into_iter().map(|v| view! {
                        <tr><td>{v.version}</td><td>{v.lang.code()}</td><td>{v.title}</td>
                            <td>{v.edited_by.unwrap_or_default()}</td><td>{format_datetime(v.edited_at)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
