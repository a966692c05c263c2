//! The one error type that crosses the wire: JSON API, server functions and HTML routes.

use serde::{Deserialize, Serialize};

/// Everything that can go wrong in a request, as the client sees it.
///
/// Serialised as `{"error": "<kind>", "message": "...", "field": "..."}`. `Internal` never carries
/// the cause to the client; the server logs it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("{message}")]
    BadRequest { message: String },
    #[error("{message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    #[error("{message}")]
    Conflict { message: String },
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
    TooLarge { message: String },
    #[error("{message}")]
    UnsupportedMedia { message: String },
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
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
        }
    }
    pub fn not_found() -> Self {
        Self::NotFound {
            message: "not found".into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest {
            message: message.into(),
        }
    }
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::UnsupportedMedia {
            message: message.into(),
        }
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::TooLarge {
            message: message.into(),
        }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
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
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        Self::Internal {
            message: value.to_string(),
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
    fn internal_error_hides_its_cause() {
        let e = AppError::internal("disk /secret/path full");
        assert!(!serde_json::to_string(&e).unwrap().contains("secret"));
        assert_eq!(e.status(), 500);
    }
}
