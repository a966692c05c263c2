//! `/feedback/:token`, where a closing mail's links lead: "is it fixed?" with the answer the
//! link chose already marked (`?fixed=yes|no`, `?score=1..5`), the score and a comment, sent
//! with one button (`POST /feedback/{token}`, server/src/feedback.rs). Opening the page
//! changes nothing: mail filters open links too. A follower's link asks only whether the
//! problem is still there.

use crate::error::ErrorText;
use crate::i18n::Lang;
use crate::office::domain::MAX_NOTE_CHARS;
use crate::report::feedback::FeedbackPage as Asked;
use crate::report::texts::ReportText;
use crate::ui::{current_lang, NotFound, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server]
pub async fn feedback_page(token: String) -> Result<Asked, crate::error::AppError> {
    crate::report::feedback::page(&crate::context::ctx()?, &token, crate::ui::current_lang()).await
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let asked = Resource::new(token, feedback_page);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || asked.get().map(|a| match a {
                Ok(a) => view! { <FeedbackForm asked=a token=token() lang/> }.into_any(),
                Err(_) => view! { <NotFound lang/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn FeedbackForm(asked: Asked, token: String, lang: Lang) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let sent = q.get("sent");
    let fixed = q.get("fixed");
    let score = q.get("score");
    let refused = crate::ui::refusal(&q, lang);
    let report_link = view! {
        <p><a href=format!("/r/{}", asked.reference)>{t!(lang, ReportText::FeedbackSeeReport)}</a></p>
    };
    // A follower is asked only whether the problem is still there.
    let follower = asked.follower;
    let title = if follower {
        t!(lang, ReportText::StillThereTitle)
    } else {
        t!(lang, ReportText::FeedbackTitle)
    };
    let head = view! {
        <h1>{title}</h1>
        <p>
            {asked.category_name.clone()} " " <strong>{asked.reference.clone()}</strong> " · "
            <StatusBadge status=asked.closed_as lang/>
        </p>
    };
    let body = if let Some(sent) = sent {
        let thanks = if sent == "no" {
            t!(lang, ReportText::FeedbackThanksReopen)
        } else {
            t!(lang, ReportText::FeedbackThanks)
        };
        view! { <p class="notice" role="status" data-feedback-sent>{thanks}</p> {report_link} }
            .into_any()
    } else if asked.answered {
        view! { <p class="notice" role="status">{ErrorText::FeedbackAnswered.text(lang)}</p> {report_link} }.into_any()
    } else if asked.expired {
        view! { <p class="notice" role="status">{ErrorText::FeedbackExpired.text(lang)}</p> {report_link} }.into_any()
    } else {
        let is = |v: &str| fixed.as_deref() == Some(v);
        let scored = |n: u8| score.as_deref() == Some(n.to_string().as_str());
        view! {
            {refused.map(|t| view! { <p class="error" role="alert" data-feedback-error>{t}</p> })}
            <form method="post" action=format!("/feedback/{token}") data-native="" class="feedback">
                <fieldset class="choices">
                    <legend>{title}</legend>
                    {if follower {
                        view! {
                            <label><input type="radio" name="fixed" value="no" required checked=is("no")/>
                                " " {t!(lang, ReportText::StillThereYes)}</label>
                            <label><input type="radio" name="fixed" value="yes" required checked=is("yes")/>
                                " " {t!(lang, ReportText::StillThereNo)}</label>
                        }.into_any()
                    } else {
                        view! {
                            <label><input type="radio" name="fixed" value="yes" required checked=is("yes")/>
                                " " {t!(lang, ReportText::FeedbackYes)}</label>
                            <label><input type="radio" name="fixed" value="no" required checked=is("no")/>
                                " " {t!(lang, ReportText::FeedbackNo)}</label>
                        }.into_any()
                    }}
                    <p class="muted">{t!(lang, ReportText::FeedbackNoExplain)}</p>
                </fieldset>
                {(!follower).then(|| view! {
                    <fieldset class="choices score">
                        <legend>{t!(lang, ReportText::FeedbackScore)}</legend>
                        {(1..=5u8).map(|n| view! {
                            <label><input type="radio" name="satisfaction" value=n.to_string() checked=scored(n)/>
                                " " {n.to_string()}</label>
                        }).collect_view()}
                        <p class="muted">{t!(lang, ReportText::FeedbackScoreHint)}</p>
                    </fieldset>
                })}
                <label class="field"><span>{t!(lang, ReportText::FeedbackComment)}</span>
                    <textarea name="comment" rows="4" maxlength=MAX_NOTE_CHARS.to_string()></textarea></label>
                <button type="submit" class="primary">{t!(lang, ReportText::FeedbackSend)}</button>
            </form>
        }
        .into_any()
    };
    view! { <article class="feedback-page">{head} {body}</article> }
}
