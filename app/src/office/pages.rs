//! Back-office pages: sign-in, the coordinator's queue, a report's staff view with every
//! workflow form, the agents' intake and search, and administration. Rendered on the server;
//! forms post to plain routes (`server::web`), so the common path needs no script.

use super::api::{office_options, queue_data, search_data, staff_report_data, Options};
use super::domain::{EventKind, QueueFilter, QueueSort, SearchInput, StaffReport, StaffSummary};
use crate::i18n::Lang;
use crate::report::domain::{Channel, ReportStatus};
use crate::staff::{Action, Scope, StaffUser};
use crate::time::format_datetime;
use crate::ui::staff::{staff_page, FormOutcome};
use crate::ui::{current_lang, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Due date with an overdue flag.
#[component]
fn Due(due_at: chrono::DateTime<chrono::Utc>, days_overdue: i64, lang: Lang) -> impl IntoView {
    let class = if days_overdue > 0 {
        "due overdue"
    } else {
        "due"
    };
    view! {
        <span class=class>
            {format_datetime(due_at).chars().take(10).collect::<String>()}
            {(days_overdue > 0).then(|| view! {
                " " <strong class="late">{format!("{days_overdue} {}", lang.pick("d te laat", "j de retard", "d late"))}</strong>
            })}
        </span>
    }
}

/// A table of reports for staff lists.
#[component]
pub fn ReportTable(rows: Vec<StaffSummary>, lang: Lang) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{lang.pick("Geen meldingen.", "Aucun signalement.", "No reports.")}</p> }.into_any();
    }
    view! {
        <table class="reports">
            <thead><tr>
                <th>{lang.pick("Referentie", "Référence", "Reference")}</th>
                <th>{lang.pick("Status", "Statut", "Status")}</th>
                <th>{lang.pick("Categorie", "Catégorie", "Category")}</th>
                <th>{lang.pick("Adres", "Adresse", "Address")}</th>
                <th>{lang.pick("Ingediend", "Reçu", "Received")}</th>
                <th>{lang.pick("Termijn", "Échéance", "Due")}</th>
                <th>{lang.pick("Laatste wijziging", "Dernière mise à jour", "Last update")}</th>
                <th>{lang.pick("Ploeg", "Équipe", "Team")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr class:overdue={r.days_overdue > 0}>
                        <td><a href=format!("/staff/r/{}", r.reference)>{r.reference.clone()}</a></td>
                        <td><StatusBadge status=r.status lang/></td>
                        <td>{r.category_name(lang).to_owned()}</td>
                        <td>{r.address.clone().unwrap_or_default()}</td>
                        <td>{format_datetime(r.created_at)}</td>
                        <td><Due due_at=r.due_at days_overdue=r.days_overdue lang/></td>
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
                <h1>{lang.pick("Wachtrij", "File d'attente", "Queue")}</h1>
                <form method="get" action="/queue" class="filters">
                    <Suspense fallback=|| ()>
                        {move || options.get().and_then(Result::ok).map(|o| {
                            let f = filter();
                            let own = user.departments.clone();
                            view! {
                                <label>{lang.pick("Dienst", "Service", "Department")}
                                    <select name="department">
                                        <option value="">{lang.pick("Al mijn diensten", "Tous mes services", "All my departments")}</option>
                                        {o.departments.into_iter().filter(|d| user.role.scope(Action::Triage) == Scope::All || own.contains(&d.code)).map(|d| {
                                            let selected = f.department.as_deref() == Some(d.code.as_str());
                                            view! { <option value=d.code.clone() selected=selected>{d.name(lang).to_owned()}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                                <label>{lang.pick("Categorie", "Catégorie", "Category")}
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
                    <label>{lang.pick("Status", "Statut", "Status")}
                        <select name="status">
                            {[("", lang.pick("Nieuw", "Nouveau", "New")), ("open", lang.pick("Alle open", "Tous ouverts", "All open")), ("all", lang.pick("Alle", "Tous", "All"))]
                                .into_iter()
                                .chain(ReportStatus::ALL.into_iter().skip(1).map(|s| (s.as_str(), s.label(lang))))
                                .map(|(v, l)| view! { <option value=v selected=f.status.as_deref().unwrap_or("") == v>{l}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>{lang.pick("Sorteren", "Trier", "Sort")}
                        <select name="sort">
                            {[(QueueSort::Age, lang.pick("Oudste eerst", "Plus anciens d'abord", "Oldest first")),
                              (QueueSort::Deadline, lang.pick("Termijn", "Échéance", "Due date")),
                              (QueueSort::Category, lang.pick("Categorie", "Catégorie", "Category"))]
                                .into_iter()
                                .map(|(s, l)| view! { <option value=s.as_str() selected=f.sort.as_deref() == Some(s.as_str())>{l}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" name="overdue" value="1" checked=f.overdue/>
                        {lang.pick("Enkel te laat", "En retard seulement", "Overdue only")}</label>
                    <button type="submit" class="secondary">{lang.pick("Toon", "Afficher", "Show")}</button>
                </form>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || data.get().map(|d| match d {
                        Ok((rows, worst)) => view! {
                            <p class="muted">{format!("{} {}", rows.len(), lang.pick("meldingen", "signalements", "reports"))}</p>
                            <ReportTable rows lang/>
                            <h2>{lang.pick("Langer dan 3× de termijn open", "Ouverts depuis plus de 3× l'échéance", "Open for more than 3× their term")}</h2>
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
                <h1>{lang.pick("Melding opzoeken", "Rechercher un signalement", "Find a report")}</h1>
                <form method="get" action="/search" class="filters">
                    <label class="grow">{lang.pick("Referentie, straat, telefoon of e-mail", "Référence, rue, téléphone ou e-mail", "Reference, street, phone or e-mail")}
                        <input type="search" name="q" value=i.q.clone() autofocus/></label>
                    <label>{lang.pick("Van", "Du", "From")}<input type="date" name="from" value=i.from.clone().unwrap_or_default()/></label>
                    <label>{lang.pick("Tot", "Au", "To")}<input type="date" name="to" value=i.to.clone().unwrap_or_default()/></label>
                    <button type="submit" class="secondary">{lang.pick("Zoeken", "Rechercher", "Search")}</button>
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
    let (nl, fr, en) = match kind {
        EventKind::Created => ("Ontvangen", "Reçu", "Received"),
        EventKind::Status => ("Status", "Statut", "Status"),
        EventKind::Reopen => ("Heropend", "Rouvert", "Reopened"),
        EventKind::Assign => ("Toegewezen", "Attribué", "Assigned"),
        EventKind::Forward => ("Doorgestuurd", "Transmis", "Forwarded"),
        EventKind::Duplicate => ("Dubbel", "Doublon", "Duplicate"),
        EventKind::Route => ("Andere dienst", "Autre service", "Re-routed"),
        EventKind::Partner => ("Partner", "Partenaire", "Partner"),
        EventKind::Follow => ("Volger toegevoegd", "Suiveur ajouté", "Follower added"),
        EventKind::Note => ("Interne notitie", "Note interne", "Internal note"),
        EventKind::Conflict => (
            "Offline wijziging in conflict",
            "Modification hors ligne en conflit",
            "Conflicting offline change",
        ),
        EventKind::Resolved => ("Conflict opgelost", "Conflit résolu", "Conflict resolved"),
    };
    lang.pick(nl, fr, en)
}

/// One workflow form posting to `/staff/r/{ref}/act`.
#[component]
fn ActForm(
    reference: String,
    version: i64,
    action: &'static str,
    label: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=format!("/staff/r/{reference}/act") enctype="multipart/form-data" class="act" data-action=action>
            <input type="hidden" name="version" value=version.to_string()/>
            <input type="hidden" name="action" value=action/>
            {children()}
            <button type="submit" class="secondary">{label}</button>
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
    let form = |action: &'static str, label: &'static str, body: AnyView| {
        view! { <ActForm reference=reference.clone() version=v action label>{body}</ActForm> }
    };
    let note_input = |placeholder: &'static str| {
        view! { <input type="text" name="note" maxlength="2000" placeholder=placeholder aria-label=placeholder/> }.into_any()
    };
    let public_note = lang.pick(
        "Toelichting voor de melder",
        "Précision pour le citoyen",
        "Note for the reporter",
    );
    let mut forms: Vec<AnyView> = Vec::new();
    if triage && can(ReportStatus::Accepted) && r.status.is_open() {
        forms.push(
            form(
                "accept",
                lang.pick("Aanvaarden", "Accepter", "Accept"),
                note_input(public_note),
            )
            .into_any(),
        );
    }
    if triage && (can(ReportStatus::Assigned) || r.status == ReportStatus::Assigned) {
        let teams = o.teams.clone();
        forms.push(form("assign", lang.pick("Toewijzen", "Attribuer", "Assign"), view! {
            <select name="team_id" aria-label=lang.pick("Ploeg", "Équipe", "Team") required>
                {teams.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
            </select>
            <select name="priority" aria-label=lang.pick("Prioriteit", "Priorité", "Priority")>
                <option value="1">{lang.pick("1 dringend", "1 urgent", "1 urgent")}</option>
                <option value="2" selected>{lang.pick("2 normaal", "2 normal", "2 normal")}</option>
                <option value="3">{lang.pick("3 laag", "3 basse", "3 low")}</option>
            </select>
        }.into_any()).into_any());
    }
    if field && can(ReportStatus::InProgress) {
        forms.push(
            form(
                "start",
                lang.pick("In behandeling", "En cours", "In progress"),
                note_input(public_note),
            )
            .into_any(),
        );
    }
    if field && can(ReportStatus::Done) {
        forms.push(form("done", lang.pick("Opgelost", "Résolu", "Done"), view! {
            <input type="text" name="note" maxlength="2000" placeholder=public_note aria-label=public_note/>
            <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" aria-label=lang.t("crew.after_photo")/>
        }.into_any()).into_any());
    }
    if triage && can(ReportStatus::Rejected) {
        let reason = lang.pick(
            "Reden (verplicht)",
            "Motif (obligatoire)",
            "Reason (required)",
        );
        forms.push(form("reject", lang.pick("Afwijzen", "Rejeter", "Reject"), view! {
            <input type="text" name="reason" maxlength="2000" required placeholder=reason aria-label=reason/>
        }.into_any()).into_any());
    }
    if triage && can(ReportStatus::Forwarded) && !o.partners.is_empty() {
        let partners = o.partners.clone();
        forms.push(form("forward", lang.pick("Doorsturen naar partner", "Transmettre au partenaire", "Forward to partner"), view! {
            <select name="partner_id" aria-label=lang.pick("Partner", "Partenaire", "Partner")>
                {partners.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
            </select>
            <input type="text" name="note" maxlength="2000" placeholder=lang.pick("Bericht voor de partner", "Message au partenaire", "Message for the partner")/>
        }.into_any()).into_any());
    }
    if triage && r.partner.is_some() {
        forms.push(form("partner", lang.pick("Partnergegevens bewaren", "Enregistrer", "Save partner details"), view! {
            <input type="text" name="partner_ref" value=r.partner_ref.clone().unwrap_or_default() placeholder=lang.pick("Hun referentie", "Leur référence", "Their reference")/>
            <input type="text" name="partner_status" value=r.partner_status.clone().unwrap_or_default() placeholder=lang.pick("Hun status", "Leur statut", "Their status")/>
        }.into_any()).into_any());
    }
    if triage && can(ReportStatus::Duplicate) {
        forms.push(form("duplicate", lang.pick("Dubbel van", "Doublon de", "Duplicate of"), view! {
            <input type="text" name="of" required placeholder="M-2026-000123" pattern="[Mm]-[0-9]{4}-[0-9]{6}"/>
        }.into_any()).into_any());
    }
    if triage && r.status.is_open() {
        let departments = o.departments.clone();
        let current = r.department.clone();
        forms.push(form("route", lang.pick("Naar andere dienst", "Vers un autre service", "Re-route"), view! {
            <select name="department" aria-label=lang.pick("Dienst", "Service", "Department")>
                {departments.into_iter().filter(|d| d.code != current && d.active).map(|d| view! { <option value=d.code.clone()>{d.name(lang).to_owned()}</option> }).collect_view()}
            </select>
        }.into_any()).into_any());
    }
    if triage && !r.status.is_open() {
        forms.push(
            form(
                "reopen",
                lang.pick("Heropenen", "Rouvrir", "Reopen"),
                note_input(public_note),
            )
            .into_any(),
        );
    }
    if triage && r.conflict_at.is_some() {
        let label = lang.pick("Hoe opgelost?", "Comment résolu ?", "How resolved?");
        forms.insert(0, form("resolve_conflict", lang.pick("Conflict opgelost", "Conflit résolu", "Conflict resolved"), view! {
            <input type="text" name="note" maxlength="2000" placeholder=label aria-label=label/>
        }.into_any()).into_any());
    }
    if triage {
        let label = lang.pick("Interne notitie", "Note interne", "Internal note");
        forms.push(form("note", lang.pick("Notitie toevoegen", "Ajouter", "Add note"), view! {
            <input type="text" name="internal" maxlength="2000" required placeholder=label aria-label=label/>
        }.into_any()).into_any());
    }
    view! {
        <article class="staff-report">
            <h1>{r.reference.clone()} " " <StatusBadge status=r.status lang/> <small>{r.category_name.clone()}</small></h1>
            <FormOutcome lang/>
            {r.conflict_at.map(|_| view! {
                <p class="notice conflict" role="alert" data-testid="conflict">
                    "⚠ " {lang.pick(
                        "Offline wijzigingen van ploegen botsen: zie de geschiedenis en los het op.",
                        "Des modifications hors ligne d'équipes sont en conflit : voir l'historique et résoudre.",
                        "Offline changes by crews conflict: see the history and resolve.",
                    )}
                </p>
            })}
            <div class="columns">
                <div>
                    <dl class="facts">
                        <dt>{lang.pick("Dienst", "Service", "Department")}</dt><dd>{r.department_name.clone()}</dd>
                        <dt>{lang.pick("Kanaal", "Canal", "Channel")}</dt><dd>{r.channel.label(lang)}</dd>
                        <dt>{lang.pick("Ingediend", "Reçu", "Received")}</dt><dd>{format_datetime(r.created_at)}</dd>
                        <dt>{lang.pick("Termijn", "Échéance", "Due")}</dt><dd><Due due_at=r.due_at days_overdue=r.days_overdue lang/></dd>
                        <dt>{lang.pick("Adres", "Adresse", "Address")}</dt><dd>{r.address.clone().unwrap_or_else(|| format!("{:.5}, {:.5}", r.lat, r.lon))}</dd>
                        {r.team.clone().map(|t| view! { <dt>{lang.pick("Ploeg", "Équipe", "Team")}</dt><dd>{format!("{t} · P{}", r.priority)}</dd> })}
                        {r.partner.clone().map(|p| view! { <dt>{lang.pick("Partner", "Partenaire", "Partner")}</dt>
                            <dd>{p} " " {r.partner_ref.clone().unwrap_or_default()} " " {r.partner_status.clone().unwrap_or_default()}</dd> })}
                        {r.duplicate_of.clone().map(|d| view! { <dt>{lang.pick("Dubbel van", "Doublon de", "Duplicate of")}</dt>
                            <dd><a href=format!("/staff/r/{d}")>{d.clone()}</a></dd> })}
                        <dt>{lang.pick("Volgers", "Suiveurs", "Followers")}</dt><dd>{r.followers}</dd>
                    </dl>
                    {r.contact.clone().map(|c| view! {
                        <div class="contact" aria-label=lang.pick("Melder", "Citoyen", "Reporter")>
                            <strong>{lang.pick("Melder (vertrouwelijk)", "Citoyen (confidentiel)", "Reporter (confidential)")}</strong>
                            <p>{c.name.unwrap_or_default()} " " {c.phone.unwrap_or_default()} " " {c.email.unwrap_or_default()}</p>
                        </div>
                    })}
                    <p class="description">{r.description.clone()}</p>
                    <ul class="photo-grid">
                        {r.photos.clone().into_iter().map(|p| view! {
                            <li><a href=p.url.clone()><img src=p.thumbnail_url.clone() alt="" loading="lazy"/></a>
                                <span class="caption">{p.kind.as_str()}</span></li>
                        }).collect_view()}
                    </ul>
                    <div class="map small" data-map="point" data-lat=r.lat.to_string() data-lon=r.lon.to_string() data-colour=r.status.colour()></div>
                </div>
                <div class="actions">
                    <h2>{lang.pick("Behandelen", "Traiter", "Handle")}</h2>
                    {forms}
                    <p><a href=format!("/r/{}", r.reference)>{lang.pick("Publieke pagina", "Page publique", "Public page")}</a>
                       {user.role.works_in_teams().then(|| view! { " · " <a href=format!("/crew/r/{}", r.reference)>{lang.pick("Ploegweergave", "Vue équipe", "Crew view")}</a> })}</p>
                </div>
            </div>
            <h2>{lang.pick("Geschiedenis", "Historique", "History")}</h2>
            <table class="history">
                <thead><tr><th>{lang.pick("Wanneer", "Quand", "When")}</th><th>{lang.pick("Wat", "Quoi", "What")}</th><th>{lang.pick("Status", "Statut", "Status")}</th><th>{lang.pick("Wie", "Qui", "Who")}</th><th>{lang.pick("Notitie", "Note", "Note")}</th></tr></thead>
                <tbody>
                    {r.history.into_iter().map(|h| view! {
                        <tr>
                            <td>{format_datetime(h.at)}</td>
                            <td>{kind_label(h.kind, lang)}</td>
                            <td><StatusBadge status=h.status lang/></td>
                            <td>{h.actor.unwrap_or_else(|| lang.pick("melder", "citoyen", "reporter").to_owned())}</td>
                            <td>{h.note.unwrap_or_default()}
                                {h.internal_note.map(|n| view! { <em class="internal">" [" {n} "]"</em> })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </article>
    }
}

/// The agents' intake: a keyboard-first form for a phoned-in, e-mailed or counter report.
#[component]
pub fn IntakePage() -> impl IntoView {
    let lang = current_lang();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| office_options());
    staff_page(lang, move |_user| {
        let q = query.read_untracked();
        let created = q.get("created");
        let followed = q.get("followed");
        view! {
            <section class="intake">
                <h1>{lang.pick("Melding registreren", "Enregistrer un signalement", "Register a report")}</h1>
                {created.map(|r| view! { <p class="notice" role="status">{lang.pick("Melding geregistreerd:", "Signalement enregistré :", "Report registered:")} " " <a href=format!("/staff/r/{r}")>{r.clone()}</a></p> })}
                {followed.map(|r| view! { <p class="notice" role="status">{lang.pick("Beller volgt nu", "L'appelant suit maintenant", "The caller now follows")} " " <a href=format!("/staff/r/{r}")>{r.clone()}</a></p> })}
                <FormOutcome lang/>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || options.get().and_then(Result::ok).map(|o| view! {
                        <form method="post" action="/intake" enctype="multipart/form-data" id="intake" class="intake-form" data-intake>
                            <fieldset class="channels">
                                <legend>{lang.pick("Kanaal", "Canal", "Channel")}</legend>
                                {Channel::INTAKE.into_iter().enumerate().map(|(i, c)| view! {
                                    <label><input type="radio" name="channel" value=c.as_str() checked=i == 0/> {c.label(lang)}</label>
                                }).collect_view()}
                            </fieldset>
                            <label class="field"><span>{lang.pick("Categorie", "Catégorie", "Category")}</span>
                                <select name="category" id="intake-category" required autofocus>
                                    <option value="">"—"</option>
                                    {o.categories.into_iter().filter(|c| c.active).map(|c| view! {
                                        <option value=c.code.clone()>{format!("{} {}", c.icon, c.name(lang))}</option>
                                    }).collect_view()}
                                </select></label>
                            <label class="field"><span>{lang.pick("Adres", "Adresse", "Address")}</span>
                                <input type="text" name="address" id="intake-address" autocomplete="off" role="combobox"
                                    aria-autocomplete="list" aria-controls="intake-suggestions" aria-expanded="false" required/></label>
                            <ul id="intake-suggestions" class="suggestions" role="listbox"></ul>
                            <input type="hidden" name="lat" id="intake-lat"/>
                            <input type="hidden" name="lon" id="intake-lon"/>
                            <div id="intake-nearby" class="nearby hidden" aria-live="polite"
                                data-title=lang.pick("Open meldingen van deze soort in de buurt", "Signalements ouverts de ce type à proximité", "Open reports of this kind nearby")
                                data-follow=lang.pick("Beller volgt", "L'appelant suit", "Caller follows")></div>
                            <label class="field"><span>{lang.pick("Omschrijving", "Description", "Description")}</span>
                                <textarea name="description" rows="3" maxlength="4000" required></textarea></label>
                            <fieldset>
                                <legend>{lang.pick("Beller (vertrouwelijk)", "Appelant (confidentiel)", "Caller (confidential)")}</legend>
                                <label class="field"><span>{lang.pick("Naam", "Nom", "Name")}</span><input type="text" name="contact_name" maxlength="120"/></label>
                                <label class="field"><span>{lang.pick("Telefoon", "Téléphone", "Phone")}</span><input type="tel" name="contact_phone" maxlength="32"/></label>
                                <label class="field"><span>"E-mail"</span><input type="email" name="contact_email" maxlength="254"/></label>
                                <label class="field"><span>{lang.pick("Taal van de beller", "Langue de l'appelant", "Caller's language")}</span>
                                    <select name="lang">
                                        {Lang::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.code().to_uppercase()}</option> }).collect_view()}
                                    </select></label>
                            </fieldset>
                            <button type="submit" class="primary">{lang.pick("Registreren", "Enregistrer", "Register")}</button>
                            <p class="muted">{lang.pick("Punt verfijnen op de kaart (optioneel):", "Affiner le point sur la carte (optionnel) :", "Refine the point on the map (optional):")}</p>
                            <div id="intake-map" class="map small"></div>
                        </form>
                    })}
                </Suspense>
            </section>
        }
        .into_any()
    })
}
