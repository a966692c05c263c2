//! Service layer: the rules behind every route. REST handlers and server functions both call
//! these functions, so each rule lives in one place.

use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Lang;
use crate::port::{
    CreateOutcome, IdempotencyKey, NewPhoto, ProcessedPhoto, StatusFilter, StoredIdempotency,
};
use crate::report::domain::{
    BBox, Channel, GeoPoint, HistoryEntry, PhotoKind, PhotoView, PublicReport, ReportInput,
    ReportRef, ReportStatus, ReportSummary, SubmitReceipt, ValidReport, MAX_PHOTOS,
};
use crate::report::questions::{answer_views, check_answers, Question};
use crate::staff::StaffUser;
use chrono::{Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How far around a new report the citizen is shown open reports of the same category.
pub const NEARBY_RADIUS_M: f64 = 250.0;
/// How long a reporter's contact details are kept after their report is closed.
pub const CONTACT_RETENTION_DAYS: i64 = 365;
/// How long a staff session lasts.
pub const SESSION_HOURS: i64 = 12;

/// A fresh random token of 160 bits, hex encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256, hex encoded: how tokens are stored so a database copy does not reveal them.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Seals a tracking token (hex) with the idempotency key that came with its report, and
/// unseals it again (the same operation): XOR with SHA-256 of the key, so the stored value
/// says nothing without the key, which is stored only as a hash. A token is 40 hex digits
/// (20 bytes), within the 32 bytes of the digest.
pub fn seal_token(token_hex: &str, key: &str) -> String {
    let pad = Sha256::digest([b"meldpunt tracking token\n".as_slice(), key.as_bytes()].concat());
    match hex::decode(token_hex) {
        Ok(bytes) if bytes.len() <= pad.len() => hex::encode(
            bytes
                .iter()
                .zip(pad.iter())
                .map(|(b, p)| b ^ p)
                .collect::<Vec<u8>>(),
        ),
        // Not a token of ours: nothing to protect, nothing to answer.
        _ => String::new(),
    }
}

/// Stores photos, undoing the ones already written when one fails.
pub async fn put_photos(
    ctx: &Ctx,
    kind: PhotoKind,
    photos: &[ProcessedPhoto],
) -> Result<Vec<NewPhoto>, AppError> {
    let mut stored = Vec::with_capacity(photos.len());
    for p in photos {
        let written = async {
            let display = ctx.photos.put(&p.display, "jpg").await?;
            match ctx.photos.put(&p.thumbnail, "thumb.jpg").await {
                Ok(thumbnail) => Ok((display, thumbnail)),
                Err(e) => {
                    ctx.photos.discard(&display.key).await;
                    Err(e)
                }
            }
        }
        .await;
        match written {
            Ok((display, thumbnail)) => stored.push(NewPhoto {
                kind,
                width: p.width,
                height: p.height,
                bytes: p.display.len() as u64,
                sha256: p.sha256.clone(),
                key: display.key,
                thumbnail_key: thumbnail.key,
                pending: display
                    .pending
                    .into_iter()
                    .chain(thumbnail.pending)
                    .collect(),
            }),
            Err(e) => {
                delete_photos(ctx, &stored).await;
                return Err(e);
            }
        }
    }
    Ok(stored)
}

pub(crate) async fn delete_photos(ctx: &Ctx, photos: &[NewPhoto]) {
    for p in photos {
        ctx.photos.discard(&p.key).await;
        ctx.photos.discard(&p.thumbnail_key).await;
    }
}

fn tracking_url(ctx: &Ctx, token: &str) -> String {
    format!("{}/track/{token}", ctx.config.public_url)
}

/// Accepts a citizen's report. Photos arrive already processed.
pub async fn submit_report(
    ctx: &Ctx,
    input: ReportInput,
    lang: Lang,
    photos: Vec<ProcessedPhoto>,
    idempotency: Option<IdempotencyKey>,
) -> Result<SubmitReceipt, AppError> {
    let mut report = input.validate(Channel::Web)?;
    report.lang = lang;
    create_report(ctx, report, photos, idempotency).await
}

/// Stores a validated report (from a citizen, an agent or a crew) with its photos.
pub async fn create_report(
    ctx: &Ctx,
    mut report: ValidReport,
    photos: Vec<ProcessedPhoto>,
    idempotency: Option<IdempotencyKey>,
) -> Result<SubmitReceipt, AppError> {
    let idempotency_key = idempotency.as_ref().map(|k| k.key.clone());
    if photos.len() > MAX_PHOTOS {
        return Err(AppError::validation(
            "photo",
            format!("at most {MAX_PHOTOS} photos per report"),
        )
        .explained(ErrorText::TooManyPhotos));
    }
    match ctx.store.category(&report.category).await? {
        Some(_) => {}
        None => {
            return Err(AppError::validation("category", "unknown category")
                .explained(ErrorText::CategoryRequired))
        }
    }
    let questions = questions_of(ctx, &report.category).await?;
    report.answers = check_answers(&questions, &report.answers)?;
    if let Some(area) = &ctx.config.service_area {
        if !area.contains(report.point) {
            return Err(AppError::validation(
                "location",
                "this place lies outside the area the city serves",
            )
            .explained(ErrorText::OutsideArea));
        }
    }
    // A pin or a GPS fix without an address is named after the nearest one in the register,
    // for the queue, the crew and the reporter; a lookup that fails names nothing and loses
    // nothing.
    if report.address.is_none() {
        match crate::address::nearest(ctx, report.point).await {
            Ok(Some(near)) => {
                report.address = Some(near.label);
                report.address_near = true;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(%e, "no nearest address"),
        }
    }
    // The district it lies in (routing rules may depend on it); a failed read places none.
    match crate::district::districts(ctx).await {
        Ok(d) => report.district = d.of(report.point).map(|d| d.code.clone()),
        Err(e) => tracing::warn!(%e, "districts could not be read"),
    }
    let stored = put_photos(ctx, PhotoKind::Before, &photos).await?;
    let token = random_token();
    let idempotency = idempotency.map(|k| StoredIdempotency {
        key_hash: sha256_hex(k.key.as_bytes()),
        sealed_token: seal_token(&token, &k.key),
        request_hash: k.request_hash,
    });
    let confirm_to = report.contact.as_ref().and_then(|c| c.email.clone());
    let news = |reference: &str| crate::port::NewsItem {
        reference: reference.to_owned(),
        category: report.category.clone(),
        point: report.point,
        district: report.district.clone(),
        address: report.address.clone(),
        address_near: report.address_near,
        created_at: Utc::now(),
    };
    let lang = report.lang;
    let channel = report.channel;
    let outcome = ctx
        .store
        .create_report(&report, &token, &stored, idempotency.as_ref(), Utc::now())
        .await;
    match outcome {
        Ok(CreateOutcome::Created {
            id,
            reference,
            status,
        }) => {
            metrics::counter!(crate::metrics::REPORTS, "channel" => channel.as_str()).increment(1);
            let tracking_url = tracking_url(ctx, &token);
            if let Some(email) = confirm_to {
                // Queued after the report is stored: a crash in between loses only this receipt
                // mail, never the report (whose reference the user already has on screen).
                let mail = crate::office::notify::received(
                    &crate::port::Recipient {
                        email,
                        lang,
                        unsubscribe: None,
                        reporter: true,
                    },
                    &reference,
                    &tracking_url,
                );
                if let Err(e) = ctx.store.enqueue_mail(Some(id), &mail, Utc::now()).await {
                    tracing::error!(%e, "could not queue the receipt mail");
                }
            }
            // Area alerts: after the report is stored, never in its way.
            if let Err(e) = crate::report::alerts::tell(ctx, &news(&reference)).await {
                tracing::error!(%e, "could not queue the area alerts");
            }
            Ok(SubmitReceipt {
                id,
                reference,
                tracking_url,
                tracking_token: token,
                status,
            })
        }
        Ok(CreateOutcome::Replayed {
            id,
            reference,
            sealed_token,
        }) => {
            delete_photos(ctx, &stored).await;
            // The same key sealed it: the replay gets the first answer's token back.
            let tracking_token = match &idempotency_key {
                Some(key) => seal_token(&sealed_token, key),
                None => return Err(AppError::internal("a replay without a key")),
            };
            Ok(SubmitReceipt {
                id,
                reference,
                tracking_url: tracking_url(ctx, &tracking_token),
                tracking_token,
                status: ReportStatus::New,
            })
        }
        Ok(CreateOutcome::KeyReused) => {
            delete_photos(ctx, &stored).await;
            Err(
                AppError::conflict("this Idempotency-Key was already used for a different request")
                    .explained(ErrorText::FormSentBefore),
            )
        }
        Err(e) => {
            delete_photos(ctx, &stored).await;
            Err(e)
        }
    }
}

/// The questions a category asks, in their order.
pub async fn questions_of(ctx: &Ctx, category: &str) -> Result<Vec<Question>, AppError> {
    Ok(ctx
        .store
        .questions(Some(category))
        .await?
        .remove(category)
        .unwrap_or_default())
}

/// A visible report as the public sees it.
pub async fn public_report(
    ctx: &Ctx,
    reference: &str,
    lang: Lang,
) -> Result<PublicReport, AppError> {
    let reference = ReportRef::parse(reference)?;
    let r = ctx
        .store
        .report(reference.as_str())
        .await?
        .ok_or_else(AppError::not_found)?;
    let questions = questions_of(ctx, &r.category.code).await?;
    Ok(PublicReport {
        answers: answer_views(&questions, &r.answers, lang, true),
        reference: r.reference,
        category: r.category.code.clone(),
        category_name: r.category.name(lang).to_owned(),
        lat: r.point.lat,
        lon: r.point.lon,
        address: r.address,
        address_near: r.address_near,
        description: r.description,
        status: r.status,
        created_at: r.created_at,
        updated_at: r.updated_at,
        district: r.district.map(|(_, name)| name),
        history: r
            .history
            .into_iter()
            .filter(|h| h.kind.is_public())
            .map(|h| HistoryEntry {
                status: h.status,
                at: h.at,
                note: h.note,
            })
            .collect(),
        photos: photo_views(
            r.photos
                .into_iter()
                .filter(|p| p.kind.is_public())
                .collect(),
        ),
    })
}

/// Stored photos as pages and the API show them (URLs under `/photos/`).
pub(crate) fn photo_views(photos: Vec<crate::port::PhotoRecord>) -> Vec<PhotoView> {
    photos
        .into_iter()
        .map(|p| PhotoView {
            kind: p.kind,
            url: format!("/photos/{}", p.key),
            thumbnail_url: format!("/photos/{}", p.thumbnail_key),
            width: p.width,
            height: p.height,
        })
        .collect()
}

/// The report a tracking token belongs to.
pub async fn tracked_report(ctx: &Ctx, token: &str, lang: Lang) -> Result<PublicReport, AppError> {
    if token.len() != 40 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found());
    }
    let reference = ctx
        .store
        .reference_for_token(token)
        .await?
        .ok_or_else(AppError::not_found)?;
    public_report(ctx, &reference, lang).await
}

/// Reports in a map view.
pub async fn reports_in_bbox(
    ctx: &Ctx,
    bbox: BBox,
    status: StatusFilter,
    category: Option<&str>,
) -> Result<Vec<ReportSummary>, AppError> {
    ctx.store
        .reports_in_bbox(bbox, status, category, 2000)
        .await
}

/// Open reports of one category within [`NEARBY_RADIUS_M`] of a point, nearest first.
pub async fn open_reports_near(
    ctx: &Ctx,
    point: GeoPoint,
    category: Option<&str>,
    radius_m: f64,
    limit: usize,
) -> Result<Vec<ReportSummary>, AppError> {
    let limit = u32::try_from(limit).unwrap_or(u32::MAX);
    ctx.store
        .open_reports_near(point, category, radius_m, limit)
        .await
}

/// Erases personal data past its retention period. Run at start and daily.
pub async fn apply_retention(ctx: &Ctx) -> Result<u64, AppError> {
    let erased = ctx
        .store
        .erase_old_contacts(Utc::now() - Duration::days(CONTACT_RETENTION_DAYS))
        .await?;
    if erased > 0 {
        tracing::info!(erased, "erased contact details past their retention period");
    }
    let ended = crate::report::ask::end_expired(ctx).await?;
    if ended > 0 {
        tracing::info!(
            ended,
            "questions to reporters ended unanswered after their time"
        );
    }
    let alerts = crate::report::alerts::forget_old(ctx).await?;
    if alerts > 0 {
        tracing::info!(
            alerts,
            "forgot area alerts never confirmed or stopped a month ago"
        );
    }
    let forgotten = crate::report::mine::forget_old_links(ctx).await?;
    if forgotten > 0 {
        tracing::info!(
            forgotten,
            "forgot links to citizens' lists past their keeping time"
        );
    }
    Ok(erased)
}

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    if password.chars().count() < 10 {
        return Err(
            AppError::validation("password", "a password has at least 10 characters")
                .explained(ErrorText::PasswordTooShort),
        );
    }
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

/// The staff member a session token belongs to, if the session is still valid.
pub async fn session_user(ctx: &Ctx, token: &str) -> Result<Option<StaffUser>, AppError> {
    if token.len() != 40 {
        return Ok(None);
    }
    ctx.store
        .session_user(&sha256_hex(token.as_bytes()), Utc::now())
        .await
}

pub async fn logout(ctx: &Ctx, token: &str) -> Result<(), AppError> {
    ctx.store
        .delete_session(&sha256_hex(token.as_bytes()))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_token_opens_only_with_its_key() {
        let token = random_token();
        let sealed = seal_token(&token, "key-1");
        assert_eq!(sealed.len(), token.len());
        assert_ne!(sealed, token);
        assert_eq!(seal_token(&sealed, "key-1"), token);
        assert_ne!(seal_token(&sealed, "key-2"), token);
        assert_eq!(seal_token("not hex", "key-1"), "");
    }

    #[test]
    fn tokens_are_random_and_160_bits() {
        let a = random_token();
        assert_eq!(a.len(), 40);
        assert_ne!(a, random_token());
    }

    #[test]
    fn password_hash_verifies_only_the_right_password() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(crate::signin::verify_password("correct horse battery", &h));
        assert!(!crate::signin::verify_password("wrong horse battery", &h));
        assert!(hash_password("short").is_err());
    }
}
