//! The agent's contact screen (keyboard first: every field in tab order, the topic list
//! typed into, saving with Enter) with the caller's earlier contacts, and the departments'
//! call-back requests. Rendered on the server; forms post to plain routes.

use super::domain::{
    CallerHistory, ContactChannel, ContactRecord, HandoverRecord, Outcome, TrailItem, TrailKind,
};
use super::texts::ContactText;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time::format_datetime;
use crate::ui::staff::{staff_page, FormOutcome};
use crate::ui::{current_lang, DayInput};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the contact screen offers, and when it was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactScreen {
    pub topics: Vec<(String, String)>,
    pub departments: Vec<(String, String)>,
    pub started_at: String,
    pub history: CallerHistory,
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
    // One search field finds by either.
    let (phone, email) = match phone {
        Some(p) if p.contains('@') => (None, Some(p)),
        p => (p, email),
    };
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
        history: super::service::caller_history(
            &ctx,
            &user,
            phone.as_deref(),
            email.as_deref(),
            lang,
        )
        .await?,
    })
}

#[server]
pub async fn handover_list() -> Result<Vec<HandoverRecord>, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    super::service::handovers(&ctx, &user).await
}

/// `/contact`: register a contact; `?phone=`/`?email=` shows the caller's earlier ones, and
/// `?reference=&outcome=` fills in what another tab (a report, a complaint) produced.
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
        let q = query.read_untracked();
        let prefill = Prefill {
            reference: q.get("reference").unwrap_or_default(),
            outcome: q.get("outcome").unwrap_or_default(),
        };
        view! {
            <ContactTabs lang current="/contact"/>
            <section class="contact-screen">
                <h1>{t!(lang, ContactText::Title)}</h1>
                <p class="muted keys no-print">{t!(lang, ContactText::Keys)}</p>
                {move || query.read().get("saved").map(|_| view! { <p class="notice" role="status">{t!(lang, ContactText::Saved)}</p> })}
                {move || {
                    let q = query.read();
                    q.get("error").map(|_| view! {
                        <p class="field-error" role="alert">{t!(lang, ContactText::ErrField)} " " <span data-field>{q.get("field").unwrap_or_default()}</span></p>
                    })
                }}
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || screen.get().map(|s| match s {
                        Ok(s) => view! { <ContactForm s lang prefill=prefill.clone()/> }.into_any(),
                        Err(_) => view! { <p class="field-error">{t!(lang, ContactText::Nothing)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

/// The agent's screens as tabs of one: the contact, a report for the caller, a complaint.
#[component]
pub fn ContactTabs(lang: Lang, current: &'static str) -> impl IntoView {
    let tabs = [
        ("/contact", t!(lang, ContactText::TabContact)),
        ("/intake", t!(lang, ContactText::TabReport)),
        ("/complaints/new", t!(lang, ContactText::TabComplaint)),
    ];
    view! {
        <nav class="tabs no-print" aria-label=t!(lang, ContactText::Title)>
            {tabs.into_iter().map(|(href, label)| view! {
                <a href=href aria-current=(href == current).then_some("page")>{label}</a>
            }).collect_view()}
        </nav>
    }
}

/// What the screen starts filled in with.
#[derive(Debug, Clone, Default)]
struct Prefill {
    reference: String,
    outcome: String,
}

#[component]
fn ContactForm(s: ContactScreen, lang: Lang, prefill: Prefill) -> impl IntoView {
    let outcome = Outcome::parse(&prefill.outcome).unwrap_or(Outcome::ALL[0]);
    view! {
        <div class="contact-grid">
        <form method="post" action="/contact" class="contact" id="contact-form" data-contact-form>
            <input type="hidden" name="started_at" value=s.started_at.clone()/>
            <input type="hidden" name="article" value=""/>
            <p class="notice" role="status" data-contact-status hidden></p>
            <label class="field"><span>{t!(lang, ContactText::Topic)}</span>
                <input type="text" name="topic_label" list="contact-topics" autocomplete="off" hidden data-topic-input/>
                <select name="topic" required autofocus data-topic>
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
                <label class="field"><span>{t!(lang, ContactText::Name)}</span><input type="text" name="caller_name" maxlength="120" autocomplete="off"/></label>
                <label class="field"><span>{t!(lang, ContactText::PhoneNumber)}</span><input type="tel" name="caller_phone" maxlength="32" autocomplete="off"/></label>
                <label class="field"><span>{t!(lang, ContactText::EmailAddress)}</span><input type="email" name="caller_email" maxlength="254" autocomplete="off"/></label>
            </fieldset>
            <label class="field"><span>{t!(lang, ContactText::Summary)}</span>
                <textarea name="summary" rows="3" maxlength="2000"></textarea></label>
            <fieldset class="outcomes"><legend>{t!(lang, ContactText::Outcome)}</legend>
                {Outcome::ALL.into_iter().map(|o| view! {
                    <label><input type="radio" name="outcome" value=o.as_str() checked=o == outcome/> {o.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <label class="field"><span>{t!(lang, ContactText::Department)}</span>
                <select name="department">
                    <option value="">"—"</option>
                    {s.departments.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select></label>
            <label class="field"><span>{t!(lang, ContactText::Links)}</span>
                <input type="text" name="reference" maxlength="20" value=prefill.reference placeholder="M-2026-000123 / K-2026-12 / A-000042"/></label>
            <button type="submit" class="primary" data-contact-save>{t!(lang, ContactText::Save)}</button>
        </form>
        <KnowledgePanel lang/>
        </div>
        <h2>{t!(lang, ContactText::History)}</h2>
        <form method="get" action="/contact" class="no-print">
            <label class="field"><span>{t!(lang, ContactText::Find)}</span>
                <input type="search" name="phone" maxlength="254" data-caller-search/></label>
        </form>
        <CallerTrail trail=s.history.trail lang/>
        <ContactList contacts=s.history.contacts lang/>
    }
}

/// A caller's reports, complaints and appointments. Complaints show no more than their
/// reference and status: agents register them but do not read them.
#[component]
fn CallerTrail(trail: Vec<TrailItem>, lang: Lang) -> impl IntoView {
    (!trail.is_empty()).then(|| view! {
        <ul class="trail" data-caller-trail>
            {trail.into_iter().map(|t| {
                let kind = match t.kind {
                    TrailKind::Report => t!(lang, ContactText::KindReport),
                    TrailKind::Complaint => t!(lang, ContactText::KindComplaint),
                    TrailKind::Appointment => t!(lang, ContactText::KindAppointment),
                };
                let reference = match t.kind {
                    TrailKind::Report => view! { <a href=format!("/staff/r/{}", t.reference)>{t.reference.clone()}</a> }.into_any(),
                    TrailKind::Complaint | TrailKind::Appointment => view! { <strong>{t.reference.clone()}</strong> }.into_any(),
                };
                view! {
                    <li data-trail=t.reference.clone()>
                        {kind} " " {reference} " · " {format_datetime(t.at)} " · " {t.what.clone()} " · " {t.status_label(lang).to_owned()}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

/// Contacts as a list: when, how, about what, the outcome, how long, what it produced.
#[component]
pub fn ContactList(contacts: Vec<ContactRecord>, lang: Lang) -> impl IntoView {
    view! {
        <ul class="history">
            {contacts.into_iter().map(|c| {
                let produced = [c.report_ref.clone(), c.complaint_ref.clone(), c.appointment_ref.clone()];
                view! {
                    <li data-contact=c.id>
                        {format_datetime(c.started_at)} " · " {c.channel.label(lang)} " · " {c.topic_names.get(lang).to_owned()} " · "
                        {c.outcome.label(lang)} " · " {format!("{}:{:02}", c.duration_seconds / 60, c.duration_seconds % 60)}
                        {c.agent.clone().map(|a| view! { " · " {a} })}
                        {produced.into_iter().flatten().map(|r| view! { " · " <strong>{r}</strong> }).collect_view()}
                        {c.caller_name.clone().map(|n| view! { " · " {n} })}
                        <br/><span class="muted">{c.summary.clone()}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[server]
pub async fn linked_contacts(reference: String) -> Result<Vec<ContactRecord>, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    super::service::linked(&ctx, &user, &reference).await
}

/// On a report or complaint: the contacts that produced it (for staff who register
/// contacts; nothing for others).
#[component]
pub fn LinkedContacts(reference: String, lang: Lang) -> impl IntoView {
    let found = Resource::new(move || reference.clone(), linked_contacts);
    view! {
        <Suspense fallback=|| ()>
            {move || found.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|contacts| view! {
                <section class="linked-contacts" data-linked-contacts>
                    <h2>{t!(lang, ContactText::LinkedContacts)}</h2>
                    <ContactList contacts lang/>
                </section>
            })}
        </Suspense>
    }
}

/// The knowledge base beside the contact: search as you type (`public/js/contact.js`), the
/// article's summary, and from it one key to book its appointment for the caller or to mark
/// the contact answered. Without script, the search opens `/info` in a new tab.
#[component]
fn KnowledgePanel(lang: Lang) -> impl IntoView {
    view! {
        <aside class="kb-panel" data-kb aria-label=t!(lang, ContactText::Knowledge)>
            <form method="get" action="/info" target="_blank" role="search">
                <label class="field"><span>{t!(lang, ContactText::Knowledge)} " (Ctrl+K)"</span>
                    <input type="search" name="q" maxlength="200" autocomplete="off" data-kb-search
                        role="combobox" aria-expanded="false" aria-controls="kb-hits" aria-autocomplete="list"/></label>
            </form>
            <ul id="kb-hits" role="listbox" class="kb-hits" data-kb-hits aria-label=t!(lang, ContactText::Knowledge)></ul>
            <article class="kb-article" data-kb-article tabindex="-1" hidden>
                <h3 data-kb-title></h3>
                <p data-kb-summary></p>
                <p><a data-kb-link target="_blank">{t!(lang, ContactText::OpenArticle)}</a></p>
                <p class="kb-actions">
                    <button type="button" data-kb-book hidden><kbd>"B"</kbd> " " {t!(lang, ContactText::BookForCaller)}</button>
                    " "
                    <button type="button" data-kb-answered><kbd>"A"</kbd> " " {t!(lang, ContactText::MarkAnswered)}</button>
                </p>
            </article>
            <section class="kb-slots" data-kb-slots hidden>
                <h3>{t!(lang, ContactText::FreeTimes)}</h3>
                <p class="muted">{t!(lang, ContactText::FreeTimesHelp)}</p>
                <ul class="slot-list" data-kb-slot-list></ul>
            </section>
        </aside>
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
                        <p><strong>{h.topic_names.get(lang).to_owned()}</strong> " · " {h.department_names.get(lang).to_owned()} " · "
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
        Some(v) => crate::time::parse_day(field, &v),
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
                                <label><span>{t!(lang, ContactText::From)}</span><DayInput lang name="from" value=f.from.to_string()/></label>
                                <label><span>{t!(lang, ContactText::To)}</span><DayInput lang name="to" value=f.to.to_string()/></label>
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
