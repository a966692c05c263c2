//! The pages of "Mijn meldingen" (`crate::report::mine`): `/mijn-meldingen` asks for an
//! address, or shows the list while a view is open; `/mijn-meldingen/:token`, where the mailed
//! link leads, has the one button that opens it. The forms post to server/src/mine.rs.

use crate::i18n::Lang;
use crate::report::mine::MyReports;
use crate::report::texts::ReportText;
use crate::ui::{current_lang, NotFound, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The list of the view this browser has open, if any.
#[server]
pub async fn my_reports_list() -> Result<Option<MyReports>, crate::error::AppError> {
    let ctx = crate::context::ctx()?;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Ok(None);
    };
    let name = crate::report::mine::view_cookie_name(ctx.config.secure_cookies);
    match crate::ui::cookie(&parts.headers, name) {
        Some(view) => crate::report::mine::list(&ctx, &view, current_lang()).await,
        None => Ok(None),
    }
}

/// `/mijn-meldingen`.
#[component]
pub fn MyReportsPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let list = Resource::new(|| (), |_| my_reports_list());
    view! {
        <article class="my-reports">
            <h1>{t!(lang, ReportText::MyReports)}</h1>
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || list.get().map(|l| match l {
                    Ok(Some(mine)) => view! { <MyReportsList mine lang/> }.into_any(),
                    Ok(None) | Err(_) => view! { <AskForLink lang/> }.into_any(),
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn AskForLink(lang: Lang) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let said = if q.get("sent").is_some() {
        Some(t!(lang, ReportText::MyReportsSent))
    } else if q.get("closed").is_some() {
        Some(t!(lang, ReportText::MyReportsClosed))
    } else {
        None
    };
    let refused = crate::ui::refusal(&q, lang);
    view! {
        {said.map(|t| view! { <p class="notice" role="status" data-mine-outcome>{t}</p> })}
        {refused.map(|t| view! { <p class="error" role="alert" data-mine-error>{t}</p> })}
        <p>{t!(lang, ReportText::MyReportsLead)}</p>
        <form method="post" action="/mijn-meldingen" class="follow-form" data-native="">
            <input type="hidden" name="lang" value=lang.code()/>
            <label class="field"><span>{t!(lang, ReportText::FollowEmail)}</span>
                <input type="email" name="email" required maxlength="254" autocomplete="email"/></label>
            <button type="submit">{t!(lang, ReportText::MyReportsSend)}</button>
        </form>
    }
}

#[component]
fn MyReportsList(mine: MyReports, lang: Lang) -> impl IntoView {
    let empty = mine.reports.is_empty();
    view! {
        <p>{t!(lang, ReportText::MyReportsOf)} " " <strong data-mine-email>{mine.email.clone()}</strong></p>
        {empty.then(|| view! { <p class="notice" role="status">{t!(lang, ReportText::MyReportsNone)}</p> })}
        <ul class="my-report-list">
            {mine.reports.into_iter().map(|r| view! {
                <li data-ref=r.reference.clone()>
                    <p class="my-report-head">
                        {if r.public {
                            view! { <a href=format!("/r/{}", r.reference)><strong>{r.reference.clone()}</strong></a> }.into_any()
                        } else {
                            view! { <strong>{r.reference.clone()}</strong> }.into_any()
                        }}
                        " " <StatusBadge status=r.status lang/>
                    </p>
                    <p>{r.category.clone()} " · " {crate::time::brussels_date(r.created_at).format("%d/%m/%Y").to_string()}
                        " · " {if r.made { t!(lang, ReportText::MyReportsMade) } else { t!(lang, ReportText::MyReportsFollowed) }}</p>
                    {r.address.clone().map(|a| view! { <p class="muted">{a}</p> })}
                    {r.stop_url.clone().map(|u| view! {
                        <form method="post" action=u data-native="" class="inline">
                            <button type="submit" class="secondary">{t!(lang, ReportText::MyReportsStopMails)}</button>
                        </form>
                    })}
                </li>
            }).collect_view()}
        </ul>
        <form method="post" action="/mijn-meldingen/sluiten" data-native="">
            <button type="submit" class="secondary">{t!(lang, ReportText::MyReportsClose)}</button>
        </form>
    }
}

/// `/mijn-meldingen/:token`: the mailed link's page, with the button that opens the list
/// (opening the page uses nothing up).
#[component]
pub fn MyReportsLinkPage() -> impl IntoView {
    crate::ui::policy::private_page();
    let lang = current_lang();
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let Some(token) = crate::report::domain::link_token(&token).map(str::to_owned) else {
        return view! { <NotFound lang/> }.into_any();
    };
    view! {
        <article class="my-reports">
            <h1>{t!(lang, ReportText::MyReports)}</h1>
            <p>{t!(lang, ReportText::MyReportsOpenLead)}</p>
            <form method="post" action=format!("/mijn-meldingen/{token}") data-native="">
                <button type="submit" data-mine-open="">{t!(lang, ReportText::MyReportsOpen)}</button>
            </form>
        </article>
    }
    .into_any()
}
