//! The ContactCenter's part of the admin page: contact topics (two levels), services with
//! their weekly openings, booking horizon and closing days, and appointment types. Its forms
//! post to `/admin/topic`, `/admin/service`, `/admin/appointment-type` and
//! `/admin/closing-day` (see `server::contactcenter`), which call the command line's checks.

use super::domain::Topic;
use super::texts::ContactText;
use crate::appointment::domain::{CityService, Opening};
use crate::error::AppError;
use crate::i18n::{Lang, Names};
use crate::office::texts::OfficeText;
use crate::ui::DayInput;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the ContactCenter's admin section lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactCenterSetup {
    pub topics: Vec<Topic>,
    pub services: Vec<CityService>,
}

#[server]
pub async fn contactcenter_setup() -> Result<ContactCenterSetup, AppError> {
    let user = crate::auth::require_user().await?;
    user.require(crate::staff::Action::Manage)?;
    let ctx = crate::context::ctx()?;
    Ok(ContactCenterSetup {
        topics: ctx.store.topics().await?,
        services: ctx.store.services().await?,
    })
}

/// Names in every language as inputs of a form (`name_nl`, `name_fr`, `name_en`).
fn name_inputs(names: Option<&Names>, required: bool) -> impl IntoView {
    Lang::ALL
        .map(|l| {
            let value = names.map(|n| n.get(l).to_owned()).unwrap_or_default();
            view! { <input type="text" name=Names::field(l) value=value required=required placeholder=l.code() aria-label=l.code() maxlength="80"/> }
        })
        .to_vec()
}

#[component]
pub fn ContactCenterAdmin(lang: Lang) -> impl IntoView {
    let data = Resource::new(|| (), |_| contactcenter_setup());
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(Result::ok).map(|d| view! { <SetupForms d lang/> })}
        </Suspense>
    }
}

#[component]
fn SetupForms(d: ContactCenterSetup, lang: Lang) -> impl IntoView {
    let save = t!(lang, OfficeText::CrewSave);
    let active = t!(lang, OfficeText::Active);
    let groups: Vec<Topic> = d
        .topics
        .iter()
        .filter(|t| t.group.is_none())
        .cloned()
        .collect();
    let group_select = move |current: Option<String>| {
        let groups = groups.clone();
        view! {
            <select name="group" aria-label=t!(lang, ContactText::TopicGroup)>
                <option value="">"—"</option>
                {groups.into_iter().map(|g| {
                    let chosen = current.as_deref() == Some(g.code.as_str());
                    view! { <option value=g.code.clone() selected=chosen>{g.names.get(lang).to_owned()}</option> }
                }).collect_view()}
            </select>
        }
    };
    let services = d.services.clone();
    view! {
        <section class="admin contactcenter-admin" data-contactcenter-admin>
            <h2>{t!(lang, ContactText::Topics)}</h2>
            <table class="admin-table"><tbody>
                {d.topics.iter().map(|t| view! {
                    <tr><td>
                        <form method="post" action="/admin/topic" class="inline-form">
                            <input type="hidden" name="code" value=t.code.clone()/>
                            <code>{t.code.clone()}</code>
                            {group_select(t.group.clone())}
                            {name_inputs(Some(&t.names), true)}
                            <label class="inline"><input type="checkbox" name="active" value="1" checked=t.active/> {active}</label>
                            <button type="submit" class="secondary">{save}</button>
                        </form>
                    </td></tr>
                }).collect_view()}
            </tbody></table>
            <form method="post" action="/admin/topic" class="inline-form">
                <input type="text" name="code" required placeholder="code" maxlength="40"/>
                {group_select(None)}
                {name_inputs(None, true)}
                <input type="hidden" name="active" value="1"/>
                <button type="submit" class="secondary">{t!(lang, OfficeText::Add)}</button>
            </form>

            <h2>{t!(lang, ContactText::Services)}</h2>
            <p class="muted">{t!(lang, ContactText::OpeningsHelp)}</p>
            {d.services.into_iter().map(|s| {
                let closed: Vec<String> = s.schedule.closed_on.iter().map(|d| d.format("%d/%m/%Y").to_string()).collect();
                view! {
                    <article class="service-admin" data-service=s.code.clone()>
                        <form method="post" action="/admin/service" class="inline-form">
                            <input type="hidden" name="code" value=s.code.clone()/>
                            <code>{s.code.clone()}</code>
                            {name_inputs(Some(&s.names), true)}
                            <input type="text" name="openings" size="40" value=Opening::list_text(&s.schedule.openings) aria-label=t!(lang, ContactText::Openings) required/>
                            <input type="number" name="horizon_days" min="1" max="366" value=s.schedule.horizon_days.to_string() aria-label=t!(lang, ContactText::Horizon)/>
                            <label class="inline"><input type="checkbox" name="active" value="1" checked=s.active/> {active}</label>
                            <button type="submit" class="secondary">{save}</button>
                        </form>
                        <p class="muted">{t!(lang, ContactText::ClosedOn)} " " {closed.join(", ")}</p>
                        <form method="post" action="/admin/closing-day" class="inline-form">
                            <input type="hidden" name="service" value=s.code.clone()/>
                            <DayInput lang name="day" required=true label=t!(lang, ContactText::ClosedOn)/>
                            <input type="text" name="label" maxlength="80" placeholder=t!(lang, ContactText::Why)/>
                            <button type="submit" class="secondary">{t!(lang, ContactText::CloseDay)}</button>
                        </form>
                        <ul>
                            {s.types.into_iter().map(|t| view! {
                                <li>
                                    <form method="post" action="/admin/appointment-type" class="inline-form">
                                        <input type="hidden" name="code" value=t.code.clone()/>
                                        <input type="hidden" name="service" value=t.service.clone()/>
                                        <code>{t.code.clone()}</code>
                                        {name_inputs(Some(&t.names), true)}
                                        <input type="number" name="minutes" min="5" max="480" value=t.shape.minutes.to_string() aria-label=t!(lang, ContactText::Minutes)/>
                                        <input type="number" name="places" min="1" max="50" value=t.shape.places.to_string() aria-label=t!(lang, ContactText::Places)/>
                                        <label class="inline"><input type="checkbox" name="active" value="1" checked=t.active/> {active}</label>
                                        <button type="submit" class="secondary">{save}</button>
                                    </form>
                                </li>
                            }).collect_view()}
                        </ul>
                    </article>
                }
            }).collect_view()}
            <form method="post" action="/admin/service" class="inline-form">
                <input type="text" name="code" required placeholder="code" maxlength="40"/>
                {name_inputs(None, true)}
                <input type="text" name="openings" size="40" required placeholder="mon-fri 09:00-12:00; mon,wed 13:30-16:00" aria-label=t!(lang, ContactText::Openings)/>
                <input type="number" name="horizon_days" min="1" max="366" value="30" aria-label=t!(lang, ContactText::Horizon)/>
                <input type="hidden" name="active" value="1"/>
                <button type="submit" class="secondary">{t!(lang, OfficeText::Add)}</button>
            </form>
            <h3>{t!(lang, ContactText::NewType)}</h3>
            <form method="post" action="/admin/appointment-type" class="inline-form">
                <input type="text" name="code" required placeholder="code" maxlength="40"/>
                <select name="service" aria-label=t!(lang, ContactText::Services)>
                    {services.into_iter().map(|s| view! { <option value=s.code.clone()>{s.names.get(lang).to_owned()}</option> }).collect_view()}
                </select>
                {name_inputs(None, true)}
                <input type="number" name="minutes" min="5" max="480" value="15" aria-label=t!(lang, ContactText::Minutes)/>
                <input type="number" name="places" min="1" max="50" value="1" aria-label=t!(lang, ContactText::Places)/>
                <input type="hidden" name="active" value="1"/>
                <button type="submit" class="secondary">{t!(lang, OfficeText::Add)}</button>
            </form>
        </section>
    }
}
