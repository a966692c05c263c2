//! The admin page: users (role, departments, active), new users, categories, departments,
//! teams, partners and the outbox. Its forms post to `/admin/...` (see `server::web`), which
//! call `office::admin`, the same checks as the command line.

use super::api::Options;
use crate::error::AppError;
use crate::i18n::{Lang, Names};
use crate::office::texts::OfficeText;
use crate::report::questions::QuestionKind;
#[cfg(feature = "ssr")]
use crate::staff::Action;
use crate::staff::{Role, StaffUser};
use crate::ui::current_lang;
use crate::ui::staff::{staff_page, FormOutcome};
use crate::ui::texts::UiText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the admin page lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminOverview {
    pub users: Vec<(StaffUser, bool)>,
    pub options: Options,
    pub outbox_waiting: i64,
    pub outbox_sent: i64,
    pub api_keys: Vec<ApiKeyView>,
    pub webhooks: Vec<super::links_page::WebhookView>,
    pub deliveries: super::links_page::DeliveryFigures,
}

/// A partner's or app's API key as the admin page lists it (never the key itself).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[server]
pub async fn load_admin() -> Result<AdminOverview, AppError> {
    let user = crate::auth::require_user().await?;
    user.require(Action::Manage)?;
    let ctx = crate::context::ctx()?;
    let outbox = ctx.store.outbox_counts(chrono::Utc::now()).await?;
    let (outbox_waiting, outbox_sent) = (outbox.waiting + outbox.parked, outbox.sent);
    Ok(AdminOverview {
        users: ctx
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.user, u.active))
            .collect(),
        options: crate::office::api::load_options(&ctx).await?,
        outbox_waiting,
        outbox_sent,
        api_keys: crate::office::admin::api_keys(&ctx, Some(&user))
            .await?
            .into_iter()
            .map(|k| ApiKeyView {
                name: k.name,
                created_at: k.created_at,
                last_used_at: k.last_used_at,
                revoked_at: k.revoked_at,
            })
            .collect(),
        webhooks: crate::office::links_admin::webhooks(&ctx, Some(&user))
            .await?
            .into_iter()
            .map(|w| super::links_page::WebhookView {
                name: w.name,
                url: w.url,
                created_at: w.created_at,
                revoked_at: w.revoked_at,
                health: w.health,
            })
            .collect(),
        deliveries: {
            let c = ctx.store.delivery_counts(chrono::Utc::now()).await?;
            super::links_page::DeliveryFigures {
                waiting: c.waiting,
                parked: c.parked,
            }
        },
    })
}

/// Administration: users, departments, categories, teams, partners, and the outbox.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = current_lang();
    let data = Resource::new(|| (), |_| load_admin());
    staff_page(lang, move |_user| {
        view! {
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || data.get().map(|d| match d {
                    Ok(d) => view! { <AdminView d lang/> }.into_any(),
                    Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        }
        .into_any()
    })
}

#[component]
fn AdminView(d: AdminOverview, lang: Lang) -> impl IntoView {
    let departments = d.options.departments.clone();
    let dept_checks = move |chosen: Vec<String>| {
        departments
            .iter()
            .map(|dep| {
                let checked = chosen.contains(&dep.code);
                view! { <label class="inline"><input type="checkbox" name="department" value=dep.code.clone() checked=checked/> {dep.name(lang).to_owned()}</label> }
            })
            .collect_view()
    };
    let role_select = |current: Role| {
        view! {
            <select name="role" aria-label=t!(lang, OfficeText::Role)>
                {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == current>{r.label(lang)}</option> }).collect_view()}
            </select>
        }
    };
    let dept_select = {
        let departments = d.options.departments.clone();
        move |current: &str, form: &str| {
            let current = current.to_owned();
            view! {
                <select name="department" form=(!form.is_empty()).then(|| form.to_owned()) aria-label=t!(lang, OfficeText::Department)>
                    {departments.iter().map(|dep| view! { <option value=dep.code.clone() selected=dep.code == current>{dep.name(lang).to_owned()}</option> }).collect_view()}
                </select>
            }
        }
    };
    let questions_options = d.options.clone();
    let replies_options = d.options.clone();
    view! {
        <section class="admin">
            <h1>{t!(lang, OfficeText::Administration)}</h1>
            <FormOutcome lang/>
            <p class="muted">{format!("{}: {} {} · {} {}", t!(lang, OfficeText::EMail), d.outbox_waiting, t!(lang, OfficeText::Waiting), d.outbox_sent, t!(lang, OfficeText::Sent))}</p>
            <h2>{t!(lang, OfficeText::Users)}</h2>
            <table class="admin-table">
                <tbody>
                    {d.users.into_iter().map(|(u, active)| view! {
                        <tr><td>{u.display_name.clone()} <br/><small>{u.email.clone()}</small></td><td>
                            <form method="post" action="/admin/user" class="inline-form">
                                <input type="hidden" name="email" value=u.email.clone()/>
                                {role_select(u.role)}
                                {dept_checks(u.departments.clone())}
                                <label class="inline"><input type="checkbox" name="active" value="1" checked=active/> {t!(lang, OfficeText::Active)}</label>
                                <button type="submit" class="secondary">{t!(lang, OfficeText::CrewSave)}</button>
                            </form>
                        </td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <form method="post" action="/admin/user/new" class="inline-form">
                <strong>{t!(lang, OfficeText::NewUser)}</strong>
                <input type="email" name="email" required placeholder="e-mail"/>
                <input type="text" name="name" required placeholder=t!(lang, OfficeText::Name)/>
                <input type="password" name="password" required minlength="10" placeholder=t!(lang, UiText::CrewPassword) autocomplete="new-password"/>
                {role_select(Role::Agent)}
                {dept_checks(vec![])}
                <button type="submit" class="secondary">{t!(lang, OfficeText::Add)}</button>
            </form>
            <h2>{t!(lang, OfficeText::Categories)}</h2>
            // One row per category; its cells belong to the row's form (`form=`), as a form may
            // not wrap a table row.
            <table class="admin-table">
                <thead><tr>
                    <th scope="col">{t!(lang, OfficeText::Icon)}</th>
                    {Lang::ALL.map(|l| view! { <th scope="col">{format!("{} ({})", t!(lang, OfficeText::Name), l.code())}</th> }).into_iter().collect::<Vec<_>>()}
                    <th scope="col">{t!(lang, OfficeText::Department)}</th>
                    <th scope="col">{t!(lang, OfficeText::TargetDays)}</th>
                    <th scope="col">{t!(lang, OfficeText::Active)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(lang, OfficeText::CrewSave)}</span></th>
                </tr></thead>
                <tbody>
                {d.options.categories.into_iter().map(|c| {
                    let form = format!("category-{}", c.code);
                    let shown = c.name(lang).to_owned();
                    view! {
                    <tr>
                        <td><input type="text" name="icon" form=form.clone() value=c.icon.clone() size="2"
                            aria-label=format!("{} {shown}", t!(lang, OfficeText::Icon))/></td>
                        {c.names.iter().map(|(l, name)| view! {
                            <td><input type="text" name=Names::field(l) form=form.clone() value=name.to_owned()
                                aria-label=format!("{} ({})", t!(lang, OfficeText::Name), l.code())/></td>
                        }).collect_view()}
                        <td>{dept_select(&c.department, &form)}</td>
                        <td><input type="number" name="target_days" form=form.clone() value=c.target_days.to_string() min="1" max="365" aria-label=t!(lang, OfficeText::TargetDays)/></td>
                        <td><input type="checkbox" name="active" form=form.clone() value="1" checked=c.active aria-label=t!(lang, OfficeText::Active)/></td>
                        <td><form method="post" action="/admin/category" id=form.clone()>
                            <input type="hidden" name="code" value=c.code.clone()/>
                            <button type="submit" class="secondary">{t!(lang, OfficeText::CrewSave)}</button>
                        </form></td>
                    </tr>
                }}).collect_view()}
            </tbody></table>
            <QuestionsAdmin options=questions_options lang/>
            <super::replies::RepliesAdmin replies=replies_options.replies categories=replies_options.categories lang/>
            <ApiKeysAdmin keys=d.api_keys.clone() lang/>
            <h2>{t!(lang, OfficeText::Departments)}</h2>
            <ul>{d.options.departments.iter().map(|x| view! { <li>{format!("{} — {}", x.code, x.names.iter().map(|(_, name)| name).collect::<Vec<_>>().join(" / "))}</li> }).collect_view()}</ul>
            <form method="post" action="/admin/department" class="inline-form">
                <input type="text" name="code" required placeholder="code"/>
                {Lang::ALL.map(|l| view! { <input type="text" name=Names::field(l) required placeholder=l.code()/> }).into_iter().collect::<Vec<_>>()}
                <button type="submit" class="secondary">{t!(lang, OfficeText::SaveDepartment)}</button>
            </form>
            <h2>{t!(lang, OfficeText::Teams)}</h2>
            <ul>{d.options.teams.iter().map(|t| view! { <li>{format!("{} ({})", t.name, t.department)}</li> }).collect_view()}</ul>
            <form method="post" action="/admin/team" class="inline-form">
                <input type="text" name="name" required placeholder=t!(lang, OfficeText::Name)/>
                {dept_select("", "")}
                <input type="text" name="members" placeholder=t!(lang, OfficeText::MembersEMails)/>
                <button type="submit" class="secondary">{t!(lang, OfficeText::AddTeam)}</button>
            </form>
            <super::links_page::PartnersAdmin partners=d.options.partners.clone() deliveries=d.deliveries lang/>
            <super::links_page::WebhooksAdmin webhooks=d.webhooks.clone() lang/>
        </section>
        <crate::contact::admin_page::ContactCenterAdmin lang/>
    }
}

/// Each category's questions with a remove button, and one form that adds or changes a
/// question (`/admin/question`, `/admin/question/remove`).
#[component]
fn QuestionsAdmin(options: Options, lang: Lang) -> impl IntoView {
    let categories = options.categories.clone();
    view! {
        <h2 id="questions">{t!(lang, OfficeText::CategoryQuestions)}</h2>
        <p class="muted">{t!(lang, OfficeText::QuestionsHelp)}</p>
        <table class="admin-table"><tbody>
            {options.categories.iter().filter_map(|c| {
                let list = options.questions.get(&c.code)?.clone();
                let code = c.code.clone();
                let shown = c.name(lang).to_owned();
                Some(list.into_iter().map(move |q| {
                    let choices: Vec<String> = q.choices.iter().map(|x| x.code.clone()).collect();
                    view! {
                        <tr>
                            <td>{shown.clone()}</td>
                            <td><code>{q.code.clone()}</code></td>
                            <td>{q.label(lang).to_owned()}</td>
                            <td>{q.kind.label(lang)} {(!choices.is_empty()).then(|| format!(" ({})", choices.join(", ")))}</td>
                            <td>{q.required.then(|| t!(lang, OfficeText::RequiredAnswer))} " " {q.internal.then(|| t!(lang, OfficeText::InternalOnly))}</td>
                            <td><form method="post" action="/admin/question/remove" class="inline-form">
                                <input type="hidden" name="category" value=code.clone()/>
                                <input type="hidden" name="code" value=q.code.clone()/>
                                <button type="submit" class="secondary">{t!(lang, OfficeText::RemoveQuestion)}</button>
                            </form></td>
                        </tr>
                    }
                }).collect_view())
            }).collect_view()}
        </tbody></table>
        <form method="post" action="/admin/question" class="stacked-form">
            <label class="field"><span>{t!(lang, OfficeText::Category)}</span>
                <select name="category">
                    {categories.iter().map(|c| view! { <option value=c.code.clone()>{c.name(lang).to_owned()}</option> }).collect_view()}
                </select></label>
            <label class="field"><span>"code"</span><input type="text" name="code" maxlength="40" pattern="[a-z0-9_-]{2,40}"/></label>
            <label class="field"><span>{t!(lang, OfficeText::AnswerKind)}</span>
                <select name="kind">
                    {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label(lang)}</option> }).collect_view()}
                </select></label>
            {Lang::ALL.map(|l| view! {
                <label class="field"><span>{format!("{} ({})", t!(lang, OfficeText::Name), l.code())}</span>
                    <input type="text" name=format!("label_{}", l.code()) maxlength="200"/></label>
            }).into_iter().collect::<Vec<_>>()}
            <label class="field"><span>{t!(lang, OfficeText::ChoicesHelp)}</span>
                <textarea name="choices" rows="4"></textarea></label>
            <label class="inline"><input type="checkbox" name="required" value="1"/> {t!(lang, OfficeText::RequiredAnswer)}</label>
            <label class="inline"><input type="checkbox" name="internal" value="1"/> {t!(lang, OfficeText::InternalOnly)}</label>
            <label class="field"><span>{t!(lang, OfficeText::PlaceInList)}</span>
                <input type="number" name="position" min="1" max="20"/></label>
            <button type="submit" class="secondary">{t!(lang, OfficeText::SaveQuestion)}</button>
        </form>
    }
}

/// Partners' and apps' API keys (Open311): when each was made and last used, revoking one,
/// and a new one (shown once by `/admin/api-key`).
#[component]
fn ApiKeysAdmin(keys: Vec<ApiKeyView>, lang: Lang) -> impl IntoView {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(crate::time::format_datetime)
            .unwrap_or_else(|| "—".to_owned())
    };
    view! {
        <h2 id="api-keys">{t!(lang, OfficeText::ApiKeys)}</h2>
        <p class="muted">{t!(lang, OfficeText::ApiKeysHelp)}</p>
        <table class="admin-table">
            <thead><tr><th>{t!(lang, OfficeText::Name)}</th><th>{t!(lang, OfficeText::KeyMade)}</th><th>{t!(lang, OfficeText::KeyLastUsed)}</th><th></th></tr></thead>
            <tbody>
                {keys.into_iter().map(|k| view! {
                    <tr>
                        <td>{k.name.clone()}</td>
                        <td>{crate::time::format_datetime(k.created_at)}</td>
                        <td>{when(k.last_used_at)}</td>
                        <td>{match k.revoked_at {
                            Some(at) => view! { <span class="muted">{t!(lang, OfficeText::KeyRevoked)} " " {crate::time::format_datetime(at)}</span> }.into_any(),
                            None => view! {
                                <form method="post" action="/admin/api-key/revoke" class="inline-form">
                                    <input type="hidden" name="name" value=k.name.clone()/>
                                    <button type="submit" class="secondary">{t!(lang, OfficeText::RevokeKey)}</button>
                                </form>
                            }.into_any(),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <form method="post" action="/admin/api-key" class="inline-form">
            <input type="text" name="name" maxlength="80" placeholder=t!(lang, OfficeText::Name) aria-label=t!(lang, OfficeText::Name)/>
            <button type="submit" class="secondary">{t!(lang, OfficeText::NewKey)}</button>
        </form>
    }
}
