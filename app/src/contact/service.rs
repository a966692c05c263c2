//! The contact register with storage: topics, registering a contact (and its hand-over) for
//! the agent who took it, a caller's earlier contacts, the departments' hand-overs and the
//! erasure of callers' details after the retention period.

use super::domain::{
    handover_due, CallerHistory, ContactInput, ContactRecord, HandoverRecord, Outcome, Topic,
    TrailItem, TrailKind,
};
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::office::domain::{QueueSort, ReportQuery};
use crate::port::NewContact;
use crate::staff::{Action, Scope, StaffUser};
use chrono::{DateTime, Duration, Utc};

/// The topics an agent chooses from (active ones that have no sub-topics), labelled
/// `Afspraak › Burgerzaken`.
pub async fn topic_choices(ctx: &Ctx, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    let topics = ctx.store.topics().await?;
    let name = |code: &str| {
        topics
            .iter()
            .find(|t| t.code == code)
            .map(|t| t.names.get(lang).to_owned())
    };
    Ok(topics
        .iter()
        .filter(|t| t.active && !topics.iter().any(|c| c.group.as_deref() == Some(&t.code)))
        .map(|t| {
            let label = match t.group.as_deref().and_then(name) {
                Some(group) => format!("{group} › {}", t.names.get(lang)),
                None => t.names.get(lang).to_owned(),
            };
            (t.code.clone(), label)
        })
        .collect())
}

/// Adds or changes a topic (admins; `None` is the command line).
pub async fn save_topic(ctx: &Ctx, by: Option<&StaffUser>, topic: Topic) -> Result<(), AppError> {
    if let Some(u) = by {
        u.require(Action::Manage)?;
    }
    let input = crate::office::admin::checked_code_and_names(&topic.code, &topic.names)?;
    ctx.store
        .save_topic(&Topic {
            code: input.0,
            names: input.1,
            ..topic
        })
        .await
}

/// Registers a contact the signed-in agent took; its id. A hand-over is due at the end of
/// the next working day.
pub async fn record(ctx: &Ctx, user: &StaffUser, input: ContactInput) -> Result<i64, AppError> {
    user.require(Action::Contacts)?;
    let now = Utc::now();
    let contact = input.validate(now)?;
    let handover_due = (contact.outcome == Outcome::HandedOver).then(|| handover_due(now));
    let id = ctx
        .store
        .record_contact(
            &NewContact {
                contact,
                created_by: Some(user.id),
                handover_due,
            },
            now,
        )
        .await?;
    metrics::counter!(crate::metrics::CONTACTS).increment(1);
    Ok(id)
}

/// Everything a caller has with the city, by phone number or e-mail address: earlier
/// contacts, and the reports, complaints and appointments made with that number or address.
pub async fn caller_history(
    ctx: &Ctx,
    user: &StaffUser,
    phone: Option<&str>,
    email: Option<&str>,
    lang: Lang,
) -> Result<CallerHistory, AppError> {
    user.require(Action::Contacts)?;
    let digits = phone
        .map(crate::text::phone_digits)
        .filter(|d| d.len() >= 6);
    let email = email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'));
    if digits.is_none() && email.is_none() {
        return Ok(CallerHistory::default());
    }
    // The last 8 digits match whatever way the prefix was written (0 or +32).
    let tail = digits
        .as_deref()
        .map(|d| d[d.len().saturating_sub(8)..].to_owned());
    let contacts = ctx
        .store
        .caller_contacts(digits.as_deref(), email.as_deref())
        .await?;
    let mut trail = ctx
        .store
        .caller_trail(tail.as_deref(), email.as_deref())
        .await?;
    let by_reports = ReportQuery {
        email: email.clone(),
        phone_digits: tail,
        sort: QueueSort::Newest,
        limit: 20,
        ..ReportQuery::default()
    };
    // The report query matches all its filters at once: ask by e-mail and by phone apart.
    for query in [
        ReportQuery {
            phone_digits: None,
            ..by_reports.clone()
        },
        ReportQuery {
            email: None,
            ..by_reports.clone()
        },
    ] {
        if query.email.is_none() && query.phone_digits.is_none() {
            continue;
        }
        for r in ctx.store.find_reports(&query, Utc::now()).await? {
            if !trail.iter().any(|t| t.reference == r.reference) {
                let what = r.category_name(lang).to_owned();
                trail.push(TrailItem {
                    kind: TrailKind::Report,
                    reference: r.reference,
                    at: r.created_at,
                    status: r.status.as_str().to_owned(),
                    what,
                });
            }
        }
    }
    // Names, not codes: the department a complaint is about, the appointment's type.
    let departments = ctx.store.departments().await?;
    let types = crate::appointment::service::appointment_types(ctx, lang).await?;
    for t in &mut trail {
        let name = match t.kind {
            TrailKind::Report => None,
            TrailKind::Complaint => departments
                .iter()
                .find(|d| d.code == t.what)
                .map(|d| d.name(lang).to_owned()),
            TrailKind::Appointment => types
                .iter()
                .find(|ty| ty.code == t.what)
                .map(|ty| format!("{} · {}", ty.service_name, ty.name)),
        };
        if let Some(name) = name {
            t.what = name;
        }
    }
    trail.sort_by_key(|t| std::cmp::Reverse(t.at));
    Ok(CallerHistory { contacts, trail })
}

/// The contacts that produced a report, complaint or appointment: for agents, and for those
/// who handle that kind of thing (never crews); the callers' details only for those who may
/// read contact data.
pub async fn linked(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
) -> Result<Vec<ContactRecord>, AppError> {
    let handles = match reference.trim().chars().next() {
        Some('M') => Action::ReadContact,
        Some('K') => Action::HandleComplaints,
        Some('A') => Action::Appointments,
        _ => return Ok(Vec::new()),
    };
    if [handles, Action::Contacts]
        .iter()
        .all(|a| user.role.scope(*a) == Scope::Nothing)
    {
        return Err(AppError::forbidden());
    }
    let mut found = ctx.store.linked_contacts(reference.trim()).await?;
    if user.role.scope(Action::ReadContact) == Scope::Nothing {
        for c in &mut found {
            c.caller_name = None;
            c.caller_phone = None;
            c.caller_email = None;
        }
    }
    Ok(found)
}

/// The departments whose hand-overs `user` sees and answers (`None`: all).
fn handover_departments(user: &StaffUser) -> Result<Option<&[String]>, AppError> {
    match user.role.scope(Action::Handovers) {
        Scope::All => Ok(None),
        Scope::OwnDepartments => Ok(Some(&user.departments)),
        Scope::Nothing => Err(AppError::forbidden()),
    }
}

/// The open hand-overs of the user's departments (every one for agents), and those answered
/// in the last week.
pub async fn handovers(ctx: &Ctx, user: &StaffUser) -> Result<Vec<HandoverRecord>, AppError> {
    let departments = handover_departments(user)?;
    ctx.store.handovers(departments, Utc::now()).await
}

/// Records a department's answer and closes the hand-over.
pub async fn answer(ctx: &Ctx, user: &StaffUser, id: i64, answer: &str) -> Result<(), AppError> {
    let departments = handover_departments(user)?;
    let answer = crate::text::visible(answer).trim().to_owned();
    if answer.is_empty() || answer.chars().count() > 2_000 {
        return Err(AppError::validation(
            "answer",
            "say what you answered, in at most 2,000 characters",
        )
        .explained(ErrorText::TextRequired));
    }
    if ctx
        .store
        .answer_handover(id, &answer, user.id, departments, Utc::now())
        .await?
    {
        Ok(())
    } else {
        Err(
            AppError::conflict("this call-back request is closed or not your department's")
                .explained(ErrorText::CallbackClosed),
        )
    }
}

/// Erases callers' details of contacts older than `days`, keeping the rest for the figures.
pub async fn apply_retention(ctx: &Ctx, days: u32, now: DateTime<Utc>) -> Result<u64, AppError> {
    ctx.store
        .erase_contact_details(now - Duration::days(i64::from(days)), now)
        .await
}

/// The ContactCenter's figures of `from`–`to` (Brussels days, both included).
pub async fn figures(
    ctx: &Ctx,
    user: &StaffUser,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    lang: Lang,
) -> Result<super::figures::ContactCenterFigures, AppError> {
    user.require(Action::ContactFigures)?;
    if to < from || (to - from).num_days() > 366 {
        return Err(
            AppError::validation("to", "choose a period of at most a year")
                .explained(ErrorText::PeriodTooLong),
        );
    }
    let start = crate::time::brussels_to_utc(from.and_time(chrono::NaiveTime::MIN));
    let end =
        crate::time::brussels_to_utc((to + Duration::days(1)).and_time(chrono::NaiveTime::MIN));
    let (contacts, appointments, topics, services) = tokio::try_join!(
        ctx.store.contact_tally(start, end, Utc::now()),
        ctx.store.appointment_tally(start, end),
        topic_choices(ctx, lang),
        ctx.store.services(),
    )?;
    Ok(super::figures::ContactCenterFigures::compute(
        &contacts,
        &appointments,
        (from, to),
        |code| {
            topics
                .iter()
                .find(|(c, _)| c == code)
                .map_or(code.to_owned(), |(_, label)| label.clone())
        },
        |code| {
            services
                .iter()
                .find(|s| s.code == code)
                .map_or(code.to_owned(), |s| s.names.get(lang).to_owned())
        },
        lang,
    ))
}
