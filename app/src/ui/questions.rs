//! A category's questions as form fields, the same on every form that asks them (the
//! citizen's, the agent's intake, the crew's field report): named `q.CATEGORY.QUESTION`, so
//! one form can hold every category's questions and send only the chosen one's (see
//! `report::questions::answers_from_form`). No `required` attribute: the browser's own
//! bubbles speak the browser's language, not the page's; the server checks (and the citizen's
//! form before sending).

use crate::i18n::Lang;
use crate::report::questions::{AnswerView, Question, QuestionKind, MAX_TEXT_ANSWER};
use crate::report::texts::ReportText;
use leptos::prelude::*;

/// The field name of a question's answer.
pub fn answer_field(category: &str, question: &str) -> String {
    format!("q.{category}.{question}")
}

/// The fields of one category's questions, in a fieldset marked with the category's code
/// (`data-category`): `meldpunt.js` shows only the chosen category's and disables the others,
/// so a plain form sends the chosen category's fields only.
#[component]
pub fn QuestionFields(
    category: String,
    questions: Vec<Question>,
    lang: Lang,
    /// Hidden until its category is chosen.
    #[prop(optional)]
    hidden: Option<Signal<bool>>,
) -> impl IntoView {
    let hidden = hidden.unwrap_or_else(|| Signal::stored(false));
    let fields = questions
        .into_iter()
        .map(|q| {
            let name = answer_field(&category, &q.code);
            let id = format!("q-{category}-{}", q.code);
            let label = if q.required {
                q.label(lang).to_owned()
            } else {
                format!("{} {}", q.label(lang), t!(lang, ReportText::Optional))
            };
            let required = q.required.then_some("");
            let choice = |input: &'static str, code: String, text: String| {
                let name = name.clone();
                view! {
                    <label class="check">
                        <input type=input name=name value=code data-required=required/>
                        <span>{text}</span>
                    </label>
                }
            };
            match q.kind {
                QuestionKind::Text | QuestionKind::Number => {
                    let numeric = q.kind == QuestionKind::Number;
                    let for_id = id.clone();
                    view! {
                        <label class="field" for=for_id><span>{label}</span>
                            <input type="text" id=id name=name.clone() maxlength=MAX_TEXT_ANSWER
                                inputmode=numeric.then_some("decimal") data-required=required
                                data-question=q.code.clone()/>
                        </label>
                    }
                    .into_any()
                }
                QuestionKind::Single | QuestionKind::Multiple | QuestionKind::YesNo => {
                    let input = if q.kind == QuestionKind::Multiple { "checkbox" } else { "radio" };
                    let options = q.options(lang);
                    view! {
                        <fieldset class="choices" id=id data-question=q.code.clone()>
                            <legend>{label}</legend>
                            {options.into_iter().map(|(code, text)| choice(input, code, text)).collect_view()}
                        </fieldset>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    view! {
        <fieldset class="questions" data-category=category.clone() hidden=move || hidden.get()>
            {fields}
        </fieldset>
    }
}

/// A report's answers to its category's questions; staff see internal ones marked as such.
#[component]
pub fn AnswerList(answers: Vec<AnswerView>, lang: Lang) -> impl IntoView {
    (!answers.is_empty()).then(|| {
        view! {
            <dl class="answers" aria-label=t!(lang, ReportText::Answers)>
                {answers.into_iter().map(|a| view! {
                    <div>
                        <dt>{a.label} {a.internal.then(|| view! { " " <small class="muted">{t!(lang, ReportText::StaffOnly)}</small> })}</dt>
                        <dd>{a.text}</dd>
                    </div>
                }).collect_view()}
            </dl>
        }
    })
}
