//! Administration of the links to partners' systems and apps: a partner's Open311 server
//! (endpoint, our key there, its service code per category) and webhook subscriptions.
//! Shared by the admin page and the command line, so both check the same way.

use super::admin::{require, text};
use crate::context::Ctx;
use crate::error::{AppError, ErrorText};
use crate::port::{Open311Link, Webhook};
use crate::staff::StaffUser;

/// An `http(s)://host…` URL on one line, without user or password in it.
fn url(v: &str, field: &str) -> Result<String, AppError> {
    let v = text(v, field, 500)?;
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| {
            AppError::validation(field, format!("{field}: an http(s):// address"))
                .explained(ErrorText::UrlInvalid)
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') || v.chars().any(char::is_whitespace) {
        return Err(AppError::validation(
            field,
            format!("{field}: an http(s):// address with a host and no password"),
        )
        .explained(ErrorText::UrlInvalid));
    }
    Ok(v.trim_end_matches('/').to_owned())
}

/// Reads `category=service_code` pairs (one per line or separated by commas).
pub fn parse_services(text_list: &str) -> Result<Vec<(String, String)>, AppError> {
    let mut services: Vec<(String, String)> = Vec::new();
    for item in text_list
        .split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let (category, code) = item
            .split_once('=')
            .map(|(c, s)| (c.trim(), s.trim()))
            .filter(|(c, s)| !c.is_empty() && !s.is_empty())
            .ok_or_else(|| {
                AppError::validation("services", format!("services: category=code, not {item}"))
                    .explained(ErrorText::ServicesInvalid)
            })?;
        let code = text(code, "services", 100)?;
        if services.iter().any(|(c, _)| c == category) {
            return Err(
                AppError::validation("services", format!("services: {category} twice"))
                    .explained(ErrorText::ServicesInvalid),
            );
        }
        services.push((category.to_owned(), code));
    }
    Ok(services)
}

/// Links a partner (by name) to its Open311 server; from then on, forwarding a report to it
/// sends the report there instead of by e-mail. `None` unlinks it.
pub async fn link_open311(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    partner: &str,
    link: Option<Open311Link>,
) -> Result<(), AppError> {
    require(by)?;
    let partner = ctx
        .store
        .partners()
        .await?
        .into_iter()
        .find(|p| p.name == partner.trim())
        .ok_or_else(|| {
            AppError::validation("partner", "no partner with this name")
                .explained(ErrorText::UnknownChoice)
        })?;
    let link = match link {
        None => None,
        Some(l) => {
            if l.services.is_empty() {
                return Err(AppError::validation(
                    "services",
                    "services: at least one category=code",
                )
                .explained(ErrorText::ServicesInvalid));
            }
            Some(Open311Link {
                endpoint: url(&l.endpoint, "endpoint")?,
                api_key: text(&l.api_key, "api_key", 200)?,
                jurisdiction: l
                    .jurisdiction
                    .filter(|j| !j.trim().is_empty())
                    .map(|j| text(&j, "jurisdiction", 100))
                    .transpose()?,
                services: l.services,
            })
        }
    };
    ctx.store.set_open311_link(partner.id, link.as_ref()).await
}

/// Subscribes a URL to status changes; `secret` signs every event (made by the caller, shown
/// to the admin once).
pub async fn create_webhook(
    ctx: &Ctx,
    by: Option<&StaffUser>,
    name: &str,
    address: &str,
    secret: &str,
) -> Result<i64, AppError> {
    require(by)?;
    let name = text(name, "name", 80)?;
    let address = url(address, "url")?;
    ctx.store
        .create_webhook(&name, &address, secret, chrono::Utc::now())
        .await
}

/// Stops a subscription; what was still waiting for it is not sent.
pub async fn revoke_webhook(ctx: &Ctx, by: Option<&StaffUser>, name: &str) -> Result<(), AppError> {
    require(by)?;
    if ctx
        .store
        .revoke_webhook(name.trim(), chrono::Utc::now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// Every subscription with its health.
pub async fn webhooks(ctx: &Ctx, by: Option<&StaffUser>) -> Result<Vec<Webhook>, AppError> {
    require(by)?;
    ctx.store.webhooks().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_are_category_code_pairs() {
        assert_eq!(
            parse_services("waste_not_collected = 12\n, street_light=LAMP\n\n").unwrap(),
            [
                ("waste_not_collected".to_owned(), "12".to_owned()),
                ("street_light".to_owned(), "LAMP".to_owned())
            ]
        );
        assert!(parse_services("waste").is_err());
        assert!(parse_services("a=1,a=2").is_err());
        assert!(parse_services("a=").is_err());
    }

    #[test]
    fn addresses_are_http_with_a_host_and_no_password() {
        assert_eq!(
            url("https://partner.example/open311/v2/", "endpoint").unwrap(),
            "https://partner.example/open311/v2"
        );
        assert!(url("http://127.0.0.1:8080/hook", "url").is_ok());
        for bad in [
            "ftp://x",
            "https://",
            "https://u:p@host/",
            "https://a b",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ] {
            assert!(url(bad, "url").is_err(), "{bad}");
        }
    }
}
