//! The staff report page's list of the city's questions to the reporter (`report::ask`):
//! each question with where it stands, the answer for roles that see contact data, and the
//! deadline's pause.

use crate::i18n::{fill, Lang};
use crate::office::texts::OfficeText;
use crate::report::ask::{QuestionState, QuestionView};
use crate::time::format_datetime;
use leptos::prelude::*;

/// The questions asked, newest first; a waiting one or an unseen answer stands out.
#[component]
pub fn QuestionList(questions: Vec<QuestionView>, lang: Lang) -> impl IntoView {
    (!questions.is_empty()).then(|| {
        let items = questions
            .into_iter()
            .rev()
            .map(|q| {
                let state = q.state();
                let (status, key) = match state {
                    QuestionState::Waiting => (
                        fill(
                            t!(lang, OfficeText::QuestionWaitsUntil),
                            &[("date", &format_datetime(q.expires_at()))],
                        ),
                        "waiting",
                    ),
                    QuestionState::Answered => (
                        fill(
                            t!(lang, OfficeText::QuestionAnsweredOn),
                            &[("date", &format_datetime(q.answered_at.unwrap_or(q.asked_at)))],
                        ),
                        "answered",
                    ),
                    QuestionState::Ended => (
                        fill(
                            t!(lang, OfficeText::QuestionEndedOn),
                            &[("date", &format_datetime(q.ended_at.unwrap_or(q.asked_at)))],
                        ),
                        "ended",
                    ),
                };
                let stands_out = match state {
                    QuestionState::Waiting => true,
                    QuestionState::Answered => !q.seen,
                    QuestionState::Ended => false,
                };
                let answered = state == QuestionState::Answered;
                let photos = (q.photos > 0).then(|| {
                    fill(
                        t!(lang, OfficeText::QuestionPhotos),
                        &[("count", &q.photos.to_string())],
                    )
                });
                let hidden = answered && q.answer.is_none() && q.photos == 0;
                view! {
                    <li class:notice=stands_out data-question=key>
                        <time datetime=q.asked_at.to_rfc3339()>{format_datetime(q.asked_at)}</time> " · "
                        <strong>{status}</strong>
                        <p class="note"><em>{q.question}</em></p>
                        {q.answer.map(|a| view! { <p class="note" data-answer>{a}</p> })}
                        {photos.map(|p| view! { <p class="muted">{p}</p> })}
                        {hidden.then(|| view! { <p class="muted">{t!(lang, OfficeText::AnswerHidden)}</p> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="feedback-answers" data-testid="questions">
                <h2>{t!(lang, OfficeText::QuestionsToReporter)}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}
