//! Handling a complaint step by step: which step may come now, the letters the complainant
//! gets (shown to the officer before they are sent), and turning a complaint that is really a
//! report into one.

use super::domain::{
    clean_line, clean_text, ComplaintAction, ComplaintChannel, ComplaintStatus, InadmissibleReason,
    LetterPreview, LetterStep, OmbudsNorm, Verdict, MAX_TEXT_CHARS,
};
use super::notify;
use super::service::{check_department, load, officer, today};
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::port::{ComplaintRecord, ComplaintUpdate, IdempotencyKey, OutgoingMail};
use crate::report::domain::{Channel, Contact, ReportInput};
use crate::staff::StaffUser;
use chrono::{NaiveDate, Utc};

fn required(v: Option<String>, field: &str, what: &str) -> Result<String, AppError> {
    v.ok_or_else(|| AppError::validation(field, what.to_owned()).explained(ErrorText::TextRequired))
}

fn mail_to(c: &ComplaintRecord, letter: notify::Letter) -> Option<OutgoingMail> {
    c.contact.email.as_ref().map(|to| OutgoingMail {
        to: to.clone(),
        subject: letter.subject,
        body: letter.body,
        calendar: None,
        unsubscribe: None,
    })
}

/// Whether `action` may be done on `c` now: never on an anonymised complaint, and only to a
/// status its current one can become.
fn check_step(c: &ComplaintRecord, action: &ComplaintAction) -> Result<(), AppError> {
    if c.anonymised_at.is_some() {
        return Err(AppError::validation(
            "status",
            "this complaint was anonymised after its retention period",
        )
        .explained(ErrorText::ComplaintAnonymised));
    }
    match action.target() {
        Some(to) if !c.status.can_become(to) => Err(AppError::validation(
            "status",
            format!(
                "a complaint that is {} cannot become {}",
                c.status.as_str(),
                to.as_str()
            ),
        )
        .explained(ErrorText::ComplaintStepDone)),
        Some(_) | None => Ok(()),
    }
}

/// The acknowledgement's extra sentence, checked, and the letter it goes in.
fn acknowledgement(
    c: &ComplaintRecord,
    user: &StaffUser,
    note: &Option<String>,
    today: NaiveDate,
) -> Result<(Option<String>, notify::Letter), AppError> {
    let note = clean_text(note.as_deref(), "note", MAX_TEXT_CHARS)?;
    let mut acked = c.clone();
    acked.acknowledged_on = Some(today);
    let letter = notify::acknowledgement(&acked, &user.display_name, note.as_deref());
    Ok((note, letter))
}

/// The answer's text, checked, and the letter it goes in.
fn answer(c: &ComplaintRecord, text: &str) -> Result<(String, notify::Letter), AppError> {
    let text = clean_text(Some(text), "text", MAX_TEXT_CHARS)?
        .filter(|t| t.chars().count() >= 10)
        .ok_or_else(|| {
            AppError::validation("text", "write the answer (at least 10 characters)")
                .explained(ErrorText::ComplaintAnswerShort)
        })?;
    let letter = notify::answer(c, c.verdict, c.inadmissible_reason, &text);
    Ok((text, letter))
}

/// The letter a step would send, to read before it is sent: nothing is changed or mailed.
/// Only the acknowledgement and the answer write to the complainant.
pub async fn letter_preview(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    action: ComplaintAction,
) -> Result<LetterPreview, AppError> {
    officer(user)?;
    let c = load(ctx, reference).await?;
    check_step(&c, &action)?;
    let letter = match action.letter() {
        Some(LetterStep::Acknowledgement { note }) => acknowledgement(&c, user, note, today())?.1,
        Some(LetterStep::Answer { text }) => answer(&c, text)?.1,
        None => return Err(AppError::invalid("action", ErrorText::ComplaintNoLetter)),
    };
    let postal = match &c.contact.email {
        Some(_) => None,
        None => Some(
            [c.contact.name.as_deref(), c.contact.address.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    Ok(LetterPreview {
        email: c.contact.email.clone(),
        postal,
        subject: letter.subject,
        body: letter.body,
    })
}

/// Does one handling step. `expected_version`, when given, must match (a stale form is a
/// conflict, never a silent overwrite). Answers the complaint's new version.
pub async fn act(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    action: ComplaintAction,
    expected_version: Option<i64>,
) -> Result<i64, AppError> {
    officer(user)?;
    let c = load(ctx, reference).await?;
    if expected_version.is_some_and(|v| v != c.version) {
        return Err(AppError::stale(c.version));
    }
    check_step(&c, &action)?;
    let mut u = ComplaintUpdate::new(&c, action.event(), user.id);
    if let Some(to) = action.target() {
        u.status = to;
    }
    let today = today();
    let note = |v: &Option<String>| clean_text(v.as_deref(), "note", MAX_TEXT_CHARS);
    match &action {
        ComplaintAction::Acknowledge { note: n } => {
            let (n, letter) = acknowledgement(&c, user, n, today)?;
            u.note = n;
            u.acknowledged_on = Some(today);
            u.mails.extend(mail_to(&c, letter));
        }
        ComplaintAction::Admissible { note: n } => u.note = note(n)?,
        ComplaintAction::Inadmissible { reason, note: n } => {
            u.inadmissible_reason = Some(InadmissibleReason::parse(reason)?);
            u.note = note(n)?;
        }
        ComplaintAction::AskInput {
            department,
            question,
        } => {
            if !c.status.awaits_answer() {
                return Err(
                    AppError::validation("status", "this complaint was answered already")
                        .explained(ErrorText::ComplaintStepDone),
                );
            }
            check_department(ctx, Some(department)).await?;
            u.event_department = Some(department.clone());
            u.note = Some(required(
                clean_text(Some(question), "question", MAX_TEXT_CHARS)?,
                "question",
                "write what you ask the department",
            )?);
        }
        ComplaintAction::RecordInput { department, answer } => {
            check_department(ctx, Some(department)).await?;
            u.event_department = Some(department.clone());
            u.note = Some(required(
                clean_text(Some(answer), "answer", MAX_TEXT_CHARS)?,
                "answer",
                "write what the department answered",
            )?);
        }
        ComplaintAction::Verdict {
            verdict,
            norms,
            note: n,
        } => {
            let verdict = Verdict::parse(verdict)?;
            let mut parsed = norms
                .iter()
                .filter(|n| !n.trim().is_empty())
                .map(|n| OmbudsNorm::parse(n))
                .collect::<Result<Vec<_>, _>>()?;
            parsed.sort();
            parsed.dedup();
            if parsed.is_empty()
                && matches!(verdict, Verdict::WellFounded | Verdict::PartlyWellFounded)
            {
                return Err(AppError::validation(
                    "norm",
                    "name the norm(s) of proper administration that were not met",
                )
                .explained(ErrorText::ComplaintNormRequired));
            }
            u.verdict = Some(verdict);
            u.norms = Some(parsed);
            u.note = note(n)?;
        }
        ComplaintAction::Answer { text } => {
            let (text, letter) = answer(&c, text)?;
            u.answered_on = Some(today);
            u.mails.extend(mail_to(&c, letter));
            u.answer = Some(text);
        }
        ComplaintAction::Close { note: n } => {
            // A complaint found not admissible is still answered in writing first.
            if c.status != ComplaintStatus::Answered {
                return Err(AppError::validation(
                    "status",
                    "send the answer before closing the complaint",
                )
                .explained(ErrorText::ComplaintAnswerFirst));
            }
            u.note = note(n)?;
            u.closed_on = Some(today);
        }
        ComplaintAction::Convert { category, address } => {
            if c.inadmissible_reason != Some(InadmissibleReason::NotAComplaint) {
                return Err(AppError::validation(
                    "reason",
                    "only a complaint found to be a report or question can be converted",
                )
                .explained(ErrorText::ComplaintStepDone));
            }
            let reference = convert_to_report(ctx, user, &c, category, address).await?;
            u.converted_report_id = Some(reference.0);
            u.note = Some(format!("→ {}", reference.1));
            u.closed_on = Some(today);
        }
        ComplaintAction::Department { department } => {
            if c.status == ComplaintStatus::Closed {
                return Err(AppError::validation("status", "this complaint is closed")
                    .explained(ErrorText::ComplaintStepDone));
            }
            check_department(ctx, Some(department)).await?;
            u.department = Some(department.clone());
        }
        ComplaintAction::Improvement { text } => {
            u.improvement = Some(required(
                clean_text(Some(text), "text", 1000)?,
                "text",
                "describe the improvement action",
            )?);
            u.note = u.improvement.clone();
        }
        ComplaintAction::Note { text } => {
            u.note = Some(required(
                clean_text(Some(text), "text", MAX_TEXT_CHARS)?,
                "text",
                "write a note",
            )?);
        }
    }
    ctx.store.apply_complaint_update(&u, Utc::now()).await?;
    Ok(c.version + 1)
}

/// Makes the report a "complaint" really was. The complaint's reference keys the creation, so
/// a retried conversion (after a stale form, say) finds the same report instead of a second.
async fn convert_to_report(
    ctx: &Ctx,
    user: &StaffUser,
    c: &ComplaintRecord,
    category: &str,
    address: &str,
) -> Result<(i64, String), AppError> {
    let address = clean_line(Some(address), "address", 200)?
        .ok_or_else(|| AppError::invalid("address", ErrorText::AddressRequired))?;
    let hit = crate::address::search(ctx, &address, 1)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::invalid("address", ErrorText::AddressNotFound))?;
    let channel = match c.channel {
        ComplaintChannel::Web => Channel::Web,
        ComplaintChannel::Phone => Channel::Phone,
        ComplaintChannel::Email => Channel::Email,
        ComplaintChannel::Letter | ComplaintChannel::Counter => Channel::Counter,
    };
    let mut report = ReportInput {
        category: category.to_owned(),
        lat: hit.lat,
        lon: hit.lon,
        description: c
            .description
            .chars()
            .take(crate::report::domain::MAX_DESCRIPTION_CHARS)
            .collect(),
        address: Some(hit.label),
        contact: Some(Contact {
            name: c.contact.name.clone(),
            email: c.contact.email.clone(),
            phone: c.contact.phone.clone(),
            consent: true,
        }),
        answers: Default::default(),
    }
    .validate(channel)?;
    report.lang = c.lang;
    report.created_by = Some(user.id);
    let key = IdempotencyKey {
        key: format!("complaint:{}", c.reference),
        request_hash: crate::service::sha256_hex(format!("{category}\n{address}").as_bytes()),
    };
    let receipt = crate::service::create_report(ctx, report, vec![], Some(key)).await?;
    Ok((receipt.id, receipt.reference))
}
