//! Complaint pages: the citizen's complaint form (mobile first) and its confirmation, the
//! registration form for complaints received by phone, letter, e-mail or at the counter, the
//! officers' list with deadline warnings, one complaint with every handling step, and the
//! printable yearly complaints report. Rendered on the server; forms post to plain routes.

use super::domain::{
    ComplaintAction, ComplaintChannel, ComplaintFilter, ComplaintStatus, ComplaintSummary,
    ComplaintView, DeadlineState, InadmissibleReason, OmbudsNorm, Verdict,
};
use super::figures::ComplaintYearReport;
use crate::complaint::texts::ComplaintText;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::staff::Action;
use crate::time::format_datetime;
use crate::ui::charts::BarChart;
use crate::ui::staff::{staff_page, FormOutcome};
use crate::ui::texts::UiText;
use crate::ui::{current_lang, DayInput};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the complaint forms offer: departments to name, categories to convert into, and a
/// fresh one-time key for the form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComplaintFormData {
    pub departments: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
    pub form_key: String,
    pub today: NaiveDate,
}

#[server]
pub async fn complaint_form_options() -> Result<ComplaintFormData, AppError> {
    let ctx = crate::context::ctx()?;
    let lang = current_lang();
    Ok(ComplaintFormData {
        departments: ctx
            .store
            .departments()
            .await?
            .into_iter()
            .filter(|d| d.active)
            .map(|d| (d.code.clone(), d.name(lang).to_owned()))
            .collect(),
        categories: ctx
            .store
            .categories(false)
            .await?
            .into_iter()
            .map(|c| (c.code.clone(), c.name(lang).to_owned()))
            .collect(),
        form_key: crate::service::random_token(),
        today: super::service::today(),
    })
}

#[server]
pub async fn complaint_list_data(
    filter: ComplaintFilter,
) -> Result<(Vec<ComplaintSummary>, NaiveDate), AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    Ok((
        super::service::list(&ctx, &user, &filter, current_lang()).await?,
        super::service::today(),
    ))
}

#[server]
pub async fn complaint_data(reference: String) -> Result<ComplaintView, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    super::service::complaint_view(&ctx, &user, &reference, current_lang()).await
}

#[server]
pub async fn complaint_year_data(year: i32) -> Result<ComplaintYearReport, AppError> {
    let user = crate::auth::require_user().await?;
    let ctx = crate::context::ctx()?;
    super::service::yearly_report(&ctx, &user, year, current_lang()).await
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A deadline with its state: met, days left, a warning when close, or days overdue.
#[component]
pub fn DeadlineBadge(due: NaiveDate, state: DeadlineState, lang: Lang) -> impl IntoView {
    view! {
        <span class=format!("deadline {}", state.class()) data-deadline=state.class()>
            <span class="due">{day(due)}</span> " "
            <span class="state">{state.text(lang)} {state.is_overdue().then_some("⚠")}</span>
        </span>
    }
}

#[component]
fn ComplaintStatusBadge(status: ComplaintStatus, lang: Lang) -> impl IntoView {
    view! { <span class="badge complaint-status" data-status=status.as_str()>{status.label(lang)}</span> }
}

/// The fields a complainant fills in, shared by the citizen's form and the registration form.
#[component]
fn ComplaintFields(o: ComplaintFormData, lang: Lang, report: String) -> impl IntoView {
    view! {
        <label class="field"><span>{t!(lang, ComplaintText::WhatHappened)}</span>
            <textarea name="description" rows="6" minlength="10" maxlength="6000" required
                placeholder=t!(lang, ComplaintText::DescribeWhatWent)></textarea></label>
        <label class="field"><span>{t!(lang, ComplaintText::When)}</span>
            <DayInput lang name="happened_on"/></label>
        <label class="field"><span>{t!(lang, ComplaintText::WhichDepartment)}</span>
            <select name="department">
                <option value="">{t!(lang, ComplaintText::IDonT)}</option>
                {o.departments.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
            </select></label>
        <label class="field"><span>{t!(lang, ComplaintText::WhichEmployeeOptional)}</span>
            <input type="text" name="employee" maxlength="120"/></label>
        <label class="field"><span>{t!(lang, ComplaintText::WhatDoYou)}</span>
            <textarea name="expectation" rows="3" maxlength="6000"></textarea></label>
        <label class="field"><span>{t!(lang, ComplaintText::AboutOneOf)}</span>
            <input type="text" name="report" value=report placeholder="M-2026-000123" maxlength="16" pattern="[Mm]-[0-9]{4}-[0-9]{6}"/></label>
        <fieldset>
            <legend>{t!(lang, ComplaintText::YourDetailsFor)}</legend>
            <p class="muted">{t!(lang, ComplaintText::OnlyTheComplaints)}</p>
            <label class="field"><span>{t!(lang, ComplaintText::Name)}</span>
                <input type="text" name="name" maxlength="120" required autocomplete="name"/></label>
            <label class="field"><span>"E-mail"</span>
                <input type="email" name="email" maxlength="254" autocomplete="email"/></label>
            <label class="field"><span>{t!(lang, ComplaintText::Phone)}</span>
                <input type="tel" name="phone" maxlength="32" autocomplete="tel"/></label>
            <label class="field"><span>{t!(lang, ComplaintText::PostalAddressIf)}</span>
                <input type="text" name="address" maxlength="200" autocomplete="street-address"/></label>
        </fieldset>
        <label class="field"><span>{t!(lang, ComplaintText::AttachmentsPhotosOr)}</span>
            <input type="file" name="attachment" multiple accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"/></label>
    }
}

/// A citizen files a complaint. `?report=M-…` prefills the report it is about.
#[component]
pub fn ComplaintFormPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let report = query.read_untracked().get("report").unwrap_or_default();
    let options = Resource::new(|| (), |_| complaint_form_options());
    view! {
        <section class="complaint-form">
            <h1>{t!(lang, ComplaintText::FileAComplaint)}</h1>
            <p class="lead">{t!(lang, ComplaintText::NotSatisfiedWith)}</p>
            <p class="muted">{t!(lang, ComplaintText::ReportingAProblem)} " "
                <a href="/">{t!(lang, ComplaintText::MakeAReport)}</a></p>
            <FormOutcome lang/>
            <p class="field-error" role="alert" data-form-error hidden></p>
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || options.get().and_then(Result::ok).map(|o| {
                    let key = o.form_key.clone();
                    view! {
                        <form method="post" action="/complaint" enctype="multipart/form-data" class="complaint" data-complaint-form>
                            <input type="hidden" name="form_key" value=key/>
                            <ComplaintFields o lang report=report.clone()/>
                            <button type="submit" class="primary">{t!(lang, ComplaintText::SendComplaint)}</button>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Shown after a complaint was filed: its reference and the two deadlines.
#[component]
pub fn ComplaintSentPage() -> impl IntoView {
    let lang = current_lang();
    let q = use_query_map().read_untracked().clone();
    let reference = q.get("ref").unwrap_or_default();
    let valid = super::domain::ComplaintRef::parse(&reference).is_ok();
    let ack = q.get("ack").unwrap_or_default();
    let answer = q.get("answer").unwrap_or_default();
    view! {
        <section class="complaint-sent">
            {if valid {
                view! {
                    <h1>{t!(lang, ComplaintText::YourComplaintWas)}</h1>
                    <p class="notice" role="status">{t!(lang, ComplaintText::Reference)} " " <strong data-complaint-ref>{reference}</strong></p>
                    <p>{t!(lang, ComplaintText::AcknowledgementBy)} " " {ack}
                       ". " {t!(lang, ComplaintText::AnswerBy)} " " {answer} "."</p>
                    <p class="muted">{t!(lang, ComplaintText::KeepTheReference)}</p>
                }.into_any()
            } else {
                view! { <p class="notice">{t!(lang, UiText::ReportNotfound)}</p> }.into_any()
            }}
        </section>
    }
}

/// Agents (and officers) register a complaint received by phone, letter, e-mail or at the
/// counter, with the day it was received.
#[component]
pub fn ComplaintRegisterPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| complaint_form_options());
    staff_page(lang, move |user| {
        let created = query.read_untracked().get("created");
        let may = user.role.scope(Action::RegisterComplaint) != crate::staff::Scope::Nothing;
        let agent = user.role.scope(Action::Contacts) != crate::staff::Scope::Nothing;
        view! {
            {agent.then(|| view! { <crate::contact::pages::ContactTabs lang current="/complaints/new"/> })}
            <section class="complaint-register">
                <h1>{t!(lang, ComplaintText::RegisterAComplaint)}</h1>
                {created.map(|r| view! { <p class="notice" role="status">{t!(lang, ComplaintText::ComplaintRegistered)} " " <strong data-complaint-ref>{r.clone()}</strong>
                    {agent.then(|| view! { " · " <a href=format!("/contact?reference={r}&outcome=complaint_registered")>{t!(lang, crate::contact::texts::ContactText::BackToContact)}</a> })}</p> })}
                <FormOutcome lang/>
                {(!may).then(|| view! { <p class="field-error">{t!(lang, ComplaintText::YouMayNot)}</p> })}
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || options.get().and_then(Result::ok).filter(|_| may).map(|o| {
                        let today = crate::time::day_text(o.today);
                        view! {
                            <form method="post" action="/complaints/new" enctype="multipart/form-data" class="complaint">
                                <fieldset class="channels">
                                    <legend>{t!(lang, ComplaintText::ReceivedBy)}</legend>
                                    {ComplaintChannel::ALL.iter().filter(|c| **c != ComplaintChannel::Web).enumerate().map(|(i, c)| view! {
                                        <label><input type="radio" name="channel" value=c.as_str() checked=i == 0/> {c.label(lang)}</label>
                                    }).collect_view()}
                                </fieldset>
                                <label class="field"><span>{t!(lang, ComplaintText::DayReceivedThe)}</span>
                                    <DayInput lang name="received_on" value=today.clone() required=true/></label>
                                <label class="field"><span>{t!(lang, ComplaintText::ComplainantSLanguage)}</span>
                                    <select name="lang">
                                        {Lang::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.code().to_uppercase()}</option> }).collect_view()}
                                    </select></label>
                                <ComplaintFields o lang report=String::new()/>
                                <button type="submit" class="primary">{t!(lang, ComplaintText::Register)}</button>
                            </form>
                        }
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

/// Which complaints the officers' list shows (from the query string).
fn list_filter() -> ComplaintFilter {
    let q = use_query_map();
    let q = q.read();
    ComplaintFilter {
        show: q.get("show").filter(|s| !s.is_empty()),
        year: q.get("year").and_then(|y| y.parse().ok()),
        q: q.get("q").filter(|s| !s.is_empty()),
    }
}

/// The complaints officers' list: open complaints, the most urgent deadline first, with
/// warnings before deadlines pass and overdue ones flagged.
#[component]
pub fn ComplaintListPage() -> impl IntoView {
    let lang = current_lang();
    let data = Resource::new(list_filter, complaint_list_data);
    staff_page(lang, move |_user| {
        let f = list_filter();
        let show = f.show.clone().unwrap_or_else(|| "open".into());
        view! {
            <section class="complaints">
                <div class="planner-head">
                    <h1>{t!(lang, ComplaintText::Complaints)}</h1>
                    <span class="planner-links">
                        <a href="/complaints/new">{t!(lang, ComplaintText::RegisterAComplaint)}</a>
                        <a href="/complaints/report">{t!(lang, ComplaintText::YearlyComplaintsReport)}</a>
                    </span>
                </div>
                <form method="get" action="/complaints" class="filters">
                    <label>{t!(lang, ComplaintText::Show)}
                        <select name="show">
                            {[("open", t!(lang, ComplaintText::Open)), ("overdue", t!(lang, ComplaintText::Overdue)), ("all", t!(lang, ComplaintText::All))]
                                .into_iter()
                                .map(|(v, l)| view! { <option value=v selected=show == v>{l}</option> })
                                .collect_view()}
                        </select></label>
                    <label class="grow">{t!(lang, ComplaintText::ReferenceNameE)}
                        <input type="search" name="q" value=f.q.clone().unwrap_or_default()/></label>
                    <label>{t!(lang, ComplaintText::YearReceived)}
                        <input type="number" name="year" min="2000" max="2100" value=f.year.map(|y| y.to_string()).unwrap_or_default()/></label>
                    <button type="submit" class="secondary">{t!(lang, ComplaintText::Show)}</button>
                </form>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || data.get().map(|d| match d {
                        Ok((rows, today)) => view! { <ComplaintTable rows today lang/> }.into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

#[component]
fn ComplaintTable(rows: Vec<ComplaintSummary>, today: NaiveDate, lang: Lang) -> impl IntoView {
    let overdue = rows
        .iter()
        .filter(|r| r.urgency(today).is_overdue())
        .count();
    let soon = rows
        .iter()
        .filter(|r| matches!(r.urgency(today), DeadlineState::Soon(_)))
        .count();
    view! {
        <p class="muted" data-complaint-counts>
            {format!("{} {}", rows.len(), t!(lang, ComplaintText::CountComplaints))}
            {(overdue > 0).then(|| view! { " · " <strong class="late" data-overdue-count=overdue>{format!("{overdue} {}", t!(lang, ComplaintText::CountOverdue))}</strong> })}
            {(soon > 0).then(|| view! { " · " <strong class="soon">{format!("{soon} {}", t!(lang, ComplaintText::DueSoon))}</strong> })}
        </p>
        <div class="table-scroll">
        <table class="reports complaints-table">
            <thead><tr>
                <th>{t!(lang, ComplaintText::Reference)}</th>
                <th>{t!(lang, ComplaintText::Status)}</th>
                <th>{t!(lang, ComplaintText::Received)}</th>
                <th>{t!(lang, ComplaintText::Channel)}</th>
                <th>{t!(lang, ComplaintText::Complainant)}</th>
                <th>{t!(lang, ComplaintText::Department)}</th>
                <th>{t!(lang, ComplaintText::Acknowledgement)}</th>
                <th>{t!(lang, ComplaintText::Answer)}</th>
                <th>{t!(lang, ComplaintText::Summary)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let ack = r.ack_state(today);
                    let answer = r.answer_state(today);
                    view! {
                        <tr class:overdue=r.urgency(today).is_overdue() data-ref=r.reference.clone()>
                            <td><a href=format!("/complaints/{}", r.reference)>{r.reference.clone()}</a></td>
                            <td><ComplaintStatusBadge status=r.status lang/></td>
                            <td>{day(r.received_on)}</td>
                            <td>{r.channel.label(lang)}</td>
                            <td>{r.name.clone().unwrap_or_default()}</td>
                            <td>{r.department_name.clone().or_else(|| r.department.clone()).unwrap_or_default()}</td>
                            <td><DeadlineBadge due=r.deadlines.ack_due state=ack lang/></td>
                            <td><DeadlineBadge due=r.deadlines.answer_due state=answer lang/></td>
                            <td class="summary"><span title=r.summary.clone()>{r.summary.clone()}</span></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// A department's name in the page's language; a code no longer in the list stays as it is.
fn department_label(departments: &[(String, String)], code: String) -> String {
    departments
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| name.clone())
        .unwrap_or(code)
}

/// One handling step's form, posting to `/complaints/{ref}/act`.
#[component]
fn StepForm(
    reference: String,
    version: i64,
    action: &'static str,
    label: &'static str,
    /// The step writes to the complainant: its letter is shown before it is sent.
    #[prop(optional)]
    letter: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=format!("/complaints/{reference}/act") class="act" data-action=action
            data-letter=letter.then(|| format!("/complaints/{reference}/letter"))>
            <input type="hidden" name="version" value=version.to_string()/>
            <input type="hidden" name="action" value=action/>
            {children()}
            <button type="submit" class="secondary">{label}</button>
        </form>
    }
}

/// One complaint as an officer sees it.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let lang = current_lang();
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let complaint = Resource::new(reference, complaint_data);
    let options = Resource::new(|| (), |_| complaint_form_options());
    staff_page(lang, move |_user| {
        view! {
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || match (complaint.get(), options.get()) {
                    (Some(Ok(c)), Some(Ok(o))) => view! { <ComplaintDetail c o lang/> }.into_any(),
                    (Some(Err(_)), _) => view! { <crate::ui::NotFound lang/> }.into_any(),
                    _ => view! { <p class="muted">"…"</p> }.into_any(),
                }}
            </Suspense>
        }
        .into_any()
    })
}

#[component]
fn ComplaintDetail(c: ComplaintView, o: ComplaintFormData, lang: Lang) -> impl IntoView {
    let reference = c.reference.clone();
    let v = c.version;
    let form = |action: &'static str, label: &'static str, body: AnyView| {
        let letter = ComplaintAction::LETTER_STEPS.contains(&action);
        view! { <StepForm reference=reference.clone() version=v action label letter>{body}</StepForm> }
            .into_any()
    };
    let note = |label: &'static str| {
        view! { <textarea name="note" rows="2" maxlength="6000" placeholder=label aria-label=label></textarea> }.into_any()
    };
    let departments = o.departments.clone();
    let department_select = move |name: &'static str, selected: Option<String>| {
        let departments = departments.clone();
        view! {
            <select name=name aria-label=t!(lang, ComplaintText::Department) required>
                {departments.into_iter().map(|(code, label)| {
                    let s = selected.as_deref() == Some(code.as_str());
                    view! { <option value=code selected=s>{label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any()
    };
    let can = |to: ComplaintStatus| c.status.can_become(to) && !c.anonymised;
    let mut steps: Vec<AnyView> = Vec::new();
    if can(ComplaintStatus::Acknowledged) {
        steps.push(form(
            "acknowledge",
            t!(lang, ComplaintText::SendAcknowledgement),
            note(t!(lang, ComplaintText::ExtraSentenceOptional)),
        ));
    }
    if can(ComplaintStatus::Investigating) {
        steps.push(form(
            "admissible",
            t!(lang, ComplaintText::Admissible),
            note(t!(lang, ComplaintText::NoteInternal)),
        ));
    }
    if can(ComplaintStatus::Inadmissible) {
        steps.push(form("inadmissible", t!(lang, ComplaintText::NotAdmissible), view! {
            <select name="reason" aria-label=t!(lang, ComplaintText::Reason) required>
                {InadmissibleReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> }).collect_view()}
            </select>
            <textarea name="note" rows="2" maxlength="6000" aria-label=t!(lang, ComplaintText::Note) placeholder=t!(lang, ComplaintText::NoteForThe)></textarea>
        }.into_any()));
    }
    if c.status.awaits_answer() && !c.anonymised {
        steps.push(form("ask_input", t!(lang, ComplaintText::AskDepartmentFor), view! {
            {department_select("department", c.department.clone())}
            <textarea name="question" rows="2" maxlength="6000" required aria-label=t!(lang, ComplaintText::QuestionForThe) placeholder=t!(lang, ComplaintText::QuestionForThe)></textarea>
        }.into_any()));
        steps.push(form("record_input", t!(lang, ComplaintText::RecordDepartmentS), view! {
            {department_select("department", c.department.clone())}
            <textarea name="answer" rows="2" maxlength="6000" required aria-label=t!(lang, ComplaintText::DepartmentSAnswer) placeholder=t!(lang, ComplaintText::DepartmentSAnswer)></textarea>
        }.into_any()));
    }
    if can(ComplaintStatus::Decided) {
        steps.push(form("verdict", t!(lang, ComplaintText::RecordVerdict), view! {
            <fieldset><legend>{t!(lang, ComplaintText::Verdict)}</legend>
                {Verdict::ALL.iter().enumerate().map(|(i, x)| view! {
                    <label class="check"><input type="radio" name="verdict" value=x.as_str() required=i == 0/> {x.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <fieldset><legend>{t!(lang, ComplaintText::OmbudsNorms)}</legend>
                {OmbudsNorm::ALL.iter().map(|n| view! {
                    <label class="check"><input type="checkbox" name="norms" value=n.as_str()/> {n.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <textarea name="note" rows="2" maxlength="6000" aria-label=t!(lang, ComplaintText::ReasoningInternal) placeholder=t!(lang, ComplaintText::ReasoningInternal)></textarea>
        }.into_any()));
    }
    if can(ComplaintStatus::Answered) {
        steps.push(form("answer", t!(lang, ComplaintText::SendAnswer), view! {
            <textarea name="text" rows="6" minlength="10" maxlength="6000" required aria-label=t!(lang, ComplaintText::AnswerToThe) placeholder=t!(lang, ComplaintText::AnswerToThe)></textarea>
            <p class="muted">{t!(lang, ComplaintText::TheLetterStates)}</p>
        }.into_any()));
    }
    if c.inadmissible_reason == Some(InadmissibleReason::NotAComplaint)
        && c.status == ComplaintStatus::Inadmissible
        && !c.anonymised
    {
        let categories = o.categories.clone();
        steps.push(form("convert", t!(lang, ComplaintText::ConvertIntoA), view! {
            <select name="category" aria-label=t!(lang, ComplaintText::Category) required>
                {categories.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
            </select>
            <input type="text" name="address" required maxlength="200" placeholder=t!(lang, ComplaintText::AddressOfThe)/>
        }.into_any()));
    }
    if c.status == ComplaintStatus::Answered && !c.anonymised {
        steps.push(form(
            "close",
            t!(lang, ComplaintText::Close),
            note(t!(lang, ComplaintText::NoteInternal)),
        ));
    }
    if c.status != ComplaintStatus::Closed && !c.anonymised {
        steps.push(form(
            "department",
            t!(lang, ComplaintText::DepartmentComplainedAbout),
            department_select("department", c.department.clone()),
        ));
    }
    if !c.anonymised {
        steps.push(form("improvement", t!(lang, ComplaintText::RecordImprovementAction), view! {
            <input type="text" name="text" maxlength="1000" required aria-label=t!(lang, ComplaintText::ImprovementAction) placeholder=t!(lang, ComplaintText::ImprovementAction)/>
        }.into_any()));
        steps.push(form("note", t!(lang, ComplaintText::AddNote), view! {
            <input type="text" name="text" maxlength="6000" required aria-label=t!(lang, ComplaintText::InternalNote) placeholder=t!(lang, ComplaintText::InternalNote)/>
        }.into_any()));
    }
    let no_email = c.contact.email.is_none();
    view! {
        <article class="staff-report complaint-detail">
            <h1>{c.reference.clone()} " " <ComplaintStatusBadge status=c.status lang/></h1>
            <FormOutcome lang/>
            {c.anonymised.then(|| view! { <p class="notice">{t!(lang, ComplaintText::ThisComplaintS)}</p> })}
            <div class="columns">
                <div>
                    <dl class="facts">
                        <dt>{t!(lang, ComplaintText::Received)}</dt><dd>{day(c.received_on)} " · " {c.channel.label(lang)}</dd>
                        <dt>{t!(lang, ComplaintText::Entered)}</dt><dd>{format_datetime(c.created_at)} {c.created_by.clone().map(|n| format!(" · {n}"))}</dd>
                        <dt>{t!(lang, ComplaintText::Acknowledgement)}</dt><dd><DeadlineBadge due=c.deadlines.ack_due state=c.ack_state lang/></dd>
                        <dt>{t!(lang, ComplaintText::Answer)}</dt><dd><DeadlineBadge due=c.deadlines.answer_due state=c.answer_state lang/></dd>
                        <dt>{t!(lang, ComplaintText::Department)}</dt><dd>{c.department_name.clone().unwrap_or_else(|| "—".into())}</dd>
                        {c.employee.clone().map(|e| view! { <dt>{t!(lang, ComplaintText::Employee)}</dt><dd>{e}</dd> })}
                        {c.happened_on.map(|d| view! { <dt>{t!(lang, ComplaintText::HappenedOn)}</dt><dd>{day(d)}</dd> })}
                        {c.report.clone().map(|r| view! { <dt>{t!(lang, ComplaintText::AboutReport)}</dt><dd><a href=format!("/staff/r/{r}")>{r.clone()}</a></dd> })}
                        {c.converted_report.clone().map(|r| view! { <dt>{t!(lang, ComplaintText::ConvertedInto)}</dt><dd><a href=format!("/staff/r/{r}") data-converted>{r.clone()}</a></dd> })}
                        {c.inadmissible_reason.map(|r| view! { <dt>{t!(lang, ComplaintText::NotAdmissible)}</dt><dd>{r.label(lang)}</dd> })}
                        {c.verdict.map(|x| view! { <dt>{t!(lang, ComplaintText::Verdict)}</dt><dd data-verdict=x.as_str()>{x.label(lang)}</dd> })}
                        {(!c.norms.is_empty()).then(|| view! { <dt>{t!(lang, ComplaintText::Norms)}</dt>
                            <dd>{c.norms.iter().map(|n| n.label(lang)).collect::<Vec<_>>().join(", ")}</dd> })}
                        <dt>{t!(lang, ComplaintText::Language)}</dt><dd>{c.lang.code().to_uppercase()}</dd>
                    </dl>
                    <div class="contact" aria-label=t!(lang, ComplaintText::Complainant)>
                        <strong>{t!(lang, ComplaintText::ComplainantConfidential)}</strong>
                        <p>{c.contact.name.clone().unwrap_or_default()} " " {c.contact.phone.clone().unwrap_or_default()} " " {c.contact.email.clone().unwrap_or_default()}</p>
                        {c.contact.address.clone().map(|a| view! { <p>{a}</p> })}
                    </div>
                    <h2>{t!(lang, ComplaintText::Complaint)}</h2>
                    <p class="description">{c.description.clone()}</p>
                    {c.expectation.clone().map(|e| view! { <h3>{t!(lang, ComplaintText::Expectation)}</h3><p class="description">{e}</p> })}
                    {(!c.files.is_empty()).then(|| view! {
                        <h3>{t!(lang, ComplaintText::Attachments)}</h3>
                        <ul class="photo-grid">
                            {c.files.clone().into_iter().map(|f| view! {
                                <li><a href=f.url.clone() data-file=f.kind.clone()>
                                    {f.thumbnail_url.clone().map(|t| view! { <img src=t alt="" loading="lazy"/> })}
                                    <span class="caption">{f.name.clone()} " (" {format!("{} kB", f.bytes / 1024)} ")"</span></a></li>
                            }).collect_view()}
                        </ul>
                    })}
                    {c.answer.clone().map(|a| view! { <h3>{t!(lang, ComplaintText::Answer)}</h3><p class="description">{a}</p> })}
                    {(!c.improvements.is_empty()).then(|| view! {
                        <h3>{t!(lang, ComplaintText::ImprovementActions)}</h3>
                        <ul>{c.improvements.clone().into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                    })}
                </div>
                <div class="actions">
                    <h2>{t!(lang, ComplaintText::Handle)}</h2>
                    <p class="muted">{t!(lang, ComplaintText::TheDepartmentComplained)}</p>
                    {steps}
                </div>
            </div>
            {(no_email && !c.letters.is_empty()).then(|| view! {
                <section class="letters">
                    <h2>{t!(lang, ComplaintText::LettersToSend)}</h2>
                    {c.letters.clone().into_iter().map(|(subject, body)| view! {
                        <article class="letter"><h3>{subject}</h3><pre>{c.contact.name.clone().unwrap_or_default()} "\n" {c.contact.address.clone().unwrap_or_default()} "\n\n" {body}</pre></article>
                    }).collect_view()}
                    <button type="button" class="secondary no-print" data-print="">{t!(lang, ComplaintText::Print)}</button>
                </section>
            })}
            <crate::contact::pages::LinkedContacts reference=c.reference.clone() lang/>
            <h2>{t!(lang, UiText::History)}</h2>
            <table class="history">
                <thead><tr><th>{t!(lang, UiText::HistoryWhen)}</th><th>{t!(lang, UiText::HistoryWhat)}</th><th>{t!(lang, ComplaintText::Status)}</th><th>{t!(lang, UiText::HistoryWho)}</th><th>{t!(lang, ComplaintText::Department)}</th><th>{t!(lang, UiText::HistoryNote)}</th></tr></thead>
                <tbody>
                    {c.history.into_iter().map(|h| view! {
                        <tr data-kind=h.kind.as_str()>
                            <td>{format_datetime(h.at)}</td>
                            <td>{h.kind.label(lang)}</td>
                            <td>{h.status.label(lang)}</td>
                            <td>{h.actor.unwrap_or_else(|| t!(lang, ComplaintText::ByComplainant).to_owned())}</td>
                            <td>{h.department.map(|code| department_label(&o.departments, code)).unwrap_or_default()}</td>
                            <td>{h.note.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </article>
    }
}

/// The figures of one year's complaints: shared by the complaints report and the complaints
/// section of the annual report.
#[component]
pub fn ComplaintFigures(r: ComplaintYearReport, lang: Lang) -> impl IntoView {
    let rows = |title: &'static str, counts: Vec<crate::ui::charts::Count>, attr: &'static str| {
        view! {
            <table class="annual-table" data-table=attr>
                <thead><tr><th scope="col">{title}</th><th scope="col">{t!(lang, ComplaintText::Count)}</th></tr></thead>
                <tbody>
                    {counts.into_iter().map(|c| view! { <tr data-key=c.key.clone()><th scope="row">{c.label}</th><td>{c.count}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let days = |d: Option<f64>| d.map_or_else(|| "–".to_owned(), |d| format!("{d:.1}"));
    let kpis = view! {
            <div class="kpis">
                <div class="kpi" data-kpi="received"><span>{t!(lang, ComplaintText::FigureReceived)}</span><strong>{r.received}</strong></div>
                <div class="kpi" data-kpi="admissible"><span>{t!(lang, ComplaintText::FigureAdmissible)}</span><strong>{r.admissible}</strong></div>
                <div class="kpi" data-kpi="inadmissible"><span>{t!(lang, ComplaintText::FigureNotAdmissible)}</span><strong>{r.inadmissible}</strong></div>
                <div class="kpi" data-kpi="in_time"><span>{t!(lang, ComplaintText::AnsweredWithin45)}</span><strong>{r.answered_in_time}</strong></div>
                <div class="kpi" data-kpi="late"><span>{t!(lang, ComplaintText::AnsweredLater)}</span><strong>{r.answered_late}</strong></div>
                <div class="kpi" data-kpi="mean"><span>{t!(lang, ComplaintText::MeanHandlingDays)}</span><strong>{days(r.mean_days)}</strong></div>
                <div class="kpi" data-kpi="median"><span>{t!(lang, ComplaintText::MedianHandlingDays)}</span><strong>{days(r.median_days)}</strong></div>
            </div>
    }
    .into_any();
    view! {
        <div class="complaint-figures" data-year=r.year>
            {kpis}
            <div class="charts">
                {rows(t!(lang, ComplaintText::Channel), r.by_channel.clone(), "channel")}
                {rows(t!(lang, ComplaintText::ReasonNotAdmissible), r.by_reason.clone(), "reason")}
                {rows(t!(lang, ComplaintText::Verdict), r.by_verdict.clone(), "verdict")}
                <BarChart title=t!(lang, ComplaintText::ComplaintsPerOmbuds).to_owned() rows=r.by_norm.clone() lang/>
            </div>
            <table class="annual-table" data-table="department">
                <thead><tr>
                    <th scope="col">{t!(lang, ComplaintText::Department)}</th>
                    <th scope="col">{t!(lang, ComplaintText::FigureReceived)}</th>
                    {Verdict::ALL.iter().map(|v| view! { <th scope="col">{v.label(lang)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {r.by_department.iter().filter(|d| d.received > 0).map(|d| view! {
                        <tr data-key=d.department.clone()><th scope="row">{d.label.clone()}</th>
                            <td>{d.received}</td><td>{d.well_founded}</td><td>{d.partly}</td><td>{d.unfounded}</td><td>{d.resolved}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!r.improvements.is_empty()).then(|| view! {
                <h3>{t!(lang, ComplaintText::ImprovementActions)}</h3>
                <ul class="improvements">
                    {r.improvements.iter().map(|(reference, text)| view! { <li>{text.clone()} " (" {reference.clone()} ")"</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The printable yearly complaints report for the council.
#[component]
pub fn ComplaintReportPage() -> impl IntoView {
    let lang = current_lang();
    let year = crate::ui::query_year();
    let report = Resource::new(year, complaint_year_data);
    staff_page(lang, move |_user| {
        view! {
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || report.get().map(|r| match r {
                    Ok(r) => {
                        let year = r.year;
                        view! {
                        <article class="annual-report complaint-report" data-year=year>
                            <header>
                                <h1>{format!("{} {year}", t!(lang, ComplaintText::YearlyComplaintsReport))}</h1>
                                <form method="get" action="/complaints/report" class="no-print">
                                    <label>{t!(lang, ComplaintText::Year)} " "
                                        <input type="number" name="year" min="2000" max="2100" value=year/></label>
                                    " " <button type="submit" class="secondary">{t!(lang, ComplaintText::ShowYear)}</button>
                                    " " <button type="button" class="secondary" data-print="">{t!(lang, ComplaintText::PrintPDF)}</button>
                                    " " <a href=format!("/api/v1/staff/complaints/report.csv?year={year}")>"CSV"</a>
                                </form>
                            </header>
                            <ComplaintFigures r lang/>
                        </article>
                    }.into_any()
                    }
                    Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        }
        .into_any()
    })
}
