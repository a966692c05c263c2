//! Knowledge-base articles: what an editor writes (checked), what is stored (every version
//! kept), and what people see.

use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An article in one language as an editor sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleInput {
    pub slug: String,
    pub lang: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    /// Other words people use, comma-separated ("strafblad, bewijs van goed gedrag").
    #[serde(default)]
    pub synonyms: String,
    /// The appointment type to book for this product, when it needs one.
    #[serde(default)]
    pub appointment_type: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// An article version with every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidArticle {
    pub slug: String,
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub synonyms: Vec<String>,
    pub appointment_type: Option<String>,
    pub active: bool,
}

fn one_line(v: &str, field: &str, min: usize, max: usize) -> Result<String, AppError> {
    let v = crate::text::visible(v).trim().to_owned();
    let n = v.chars().count();
    if n < min || n > max || v.chars().any(char::is_control) {
        return Err(AppError::validation(
            field,
            format!("{field}: {min} to {max} characters on one line"),
        )
        .explained(ErrorText::OneLineTooLong));
    }
    Ok(v)
}

impl ArticleInput {
    pub fn validate(self) -> Result<ValidArticle, AppError> {
        let slug = self.slug.trim().to_lowercase();
        if slug.len() < 2
            || slug.len() > 80
            || !slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(AppError::validation(
                "slug",
                "a slug is 2 to 80 lowercase letters, digits or -",
            )
            .explained(ErrorText::CodeInvalid));
        }
        let lang = Lang::from_code(self.lang.trim())
            .filter(|l| l.code() == self.lang.trim())
            .ok_or_else(|| {
                AppError::validation("lang", "choose nl, fr or en")
                    .explained(ErrorText::UnknownChoice)
            })?;
        let body = crate::text::visible(&self.body)
            .trim()
            .replace("\r\n", "\n");
        if body.chars().count() > 20_000
            || body
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(
                AppError::validation("body", "the text is at most 20,000 characters")
                    .explained(ErrorText::TextTooLong),
            );
        }
        let synonyms: Vec<String> = self
            .synonyms
            .split([',', '\n'])
            .map(|s| one_line(s, "synonyms", 0, 80))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if synonyms.len() > 30 {
            return Err(AppError::validation("synonyms", "at most 30 synonyms")
                .explained(ErrorText::TextTooLong));
        }
        let appointment_type = self
            .appointment_type
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        Ok(ValidArticle {
            slug,
            lang,
            title: one_line(&self.title, "title", 1, 160)?,
            summary: one_line(&self.summary, "summary", 0, 400)?,
            body,
            synonyms,
            appointment_type,
            active: self.active,
        })
    }
}

/// One language's current version of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleText {
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub synonyms: Vec<String>,
    pub version: i64,
    pub edited_at: DateTime<Utc>,
}

/// An article with its current text in each language it was written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub appointment_type: Option<String>,
    pub active: bool,
    pub texts: Vec<ArticleText>,
}

impl Article {
    /// The text in `lang`, or the Dutch one (or any) when it was not written in `lang`.
    pub fn text(&self, lang: Lang) -> Option<&ArticleText> {
        self.texts
            .iter()
            .find(|t| t.lang == lang)
            .or_else(|| self.texts.iter().find(|t| t.lang == Lang::Nl))
            .or_else(|| self.texts.first())
    }
}

/// A version in an article's history: who changed which language when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleVersion {
    pub version: i64,
    pub lang: Lang,
    pub title: String,
    pub edited_by: Option<String>,
    pub edited_at: DateTime<Utc>,
}

/// A search answer (`GET /api/v1/info`).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoHit {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    /// The appointment type to book when the product needs one.
    pub appointment_type: Option<String>,
}

/// An article as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Where to book, when the product needs an appointment.
    pub book_url: Option<String>,
    pub edited_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ArticleInput {
        ArticleInput {
            slug: "uittreksel-strafregister".into(),
            lang: "nl".into(),
            title: "Uittreksel uit het strafregister".into(),
            summary: "Een bewijs van goed gedrag en zeden.".into(),
            body: "Wat is het?\r\nEen attest.".into(),
            synonyms: "strafblad, bewijs van goed gedrag,, ".into(),
            appointment_type: Some(" strafregister ".into()),
            active: true,
        }
    }

    #[test]
    fn an_article_is_checked_field_by_field() {
        let a = good().validate().unwrap();
        assert_eq!(a.synonyms, ["strafblad", "bewijs van goed gedrag"]);
        assert_eq!(a.body, "Wat is het?\nEen attest.");
        assert_eq!(a.appointment_type.as_deref(), Some("strafregister"));
        let field = |i: ArticleInput| match i.validate() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(ArticleInput {
                slug: "Strafregister!".into(),
                ..good()
            }),
            "slug"
        );
        assert_eq!(
            field(ArticleInput {
                lang: "de".into(),
                ..good()
            }),
            "lang"
        );
        assert_eq!(
            field(ArticleInput {
                title: " ".into(),
                ..good()
            }),
            "title"
        );
        assert_eq!(
            field(ArticleInput {
                title: "a\nb".into(),
                ..good()
            }),
            "title"
        );
        assert_eq!(
            field(ArticleInput {
                summary: "x".repeat(401),
                ..good()
            }),
            "summary"
        );
        assert_eq!(
            field(ArticleInput {
                body: "x".repeat(20_001),
                ..good()
            }),
            "body"
        );
        assert_eq!(
            field(ArticleInput {
                body: "a\u{7}b".into(),
                ..good()
            }),
            "body"
        );
        assert_eq!(
            field(ArticleInput {
                synonyms: "x,".repeat(31),
                ..good()
            }),
            "synonyms"
        );
    }
}
