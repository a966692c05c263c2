//! Administration: users, departments, categories, teams, partners and the services that
//! receive people by appointment. The admin pages and
//! the `meldpunt` command both go through these checks (`by: None` is the command line).

use super::domain::Department;
use crate::appointment::domain::AppointmentType;
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::i18n::Names;
use crate::port::ServiceInput;
use crate::report::domain::{Category, Contact};
use crate::report::questions::{Choice, Question, MAX_CHOICES, MAX_QUESTIONS};
use crate::staff::{Action, Role, StaffUser};

pub(crate) fn require(by: Option<&StaffUser>) -> Result<(), AppError> {
    by.map_or(Ok(()), |u| u.require(Action::Manage))
}

pub(crate) fn text(v: &str, field: &str, max: usize) -> Result<String, AppError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(AppError::validation(
            field,
            format!("{field}: 1 to {max} characters on one line"),
        )
        .explained(ErrorText::OneLineTooLong));
    }
    Ok(v.to_owned())
}

/// A name in every language, each required: citizens see the one in their language.
fn names(names: &Names) -> Result<Names, AppError> {
    Names::try_new(|lang| text(names.given(lang), &Names::field(lang), 80))
}

/// A code as every code here is: 2 to 40 of a-z, 0-9, `-` and `_` (lowercased).
pub(crate) fn code(v: &str, field: &str) -> Result<String, AppError> {
    let v = v.trim().to_lowercase();
    if v.len() < 2
        || v.len() > 40
        || !v
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        return Err(AppError::validation(
            field,
            "a code is 2 to 40 lowercase letters, digits, - or _",
        )
        .explained(ErrorText::CodeInvalid));
    }
    Ok(v)
}

fn email(v: &str) -> Result<String, AppError> {
    Contact {
        email: Some(v.trim().to_lowercase()),
        ..Contact::default()
    }
    .parse()?
    .and_then(|c| c.email)
    .ok_or_else(|| {
        AppError::validation("email", "give an e-mail address").explained(ErrorText::EmailInvalid)
    })
}

async fn known_departments(ctx: &Ctx, departments: &[String]) -> Result<Vec<String>, AppError> {
    let all = ctx.store.departments().await?;
    let mut out = Vec::new();
    for d in departments
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
    {
        if !all.iter().any(|k| k.code == d) {
            return Err(
                AppError::validation("department", format!("unknown department {d}"))
                    .explained(ErrorText::UnknownChoice),
            );
        }
        if !out.iter().any(|o| o == d) {
            out.push(d.to_owned());
        }
    }
    Ok(out)
}

/// Adds a staff account.
pub async fn create_user(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    email_address: &str,
    name: &str,
    role: Role,
    password: &str,
    departments: &[String],
) -> Result<i64, AppError> {
    require(by)?;
    let email_address = email(email_address)?;
    let name = text(name, "name", 120)?;
    let departments = known_departments(ctx, departments).await?;
    let hash = crate::service::hash_password(password)?;
    let id = ctx
        .store
        .create_user(&email_address, &name, role, &hash)
        .await?;
    ctx.store.update_user(id, role, &departments, true).await?;
    Ok(id)
}

/// Changes a user's role, departments and whether the account works. Disabling ends the
/// user's sessions at once.
pub async fn update_user(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    email_address: &str,
    role: Option<Role>,
    departments: Option<&[String]>,
    active: Option<bool>,
) -> Result<(), AppError> {
    require(by)?;
    let record = ctx
        .store
        .user_by_email(&email_address.trim().to_lowercase())
        .await?
        .ok_or_else(AppError::not_found)?;
    if by.is_some_and(|u| u.id == record.user.id) && active == Some(false) {
        return Err(
            AppError::validation("active", "you cannot disable your own account")
                .explained(ErrorText::OwnAccount),
        );
    }
    let departments = match departments {
        Some(d) => known_departments(ctx, d).await?,
        None => record.user.departments.clone(),
    };
    ctx.store
        .update_user(
            record.user.id,
            role.unwrap_or(record.user.role),
            &departments,
            active.unwrap_or(record.active),
        )
        .await
}

pub async fn save_department(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    department: Department,
) -> Result<(), AppError> {
    require(by)?;
    ctx.store
        .save_department(&Department {
            code: code(&department.code, "code")?,
            names: names(&department.names)?,
            active: department.active,
        })
        .await
}

/// Creates or changes a category: names, department, target days, icon, active.
pub async fn save_category(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    category: Category,
) -> Result<(), AppError> {
    require(by)?;
    if !(1..=365).contains(&category.target_days) {
        return Err(
            AppError::validation("target_days", "target days are between 1 and 365")
                .explained(ErrorText::NumberOutOfRange),
        );
    }
    let department = known_departments(ctx, std::slice::from_ref(&category.department))
        .await?
        .pop()
        .ok_or_else(|| {
            AppError::validation("department", "choose a department")
                .explained(ErrorText::UnknownChoice)
        })?;
    ctx.store
        .save_category(&Category {
            code: code(&category.code, "code")?,
            names: names(&category.names)?,
            department,
            target_days: category.target_days,
            icon: text(
                if category.icon.trim().is_empty() {
                    "📍"
                } else {
                    &category.icon
                },
                "icon",
                8,
            )?,
            active: category.active,
        })
        .await
}

/// A question's label or a choice's, in every language.
fn labels(names: &Names, field: &str) -> Result<Names, AppError> {
    Names::try_new(|lang| text(names.given(lang), &format!("{field}_{}", lang.code()), 200))
}

/// Adds a question to a category, or changes the one with the same code (it keeps its place
/// unless `position`, counted from 1, moves it).
pub async fn save_question(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    category: &str,
    question: Question,
    position: Option<usize>,
) -> Result<(), AppError> {
    require(by)?;
    let category = code(category, "category")?;
    let mut choices: Vec<Choice> = Vec::new();
    for c in &question.choices {
        let choice = Choice {
            code: code(&c.code, "choices")?,
            names: labels(&c.names, "choice")?,
        };
        if choices.iter().any(|known| known.code == choice.code) {
            return Err(
                AppError::validation("choices", "each choice needs its own code")
                    .explained(ErrorText::ChoicesInvalid),
            );
        }
        choices.push(choice);
    }
    match (question.kind.has_choices(), choices.len()) {
        (true, n) if !(2..=MAX_CHOICES).contains(&n) => {
            return Err(AppError::validation(
                "choices",
                format!("a choice question has 2 to {MAX_CHOICES} choices"),
            )
            .explained(ErrorText::ChoicesInvalid))
        }
        (false, n) if n > 0 => {
            return Err(
                AppError::validation("choices", "only choice questions have choices")
                    .explained(ErrorText::ChoicesInvalid),
            )
        }
        _ => {}
    }
    let question = Question {
        code: code(&question.code, "code")?,
        names: labels(&question.names, "label")?,
        choices,
        ..question
    };
    let mut questions = crate::service::questions_of(ctx, &category).await?;
    let at = questions.iter().position(|q| q.code == question.code);
    let at = match at {
        Some(i) => {
            questions.remove(i);
            i
        }
        None if questions.len() >= MAX_QUESTIONS => {
            return Err(AppError::validation(
                "code",
                format!("a category asks at most {MAX_QUESTIONS} questions"),
            )
            .explained(ErrorText::TooManyQuestions))
        }
        None => questions.len(),
    };
    let at = position
        .map_or(at, |p| p.saturating_sub(1))
        .min(questions.len());
    questions.insert(at, question);
    ctx.store.save_questions(&category, &questions).await
}

/// Removes a question from a category; answers already given stay with their reports.
pub async fn remove_question(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    category: &str,
    question: &str,
) -> Result<(), AppError> {
    require(by)?;
    let mut questions = crate::service::questions_of(ctx, category).await?;
    let before = questions.len();
    questions.retain(|q| q.code != question);
    if questions.len() == before {
        return Err(AppError::not_found());
    }
    ctx.store.save_questions(category, &questions).await
}

/// Makes an API key for a partner's system or an app (Open311): the key is returned once and
/// only its SHA-256 hash is kept (256 random bits, so a fast hash is enough).
pub async fn create_api_key(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    name: &str,
) -> Result<String, AppError> {
    require(by)?;
    let name = text(name, "name", 80)?;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let key = format!("mpk_{}", hex::encode(bytes));
    ctx.store
        .create_api_key(
            &name,
            &crate::service::sha256_hex(key.as_bytes()),
            chrono::Utc::now(),
        )
        .await?;
    Ok(key)
}

/// Revokes a key by name: requests with it are refused from now on.
pub async fn revoke_api_key(ctx: &Ctx, by: Option<&StaffUser>, name: &str) -> Result<(), AppError> {
    require(by)?;
    if ctx
        .store
        .revoke_api_key(name.trim(), chrono::Utc::now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// Every key with when it was made, revoked and last used.
pub async fn api_keys(
    ctx: &Ctx,
    by: Option<&StaffUser>,
) -> Result<Vec<crate::port::ApiKeyRecord>, AppError> {
    require(by)?;
    ctx.store.api_keys().await
}

/// Creates a crew team with its members (crew accounts by e-mail).
pub async fn create_team(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    name: &str,
    department: &str,
    members: &[String],
) -> Result<i64, AppError> {
    require(by)?;
    let name = text(name, "name", 80)?;
    let department = known_departments(ctx, &[department.to_owned()])
        .await?
        .pop()
        .ok_or_else(|| {
            AppError::validation("department", "choose a department")
                .explained(ErrorText::UnknownChoice)
        })?;
    let mut ids = Vec::new();
    for m in members {
        let u = ctx
            .store
            .user_by_email(&m.trim().to_lowercase())
            .await?
            .ok_or_else(|| {
                AppError::validation("member", format!("no user {m}"))
                    .explained(ErrorText::UnknownChoice)
            })?;
        ids.push(u.user.id);
    }
    let id = ctx.store.create_team(&name, &department).await?;
    ctx.store.set_team_members(id, &ids).await?;
    Ok(id)
}

pub async fn create_partner(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    name: &str,
    email_address: &str,
) -> Result<i64, AppError> {
    require(by)?;
    ctx.store
        .create_partner(&text(name, "name", 80)?, &email(email_address)?)
        .await
}

/// Loads an address CSV into the register; returns how many addresses were stored.
pub async fn import_addresses(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    data: &[u8],
) -> Result<u64, AppError> {
    require(by)?;
    let rows = crate::address::parse_csv(data)?;
    ctx.store.import_addresses(&rows).await
}

/// Creates or changes a service that receives people by appointment: names, weekly openings
/// (see [`crate::appointment::domain::Opening::parse_list`]), booking horizon, active.
pub async fn save_service(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    service: ServiceInput,
) -> Result<(), AppError> {
    require(by)?;
    if service.horizon_days > 366 {
        return Err(
            AppError::validation("horizon_days", "people book at most 366 days ahead")
                .explained(ErrorText::NumberOutOfRange),
        );
    }
    ctx.store
        .save_service(&ServiceInput {
            code: code(&service.code, "code")?,
            names: names(&service.names)?,
            ..service
        })
        .await
}

/// Creates or changes an appointment type of a service: names, minutes, places at once.
pub async fn save_appointment_type(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    t: AppointmentType,
) -> Result<(), AppError> {
    require(by)?;
    if !(5..=480).contains(&t.shape.minutes) {
        return Err(
            AppError::validation("minutes", "an appointment takes 5 to 480 minutes")
                .explained(ErrorText::NumberOutOfRange),
        );
    }
    if !(1..=50).contains(&t.shape.places) {
        return Err(AppError::validation("places", "1 to 50 people at once")
            .explained(ErrorText::NumberOutOfRange));
    }
    ctx.store
        .save_appointment_type(&AppointmentType {
            code: code(&t.code, "code")?,
            service: code(&t.service, "service")?,
            names: names(&t.names)?,
            ..t
        })
        .await
}

/// Closes a service on a day (a city closure; public holidays need none).
pub async fn add_closing_day(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    service: &str,
    day: chrono::NaiveDate,
    label: &str,
) -> Result<(), AppError> {
    require(by)?;
    let label = if label.trim().is_empty() {
        String::new()
    } else {
        text(label, "label", 80)?
    };
    ctx.store
        .add_closing_day(&code(service, "service")?, day, &label)
        .await
}

/// A code and names in every language as the admin checks them, for other features' lists
/// (the ContactCenter's topics).
pub fn checked_code_and_names(c: &str, n: &Names) -> Result<(String, Names), AppError> {
    Ok((code(c, "code")?, names(n)?))
}
