//! The admin page's forms for what categories ask and who may file through Open311:
//! `/admin/question` adds or changes a question, `/admin/question/remove` removes one;
//! `/admin/api-key` makes a key (answered with a page that shows it this once, never in a
//! URL) and `/admin/api-key/revoke` stops one; `/admin/partner/open311` links a partner to
//! its Open311 server, `/admin/webhook` subscribes a URL to status changes (its secret shown
//! once, the same way as a key) and `/admin/webhook/revoke` stops it. All go through
//! `office::admin` and `office::links_admin`, the same checks as the `meldpunt question`,
//! `meldpunt api-key`, `meldpunt partner-link` and `meldpunt webhook` commands.
//! `/admin/reply` adds a standard reply for notes to reporters, `/admin/reply/remove` removes one
//! (`office::replies`).

use crate::web::{back_to, field, form_pairs, staff_user};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::i18n::Names;
use meldpunt_app::office::replies::{self, StandardReply};
use meldpunt_app::office::texts::OfficeText;
use meldpunt_app::office::{admin, links_admin};
use meldpunt_app::port::Open311Link;
use meldpunt_app::report::questions::{Choice, Question, QuestionKind};
use meldpunt_app::t;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/admin/question", post(save_question))
        .route("/admin/question/remove", post(remove_question))
        .route("/admin/api-key", post(new_api_key))
        .route("/admin/api-key/revoke", post(revoke_api_key))
        .route("/admin/partner/open311", post(link_partner))
        .route("/admin/webhook", post(new_webhook))
        .route("/admin/webhook/revoke", post(revoke_webhook))
        .route("/admin/reply", post(add_reply))
        .route("/admin/reply/remove", post(remove_reply))
}

async fn add_reply(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let g = |n: &str| field(&f, n).unwrap_or_default();
    let result = async {
        let reply = StandardReply::parse(&g("category"), &g("lang"), &g("title"), &g("body"))?;
        replies::add(&ctx, Some(&user), reply).await.map(|_| ())
    }
    .await;
    Ok(back_to(BACK, result))
}

async fn remove_reply(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let result = match field(&f, "id").and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => replies::remove(&ctx, Some(&user), id).await,
        None => Err(AppError::validation("id", "which reply").explained(ErrorText::UnknownChoice)),
    };
    Ok(back_to(BACK, result))
}

const BACK: &str = "/admin";

async fn save_question(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let g = |n: &str| field(&f, n).unwrap_or_default();
    let result = async {
        let position = match field(&f, "position") {
            None => None,
            Some(p) => Some(p.parse::<usize>().map_err(|_| {
                AppError::validation("position", "a place from 1")
                    .explained(ErrorText::NumberOutOfRange)
            })?),
        };
        let question = Question {
            code: g("code"),
            names: Names::new(|lang| g(&format!("label_{}", lang.code()))),
            kind: QuestionKind::parse(&g("kind"))?,
            required: field(&f, "required").is_some(),
            internal: field(&f, "internal").is_some(),
            choices: g("choices")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Choice::from_line)
                .collect(),
        };
        admin::save_question(&ctx, Some(&user), &g("category"), question, position).await
    }
    .await;
    Ok(back_to(BACK, result))
}

async fn remove_question(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let g = |n: &str| field(&f, n).unwrap_or_default();
    let result = admin::remove_question(&ctx, Some(&user), &g("category"), &g("code")).await;
    Ok(back_to(BACK, result))
}

async fn new_api_key(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let name = field(&f, "name").unwrap_or_default();
    let key = match admin::create_api_key(&ctx, Some(&user), &name).await {
        Ok(key) => key,
        Err(e) => return Ok(back_to(BACK, Err(e))),
    };
    Ok(shown_once(
        &headers,
        OfficeText::KeyShownOnce,
        &name,
        &key,
        "api-keys",
    ))
}

/// A page that shows a new key or secret this once (never in a URL, never cached), with the
/// way back to its part of the admin page.
fn shown_once(
    headers: &HeaderMap,
    text: OfficeText,
    name: &str,
    secret: &str,
    anchor: &str,
) -> Response {
    let lang = crate::api::lang_of(None, headers);
    let mut shown = String::new();
    for c in name.trim().chars() {
        match c {
            '<' => shown.push_str("&lt;"),
            '>' => shown.push_str("&gt;"),
            '&' => shown.push_str("&amp;"),
            '"' => shown.push_str("&quot;"),
            c => shown.push(c),
        }
    }
    let page = format!(
        "<!doctype html><html lang=\"{tag}\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>API</title><main><p>{text}</p><p><code data-api-key>{secret}</code></p><p><a href=\"/admin#{anchor}\">{back}</a></p></main></html>",
        tag = lang.tag(),
        text = meldpunt_app::i18n::fill(text.text(lang), &[("name", &shown)]),
        back = t!(lang, OfficeText::BackToAdmin),
    );
    let mut response = Html(page).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn revoke_api_key(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let result =
        admin::revoke_api_key(&ctx, Some(&user), &field(&f, "name").unwrap_or_default()).await;
    Ok(back_to(BACK, result))
}

async fn link_partner(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let g = |n: &str| field(&f, n).unwrap_or_default();
    let result = async {
        let link = if g("endpoint").trim().is_empty() {
            None
        } else {
            Some(Open311Link {
                endpoint: g("endpoint"),
                api_key: g("api_key"),
                jurisdiction: field(&f, "jurisdiction"),
                services: links_admin::parse_services(&g("services"))?,
            })
        };
        links_admin::link_open311(&ctx, Some(&user), &g("partner"), link).await
    }
    .await;
    Ok(back_to(BACK, result))
}

async fn new_webhook(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let name = field(&f, "name").unwrap_or_default();
    let secret = crate::links::new_secret();
    let made = links_admin::create_webhook(
        &ctx,
        Some(&user),
        &name,
        &field(&f, "url").unwrap_or_default(),
        &secret,
    )
    .await;
    Ok(match made {
        Ok(_) => shown_once(
            &headers,
            OfficeText::SecretShownOnce,
            &name,
            &secret,
            "webhooks",
        ),
        Err(e) => back_to(BACK, Err(e)),
    })
}

async fn revoke_webhook(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = staff_user(&ctx, &headers).await?;
    let f = form_pairs(&body);
    let result =
        links_admin::revoke_webhook(&ctx, Some(&user), &field(&f, "name").unwrap_or_default())
            .await;
    Ok(back_to(BACK, result))
}
