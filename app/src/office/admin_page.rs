//! The admin page: users (role, departments, active), new users, categories, departments,
//! teams, partners and the outbox. Its forms post to `/admin/...` (see `server::web`), which
//! call `office::admin`, the same checks as the command line.

use super::api::Options;
use crate::error::AppError;
use crate::i18n::Lang;
#[cfg(feature = "ssr")]
use crate::staff::Action;
use crate::staff::{Role, StaffUser};
use crate::ui::current_lang;
use crate::ui::staff::{staff_page, FormOutcome};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the admin page lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminOverview {
    pub users: Vec<(StaffUser, bool)>,
    pub options: Options,
    pub outbox_waiting: i64,
    pub outbox_sent: i64,
}

#[server]
pub async fn load_admin() -> Result<AdminOverview, AppError> {
    let user = crate::auth::require_user().await?;
    user.require(Action::Manage)?;
    let ctx = crate::context::ctx()?;
    let (outbox_waiting, outbox_sent) = ctx.store.outbox_counts().await?;
    Ok(AdminOverview {
        users: ctx
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.user, u.active))
            .collect(),
        options: Options {
            departments: ctx.store.departments().await?,
            categories: ctx.store.categories(true).await?,
            teams: ctx.store.teams().await?,
            partners: ctx.store.partners().await?,
        },
        outbox_waiting,
        outbox_sent,
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
                view! { <label class="inline"><input type="checkbox" name="department" value=dep.code.clone() checked=checked/> {dep.code.clone()}</label> }
            })
            .collect_view()
    };
    let role_select = |current: Role| {
        view! {
            <select name="role" aria-label=lang.pick("Rol", "Rôle", "Role")>
                {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == current>{r.label(lang)}</option> }).collect_view()}
            </select>
        }
    };
    let dept_select = {
        let departments = d.options.departments.clone();
        move |current: &str| {
            let current = current.to_owned();
            view! {
                <select name="department">
                    {departments.iter().map(|dep| view! { <option value=dep.code.clone() selected=dep.code == current>{dep.name(lang).to_owned()}</option> }).collect_view()}
                </select>
            }
        }
    };
    view! {
        <section class="admin">
            <h1>{lang.pick("Beheer", "Administration", "Administration")}</h1>
            <FormOutcome lang/>
            <p class="muted">{format!("{}: {} {} · {} {}", lang.pick("E-mail", "E-mail", "E-mail"), d.outbox_waiting, lang.pick("wachtend", "en attente", "waiting"), d.outbox_sent, lang.pick("verstuurd", "envoyés", "sent"))}</p>
            <h2>{lang.pick("Gebruikers", "Utilisateurs", "Users")}</h2>
            <table class="admin-table">
                <tbody>
                    {d.users.into_iter().map(|(u, active)| view! {
                        <tr><td>{u.display_name.clone()} <br/><small>{u.email.clone()}</small></td><td>
                            <form method="post" action="/admin/user" class="inline-form">
                                <input type="hidden" name="email" value=u.email.clone()/>
                                {role_select(u.role)}
                                {dept_checks(u.departments.clone())}
                                <label class="inline"><input type="checkbox" name="active" value="1" checked=active/> {lang.pick("actief", "actif", "active")}</label>
                                <button type="submit" class="secondary">{lang.t("crew.save")}</button>
                            </form>
                        </td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <form method="post" action="/admin/user/new" class="inline-form">
                <strong>{lang.pick("Nieuwe gebruiker", "Nouvel utilisateur", "New user")}</strong>
                <input type="email" name="email" required placeholder="e-mail"/>
                <input type="text" name="name" required placeholder=lang.pick("Naam", "Nom", "Name")/>
                <input type="password" name="password" required minlength="10" placeholder=lang.t("crew.password") autocomplete="new-password"/>
                {role_select(Role::Agent)}
                {dept_checks(vec![])}
                <button type="submit" class="secondary">{lang.pick("Toevoegen", "Ajouter", "Add")}</button>
            </form>
            <h2>{lang.pick("Categorieën", "Catégories", "Categories")}</h2>
            <table class="admin-table"><tbody>
                {d.options.categories.into_iter().map(|c| view! {
                    <tr><td>
                        <form method="post" action="/admin/category" class="inline-form">
                            <input type="hidden" name="code" value=c.code.clone()/>
                            <input type="text" name="icon" value=c.icon.clone() size="2" aria-label="icon"/>
                            <input type="text" name="name_nl" value=c.name_nl.clone() aria-label="nl"/>
                            <input type="text" name="name_fr" value=c.name_fr.clone() aria-label="fr"/>
                            <input type="text" name="name_en" value=c.name_en.clone() aria-label="en"/>
                            {dept_select(&c.department)}
                            <input type="number" name="target_days" value=c.target_days.to_string() min="1" max="365" aria-label=lang.pick("Termijn (dagen)", "Délai (jours)", "Target days")/>
                            <label class="inline"><input type="checkbox" name="active" value="1" checked=c.active/> {lang.pick("actief", "actif", "active")}</label>
                            <button type="submit" class="secondary">{lang.t("crew.save")}</button>
                        </form>
                    </td></tr>
                }).collect_view()}
            </tbody></table>
            <h2>{lang.pick("Diensten", "Services", "Departments")}</h2>
            <ul>{d.options.departments.iter().map(|x| view! { <li>{format!("{} — {} / {} / {}", x.code, x.name_nl, x.name_fr, x.name_en)}</li> }).collect_view()}</ul>
            <form method="post" action="/admin/department" class="inline-form">
                <input type="text" name="code" required placeholder="code"/>
                <input type="text" name="name_nl" required placeholder="nl"/>
                <input type="text" name="name_fr" required placeholder="fr"/>
                <input type="text" name="name_en" required placeholder="en"/>
                <button type="submit" class="secondary">{lang.pick("Dienst bewaren", "Enregistrer", "Save department")}</button>
            </form>
            <h2>{lang.pick("Ploegen", "Équipes", "Teams")}</h2>
            <ul>{d.options.teams.iter().map(|t| view! { <li>{format!("{} ({})", t.name, t.department)}</li> }).collect_view()}</ul>
            <form method="post" action="/admin/team" class="inline-form">
                <input type="text" name="name" required placeholder=lang.pick("Naam", "Nom", "Name")/>
                {dept_select("")}
                <input type="text" name="members" placeholder=lang.pick("Leden (e-mails, komma's)", "Membres (e-mails)", "Members (e-mails, commas)")/>
                <button type="submit" class="secondary">{lang.pick("Ploeg toevoegen", "Ajouter", "Add team")}</button>
            </form>
            <h2>{lang.pick("Externe partners", "Partenaires externes", "External partners")}</h2>
            <ul>{d.options.partners.iter().map(|p| view! { <li>{format!("{} <{}>", p.name, p.email)}</li> }).collect_view()}</ul>
            <form method="post" action="/admin/partner" class="inline-form">
                <input type="text" name="name" required placeholder=lang.pick("Naam", "Nom", "Name")/>
                <input type="email" name="email" required placeholder="e-mail"/>
                <button type="submit" class="secondary">{lang.pick("Partner toevoegen", "Ajouter", "Add partner")}</button>
            </form>
        </section>
    }
}
