//! The agent's contact screen (keyboard first: every field in tab order, the topic list
//! typed into, saving with Enter) with the caller's earlier contacts, and the departments'
//! call-back requests. Rendered on the server; forms post to plain routes.

use super::domain::{ContactChannel, ContactRecord, HandoverRecord, Outcome};
use super::texts::ContactText;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time::format_datetime;
use crate::ui::current_lang;
use crate::ui::staff::{staff_page, FormOutcome};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the contact screen offers, and when it was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactScreen {
    pub topics: Vec<(String, String)>,
    pub departments: Vec<(String, String)>,
    pub started_at: String,
    pub history: Vec<ContactRecord>,
}

#[server]
pub async fn contact_screen_data(
    phone: Option<String>,
    email: Option<String>,
) -> Result<ContactScreen, AppError> {
    let user = crate::auth::require_user().await?;
    user.require(crate::staff::Action::Contacts)?;
    let ctx = crate::context::ctx()?;
    let lang = current_lang();
    Ok(ContactScreen {
        topics: super::service::topic_choices(&ctx, lang).await?,
        departments: ctx
            .store
            .departments()
            .await?
            .into_iter()
            .filter(|d| d.active)
            .map(|d| (d.code.clone(), d.name(lang).to_owned()))
            .collect(),
        started_at: chrono::Utc::now().to_rfc3339(),
        history: super::service::caller_history(&ctx, &user, phone.as_deref(), email.as_deref())
            .await?,
    })
}

#[server]
pub async fn handover_list() -> Result<Vec<HandoverRecord>, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    super::service::handovers(&ctx, &user).await
}

/// `/contact`: register a contact; `?phone=`/`?email=` shows the caller's earlier ones.
#[component]
pub fn ContactPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let screen = Resource::new(
        move || {
            let q = query.read();
            (q.get("phone"), q.get("email"))
        },
        |(phone, email)| contact_screen_data(phone, email),
    );
    staff_page(lang, move |_user| {
        view! {
            <section class="contact-screen">
                <h1>{t!(lang, ContactText::Title)}</h1>
                {move || query.read().get("saved").map(|_| view! { <p class="notice" role="status">{t!(lang, ContactText::Saved)}</p> })}
                {move || {
                    let q = query.read();
                    q.get("error").map(|_| view! {
                        <p class="field-error" role="alert">{t!(lang, ContactText::ErrField)} " " <span data-field>{q.get("field").unwrap_or_default()}</span></p>
                    })
                }}
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || screen.get().map(|s| match s {
                        Ok(s) => view! { <ContactForm s lang/> }.into_any(),
                        Err(_) => view! { <p class="field-error">{t!(lang, ContactText::Nothing)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

#[component]
fn ContactForm(s: ContactScreen, lang: Lang) -> impl IntoView {
    view! {
        <form method="post" action="/contact" class="contact" data-contact-form>
            <input type="hidden" name="started_at" value=s.started_at.clone()/>
            <label class="field"><span>{t!(lang, ContactText::Topic)}</span>
                <input type="text" name="topic_label" list="contact-topics" autofocus autocomplete="off" data-topic-input/>
                <select name="topic" required data-topic>
                    {s.topics.iter().map(|(code, label)| view! { <option value=code.clone()>{label.clone()}</option> }).collect_view()}
                </select>
                <datalist id="contact-topics">
                    {s.topics.iter().map(|(code, label)| view! { <option value=label.clone() data-code=code.clone()></option> }).collect_view()}
                </datalist>
            </label>
            <fieldset class="channels"><legend>{t!(lang, ContactText::Channel)}</legend>
                {ContactChannel::ALL.into_iter().enumerate().map(|(i, c)| view! {
                    <label><input type="radio" name="channel" value=c.as_str() checked=i == 0/> {c.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <fieldset><legend>{t!(lang, ContactText::Caller)}</legend>
                <label class="field"><span>{t!(lang, ContactText::Name)}</span><input type="text" name="caller_name" maxlength="120"/></label>
                <label class="field"><span>{t!(lang, ContactText::PhoneNumber)}</span><input type="tel" name="caller_phone" maxlength="32"/></label>
                <label class="field"><span>{t!(lang, ContactText::EmailAddress)}</span><input type="email" name="caller_email" maxlength="254"/></label>
            </fieldset>
            <label class="field"><span>{t!(lang, ContactText::Summary)}</span>
                <textarea name="summary" rows="3" maxlength="2000"></textarea></label>
            <fieldset class="outcomes"><legend>{t!(lang, ContactText::Outcome)}</legend>
                {Outcome::ALL.into_iter().enumerate().map(|(i, o)| view! {
                    <label><input type="radio" name="outcome" value=o.as_str() checked=i == 0/> {o.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <label class="field"><span>{t!(lang, ContactText::Department)}</span>
                <select name="department">
                    <option value="">"—"</option>
                    {s.departments.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select></label>
            <label class="field"><span>{t!(lang, ContactText::Links)}</span>
                <input type="text" name="reference" maxlength="20" placeholder="M-2026-000123 / K-2026-12 / A-000042"/></label>
            <button type="submit" class="primary">{t!(lang, ContactText::Save)}</button>
        </form>
        <h2>{t!(lang, ContactText::History)}</h2>
        <form method="get" action="/contact" class="no-print">
            <label class="field"><span>{t!(lang, ContactText::Find)}</span>
                <input type="search" name="phone" maxlength="254"/></label>
        </form>
        <ul class="history">
            {s.history.into_iter().map(|c| view! {
                <li data-contact=c.id>
                    {format_datetime(c.started_at)} " · " {c.channel.label(lang)} " · " {c.topic.clone()} " · "
                    {c.outcome.label(lang)} " · " {format!("{}:{:02}", c.duration_seconds / 60, c.duration_seconds % 60)}
                    {c.appointment_ref.clone().map(|r| view! { " · " <strong>{r}</strong> })}
                    <br/><span class="muted">{c.summary.clone()}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// `/handovers`: a department's call-back requests, overdue ones flagged.
#[component]
pub fn HandoversPage() -> impl IntoView {
    let lang = current_lang();
    let list = Resource::new(|| (), |_| handover_list());
    staff_page(lang, move |_user| {
        view! {
            <section class="handovers">
                <h1>{t!(lang, ContactText::Handovers)}</h1>
                <FormOutcome lang/>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || list.get().map(|l| match l {
                        Ok(l) if l.is_empty() => view! { <p class="muted">{t!(lang, ContactText::NoHandovers)}</p> }.into_any(),
                        Ok(l) => view! { <HandoverList l lang/> }.into_any(),
                        Err(_) => view! { <p class="field-error">{t!(lang, ContactText::NoHandovers)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

#[component]
fn HandoverList(l: Vec<HandoverRecord>, lang: Lang) -> impl IntoView {
    let now = chrono::Utc::now();
    view! {
        <ul class="handover-list">
            {l.into_iter().map(|h| {
                let overdue = h.answered_at.is_none() && h.due_at < now;
                view! {
                    <li data-handover=h.id class:overdue=overdue data-overdue=overdue.to_string()>
                        <p><strong>{h.topic.clone()}</strong> " · " {h.department.clone()} " · "
                            {t!(lang, ContactText::Due)} " " {format_datetime(h.due_at)}
                            {overdue.then(|| view! { " ⚠ " <span class="deadline overdue">{t!(lang, ContactText::Overdue)}</span> })}</p>
                        <p>{h.question.clone()}</p>
                        <p class="muted">{h.caller_name.clone().unwrap_or_default()} " " {h.caller_phone.clone().unwrap_or_default()} " " {h.caller_email.clone().unwrap_or_default()}</p>
                        {match h.answer.clone() {
                            Some(a) => view! { <p class="notice">{a}</p> }.into_any(),
                            None => view! {
                                <form method="post" action=format!("/handovers/{}/answer", h.id)>
                                    <label class="field"><span>{t!(lang, ContactText::Answer)}</span>
                                        <textarea name="answer" rows="2" maxlength="2000" required></textarea></label>
                                    <button type="submit">{t!(lang, ContactText::Close)}</button>
                                </form>
                            }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[server]
pub async fn contactcenter_figures(
    from: Option<String>,
    to: Option<String>,
) -> Result<super::figures::ContactCenterFigures, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    let today = crate::time::brussels_date(chrono::Utc::now());
    let day = |v: Option<String>, field: &str, default| match v.filter(|v| !v.is_empty()) {
        Some(v) => crate::appointment::service::parse_day(field, &v),
        None => Ok(default),
    };
    let to = day(to, "to", today)?;
    let from = day(from, "from", to - chrono::Duration::days(29))?;
    super::service::figures(&ctx, &user, from, to, current_lang()).await
}

/// `/contactcenter?from=&to=`: the supervisor's dashboard (the last 30 days by default).
#[component]
pub fn ContactCenterPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let figures = Resource::new(
        move || {
            let q = query.read();
            (q.get("from"), q.get("to"))
        },
        |(from, to)| contactcenter_figures(from, to),
    );
    staff_page(lang, move |_user| {
        view! {
            <section class="contactcenter">
                <h1>{t!(lang, ContactText::Figures)}</h1>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || figures.get().map(|f| match f {
                        Ok(f) => view! {
                            <form method="get" action="/contactcenter" class="filters no-print">
                                <label><span>{t!(lang, ContactText::From)}</span><input type="date" name="from" value=f.from.to_string()/></label>
                                <label><span>{t!(lang, ContactText::To)}</span><input type="date" name="to" value=f.to.to_string()/></label>
                                <button type="submit">{t!(lang, ContactText::Show)}</button>
                                " " <a href=format!("/api/v1/staff/contactcenter/figures.csv?from={}&to={}", f.from, f.to)>{t!(lang, ContactText::Csv)}</a>
                            </form>
                            <ContactCenterSection f lang by_day=true/>
                        }.into_any(),
                        Err(_) => view! { <p class="field-error">{t!(lang, ContactText::Nothing)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

/// The figures of a period: the dashboard shows them per day, the annual report per month.
#[component]
pub fn ContactCenterSection(
    f: super::figures::ContactCenterFigures,
    lang: Lang,
    by_day: bool,
) -> impl IntoView {
    use crate::appointment::domain::AppointmentStatus as S;
    use crate::appointment::texts::AppointmentText as A;
    use crate::ui::charts::{percent, BarChart, ColumnChart};
    let fcr = (f.first_contact.1 > 0)
        .then(|| 100.0 * f.first_contact.0 as f64 / f.first_contact.1 as f64);
    let seconds = f.mean_duration_seconds.round() as i64;
    let h = f.handovers.clone();
    let max_heat = f.heat.iter().flatten().copied().max().unwrap_or(1).max(1);
    let days = [
        A::Monday,
        A::Tuesday,
        A::Wednesday,
        A::Thursday,
        A::Friday,
        A::Saturday,
        A::Sunday,
    ];
    view! {
        <dl class="kpis" data-contacts=f.contacts>
            <div><dt>{t!(lang, ContactText::Contacts)}</dt><dd>{f.contacts}</dd></div>
            <div><dt>{t!(lang, ContactText::FirstContact)}</dt><dd data-fcr>{percent(fcr)}</dd></div>
            <div><dt>{t!(lang, ContactText::MeanDuration)}</dt><dd>{format!("{}:{:02}", seconds / 60, seconds % 60)}</dd></div>
            <div><dt>{t!(lang, ContactText::HandoversOnTime)}</dt>
                <dd data-handovers>{format!("{} / {} / {} / {}", h.on_time, h.late, h.overdue, h.open)}</dd></div>
        </dl>
        {if by_day {
            view! { <ColumnChart title=t!(lang, ContactText::PerDay).to_owned() rows=f.by_day.clone() lang/> }.into_any()
        } else {
            view! { <ColumnChart title=t!(lang, ContactText::PerMonth).to_owned() rows=f.by_month.clone() lang/> }.into_any()
        }}
        <BarChart title=t!(lang, ContactText::PerTopic).to_owned() rows=f.by_topic.clone() lang/>
        <BarChart title=t!(lang, ContactText::PerChannel).to_owned() rows=f.by_channel.clone() lang/>
        <BarChart title=t!(lang, ContactText::PerOutcome).to_owned() rows=f.by_outcome.clone() lang/>
        <figure class="heat">
            <figcaption>{t!(lang, ContactText::HeatGrid)}</figcaption>
            <table class="heat-grid">
                <thead><tr><th></th>{(7..20).map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {f.heat.iter().zip(days).map(|(row, day)| view! {
                        <tr><th>{day.text(lang)}</th>
                            {(7..20).map(|h| {
                                let n = row.get(h).copied().unwrap_or_default();
                                let level = (n * 4).div_ceil(max_heat);
                                view! { <td class=format!("level-{level}")>{n}</td> }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
        <h2>{t!(lang, ContactText::AppointmentsPerService)}</h2>
        <table class="figures">
            <thead><tr><th></th><th>{S::Booked.label(lang)}</th><th>{S::Arrived.label(lang)}</th><th>{S::NoShow.label(lang)}</th><th>{S::Cancelled.label(lang)}</th><th>{t!(lang, ContactText::LeadDays)}</th></tr></thead>
            <tbody>
                {f.appointments.iter().map(|a| view! {
                    <tr data-service=a.service.clone()><th>{a.label.clone()}</th><td>{a.booked}</td><td>{a.arrived}</td><td data-no-show>{a.no_show}</td><td>{a.cancelled}</td><td>{format!("{:.1}", a.mean_lead_days)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
