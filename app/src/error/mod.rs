//! The one error type that crosses the wire: JSON API, server functions and HTML routes.

pub mod texts;

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
pub use texts::ErrorText;

/// Everything that can go wrong in a request, as the client sees it.
///
/// Serialised as `{"error": "<kind>", "message": "...", "field": "...", "code": "..."}`.
/// `message` is English, for developers; `code`, where given, names the [`ErrorText`] that
/// explains the error to people in their language ([`AppError::explain`]). `Internal` never
/// carries the cause to the client; the server logs it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("{message}")]
    BadRequest {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "code")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        code: Option<ErrorText>,
    },
    #[error("{message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    #[error("{message}")]
    Conflict {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "code")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        code: Option<ErrorText>,
    },
    /// An appointment slot was taken meanwhile; `next` are the next free starts (w3 times
    /// with the Brussels offset).
    #[error("{message}")]
    SlotTaken { message: String, next: Vec<String> },
    /// The request was based on a version of the resource that is no longer current.
    #[error("{message}")]
    Stale {
        message: String,
        current_version: i64,
    },
    /// A change must say which version it was based on (`If-Match`).
    #[error("{message}")]
    VersionRequired { message: String },
    #[error("{message}")]
    TooLarge {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "code")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        code: Option<ErrorText>,
    },
    #[error("{message}")]
    UnsupportedMedia {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "code")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        code: Option<ErrorText>,
    },
    #[error("{field}: {message}")]
    Validation {
        field: String,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "code")]
        #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
        code: Option<ErrorText>,
    },
    #[error("{message}")]
    RateLimited { message: String, retry_after: u64 },
    /// The server has too much of this kind of work in hand; try again after `retry_after` s.
    #[error("{message}")]
    Busy { message: String, retry_after: u64 },
    #[error("{message}")]
    Internal { message: String },
}

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
            code: None,
        }
    }
    /// A validation error explained to people by `key` (its English text is the `message`).
    pub fn invalid(field: &str, key: ErrorText) -> Self {
        Self::validation(field, "").explained(key)
    }
    /// The same error with `key` as its explanation for people, for the kinds that carry a code
    /// (the others are explained by their kind). A message already given stays, for developers;
    /// an empty one becomes the key's English text.
    pub fn explained(mut self, key: ErrorText) -> Self {
        match &mut self {
            Self::BadRequest { message, code }
            | Self::Conflict { message, code }
            | Self::TooLarge { message, code }
            | Self::UnsupportedMedia { message, code }
            | Self::Validation { message, code, .. } => {
                if message.is_empty() {
                    // On the server, the key's English text. In the browser, the key's name:
                    // people read the page's own text for it there, and the report form
                    // island does not carry the whole catalogue (its size is budgeted).
                    #[cfg(feature = "ssr")]
                    let english = key.text(Lang::En);
                    #[cfg(not(feature = "ssr"))]
                    let english = key.name();
                    *message = english.to_owned();
                }
                *code = Some(key);
            }
            Self::Unauthorized { .. }
            | Self::Forbidden { .. }
            | Self::NotFound { .. }
            | Self::SlotTaken { .. }
            | Self::Stale { .. }
            | Self::VersionRequired { .. }
            | Self::RateLimited { .. }
            | Self::Busy { .. }
            | Self::Internal { .. } => {}
        }
        self
    }
    pub fn not_found() -> Self {
        Self::NotFound {
            message: "not found".into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest {
            message: message.into(),
            code: None,
        }
    }
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::UnsupportedMedia {
            message: message.into(),
            code: None,
        }
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::TooLarge {
            message: message.into(),
            code: None,
        }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
            code: None,
        }
    }
    pub fn stale(current_version: i64) -> Self {
        Self::Stale {
            message: "the report changed meanwhile; reload and try again".into(),
            current_version,
        }
    }
    pub fn forbidden() -> Self {
        Self::Forbidden {
            message: "forbidden".into(),
        }
    }
    pub fn unauthorized() -> Self {
        Self::Unauthorized {
            message: "login required".into(),
        }
    }
    /// An unexpected failure: the cause is logged here and not sent to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        #[cfg(feature = "ssr")]
        tracing::error!(
            cause = %crate::text::redact_emails(&cause.to_string()),
            "internal error"
        );
        #[cfg(not(feature = "ssr"))]
        let _ = cause.to_string();
        Self::Internal {
            message: "internal error".into(),
        }
    }

    /// One error of each kind (the browser scripts learn from these which explanation an
    /// answer without a code gets, by its status).
    pub fn each_kind() -> [AppError; 14] {
        [
            Self::bad_request(""),
            Self::unauthorized(),
            Self::forbidden(),
            Self::not_found(),
            Self::conflict(""),
            Self::SlotTaken {
                message: String::new(),
                next: Vec::new(),
            },
            Self::stale(0),
            Self::VersionRequired {
                message: String::new(),
            },
            Self::too_large(""),
            Self::unsupported(""),
            Self::validation("", ""),
            Self::RateLimited {
                message: String::new(),
                retry_after: 1,
            },
            Self::Busy {
                message: String::new(),
                retry_after: 1,
            },
            Self::Internal {
                message: String::new(),
            },
        ]
    }

    /// The HTTP status code for this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest { .. } => 400,
            Self::Unauthorized { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound { .. } => 404,
            Self::Conflict { .. } | Self::SlotTaken { .. } => 409,
            Self::Stale { .. } => 412,
            Self::VersionRequired { .. } => 428,
            Self::TooLarge { .. } => 413,
            Self::UnsupportedMedia { .. } => 415,
            Self::Validation { .. } => 422,
            Self::RateLimited { .. } => 429,
            Self::Busy { .. } => 503,
            Self::Internal { .. } => 500,
        }
    }

    /// Seconds to wait before trying again (`Retry-After`), for errors that say so.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after, .. } | Self::Busy { retry_after, .. } => {
                Some(*retry_after)
            }
            Self::BadRequest { .. }
            | Self::Unauthorized { .. }
            | Self::Forbidden { .. }
            | Self::NotFound { .. }
            | Self::Conflict { .. }
            | Self::SlotTaken { .. }
            | Self::Stale { .. }
            | Self::VersionRequired { .. }
            | Self::TooLarge { .. }
            | Self::UnsupportedMedia { .. }
            | Self::Validation { .. }
            | Self::Internal { .. } => None,
        }
    }

    /// The field this error is about, for showing it next to that field.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The same error about another field (`contact.email` → `caller_email`), for a form that
    /// names its fields its own way.
    pub fn renamed(mut self, rename: impl FnOnce(&str) -> String) -> Self {
        if let Self::Validation { field, .. } = &mut self {
            *field = rename(field);
        }
        self
    }

    /// The translation key this error carries, if any.
    pub fn code(&self) -> Option<ErrorText> {
        match self {
            Self::BadRequest { code, .. }
            | Self::Conflict { code, .. }
            | Self::TooLarge { code, .. }
            | Self::UnsupportedMedia { code, .. }
            | Self::Validation { code, .. } => *code,
            Self::Unauthorized { .. }
            | Self::Forbidden { .. }
            | Self::NotFound { .. }
            | Self::SlotTaken { .. }
            | Self::Stale { .. }
            | Self::VersionRequired { .. }
            | Self::RateLimited { .. }
            | Self::Busy { .. }
            | Self::Internal { .. } => None,
        }
    }

    /// What people read about this error, in `lang`: its code's text, or else its kind's.
    pub fn explain(&self, lang: Lang) -> &'static str {
        self.explanation().text(lang)
    }

    /// The key of [`AppError::explain`].
    pub fn explanation(&self) -> ErrorText {
        if let Some(key) = self.code() {
            return key;
        }
        match self {
            Self::BadRequest { .. } => ErrorText::BadRequest,
            Self::Unauthorized { .. } => ErrorText::SignIn,
            Self::Forbidden { .. } => ErrorText::Forbidden,
            Self::NotFound { .. } => ErrorText::NotFound,
            Self::Conflict { .. } => ErrorText::Conflict,
            Self::SlotTaken { .. } => ErrorText::SlotTaken,
            Self::Stale { .. } | Self::VersionRequired { .. } => ErrorText::Stale,
            Self::TooLarge { .. } => ErrorText::TooLarge,
            Self::UnsupportedMedia { .. } => ErrorText::Unsupported,
            Self::Validation { .. } => ErrorText::CheckField,
            Self::RateLimited { .. } => ErrorText::RateLimited,
            Self::Busy { .. } => ErrorText::Busy,
            Self::Internal { .. } => ErrorText::Internal,
        }
    }
}

/// `code` on the wire: the [`ErrorText`]'s name; an unknown one reads as none.
mod code {
    use super::ErrorText;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(code: &Option<ErrorText>, s: S) -> Result<S::Ok, S::Error> {
        match code {
            Some(key) => s.serialize_str(key.name()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ErrorText>, D::Error> {
        let name = Option::<String>::deserialize(d)?;
        Ok(name.as_deref().and_then(ErrorText::from_name))
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // Arguments that do not read (`lat=abc`, a missing one) are the caller's mistake.
            E::Args(_) | E::MissingArg(_) => Self::bad_request(value.to_string()),
            E::Registration(_)
            | E::UnsupportedRequestMethod(_)
            | E::Request(_)
            | E::ServerError(_)
            | E::MiddlewareError(_)
            | E::Deserialization(_)
            | E::Serialization(_)
            | E::Response(_) => Self::Internal {
                message: value.to_string(),
            },
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_serialises_with_kind_field_and_message() {
        let json = serde_json::to_value(AppError::validation("description", "too long")).unwrap();
        assert_eq!(json["error"], "validation");
        assert_eq!(json["field"], "description");
        assert_eq!(json["message"], "too long");
    }

    #[test]
    fn a_coded_error_names_its_key_and_reads_back_in_every_language() {
        let e = AppError::invalid("address", ErrorText::AddressNotFound);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "AddressNotFound");
        assert_eq!(json["message"], ErrorText::AddressNotFound.text(Lang::En));
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
        assert!(back.explain(Lang::Nl).contains("adressenregister"));
        // Without a code, the kind explains it; an unknown code is no code.
        let plain: AppError = serde_json::from_str(
            r#"{"error":"validation","field":"x","message":"m","code":"NoSuchKey"}"#,
        )
        .unwrap();
        assert_eq!(plain.code(), None);
        assert_eq!(plain.explain(Lang::Fr), "Vérifiez ce champ.");
        assert_eq!(
            AppError::stale(3).explain(Lang::En),
            ErrorText::Stale.text(Lang::En)
        );
        assert!(serde_json::to_value(AppError::validation("x", "m")).unwrap()["code"].is_null());
    }

    #[test]
    fn each_kind_is_listed_once() {
        let kinds: std::collections::HashSet<_> = AppError::each_kind()
            .iter()
            .map(std::mem::discriminant)
            .collect();
        assert_eq!(kinds.len(), AppError::each_kind().len());
    }

    #[test]
    fn internal_error_hides_its_cause() {
        let e = AppError::internal("disk /secret/path full");
        assert!(!serde_json::to_string(&e).unwrap().contains("secret"));
        assert_eq!(e.status(), 500);
    }
}
