//! The admin page's links to partners' systems and apps: partners (by e-mail, or linked to
//! their Open311 server, with how that link is doing) and webhook subscriptions. The forms
//! post to `/admin/partner`, `/admin/partner/open311`, `/admin/webhook` and
//! `/admin/webhook/revoke` (`server::catalogue_web`), which call `office::links_admin`.

use crate::i18n::Lang;
use crate::office::domain::{LinkHealth, Partner};
use crate::office::texts::OfficeText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A webhook subscription as the admin page lists it (never its secret).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WebhookView {
    pub name: String,
    pub url: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub health: LinkHealth,
}

/// Deliveries to partners and subscribers still to go, and given up on.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct DeliveryFigures {
    pub waiting: i64,
    pub parked: i64,
}

/// How a link is doing: fine since, or failing with its last error (`data-failing`).
#[component]
fn Health(health: LinkHealth, lang: Lang) -> impl IntoView {
    let since = health
        .last_ok_at
        .map(crate::time::format_datetime)
        .unwrap_or_else(|| "—".to_owned());
    if health.failing() {
        view! {
            <span class="field-error" data-failing="">
                {crate::i18n::fill(t!(lang, OfficeText::LinkFailing), &[("count", &health.failures.to_string())])}
                " — " {health.last_error.clone().unwrap_or_default()}
            </span>
        }
        .into_any()
    } else {
        view! { <span class="muted">{t!(lang, OfficeText::LinkLastOk)} " " {since}</span> }
            .into_any()
    }
}

/// Partners: how reports reach each, a form to add one and one to link one to Open311.
#[component]
pub fn PartnersAdmin(
    partners: Vec<Partner>,
    deliveries: DeliveryFigures,
    lang: Lang,
) -> impl IntoView {
    let names = partners.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    view! {
        <h2 id="partners">{t!(lang, OfficeText::ExternalPartners)}</h2>
        <table class="admin-table"><tbody>
            {partners.into_iter().map(|p| view! {
                <tr>
                    <td>{p.name.clone()}</td>
                    <td>{p.email.clone()}</td>
                    <td>{match p.open311_endpoint.clone() {
                        Some(endpoint) => view! { "Open311: " <code>{endpoint}</code> " " <Health health=p.health.clone() lang/> }.into_any(),
                        None => view! { <span class="muted">{t!(lang, OfficeText::ByEmail)}</span> }.into_any(),
                    }}</td>
                </tr>
            }).collect_view()}
        </tbody></table>
        <p class="muted" data-deliveries="">{crate::i18n::fill(t!(lang, OfficeText::DeliveriesWaiting), &[
            ("waiting", &deliveries.waiting.to_string()),
            ("parked", &deliveries.parked.to_string()),
        ])}</p>
        <form method="post" action="/admin/partner" class="inline-form">
            <input type="text" name="name" required placeholder=t!(lang, OfficeText::Name)/>
            <input type="email" name="email" required placeholder="e-mail"/>
            <button type="submit" class="secondary">{t!(lang, OfficeText::AddPartner)}</button>
        </form>
        <h3>{t!(lang, OfficeText::Open311Link)}</h3>
        <p class="muted">{t!(lang, OfficeText::Open311LinkHelp)}</p>
        <form method="post" action="/admin/partner/open311" class="stacked-form">
            <label>{t!(lang, OfficeText::Partner)}
                <select name="partner">{names.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}</select>
            </label>
            <label>{t!(lang, OfficeText::Open311Endpoint)}
                <input type="url" name="endpoint" maxlength="500" placeholder="https://partner.example/open311/v2"/>
            </label>
            <label>{t!(lang, OfficeText::Open311Key)}
                <input type="password" name="api_key" maxlength="200" autocomplete="off"/>
            </label>
            <label>{t!(lang, OfficeText::Open311Jurisdiction)}
                <input type="text" name="jurisdiction" maxlength="100"/>
            </label>
            <label>{t!(lang, OfficeText::Open311Services)}
                <textarea name="services" rows="3" aria-describedby="services-help"></textarea>
            </label>
            <p class="muted" id="services-help">{t!(lang, OfficeText::Open311ServicesHelp)} " " <code>"waste_not_collected=101"</code></p>
            <button type="submit" class="secondary">{t!(lang, OfficeText::SaveLink)}</button>
        </form>
    }
}

/// Webhook subscriptions with their health, a form to add one and a button to stop each.
#[component]
pub fn WebhooksAdmin(webhooks: Vec<WebhookView>, lang: Lang) -> impl IntoView {
    view! {
        <h2 id="webhooks">{t!(lang, OfficeText::Webhooks)}</h2>
        <p class="muted">{t!(lang, OfficeText::WebhooksHelp)}</p>
        <table class="admin-table"><tbody>
            {webhooks.into_iter().map(|w| view! {
                <tr>
                    <td>{w.name.clone()}</td>
                    <td><code>{w.url.clone()}</code></td>
                    <td>{match w.revoked_at {
                        Some(at) => view! { <span class="muted">{t!(lang, OfficeText::KeyRevoked)} " " {crate::time::format_datetime(at)}</span> }.into_any(),
                        None => view! {
                            <Health health=w.health.clone() lang/>
                            <form method="post" action="/admin/webhook/revoke" class="inline-form">
                                <input type="hidden" name="name" value=w.name.clone()/>
                                <button type="submit" class="secondary">{t!(lang, OfficeText::RevokeKey)}</button>
                            </form>
                        }.into_any(),
                    }}</td>
                </tr>
            }).collect_view()}
        </tbody></table>
        <form method="post" action="/admin/webhook" class="inline-form">
            <input type="text" name="name" maxlength="80" required placeholder=t!(lang, OfficeText::Name) aria-label=t!(lang, OfficeText::Name)/>
            <input type="url" name="url" maxlength="500" required placeholder="https://…" aria-label="URL"/>
            <button type="submit" class="secondary">{t!(lang, OfficeText::AddWebhook)}</button>
        </form>
    }
}
