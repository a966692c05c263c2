//! Complaint pages: the citizen's complaint form (mobile first) and its confirmation, the
//! registration form for complaints received by phone, letter, e-mail or at the counter, the
//! officers' list with deadline warnings, one complaint with every handling step, and the
//! printable yearly complaints report. Rendered on the server; forms post to plain routes.

use super::domain::{
    ComplaintChannel, ComplaintFilter, ComplaintStatus, ComplaintSummary, ComplaintView,
    DeadlineState, InadmissibleReason, OmbudsNorm, Verdict,
};
use super::figures::ComplaintYearReport;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::staff::Action;
use crate::time::format_datetime;
use crate::ui::charts::BarChart;
use crate::ui::current_lang;
use crate::ui::staff::{staff_page, FormOutcome};
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
            {day(due)} " · " {state.text(lang)}
            {state.is_overdue().then_some(" ⚠")}
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
    let today = o.today.format("%Y-%m-%d").to_string();
    view! {
        <label class="field"><span>{lang.pick("Wat is er gebeurd? *", "Que s'est-il passé ? *", "What happened? *")}</span>
            <textarea name="description" rows="6" minlength="10" maxlength="6000" required
                placeholder=lang.pick("Beschrijf wat er misliep, met wie en waar.", "Décrivez ce qui n'a pas fonctionné, avec qui et où.", "Describe what went wrong, with whom and where.")></textarea></label>
        <label class="field"><span>{lang.pick("Wanneer?", "Quand ?", "When?")}</span>
            <input type="date" name="happened_on" max=today/></label>
        <label class="field"><span>{lang.pick("Over welke dienst?", "Quel service ?", "Which department?")}</span>
            <select name="department">
                <option value="">{lang.pick("Weet ik niet", "Je ne sais pas", "I don't know")}</option>
                {o.departments.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
            </select></label>
        <label class="field"><span>{lang.pick("Welke medewerker? (optioneel)", "Quel agent ? (facultatif)", "Which employee? (optional)")}</span>
            <input type="text" name="employee" maxlength="120"/></label>
        <label class="field"><span>{lang.pick("Wat verwacht u van de stad?", "Qu'attendez-vous de la ville ?", "What do you expect from the city?")}</span>
            <textarea name="expectation" rows="3" maxlength="6000"></textarea></label>
        <label class="field"><span>{lang.pick("Over een melding van u? Referentie", "À propos d'un de vos signalements ? Référence", "About one of your reports? Reference")}</span>
            <input type="text" name="report" value=report placeholder="M-2026-000123" maxlength="16" pattern="[Mm]-[0-9]{4}-[0-9]{6}"/></label>
        <fieldset>
            <legend>{lang.pick("Uw gegevens (voor het schriftelijke antwoord)", "Vos coordonnées (pour la réponse écrite)", "Your details (for the written answer)")}</legend>
            <p class="muted">{lang.pick(
                "Alleen de klachtenbehandelaar ziet deze gegevens, niet de dienst waarover u klaagt.",
                "Seul le gestionnaire des plaintes voit ces données, pas le service visé.",
                "Only the complaints officer sees these details, not the department you complain about.",
            )}</p>
            <label class="field"><span>{lang.pick("Naam *", "Nom *", "Name *")}</span>
                <input type="text" name="name" maxlength="120" required autocomplete="name"/></label>
            <label class="field"><span>"E-mail"</span>
                <input type="email" name="email" maxlength="254" autocomplete="email"/></label>
            <label class="field"><span>{lang.pick("Telefoon", "Téléphone", "Phone")}</span>
                <input type="tel" name="phone" maxlength="32" autocomplete="tel"/></label>
            <label class="field"><span>{lang.pick("Postadres (als u geen e-mail hebt)", "Adresse postale (si pas d'e-mail)", "Postal address (if no e-mail)")}</span>
                <input type="text" name="address" maxlength="200" autocomplete="street-address"/></label>
        </fieldset>
        <label class="field"><span>{lang.pick("Bijlagen (foto's of pdf, max. 3)", "Pièces jointes (photos ou pdf, max. 3)", "Attachments (photos or PDF, at most 3)")}</span>
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
            <h1>{lang.pick("Een klacht indienen", "Introduire une plainte", "File a complaint")}</h1>
            <p class="lead">{lang.pick(
                "Bent u niet tevreden over hoe de stad of een medewerker u behandelde? Dien hier een klacht in. U krijgt binnen 10 dagen een ontvangstbevestiging en binnen 45 dagen een antwoord.",
                "Vous n'êtes pas satisfait(e) de la manière dont la ville ou un agent vous a traité(e) ? Introduisez ici une plainte. Vous recevez un accusé de réception dans les 10 jours et une réponse dans les 45 jours.",
                "Not satisfied with how the city or an employee treated you? File a complaint here. You get an acknowledgement within 10 days and an answer within 45 days.",
            )}</p>
            <p class="muted">{lang.pick("Een probleem op straat melden (afval, verlichting, wegdek)? ", "Signaler un problème en rue (déchets, éclairage, voirie) ? ", "Reporting a problem in the street (waste, lights, road)? ")}
                <a href="/">{lang.pick("Doe een melding", "Faites un signalement", "Make a report")}</a></p>
            <FormOutcome lang/>
            <p class="field-error" role="alert" data-form-error hidden></p>
            <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                {move || options.get().and_then(Result::ok).map(|o| {
                    let key = o.form_key.clone();
                    view! {
                        <form method="post" action="/complaint" enctype="multipart/form-data" class="complaint" data-complaint-form>
                            <input type="hidden" name="form_key" value=key/>
                            <ComplaintFields o lang report=report.clone()/>
                            <button type="submit" class="primary">{lang.pick("Klacht indienen", "Envoyer la plainte", "Send complaint")}</button>
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
                    <h1>{lang.pick("Uw klacht is ontvangen", "Votre plainte a été reçue", "Your complaint was received")}</h1>
                    <p class="notice" role="status">{lang.pick("Referentie", "Référence", "Reference")} " " <strong data-complaint-ref>{reference}</strong></p>
                    <p>{lang.pick("Ontvangstbevestiging ten laatste op", "Accusé de réception au plus tard le", "Acknowledgement by")} " " {ack}
                       ". " {lang.pick("Antwoord ten laatste op", "Réponse au plus tard le", "Answer by")} " " {answer} "."</p>
                    <p class="muted">{lang.pick("Bewaar de referentie: u hebt ze nodig als u ons contacteert.", "Conservez la référence : elle vous sera demandée si vous nous contactez.", "Keep the reference: you will need it when you contact us.")}</p>
                }.into_any()
            } else {
                view! { <p class="notice">{lang.t("report.notfound")}</p> }.into_any()
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
        view! {
            <section class="complaint-register">
                <h1>{lang.pick("Klacht registreren", "Enregistrer une plainte", "Register a complaint")}</h1>
                {created.map(|r| view! { <p class="notice" role="status">{lang.pick("Klacht geregistreerd:", "Plainte enregistrée :", "Complaint registered:")} " " <strong data-complaint-ref>{r}</strong></p> })}
                <FormOutcome lang/>
                {(!may).then(|| view! { <p class="field-error">{lang.pick("U mag geen klachten registreren.", "Vous ne pouvez pas enregistrer de plaintes.", "You may not register complaints.")}</p> })}
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || options.get().and_then(Result::ok).filter(|_| may).map(|o| {
                        let today = o.today.format("%Y-%m-%d").to_string();
                        view! {
                            <form method="post" action="/complaints/new" enctype="multipart/form-data" class="complaint">
                                <fieldset class="channels">
                                    <legend>{lang.pick("Ontvangen via", "Reçue par", "Received by")}</legend>
                                    {ComplaintChannel::ALL.iter().filter(|c| **c != ComplaintChannel::Web).enumerate().map(|(i, c)| view! {
                                        <label><input type="radio" name="channel" value=c.as_str() checked=i == 0/> {c.label(lang)}</label>
                                    }).collect_view()}
                                </fieldset>
                                <label class="field"><span>{lang.pick("Datum ontvangen * (de termijnen lopen vanaf deze dag)", "Date de réception * (les délais courent à partir de ce jour)", "Day received * (the deadlines count from this day)")}</span>
                                    <input type="date" name="received_on" value=today.clone() max=today required/></label>
                                <label class="field"><span>{lang.pick("Taal van de klager", "Langue du plaignant", "Complainant's language")}</span>
                                    <select name="lang">
                                        {Lang::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.code().to_uppercase()}</option> }).collect_view()}
                                    </select></label>
                                <ComplaintFields o lang report=String::new()/>
                                <button type="submit" class="primary">{lang.pick("Registreren", "Enregistrer", "Register")}</button>
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
                    <h1>{lang.pick("Klachten", "Plaintes", "Complaints")}</h1>
                    <span class="planner-links">
                        <a href="/complaints/new">{lang.pick("Klacht registreren", "Enregistrer une plainte", "Register a complaint")}</a>
                        <a href="/complaints/report">{lang.pick("Jaarverslag klachten", "Rapport annuel des plaintes", "Yearly complaints report")}</a>
                    </span>
                </div>
                <form method="get" action="/complaints" class="filters">
                    <label>{lang.pick("Toon", "Afficher", "Show")}
                        <select name="show">
                            {[("open", lang.pick("Lopend", "En cours", "Open")), ("overdue", lang.pick("Te laat", "En retard", "Overdue")), ("all", lang.pick("Alle", "Toutes", "All"))]
                                .into_iter()
                                .map(|(v, l)| view! { <option value=v selected=show == v>{l}</option> })
                                .collect_view()}
                        </select></label>
                    <label class="grow">{lang.pick("Referentie, naam, e-mail of tekst", "Référence, nom, e-mail ou texte", "Reference, name, e-mail or text")}
                        <input type="search" name="q" value=f.q.clone().unwrap_or_default()/></label>
                    <label>{lang.pick("Jaar ontvangen", "Année de réception", "Year received")}
                        <input type="number" name="year" min="2000" max="2100" value=f.year.map(|y| y.to_string()).unwrap_or_default()/></label>
                    <button type="submit" class="secondary">{lang.pick("Toon", "Afficher", "Show")}</button>
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
            {format!("{} {}", rows.len(), lang.pick("klachten", "plaintes", "complaints"))}
            {(overdue > 0).then(|| view! { " · " <strong class="late" data-overdue-count=overdue>{format!("{overdue} {}", lang.pick("te laat", "en retard", "overdue"))}</strong> })}
            {(soon > 0).then(|| view! { " · " <strong class="soon">{format!("{soon} {}", lang.pick("termijn nadert", "échéance proche", "due soon"))}</strong> })}
        </p>
        <div class="table-scroll">
        <table class="reports complaints-table">
            <thead><tr>
                <th>{lang.pick("Referentie", "Référence", "Reference")}</th>
                <th>{lang.pick("Status", "Statut", "Status")}</th>
                <th>{lang.pick("Ontvangen", "Reçue", "Received")}</th>
                <th>{lang.pick("Kanaal", "Canal", "Channel")}</th>
                <th>{lang.pick("Klager", "Plaignant", "Complainant")}</th>
                <th>{lang.pick("Dienst", "Service", "Department")}</th>
                <th>{lang.pick("Ontvangstbevestiging", "Accusé de réception", "Acknowledgement")}</th>
                <th>{lang.pick("Antwoord", "Réponse", "Answer")}</th>
                <th>{lang.pick("Samenvatting", "Résumé", "Summary")}</th>
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
                            <td class="summary">{r.summary.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// One handling step's form, posting to `/complaints/{ref}/act`.
#[component]
fn StepForm(
    reference: String,
    version: i64,
    action: &'static str,
    label: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=format!("/complaints/{reference}/act") class="act" data-action=action>
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
        view! { <StepForm reference=reference.clone() version=v action label>{body}</StepForm> }
            .into_any()
    };
    let note = |label: &'static str| {
        view! { <textarea name="note" rows="2" maxlength="6000" placeholder=label aria-label=label></textarea> }.into_any()
    };
    let departments = o.departments.clone();
    let department_select = move |name: &'static str, selected: Option<String>| {
        let departments = departments.clone();
        view! {
            <select name=name aria-label=lang.pick("Dienst", "Service", "Department") required>
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
            lang.pick(
                "Ontvangst bevestigen",
                "Envoyer l'accusé de réception",
                "Send acknowledgement",
            ),
            note(lang.pick(
                "Extra zin in de bevestiging (optioneel)",
                "Phrase supplémentaire (facultatif)",
                "Extra sentence (optional)",
            )),
        ));
    }
    if can(ComplaintStatus::Investigating) {
        steps.push(form(
            "admissible",
            lang.pick("Ontvankelijk", "Recevable", "Admissible"),
            note(lang.pick(
                "Toelichting (intern)",
                "Précision (interne)",
                "Note (internal)",
            )),
        ));
    }
    if can(ComplaintStatus::Inadmissible) {
        steps.push(form("inadmissible", lang.pick("Onontvankelijk", "Irrecevable", "Not admissible"), view! {
            <select name="reason" aria-label=lang.pick("Reden", "Motif", "Reason") required>
                {InadmissibleReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> }).collect_view()}
            </select>
            <textarea name="note" rows="2" maxlength="6000" aria-label=lang.pick("Toelichting", "Précision", "Note") placeholder=lang.pick("Toelichting voor de klager", "Précision pour le plaignant", "Note for the complainant")></textarea>
        }.into_any()));
    }
    if c.status.awaits_answer() && !c.anonymised {
        steps.push(form("ask_input", lang.pick("Input vragen aan dienst", "Demander l'avis du service", "Ask department for input"), view! {
            {department_select("department", c.department.clone())}
            <textarea name="question" rows="2" maxlength="6000" required aria-label=lang.pick("Vraag aan de dienst", "Question au service", "Question for the department") placeholder=lang.pick("Vraag aan de dienst", "Question au service", "Question for the department")></textarea>
        }.into_any()));
        steps.push(form("record_input", lang.pick("Input van dienst bewaren", "Enregistrer l'avis du service", "Record department's input"), view! {
            {department_select("department", c.department.clone())}
            <textarea name="answer" rows="2" maxlength="6000" required aria-label=lang.pick("Antwoord van de dienst", "Réponse du service", "Department's answer") placeholder=lang.pick("Antwoord van de dienst", "Réponse du service", "Department's answer")></textarea>
        }.into_any()));
    }
    if can(ComplaintStatus::Decided) {
        steps.push(form("verdict", lang.pick("Oordeel bewaren", "Enregistrer l'évaluation", "Record verdict"), view! {
            <fieldset><legend>{lang.pick("Oordeel", "Évaluation", "Verdict")}</legend>
                {Verdict::ALL.iter().enumerate().map(|(i, x)| view! {
                    <label class="check"><input type="radio" name="verdict" value=x.as_str() required=i == 0/> {x.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <fieldset><legend>{lang.pick("Ombudsnormen", "Normes de l'ombudsman", "Ombuds norms")}</legend>
                {OmbudsNorm::ALL.iter().map(|n| view! {
                    <label class="check"><input type="checkbox" name="norms" value=n.as_str()/> {n.label(lang)}</label>
                }).collect_view()}
            </fieldset>
            <textarea name="note" rows="2" maxlength="6000" aria-label=lang.pick("Motivering (intern)", "Motivation (interne)", "Reasoning (internal)") placeholder=lang.pick("Motivering (intern)", "Motivation (interne)", "Reasoning (internal)")></textarea>
        }.into_any()));
    }
    if can(ComplaintStatus::Answered) {
        steps.push(form("answer", lang.pick("Antwoord versturen", "Envoyer la réponse", "Send answer"), view! {
            <textarea name="text" rows="6" minlength="10" maxlength="6000" required aria-label=lang.pick("Antwoord aan de klager", "Réponse au plaignant", "Answer to the complainant") placeholder=lang.pick("Antwoord aan de klager", "Réponse au plaignant", "Answer to the complainant")></textarea>
            <p class="muted">{lang.pick("De brief vermeldt het oordeel en de Vlaamse Ombudsdienst.", "La lettre mentionne l'évaluation et le médiateur flamand.", "The letter states the verdict and the Flemish Ombudsman.")}</p>
        }.into_any()));
    }
    if c.inadmissible_reason == Some(InadmissibleReason::NotAComplaint)
        && c.status == ComplaintStatus::Inadmissible
        && !c.anonymised
    {
        let categories = o.categories.clone();
        steps.push(form("convert", lang.pick("Omzetten in melding", "Convertir en signalement", "Convert into a report"), view! {
            <select name="category" aria-label=lang.pick("Categorie", "Catégorie", "Category") required>
                {categories.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
            </select>
            <input type="text" name="address" required maxlength="200" placeholder=lang.pick("Adres van het probleem", "Adresse du problème", "Address of the problem")/>
        }.into_any()));
    }
    if c.status == ComplaintStatus::Answered && !c.anonymised {
        steps.push(form(
            "close",
            lang.pick("Afsluiten", "Clôturer", "Close"),
            note(lang.pick(
                "Toelichting (intern)",
                "Précision (interne)",
                "Note (internal)",
            )),
        ));
    }
    if c.status != ComplaintStatus::Closed && !c.anonymised {
        steps.push(form(
            "department",
            lang.pick(
                "Dienst waarover geklaagd wordt",
                "Service visé",
                "Department complained about",
            ),
            department_select("department", c.department.clone()),
        ));
    }
    if !c.anonymised {
        steps.push(form("improvement", lang.pick("Verbeteractie bewaren", "Enregistrer l'action d'amélioration", "Record improvement action"), view! {
            <input type="text" name="text" maxlength="1000" required aria-label=lang.pick("Verbeteractie", "Action d'amélioration", "Improvement action") placeholder=lang.pick("Verbeteractie", "Action d'amélioration", "Improvement action")/>
        }.into_any()));
        steps.push(form("note", lang.pick("Notitie toevoegen", "Ajouter une note", "Add note"), view! {
            <input type="text" name="text" maxlength="6000" required aria-label=lang.pick("Interne notitie", "Note interne", "Internal note") placeholder=lang.pick("Interne notitie", "Note interne", "Internal note")/>
        }.into_any()));
    }
    let no_email = c.contact.email.is_none();
    view! {
        <article class="staff-report complaint-detail">
            <h1>{c.reference.clone()} " " <ComplaintStatusBadge status=c.status lang/></h1>
            <FormOutcome lang/>
            {c.anonymised.then(|| view! { <p class="notice">{lang.pick("De persoonsgegevens van deze klacht zijn gewist na de bewaartermijn.", "Les données personnelles de cette plainte ont été effacées.", "This complaint's personal data was erased after the retention period.")}</p> })}
            <div class="columns">
                <div>
                    <dl class="facts">
                        <dt>{lang.pick("Ontvangen", "Reçue", "Received")}</dt><dd>{day(c.received_on)} " · " {c.channel.label(lang)}</dd>
                        <dt>{lang.pick("Ingevoerd", "Saisie", "Entered")}</dt><dd>{format_datetime(c.created_at)} {c.created_by.clone().map(|n| format!(" · {n}"))}</dd>
                        <dt>{lang.pick("Ontvangstbevestiging", "Accusé de réception", "Acknowledgement")}</dt><dd><DeadlineBadge due=c.deadlines.ack_due state=c.ack_state lang/></dd>
                        <dt>{lang.pick("Antwoord", "Réponse", "Answer")}</dt><dd><DeadlineBadge due=c.deadlines.answer_due state=c.answer_state lang/></dd>
                        <dt>{lang.pick("Dienst", "Service", "Department")}</dt><dd>{c.department_name.clone().unwrap_or_else(|| "—".into())}</dd>
                        {c.employee.clone().map(|e| view! { <dt>{lang.pick("Medewerker", "Agent", "Employee")}</dt><dd>{e}</dd> })}
                        {c.happened_on.map(|d| view! { <dt>{lang.pick("Gebeurd op", "Survenu le", "Happened on")}</dt><dd>{day(d)}</dd> })}
                        {c.report.clone().map(|r| view! { <dt>{lang.pick("Over melding", "Signalement", "About report")}</dt><dd><a href=format!("/staff/r/{r}")>{r.clone()}</a></dd> })}
                        {c.converted_report.clone().map(|r| view! { <dt>{lang.pick("Omgezet in", "Convertie en", "Converted into")}</dt><dd><a href=format!("/staff/r/{r}") data-converted>{r.clone()}</a></dd> })}
                        {c.inadmissible_reason.map(|r| view! { <dt>{lang.pick("Onontvankelijk", "Irrecevable", "Not admissible")}</dt><dd>{r.label(lang)}</dd> })}
                        {c.verdict.map(|x| view! { <dt>{lang.pick("Oordeel", "Évaluation", "Verdict")}</dt><dd data-verdict=x.as_str()>{x.label(lang)}</dd> })}
                        {(!c.norms.is_empty()).then(|| view! { <dt>{lang.pick("Ombudsnormen", "Normes", "Norms")}</dt>
                            <dd>{c.norms.iter().map(|n| n.label(lang)).collect::<Vec<_>>().join(", ")}</dd> })}
                        <dt>{lang.pick("Taal", "Langue", "Language")}</dt><dd>{c.lang.code().to_uppercase()}</dd>
                    </dl>
                    <div class="contact" aria-label=lang.pick("Klager", "Plaignant", "Complainant")>
                        <strong>{lang.pick("Klager (vertrouwelijk)", "Plaignant (confidentiel)", "Complainant (confidential)")}</strong>
                        <p>{c.contact.name.clone().unwrap_or_default()} " " {c.contact.phone.clone().unwrap_or_default()} " " {c.contact.email.clone().unwrap_or_default()}</p>
                        {c.contact.address.clone().map(|a| view! { <p>{a}</p> })}
                    </div>
                    <h2>{lang.pick("Klacht", "Plainte", "Complaint")}</h2>
                    <p class="description">{c.description.clone()}</p>
                    {c.expectation.clone().map(|e| view! { <h3>{lang.pick("Verwachting", "Attente", "Expectation")}</h3><p class="description">{e}</p> })}
                    {(!c.files.is_empty()).then(|| view! {
                        <h3>{lang.pick("Bijlagen", "Pièces jointes", "Attachments")}</h3>
                        <ul class="photo-grid">
                            {c.files.clone().into_iter().map(|f| view! {
                                <li><a href=f.url.clone() data-file=f.kind.clone()>
                                    {f.thumbnail_url.clone().map(|t| view! { <img src=t alt="" loading="lazy"/> })}
                                    <span class="caption">{f.name.clone()} " (" {format!("{} kB", f.bytes / 1024)} ")"</span></a></li>
                            }).collect_view()}
                        </ul>
                    })}
                    {c.answer.clone().map(|a| view! { <h3>{lang.pick("Antwoord", "Réponse", "Answer")}</h3><p class="description">{a}</p> })}
                    {(!c.improvements.is_empty()).then(|| view! {
                        <h3>{lang.pick("Verbeteracties", "Actions d'amélioration", "Improvement actions")}</h3>
                        <ul>{c.improvements.clone().into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                    })}
                </div>
                <div class="actions">
                    <h2>{lang.pick("Behandelen", "Traiter", "Handle")}</h2>
                    <p class="muted">{lang.pick(
                        "De dienst waarover geklaagd wordt beslist niet over de klacht; vraag ze hoogstens om input.",
                        "Le service visé ne décide pas de la plainte ; demandez-lui au plus son avis.",
                        "The department complained about never decides on the complaint; at most ask it for input.",
                    )}</p>
                    {steps}
                </div>
            </div>
            {(no_email && !c.letters.is_empty()).then(|| view! {
                <section class="letters">
                    <h2>{lang.pick("Brieven om te versturen per post", "Lettres à envoyer par la poste", "Letters to send by post")}</h2>
                    {c.letters.clone().into_iter().map(|(subject, body)| view! {
                        <article class="letter"><h3>{subject}</h3><pre>{c.contact.name.clone().unwrap_or_default()} "\n" {c.contact.address.clone().unwrap_or_default()} "\n\n" {body}</pre></article>
                    }).collect_view()}
                    <button type="button" class="secondary no-print" onclick="window.print()">{lang.pick("Afdrukken", "Imprimer", "Print")}</button>
                </section>
            })}
            <h2>{lang.pick("Geschiedenis", "Historique", "History")}</h2>
            <table class="history">
                <thead><tr><th>{lang.pick("Wanneer", "Quand", "When")}</th><th>{lang.pick("Wat", "Quoi", "What")}</th><th>{lang.pick("Status", "Statut", "Status")}</th><th>{lang.pick("Wie", "Qui", "Who")}</th><th>{lang.pick("Dienst", "Service", "Department")}</th><th>{lang.pick("Notitie", "Note", "Note")}</th></tr></thead>
                <tbody>
                    {c.history.into_iter().map(|h| view! {
                        <tr data-kind=h.kind.as_str()>
                            <td>{format_datetime(h.at)}</td>
                            <td>{h.kind.label(lang)}</td>
                            <td>{h.status.label(lang)}</td>
                            <td>{h.actor.unwrap_or_else(|| lang.pick("klager", "plaignant", "complainant").to_owned())}</td>
                            <td>{h.department.unwrap_or_default()}</td>
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
                <thead><tr><th scope="col">{title}</th><th scope="col">{lang.pick("Aantal", "Nombre", "Count")}</th></tr></thead>
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
                <div class="kpi" data-kpi="received"><span>{lang.pick("Ontvangen", "Reçues", "Received")}</span><strong>{r.received}</strong></div>
                <div class="kpi" data-kpi="admissible"><span>{lang.pick("Ontvankelijk", "Recevables", "Admissible")}</span><strong>{r.admissible}</strong></div>
                <div class="kpi" data-kpi="inadmissible"><span>{lang.pick("Onontvankelijk", "Irrecevables", "Not admissible")}</span><strong>{r.inadmissible}</strong></div>
                <div class="kpi" data-kpi="in_time"><span>{lang.pick("Binnen 45 dagen beantwoord", "Répondues dans les 45 jours", "Answered within 45 days")}</span><strong>{r.answered_in_time}</strong></div>
                <div class="kpi" data-kpi="late"><span>{lang.pick("Later beantwoord", "Répondues plus tard", "Answered later")}</span><strong>{r.answered_late}</strong></div>
                <div class="kpi" data-kpi="mean"><span>{lang.pick("Gemiddelde behandelduur (dagen)", "Durée moyenne (jours)", "Mean handling days")}</span><strong>{days(r.mean_days)}</strong></div>
                <div class="kpi" data-kpi="median"><span>{lang.pick("Mediaan behandelduur (dagen)", "Durée médiane (jours)", "Median handling days")}</span><strong>{days(r.median_days)}</strong></div>
            </div>
    }
    .into_any();
    view! {
        <div class="complaint-figures" data-year=r.year>
            {kpis}
            <div class="charts">
                {rows(lang.pick("Kanaal", "Canal", "Channel"), r.by_channel.clone(), "channel")}
                {rows(lang.pick("Reden onontvankelijk", "Motif d'irrecevabilité", "Reason not admissible"), r.by_reason.clone(), "reason")}
                {rows(lang.pick("Oordeel", "Évaluation", "Verdict"), r.by_verdict.clone(), "verdict")}
                <BarChart title=lang.pick("Klachten per ombudsnorm", "Plaintes par norme", "Complaints per ombuds norm").to_owned() rows=r.by_norm.clone() lang/>
            </div>
            <table class="annual-table" data-table="department">
                <thead><tr>
                    <th scope="col">{lang.pick("Dienst", "Service", "Department")}</th>
                    <th scope="col">{lang.pick("Ontvangen", "Reçues", "Received")}</th>
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
                <h3>{lang.pick("Verbeteracties", "Actions d'amélioration", "Improvement actions")}</h3>
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
                                <h1>{format!("{} {year}", lang.pick("Jaarverslag klachten", "Rapport annuel des plaintes", "Yearly complaints report"))}</h1>
                                <form method="get" action="/complaints/report" class="no-print">
                                    <label>{lang.pick("Jaar", "Année", "Year")} " "
                                        <input type="number" name="year" min="2000" max="2100" value=year/></label>
                                    " " <button type="submit" class="secondary">{lang.pick("Tonen", "Afficher", "Show")}</button>
                                    " " <button type="button" class="secondary" onclick="window.print()">{lang.pick("Afdrukken / PDF", "Imprimer / PDF", "Print / PDF")}</button>
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
