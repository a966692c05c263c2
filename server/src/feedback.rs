//! HTTP route of "is it fixed?" (`meldpunt_app::report::feedback`): the form on the page a
//! closing mail's link leads to (`/feedback/{token}`, a Leptos page). A refusal goes back to
//! the page with the choices made and its explanation; an unknown link is not found.

use crate::ratelimit::{self, ClientAddr, ClientLimits};
use crate::web::field;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::AppError;
use meldpunt_app::report::domain::link_token;
use meldpunt_app::report::feedback::{self, FeedbackAnswer};
use std::sync::Arc;

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/feedback/{token}", post(answer))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::web::SMALL_FORM_BYTES,
        ))
}

async fn answer(
    State(ctx): State<Ctx>,
    State(limits): State<Arc<ClientLimits>>,
    client: ClientAddr,
    Path(token): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(e) = ratelimit::check(&limits.answers, client) {
        return e.into_response();
    }
    let Some(token) = link_token(&token) else {
        return AppError::not_found().into_response();
    };
    let fields = crate::web::form_pairs(&body);
    let fixed = field(&fields, "fixed");
    let score = field(&fields, "satisfaction");
    let answer = FeedbackAnswer::parse(
        fixed.as_deref(),
        score.as_deref(),
        field(&fields, "comment").as_deref(),
    );
    let outcome = match answer {
        Ok(a) => feedback::answer(&ctx, token, &a)
            .await
            .map(|_| if a.fixed { "yes" } else { "no" }),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(sent) => Redirect::to(&format!("/feedback/{token}?sent={sent}")).into_response(),
        Err(e) => {
            // Back to the page with what was chosen (the comment field has the page's limit).
            let mut back = form_urlencoded::Serializer::new(String::new());
            for (name, value) in [("fixed", fixed), ("score", score)] {
                if let Some(v) = value.filter(|v| v.len() <= 3) {
                    back.append_pair(name, &v);
                }
            }
            crate::web::back_to(&format!("/feedback/{token}?{}", back.finish()), Err(e))
        }
    }
}
