//! "Mijn meldingen", without an account: a citizen enters an e-mail address and gets a link
//! (24 hours, one use) to the list of every report made or followed with it. The link's page
//! changes nothing until its button is pressed (mail filters open links); pressing it opens a
//! view of one hour in a private cookie. Answers never tell whether an address made a report:
//! the form says the same whatever happens, and no mail goes to an address without one.

use crate::report::domain::ReportStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How long a mailed link may be used (once).
pub const MINE_LINK_HOURS: i64 = 24;
/// How long the view a link opens stays open.
pub const MINE_VIEW_MINUTES: i64 = 60;
/// Links one address may get per hour (asking more mails nothing).
pub const MINE_LINKS_PER_HOUR: u32 = 3;
/// Reports on one list, newest first.
pub const MINE_LIST_LIMIT: u32 = 200;
/// Days a link's row (it holds the address) is kept after it was made.
pub const MINE_LINK_KEEP_DAYS: i64 = 2;

/// The view cookie's name: with the `__Host-` prefix whenever cookies are `Secure`.
pub fn view_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-meldpunt_mine"
    } else {
        "meldpunt_mine"
    }
}

/// One line of the list, named in the page's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyReportLine {
    pub reference: String,
    pub category: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub address: Option<String>,
    pub made: bool,
    /// The link that stops this report's status mails.
    pub stop_url: Option<String>,
    /// The report has a public page.
    pub public: bool,
}

/// The open view: whose list it is and the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyReports {
    pub email: String,
    pub reports: Vec<MyReportLine>,
}

#[cfg(feature = "ssr")]
pub use service::*;

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use crate::context::Ctx;
    use crate::error::{AppError, ErrorText};
    use crate::i18n::Lang;
    use crate::port::NewMineLink;
    use crate::service::{random_token, sha256_hex};
    use chrono::Duration;

    /// Mails a link to the list when the address made or follows a report (and has not asked
    /// too often lately); says nothing about which happened.
    pub async fn ask(ctx: &Ctx, email: &str, lang: Lang) -> Result<(), AppError> {
        let email = crate::text::visible(email).trim().to_owned();
        if email.chars().count() > 254 || !crate::text::is_sendable_email(&email) {
            return Err(AppError::invalid("email", ErrorText::EmailInvalid));
        }
        let token = random_token();
        let now = Utc::now();
        let stored = ctx
            .store
            .add_mine_link(&NewMineLink {
                email: email.clone(),
                lang,
                token_hash: sha256_hex(token.as_bytes()),
                now,
                expires_at: now + Duration::hours(MINE_LINK_HOURS),
                max_recent: MINE_LINKS_PER_HOUR,
                recent_since: now - Duration::hours(1),
            })
            .await?;
        if !stored {
            return Ok(());
        }
        let mail = crate::office::notify::my_reports_link(
            &email,
            lang,
            &format!("{}/mijn-meldingen/{token}", ctx.config.public_url),
        );
        ctx.store.enqueue_mail(None, &mail, now).await
    }

    /// Uses a mailed link: answers the key of the view it opens (for the cookie). A link of
    /// another shape is not found; a used or expired one is refused with its explanation.
    pub async fn open(ctx: &Ctx, token: &str) -> Result<String, AppError> {
        let token = crate::report::domain::link_token(token).ok_or_else(AppError::not_found)?;
        let view = random_token();
        let now = Utc::now();
        let opened = ctx
            .store
            .open_mine_link(
                &sha256_hex(token.as_bytes()),
                &sha256_hex(view.as_bytes()),
                now,
                now + Duration::minutes(MINE_VIEW_MINUTES),
            )
            .await?;
        if opened {
            Ok(view)
        } else {
            Err(AppError::conflict("this link was used or has expired")
                .explained(ErrorText::MineLinkUsed))
        }
    }

    /// The list of the open view with this key, if it is open.
    pub async fn list(ctx: &Ctx, view: &str, lang: Lang) -> Result<Option<MyReports>, AppError> {
        if view.len() != 40 || !view.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let Some((email, _)) = ctx
            .store
            .mine_view(&sha256_hex(view.as_bytes()), Utc::now())
            .await?
        else {
            return Ok(None);
        };
        let categories = ctx.store.categories(true).await?;
        let reports = ctx
            .store
            .my_reports(&email, MINE_LIST_LIMIT)
            .await?
            .into_iter()
            .map(|r| MyReportLine {
                category: categories
                    .iter()
                    .find(|c| c.code == r.category)
                    .map_or_else(|| r.category.clone(), |c| c.name(lang).to_owned()),
                address: crate::report::domain::address_line(
                    lang,
                    r.address.as_deref(),
                    r.address_near,
                ),
                stop_url: r
                    .follow_token
                    .map(|t| format!("{}/stop", ctx.config.follow_url(&t))),
                public: !r.hidden,
                reference: r.reference,
                status: r.status,
                created_at: r.created_at,
                made: r.made,
            })
            .collect();
        Ok(Some(MyReports { email, reports }))
    }

    /// Closes the view with this key.
    pub async fn close(ctx: &Ctx, view: &str) -> Result<(), AppError> {
        ctx.store
            .close_mine_view(&sha256_hex(view.as_bytes()))
            .await
    }

    /// Forgets links past their keeping time; part of the retention job.
    pub async fn forget_old_links(ctx: &Ctx) -> Result<u64, AppError> {
        ctx.store
            .forget_mine_links(Utc::now() - Duration::days(MINE_LINK_KEEP_DAYS))
            .await
    }
}
