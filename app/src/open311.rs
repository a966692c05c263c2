//! Open311 GeoReport v2: what Meldpunt tells partners' systems and apps, and how it takes
//! their requests. Service codes are category codes, requests are visible reports (never
//! contact data; a hidden report does not exist), statuses are `open`/`closed` from
//! [`ReportStatus::is_open`]. The transport (routes, the suffix that picks XML or JSON, the
//! writers) is `server::open311`; the rules are here.
//!
//! Requests come from clients written against many servers, so reading is liberal: an empty
//! parameter is an absent one, unknown parameters are ignored, attributes arrive as
//! `attribute[CODE]` (repeated as `attribute[CODE][]` for multiple choice), and the location
//! may be coordinates or an address from the city's register.

use crate::context::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::port::{ApiKeyRecord, ProcessedPhoto, RequestQuery, StatusFilter};
use crate::report::domain::{Channel, Contact, ReportInput, SubmitReceipt};
use crate::report::questions::{answers_from_pairs, AnswerInput, QuestionKind};
use crate::report::texts::ReportText;
use chrono::{DateTime, Duration, Utc};

/// The specification this endpoint follows, as discovery names it.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// The most requests one list answers (the specification's own ceiling).
pub const MAX_REQUESTS: u32 = 1000;
/// A list without dates covers this many days back, as the specification says.
pub const DEFAULT_DAYS: i64 = 90;

/// A service: one category.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub code: String,
    pub name: String,
    pub description: String,
    /// Whether it has attributes (category questions) to ask.
    pub metadata: bool,
    /// The department that handles it.
    pub group: String,
}

/// An attribute of a service definition: one category question.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub code: String,
    /// `string`, `number`, `singlevaluelist` or `multivaluelist`.
    pub datatype: &'static str,
    pub required: bool,
    pub description: String,
    /// From 1.
    pub order: usize,
    /// Keys and names of a list's values.
    pub values: Vec<(String, String)>,
}

/// A request as Open311 shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: String,
    pub open: bool,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// When it is due, while it is open.
    pub expected: Option<DateTime<Utc>>,
    pub address: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub media_url: Option<String>,
}

fn datatype(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Text => "string",
        QuestionKind::Number => "number",
        QuestionKind::Single | QuestionKind::YesNo => "singlevaluelist",
        QuestionKind::Multiple => "multivaluelist",
    }
}

fn notice(target_days: i64, lang: Lang) -> String {
    crate::i18n::fill(
        t!(lang, ReportText::ServiceNotice),
        &[("days", &target_days.to_string())],
    )
}

/// Every active category as a service.
pub async fn services(ctx: &Ctx, lang: Lang) -> Result<Vec<Service>, AppError> {
    let questions = ctx.store.questions(None).await?;
    let departments = ctx.store.departments().await?;
    Ok(ctx
        .store
        .categories(false)
        .await?
        .into_iter()
        .map(|c| Service {
            metadata: questions.get(&c.code).is_some_and(|q| !q.is_empty()),
            description: notice(c.target_days, lang),
            group: crate::office::service::department_name(&departments, &c.department, lang),
            name: c.name(lang).to_owned(),
            code: c.code,
        })
        .collect())
}

/// A service's attributes: its category's questions, in their order.
pub async fn service_definition(
    ctx: &Ctx,
    code: &str,
    lang: Lang,
) -> Result<Vec<Attribute>, AppError> {
    if ctx.store.category(code).await?.is_none() {
        return Err(AppError::not_found());
    }
    Ok(crate::service::questions_of(ctx, code)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, q)| Attribute {
            datatype: datatype(q.kind),
            required: q.required,
            description: q.label(lang).to_owned(),
            order: i + 1,
            values: q.options(lang),
            code: q.code,
        })
        .collect())
}

/// The parameters of a request list, as they arrive (empty ones are absent).
#[derive(Debug, Clone, Default)]
pub struct ListParams {
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: Option<String>,
}

/// A moment in W3C format (`2026-12-01T08:00:00Z`, `…+01:00`), or a plain day (its start).
fn moment(v: &str, field: &str) -> Result<DateTime<Utc>, AppError> {
    let v = v.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(v) {
        return Ok(at.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        .map_err(|_| {
            AppError::validation(
                field,
                format!("{field}: a date in W3C format, e.g. 2026-12-01T00:00:00Z"),
            )
        })
}

fn list(v: &Option<String>) -> Vec<String> {
    v.iter()
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

impl ListParams {
    /// The store's query: ids override everything else; without dates, the last 90 days.
    pub fn query(&self, now: DateTime<Utc>) -> Result<RequestQuery, AppError> {
        let references = list(&self.service_request_id);
        if !references.is_empty() {
            return Ok(RequestQuery {
                references: references.into_iter().take(MAX_REQUESTS as usize).collect(),
                limit: MAX_REQUESTS,
                ..RequestQuery::default()
            });
        }
        let status = list(&self.status);
        let (open, closed) = (
            status.iter().any(|s| s == "open"),
            status.iter().any(|s| s == "closed"),
        );
        if status.iter().any(|s| s != "open" && s != "closed") {
            return Err(AppError::validation("status", "status: open or closed"));
        }
        let to = self
            .end_date
            .as_deref()
            .map(|v| moment(v, "end_date"))
            .transpose()?;
        let from = self
            .start_date
            .as_deref()
            .map(|v| moment(v, "start_date"))
            .transpose()?;
        let from = match (from, to) {
            (None, None) => Some(now - Duration::days(DEFAULT_DAYS)),
            (None, Some(to)) => Some(to - Duration::days(DEFAULT_DAYS)),
            (from, _) => from,
        };
        Ok(RequestQuery {
            references: Vec::new(),
            categories: list(&self.service_code),
            from,
            to,
            status: match (open, closed) {
                (true, false) => StatusFilter::Open,
                (false, true) => StatusFilter::Closed,
                (true, true) | (false, false) => StatusFilter::All,
            },
            limit: MAX_REQUESTS,
        })
    }
}

/// The requests a list asks for, newest first.
pub async fn requests(
    ctx: &Ctx,
    params: &ListParams,
    lang: Lang,
) -> Result<Vec<Request>, AppError> {
    let query = params.query(Utc::now())?;
    let departments = ctx.store.departments().await?;
    let mut out = Vec::new();
    for reference in ctx.store.request_references(&query).await? {
        if let Some(r) = request_of(ctx, &reference, &departments, lang).await? {
            out.push(r);
        }
    }
    Ok(out)
}

/// One request by id (a report's reference); 404 like any unknown or hidden report.
pub async fn request(ctx: &Ctx, id: &str, lang: Lang) -> Result<Request, AppError> {
    let departments = ctx.store.departments().await?;
    request_of(ctx, id.trim(), &departments, lang)
        .await?
        .ok_or_else(AppError::not_found)
}

async fn request_of(
    ctx: &Ctx,
    reference: &str,
    departments: &[crate::office::domain::Department],
    lang: Lang,
) -> Result<Option<Request>, AppError> {
    let Some(r) = ctx.store.report(reference).await? else {
        return Ok(None);
    };
    let open = r.status.is_open();
    let status_notes = r
        .history
        .iter()
        .rev()
        .filter(|h| h.kind.is_public())
        .find_map(|h| h.note.clone());
    let media_url = r
        .photos
        .iter()
        .find(|p| p.kind == crate::report::domain::PhotoKind::Before)
        .map(|p| format!("{}/photos/{}", ctx.config.public_url, p.key));
    Ok(Some(Request {
        id: r.reference,
        open,
        status_notes,
        service_name: r.category.name(lang).to_owned(),
        service_notice: notice(r.category.target_days, lang),
        service_code: r.category.code,
        description: r.description,
        agency_responsible: crate::office::service::department_name(
            departments,
            &r.department,
            lang,
        ),
        requested: r.created_at,
        updated: r.updated_at,
        expected: open.then_some(r.due_at),
        address: r.address,
        lat: r.point.lat,
        lon: r.point.lon,
        media_url,
    }))
}

/// The key a request came with, if it is known and not revoked: 403 otherwise. The key's
/// use is noted for the admins.
pub async fn client(ctx: &Ctx, key: Option<&str>) -> Result<ApiKeyRecord, AppError> {
    let key = key
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(AppError::forbidden)?;
    let record = ctx
        .store
        .api_key_by_hash(&crate::service::sha256_hex(key.as_bytes()))
        .await?
        .filter(|k| k.revoked_at.is_none())
        .ok_or_else(AppError::forbidden)?;
    ctx.store.touch_api_key(record.id, Utc::now()).await?;
    Ok(record)
}

/// The value of a parameter, `None` when absent or empty; the first of repeated ones.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// `attribute[CODE]` and `attribute[CODE][]` pairs as answers.
fn attributes(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .filter_map(|(k, v)| {
            let code = k.strip_prefix("attribute[")?;
            let code = code.strip_suffix("[]").unwrap_or(code).strip_suffix(']')?;
            Some((code, v.as_str()))
        })
        .collect()
}

fn coordinate(pairs: &[(String, String)], name: &str) -> Result<Option<f64>, AppError> {
    param(pairs, name)
        .map(|v| {
            v.parse::<f64>()
                .map_err(|_| AppError::validation(name, format!("{name}: a number in degrees")))
        })
        .transpose()
}

/// Files a request from a partner's system or an app: the report gets channel `api` and the
/// key's name; `email`, `first_name`, `last_name` and `phone` become its (private) contact;
/// `media_url` is never fetched.
pub async fn file_request(
    ctx: &Ctx,
    client: &ApiKeyRecord,
    pairs: &[(String, String)],
    photos: Vec<ProcessedPhoto>,
) -> Result<SubmitReceipt, AppError> {
    let category = param(pairs, "service_code")
        .ok_or_else(|| AppError::validation("service_code", "service_code is required"))?;
    if ctx.store.category(category).await?.is_none() {
        return Err(AppError::not_found());
    }
    let address = param(pairs, "address_string");
    let (lat, lon, address) = match (coordinate(pairs, "lat")?, coordinate(pairs, "long")?) {
        (Some(lat), Some(lon)) => (lat, lon, address.map(str::to_owned)),
        _ => {
            let text = address.ok_or_else(|| {
                AppError::validation("lat", "give lat and long, or an address_string")
            })?;
            let hit = crate::address::search(ctx, text, 1)
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| {
                    AppError::validation(
                        "address_string",
                        "address_string: not in the city's address register",
                    )
                })?;
            (hit.lat, hit.lon, Some(hit.label))
        }
    };
    let name = [param(pairs, "first_name"), param(pairs, "last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let contact = Contact {
        name: Some(name).filter(|n| !n.is_empty()),
        email: param(pairs, "email").map(str::to_owned),
        phone: param(pairs, "phone").map(str::to_owned),
        consent: true,
    };
    let mut report = ReportInput {
        category: category.to_owned(),
        lat,
        lon,
        description: param(pairs, "description").unwrap_or_default().to_owned(),
        address,
        contact: Some(contact),
        answers: answers_from_pairs(attributes(pairs))
            .into_iter()
            .map(|a| (a.question, AnswerInput::Many(a.values)))
            .collect(),
    }
    .validate(Channel::Api)?;
    report.lang = param(pairs, "locale")
        .and_then(Lang::from_code)
        .unwrap_or_default();
    report.api_client = Some(client.name.clone());
    crate::service::create_report(ctx, report, photos, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn attributes_arrive_single_and_repeated_and_anything_else_is_ignored() {
        let p = pairs(&[
            ("attribute[container]", "pmd"),
            ("attribute[kinds][]", "paper"),
            ("attribute[kinds][]", "metal"),
            ("attribute[broken", "x"),
            ("attributes[x]", "y"),
            ("description", "z"),
        ]);
        assert_eq!(
            attributes(&p),
            [("container", "pmd"), ("kinds", "paper"), ("kinds", "metal")]
        );
    }

    #[test]
    fn an_empty_parameter_is_an_absent_one() {
        let p = pairs(&[("lat", ""), ("lat", "50.8"), ("long", " ")]);
        assert_eq!(param(&p, "lat"), Some("50.8"));
        assert_eq!(param(&p, "long"), None);
        assert_eq!(coordinate(&p, "long").unwrap(), None);
        let bad = pairs(&[("lat", "north")]);
        assert_eq!(coordinate(&bad, "lat").unwrap_err().field(), Some("lat"));
    }

    #[test]
    fn a_list_defaults_to_ninety_days_and_ids_override_the_rest() {
        let now = Utc::now();
        let q = ListParams::default().query(now).unwrap();
        assert_eq!(q.from, Some(now - Duration::days(90)));
        assert_eq!(q.status, StatusFilter::All);
        let q = ListParams {
            service_request_id: Some("M-2026-000001, M-2026-000002,".into()),
            status: Some("bogus".into()),
            ..ListParams::default()
        }
        .query(now)
        .unwrap();
        assert_eq!(q.references, ["M-2026-000001", "M-2026-000002"]);
        let q = ListParams {
            service_code: Some("a,b".into()),
            status: Some("closed".into()),
            start_date: Some("2026-01-01T00:00:00+01:00".into()),
            end_date: Some("2026-02-01".into()),
            ..ListParams::default()
        }
        .query(now)
        .unwrap();
        assert_eq!(q.categories, ["a", "b"]);
        assert_eq!(q.status, StatusFilter::Closed);
        assert_eq!(q.from.unwrap().to_rfc3339(), "2025-12-31T23:00:00+00:00");
        assert_eq!(q.to.unwrap().to_rfc3339(), "2026-02-01T00:00:00+00:00");
        let bad = ListParams {
            start_date: Some("yesterday".into()),
            ..ListParams::default()
        };
        assert_eq!(bad.query(now).unwrap_err().field(), Some("start_date"));
        let bad = ListParams {
            status: Some("pending".into()),
            ..ListParams::default()
        };
        assert_eq!(bad.query(now).unwrap_err().field(), Some("status"));
    }
}
