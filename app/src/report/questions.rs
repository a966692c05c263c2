//! Category questions: what a category asks beyond the description ("which container?", "the
//! pole's number"), set up by admins, answered on every form and through the APIs, and checked
//! here, once, for all of them.
//!
//! Answers travel as [`Answer`]s: a question's code with its values as text (a form field, a
//! JSON value or an Open311 `attribute[CODE]` pair each become one). [`check_answers`] turns
//! what arrived into what is stored: in the questions' order, every value normalised (choice
//! codes, `yes`/`no`, numbers in plain notation), answers to questions the category does not
//! ask dropped.

use crate::error::{AppError, ErrorText};
use crate::i18n::{Lang, Names};
use crate::report::texts::ReportText;
use serde::{Deserialize, Serialize};

/// The longest text answer, in characters.
pub const MAX_TEXT_ANSWER: usize = 500;
/// At most this many questions per category, and choices per question.
pub const MAX_QUESTIONS: usize = 20;
pub const MAX_CHOICES: usize = 30;

/// What kind of answer a question takes.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    Number,
    /// One of the choices.
    Single,
    /// Any of the choices.
    Multiple,
    YesNo,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        Self::Text,
        Self::Number,
        Self::Single,
        Self::Multiple,
        Self::YesNo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::YesNo => "yes_no",
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                AppError::validation("kind", "text, number, single, multiple or yes_no")
                    .explained(ErrorText::UnknownChoice)
            })
    }

    /// Whether the answers are codes from the question's choices.
    pub fn has_choices(self) -> bool {
        match self {
            Self::Single | Self::Multiple => true,
            Self::Text | Self::Number | Self::YesNo => false,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Text => t!(lang, ReportText::QuestionText),
            Self::Number => t!(lang, ReportText::QuestionNumber),
            Self::Single => t!(lang, ReportText::QuestionSingle),
            Self::Multiple => t!(lang, ReportText::QuestionMultiple),
            Self::YesNo => t!(lang, ReportText::QuestionYesNo),
        }
    }
}

/// One of a choice question's options: a code (what is stored and sent) and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub names: Names,
}

impl Choice {
    /// A choice as admins write it on one line: `code | Dutch | French | English`; a
    /// language left out gets the Dutch label, a line of only a code gets the code.
    pub fn from_line(line: &str) -> Choice {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let code = parts[0];
        let nl = parts
            .get(1)
            .copied()
            .filter(|p| !p.is_empty())
            .unwrap_or(code);
        Choice {
            code: code.to_owned(),
            names: Names::new(|lang| {
                parts
                    .get(1 + lang.index())
                    .copied()
                    .filter(|p| !p.is_empty())
                    .unwrap_or(nl)
                    .to_owned()
            }),
        }
    }
}

/// A question a category asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Unique within its category; the answer's key in the APIs and the error's `field`.
    pub code: String,
    pub names: Names,
    pub kind: QuestionKind,
    pub required: bool,
    /// Asked, stored and shown to staff, but never shown publicly (not on the public page,
    /// in the public API or through Open311).
    pub internal: bool,
    /// For single and multiple choice questions; empty otherwise.
    pub choices: Vec<Choice>,
}

/// What the citizen's form island needs to know of a question (its fields are rendered on
/// the server, outside the island's code): whose it is, its label and whether it must be
/// answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub category: String,
    pub code: String,
    pub label: String,
    pub required: bool,
}

/// A question as the API shows it, in one language.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub code: String,
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub internal: bool,
    /// For choice questions: each choice's code and label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ChoiceView>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub code: String,
    pub label: String,
}

impl Question {
    pub fn label(&self, lang: Lang) -> &str {
        self.names.get(lang)
    }

    pub fn view(&self, lang: Lang) -> QuestionView {
        QuestionView {
            code: self.code.clone(),
            label: self.label(lang).to_owned(),
            kind: self.kind,
            required: self.required,
            internal: self.internal,
            choices: self
                .choices
                .iter()
                .map(|c| ChoiceView {
                    code: c.code.clone(),
                    label: c.names.get(lang).to_owned(),
                })
                .collect(),
        }
    }

    /// The answers a list question offers, as (code, label in `lang`): the choices, or yes
    /// and no; none for text and numbers.
    pub fn options(&self, lang: Lang) -> Vec<(String, String)> {
        match self.kind {
            QuestionKind::YesNo => vec![
                ("yes".to_owned(), t!(lang, ReportText::Yes).to_owned()),
                ("no".to_owned(), t!(lang, ReportText::No).to_owned()),
            ],
            QuestionKind::Single | QuestionKind::Multiple => self
                .choices
                .iter()
                .map(|c| (c.code.clone(), c.names.get(lang).to_owned()))
                .collect(),
            QuestionKind::Text | QuestionKind::Number => Vec::new(),
        }
    }

    pub fn choice(&self, code: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.code == code)
    }

    /// The answer's values as people read them (choice labels, "ja"/"nee"), joined.
    pub fn display(&self, values: &[String], lang: Lang) -> String {
        values
            .iter()
            .map(|v| match self.kind {
                QuestionKind::Single | QuestionKind::Multiple => self
                    .choice(v)
                    .map_or_else(|| v.clone(), |c| c.names.get(lang).to_owned()),
                QuestionKind::YesNo if v == "yes" => t!(lang, ReportText::Yes).to_owned(),
                QuestionKind::YesNo => t!(lang, ReportText::No).to_owned(),
                QuestionKind::Text | QuestionKind::Number => v.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One answer in a JSON body.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerInput {
    One(String),
    Many(Vec<String>),
    Number(f64),
    Flag(bool),
}

impl AnswerInput {
    pub fn into_values(self) -> Vec<String> {
        match self {
            Self::One(v) => vec![v],
            Self::Many(vs) => vs,
            Self::Number(n) => vec![n.to_string()],
            Self::Flag(true) => vec!["yes".to_owned()],
            Self::Flag(false) => vec!["no".to_owned()],
        }
    }
}

/// The answers a plain HTML form sent for `category`: its fields are named
/// `q.CATEGORY.QUESTION` (a form holds every category's questions, showing the chosen one's),
/// repeated for multiple choice.
pub fn answers_from_form(
    fields: &[(String, String)],
    category: &str,
) -> std::collections::BTreeMap<String, AnswerInput> {
    let prefix = format!("q.{category}.");
    answers_from_pairs(
        fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?, v.as_str()))),
    )
    .into_iter()
    .map(|a| (a.question, AnswerInput::Many(a.values)))
    .collect()
}

/// One answer as it arrives or is stored: the question's code and its values (one for every
/// kind but multiple choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub values: Vec<String>,
}

/// An answer as pages and the APIs show it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    pub question: String,
    /// The question in the reader's language.
    pub label: String,
    /// The stored values (choice codes, `yes`/`no`, numbers, text).
    pub values: Vec<String>,
    /// The values as people read them.
    pub text: String,
    /// Shown to staff only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// The stored answers as `lang` reads them, in the questions' order; answers to questions
/// since removed keep their code as label. `public` leaves internal questions out.
pub fn answer_views(
    questions: &[Question],
    answers: &[Answer],
    lang: Lang,
    public: bool,
) -> Vec<AnswerView> {
    answers
        .iter()
        .filter_map(|a| {
            let q = questions.iter().find(|q| q.code == a.question);
            let internal = q.is_some_and(|q| q.internal);
            if public && (internal || q.is_none()) {
                return None;
            }
            Some(AnswerView {
                question: a.question.clone(),
                label: q.map_or_else(|| a.question.clone(), |q| q.label(lang).to_owned()),
                values: a.values.clone(),
                text: q.map_or_else(|| a.values.join(", "), |q| q.display(&a.values, lang)),
                internal,
            })
        })
        .collect()
}

/// Answers from pairs of (question code, value), as forms and Open311 send them: a code may
/// repeat (multiple choice), values of one code are kept together in their order.
pub fn answers_from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Answer> {
    let mut answers: Vec<Answer> = Vec::new();
    for (code, value) in pairs {
        match answers.iter_mut().find(|a| a.question == code) {
            Some(a) => a.values.push(value.to_owned()),
            None => answers.push(Answer {
                question: code.to_owned(),
                values: vec![value.to_owned()],
            }),
        }
    }
    answers
}

fn answer_error(q: &Question, message: &str) -> AppError {
    let key = if message == MISSING {
        crate::error::ErrorText::AnswerRequired
    } else {
        crate::error::ErrorText::AnswerInvalid
    };
    AppError::validation(&q.code, format!("{}: {message}", q.names.get(Lang::En))).explained(key)
}

/// What [`answer_error`] says of an unanswered question.
const MISSING: &str = "this question needs an answer";

/// Yes or no in the ways people and clients write it.
fn yes_no(v: &str) -> Option<&'static str> {
    match v.to_lowercase().as_str() {
        "yes" | "ja" | "oui" | "true" | "1" | "on" | "y" | "j" => Some("yes"),
        "no" | "nee" | "non" | "false" | "0" | "off" | "n" => Some("no"),
        _ => None,
    }
}

/// A number as written by people in Belgium too (`12,5`), in plain notation.
fn number(v: &str) -> Option<String> {
    let n: f64 = v.replace(',', ".").parse().ok()?;
    if !n.is_finite() || n.abs() > 1e12 {
        return None;
    }
    Some(if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    })
}

/// Checks the answers against a category's questions: every required question answered,
/// every value of its kind. The first problem is a validation error with the question's code
/// as `field`.
pub fn check_answers(questions: &[Question], given: &[Answer]) -> Result<Vec<Answer>, AppError> {
    let mut checked = Vec::new();
    for q in questions {
        let values: Vec<&str> = given
            .iter()
            .filter(|a| a.question == q.code)
            .flat_map(|a| a.values.iter())
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            if q.required {
                return Err(answer_error(q, MISSING));
            }
            continue;
        }
        if q.kind != QuestionKind::Multiple && values.len() > 1 {
            return Err(answer_error(q, "give one answer"));
        }
        let values = match q.kind {
            QuestionKind::Text => {
                let v = values[0];
                if v.chars().count() > MAX_TEXT_ANSWER {
                    return Err(answer_error(
                        q,
                        &format!("at most {MAX_TEXT_ANSWER} characters"),
                    ));
                }
                if v.chars().any(|c| {
                    (c.is_control() && c != '\n' && c != '\t') || crate::text::is_spoofing(c)
                }) {
                    return Err(answer_error(q, "the answer holds characters it may not"));
                }
                vec![v.to_owned()]
            }
            QuestionKind::Number => {
                vec![number(values[0]).ok_or_else(|| answer_error(q, "give a number"))?]
            }
            QuestionKind::YesNo => vec![yes_no(values[0])
                .ok_or_else(|| answer_error(q, "answer yes or no"))?
                .to_owned()],
            QuestionKind::Single | QuestionKind::Multiple => {
                for v in &values {
                    if q.choice(v).is_none() {
                        return Err(answer_error(q, "choose one of the options"));
                    }
                }
                // In the choices' order, each once.
                q.choices
                    .iter()
                    .filter(|c| values.contains(&c.code.as_str()))
                    .map(|c| c.code.clone())
                    .collect()
            }
        };
        checked.push(Answer {
            question: q.code.clone(),
            values,
        });
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nl: &str) -> Names {
        Names::new(|lang| format!("{nl} ({})", lang.code()))
    }

    fn container() -> Question {
        Question {
            code: "container".into(),
            names: names("Welke container"),
            kind: QuestionKind::Single,
            required: true,
            internal: false,
            choices: ["rest", "pmd", "gft"]
                .into_iter()
                .map(|c| Choice {
                    code: c.into(),
                    names: names(c),
                })
                .collect(),
        }
    }

    fn question(code: &str, kind: QuestionKind) -> Question {
        Question {
            code: code.into(),
            names: names(code),
            kind,
            required: false,
            internal: false,
            choices: vec![],
        }
    }

    fn given(pairs: &[(&str, &str)]) -> Vec<Answer> {
        answers_from_pairs(pairs.iter().copied())
    }

    #[test]
    fn a_required_question_left_empty_names_its_code() {
        let e = check_answers(&[container()], &given(&[("container", "  ")])).unwrap_err();
        assert_eq!(e.field(), Some("container"));
        assert_eq!(e.status(), 422);
        let e = check_answers(&[container()], &[]).unwrap_err();
        assert_eq!(e.field(), Some("container"));
    }

    #[test]
    fn choices_must_be_known_and_come_back_in_their_order_once() {
        let mut multi = container();
        multi.kind = QuestionKind::Multiple;
        let ok = check_answers(
            &[multi.clone()],
            &given(&[
                ("container", "gft"),
                ("container", "rest"),
                ("container", "gft"),
            ]),
        )
        .unwrap();
        assert_eq!(ok[0].values, ["rest", "gft"]);
        let e = check_answers(&[multi], &given(&[("container", "glas")])).unwrap_err();
        assert_eq!(e.field(), Some("container"));
        let e = check_answers(
            &[container()],
            &given(&[("container", "rest"), ("container", "pmd")]),
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("container"), "single choice takes one");
    }

    #[test]
    fn numbers_and_yes_no_are_normalised() {
        let qs = [
            question("n", QuestionKind::Number),
            question("yn", QuestionKind::YesNo),
        ];
        let ok = check_answers(&qs, &given(&[("n", "12,50"), ("yn", "Ja")])).unwrap();
        assert_eq!(ok[0].values, ["12.5"]);
        assert_eq!(ok[1].values, ["yes"]);
        let ok = check_answers(&qs, &given(&[("n", "7"), ("yn", "false")])).unwrap();
        assert_eq!(
            (ok[0].values[0].as_str(), ok[1].values[0].as_str()),
            ("7", "no")
        );
        for bad in ["twelve", "NaN", "inf", "1e400"] {
            let e = check_answers(&qs, &given(&[("n", bad)])).unwrap_err();
            assert_eq!(e.field(), Some("n"), "{bad}");
        }
        let e = check_answers(&qs, &given(&[("yn", "misschien")])).unwrap_err();
        assert_eq!(e.field(), Some("yn"));
    }

    #[test]
    fn text_is_bounded_and_clean_and_unknown_questions_are_dropped() {
        let qs = [question("pole", QuestionKind::Text)];
        let ok = check_answers(&qs, &given(&[("pole", " A-12 "), ("other", "x")])).unwrap();
        assert_eq!(
            ok,
            [Answer {
                question: "pole".into(),
                values: vec!["A-12".into()]
            }]
        );
        let long = "x".repeat(MAX_TEXT_ANSWER + 1);
        assert!(check_answers(&qs, &given(&[("pole", &long)])).is_err());
        assert!(check_answers(&qs, &given(&[("pole", "a\u{202e}b")])).is_err());
        assert!(check_answers(&qs, &given(&[("pole", "a\u{0}b")])).is_err());
        assert!(check_answers(&qs, &[]).unwrap().is_empty(), "optional");
    }

    #[test]
    fn a_choice_line_falls_back_to_dutch_then_to_its_code() {
        let c = Choice::from_line(" glass | Glas | Verre ");
        assert_eq!(c.code, "glass");
        assert_eq!(
            [
                c.names.get(Lang::Nl),
                c.names.get(Lang::Fr),
                c.names.get(Lang::En)
            ],
            ["Glas", "Verre", "Glas"]
        );
        assert_eq!(Choice::from_line("pmd").names.get(Lang::Fr), "pmd");
    }

    #[test]
    fn public_views_leave_internal_and_removed_questions_out() {
        let mut internal = question("note", QuestionKind::Text);
        internal.internal = true;
        let qs = [container(), internal];
        let answers = given(&[("container", "pmd"), ("note", "x"), ("gone", "y")]);
        let public = answer_views(&qs, &answers, Lang::Fr, true);
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].text, "pmd (fr)");
        assert_eq!(public[0].label, "Welke container (fr)");
        let staff = answer_views(&qs, &answers, Lang::Nl, false);
        assert_eq!(staff.len(), 3);
        assert!(staff[1].internal);
        assert_eq!(staff[2].label, "gone");
    }
}
