//! Open311 GeoReport v2 at `/open311/v2`: the routes, the format from the path's suffix
//! (`.json` or `.xml`, never the `Accept` header), and the two writers. The rules are in
//! `meldpunt_app::open311`.
//!
//! The XML writer is written by hand: the documents are a few levels of plain elements
//! (no attributes, namespaces or mixed content), and all it needs is escaping the five
//! markup characters and leaving out the characters XML 1.0 cannot carry.

use crate::api::{multipart_rejection, process_photos, read_upload, MAX_SUBMISSION_BYTES};
use crate::ratelimit::ClientLimits;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use meldpunt_app::context::Ctx;
use meldpunt_app::error::AppError;
use meldpunt_app::i18n::Lang;
use meldpunt_app::open311::{
    self as rules, Attribute, ListParams, Request as O311Request, Service,
};
use meldpunt_app::time::brussels_w3;
use std::sync::Arc;

/// The largest url-encoded body taken (a multipart body may carry a photo).
const MAX_FORM_BYTES: usize = 256 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/open311/v2/{resource}",
            get(resource)
                .post(post_request)
                .layer(DefaultBodyLimit::max(MAX_SUBMISSION_BYTES)),
        )
        .route("/open311/v2/{resource}/{item}", get(item))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// `services.json` → (`services`, JSON); no or another suffix → `None`.
fn split(segment: &str) -> Option<(&str, Format)> {
    let (name, suffix) = segment.rsplit_once('.')?;
    match suffix {
        "json" => Some((name, Format::Json)),
        "xml" => Some((name, Format::Xml)),
        _ => None,
    }
}

/// A value in an Open311 document.
enum Node {
    Text(String),
    Int(i64),
    Number(f64),
    Bool(bool),
    Empty,
    /// Named fields, in the specification's order.
    Record(Vec<(&'static str, Node)>),
    /// Items, each an element of this name in XML.
    List(&'static str, Vec<Node>),
}

fn text(v: impl Into<String>) -> Node {
    Node::Text(v.into())
}

fn opt(v: Option<String>) -> Node {
    v.map_or(Node::Empty, Node::Text)
}

impl Node {
    fn json(&self) -> serde_json::Value {
        match self {
            Node::Text(s) => serde_json::Value::String(s.clone()),
            Node::Int(n) => serde_json::json!(n),
            Node::Number(n) => serde_json::json!(n),
            Node::Bool(b) => serde_json::Value::Bool(*b),
            Node::Empty => serde_json::Value::Null,
            Node::Record(fields) => serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.json()))
                    .collect(),
            ),
            Node::List(_, items) => {
                serde_json::Value::Array(items.iter().map(Node::json).collect())
            }
        }
    }

    fn xml(&self, name: &str, out: &mut String) {
        out.push('<');
        out.push_str(name);
        out.push('>');
        match self {
            Node::Text(s) => escape(s, out),
            Node::Int(n) => out.push_str(&n.to_string()),
            Node::Number(n) => out.push_str(&n.to_string()),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Empty => {}
            Node::Record(fields) => {
                for (k, v) in fields {
                    v.xml(k, out);
                }
            }
            Node::List(item, items) => {
                for v in items {
                    v.xml(item, out);
                }
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// Text as XML character data: markup escaped, characters XML 1.0 forbids left out.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// A document in the asked format: `root` names the XML root element; in JSON the body is
/// the top level (an array for lists).
fn document(format: Format, status: StatusCode, root: &str, body: &Node) -> Response {
    let (kind, text) = match format {
        Format::Json => ("application/json; charset=utf-8", body.json().to_string()),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            body.xml(root, &mut out);
            ("text/xml; charset=utf-8", out)
        }
    };
    let mut response = (status, text).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

/// The specification's error document, with the status it names (and the real one for
/// limits: 413, 429, 503).
fn error(format: Format, e: &AppError) -> Response {
    let status = match e.status() {
        401 | 403 => 403,
        404 => 404,
        413 | 429 | 500 | 503 => e.status(),
        _ => 400,
    };
    let message = serde_json::to_value(e)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let description = match e.status() {
        403 => "a valid api_key is required".to_owned(),
        404 => "not found".to_owned(),
        _ => message,
    };
    let body = Node::List(
        "error",
        vec![Node::Record(vec![
            ("code", Node::Int(i64::from(status))),
            ("description", text(description)),
        ])],
    );
    let mut response = document(
        format,
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        "errors",
        &body,
    );
    if let Some(seconds) = e.retry_after() {
        if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    response
}

/// The query string as pairs (empty values dropped by the rules' `param`).
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The language of the texts: `locale` (`fr_BE`, `en`), else Dutch.
fn lang(pairs: &[(String, String)]) -> Lang {
    rules::param(pairs, "locale")
        .and_then(Lang::from_code)
        .unwrap_or_default()
}

fn discovery(ctx: &Ctx) -> Node {
    let url = format!("{}/open311/v2", ctx.config.public_url);
    let changeset = text("2026-12-03T00:00:00Z");
    Node::Record(vec![
        ("changeset", text("2026-12-03T00:00:00Z")),
        ("contact", text(ctx.config.public_url.clone())),
        (
            "key_service",
            text(format!("{}/admin", ctx.config.public_url)),
        ),
        (
            "endpoints",
            Node::List(
                "endpoint",
                vec![Node::Record(vec![
                    ("specification", text(rules::SPECIFICATION)),
                    ("url", text(url)),
                    ("changeset", changeset),
                    ("type", text("production")),
                    (
                        "formats",
                        Node::List("format", vec![text("text/xml"), text("application/json")]),
                    ),
                ])],
            ),
        ),
    ])
}

fn service(s: Service) -> Node {
    Node::Record(vec![
        ("service_code", text(s.code)),
        ("service_name", text(s.name)),
        ("description", text(s.description)),
        ("metadata", Node::Bool(s.metadata)),
        ("type", text("realtime")),
        ("keywords", text("")),
        ("group", text(s.group)),
    ])
}

fn attribute(a: Attribute) -> Node {
    Node::Record(vec![
        ("variable", Node::Bool(true)),
        ("code", text(a.code)),
        ("datatype", text(a.datatype)),
        ("required", Node::Bool(a.required)),
        ("datatype_description", Node::Empty),
        ("order", Node::Int(a.order as i64)),
        ("description", text(a.description)),
        (
            "values",
            Node::List(
                "value",
                a.values
                    .into_iter()
                    .map(|(key, name)| Node::Record(vec![("key", text(key)), ("name", text(name))]))
                    .collect(),
            ),
        ),
    ])
}

fn request(r: O311Request) -> Node {
    Node::Record(vec![
        ("service_request_id", text(r.id)),
        ("status", text(if r.open { "open" } else { "closed" })),
        ("status_notes", opt(r.status_notes)),
        ("service_name", text(r.service_name)),
        ("service_code", text(r.service_code)),
        ("description", text(r.description)),
        ("agency_responsible", text(r.agency_responsible)),
        ("service_notice", text(r.service_notice)),
        ("requested_datetime", text(brussels_w3(r.requested))),
        ("updated_datetime", text(brussels_w3(r.updated))),
        ("expected_datetime", opt(r.expected.map(brussels_w3))),
        ("address", opt(r.address)),
        ("address_id", Node::Empty),
        ("zipcode", Node::Empty),
        ("lat", Node::Number(r.lat)),
        ("long", Node::Number(r.lon)),
        ("media_url", opt(r.media_url)),
    ])
}

fn list_params(pairs: &[(String, String)]) -> ListParams {
    let p = |name: &str| rules::param(pairs, name).map(str::to_owned);
    ListParams {
        service_request_id: p("service_request_id"),
        service_code: p("service_code"),
        start_date: p("start_date"),
        end_date: p("end_date"),
        status: p("status"),
    }
}

/// `discovery`, `services` and `requests` (GET).
async fn resource(
    State(ctx): State<Ctx>,
    Path(resource): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((name, format)) = split(&resource) else {
        return error(Format::Json, &AppError::not_found());
    };
    let pairs = query_pairs(query.as_deref());
    let lang = lang(&pairs);
    let answer = match name {
        "discovery" => Ok(("discovery", discovery(&ctx))),
        "services" => rules::services(&ctx, lang).await.map(|list| {
            (
                "services",
                Node::List("service", list.into_iter().map(service).collect()),
            )
        }),
        "requests" => rules::requests(&ctx, &list_params(&pairs), lang)
            .await
            .map(|list| {
                (
                    "service_requests",
                    Node::List("request", list.into_iter().map(request).collect()),
                )
            }),
        _ => Err(AppError::not_found()),
    };
    match answer {
        Ok((root, body)) => document(format, StatusCode::OK, root, &body),
        Err(e) => error(format, &e),
    }
}

/// `services/{code}`, `requests/{id}` and `tokens/{token}`.
async fn item(
    State(ctx): State<Ctx>,
    Path((resource, item)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((id, format)) = split(&item) else {
        return error(Format::Json, &AppError::not_found());
    };
    let lang = lang(&query_pairs(query.as_deref()));
    let answer = match resource.as_str() {
        "services" => rules::service_definition(&ctx, id, lang)
            .await
            .map(|attributes| {
                (
                    "service_definition",
                    Node::Record(vec![
                        ("service_code", text(id)),
                        (
                            "attributes",
                            Node::List(
                                "attribute",
                                attributes.into_iter().map(attribute).collect(),
                            ),
                        ),
                    ]),
                )
            }),
        "requests" => rules::request(&ctx, id, lang)
            .await
            .map(|r| ("service_requests", Node::List("request", vec![request(r)]))),
        "tokens" => token(&ctx, id).await,
        _ => Err(AppError::not_found()),
    };
    match answer {
        Ok((root, body)) => document(format, StatusCode::OK, root, &body),
        Err(e) => error(format, &e),
    }
}

/// A token is the tracking token a POST answered with: it names the request it made.
async fn token(ctx: &Ctx, token: &str) -> Result<(&'static str, Node), AppError> {
    let valid = token.len() == 40 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let reference = if valid {
        ctx.store.reference_for_token(token).await?
    } else {
        None
    };
    let reference = reference.ok_or_else(AppError::not_found)?;
    Ok((
        "service_requests",
        Node::List(
            "request",
            vec![Node::Record(vec![
                ("service_request_id", text(reference)),
                ("token", text(token)),
            ])],
        ),
    ))
}

/// `POST requests`: an url-encoded body (with or without a charset) or a multipart one
/// (every field a part, a photo as the `media` file part); `api_key` and `jurisdiction_id`
/// may also come in the query string.
async fn post_request(
    State(state): State<AppState>,
    Path(resource): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let Some((name, format)) = split(&resource) else {
        return error(Format::Json, &AppError::not_found());
    };
    if name != "requests" {
        return error(format, &AppError::not_found());
    }
    match file(&state, query.as_deref(), &headers, request).await {
        Ok(receipt) => document(
            format,
            StatusCode::OK,
            "service_requests",
            &Node::List(
                "request",
                vec![Node::Record(vec![
                    ("service_request_id", text(receipt.reference)),
                    ("token", text(receipt.tracking_token)),
                    ("service_notice", text("")),
                    ("account_id", Node::Empty),
                ])],
            ),
        ),
        Err(e) => error(format, &e),
    }
}

async fn file(
    state: &AppState,
    query: Option<&str>,
    headers: &HeaderMap,
    request: Request,
) -> Result<meldpunt_app::report::domain::SubmitReceipt, AppError> {
    let ctx = &state.ctx;
    let limits: &Arc<ClientLimits> = &state.limits;
    let mut pairs = query_pairs(query);
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    let mut photos = Vec::new();
    if multipart {
        let parts = Multipart::from_request(request, state)
            .await
            .map_err(multipart_rejection)?;
        let upload = read_upload(parts).await?;
        pairs.extend(upload.fields);
        photos = upload.photos;
    } else {
        let body = axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| {
                AppError::too_large(format!(
                    "a form body of at most {} KB",
                    MAX_FORM_BYTES / 1024
                ))
            })?;
        pairs.extend(form_urlencoded::parse(&body).into_owned());
    }
    let client = rules::client(ctx, rules::param(&pairs, "api_key")).await?;
    if let Some(limit) = &limits.api_keys {
        limit.check_key(&client.id)?;
    }
    let photos = process_photos(photos).await?;
    rules::file_request(ctx, &client, &pairs, photos).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suffix_picks_the_format() {
        assert_eq!(split("services.json"), Some(("services", Format::Json)));
        assert_eq!(
            split("M-2026-000001.xml"),
            Some(("M-2026-000001", Format::Xml))
        );
        assert_eq!(split("services"), None);
        assert_eq!(split("services.html"), None);
    }

    #[test]
    fn xml_is_escaped_and_leaves_out_what_xml_cannot_carry() {
        let mut out = String::new();
        Node::Record(vec![
            ("a", text("<b> & \"c\" 'd'\u{0}\u{1b}\n✓")),
            ("e", Node::Empty),
            ("f", Node::List("g", vec![text("1"), text("2")])),
        ])
        .xml("r", &mut out);
        assert_eq!(
            out,
            "<r><a>&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;\n✓</a><e></e><f><g>1</g><g>2</g></f></r>"
        );
    }
}
