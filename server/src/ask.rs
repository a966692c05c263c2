//! HTTP route of the city's question to a reporter (`meldpunt_app::report::ask`): the answer
//! form on the page the question's mail leads to (`/vraag/{token}`, a Leptos page), multipart
//! with up to three photos that go through the photo pipeline. A refusal goes back to the page
//! with its explanation (the page's script keeps what was typed); an unknown link is not found.

use crate::api::{multipart_rejection, process_photos, read_upload};
use crate::ratelimit::{self, ClientAddr, ClientLimits};
use crate::web::field;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::AppError;
use meldpunt_app::report::ask::{self, MAX_ANSWER_PHOTOS};
use meldpunt_app::report::domain::link_token;
use std::sync::Arc;

/// Most bytes an answer may have: its photos at full size and the text.
pub const MAX_ANSWER_BYTES: usize = MAX_ANSWER_PHOTOS * crate::photo::MAX_PHOTO_BYTES + 64 * 1024;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/vraag/{token}", post(answer))
        .layer(DefaultBodyLimit::max(MAX_ANSWER_BYTES))
}

async fn answer(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    Path(token): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if let Err(e) = ratelimit::check(&limits.answers, client) {
        return e.into_response();
    }
    let Some(token) = link_token(&token) else {
        return AppError::not_found().into_response();
    };
    let result = async {
        let upload = read_upload(multipart.map_err(multipart_rejection)?).await?;
        let text = field(&upload.fields, "answer");
        // The cheap checks before the photo work.
        ask::clean_answer(text.as_deref(), upload.photos.len())?;
        let photos = process_photos(upload.photos).await?;
        ask::answer(&ctx, token, text.as_deref(), photos).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/vraag/{token}?sent=1")).into_response(),
        Err(e) => crate::web::back_to(&format!("/vraag/{token}"), Err(e)),
    }
}
