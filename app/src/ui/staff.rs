//! The staff layout shared by every back-office page: the sign-in form, the staff bar by
//! role, the page frame that asks for a sign-in, and the outcome of the last form post.

use crate::auth::signed_in_user;
use crate::contact::texts::ContactText;
use crate::i18n::Lang;
use crate::staff::{Action, Scope, StaffUser};
use crate::ui::current_lang;
use crate::ui::texts::UiText;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sign-in form (also shown in place of any staff page for someone not signed in).
#[component]
pub fn LoginForm(lang: Lang, action: &'static str) -> impl IntoView {
    let query = use_query_map();
    let failed = move || query.read().get("error").is_some();
    view! {
        <form class="login" method="post" action=action>
            <h1>{t!(lang, UiText::CrewLogin)}</h1>
            {failed().then(|| view! { <p class="field-error" role="alert">{t!(lang, UiText::CrewLoginFailed)}</p> })}
            <label class="field"><span>{t!(lang, UiText::CrewEmail)}</span>
                <input type="email" name="email" autocomplete="username" required autofocus/></label>
            <label class="field"><span>{t!(lang, UiText::CrewPassword)}</span>
                <input type="password" name="password" autocomplete="current-password" required/></label>
            <button type="submit" class="primary">{t!(lang, UiText::CrewLogin)}</button>
        </form>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <LoginForm lang=current_lang() action="/login"/> }
}

/// The staff navigation for a signed-in user, by role.
#[component]
pub fn StaffBar(user: StaffUser, lang: Lang) -> impl IntoView {
    let links: Vec<(&str, &str)> = [
        (Action::Intake, "/intake", t!(lang, UiText::NewReport)),
        (Action::Search, "/search", t!(lang, UiText::Search)),
        (Action::Triage, "/queue", t!(lang, UiText::Queue)),
        (Action::FieldWork, "/crew", t!(lang, UiText::WorkList)),
        (
            Action::HandleComplaints,
            "/complaints",
            t!(lang, UiText::Complaints),
        ),
        (
            Action::Contacts,
            "/contact",
            t!(lang, ContactText::TabContact),
        ),
        (
            Action::Handovers,
            "/handovers",
            t!(lang, ContactText::Handovers),
        ),
        (Action::Appointments, "/desk", t!(lang, ContactText::Desk)),
        (
            Action::ContactFigures,
            "/contactcenter",
            t!(lang, ContactText::Figures),
        ),
        (
            Action::EditKnowledge,
            "/knowledge",
            t!(lang, crate::knowledge::texts::KnowledgeText::Articles),
        ),
        (Action::Manage, "/admin", t!(lang, UiText::Admin)),
    ]
    .into_iter()
    .filter(|(a, _, _)| user.role.scope(*a) != Scope::Nothing)
    // A crew registers what it finds from its work list, not the agents' intake.
    .filter(|(a, _, _)| !(user.role.works_in_teams() && *a == Action::Intake))
    .map(|(_, href, label)| (href, label))
    // Agents register complaints received by phone or at the counter, without seeing them.
    .chain(
        (user.role.scope(Action::RegisterComplaint) != Scope::Nothing
            && user.role.scope(Action::HandleComplaints) == Scope::Nothing)
            .then(|| ("/complaints/new", t!(lang, UiText::RegisterAComplaint))),
    )
    .chain(
        (user.role.scope(Action::Plan) != Scope::Nothing)
            .then(|| ("/planner", t!(lang, UiText::MapFigures))),
    )
    .collect();
    view! {
        <nav class="staffbar" aria-label=t!(lang, UiText::BackOffice)>
            {links.into_iter().map(|(href, label)| view! { <a href=href>{label}</a> }).collect_view()}
            <span class="who" data-user=user.id.to_string()>{user.display_name.clone()} " · " {user.role.label(lang)}</span>
            <span class="sync-status" data-sync-status hidden aria-live="polite"></span>
            <form method="post" action="/logout">
                <button type="submit" class="secondary">{t!(lang, UiText::CrewLogout)}</button>
            </form>
        </nav>
    }
}

/// Renders `page` for a signed-in user, the sign-in form otherwise.
pub(crate) fn staff_page<F>(lang: Lang, page: F) -> impl IntoView
where
    F: Fn(StaffUser) -> AnyView + Send + Sync + Clone + 'static,
{
    super::policy::private_page();
    let me = Resource::new(|| (), |_| signed_in_user());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || {
                let page = page.clone();
                me.get().map(move |me| match me {
                    Ok(Some(user)) => view! {
                        <StaffBar user=user.clone() lang/>
                        {page(user)}
                    }.into_any(),
                    _ => view! { <LoginForm lang action="/login"/> }.into_any(),
                })
            }}
        </Suspense>
    }
}

/// The outcome of the last form post, from the query string.
#[component]
pub fn FormOutcome(lang: Lang) -> impl IntoView {
    let query = use_query_map();
    move || {
        let q = query.read();
        if q.get("saved").is_some() {
            Some(
                view! { <p class="notice" role="status">{t!(lang, UiText::CrewSaved)}</p> }
                    .into_any(),
            )
        } else {
            // `public/js/forms.js` moves this message next to the field it names, in the form
            // the person is still filling in.
            crate::ui::refusal(&q, lang).map(|text| {
                view! {
                    <p class="field-error" role="alert" data-error-field=q.get("field").unwrap_or_default()>
                        {text}
                    </p>
                }
                .into_any()
            })
        }
    }
}
