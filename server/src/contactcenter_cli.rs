//! The ContactCenter's commands: services, appointment types and closing days,
//! knowledge-base articles and contact topics (through the same checks as the admin's).

use clap::Args;
use meldpunt_app::appointment::domain::{AppointmentType, Opening, SlotShape};
use meldpunt_app::context::Ctx;
use meldpunt_app::office::admin;
use std::path::PathBuf;

use crate::catalogue_cli::names;

#[derive(Debug, Args)]
pub struct ServiceArgs {
    code: String,
    #[arg(long)]
    nl: String,
    #[arg(long)]
    fr: Option<String>,
    #[arg(long)]
    en: Option<String>,
    #[arg(long)]
    openings: String,
    #[arg(long, default_value_t = 30)]
    horizon_days: u32,
    #[arg(long)]
    inactive: bool,
}

#[derive(Debug, Args)]
pub struct TypeArgs {
    code: String,
    #[arg(long)]
    service: String,
    #[arg(long)]
    nl: String,
    #[arg(long)]
    fr: Option<String>,
    #[arg(long)]
    en: Option<String>,
    #[arg(long)]
    minutes: u32,
    #[arg(long, default_value_t = 1)]
    places: u32,
    #[arg(long)]
    inactive: bool,
}

#[derive(Debug, Args)]
pub struct ClosingArgs {
    service: String,
    day: chrono::NaiveDate,
    #[arg(long, default_value = "")]
    label: String,
}

#[derive(Debug, Args)]
pub struct ArticleArgs {
    slug: String,
    #[arg(long, default_value = "nl")]
    lang: String,
    #[arg(long)]
    title: String,
    #[arg(long, default_value = "")]
    summary: String,
    /// A file with the article's text (blank lines between paragraphs, "- " for lists).
    #[arg(long)]
    body_file: Option<PathBuf>,
    /// Other words people use, comma-separated.
    #[arg(long, default_value = "")]
    synonyms: String,
    /// The appointment type to book for this product.
    #[arg(long)]
    appointment_type: Option<String>,
    #[arg(long)]
    inactive: bool,
}

pub async fn service(ctx: &Ctx, a: ServiceArgs) -> anyhow::Result<()> {
    let service = meldpunt_app::port::ServiceInput {
        code: a.code.clone(),
        names: names(a.nl, a.fr, a.en),
        horizon_days: a.horizon_days,
        openings: Opening::parse_list(&a.openings)?,
        active: !a.inactive,
    };
    admin::save_service(ctx, None, service).await?;
    println!("service {} saved", a.code);
    Ok(())
}

pub async fn appointment_type(ctx: &Ctx, a: TypeArgs) -> anyhow::Result<()> {
    let t = AppointmentType {
        id: 0,
        code: a.code.clone(),
        service: a.service,
        names: names(a.nl, a.fr, a.en),
        shape: SlotShape {
            minutes: a.minutes,
            places: a.places,
        },
        active: !a.inactive,
    };
    admin::save_appointment_type(ctx, None, t).await?;
    println!("appointment type {} saved", a.code);
    Ok(())
}

pub async fn closing_day(ctx: &Ctx, a: ClosingArgs) -> anyhow::Result<()> {
    admin::add_closing_day(ctx, None, &a.service, a.day, &a.label).await?;
    println!("{} closed on {}", a.service, a.day);
    Ok(())
}

pub async fn article(ctx: &Ctx, a: ArticleArgs) -> anyhow::Result<()> {
    let body = match a.body_file {
        Some(f) => std::fs::read_to_string(f)?,
        None => String::new(),
    };
    let input = meldpunt_app::knowledge::domain::ArticleInput {
        slug: a.slug.clone(),
        lang: a.lang,
        title: a.title,
        summary: a.summary,
        body,
        synonyms: a.synonyms,
        appointment_type: a.appointment_type,
        active: !a.inactive,
    };
    meldpunt_app::knowledge::service::save(ctx, None, input).await?;
    println!("article {} saved", a.slug);
    Ok(())
}

#[derive(Debug, Args)]
pub struct TopicArgs {
    code: String,
    #[arg(long)]
    group: Option<String>,
    #[arg(long)]
    nl: String,
    #[arg(long)]
    fr: Option<String>,
    #[arg(long)]
    en: Option<String>,
    #[arg(long)]
    inactive: bool,
}

pub async fn topic(ctx: &Ctx, a: TopicArgs) -> anyhow::Result<()> {
    let topic = meldpunt_app::contact::domain::Topic {
        code: a.code.clone(),
        group: a.group,
        names: names(a.nl, a.fr, a.en),
        active: !a.inactive,
    };
    meldpunt_app::contact::service::save_topic(ctx, None, topic).await?;
    println!("topic {} saved", a.code);
    Ok(())
}
