//! `/vraag/:token`, where the city's question to a reporter leads: the question, a text
//! answer and up to three photos, sent with one button (`POST /vraag/{token}`, multipart,
//! server/src/ask.rs). With script the form is sent in the background and keeps what was
//! typed when refused (`data-keep`, public/js/forms.js); without, the refusal comes back on
//! this page. Opening the page changes nothing: mail filters open links too.

use crate::error::ErrorText;
use crate::i18n::Lang;
use crate::office::domain::MAX_NOTE_CHARS;
use crate::report::ask::{AskPage as Asked, MAX_ANSWER_PHOTOS};
use crate::report::texts::ReportText;
use crate::time::format_datetime;
use crate::ui::{current_lang, NotFound, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server]
pub async fn question_page(token: String) -> Result<Asked, crate::error::AppError> {
    crate::report::ask::page(&crate::context::ctx()?, &token, crate::ui::current_lang()).await
}

#[component]
pub fn QuestionPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let asked = Resource::new(token, question_page);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || asked.get().map(|a| match a {
                Ok(a) => view! { <AnswerForm asked=a token=token() lang/> }.into_any(),
                Err(_) => view! { <NotFound lang/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn AnswerForm(asked: Asked, token: String, lang: Lang) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let sent = q.get("sent").is_some();
    let refused = crate::ui::refusal(&q, lang);
    let refused_field = q.get("field").unwrap_or_default();
    let report_link = view! {
        <p><a href=format!("/r/{}", asked.reference)>{t!(lang, ReportText::FeedbackSeeReport)}</a></p>
    };
    let head = view! {
        <h1>{t!(lang, ReportText::AskTitle)}</h1>
        <p>
            {asked.category_name.clone()} " " <strong>{asked.reference.clone()}</strong> " · "
            <StatusBadge status=asked.status lang/>
        </p>
        <h2>{t!(lang, ReportText::AskQuestion)}</h2>
        <blockquote class="question" data-question>{asked.question.clone()}</blockquote>
    };
    let body = if sent {
        view! { <p class="notice" role="status" data-answer-sent>{t!(lang, ReportText::AskThanks)}</p> {report_link} }
            .into_any()
    } else if asked.answered {
        view! { <p class="notice" role="status">{ErrorText::QuestionAnswered.text(lang)}</p> {report_link} }.into_any()
    } else if asked.closed {
        view! { <p class="notice" role="status">{ErrorText::QuestionClosed.text(lang)}</p> {report_link} }.into_any()
    } else {
        let until = crate::i18n::fill(
            t!(lang, ReportText::AskOpenUntil),
            &[("date", &format_datetime(asked.expires_at))],
        );
        let photos = crate::i18n::fill(
            t!(lang, ReportText::AskPhotos),
            &[("count", &MAX_ANSWER_PHOTOS.to_string())],
        );
        view! {
            {refused.map(|t| view! { <p class="field-error" role="alert" data-error-field=refused_field.clone()>{t}</p> })}
            <form method="post" action=format!("/vraag/{token}") enctype="multipart/form-data" data-keep="" class="answer">
                <label class="field"><span>{t!(lang, ReportText::AskYourAnswer)}</span>
                    <textarea name="answer" rows="5" maxlength=MAX_NOTE_CHARS.to_string()></textarea></label>
                <label class="field"><span>{photos}</span>
                    <input type="file" name="photo" multiple accept="image/jpeg,image/png,image/webp"/></label>
                <p class="muted">{until}</p>
                <button type="submit" class="primary">{t!(lang, ReportText::AskSend)}</button>
            </form>
        }
        .into_any()
    };
    view! { <article class="feedback-page">{head} {body}</article> }
}
