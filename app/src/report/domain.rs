//! Report domain types: parsed once at the boundary, valid from then on.
#![warn(clippy::wildcard_enum_match_arm)]

use crate::error::{AppError, ErrorText};
use crate::i18n::{Lang, Names};
use crate::report::questions::{Answer, AnswerInput, AnswerView};
use crate::report::texts::ReportText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest accepted description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
/// Most photos one report (or one status change) may carry.
pub const MAX_PHOTOS: usize = 3;

/// A WGS84 point. Latitude and longitude are finite and in range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> Result<Self, AppError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(
                AppError::validation("lat", "latitude must be between -90 and 90")
                    .explained(ErrorText::LocationInvalid),
            );
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(
                AppError::validation("lon", "longitude must be between -180 and 180")
                    .explained(ErrorText::LocationInvalid),
            );
        }
        Ok(Self { lat, lon })
    }

    /// Great-circle distance in metres on the sphere of [`EARTH_RADIUS_M`] (haversine; good
    /// to well under 1 % of the distance on the ellipsoid at city scale).
    pub fn distance_m(&self, other: &GeoPoint) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon - self.lon).to_radians();
        let a = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// The smallest lon/lat box holding every point within `radius_m` of this one (as
    /// [`GeoPoint::distance_m`] measures). The circle reaches furthest east and west north of
    /// the centre's latitude (south of it in the south): `asin(sin d / cos lat)`, a little
    /// more than `d / cos lat`. Near a pole it takes in every longitude. Boxes do not wrap
    /// around the 180th meridian.
    pub fn bbox_around(&self, radius_m: f64) -> BBox {
        // A tenth of a millimetre more, so rounding never leaves out a point at
        // exactly the radius.
        const ROUNDING: f64 = 1e-9;
        let angle = radius_m / EARTH_RADIUS_M;
        let dlat = angle.to_degrees() + ROUNDING;
        let widest = angle.sin() / self.lat.to_radians().cos();
        let dlon = if widest < 1.0 {
            widest.asin().to_degrees() + ROUNDING
        } else {
            180.0
        };
        BBox {
            min_lon: self.lon - dlon,
            min_lat: (self.lat - dlat).max(-90.0),
            max_lon: self.lon + dlon,
            max_lat: (self.lat + dlat).min(90.0),
        }
    }
}

/// The mean radius of the earth (IUGG), the sphere distances are measured on here and by
/// PostGIS when asked for spherical distances.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A lon/lat bounding box, as in GeoJSON and `?bbox=minLon,minLat,maxLon,maxLat`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl BBox {
    /// Parses `minLon,minLat,maxLon,maxLat`. Boxes wider than a small country are refused so a
    /// single request cannot ask for everything.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        let bad = || {
            AppError::validation("bbox", "bbox must be minLon,minLat,maxLon,maxLat")
                .explained(ErrorText::MapAreaInvalid)
        };
        let parts: Vec<f64> = s
            .split(',')
            .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let [min_lon, min_lat, max_lon, max_lat] = parts[..] else {
            return Err(bad());
        };
        GeoPoint::new(min_lat, min_lon)?;
        GeoPoint::new(max_lat, max_lon)?;
        if min_lon > max_lon || min_lat > max_lat {
            return Err(
                AppError::validation("bbox", "bbox minimum must not exceed its maximum")
                    .explained(ErrorText::MapAreaInvalid),
            );
        }
        if max_lon - min_lon > 5.0 || max_lat - min_lat > 5.0 {
            return Err(AppError::validation(
                "bbox",
                "bbox is too large (at most 5 degrees per side)",
            )
            .explained(ErrorText::MapAreaInvalid));
        }
        Ok(Self {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }
}

/// The citizen's description: trimmed, not empty, at most [`MAX_DESCRIPTION_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description(String);

impl Description {
    pub fn new(text: &str) -> Result<Self, AppError> {
        let text = crate::text::visible(text);
        let text = text.trim();
        if text.is_empty() {
            return Err(
                AppError::validation("description", "description is required")
                    .explained(ErrorText::DescriptionRequired),
            );
        }
        if text.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(AppError::validation(
                "description",
                format!("description is longer than {MAX_DESCRIPTION_CHARS} characters"),
            )
            .explained(ErrorText::DescriptionTooLong));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(AppError::validation(
                "description",
                "description contains control characters",
            )
            .explained(ErrorText::ControlCharacters));
        }
        Ok(Self(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Optional free-text address, at most 200 characters.
pub fn parse_address(address: Option<&str>) -> Result<Option<String>, AppError> {
    let address = address.map(crate::text::visible);
    let Some(a) = address.as_deref().map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    if a.chars().count() > 200 || a.chars().any(char::is_control) {
        return Err(AppError::validation(
            "address",
            "address must be at most 200 characters on one line",
        )
        .explained(ErrorText::OneLineTooLong));
    }
    Ok(Some(a.to_owned()))
}

/// A reference `<prefix>-<year>-<6 to 9 digits>`, upper-cased; `None` for anything else.
pub(crate) fn parse_reference(s: &str, prefix: u8) -> Option<String> {
    let s = s.trim().to_ascii_uppercase();
    let b = s.as_bytes();
    let ok = (13..=16).contains(&b.len())
        && b[0] == prefix
        && b[1] == b'-'
        && b[2..6].iter().all(u8::is_ascii_digit)
        && b[6] == b'-'
        && b[7..].iter().all(u8::is_ascii_digit);
    ok.then_some(s)
}

/// The token of a private link (following a report, and the links like it) as Meldpunt makes
/// them (`service::random_token`: 40 hex digits) or as a database migration did (32): `None`
/// for anything else, which is refused before it reaches storage or a page.
pub fn link_token(token: &str) -> Option<&str> {
    let hex = token.bytes().all(|c| c.is_ascii_hexdigit());
    (hex && (32..=40).contains(&token.len())).then_some(token)
}

/// A public report reference, `M-<year>-<6 digits>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReportRef(String);

impl ReportRef {
    pub fn new(year: i32, seq: i64) -> Self {
        Self(format!("M-{year}-{seq:06}"))
    }
    pub fn parse(s: &str) -> Result<Self, AppError> {
        parse_reference(s, b'M')
            .map(Self)
            .ok_or_else(AppError::not_found)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ReportRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a report came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Phone,
    Email,
    Counter,
    /// Found by a field crew.
    Field,
    /// Filed by a partner's system or an app with an API key (Open311).
    Api,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Self::Web,
        Self::Phone,
        Self::Email,
        Self::Counter,
        Self::Field,
        Self::Api,
    ];
    /// The channels an agent registers a report for a caller through.
    pub const INTAKE: [Channel; 3] = [Self::Phone, Self::Email, Self::Counter];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Counter => "counter",
            Self::Field => "field",
            Self::Api => "api",
        }
    }
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| AppError::invalid("channel", ErrorText::ChannelRequired))
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Web => t!(lang, ReportText::WebsiteApp),
            Self::Phone => t!(lang, ReportText::Phone),
            Self::Email => t!(lang, ReportText::EMail),
            Self::Counter => t!(lang, ReportText::Counter),
            Self::Field => t!(lang, ReportText::FieldCrew),
            Self::Api => t!(lang, ReportText::ApiChannel),
        }
    }
}

/// Where a report is in its life.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    New,
    Accepted,
    /// Given to a crew (team).
    Assigned,
    InProgress,
    Done,
    Rejected,
    Duplicate,
    /// Handed to an external partner (waste collector, lighting operator, ...).
    Forwarded,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 8] = [
        Self::New,
        Self::Accepted,
        Self::Assigned,
        Self::InProgress,
        Self::Done,
        Self::Rejected,
        Self::Duplicate,
        Self::Forwarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Accepted => "accepted",
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Rejected => "rejected",
            Self::Duplicate => "duplicate",
            Self::Forwarded => "forwarded",
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                AppError::validation("status", "unknown status").explained(ErrorText::UnknownChoice)
            })
    }

    /// Open reports still need work; closed ones are finished one way or another.
    pub fn is_open(self) -> bool {
        match self {
            Self::New | Self::Accepted | Self::Assigned | Self::InProgress | Self::Forwarded => {
                true
            }
            Self::Done | Self::Rejected | Self::Duplicate => false,
        }
    }

    /// The workflow, in one place: new → accepted → assigned → in progress → done, or rejected,
    /// duplicate, forwarded. Nothing goes back to `New`; reopening a closed report (or taking a
    /// report back from a crew or partner) goes to `Accepted`.
    pub fn can_transition_to(self, to: ReportStatus) -> bool {
        use ReportStatus::*;
        match (self, to) {
            (a, b) if a == b => false,
            (_, New) => false,
            (New, _) => true,
            (Accepted, Assigned | InProgress | Done | Rejected | Duplicate | Forwarded) => true,
            (Assigned, Accepted | InProgress | Done | Rejected | Duplicate | Forwarded) => true,
            (InProgress, Accepted | Assigned | Done | Rejected | Duplicate) => true,
            (InProgress, Forwarded) => false,
            (Forwarded, Accepted | Done | Rejected | Duplicate) => true,
            (Forwarded, Assigned | InProgress) => false,
            (Done | Rejected | Duplicate, Accepted) => true,
            (Done | Rejected | Duplicate, _) => false,
            (Accepted, Accepted)
            | (Assigned, Assigned)
            | (InProgress, InProgress)
            | (Forwarded, Forwarded) => false,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::New => t!(lang, ReportText::New),
            Self::Accepted => t!(lang, ReportText::Accepted),
            Self::Assigned => t!(lang, ReportText::Scheduled),
            Self::InProgress => t!(lang, ReportText::InProgress),
            Self::Done => t!(lang, ReportText::Done),
            Self::Rejected => t!(lang, ReportText::Rejected),
            Self::Duplicate => t!(lang, ReportText::Duplicate),
            Self::Forwarded => t!(lang, ReportText::Forwarded),
        }
    }

    /// A CSS colour for markers and badges, dark enough for white text (WCAG AA, 4.5:1).
    pub fn colour(self) -> &'static str {
        match self {
            Self::New => "#c2410c",
            Self::Accepted => "#a85300",
            Self::Assigned => "#7048e8",
            Self::InProgress => "#1971c2",
            Self::Done => "#2f7d32",
            Self::Rejected => "#495057",
            Self::Duplicate => "#5f676f",
            Self::Forwarded => "#0b7285",
        }
    }
}

/// A reporter's private contact details. Never shown publicly, never in a crew's view.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// The reporter agreed to be contacted about this report.
    #[serde(default)]
    pub consent: bool,
}

impl Contact {
    /// Trims and checks each field; returns `None` when nothing was given.
    pub fn parse(self) -> Result<Option<Contact>, AppError> {
        fn clean(v: Option<String>, field: &str, max: usize) -> Result<Option<String>, AppError> {
            let Some(v) = v
                .map(|v| crate::text::visible(&v).trim().to_owned())
                .filter(|v| !v.is_empty())
            else {
                return Ok(None);
            };
            if v.chars().count() > max || v.chars().any(char::is_control) {
                return Err(AppError::validation(
                    field,
                    format!("{field} must be at most {max} characters on one line"),
                )
                .explained(ErrorText::OneLineTooLong));
            }
            Ok(Some(v))
        }
        let name = clean(self.name, "contact.name", 120)?;
        let email = clean(self.email, "contact.email", 254)?;
        let phone = clean(self.phone, "contact.phone", 32)?;
        if let Some(e) = &email {
            if !crate::text::is_sendable_email(e) {
                return Err(AppError::validation(
                    "contact.email",
                    "this is not a valid e-mail address",
                )
                .explained(ErrorText::EmailInvalid));
            }
        }
        if let Some(p) = &phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if digits < 6
                || !p
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-./()".contains(c))
            {
                return Err(AppError::validation(
                    "contact.phone",
                    "this is not a valid phone number",
                )
                .explained(ErrorText::PhoneInvalid));
            }
        }
        if name.is_none() && email.is_none() && phone.is_none() {
            return Ok(None);
        }
        Ok(Some(Contact {
            name,
            email,
            phone,
            consent: self.consent,
        }))
    }
}

/// A category as offered to citizens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub names: Names,
    /// Code of the department that handles it by default.
    pub department: String,
    pub target_days: i64,
    pub icon: String,
    pub active: bool,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        self.names.get(lang)
    }
}

/// The JSON body of `POST /api/v1/reports` (the `report` part).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// A category's code (`GET /api/v1/categories`).
    #[cfg_attr(feature = "ssr", schema(example = "waste_not_collected"))]
    pub category: String,
    /// WGS84 degrees, inside the city.
    #[cfg_attr(feature = "ssr", schema(example = 50.8166))]
    pub lat: f64,
    #[cfg_attr(feature = "ssr", schema(example = 5.1866))]
    pub lon: f64,
    #[cfg_attr(
        feature = "ssr",
        schema(example = "De PMD-zakken zijn niet opgehaald.")
    )]
    pub description: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Answers to the category's questions by question code: a text, a number, `true`/`false`
    /// or, for multiple choice, a list of choice codes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, AnswerInput>,
}

/// A report input that passed every check except the category lookup, which needs storage.
#[derive(Debug, Clone)]
pub struct ValidReport {
    pub category: String,
    pub point: GeoPoint,
    pub description: Description,
    pub address: Option<String>,
    /// `address` is the register's nearest address to the point, not one given by a person.
    pub address_near: bool,
    pub contact: Option<Contact>,
    pub channel: Channel,
    /// The reporter's language, for notifications.
    pub lang: Lang,
    /// The staff member who registered it (agent intake, crew in the field).
    pub created_by: Option<i64>,
    /// Answers to the category's questions, checked against them by
    /// `service::create_report` (which knows the questions) before anything is stored.
    pub answers: Vec<Answer>,
    /// The name of the API key it came with (Open311), for staff.
    pub api_client: Option<String>,
    /// The code of the district its point lies in (`service::create_report` places it).
    pub district: Option<String>,
}

impl ReportInput {
    pub fn validate(self, channel: Channel) -> Result<ValidReport, AppError> {
        let category = self.category.trim().to_owned();
        if category.is_empty() || category.len() > 40 {
            return Err(AppError::invalid("category", ErrorText::CategoryRequired));
        }
        Ok(ValidReport {
            category,
            point: GeoPoint::new(self.lat, self.lon)?,
            description: Description::new(&self.description)?,
            address: parse_address(self.address.as_deref())?,
            address_near: false,
            contact: self.contact.map(Contact::parse).transpose()?.flatten(),
            channel,
            lang: Lang::default(),
            created_by: None,
            api_client: None,
            district: None,
            answers: self
                .answers
                .into_iter()
                .map(|(question, a)| Answer {
                    question,
                    values: a.into_values(),
                })
                .collect(),
        })
    }
}

/// Which photo of a report: taken when reporting, or after the repair.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoKind {
    Before,
    After,
    /// Sent by the reporter with an answer to the city's question: for staff only.
    Answer,
}

impl PhotoKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::After => "after",
            Self::Answer => "answer",
        }
    }
    /// What people read: "Voor" and "Na", in their language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Before => t!(lang, ReportText::PhotoBefore),
            Self::After => t!(lang, ReportText::PhotoAfter),
            Self::Answer => t!(lang, ReportText::PhotoAnswer),
        }
    }
    /// Whether the public report page and API show it.
    pub fn is_public(self) -> bool {
        match self {
            Self::Before | Self::After => true,
            Self::Answer => false,
        }
    }
    pub fn parse(s: &str) -> Self {
        match s {
            "after" => Self::After,
            "answer" => Self::Answer,
            _ => Self::Before,
        }
    }
}

/// One entry of a report's append-only status history, as the public sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub status: ReportStatus,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// A photo as the public sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoView {
    pub kind: PhotoKind,
    pub url: String,
    pub thumbnail_url: String,
    pub width: u32,
    pub height: u32,
}

/// A report's address as a person reads it: "bij Stationsstraat 12, …" when it is the
/// register's nearest address to the pin rather than one given.
pub fn address_line(lang: Lang, address: Option<&str>, near: bool) -> Option<String> {
    let address = address?;
    Some(if near {
        crate::i18n::fill(
            t!(lang, crate::report::texts::ReportText::NearAddress),
            &[("address", address)],
        )
    } else {
        address.to_owned()
    })
}

/// A report as anyone may see it: no contact data, no internal ids.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicReport {
    #[serde(rename = "ref")]
    pub reference: String,
    pub category: String,
    pub category_name: String,
    pub lat: f64,
    pub lon: f64,
    pub address: Option<String>,
    /// `address` is the register's nearest address to the point (shown as "near …").
    #[serde(default)]
    pub address_near: bool,
    pub description: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The name of the district (deelgemeente) it lies in, if any.
    #[serde(default)]
    pub district: Option<String>,
    pub history: Vec<HistoryEntry>,
    pub photos: Vec<PhotoView>,
    /// Answers to the category's questions, internal ones left out.
    #[serde(default)]
    pub answers: Vec<AnswerView>,
}

/// A short line about a report, for lists and maps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    #[serde(rename = "ref")]
    pub reference: String,
    pub category: String,
    pub lat: f64,
    pub lon: f64,
    pub address: Option<String>,
    /// `address` is the register's nearest address to the point (shown as "near …").
    #[serde(default)]
    pub address_near: bool,
    pub description: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    /// The name of the district it lies in, if any.
    #[serde(default)]
    pub district: Option<String>,
    /// Metres from the point asked about, when the list was asked for near a point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
}

/// The answer to a successful submission.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitReceipt {
    pub id: i64,
    #[serde(rename = "ref")]
    pub reference: String,
    pub tracking_token: String,
    pub tracking_url: String,
    pub status: ReportStatus,
}

#[cfg(test)]
#[path = "domain_tests.rs"]
mod tests;
