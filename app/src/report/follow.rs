//! Following a report by e-mail, without an account: anyone asks for a public report's status
//! mails with an address, confirms through the link mailed to it (double opt-in), and stops
//! with one click from any of those mails. The reporter follows from the start. Answers never
//! tell whether an address follows already: asking again mails nothing then.
#![cfg(feature = "ssr")]

use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::port::FollowAdded;
use crate::report::domain::ReportRef;
use chrono::Utc;

fn check_token(token: &str) -> Result<&str, AppError> {
    crate::report::domain::link_token(token).ok_or_else(AppError::not_found)
}

/// Asks for `email` to follow the public report `reference`: mails the link to confirm it,
/// unless the address follows already.
pub async fn ask(
    ctx: &Ctx,
    reference: &ReportRef,
    email: &str,
    lang: Lang,
) -> Result<(), AppError> {
    let email = crate::text::visible(email).trim().to_owned();
    if email.chars().count() > 254 || !crate::text::is_sendable_email(&email) {
        return Err(AppError::invalid("email", ErrorText::EmailInvalid));
    }
    let report = ctx
        .store
        .report(reference.as_str())
        .await?
        .ok_or_else(AppError::not_found)?;
    let token = crate::service::random_token();
    let now = Utc::now();
    match ctx
        .store
        .add_follow(report.id, &email, lang, &token, now)
        .await?
    {
        FollowAdded::Pending { token } => {
            let mail = crate::office::notify::confirm_follow(
                &email,
                lang,
                &report.reference,
                &ctx.config.follow_url(&token),
            );
            ctx.store.enqueue_mail(Some(report.id), &mail, now).await
        }
        FollowAdded::AlreadyFollowing => Ok(()),
    }
}

/// Confirms a follower; answers the reference of its report. An unknown, stopped or expired
/// link is not found.
pub async fn confirm(ctx: &Ctx, token: &str) -> Result<String, AppError> {
    ctx.store
        .confirm_follow(check_token(token)?, Utc::now())
        .await?
        .ok_or_else(AppError::not_found)
}

/// Stops a follower's mails; answers the reference of its report.
pub async fn stop(ctx: &Ctx, token: &str) -> Result<String, AppError> {
    ctx.store
        .stop_follow(check_token(token)?, Utc::now())
        .await?
        .ok_or_else(AppError::not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tokens_of_our_shape_reach_storage() {
        assert!(check_token(&crate::service::random_token()).is_ok());
        assert!(check_token(&"a".repeat(32)).is_ok());
        for bad in [
            "",
            "abc",
            "' OR 1=1 --",
            &"g".repeat(40),
            &"a".repeat(41),
            "../../etc",
        ] {
            assert!(check_token(bad).is_err(), "{bad}");
        }
    }
}
