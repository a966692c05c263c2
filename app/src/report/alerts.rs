//! Area alerts ("Meldingen in mijn buurt"): anyone can ask to be told of new reports within
//! 500 m of an address or in a district, for every category or some, at once or as a daily
//! digest. No account: an e-mail address confirmed by a mailed link (double opt-in), a private
//! management link in every mail, and one-click unsubscribe (`List-Unsubscribe` +
//! `List-Unsubscribe-Post`). Only what the public report page shows is mailed.
//!
//! Immediate alerts are queued right after a report is stored (`tell`); digests once a day
//! (`send_digests`, the server's job). A new public report's mail says what its public page
//! says, never who made it.

use crate::error::{AppError, ErrorText};
use crate::report::domain::GeoPoint;
use serde::{Deserialize, Serialize};

/// The radius around an address, in metres.
pub const ALERT_RADIUS_M: f64 = 500.0;
/// Most subscriptions one address may have.
pub const MAX_ALERTS_PER_ADDRESS: usize = 10;
/// How long a confirmation link works, in days.
pub const ALERT_CONFIRM_DAYS: i64 = 7;
/// Most reports one digest lists (the rest are counted, with a link to the map).
pub const DIGEST_MAX: usize = 50;

/// Where a subscription looks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertArea {
    /// Within [`ALERT_RADIUS_M`] of a point (an address from the register).
    Around { point: GeoPoint, label: String },
    /// In a district, by code.
    District { code: String },
}

/// How often a subscriber hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertFrequency {
    /// A mail per new report.
    Immediate,
    /// One mail a day with the day's new reports, none when there were none.
    Daily,
}

impl AlertFrequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Daily => "daily",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Immediate, Self::Daily]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// A subscription as asked for, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRequest {
    pub email: String,
    pub area: AlertArea,
    /// Category codes; empty is every category.
    pub categories: Vec<String>,
    pub frequency: AlertFrequency,
}

/// Whether a new report at `point`, of `category`, in `district`, is news for `area` and
/// `categories`.
pub fn matches(
    area: &AlertArea,
    categories: &[String],
    point: GeoPoint,
    category: &str,
    district: Option<&str>,
) -> bool {
    let place = match area {
        AlertArea::Around { point: centre, .. } => centre.distance_m(&point) <= ALERT_RADIUS_M,
        AlertArea::District { code } => district == Some(code.as_str()),
    };
    place && (categories.is_empty() || categories.iter().any(|c| c == category))
}

/// Reads the form: an e-mail address that can be mailed, a frequency, the categories (each a
/// known one), and the area (resolved by the caller: an address picked from the register, or
/// a district code that exists).
pub fn check_request(
    email: Option<&str>,
    area: Option<AlertArea>,
    categories: Vec<String>,
    frequency: Option<&str>,
    known_categories: &[String],
) -> Result<AlertRequest, AppError> {
    // The same check as following a report (`report::follow`).
    let email = crate::text::visible(email.unwrap_or_default())
        .trim()
        .to_owned();
    if email.chars().count() > 254 || !crate::text::is_sendable_email(&email) {
        return Err(AppError::invalid("email", ErrorText::EmailInvalid));
    }
    let area = area.ok_or_else(|| AppError::invalid("area", ErrorText::AlertAreaRequired))?;
    let frequency = frequency
        .and_then(AlertFrequency::parse)
        .ok_or_else(|| AppError::invalid("frequency", ErrorText::UnknownChoice))?;
    let mut wanted = Vec::new();
    for c in categories {
        if !known_categories.contains(&c) {
            return Err(AppError::invalid("category", ErrorText::UnknownChoice));
        }
        if !wanted.contains(&c) {
            wanted.push(c);
        }
    }
    Ok(AlertRequest {
        email,
        area,
        categories: wanted,
        frequency,
    })
}

/// The form of `/buurt`, as sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertForm {
    pub email: Option<String>,
    /// `around` or `district`.
    pub area: Option<String>,
    pub address: Option<String>,
    pub district: Option<String>,
    pub categories: Vec<String>,
    pub frequency: Option<String>,
}

/// What the page of a subscription's link shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    /// "within 500 m of …" or "in …", in the page's language.
    pub area: String,
    /// The categories' names; empty is every category.
    pub categories: Vec<String>,
    pub frequency: AlertFrequency,
    pub confirmed: bool,
    pub stopped: bool,
    /// Not confirmed within its days: the link confirms nothing any more.
    pub expired: bool,
}

/// What `/buurt` offers to choose from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertOptions {
    /// (code, name) of every district.
    pub districts: Vec<(String, String)>,
    /// (code, name) of every category a citizen can report in.
    pub categories: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use crate::context::Ctx;
    use crate::i18n::Lang;
    use crate::port::{AlertRecord, NewAlert, NewsItem, OutgoingMail};
    use crate::report::domain::Category;
    use crate::report::texts::ReportText;
    use chrono::{DateTime, Duration, Utc};

    /// The area in words: "binnen 500 m van Grote Markt 1" or "in Velm".
    async fn area_words(ctx: &Ctx, area: &AlertArea, lang: Lang) -> Result<String, AppError> {
        Ok(match area {
            AlertArea::Around { label, .. } => crate::i18n::fill(
                t!(lang, ReportText::AlertsAroundWords),
                &[
                    ("metres", &format!("{ALERT_RADIUS_M:.0}")),
                    ("address", label),
                ],
            ),
            AlertArea::District { code } => {
                let districts = crate::district::districts(ctx).await?;
                crate::i18n::fill(
                    t!(lang, ReportText::AlertsDistrictWords),
                    &[("district", districts.name(code).unwrap_or(code))],
                )
            }
        })
    }

    pub async fn options(ctx: &Ctx, lang: Lang) -> Result<AlertOptions, AppError> {
        let districts = crate::district::districts(ctx).await?;
        Ok(AlertOptions {
            districts: districts
                .list
                .iter()
                .map(|d| (d.code.clone(), d.name.clone()))
                .collect(),
            categories: ctx
                .store
                .categories(false)
                .await?
                .into_iter()
                .map(|c| (c.code.clone(), c.name(lang).to_owned()))
                .collect(),
        })
    }

    /// Asks for an alert: checks the form, finds the address in the register (or the
    /// district), and mails the link that confirms it. The answer is the same whether the
    /// address has alerts already or too many.
    pub async fn ask(ctx: &Ctx, form: AlertForm, lang: Lang) -> Result<(), AppError> {
        let area = match form.area.as_deref() {
            Some("around") => {
                let typed = form.address.as_deref().map(str::trim).unwrap_or_default();
                let hit = crate::address::search(ctx, typed, 1)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| AppError::invalid("address", ErrorText::AlertAddressUnknown))?;
                Some(AlertArea::Around {
                    point: GeoPoint::new(hit.lat, hit.lon)?,
                    label: hit.label,
                })
            }
            Some("district") => {
                let code = form.district.unwrap_or_default();
                if crate::district::districts(ctx).await?.name(&code).is_none() {
                    return Err(AppError::invalid("district", ErrorText::UnknownChoice));
                }
                Some(AlertArea::District { code })
            }
            _ => None,
        };
        let known: Vec<String> = ctx
            .store
            .categories(false)
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect();
        let request = check_request(
            form.email.as_deref(),
            area,
            form.categories,
            form.frequency.as_deref(),
            &known,
        )?;
        let token = crate::service::random_token();
        let now = Utc::now();
        let words = area_words(ctx, &request.area, lang).await?;
        let email = request.email.clone();
        let added = ctx
            .store
            .add_alert(&NewAlert {
                request,
                lang,
                token: token.clone(),
                now,
                max_per_address: MAX_ALERTS_PER_ADDRESS as u32,
            })
            .await?;
        if added {
            let url = format!("{}/buurt/{token}", ctx.config.public_url);
            let mail = OutgoingMail::text(
                email,
                t!(lang, ReportText::AlertsConfirmSubject),
                format!(
                    "{}\n\n{}\n\n{}\n{url}\n\n{}\n",
                    t!(lang, crate::office::texts::OfficeText::Hello),
                    crate::i18n::fill(
                        t!(lang, ReportText::AlertsConfirmAsked),
                        &[("area", &words)]
                    ),
                    crate::i18n::fill(
                        t!(lang, ReportText::AlertsConfirmAt),
                        &[("days", &ALERT_CONFIRM_DAYS.to_string())]
                    ),
                    t!(lang, crate::office::texts::OfficeText::NotYouIgnore),
                ),
            );
            ctx.store.enqueue_mail(None, &mail, now).await?;
        }
        Ok(())
    }

    async fn record(ctx: &Ctx, token: &str) -> Result<AlertRecord, AppError> {
        let token = crate::report::domain::link_token(token).ok_or_else(AppError::not_found)?;
        ctx.store
            .alert(token)
            .await?
            .ok_or_else(AppError::not_found)
    }

    fn expired(a: &AlertRecord, now: DateTime<Utc>) -> bool {
        a.confirmed_at.is_none() && now > a.created_at + Duration::days(ALERT_CONFIRM_DAYS)
    }

    /// What the subscription's page shows (opening it changes nothing).
    pub async fn page(ctx: &Ctx, token: &str, lang: Lang) -> Result<AlertView, AppError> {
        let a = record(ctx, token).await?;
        let names = options(ctx, lang).await?.categories;
        Ok(AlertView {
            area: area_words(ctx, &a.area, lang).await?,
            categories: a
                .categories
                .iter()
                .map(|c| {
                    names
                        .iter()
                        .find(|(code, _)| code == c)
                        .map_or_else(|| c.clone(), |(_, n)| n.clone())
                })
                .collect(),
            frequency: a.frequency,
            confirmed: a.confirmed_at.is_some(),
            stopped: a.stopped_at.is_some(),
            expired: expired(&a, Utc::now()),
        })
    }

    pub async fn confirm(ctx: &Ctx, token: &str) -> Result<(), AppError> {
        let a = record(ctx, token).await?;
        let now = Utc::now();
        if expired(&a, now) {
            return Err(AppError::validation("token", "this link has expired")
                .explained(ErrorText::AlertLinkExpired));
        }
        ctx.store.confirm_alert(&a.token, now).await?;
        Ok(())
    }

    pub async fn stop(ctx: &Ctx, token: &str) -> Result<(), AppError> {
        let a = record(ctx, token).await?;
        ctx.store.stop_alert(&a.token, Utc::now()).await?;
        Ok(())
    }

    /// One report's line in a mail: category, place, day, public page.
    fn line(ctx: &Ctx, item: &NewsItem, category: &str, lang: Lang) -> String {
        let place =
            crate::report::domain::address_line(lang, item.address.as_deref(), item.address_near)
                .unwrap_or_else(|| format!("{:.5}, {:.5}", item.point.lat, item.point.lon));
        format!(
            "{category} · {place} · {}\n{}\n",
            crate::time::format_datetime(item.created_at),
            ctx.config.report_url(&item.reference)
        )
    }

    /// A mail to a subscriber with its management and one-click stop links.
    fn mail(ctx: &Ctx, a: &AlertRecord, subject: String, body: String) -> OutgoingMail {
        let lang = a.lang;
        let manage = format!("{}/buurt/{}", ctx.config.public_url, a.token);
        let stop = format!("{manage}/stop");
        OutgoingMail {
            to: a.email.clone(),
            subject,
            body: format!(
                "{}\n\n{body}\n{}\n{manage}\n{}\n{stop}\n",
                t!(lang, crate::office::texts::OfficeText::Hello),
                t!(lang, ReportText::AlertsManageAt),
                t!(lang, ReportText::AlertsStopAt),
            ),
            calendar: None,
            unsubscribe: Some(stop),
        }
    }

    /// A category's name in `lang` among `categories` (read once per run, not per mail).
    fn category_name(categories: &[Category], code: &str, lang: Lang) -> String {
        categories
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.name(lang).to_owned())
    }

    /// Whether a new report is news for this alert.
    fn concerns(a: &AlertRecord, n: &NewsItem) -> bool {
        matches(
            &a.area,
            &a.categories,
            n.point,
            &n.category,
            n.district.as_deref(),
        )
    }

    /// Tells the subscribers who want every new report at once about this one.
    pub async fn tell(ctx: &Ctx, item: &NewsItem) -> Result<usize, AppError> {
        let alerts: Vec<AlertRecord> = ctx
            .store
            .live_alerts(AlertFrequency::Immediate)
            .await?
            .into_iter()
            .filter(|a| concerns(a, item))
            .collect();
        if alerts.is_empty() {
            return Ok(0);
        }
        let categories: Vec<Category> = ctx
            .store
            .category(&item.category)
            .await?
            .into_iter()
            .collect();
        let mut sent = 0;
        for a in alerts {
            let lang = a.lang;
            let category = category_name(&categories, &item.category, lang);
            let words = area_words(ctx, &a.area, lang).await?;
            let body = format!(
                "{}\n\n{}",
                crate::i18n::fill(t!(lang, ReportText::AlertsNewLead), &[("area", &words)]),
                line(ctx, item, &category, lang)
            );
            let subject = crate::i18n::fill(
                t!(lang, ReportText::AlertsNewSubject),
                &[("category", &category)],
            );
            ctx.store
                .enqueue_mail(None, &mail(ctx, &a, subject, body), Utc::now())
                .await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Sends each daily subscriber the reports made since its last digest that concern it
    /// (none: no mail); answers how many mails.
    pub async fn send_digests(ctx: &Ctx, now: DateTime<Utc>) -> Result<usize, AppError> {
        let alerts = ctx.store.live_alerts(AlertFrequency::Daily).await?;
        let from = |a: &AlertRecord| a.digest_from.or(a.confirmed_at).unwrap_or(now);
        let Some(earliest) = alerts.iter().map(from).min() else {
            return Ok(0);
        };
        let news = ctx.store.news_since(earliest, 20_000).await?;
        let categories = ctx.store.categories(true).await?;
        let mut sent = 0;
        for a in &alerts {
            let since = from(a);
            let theirs: Vec<&NewsItem> = news
                .iter()
                .filter(|n| n.created_at >= since && n.created_at < now && concerns(a, n))
                .collect();
            if !theirs.is_empty() {
                let lang = a.lang;
                let words = area_words(ctx, &a.area, lang).await?;
                let mut body =
                    crate::i18n::fill(t!(lang, ReportText::AlertsDigestLead), &[("area", &words)]);
                body.push_str("\n\n");
                for n in theirs.iter().take(DIGEST_MAX) {
                    let category = category_name(&categories, &n.category, lang);
                    body.push_str(&line(ctx, n, &category, lang));
                    body.push('\n');
                }
                if theirs.len() > DIGEST_MAX {
                    body.push_str(&crate::i18n::fill(
                        t!(lang, ReportText::AlertsDigestMore),
                        &[
                            ("count", &(theirs.len() - DIGEST_MAX).to_string()),
                            ("url", &format!("{}/kaart", ctx.config.public_url)),
                        ],
                    ));
                    body.push('\n');
                }
                let subject = crate::i18n::fill(
                    t!(lang, ReportText::AlertsDigestSubject),
                    &[("count", &theirs.len().to_string())],
                );
                ctx.store
                    .enqueue_mail(None, &mail(ctx, a, subject, body), now)
                    .await?;
                sent += 1;
            }
            ctx.store.set_digest_from(a.id, now).await?;
        }
        Ok(sent)
    }

    /// Forgets subscriptions never confirmed in time, and stopped ones after a month.
    pub async fn forget_old(ctx: &Ctx) -> Result<u64, AppError> {
        let now = Utc::now();
        ctx.store
            .forget_alerts(
                now - Duration::days(ALERT_CONFIRM_DAYS),
                now - Duration::days(30),
            )
            .await
    }
}

#[cfg(feature = "ssr")]
pub use service::*;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn news_is_within_the_radius_or_the_district_and_of_the_categories_asked() {
        let around = AlertArea::Around {
            point: at(50.8166, 5.1866),
            label: "Grote Markt 1".into(),
        };
        // About 330 m north: in; about 1.1 km: out.
        assert!(matches(&around, &[], at(50.8196, 5.1866), "graffiti", None));
        assert!(!matches(
            &around,
            &[],
            at(50.8266, 5.1866),
            "graffiti",
            None
        ));
        let some = vec!["road_damage".to_owned()];
        assert!(!matches(
            &around,
            &some,
            at(50.8196, 5.1866),
            "graffiti",
            None
        ));
        assert!(matches(
            &around,
            &some,
            at(50.8196, 5.1866),
            "road_damage",
            None
        ));
        let velm = AlertArea::District {
            code: "velm".into(),
        };
        assert!(matches(&velm, &[], at(50.0, 5.0), "graffiti", Some("velm")));
        assert!(!matches(
            &velm,
            &[],
            at(50.0, 5.0),
            "graffiti",
            Some("brustem")
        ));
        assert!(!matches(&velm, &[], at(50.0, 5.0), "graffiti", None));
    }
}
