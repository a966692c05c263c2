//! The complaint rules: filing and registering, who may see a complaint, every handling step
//! in its order with its letters, the yearly figures and the retention job. Every route and
//! server function of the register calls these; access is checked here.
#![warn(clippy::wildcard_enum_match_arm)]

pub use super::domain::ComplaintFilter;
use super::domain::{
    clean_line, ComplaintChannel, ComplaintFileView, ComplaintInput, ComplaintSummary,
    ComplaintView, DeadlineState, Deadlines, ValidComplaint, MAX_ATTACHMENTS,
};
use super::figures::ComplaintYearReport;
use super::notify;
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::office::service::department_name;
use crate::port::{
    Anonymised, ComplaintCreated, ComplaintQuery, ComplaintRecord, NewComplaint, NewComplaintFile,
};
use crate::port::{IdempotencyKey, OutgoingMail, ProcessedPhoto};
use crate::staff::{Action, StaffUser};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An attachment after its checks: a re-encoded photo or a PDF that passed the content check.
#[derive(Debug, Clone)]
pub enum Attachment {
    Photo { photo: ProcessedPhoto, name: String },
    Pdf { bytes: Vec<u8>, name: String },
}

/// What filing or registering a complaint answers.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintReceipt {
    #[serde(rename = "ref")]
    pub reference: String,
    pub received_on: NaiveDate,
    pub deadlines: Deadlines,
}

/// Today's date in Brussels: deadlines count in Belgian calendar days.
pub fn today() -> NaiveDate {
    crate::time::brussels_date(Utc::now())
}

/// Complaints officers and admins only; anyone else is told there is nothing here.
pub(super) fn officer(user: &StaffUser) -> Result<(), AppError> {
    user.require(Action::HandleComplaints)
        .map_err(|_| AppError::not_found())
}

pub(super) async fn load(ctx: &Ctx, reference: &str) -> Result<ComplaintRecord, AppError> {
    let reference = super::domain::ComplaintRef::parse(reference)?;
    ctx.store
        .complaint(reference.as_str())
        .await?
        .ok_or_else(AppError::not_found)
}

/// A safe file name to show and to offer for download.
fn file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || " ._-()".contains(*c))
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        fallback.to_owned()
    } else {
        cleaned
    }
}

async fn put_files(
    ctx: &Ctx,
    attachments: &[Attachment],
) -> Result<Vec<NewComplaintFile>, AppError> {
    let mut stored: Vec<NewComplaintFile> = Vec::new();
    for (i, a) in attachments.iter().enumerate() {
        let written = match a {
            Attachment::Photo { photo, name } => {
                async {
                    let display = ctx.private_files.put(&photo.display, "jpg").await?;
                    let thumbnail = match ctx.private_files.put(&photo.thumbnail, "thumb.jpg").await
                    {
                        Ok(t) => t,
                        Err(e) => {
                            ctx.private_files.discard(&display.key).await;
                            return Err(e);
                        }
                    };
                    Ok(NewComplaintFile {
                        kind: "photo",
                        name: file_name(name, &format!("foto-{}.jpg", i + 1)),
                        content_type: "image/jpeg",
                        bytes: photo.display.len() as i64,
                        sha256: photo.sha256.clone(),
                        key: display.key,
                        thumbnail_key: Some(thumbnail.key),
                        pending: display
                            .pending
                            .into_iter()
                            .chain(thumbnail.pending)
                            .collect(),
                    })
                }
                .await
            }
            Attachment::Pdf { bytes, name } => {
                async {
                    let file = ctx.private_files.put(bytes, "pdf").await?;
                    Ok(NewComplaintFile {
                        kind: "pdf",
                        name: file_name(name, &format!("bijlage-{}.pdf", i + 1)),
                        content_type: "application/pdf",
                        bytes: bytes.len() as i64,
                        sha256: crate::service::sha256_hex(bytes),
                        key: file.key,
                        thumbnail_key: None,
                        pending: file.pending.into_iter().collect(),
                    })
                }
                .await
            }
        };
        match written {
            Ok(f) => stored.push(f),
            Err(e) => {
                delete_files(ctx, &stored).await;
                return Err(e);
            }
        }
    }
    Ok(stored)
}

async fn delete_files(ctx: &Ctx, files: &[NewComplaintFile]) {
    for f in files {
        ctx.private_files.discard(&f.key).await;
        if let Some(t) = &f.thumbnail_key {
            ctx.private_files.discard(t).await;
        }
    }
}

pub(super) async fn check_department(ctx: &Ctx, code: Option<&str>) -> Result<(), AppError> {
    if let Some(code) = code {
        if !ctx
            .store
            .departments()
            .await?
            .iter()
            .any(|d| d.code == code)
        {
            return Err(AppError::validation("department", "unknown department")
                .explained(ErrorText::UnknownChoice));
        }
    }
    Ok(())
}

async fn store_new(
    ctx: &Ctx,
    complaint: ValidComplaint,
    created_by: Option<i64>,
    attachments: Vec<Attachment>,
    idempotency: Option<IdempotencyKey>,
) -> Result<(ComplaintReceipt, bool), AppError> {
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::validation(
            "attachment",
            format!("at most {MAX_ATTACHMENTS} attachments"),
        )
        .explained(ErrorText::TooManyAttachments));
    }
    check_department(ctx, complaint.department.as_deref()).await?;
    let files = put_files(ctx, &attachments).await?;
    let received_on = complaint.received_on;
    let new = NewComplaint {
        complaint,
        created_by,
        idempotency: idempotency.map(|k| (k.key, k.request_hash)),
    };
    let outcome = ctx.store.create_complaint(&new, &files, Utc::now()).await;
    let receipt = |reference: String| ComplaintReceipt {
        reference,
        received_on,
        deadlines: Deadlines::from_received(received_on),
    };
    match outcome {
        Ok(ComplaintCreated::Created { reference, .. }) => Ok((receipt(reference), true)),
        Ok(ComplaintCreated::Replayed { reference }) => {
            delete_files(ctx, &files).await;
            Ok((receipt(reference), false))
        }
        Ok(ComplaintCreated::KeyReused) => {
            delete_files(ctx, &files).await;
            Err(AppError::conflict(
                "this form was already sent with other content; reload the page",
            )
            .explained(ErrorText::FormSentBefore))
        }
        Err(e) => {
            delete_files(ctx, &files).await;
            Err(e)
        }
    }
}

/// A citizen files a complaint online. `form_key` is the one-time key of the form, so a
/// double submit files it once. The complainant gets a receipt by e-mail at once.
pub async fn file_complaint(
    ctx: &Ctx,
    mut input: ComplaintInput,
    lang: Lang,
    attachments: Vec<Attachment>,
    form_key: Option<IdempotencyKey>,
) -> Result<ComplaintReceipt, AppError> {
    input.lang = Some(lang.code().to_owned());
    let complaint = input.validate(ComplaintChannel::Web, today())?;
    let email = complaint.contact.email.clone();
    let (receipt, created) = store_new(ctx, complaint, None, attachments, form_key).await?;
    if let (true, Some(email)) = (created, email) {
        let letter = notify::receipt(&receipt.reference, receipt.received_on, lang);
        // Queued after the complaint is stored: a crash in between loses only this receipt,
        // never the complaint (whose reference is on the citizen's screen).
        let mail = OutgoingMail {
            to: email,
            subject: letter.subject,
            body: letter.body,
            calendar: None,
            unsubscribe: None,
        };
        if let Err(e) = ctx.store.enqueue_mail(None, &mail, Utc::now()).await {
            tracing::error!(%e, "could not queue the complaint receipt");
        }
    }
    Ok(receipt)
}

/// An agent or officer registers a complaint received by phone, letter, e-mail or at the
/// counter, with the day it was received (the deadlines count from that day).
pub async fn register_complaint(
    ctx: &Ctx,
    user: &StaffUser,
    input: ComplaintInput,
    attachments: Vec<Attachment>,
) -> Result<ComplaintReceipt, AppError> {
    user.require(Action::RegisterComplaint)?;
    let channel = ComplaintChannel::parse(input.channel.as_deref().unwrap_or_default())?;
    if channel == ComplaintChannel::Web {
        return Err(
            AppError::validation("channel", "choose phone, letter, e-mail or counter")
                .explained(ErrorText::ChannelRequired),
        );
    }
    let complaint = input.validate(channel, today())?;
    Ok(store_new(ctx, complaint, Some(user.id), attachments, None)
        .await?
        .0)
}

/// The officers' list: open complaints by default, the most urgent deadline first.
pub async fn list(
    ctx: &Ctx,
    user: &StaffUser,
    filter: &ComplaintFilter,
    lang: Lang,
) -> Result<Vec<ComplaintSummary>, AppError> {
    user.require(Action::HandleComplaints)?;
    let show = filter.show.as_deref().unwrap_or("open");
    if !matches!(show, "open" | "all" | "overdue") {
        return Err(AppError::validation("show", "show is open, all or overdue")
            .explained(ErrorText::UnknownChoice));
    }
    let mut rows = ctx
        .store
        .complaints(&ComplaintQuery {
            open_only: show != "all",
            year: filter.year,
            text: clean_line(filter.q.as_deref(), "q", 100)?,
            limit: 2000,
        })
        .await?;
    let departments = ctx.store.departments().await?;
    for r in &mut rows {
        r.department_name = r
            .department
            .as_deref()
            .map(|code| department_name(&departments, code, lang));
    }
    let today = today();
    if show == "overdue" {
        rows.retain(|r| r.urgency(today).is_overdue());
    }
    if show != "all" {
        rows.sort_by_key(|r| r.urgency(today).days_left());
    }
    Ok(rows)
}

/// The letters a complaint has had so far (to print when there is no e-mail address).
pub fn letters(c: &ComplaintRecord, officer_name: &str) -> Vec<notify::Letter> {
    let mut out = Vec::new();
    if c.acknowledged_on.is_some() {
        out.push(notify::acknowledgement(c, officer_name, None));
    }
    if let Some(text) = &c.answer {
        out.push(notify::answer(c, c.verdict, c.inadmissible_reason, text));
    }
    out
}

fn view_of(c: ComplaintRecord, department_name: Option<String>) -> ComplaintView {
    let today = today();
    // The acknowledgement names the officer who sent it.
    let officer = c
        .history
        .iter()
        .rev()
        .find(|h| h.kind == super::domain::ComplaintEvent::Acknowledged)
        .and_then(|h| h.actor.clone())
        .unwrap_or_default();
    let letters = letters(&c, &officer)
        .into_iter()
        .map(|l| (l.subject, l.body))
        .collect();
    let deadlines = Deadlines::from_received(c.received_on);
    let files = c
        .files
        .iter()
        .map(|f| ComplaintFileView {
            id: f.id,
            kind: f.kind.clone(),
            name: f.name.clone(),
            bytes: f.bytes,
            url: format!("/complaints/{}/files/{}", c.reference, f.id),
            thumbnail_url: f
                .thumbnail_key
                .as_ref()
                .map(|_| format!("/complaints/{}/files/{}?thumb=1", c.reference, f.id)),
        })
        .collect();
    ComplaintView {
        ack_state: DeadlineState::of(deadlines.ack_due, c.acknowledged_on, today),
        answer_state: DeadlineState::of(deadlines.answer_due, c.answered_on, today),
        deadlines,
        department_name,
        files,
        letters,
        reference: c.reference,
        version: c.version,
        channel: c.channel,
        status: c.status,
        received_on: c.received_on,
        created_at: c.created_at,
        acknowledged_on: c.acknowledged_on,
        answered_on: c.answered_on,
        closed_on: c.closed_on,
        department: c.department,
        employee: c.employee,
        happened_on: c.happened_on,
        description: c.description,
        expectation: c.expectation,
        report: c.report,
        converted_report: c.converted_report,
        contact: c.contact,
        lang: c.lang,
        inadmissible_reason: c.inadmissible_reason,
        verdict: c.verdict,
        norms: c.norms,
        answer: c.answer,
        improvements: c.improvements,
        anonymised: c.anonymised_at.is_some(),
        created_by: c.created_by,
        history: c.history,
    }
}

/// One complaint with its history, for complaints officers and admins (404 for anyone else).
pub async fn complaint_view(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    lang: Lang,
) -> Result<ComplaintView, AppError> {
    officer(user)?;
    let c = load(ctx, reference).await?;
    let name = match &c.department {
        Some(code) => Some(department_name(&ctx.store.departments().await?, code, lang)),
        None => None,
    };
    Ok(view_of(c, name))
}

/// An attachment's storage key and content type, for complaints officers and admins.
pub async fn file(
    ctx: &Ctx,
    user: &StaffUser,
    reference: &str,
    file_id: i64,
    thumbnail: bool,
) -> Result<(Vec<u8>, String, String), AppError> {
    officer(user)?;
    let c = load(ctx, reference).await?;
    let f = c
        .files
        .into_iter()
        .find(|f| f.id == file_id)
        .ok_or_else(AppError::not_found)?;
    let key = if thumbnail {
        f.thumbnail_key.ok_or_else(AppError::not_found)?
    } else {
        f.key
    };
    let bytes = ctx.private_files.get(&key).await?;
    let content_type = if thumbnail {
        "image/jpeg".to_owned()
    } else {
        f.content_type
    };
    Ok((bytes, content_type, f.name))
}

/// The yearly complaints report. Its figures hold no personal data, so those who see the
/// annual report (planners, coordinators) see them too.
pub async fn yearly_report(
    ctx: &Ctx,
    user: &StaffUser,
    year: i32,
    lang: Lang,
) -> Result<ComplaintYearReport, AppError> {
    user.require(Action::ComplaintFigures)?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::validation("year", "a year between 2000 and 2100")
            .explained(ErrorText::DateInvalid));
    }
    let rows = ctx.store.complaint_year_rows(year).await?;
    let departments: Vec<(String, String)> = ctx
        .store
        .departments()
        .await?
        .into_iter()
        .map(|d| (d.name(lang).to_owned(), d.code))
        .map(|(name, code)| (code, name))
        .collect();
    let mut report = ComplaintYearReport::compute(year, &rows, &departments, lang);
    // Improvement actions are the officer's words: only those who may see complaints read them.
    if !user.may(Action::HandleComplaints, None) {
        report.improvements.clear();
    }
    Ok(report)
}

/// Anonymises closed complaints past the retention period (`years` after closing). With
/// `dry_run` only lists what would be erased.
pub async fn apply_retention(ctx: &Ctx, years: u32, dry_run: bool) -> Result<Anonymised, AppError> {
    let today = today();
    // 29 February has no anniversary in most years: take the day before.
    let back = today.year() - i32::try_from(years).unwrap_or(i32::MAX / 2);
    let cutoff = today
        .with_year(back)
        .or_else(|| (today - Duration::days(1)).with_year(back))
        .unwrap_or(NaiveDate::MIN);
    let out = ctx
        .store
        .anonymise_complaints(cutoff, dry_run, Utc::now())
        .await?;
    if !dry_run {
        for key in &out.file_keys {
            if let Err(e) = ctx.private_files.delete(key).await {
                tracing::error!(%e, key, "could not delete an anonymised complaint's file");
            }
        }
        if !out.references.is_empty() {
            tracing::info!(
                count = out.references.len(),
                "anonymised complaints past their retention period"
            );
        }
    }
    Ok(out)
}
