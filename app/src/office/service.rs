//! Back-office rules: what staff may see and do with reports. Every route and server function
//! of the back office calls these; access is checked here, not only in the UI.
#![warn(clippy::wildcard_enum_match_arm)]

use super::domain::{
    clean_note, days_overdue, parse_priority, Department, EventKind, QueueSort, ReportQuery,
    StaffReport, StaffSummary, TriageAction,
};
pub use super::domain::{QueueFilter, SearchInput};
use super::notify;
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::port::{
    IdempotencyKey, NewFeedback, NewFollower, NewReceipt, ProcessedPhoto, Recipient,
    ReopenDecision, ReportRecord, ReportUpdate,
};
use crate::report::domain::{
    Channel, Contact, GeoPoint, PhotoKind, ReportInput, ReportRef, ReportStatus, SubmitReceipt,
    MAX_PHOTOS,
};
use crate::report::feedback::{asks_feedback, reopen_asked, ReopenState};
use crate::service::{create_report, delete_photos, photo_views, put_photos};
use crate::staff::{Action, StaffUser};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub(crate) async fn load(ctx: &Ctx, reference: &str) -> Result<ReportRecord, AppError> {
    let reference = ReportRef::parse(reference)?;
    ctx.store
        .report(reference.as_str())
        .await?
        .ok_or_else(AppError::not_found)
}

/// A department's name in `lang`, its code when unknown.
pub(crate) fn department_name(departments: &[Department], code: &str, lang: Lang) -> String {
    departments
        .iter()
        .find(|d| d.code == code)
        .map_or_else(|| code.to_owned(), |d| d.name(lang).to_owned())
}

/// A report with its internal history; contact data only for roles allowed to see it.
pub async fn staff_report(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    lang: Lang,
) -> Result<StaffReport, AppError> {
    let r = load(ctx, reference).await?;
    user.check(Action::Read, &r.department)?;
    let contact = if user.may(Action::ReadContact, Some(&r.department)) {
        ctx.store.report_contact(&r.reference).await?
    } else {
        None
    };
    let departments = ctx.store.departments().await?;
    let questions = crate::service::questions_of(ctx, &r.category.code).await?;
    let recipients = ctx.store.recipients(r.id).await?;
    let mut feedback = ctx.store.report_feedback(r.id).await?;
    let mut asked = ctx.store.report_questions(r.id).await?;
    let paused_since = crate::report::ask::paused_since(&asked);
    // What reporters wrote may name them: only roles that see contact data read it.
    if !user.may(Action::ReadContact, Some(&r.department)) {
        for f in &mut feedback {
            f.comment = None;
        }
        for q in &mut asked {
            q.answer = None;
        }
    }
    Ok(StaffReport {
        feedback,
        questions: asked,
        district: r.district.map(|(_, name)| name),
        paused_since,
        // A question reaches the reporter only while they still get mail.
        reporter_reachable: recipients.iter().any(|to| to.reporter),
        status_mail_to: recipients.len(),
        lang: r.lang,
        answers: crate::report::questions::answer_views(&questions, &r.answers, lang, false),
        days_overdue: days_overdue(r.status, r.due_at, paused_since.unwrap_or_else(Utc::now)),
        category_name: r.category.name(lang).to_owned(),
        department_name: department_name(&departments, &r.department, lang),
        reference: r.reference,
        version: r.version,
        category: r.category.code,
        department: r.department,
        channel: r.channel,
        status: r.status,
        lat: r.point.lat,
        lon: r.point.lon,
        address: crate::report::domain::address_line(lang, r.address.as_deref(), r.address_near),
        description: r.description,
        created_at: r.created_at,
        updated_at: r.updated_at,
        due_at: r.due_at,
        team: r.team.map(|t| t.name),
        priority: r.priority,
        duplicate_of: r.duplicate_of,
        partner: r.partner.map(|p| p.name),
        partner_ref: r.partner_ref,
        partner_status: r.partner_status,
        conflict_at: r.conflict_at,
        history: r.history,
        photos: photo_views(r.photos),
        contact,
        followers: r.followers,
        api_client: r.api_client,
    })
}

/// The reporter as a recipient of mail about their report, when they still get it.
async fn reporter(ctx: &Ctx, report_id: i64) -> Result<Option<Recipient>, AppError> {
    Ok(ctx
        .store
        .recipients(report_id)
        .await?
        .into_iter()
        .find(|r| r.reporter))
}

fn short_field(v: Option<String>, field: &str) -> Result<Option<String>, AppError> {
    let v = v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if v.as_ref()
        .is_some_and(|v| v.chars().count() > 100 || v.chars().any(char::is_control))
    {
        return Err(AppError::invalid(field, ErrorText::OneLineTooLong));
    }
    Ok(v)
}

/// Does one workflow step on a report. `expected_version`, when given, must match the
/// report's current version (a stale form or offline change is a conflict, never a silent
/// overwrite).
pub async fn act(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    action: TriageAction,
    after_photos: Vec<ProcessedPhoto>,
    expected_version: Option<i64>,
) -> Result<(), AppError> {
    act_once(
        ctx,
        user,
        reference,
        action,
        after_photos,
        expected_version,
        None,
    )
    .await
    .map(|_| ())
}

/// [`act`], recording `receipt` with the change; answers the report's new version.
pub(crate) async fn act_once(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    action: TriageAction,
    after_photos: Vec<ProcessedPhoto>,
    expected_version: Option<i64>,
    receipt: Option<NewReceipt>,
) -> Result<i64, AppError> {
    let report = load(ctx, reference).await?;
    user.check(action.permission(), &report.department)?;
    if expected_version.is_some_and(|v| v != report.version) {
        return Err(AppError::stale(report.version));
    }
    let mut update = ReportUpdate::new(&report, action.kind(), Some(user.id));
    update.receipt = receipt;
    // Assigning an assigned report gives it to another team (or priority) without a status change.
    let reassign =
        matches!(action, TriageAction::Assign { .. }) && report.status == ReportStatus::Assigned;
    if let Some(to) = action.target_status().filter(|_| !reassign) {
        if !report.status.can_transition_to(to) {
            return Err(AppError::validation(
                "status",
                format!(
                    "a report that is {} cannot become {}",
                    report.status.as_str(),
                    to.as_str()
                ),
            )
            .explained(ErrorText::ReportStepDone));
        }
        update.status = to;
    }
    let mut partner_mail = None;
    match &action {
        TriageAction::Accept { note }
        | TriageAction::Start { note }
        | TriageAction::Done { note } => update.note = clean_note(note.as_deref(), "note")?,
        TriageAction::Reject { reason } => {
            update.note = Some(
                clean_note(Some(reason), "reason")?
                    .ok_or_else(|| AppError::invalid("reason", ErrorText::ReasonRequired))?,
            );
        }
        TriageAction::Assign {
            team_id,
            priority,
            note,
        } => {
            let team = ctx
                .store
                .teams()
                .await?
                .into_iter()
                .find(|t| t.id == *team_id)
                .ok_or_else(|| AppError::invalid("team", ErrorText::UnknownChoice))?;
            update.team = Some(Some((team.id, parse_priority(*priority)?)));
            update.note = clean_note(note.as_deref(), "note")?;
        }
        TriageAction::Forward { partner_id, note } => {
            let partner = ctx
                .store
                .partners()
                .await?
                .into_iter()
                .find(|p| p.id == *partner_id)
                .ok_or_else(|| AppError::invalid("partner", ErrorText::UnknownChoice))?;
            update.partner_id = Some(partner.id);
            update.team = Some(None);
            let note = clean_note(note.as_deref(), "note")?;
            match ctx.store.open311_link(partner.id).await? {
                // Its Open311 server gets the report (queued with this change).
                Some(link) => {
                    if link.service_for(&report.category.code).is_none() {
                        return Err(AppError::invalid("partner", ErrorText::PartnerNoCategory));
                    }
                    update.forward_to = Some(partner.id);
                    update.partner_ref = Some(None);
                    update.partner_token = Some(None);
                    update.partner_status = Some(None);
                }
                None => {
                    partner_mail = Some(notify::forwarded(
                        &partner.email,
                        &report,
                        note.as_deref(),
                        &ctx.config.report_url(&report.reference),
                    ))
                }
            }
            update.internal_note = note;
            update.note = Some(partner.name);
        }
        TriageAction::Partner {
            partner_ref,
            partner_status,
        } => {
            if report.partner.is_none() {
                return Err(AppError::validation(
                    "partner",
                    "this report was not forwarded to a partner",
                )
                .explained(ErrorText::ReportStepDone));
            }
            let partner_ref = short_field(partner_ref.clone(), "partner_ref")?;
            let partner_status = short_field(partner_status.clone(), "partner_status")?;
            update.internal_note = Some(format!(
                "{} / {}",
                partner_ref.as_deref().unwrap_or("-"),
                partner_status.as_deref().unwrap_or("-")
            ));
            update.partner_ref = Some(partner_ref);
            update.partner_status = Some(partner_status);
        }
        TriageAction::Duplicate { of } => {
            let original = load(ctx, of)
                .await
                .map_err(|_| AppError::invalid("of", ErrorText::NoSuchReference))?;
            user.check(Action::Read, &original.department)
                .map_err(|_| AppError::invalid("of", ErrorText::NoSuchReference))?;
            if original.id == report.id {
                return Err(AppError::invalid("of", ErrorText::DuplicateOfItself));
            }
            if original.status == ReportStatus::Duplicate {
                return Err(AppError::validation(
                    "of",
                    format!(
                        "{} is itself a duplicate; use the original {}",
                        original.reference,
                        original.duplicate_of.unwrap_or_default()
                    ),
                )
                .explained(ErrorText::DuplicateChain));
            }
            update.duplicate_of = Some(original.id);
            update.note = Some(format!("→ {}", original.reference));
        }
        TriageAction::Route { department, note } => {
            let departments = ctx.store.departments().await?;
            if !departments
                .iter()
                .any(|d| &d.code == department && d.active)
            {
                return Err(AppError::invalid("department", ErrorText::UnknownChoice));
            }
            if *department == report.department {
                return Err(AppError::validation(
                    "department",
                    "the report is already with this department",
                )
                .explained(ErrorText::AlreadyWithDepartment));
            }
            update.department = Some(department.clone());
            update.team = Some(None);
            if matches!(
                report.status,
                ReportStatus::Assigned | ReportStatus::InProgress
            ) {
                update.status = ReportStatus::Accepted;
            }
            update.internal_note = Some(clean_note(note.as_deref(), "note")?.map_or_else(
                || format!("{} → {department}", report.department),
                |n| format!("{} → {department}: {n}", report.department),
            ));
        }
        TriageAction::Reopen { note } => {
            // A forwarded report is open, but its reporter may still ask to have it back.
            if report.status.is_open()
                && !reopen_asked(&ctx.store.report_feedback(report.id).await?)
            {
                return Err(
                    AppError::validation("status", "only a closed report can be reopened")
                        .explained(ErrorText::ReportStepDone),
                );
            }
            update.note = clean_note(note.as_deref(), "note")?;
            update.reopen = Some(ReopenDecision::Accepted);
        }
        TriageAction::DeclineReopen { reason } => {
            let feedback = ctx.store.report_feedback(report.id).await?;
            if !reopen_asked(&feedback) {
                return Err(
                    AppError::validation("action", "nobody asked to reopen this report")
                        .explained(ErrorText::ReopenNotAsked),
                );
            }
            let reason = clean_note(Some(reason), "reason")?
                .ok_or_else(|| AppError::invalid("reason", ErrorText::ReasonRequired))?;
            // Told: whoever asked, the reporter and followers who said it is still there.
            let asked: Vec<Option<String>> = feedback
                .into_iter()
                .filter(|f| f.reopen == Some(ReopenState::Asked))
                .map(|f| f.follower_email)
                .collect();
            let url = ctx.config.report_url(&report.reference);
            update.mails.extend(
                ctx.store
                    .recipients(report.id)
                    .await?
                    .iter()
                    .filter(|to| {
                        asked.iter().any(|a| match a {
                            None => to.reporter,
                            Some(email) => email.eq_ignore_ascii_case(&to.email),
                        })
                    })
                    .map(|to| notify::reopen_declined(to, &report, &reason, &url)),
            );
            update.note = Some(reason.clone());
            update.reopen = Some(ReopenDecision::Declined { reason });
        }
        TriageAction::Note { internal } => {
            update.internal_note = Some(
                clean_note(Some(internal), "internal_note")?
                    .ok_or_else(|| AppError::invalid("internal_note", ErrorText::NoteRequired))?,
            );
        }
        TriageAction::FieldNote { note } => {
            update.internal_note = Some(
                clean_note(Some(note), "note")?
                    .ok_or_else(|| AppError::invalid("note", ErrorText::NoteRequired))?,
            );
        }
        TriageAction::AskReporter { question, pause } => {
            let question = crate::report::ask::clean_question(Some(question))?;
            if !crate::report::ask::may_ask(report.status) {
                return Err(AppError::validation(
                    "status",
                    "only a report the city still works on can be asked about",
                )
                .explained(ErrorText::ReportStepDone));
            }
            if crate::report::ask::waiting(&ctx.store.report_questions(report.id).await?) {
                return Err(
                    AppError::conflict("a question already waits for the reporter")
                        .explained(ErrorText::QuestionWaiting),
                );
            }
            let to = reporter(ctx, report.id)
                .await?
                .ok_or_else(|| AppError::invalid("question", ErrorText::ReporterUnreachable))?;
            let token = crate::service::random_token();
            update.mails.push(notify::question(
                &to,
                &report,
                &question,
                &ctx.config.question_url(&token),
            ));
            update.question = Some(crate::port::QuestionChange::Ask(crate::port::NewQuestion {
                token_hash: crate::service::sha256_hex(token.as_bytes()),
                lang: to.lang,
                question: question.clone(),
                pauses: *pause,
            }));
            update.internal_note = Some(question);
        }
        TriageAction::WithdrawQuestion {} => {
            if !crate::report::ask::waiting(&ctx.store.report_questions(report.id).await?) {
                return Err(
                    AppError::validation("action", "no question waits for the reporter")
                        .explained(ErrorText::QuestionNotWaiting),
                );
            }
            update.question = Some(crate::port::QuestionChange::End);
        }
        TriageAction::ResolveConflict { note } => {
            if report.conflict_at.is_none() {
                return Err(AppError::validation(
                    "conflict",
                    "this report has no conflicting changes",
                )
                .explained(ErrorText::ReportStepDone));
            }
            update.conflict = Some(false);
            update.internal_note = clean_note(note.as_deref(), "note")?;
        }
    }
    if !after_photos.is_empty()
        && !matches!(
            action,
            TriageAction::Start { .. } | TriageAction::Done { .. } | TriageAction::FieldNote { .. }
        )
    {
        return Err(AppError::validation(
            "photo",
            "after-photos go with marking a report in progress or done, or a field note",
        )
        .explained(ErrorText::AfterPhotoNeedsStatus));
    }
    if after_photos.len() > MAX_PHOTOS {
        return Err(
            AppError::validation("photo", format!("at most {MAX_PHOTOS} photos at once"))
                .explained(ErrorText::TooManyPhotos),
        );
    }
    if update.status != report.status {
        tell_status(ctx, &report, &mut update).await?;
    }
    // A closed report waits for no answer: its question stops waiting (and its pause ends).
    if !update.status.is_open() && update.question.is_none() {
        update.question = Some(crate::port::QuestionChange::End);
    }
    update.mails.extend(partner_mail);
    update.photos = put_photos(ctx, PhotoKind::After, &after_photos).await?;
    if let Err(e) = ctx.store.apply_update(&update, Utc::now()).await {
        delete_photos(ctx, &update.photos).await;
        return Err(e);
    }
    Ok(report.version + 1)
}

/// Mails a status change (`update.status`, with `update.note`) to the reporter and followers.
async fn tell_status(
    ctx: &Ctx,
    report: &ReportRecord,
    update: &mut ReportUpdate,
) -> Result<(), AppError> {
    let recipients = ctx.store.recipients(report.id).await?;
    status_news(&ctx.config, &recipients, report, update);
    Ok(())
}

/// Adds the mails of a status change to `update`; a closing asks the reporter "is it fixed?"
/// and each follower "is it still there?", each through a link of their own, recorded with
/// the change.
pub(crate) fn status_news(
    config: &crate::context::PublicConfig,
    recipients: &[Recipient],
    report: &ReportRecord,
    update: &mut ReportUpdate,
) {
    let asks = asks_feedback(update.status);
    let tokens: Vec<Option<String>> = recipients
        .iter()
        .map(|to| {
            asks.then(|| {
                let token = crate::service::random_token();
                update.feedback.push(NewFeedback {
                    token_hash: crate::service::sha256_hex(token.as_bytes()),
                    lang: to.lang,
                    closed_as: update.status,
                    follower: (!to.reporter).then(|| to.email.clone()),
                });
                token
            })
        })
        .collect();
    update.mails.extend(notify::status_mails(
        config,
        recipients,
        report,
        update.status,
        update.note.as_deref(),
        &tokens,
    ));
}

/// What an agent (or crew) registers: the report and the caller's contact details.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeInput {
    pub channel: String,
    pub category: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub description: String,
    pub contact: Contact,
    pub lang: Option<String>,
    /// Instead of a new report: add the caller as follower of this one.
    pub follow: Option<String>,
    /// Answers to the category's questions, as in the public API.
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, crate::report::questions::AnswerInput>,
}

/// What an intake led to.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum IntakeOutcome {
    Created(SubmitReceipt),
    Followed {
        #[serde(rename = "ref")]
        reference: String,
    },
}

/// Registers a report for a caller (or found by a crew), or adds the caller as follower of an
/// open report nearby. Without coordinates, the address is looked up in the address register.
pub async fn register(
    ctx: &Ctx,
    user: &StaffUser,
    input: IntakeInput,
    photos: Vec<ProcessedPhoto>,
    idempotency: Option<IdempotencyKey>,
) -> Result<IntakeOutcome, AppError> {
    let lang = input
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default();
    if let Some(follow) = input.follow.as_deref().filter(|f| !f.trim().is_empty()) {
        user.require(Action::Follow)?;
        let report = load(ctx, follow).await?;
        user.check(Action::Follow, &report.department)?;
        let contact = input
            .contact
            .parse()?
            .ok_or_else(|| AppError::invalid("contact.email", ErrorText::CallerContactRequired))?;
        if contact.email.is_none() && contact.phone.is_none() {
            return Err(AppError::invalid(
                "contact.email",
                ErrorText::CallerContactRequired,
            ));
        }
        let mut update = ReportUpdate::new(&report, EventKind::Follow, Some(user.id));
        update.internal_note = Some(format!("{} ({})", lang.code(), input.channel));
        update.follower = Some(NewFollower { contact, lang });
        ctx.store.apply_update(&update, Utc::now()).await?;
        return Ok(IntakeOutcome::Followed {
            reference: report.reference,
        });
    }
    user.require(Action::Intake)?;
    let channel = Channel::parse(&input.channel)?;
    let allowed = user.role.intake_channels().contains(&channel);
    if !allowed {
        return Err(AppError::invalid("channel", ErrorText::ChannelRequired));
    }
    let (lat, lon, address) = match (input.lat, input.lon) {
        (Some(lat), Some(lon)) => (lat, lon, input.address.clone()),
        _ => {
            let text = input.address.clone().unwrap_or_default();
            let hit = crate::address::search(ctx, &text, 1)
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| AppError::invalid("address", ErrorText::AddressNotFound))?;
            (hit.lat, hit.lon, Some(hit.label))
        }
    };
    let mut report = ReportInput {
        category: input.category,
        lat,
        lon,
        description: input.description,
        address,
        contact: Some(input.contact),
        answers: input.answers,
    }
    .validate(channel)?;
    report.lang = lang;
    report.created_by = Some(user.id);
    Ok(IntakeOutcome::Created(
        create_report(ctx, report, photos, idempotency).await?,
    ))
}

fn departments_for(user: &StaffUser, chosen: Option<&str>) -> Option<Vec<String>> {
    match (
        user.readable_departments(),
        chosen.filter(|c| !c.is_empty()),
    ) {
        (None, None) => None,
        (None, Some(c)) => Some(vec![c.to_owned()]),
        (Some(own), None) => Some(own.to_vec()),
        (Some(own), Some(c)) => Some(own.iter().filter(|d| *d == c).cloned().collect()),
    }
}

/// Reports waiting for a coordinator: new ones by default, in the user's departments.
pub async fn queue(
    ctx: &Ctx,
    user: &StaffUser,
    filter: &QueueFilter,
) -> Result<Vec<StaffSummary>, AppError> {
    user.require(Action::Read)?;
    let status = filter.status.as_deref().filter(|s| !s.is_empty());
    let statuses = match status {
        None => vec![ReportStatus::New],
        Some("open") => ReportStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect(),
        Some("all") => vec![],
        Some(s) => vec![ReportStatus::parse(s)?],
    };
    let query = ReportQuery {
        departments: departments_for(user, filter.department.as_deref()),
        statuses,
        category: filter.category.clone().filter(|c| !c.is_empty()),
        overdue_only: filter.overdue,
        // What waits for a coordinator: new reports, and closed ones a reporter wants reopened.
        with_reopen_requests: matches!(status, None | Some("open")),
        sort: QueueSort::parse(filter.sort.as_deref().unwrap_or("age")),
        limit: 500,
        ..ReportQuery::default()
    };
    ctx.store.find_reports(&query, Utc::now()).await
}

/// Open reports waiting more than three times their target term, worst first.
pub async fn worst_overdue(ctx: &Ctx, user: &StaffUser) -> Result<Vec<StaffSummary>, AppError> {
    user.require(Action::Read)?;
    let query = ReportQuery {
        departments: departments_for(user, None),
        past_three_times: true,
        sort: QueueSort::Age,
        limit: 50,
        ..ReportQuery::default()
    };
    ctx.store.find_reports(&query, Utc::now()).await
}

fn parse_day(s: Option<&str>, field: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    Ok(crate::time::parse_optional_day(field, s)?
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc()))
}

/// Finds reports by reference, street, the reporter's (or a follower's) e-mail or phone
/// number, within a date range. Searching by contact data needs the right to see it.
pub async fn search(
    ctx: &Ctx,
    user: &StaffUser,
    input: &SearchInput,
) -> Result<Vec<StaffSummary>, AppError> {
    user.require(Action::Search)?;
    let q = input.q.trim();
    if q.chars().count() > 100 || q.chars().any(char::is_control) {
        return Err(
            AppError::validation("q", "search text is too long").explained(ErrorText::TextTooLong)
        );
    }
    let mut query = ReportQuery {
        departments: departments_for(user, None),
        created_from: parse_day(input.from.as_deref(), "from")?,
        created_to: parse_day(input.to.as_deref(), "to")?.map(|d| d + chrono::Duration::days(1)),
        sort: QueueSort::Newest,
        limit: 200,
        ..ReportQuery::default()
    };
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let needs_contact_right;
    if let Ok(reference) = ReportRef::parse(&q.to_uppercase()) {
        query.reference = Some(reference.to_string());
        needs_contact_right = false;
    } else if q.contains('@') {
        query.email = Some(q.to_owned());
        needs_contact_right = true;
    } else if digits.len() >= 6
        && q.chars()
            .all(|c| c.is_ascii_digit() || " +-./()".contains(c))
    {
        // The last 8 digits match whatever way the prefix was written (0 or +32).
        query.phone_digits = Some(digits[digits.len().saturating_sub(8)..].to_owned());
        needs_contact_right = true;
    } else {
        query.street = Some(q.to_owned()).filter(|s| !s.is_empty());
        needs_contact_right = false;
    }
    if needs_contact_right && user.role.scope(Action::ReadContact) == crate::staff::Scope::Nothing {
        return Err(AppError::forbidden());
    }
    if query.reference.is_none()
        && query.email.is_none()
        && query.phone_digits.is_none()
        && query.street.is_none()
        && query.created_from.is_none()
        && query.created_to.is_none()
    {
        return Ok(vec![]);
    }
    ctx.store.find_reports(&query, Utc::now()).await
}

/// A crew's work: reports assigned to its teams, by priority, overdue first within a
/// priority, then nearest to the tablet.
pub async fn crew_worklist(
    ctx: &Ctx,
    user: &StaffUser,
    from: Option<GeoPoint>,
) -> Result<Vec<StaffSummary>, AppError> {
    user.require(Action::FieldWork)?;
    let query = ReportQuery {
        departments: departments_for(user, None),
        teams: user.role.works_in_teams().then(|| user.teams.clone()),
        statuses: vec![ReportStatus::Assigned, ReportStatus::InProgress],
        sort: QueueSort::Work,
        limit: 500,
        ..ReportQuery::default()
    };
    let mut list = ctx.store.find_reports(&query, Utc::now()).await?;
    if let Some(p) = from {
        for r in &mut list {
            r.distance_m = Some(p.distance_m(&GeoPoint {
                lat: r.lat,
                lon: r.lon,
            }));
        }
    }
    list.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then((b.days_overdue > 0).cmp(&(a.days_overdue > 0)))
            .then(
                a.distance_m
                    .unwrap_or_default()
                    .total_cmp(&b.distance_m.unwrap_or_default()),
            )
    });
    Ok(list)
}
