//! Commands that set up what reports ask: category questions (through the same checks as the
//! admin page), and the name helper every set-up command shares.

use clap::Args;
use meldpunt_app::context::Ctx;
use meldpunt_app::i18n::{Lang, Names};
use meldpunt_app::office::admin;
use meldpunt_app::report::questions::{Choice, Question, QuestionKind};

/// A name in Dutch, with French and English falling back to it.
pub(crate) fn names(nl: String, fr: Option<String>, en: Option<String>) -> Names {
    Names::new(|lang| match lang {
        Lang::Nl => nl.clone(),
        Lang::Fr => fr.clone().unwrap_or_else(|| nl.clone()),
        Lang::En => en.clone().unwrap_or_else(|| nl.clone()),
    })
}

#[derive(Debug, Args)]
pub struct QuestionArgs {
    /// The category's code.
    category: String,
    /// The question's code; without it, the category's questions are listed.
    code: Option<String>,
    /// text, number, single, multiple or yes_no.
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    nl: Option<String>,
    #[arg(long)]
    fr: Option<String>,
    #[arg(long)]
    en: Option<String>,
    /// A choice as `CODE|Dutch|French|English` (French and English may be left out); repeat
    /// it for every choice, in order.
    #[arg(long = "choice")]
    choices: Vec<String>,
    #[arg(long)]
    required: bool,
    /// Shown to staff only, never publicly.
    #[arg(long)]
    internal: bool,
    /// Its place among the category's questions, from 1.
    #[arg(long)]
    position: Option<usize>,
    /// Remove the question (answers already given stay with their reports).
    #[arg(long)]
    remove: bool,
}

#[derive(Debug, Args)]
pub struct ApiKeyArgs {
    /// `add`, `list` or `revoke`.
    action: String,
    /// The partner or app the key is for.
    #[arg(long)]
    name: Option<String>,
}

/// `api-key add --name NAME` prints the key once; `list` shows every key's use; `revoke
/// --name NAME` stops one.
pub async fn api_key(ctx: &Ctx, args: ApiKeyArgs) -> anyhow::Result<()> {
    let name = args.name.unwrap_or_default();
    match args.action.as_str() {
        "add" => {
            let key = admin::create_api_key(ctx, None, &name).await?;
            println!("{key}");
            eprintln!("API key for {name}: shown this once, only its hash is kept");
        }
        "revoke" => {
            admin::revoke_api_key(ctx, None, &name).await?;
            println!("API key {name} revoked");
        }
        "list" => {
            for k in admin::api_keys(ctx, None).await? {
                let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
                    t.map_or_else(|| "-".to_owned(), meldpunt_app::time::format_datetime)
                };
                println!(
                    "{}\tmade {}\tlast used {}\t{}",
                    k.name,
                    meldpunt_app::time::format_datetime(k.created_at),
                    when(k.last_used_at),
                    k.revoked_at.map_or("valid".to_owned(), |t| format!(
                        "revoked {}",
                        meldpunt_app::time::format_datetime(t)
                    ))
                );
            }
        }
        other => anyhow::bail!("api-key {other}: add, list or revoke"),
    }
    Ok(())
}

pub async fn question(ctx: &Ctx, args: QuestionArgs) -> anyhow::Result<()> {
    let Some(code) = args.code else {
        let all = meldpunt_app::service::questions_of(ctx, &args.category).await?;
        for q in all {
            let choices: Vec<&str> = q.choices.iter().map(|c| c.code.as_str()).collect();
            println!(
                "{}\t{}\t{}{}\t{}\t{}",
                q.code,
                q.kind.as_str(),
                if q.required { "required" } else { "optional" },
                if q.internal { ", internal" } else { "" },
                q.names.get(Lang::Nl),
                choices.join(",")
            );
        }
        return Ok(());
    };
    if args.remove {
        admin::remove_question(ctx, None, &args.category, &code).await?;
        println!("question {code} removed from {}", args.category);
        return Ok(());
    }
    let kind = QuestionKind::parse(args.kind.as_deref().unwrap_or_default())?;
    let Some(nl) = args.nl else {
        anyhow::bail!("--nl: the question in Dutch");
    };
    let question = Question {
        code: code.clone(),
        names: names(nl, args.fr, args.en),
        kind,
        required: args.required,
        internal: args.internal,
        choices: args.choices.iter().map(|c| Choice::from_line(c)).collect(),
    };
    admin::save_question(ctx, None, &args.category, question, args.position).await?;
    println!("question {code} of {} saved", args.category);
    Ok(())
}
