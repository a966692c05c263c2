//! The contact register with storage: topics, registering a contact (and its hand-over) for
//! the agent who took it, a caller's earlier contacts, the departments' hand-overs and the
//! erasure of callers' details after the retention period.

use super::domain::{handover_due, ContactInput, ContactRecord, HandoverRecord, Outcome, Topic};
use crate::context::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
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

/// A caller's earlier contacts, by phone number or e-mail address.
pub async fn caller_history(
    ctx: &Ctx,
    user: &StaffUser,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<Vec<ContactRecord>, AppError> {
    user.require(Action::Contacts)?;
    let digits = phone
        .map(crate::text::phone_digits)
        .filter(|d| d.len() >= 6);
    let email = email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'));
    if digits.is_none() && email.is_none() {
        return Ok(Vec::new());
    }
    ctx.store
        .caller_contacts(digits.as_deref(), email.as_deref())
        .await
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
        ));
    }
    if ctx
        .store
        .answer_handover(id, &answer, user.id, departments, Utc::now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::conflict(
            "this call-back request is closed or not your department's",
        ))
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
        return Err(AppError::validation(
            "to",
            "choose a period of at most a year",
        ));
    }
    let start = crate::time::brussels_to_utc(from.and_time(chrono::NaiveTime::MIN));
    let end =
        crate::time::brussels_to_utc((to + Duration::days(1)).and_time(chrono::NaiveTime::MIN));
    let (contacts, appointments, topics, services) = tokio::try_join!(
        ctx.store.contact_facts(start, end),
        ctx.store.appointment_facts(start, end),
        topic_choices(ctx, lang),
        ctx.store.services(),
    )?;
    Ok(super::figures::ContactCenterFigures::compute(
        &contacts,
        &appointments,
        from,
        to,
        Utc::now(),
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
