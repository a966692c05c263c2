//! Sign-in plumbing shared by every staff page, server function and form route: the session
//! cookie and who is signed in. The rules (passwords, throttling, sessions) are in `service`.

use crate::error::AppError;
use crate::staff::StaffUser;
use leptos::prelude::*;

/// The session cookie's name: with the `__Host-` prefix whenever cookies are `Secure`.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-meldpunt_session"
    } else {
        "meldpunt_session"
    }
}

/// The session token a request carries, if any.
#[cfg(feature = "ssr")]
pub fn session_token(headers: &http::HeaderMap, secure: bool) -> Option<String> {
    crate::ui::cookie(headers, session_cookie_name(secure))
}

/// The signed-in staff member for this server function call or page.
#[cfg(feature = "ssr")]
pub async fn current_user() -> Result<Option<StaffUser>, AppError> {
    let ctx = crate::context::ctx()?;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Ok(None);
    };
    match session_token(&parts.headers, ctx.config.secure_cookies) {
        Some(token) => crate::service::session_user(&ctx, &token).await,
        None => Ok(None),
    }
}

/// The signed-in staff member, or 401.
#[cfg(feature = "ssr")]
pub async fn require_user() -> Result<StaffUser, AppError> {
    current_user().await?.ok_or_else(AppError::unauthorized)
}

/// Who is signed in, for pages that show a staff bar or the sign-in form.
#[server]
pub async fn signed_in_user() -> Result<Option<StaffUser>, AppError> {
    current_user().await
}
