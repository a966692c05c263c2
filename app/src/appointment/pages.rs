//! Appointment pages: booking on a phone in a few taps (what for, a day, a time, who), the
//! private page to cancel or move, and the desk's printable list of the day where counter
//! staff mark who came. Rendered on the server; forms post to plain routes, so booking works
//! without script on a weak connection.

use super::domain::{AppointmentStatus, DeskRow, Picker, TypeView};
use super::texts::AppointmentText;
use crate::error::AppError;
use crate::i18n::{fill, Lang};
use crate::ui::staff::staff_page;
use crate::ui::{current_lang, DayInput};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the booking page shows: the types on offer and, once one is chosen, its days and
/// times.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChoices {
    pub types: Vec<TypeView>,
    pub chosen: Option<TypeView>,
    pub picker: Picker,
}

#[server]
pub async fn booking_page_data(
    type_code: Option<String>,
    day: Option<String>,
) -> Result<BookingChoices, AppError> {
    let ctx = crate::context::ctx()?;
    let lang = current_lang();
    let types = super::service::appointment_types(&ctx, lang).await?;
    let chosen = type_code.and_then(|c| types.iter().find(|t| t.code == c).cloned());
    let picker = match &chosen {
        Some(t) => {
            let day = day.and_then(|d| crate::time::parse_day("day", &d).ok());
            super::service::picker(&ctx, &t.code, day, lang, chrono::Utc::now()).await?
        }
        None => Picker::default(),
    };
    Ok(BookingChoices {
        types,
        chosen,
        picker,
    })
}

/// A booking as its private page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOnPage {
    pub reference: String,
    pub what: String,
    pub service: String,
    pub when: String,
    pub status: AppointmentStatus,
    pub changeable: bool,
    pub type_code: String,
    pub picker: Picker,
}

#[server]
pub async fn managed_booking(
    token: String,
    day: Option<String>,
) -> Result<BookingOnPage, AppError> {
    let ctx = crate::context::ctx()?;
    let lang = current_lang();
    let b = super::service::booking_for_token(&ctx, &token).await?;
    let now = chrono::Utc::now();
    let changeable = b.status == AppointmentStatus::Booked && b.start > now;
    let picker = if changeable {
        let day = day.and_then(|d| crate::time::parse_day("day", &d).ok());
        super::service::picker(&ctx, &b.type_code, day, lang, now)
            .await
            .unwrap_or_default()
    } else {
        Picker::default()
    };
    Ok(BookingOnPage {
        reference: b.reference.clone(),
        what: b.type_names.get(lang).to_owned(),
        service: b.service_names.get(lang).to_owned(),
        when: super::notify::when(lang, b.start),
        status: b.status,
        changeable,
        type_code: b.type_code,
        picker,
    })
}

/// A refusal the booking forms came back with, in the page's language.
fn refusal(lang: Lang, error: &str, field: &str) -> &'static str {
    match (error, field) {
        ("slot_taken", _) => t!(lang, AppointmentText::Taken),
        ("validation", "start" | "type") => t!(lang, AppointmentText::ErrStart),
        ("validation", "name") => t!(lang, AppointmentText::ErrName),
        ("validation", "email" | "phone") => t!(lang, AppointmentText::ErrContact),
        ("conflict", _) => t!(lang, AppointmentText::ErrChanged),
        _ => t!(lang, AppointmentText::ErrOther),
    }
}

#[component]
fn Refusal(lang: Lang) -> impl IntoView {
    let q = use_query_map().read_untracked().clone();
    q.get("error").map(|error| {
        let field = q.get("field").unwrap_or_default();
        view! { <p class="field-error" role="alert" data-refusal=error.clone()>{refusal(lang, &error, &field)}</p> }
    })
}

/// The days with room as links, and the chosen day's free times as choices of a form.
#[component]
fn DayAndTime(picker: Picker, href: String, lang: Lang) -> impl IntoView {
    let chosen = picker.day.clone().unwrap_or_default();
    let sep = if href.contains('?') { '&' } else { '?' };
    view! {
        {picker.days.is_empty().then(|| view! { <p class="notice">{t!(lang, AppointmentText::NoFreeDays)}</p> })}
        <h2>{t!(lang, AppointmentText::ChooseDay)}</h2>
        <nav class="days" aria-label=t!(lang, AppointmentText::ChooseDay)>
            {picker.days.into_iter().map(|d| {
                let current = d.day == chosen;
                view! {
                    <a href=format!("{href}{sep}day={}", d.day) class:current=current
                        aria-current=current.then_some("date") data-day=d.day.clone()>
                        {d.label}
                    </a>
                }
            }).collect_view()}
        </nav>
        {(!picker.times.is_empty()).then(|| view! {
            <fieldset class="times">
                <legend>{t!(lang, AppointmentText::ChooseTime)}</legend>
                {picker.times.into_iter().enumerate().map(|(i, t)| view! {
                    <label class="time">
                        <input type="radio" name="start" value=t.start.clone() required checked=i == 0/>
                        <span>{t.label}</span>
                    </label>
                }).collect_view()}
            </fieldset>
        })}
    }
}

/// `/appointments`: what for → day → time → who → booked.
#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("type"), q.get("day"))
        },
        |(type_code, day)| booking_page_data(type_code, day),
    );
    view! {
        <section class="appointments">
            <h1>{t!(lang, AppointmentText::Title)}</h1>
            <Refusal lang/>
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || data.get().and_then(Result::ok).map(|d| match d.chosen {
                    None => view! { <TypeList types=d.types lang/> }.into_any(),
                    Some(t) => view! { <BookingForm t picker=d.picker lang/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TypeList(types: Vec<TypeView>, lang: Lang) -> impl IntoView {
    let mut services: Vec<(String, Vec<TypeView>)> = Vec::new();
    for t in types {
        match services.last_mut() {
            Some((name, list)) if *name == t.service_name => list.push(t),
            _ => services.push((t.service_name.clone(), vec![t])),
        }
    }
    view! {
        <p class="lead">{t!(lang, AppointmentText::Intro)}</p>
        <h2>{t!(lang, AppointmentText::ChooseType)}</h2>
        {services.into_iter().map(|(service, list)| view! {
            <h3>{service}</h3>
            <ul class="choices">
                {list.into_iter().map(|t| view! {
                    <li><a href=format!("/appointments?type={}", t.code) data-type=t.code.clone()>
                        <strong>{t.name}</strong>
                        <span class="muted">" · " {fill(t!(lang, AppointmentText::Minutes), &[("n", &t.duration_minutes.to_string())])}</span>
                    </a></li>
                }).collect_view()}
            </ul>
        }).collect_view()}
    }
}

#[component]
fn BookingForm(t: TypeView, picker: Picker, lang: Lang) -> impl IntoView {
    let has_times = !picker.times.is_empty();
    let href = format!("/appointments?type={}", t.code);
    view! {
        <p><a href="/appointments">"← " {t!(lang, AppointmentText::ChooseType)}</a></p>
        <h2 class="chosen">{t.name.clone()} <small class="muted">" · " {t.service_name.clone()}</small></h2>
        <form method="post" action="/appointments/book" class="booking" data-booking-form>
            <input type="hidden" name="type" value=t.code.clone()/>
            <input type="hidden" name="day" value=picker.day.clone().unwrap_or_default()/>
            <DayAndTime picker href lang/>
            {has_times.then(|| view! {
                <fieldset>
                    <legend>{t!(lang, AppointmentText::YourDetails)}</legend>
                    <label class="field"><span>{t!(lang, AppointmentText::Name)}</span>
                        <input type="text" name="name" maxlength="120" required autocomplete="name"/></label>
                    <label class="field"><span>{t!(lang, AppointmentText::Email)}</span>
                        <input type="email" name="email" maxlength="254" autocomplete="email" inputmode="email"/></label>
                    <label class="field"><span>{t!(lang, AppointmentText::Phone)}</span>
                        <input type="tel" name="phone" maxlength="32" autocomplete="tel"/></label>
                    <p class="muted">{t!(lang, AppointmentText::EmailOrPhone)}</p>
                    <p class="muted">{t!(lang, AppointmentText::Privacy)}</p>
                </fieldset>
                <button type="submit" class="primary">{t!(lang, AppointmentText::Confirm)}</button>
            })}
        </form>
    }
}

/// `/appointments/manage/:token`: the booking, and cancelling or moving it.
#[component]
pub fn ManageBookingPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(
        move || (token(), query.read().get("day")),
        |(token, day)| managed_booking(token, day),
    );
    view! {
        <section class="appointments manage">
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || data.get().map(|b| match b {
                    Ok(b) => view! { <ManagedView b token=token() lang/> }.into_any(),
                    Err(_) => view! { <crate::ui::NotFound lang/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ManagedView(b: BookingOnPage, token: String, lang: Lang) -> impl IntoView {
    let q = use_query_map().read_untracked().clone();
    let booked = q.get("booked").is_some() && b.status == AppointmentStatus::Booked;
    let saved = q.get("saved").is_some();
    let state = match b.status {
        AppointmentStatus::Cancelled => Some(t!(lang, AppointmentText::IsCancelled)),
        AppointmentStatus::Moved => Some(t!(lang, AppointmentText::IsMoved)),
        AppointmentStatus::Booked if !b.changeable => Some(t!(lang, AppointmentText::IsPast)),
        AppointmentStatus::Arrived | AppointmentStatus::NoShow => {
            Some(t!(lang, AppointmentText::IsPast))
        }
        AppointmentStatus::Booked => None,
    };
    let base = format!("/appointments/manage/{token}");
    view! {
        <h1>{if booked { t!(lang, AppointmentText::Booked) } else { t!(lang, AppointmentText::YourAppointment) }}</h1>
        <Refusal lang/>
        {(saved && b.status == AppointmentStatus::Cancelled).then(|| view! { <p class="notice" role="status">{t!(lang, AppointmentText::IsCancelled)}</p> })}
        <dl class="booking-summary" data-status=b.status.as_str()>
            <dt>{t!(lang, AppointmentText::Reference)}</dt><dd><strong data-appointment-ref>{b.reference.clone()}</strong></dd>
            <dt>{t!(lang, AppointmentText::What)}</dt><dd>{b.what.clone()}</dd>
            <dt>{t!(lang, AppointmentText::Where)}</dt><dd>{b.service.clone()}</dd>
            <dt>{t!(lang, AppointmentText::When)}</dt><dd data-when>{b.when.clone()}</dd>
        </dl>
        {(!saved).then(|| state.map(|s| view! { <p class="notice">{s}</p> }))}
        {booked.then(|| view! { <p class="muted">{t!(lang, AppointmentText::KeepLink)}</p> })}
        {b.changeable.then(|| view! {
            <form method="post" action=format!("{base}/cancel") class="cancel">
                <button type="submit" class="danger" data-cancel>{t!(lang, AppointmentText::Cancel)}</button>
            </form>
            <details class="move">
                <summary>{t!(lang, AppointmentText::Move)}</summary>
                <form method="post" action=format!("{base}/move")>
                    <DayAndTime picker=b.picker.clone() href=base.clone() lang/>
                    <button type="submit">{t!(lang, AppointmentText::Move)}</button>
                </form>
            </details>
        })}
        {(!b.changeable).then(|| view! { <p><a href="/appointments">{t!(lang, AppointmentText::NewBooking)}</a></p> })}
    }
}

#[server]
pub async fn desk_data(
    service: Option<String>,
    day: Option<String>,
) -> Result<(Vec<(String, String)>, String, String, Vec<DeskRow>), AppError> {
    let user = crate::auth::require_user().await?;
    user.require(crate::staff::Action::Appointments)?;
    let ctx = crate::context::ctx()?;
    let lang = current_lang();
    let services: Vec<(String, String)> = ctx
        .store
        .services()
        .await?
        .into_iter()
        .map(|s| (s.code.clone(), s.names.get(lang).to_owned()))
        .collect();
    let service = service
        .filter(|s| services.iter().any(|(code, _)| code == s))
        .or_else(|| services.first().map(|(c, _)| c.clone()))
        .unwrap_or_default();
    let day = day
        .and_then(|d| crate::time::parse_day("day", &d).ok())
        .unwrap_or_else(|| crate::time::brussels_date(chrono::Utc::now()));
    let rows = super::service::desk_day(&ctx, &user, &service, day, lang).await?;
    Ok((services, service, day.to_string(), rows))
}

/// `/desk`: a service's appointments of the day, printable, with arrived / no-show.
#[component]
pub fn DeskPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("service"), q.get("day"))
        },
        |(service, day)| desk_data(service, day),
    );
    staff_page(lang, move |_user| {
        view! {
            <section class="desk">
                <h1>{t!(lang, AppointmentText::Desk)}</h1>
                <crate::ui::staff::FormOutcome lang/>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || data.get().map(|d| match d {
                        Ok((services, service, day, rows)) => view! { <DeskList services service day rows lang/> }.into_any(),
                        Err(_) => view! { <p class="field-error">{t!(lang, AppointmentText::ErrOther)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

#[component]
fn DeskList(
    services: Vec<(String, String)>,
    service: String,
    day: String,
    rows: Vec<DeskRow>,
    lang: Lang,
) -> impl IntoView {
    let back = format!("/desk?service={service}&day={day}");
    view! {
        <form method="get" action="/desk" class="filters no-print">
            <label><span>{t!(lang, AppointmentText::Service)}</span>
                <select name="service">
                    {services.into_iter().map(|(code, name)| {
                        let selected = code == service;
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select></label>
            <label><span>{t!(lang, AppointmentText::Day)}</span>
                <DayInput lang name="day" value=day.clone()/></label>
            <button type="submit">{t!(lang, AppointmentText::Show)}</button>
        </form>
        {rows.is_empty().then(|| view! { <p class="muted">{t!(lang, AppointmentText::NoAppointments)}</p> })}
        {(!rows.is_empty()).then(|| view! {
            <table class="desk-list">
                <thead><tr>
                    <th>{t!(lang, AppointmentText::Time)}</th>
                    <th>{t!(lang, AppointmentText::What)}</th>
                    <th>{t!(lang, AppointmentText::Who)}</th>
                    <th>{t!(lang, AppointmentText::Status)}</th>
                    <th class="no-print"></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let open = r.status.holds_place();
                        let mark = |status: AppointmentStatus, label: &'static str| view! {
                            <form method="post" action="/desk/attendance" class="inline">
                                <input type="hidden" name="reference" value=r.reference.clone()/>
                                <input type="hidden" name="status" value=status.as_str()/>
                                <input type="hidden" name="back" value=back.clone()/>
                                <button type="submit">{label}</button>
                            </form>
                        };
                        view! {
                            <tr data-appointment=r.reference.clone() data-status=r.status.as_str()>
                                <td>{r.time.clone()}</td>
                                <td>{r.what.clone()} <small class="muted">" " {r.reference.clone()}</small></td>
                                <td>{r.name.clone()} <small class="muted">" " {r.phone.clone()} " " {r.email.clone()}</small></td>
                                <td>{r.status.label(lang)}</td>
                                <td class="no-print">
                                    {(open && r.status == AppointmentStatus::Booked).then(|| view! {
                                        {mark(AppointmentStatus::Arrived, t!(lang, AppointmentText::MarkArrived))}
                                        {mark(AppointmentStatus::NoShow, t!(lang, AppointmentText::MarkNoShow))}
                                    })}
                                    {(r.status == AppointmentStatus::Arrived || r.status == AppointmentStatus::NoShow)
                                        .then(|| mark(AppointmentStatus::Booked, t!(lang, AppointmentText::Undo)))}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="secondary no-print" data-print="">{t!(lang, AppointmentText::Print)}</button>
        })}
    }
}
