//! Standard replies: texts an admin keeps for the notes staff send reporters, per category (or
//! for every category) and language. On a report's page a coordinator picks one, which fills
//! the note (still editable) of the form it belongs to; replies in the reporter's language and
//! for the report's category come first.

use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::office::texts::OfficeText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A reply's title (what the list shows) is one line of at most this many characters.
pub const MAX_TITLE_CHARS: usize = 80;
/// A reply's text is at most as long as a note.
pub const MAX_BODY_CHARS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StandardReply {
    pub id: i64,
    /// The category's code; `None` for every category.
    pub category: Option<String>,
    pub lang: Lang,
    pub title: String,
    pub body: String,
}

impl StandardReply {
    /// A checked reply from what an admin typed (`category` empty for every category).
    pub fn parse(category: &str, lang: &str, title: &str, body: &str) -> Result<Self, AppError> {
        let lang = Lang::from_code(lang.trim()).ok_or_else(|| {
            AppError::validation("lang", "a language Meldpunt speaks")
                .explained(ErrorText::UnknownChoice)
        })?;
        let title = title.trim();
        if title.is_empty()
            || title.chars().count() > MAX_TITLE_CHARS
            || title.chars().any(char::is_control)
        {
            return Err(AppError::validation(
                "title",
                format!("a title is 1 to {MAX_TITLE_CHARS} characters on one line"),
            )
            .explained(ErrorText::OneLineTooLong));
        }
        let body = body.trim().replace("\r\n", "\n");
        if body.is_empty()
            || body.chars().count() > MAX_BODY_CHARS
            || body.chars().any(|c| c.is_control() && c != '\n')
        {
            return Err(AppError::validation(
                "body",
                format!("a reply is 1 to {MAX_BODY_CHARS} characters"),
            )
            .explained(ErrorText::TextTooLong));
        }
        let category = category.trim();
        Ok(Self {
            id: 0,
            category: (!category.is_empty()).then(|| category.to_owned()),
            lang,
            title: title.to_owned(),
            body,
        })
    }

    /// Whether it may be used for a report of `category`.
    pub fn fits(&self, category: &str) -> bool {
        self.category.as_deref().is_none_or(|c| c == category)
    }
}

/// The replies that fit a report of `category` whose reporter speaks `lang`: that language
/// first, the category's own before the general ones, then by title.
pub fn for_report(replies: &[StandardReply], category: &str, lang: Lang) -> Vec<StandardReply> {
    let mut fitting: Vec<StandardReply> = replies
        .iter()
        .filter(|r| r.fits(category))
        .cloned()
        .collect();
    fitting.sort_by(|a, b| {
        (a.lang != lang, a.category.is_none(), &a.title).cmp(&(
            b.lang != lang,
            b.category.is_none(),
            &b.title,
        ))
    });
    fitting
}

/// Adds a reply (an admin's work); answers its id. The category must exist.
#[cfg(feature = "ssr")]
pub async fn add(
    ctx: &crate::context::Ctx,
    by: Option<&crate::staff::StaffUser>,
    reply: StandardReply,
) -> Result<i64, AppError> {
    crate::office::admin::require(by)?;
    if let Some(code) = &reply.category {
        if ctx.store.category(code).await?.is_none() {
            return Err(AppError::validation("category", "unknown category")
                .explained(ErrorText::UnknownChoice));
        }
    }
    ctx.store.add_reply(&reply).await
}

/// Removes a reply (an admin's work).
#[cfg(feature = "ssr")]
pub async fn remove(
    ctx: &crate::context::Ctx,
    by: Option<&crate::staff::StaffUser>,
    id: i64,
) -> Result<(), AppError> {
    crate::office::admin::require(by)?;
    if ctx.store.remove_reply(id).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// The admin page's part: every reply, each with a remove button, and a form that adds one
/// (`/admin/reply`, `/admin/reply/remove`).
#[component]
pub fn RepliesAdmin(
    replies: Vec<StandardReply>,
    categories: Vec<crate::report::domain::Category>,
    lang: Lang,
) -> impl IntoView {
    let category_name = {
        let categories = categories.clone();
        move |code: &Option<String>| match code {
            None => t!(lang, OfficeText::EveryCategory).to_owned(),
            Some(c) => categories
                .iter()
                .find(|x| &x.code == c)
                .map_or_else(|| c.clone(), |x| x.name(lang).to_owned()),
        }
    };
    view! {
        <h2 id="replies">{t!(lang, OfficeText::StandardReplies)}</h2>
        <p class="muted">{t!(lang, OfficeText::StandardRepliesHelp)}</p>
        <table class="admin-table replies">
            <thead><tr>
                <th>{t!(lang, OfficeText::Category)}</th><th>{t!(lang, OfficeText::Language)}</th>
                <th>{t!(lang, OfficeText::ReplyTitle)}</th><th>{t!(lang, OfficeText::ReplyText)}</th><th></th>
            </tr></thead>
            <tbody>
                {replies.into_iter().map(|r| view! {
                    <tr>
                        <td>{category_name(&r.category)}</td>
                        <td>{r.lang.autonym()}</td>
                        <td>{r.title.clone()}</td>
                        <td class="reply-body">{r.body.clone()}</td>
                        <td><form method="post" action="/admin/reply/remove" class="inline-form">
                            <input type="hidden" name="id" value=r.id.to_string()/>
                            <button type="submit" class="secondary" aria-label=format!("{} {}", t!(lang, OfficeText::RemoveReply), r.title)>
                                {t!(lang, OfficeText::RemoveReply)}</button>
                        </form></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <form method="post" action="/admin/reply" class="stacked-form">
            <label class="field"><span>{t!(lang, OfficeText::Category)}</span>
                <select name="category">
                    <option value="">{t!(lang, OfficeText::EveryCategory)}</option>
                    {categories.iter().map(|c| view! { <option value=c.code.clone()>{c.name(lang).to_owned()}</option> }).collect_view()}
                </select></label>
            <label class="field"><span>{t!(lang, OfficeText::Language)}</span>
                <select name="lang">
                    {Lang::ALL.map(|l| view! { <option value=l.code() selected=l == lang>{l.autonym()}</option> }).into_iter().collect::<Vec<_>>()}
                </select></label>
            <label class="field"><span>{t!(lang, OfficeText::ReplyTitle)}</span>
                <input type="text" name="title" required maxlength=MAX_TITLE_CHARS.to_string()/></label>
            <label class="field"><span>{t!(lang, OfficeText::ReplyText)}</span>
                <textarea name="body" rows="4" required maxlength=MAX_BODY_CHARS.to_string()></textarea></label>
            <button type="submit" class="secondary">{t!(lang, OfficeText::AddReply)}</button>
        </form>
    }
}

/// On a report's page: the replies that fit it, once, as data for the pickers.
#[component]
pub fn ReplyTexts(replies: Vec<StandardReply>) -> impl IntoView {
    let texts: std::collections::BTreeMap<String, String> = replies
        .into_iter()
        .map(|r| (r.id.to_string(), r.body))
        .collect();
    let json = serde_json::to_string(&texts)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    view! { <script type="application/json" id="standard-replies" inner_html=json></script> }
}

/// A choice of standard reply next to a note for the reporter: choosing one fills the note
/// (public/js/forms.js), which stays editable.
#[component]
pub fn ReplyPicker(replies: Vec<StandardReply>, lang: Lang) -> impl IntoView {
    (!replies.is_empty()).then(|| {
        view! {
            <select class="reply-picker" data-reply-fill aria-label=t!(lang, OfficeText::ChooseReply)>
                <option value="">{t!(lang, OfficeText::ChooseReply)}</option>
                {replies.into_iter().map(|r| view! {
                    <option value=r.id.to_string()>{format!("{} · {}", r.lang.code().to_uppercase(), r.title)}</option>
                }).collect_view()}
            </select>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(category: Option<&str>, lang: Lang, title: &str) -> StandardReply {
        StandardReply {
            id: 0,
            category: category.map(str::to_owned),
            lang,
            title: title.into(),
            body: "tekst".into(),
        }
    }

    #[test]
    fn a_reply_is_checked_as_typed() {
        let r = StandardReply::parse(
            " road_damage ",
            "fr",
            " Réparation planifiée ",
            "Nous\r\nvenons.",
        )
        .unwrap();
        assert_eq!(r.category.as_deref(), Some("road_damage"));
        assert_eq!(
            (r.lang, r.title.as_str(), r.body.as_str()),
            (Lang::Fr, "Réparation planifiée", "Nous\nvenons.")
        );
        assert_eq!(
            StandardReply::parse("", "nl", "t", "b").unwrap().category,
            None
        );
        for (lang, title, body, field) in [
            ("de", "t", "b", "lang"),
            ("nl", " ", "b", "title"),
            ("nl", "a\u{7}b", "b", "title"),
            ("nl", &"x".repeat(MAX_TITLE_CHARS + 1), "b", "title"),
            ("nl", "t", "", "body"),
            ("nl", "t", &"x".repeat(MAX_BODY_CHARS + 1), "body"),
            ("nl", "t", "a\u{0}b", "body"),
        ] {
            let e = StandardReply::parse("", lang, title, body).unwrap_err();
            assert_eq!(e.field(), Some(field), "{lang} {title:?} {body:?}");
        }
    }

    #[test]
    fn a_reports_replies_are_its_language_first_and_its_category_before_the_general() {
        let all = vec![
            reply(None, Lang::Nl, "B algemeen"),
            reply(Some("waste"), Lang::Nl, "Z afval"),
            reply(Some("road"), Lang::Nl, "A weg"),
            reply(Some("road"), Lang::Fr, "C route"),
            reply(None, Lang::Fr, "A général"),
        ];
        let titles = |lang| -> Vec<String> {
            for_report(&all, "road", lang)
                .into_iter()
                .map(|r| r.title)
                .collect()
        };
        assert_eq!(
            titles(Lang::Nl),
            ["A weg", "B algemeen", "C route", "A général"]
        );
        assert_eq!(
            titles(Lang::Fr),
            ["C route", "A général", "A weg", "B algemeen"]
        );
    }
}
