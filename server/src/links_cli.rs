//! Commands for the links to partners' systems and apps, through the same checks as the admin
//! page: `partner-link` (a partner's Open311 server) and `webhook` (subscriptions).

use clap::Args;
use meldpunt_app::context::Ctx;
use meldpunt_app::office::links_admin;
use meldpunt_app::port::Open311Link;

#[derive(Debug, Args)]
pub struct PartnerLinkArgs {
    /// The partner's name (as added with `meldpunt partner`).
    partner: String,
    /// Its Open311 server, e.g. `https://partner.example/open311/v2`.
    #[arg(long)]
    endpoint: Option<String>,
    /// Our API key there (`MELDPUNT_PARTNER_KEY` keeps it out of the shell's history).
    #[arg(long, env = "MELDPUNT_PARTNER_KEY", hide_env_values = true)]
    api_key: Option<String>,
    #[arg(long)]
    jurisdiction: Option<String>,
    /// `CATEGORY=SERVICE_CODE`; repeat it for every category the partner takes.
    #[arg(long = "service")]
    services: Vec<String>,
    /// Forward to this partner by e-mail again.
    #[arg(long)]
    unlink: bool,
}

pub async fn partner_link(ctx: &Ctx, args: PartnerLinkArgs) -> anyhow::Result<()> {
    let link = if args.unlink {
        None
    } else {
        let Some(endpoint) = args.endpoint else {
            anyhow::bail!("--endpoint: the partner's Open311 address (or --unlink)");
        };
        Some(Open311Link {
            endpoint,
            api_key: args.api_key.unwrap_or_default(),
            jurisdiction: args.jurisdiction,
            services: links_admin::parse_services(&args.services.join("\n"))?,
        })
    };
    let linked = link.is_some();
    links_admin::link_open311(ctx, None, &args.partner, link).await?;
    println!(
        "{}: {}",
        args.partner,
        if linked {
            "forwarded reports go to its Open311 server"
        } else {
            "forwarded reports go by e-mail"
        }
    );
    Ok(())
}

#[derive(Debug, Args)]
pub struct WebhookArgs {
    /// `add`, `list` or `revoke`.
    action: String,
    #[arg(long)]
    name: Option<String>,
    /// Where events are POSTed (`add`).
    #[arg(long)]
    url: Option<String>,
}

/// `webhook add --name NAME --url URL` prints the signing secret once; `list` shows each
/// subscription's health; `revoke --name NAME` stops one.
pub async fn webhook(ctx: &Ctx, args: WebhookArgs) -> anyhow::Result<()> {
    let name = args.name.unwrap_or_default();
    match args.action.as_str() {
        "add" => {
            let secret = meldpunt_server::links::new_secret();
            links_admin::create_webhook(ctx, None, &name, &args.url.unwrap_or_default(), &secret)
                .await?;
            println!("{secret}");
            eprintln!("signing secret for {name}: shown this once");
        }
        "revoke" => {
            links_admin::revoke_webhook(ctx, None, &name).await?;
            println!("webhook {name} stopped");
        }
        "list" => {
            for w in links_admin::webhooks(ctx, None).await? {
                let state = match (w.revoked_at, w.health.failing()) {
                    (Some(_), _) => "stopped".to_owned(),
                    (None, true) => format!(
                        "failing ({}x): {}",
                        w.health.failures,
                        w.health.last_error.unwrap_or_default()
                    ),
                    (None, false) => "working".to_owned(),
                };
                println!("{}\t{}\t{state}", w.name, w.url);
            }
        }
        other => anyhow::bail!("webhook {other}: add, list or revoke"),
    }
    Ok(())
}
