//! Back-office pages: sign-in, the coordinator's queue, a report's staff view with every
//! workflow form, the agents' intake and search, and administration. Rendered on the server;
//! forms post to plain routes (`server::web`), so the common path needs no script.

use super::api::{office_options, queue_data, search_data, staff_report_data, Options};
use super::domain::{EventKind, QueueFilter, QueueSort, SearchInput, StaffReport, StaffSummary};
use crate::contact::pages::ContactTabs;
use crate::contact::texts::ContactText;
use crate::i18n::Lang;
use crate::office::texts::OfficeText;
use crate::report::domain::{Channel, ReportStatus};
use crate::staff::{Action, Scope, StaffUser};
use crate::time::format_datetime;
use crate::ui::staff::{staff_page, FormOutcome};
use crate::ui::texts::UiText;
use crate::ui::{current_lang, DayInput, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Due date with an overdue flag, and the pause while a question waits for the reporter.
#[component]
fn Due(
    due_at: chrono::DateTime<chrono::Utc>,
    days_overdue: i64,
    paused_since: Option<chrono::DateTime<chrono::Utc>>,
    lang: Lang,
) -> impl IntoView {
    let class = if days_overdue > 0 {
        "due overdue"
    } else {
        "due"
    };
    view! {
        <span class=class>
            {format_datetime(due_at).chars().take(10).collect::<String>()}
            {(days_overdue > 0).then(|| view! {
                " " <strong class="late">{format!("{days_overdue} {}", t!(lang, OfficeText::DLate))}</strong>
            })}
            {paused_since.map(|since| view! {
                " " <span class="paused" data-paused>{"⏸ "}{crate::i18n::fill(
                    t!(lang, OfficeText::DeadlinePaused),
                    &[("date", &format_datetime(since).chars().take(10).collect::<String>())],
                )}</span>
            })}
        </span>
    }
}

/// A table of reports for staff lists.
#[component]
pub fn ReportTable(rows: Vec<StaffSummary>, lang: Lang) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{t!(lang, OfficeText::NoReports)}</p> }.into_any();
    }
    view! {
        <table class="reports">
            <thead><tr>
                <th>{t!(lang, OfficeText::Reference)}</th>
                <th>{t!(lang, OfficeText::Status)}</th>
                <th>{t!(lang, OfficeText::Category)}</th>
                <th>{t!(lang, OfficeText::Address)}</th>
                <th>{t!(lang, OfficeText::Received)}</th>
                <th>{t!(lang, OfficeText::Due)}</th>
                <th>{t!(lang, OfficeText::LastUpdate)}</th>
                <th>{t!(lang, OfficeText::Team)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr class:overdue={r.days_overdue > 0}>
                        <td><a href=format!("/staff/r/{}", r.reference)>{r.reference.clone()}</a></td>
                        <td><StatusBadge status=r.status lang/>
                            {r.reopen_asked.then(|| view! { <strong class="reopen-asked" data-reopen-asked>{t!(lang, OfficeText::ReopenAsked)}</strong> })}
                            {r.answer_waiting.then(|| view! { <strong class="reopen-asked" data-answer-waiting>{t!(lang, OfficeText::AnswerFlag)}</strong> })}
                            {(r.asking && !r.answer_waiting).then(|| view! { <span class="muted asking" data-asking>{t!(lang, OfficeText::AskingFlag)}</span> })}</td>
                        <td>{r.category_name(lang).to_owned()}</td>
                        <td>{crate::report::domain::address_line(lang, r.address.as_deref(), r.address_near).unwrap_or_default()}</td>
                        <td>{format_datetime(r.created_at)}</td>
                        <td><Due due_at=r.due_at days_overdue=r.days_overdue paused_since=r.paused_since lang/></td>
                        <td>{format_datetime(r.updated_at)}</td>
                        <td>{r.team.clone().map(|t| format!("{t} (P{})", r.priority)).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The coordinator's queue with filters, and the reports past three times their term.
#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        QueueFilter {
            department: q.get("department"),
            status: q.get("status"),
            category: q.get("category"),
            overdue: q.get("overdue").is_some(),
            sort: q.get("sort"),
        }
    };
    let data = Resource::new(filter, queue_data);
    let options = Resource::new(|| (), |_| office_options());
    staff_page(lang, move |user| {
        let f = filter();
        view! {
            <section class="queue">
                <h1>{t!(lang, OfficeText::Queue)}</h1>
                <form method="get" action="/queue" class="filters">
                    <Suspense fallback=|| ()>
                        {move || options.get().and_then(Result::ok).map(|o| {
                            let f = filter();
                            let own = user.departments.clone();
                            view! {
                                <label>{t!(lang, OfficeText::Department)}
                                    <select name="department">
                                        <option value="">{t!(lang, OfficeText::AllMyDepartments)}</option>
                                        {o.departments.into_iter().filter(|d| user.role.scope(Action::Triage) == Scope::All || own.contains(&d.code)).map(|d| {
                                            let selected = f.department.as_deref() == Some(d.code.as_str());
                                            view! { <option value=d.code.clone() selected=selected>{d.name(lang).to_owned()}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                                <label>{t!(lang, OfficeText::Category)}
                                    <select name="category">
                                        <option value="">"—"</option>
                                        {o.categories.into_iter().map(|c| {
                                            let selected = f.category.as_deref() == Some(c.code.as_str());
                                            view! { <option value=c.code.clone() selected=selected>{c.name(lang).to_owned()}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                            }
                        })}
                    </Suspense>
                    <label>{t!(lang, OfficeText::Status)}
                        <select name="status">
                            {[("", t!(lang, OfficeText::New)), ("open", t!(lang, OfficeText::AllOpen)), ("all", t!(lang, OfficeText::All))]
                                .into_iter()
                                .chain(ReportStatus::ALL.into_iter().skip(1).map(|s| (s.as_str(), s.label(lang))))
                                .map(|(v, l)| view! { <option value=v selected=f.status.as_deref().unwrap_or("") == v>{l}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>{t!(lang, OfficeText::Sort)}
                        <select name="sort">
                            {[(QueueSort::Age, t!(lang, OfficeText::OldestFirst)),
                              (QueueSort::Deadline, t!(lang, OfficeText::DueDate)),
                              (QueueSort::Category, t!(lang, OfficeText::Category))]
                                .into_iter()
                                .map(|(s, l)| view! { <option value=s.as_str() selected=f.sort.as_deref() == Some(s.as_str())>{l}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" name="overdue" value="1" checked=f.overdue/>
                        {t!(lang, OfficeText::OverdueOnly)}</label>
                    <button type="submit" class="secondary">{t!(lang, OfficeText::Show)}</button>
                </form>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || data.get().map(|d| match d {
                        Ok((rows, worst)) => view! {
                            <p class="muted">{format!("{} {}", rows.len(), t!(lang, OfficeText::Reports))}</p>
                            <ReportTable rows lang/>
                            <h2>{t!(lang, OfficeText::OpenForMore)}</h2>
                            <ReportTable rows=worst lang/>
                        }.into_any(),
                        Err(e) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

/// "What is the status of my report?": search by reference, street, phone, e-mail and dates.
#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let input = move || {
        let q = query.read();
        SearchInput {
            q: q.get("q").unwrap_or_default(),
            from: q.get("from"),
            to: q.get("to"),
        }
    };
    let results = Resource::new(input, search_data);
    staff_page(lang, move |_user| {
        let i = input();
        view! {
            <section>
                <h1>{t!(lang, OfficeText::FindAReport)}</h1>
                <form method="get" action="/search" class="filters">
                    <label class="grow">{t!(lang, OfficeText::ReferenceStreetPhone)}
                        <input type="search" name="q" value=i.q.clone() autofocus/></label>
                    <label>{t!(lang, OfficeText::From)}<DayInput lang name="from" value=i.from.clone().unwrap_or_default()/></label>
                    <label>{t!(lang, OfficeText::To)}<DayInput lang name="to" value=i.to.clone().unwrap_or_default()/></label>
                    <button type="submit" class="secondary">{t!(lang, OfficeText::Search)}</button>
                </form>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || results.get().map(|r| match r {
                        Ok(rows) => view! { <ReportTable rows lang/> }.into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}

fn kind_label(kind: EventKind, lang: Lang) -> &'static str {
    match kind {
        EventKind::Created => t!(lang, OfficeText::EventCreated),
        EventKind::Status => t!(lang, OfficeText::Status),
        EventKind::Reopen => t!(lang, OfficeText::Reopened),
        EventKind::Assign => t!(lang, OfficeText::Assigned),
        EventKind::Forward => t!(lang, OfficeText::Forwarded),
        EventKind::Duplicate => t!(lang, OfficeText::Duplicate),
        EventKind::Route => t!(lang, OfficeText::ReRouted),
        EventKind::Partner => t!(lang, OfficeText::Partner),
        EventKind::Follow => t!(lang, OfficeText::FollowerAdded),
        EventKind::Note => t!(lang, OfficeText::InternalNote),
        EventKind::Conflict => t!(lang, OfficeText::ConflictingOfflineChange),
        EventKind::Resolved => t!(lang, OfficeText::ConflictResolved),
        EventKind::Asked => t!(lang, OfficeText::EventAsked),
        EventKind::Answered => t!(lang, OfficeText::EventAnswered),
        EventKind::Withdrawn => t!(lang, OfficeText::EventWithdrawn),
    }
}

/// One workflow form posting to `/staff/r/{ref}/act`.
#[component]
fn ActForm(
    reference: String,
    version: i64,
    action: &'static str,
    label: &'static str,
    /// The page's lead: the usual next step, with a primary button.
    primary: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=format!("/staff/r/{reference}/act") enctype="multipart/form-data" class="act" class:next=primary data-action=action>
            <input type="hidden" name="version" value=version.to_string()/>
            <input type="hidden" name="action" value=action/>
            {children()}
            <button type="submit" class=if primary { "primary" } else { "secondary" }>{label}</button>
        </form>
    }
}

/// A report as staff see it, with the forms for what the user may do next.
#[component]
pub fn StaffReportPage() -> impl IntoView {
    let lang = current_lang();
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let report = Resource::new(reference, staff_report_data);
    let options = Resource::new(|| (), |_| office_options());
    staff_page(lang, move |user| {
        view! {
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || {
                    let user = user.clone();
                    match (report.get(), options.get()) {
                        (Some(Ok(r)), Some(Ok(o))) => view! { <StaffReportView r o user lang/> }.into_any(),
                        (Some(Err(_)), _) => view! { <crate::ui::NotFound lang/> }.into_any(),
                        _ => view! { <p class="muted">"…"</p> }.into_any(),
                    }
                }}
            </Suspense>
        }
        .into_any()
    })
}

#[component]
fn StaffReportView(r: StaffReport, o: Options, user: StaffUser, lang: Lang) -> impl IntoView {
    let triage = user.may(Action::Triage, Some(&r.department));
    let field = user.may(Action::FieldWork, Some(&r.department));
    let can = |to: ReportStatus| r.status.can_transition_to(to);
    let reference = r.reference.clone();
    let v = r.version;
    // The usual next step for the status leads; the rest is one click away.
    let lead = crate::office::domain::next_steps(r.status);
    // The reporter said "not fixed": reopening or declining is the next step.
    let reopen_asked = crate::report::feedback::reopen_asked(&r.feedback);
    let form = |action: &'static str, label: &'static str, body: AnyView| {
        let primary = lead.contains(&action)
            || action == "resolve_conflict"
            || (reopen_asked && matches!(action, "reopen" | "decline_reopen"));
        let view = view! { <ActForm reference=reference.clone() version=v action label primary>{body}</ActForm> };
        (primary, view.into_any())
    };
    // Whether a note that goes with a status change is e-mailed, said under each such note.
    let mail_hint = match r.status_mail_to {
        0 => t!(lang, OfficeText::NoteNotMailed).to_owned(),
        n => crate::i18n::fill(
            t!(lang, OfficeText::NoteMailed),
            &[("count", &n.to_string())],
        ),
    };
    let hint = |text: &str| view! { <small class="mail-hint">{text.to_owned()}</small> };
    // The standard replies that fit this report, offered beside each note for the reporter.
    let replies = crate::office::replies::for_report(&o.replies, &r.category, r.lang);
    let picker = || view! { <crate::office::replies::ReplyPicker replies=replies.clone() lang/> };
    let note_input = |placeholder: &'static str| {
        view! {
            {picker()}
            <textarea name="note" rows="2" maxlength="2000" placeholder=placeholder aria-label=placeholder></textarea>
            {hint(&mail_hint)}
        }.into_any()
    };
    let public_note = t!(lang, OfficeText::NoteForThe);
    let mut forms: Vec<(bool, AnyView)> = Vec::new();
    if triage && can(ReportStatus::Accepted) && r.status.is_open() {
        forms.push(form(
            "accept",
            t!(lang, OfficeText::Accept),
            note_input(public_note),
        ));
    }
    if triage && (can(ReportStatus::Assigned) || r.status == ReportStatus::Assigned) {
        let teams = o.teams.clone();
        forms.push(form("assign", t!(lang, OfficeText::Assign), view! {
            <select name="team_id" aria-label=t!(lang, OfficeText::Team) required>
                {teams.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
            </select>
            <select name="priority" aria-label=t!(lang, OfficeText::Priority)>
                <option value="1">{t!(lang, OfficeText::N1Urgent)}</option>
                <option value="2" selected>{t!(lang, OfficeText::N2Normal)}</option>
                <option value="3">{t!(lang, OfficeText::N3Low)}</option>
            </select>
        }.into_any()));
    }
    if field && can(ReportStatus::InProgress) {
        forms.push(form(
            "start",
            t!(lang, OfficeText::InProgress),
            note_input(public_note),
        ));
    }
    if field && can(ReportStatus::Done) {
        forms.push(form("done", t!(lang, OfficeText::Done), view! {
            {picker()}
            <textarea name="note" rows="2" maxlength="2000" placeholder=public_note aria-label=public_note></textarea>
            {hint(&mail_hint)}
            <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" aria-label=t!(lang, OfficeText::CrewAfterPhoto)/>
        }.into_any()));
    }
    if triage && can(ReportStatus::Rejected) {
        let reason = t!(lang, OfficeText::ReasonRequired);
        forms.push(form("reject", t!(lang, OfficeText::Reject), view! {
            {picker()}
            <textarea name="reason" rows="2" maxlength="2000" required placeholder=reason aria-label=reason></textarea>
            {hint(&mail_hint)}
        }.into_any()));
    }
    if triage && can(ReportStatus::Forwarded) && !o.partners.is_empty() {
        let partners = o.partners.clone();
        forms.push(form("forward", t!(lang, OfficeText::ForwardToPartner), view! {
            <select name="partner_id" aria-label=t!(lang, OfficeText::Partner)>
                {partners.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
            </select>
            <input type="text" name="note" maxlength="2000" placeholder=t!(lang, OfficeText::MessageForThe)/>
        }.into_any()));
    }
    if triage && r.partner.is_some() {
        forms.push(form("partner", t!(lang, OfficeText::SavePartnerDetails), view! {
            <input type="text" name="partner_ref" value=r.partner_ref.clone().unwrap_or_default() placeholder=t!(lang, OfficeText::TheirReference)/>
            <input type="text" name="partner_status" value=r.partner_status.clone().unwrap_or_default() placeholder=t!(lang, OfficeText::TheirStatus)/>
        }.into_any()));
    }
    if triage && can(ReportStatus::Duplicate) {
        forms.push(form("duplicate", t!(lang, OfficeText::DuplicateOf), view! {
            <input type="text" name="of" required placeholder="M-2026-000123" pattern="[Mm]-[0-9]{4}-[0-9]{6}"/>
        }.into_any()));
    }
    if triage && r.status.is_open() {
        let departments = o.departments.clone();
        let current = r.department.clone();
        forms.push(form("route", t!(lang, OfficeText::ReRoute), view! {
            <select name="department" aria-label=t!(lang, OfficeText::Department)>
                {departments.into_iter().filter(|d| d.code != current && d.active).map(|d| view! { <option value=d.code.clone()>{d.name(lang).to_owned()}</option> }).collect_view()}
            </select>
        }.into_any()));
    }
    if triage && (!r.status.is_open() || reopen_asked) {
        forms.push(form(
            "reopen",
            t!(lang, OfficeText::Reopen),
            note_input(public_note),
        ));
    }
    if triage && reopen_asked {
        let reason = t!(lang, OfficeText::WhyNotReopen);
        forms.push(form("decline_reopen", t!(lang, OfficeText::DeclineReopen), view! {
            {picker()}
            <textarea name="reason" rows="2" maxlength="2000" required placeholder=reason aria-label=reason></textarea>
            <small class="mail-hint">{t!(lang, OfficeText::ReasonMailedToReporter)}</small>
        }.into_any()));
    }
    if triage && r.conflict_at.is_some() {
        let label = t!(lang, OfficeText::HowResolved);
        forms.insert(0, form("resolve_conflict", t!(lang, OfficeText::ConflictResolved), view! {
            <input type="text" name="note" maxlength="2000" placeholder=label aria-label=label/>
        }.into_any()));
    }
    // The city asks the reporter (report::ask): one question at a time, while it works on it.
    if triage && crate::report::ask::waiting(&r.questions) {
        forms.push(form(
            "withdraw_question",
            t!(lang, OfficeText::WithdrawQuestion),
            ().into_any(),
        ));
    } else if triage && crate::report::ask::may_ask(r.status) && r.reporter_reachable {
        let label = t!(lang, OfficeText::AskReporterQuestion);
        let pause = crate::i18n::fill(
            t!(lang, OfficeText::AskReporterPause),
            &[("days", &crate::report::ask::QUESTION_DAYS.to_string())],
        );
        forms.push(form("ask_reporter", t!(lang, OfficeText::AskReporter), view! {
            <textarea name="question" rows="2" maxlength="2000" required placeholder=label aria-label=label></textarea>
            <label class="check"><input type="checkbox" name="pause" value="yes" checked/> " " {pause}</label>
        }.into_any()));
    } else if triage && crate::report::ask::may_ask(r.status) && r.contact.is_some() {
        forms.push((false, view! { <p class="muted" data-ask-unreachable>{t!(lang, OfficeText::AskReporterUnreachable)}</p> }.into_any()));
    }
    if triage {
        let label = t!(lang, OfficeText::InternalNote);
        forms.push(form("note", t!(lang, OfficeText::AddNote), view! {
            <input type="text" name="internal" maxlength="2000" required placeholder=label aria-label=label/>
            <small class="mail-hint">{t!(lang, OfficeText::InternalNeverMailed)}</small>
        }.into_any()));
    }
    let replies_data = replies.clone();
    let (next, more): (Vec<_>, Vec<_>) = forms.into_iter().partition(|(primary, _)| *primary);
    let next_empty = next.is_empty();
    let next: Vec<AnyView> = next.into_iter().map(|(_, f)| f).collect();
    let more: Vec<AnyView> = more.into_iter().map(|(_, f)| f).collect();
    view! {
        <article class="staff-report">
            <h1>{r.reference.clone()} " " <StatusBadge status=r.status lang/> <small>{r.category_name.clone()}</small></h1>
            <FormOutcome lang/>
            {r.conflict_at.map(|_| view! {
                <p class="notice conflict" role="alert" data-testid="conflict">
                    "⚠ " {t!(lang, OfficeText::OfflineChangesBy)}
                </p>
            })}
            <div class="columns">
                <div>
                    <dl class="facts">
                        <dt>{t!(lang, OfficeText::Department)}</dt><dd>{r.department_name.clone()}</dd>
                        <dt>{t!(lang, OfficeText::Channel)}</dt><dd>{r.channel.label(lang)}</dd>
                        <dt>{t!(lang, OfficeText::Received)}</dt><dd>{format_datetime(r.created_at)}</dd>
                        <dt>{t!(lang, OfficeText::Due)}</dt><dd><Due due_at=r.due_at days_overdue=r.days_overdue paused_since=r.paused_since lang/></dd>
                        <dt>{t!(lang, OfficeText::Address)}</dt><dd>{r.address.clone().unwrap_or_else(|| format!("{:.5}, {:.5}", r.lat, r.lon))}</dd>
                        {r.district.clone().map(|d| view! { <dt>{t!(lang, crate::report::texts::ReportText::District)}</dt><dd data-district>{d}</dd> })}
                        {r.team.clone().map(|t| view! { <dt>{t!(lang, OfficeText::Team)}</dt><dd>{format!("{t} · P{}", r.priority)}</dd> })}
                        {r.partner.clone().map(|p| view! { <dt>{t!(lang, OfficeText::Partner)}</dt>
                            <dd>{p} " " {r.partner_ref.clone().unwrap_or_default()} " " {r.partner_status.clone().unwrap_or_default()}</dd> })}
                        {r.duplicate_of.clone().map(|d| view! { <dt>{t!(lang, OfficeText::DuplicateOf)}</dt>
                            <dd><a href=format!("/staff/r/{d}")>{d.clone()}</a></dd> })}
                        <dt>{t!(lang, OfficeText::Followers)}</dt><dd>{r.followers}</dd>
                    </dl>
                    {r.contact.clone().map(|c| view! {
                        <div class="contact" aria-label=t!(lang, OfficeText::Reporter)>
                            <strong>{t!(lang, OfficeText::ReporterConfidential)}</strong>
                            <p>{c.name.unwrap_or_default()} " " {c.phone.unwrap_or_default()} " " {c.email.unwrap_or_default()}</p>
                        </div>
                    })}
                    <p class="description">{r.description.clone()}</p>
                    <crate::ui::questions::AnswerList answers=r.answers.clone() lang/>
                    <FeedbackList feedback=r.feedback.clone() lang/>
                    <super::asks_ui::QuestionList questions=r.questions.clone() lang/>
                    <ul class="photo-grid">
                        {r.photos.clone().into_iter().map(|p| view! {
                            <li><a href=p.url.clone()><img src=p.thumbnail_url.clone() alt="" loading="lazy"/></a>
                                <span class="caption">{p.kind.label(lang)}</span></li>
                        }).collect_view()}
                    </ul>
                    <div class="map small" data-map="point" data-lat=r.lat.to_string() data-lon=r.lon.to_string() data-colour=r.status.colour()></div>
                </div>
                <div class="actions">
                    <h2>{t!(lang, OfficeText::Handle)}</h2>
                    <crate::office::replies::ReplyTexts replies=replies_data/>
                    {next}
                    {(!more.is_empty()).then(|| view! {
                        <details class="more-actions" open=next_empty>
                            <summary>{t!(lang, OfficeText::OtherActions)}</summary>
                            {more}
                        </details>
                    })}
                    <p><a href=format!("/r/{}", r.reference)>{t!(lang, OfficeText::PublicPage)}</a>
                       {user.role.works_in_teams().then(|| view! { " · " <a href=format!("/crew/r/{}", r.reference)>{t!(lang, OfficeText::CrewView)}</a> })}</p>
                </div>
            </div>
            {(!user.role.works_in_teams()).then(|| view! { <crate::contact::pages::LinkedContacts reference=r.reference.clone() lang/> })}
            <h2>{t!(lang, UiText::History)}</h2>
            <table class="history">
                <thead><tr><th>{t!(lang, UiText::HistoryWhen)}</th><th>{t!(lang, UiText::HistoryWhat)}</th><th>{t!(lang, OfficeText::Status)}</th><th>{t!(lang, UiText::HistoryWho)}</th><th>{t!(lang, UiText::HistoryNote)}</th></tr></thead>
                <tbody>
                    {r.history.into_iter().map(|h| view! {
                        <tr>
                            <td>{format_datetime(h.at)}</td>
                            <td>{kind_label(h.kind, lang)}</td>
                            <td><StatusBadge status=h.status lang/></td>
                            <td>{h.actor.unwrap_or_else(|| t!(lang, OfficeText::ByReporter).to_owned())}</td>
                            <td>{h.note.unwrap_or_default()}
                                {h.internal_note.map(|n| view! { <em class="internal">" [" {n} "]"</em> })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </article>
    }
}

/// What the reporter answered to "is it fixed?" after each closing, and what became of a
/// request to reopen; a pending request leads.
#[component]
fn FeedbackList(feedback: Vec<crate::report::feedback::FeedbackView>, lang: Lang) -> impl IntoView {
    use crate::report::feedback::ReopenState;
    // Followers are asked at every closing: only their answers are listed.
    let feedback: Vec<_> = feedback
        .into_iter()
        .filter(|f| !f.follower || f.answered_at.is_some())
        .collect();
    (!feedback.is_empty()).then(|| {
        let items = feedback
            .into_iter()
            .rev()
            .map(|f| {
                let answer = match f.fixed {
                    None => t!(lang, OfficeText::FeedbackNoAnswer),
                    Some(true) => t!(lang, OfficeText::FeedbackFixed),
                    Some(false) => t!(lang, OfficeText::FeedbackNotFixed),
                };
                let reopen = f.reopen.map(|state| match state {
                    ReopenState::Asked => t!(lang, OfficeText::ReopenAsked),
                    ReopenState::Accepted => t!(lang, OfficeText::ReopenAccepted),
                    ReopenState::Declined => t!(lang, OfficeText::ReopenDeclined),
                });
                let asked = f.reopen == Some(ReopenState::Asked);
                view! {
                    <li class:notice=asked data-reopen=f.reopen.map(ReopenState::as_str)>
                        <StatusBadge status=f.closed_as lang/> " "
                        <time datetime=f.asked_at.to_rfc3339()>{format_datetime(f.asked_at)}</time> " · "
                        {f.follower.then(|| view! { {t!(lang, OfficeText::FromFollower)} " " })}
                        <strong>{answer}</strong>
                        {f.satisfaction.map(|n| view! { " · " {t!(lang, OfficeText::Satisfaction)} " " {format!("{n}/5")} })}
                        {reopen.map(|t| view! { " · " <strong>{t}</strong> })}
                        {f.comment.map(|c| view! { <p class="note">{c}</p> })}
                        {f.reopen_reason.map(|c| view! { <p class="note"><em>{c}</em></p> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="feedback-answers" data-testid="feedback">
                <h2>{t!(lang, OfficeText::FeedbackHeading)}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}

/// The agents' intake: a keyboard-first form for a phoned-in, e-mailed or counter report.
#[component]
pub fn IntakePage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| office_options());
    staff_page(lang, move |user| {
        let q = query.read_untracked();
        let created = q.get("created");
        let followed = q.get("followed");
        let agent = user.role.scope(Action::Contacts) != Scope::Nothing;
        // Back to the caller's contact with what the report tab produced.
        let to_contact = move |r: &str| {
            agent.then(|| view! { " · " <a href=format!("/contact?reference={r}&outcome=report_made")>{t!(lang, ContactText::BackToContact)}</a> })
        };
        view! {
            {agent.then(|| view! { <ContactTabs lang current="/intake"/> })}
            <section class="intake">
                <h1>{t!(lang, OfficeText::RegisterAReport)}</h1>
                {created.map(|r| view! { <p class="notice" role="status">{t!(lang, OfficeText::ReportRegistered)} " " <a href=format!("/staff/r/{r}")>{r.clone()}</a> {to_contact(&r)}</p> })}
                {followed.map(|r| view! { <p class="notice" role="status">{t!(lang, OfficeText::TheCallerNow)} " " <a href=format!("/staff/r/{r}")>{r.clone()}</a> {to_contact(&r)}</p> })}
                <FormOutcome lang/>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || options.get().and_then(Result::ok).map(|o| view! {
                        <form method="post" action="/intake" enctype="multipart/form-data" id="intake" class="intake-form" data-intake>
                            <fieldset class="channels">
                                <legend>{t!(lang, OfficeText::Channel)}</legend>
                                {Channel::INTAKE.into_iter().enumerate().map(|(i, c)| view! {
                                    <label><input type="radio" name="channel" value=c.as_str() checked=i == 0/> {c.label(lang)}</label>
                                }).collect_view()}
                            </fieldset>
                            <label class="field"><span>{t!(lang, OfficeText::Category)}</span>
                                <select name="category" id="intake-category" required autofocus>
                                    <option value="">"—"</option>
                                    {o.categories.into_iter().filter(|c| c.active).map(|c| view! {
                                        <option value=c.code.clone()>{format!("{} {}", c.icon, c.name(lang))}</option>
                                    }).collect_view()}
                                </select></label>
                            {o.questions.into_iter().map(|(category, questions)| view! {
                                <crate::ui::questions::QuestionFields category questions lang/>
                            }).collect_view()}
                            <label class="field"><span>{t!(lang, OfficeText::Address)}</span>
                                <input type="text" name="address" id="intake-address" autocomplete="off" role="combobox"
                                    aria-autocomplete="list" aria-controls="intake-suggestions" aria-expanded="false" required/></label>
                            <ul id="intake-suggestions" class="suggestions" role="listbox"></ul>
                            <input type="hidden" name="lat" id="intake-lat"/>
                            <input type="hidden" name="lon" id="intake-lon"/>
                            <div id="intake-nearby" class="nearby hidden" aria-live="polite"
                                data-title=t!(lang, OfficeText::OpenReportsOf)
                                data-follow=t!(lang, OfficeText::CallerFollows)></div>
                            <label class="field"><span>{t!(lang, OfficeText::Description)}</span>
                                <textarea name="description" rows="3" maxlength="4000" required></textarea></label>
                            <fieldset>
                                <legend>{t!(lang, OfficeText::CallerConfidential)}</legend>
                                <label class="field"><span>{t!(lang, OfficeText::Name)}</span><input type="text" name="contact_name" maxlength="120"/></label>
                                <label class="field"><span>{t!(lang, OfficeText::Phone)}</span><input type="tel" name="contact_phone" maxlength="32"/></label>
                                <label class="field"><span>"E-mail"</span><input type="email" name="contact_email" maxlength="254"/></label>
                                <label class="field"><span>{t!(lang, OfficeText::CallerSLanguage)}</span>
                                    <select name="lang">
                                        {Lang::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.code().to_uppercase()}</option> }).collect_view()}
                                    </select></label>
                            </fieldset>
                            <button type="submit" class="primary">{t!(lang, OfficeText::Register)}</button>
                            <p class="muted">{t!(lang, OfficeText::RefineThePoint)}</p>
                            <div id="intake-map" class="map small"></div>
                        </form>
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}
