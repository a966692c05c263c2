//! The `meldpunt` command: serve, migrate, seed demo data, manage users.

use anyhow::Context;
use clap::{Parser, Subcommand};
use meldpunt_app::port::Store;
use meldpunt_app::staff::Role;
use meldpunt_server::{demo, Config, DEFAULT_TILE_URL};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "meldpunt",
    version,
    about = "Meldpunt: citizen reports for a municipality"
)]
struct Cli {
    /// Address to listen on.
    #[arg(
        long,
        env = "MELDPUNT_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    addr: SocketAddr,
    /// Database URL (SQLite file, created if missing).
    #[arg(
        long,
        env = "MELDPUNT_DATABASE_URL",
        default_value = "sqlite://data/meldpunt.db",
        global = true
    )]
    database_url: String,
    /// Directory for photos.
    #[arg(long, env = "MELDPUNT_DATA_DIR", default_value = "data", global = true)]
    data_dir: PathBuf,
    /// Public base URL used in tracking links (default: http://<addr>).
    #[arg(long, env = "MELDPUNT_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    /// Map tile URL template.
    #[arg(long, env = "MELDPUNT_TILE_URL", default_value = DEFAULT_TILE_URL, global = true)]
    tile_url: String,
    /// The compiled site (cargo-leptos output).
    #[arg(
        long,
        env = "MELDPUNT_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    site_root: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Add demo data (only to a database without reports) and a demo crew account.
    Demo {
        #[arg(long, default_value_t = 200)]
        count: usize,
    },
    /// Manage staff users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Hide a report from the public (abuse, personal data) or show it again.
    Hide {
        reference: String,
        #[arg(long)]
        undo: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff user.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
        /// The password; asked for when not given (prefer that: arguments end up in shell history).
        #[arg(long, env = "MELDPUNT_USER_PASSWORD")]
        password: Option<String>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config {
        addr: cli.addr,
        database_url: cli.database_url,
        data_dir: cli.data_dir,
        public_url: cli.public_url,
        tile_url: cli.tile_url,
        site_root: cli.site_root,
    };
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.addr));
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let server = meldpunt_server::spawn(config).await?;
            tracing::info!("Meldpunt listens on http://{}", server.addr);
            server.task.await??;
        }
        Command::Migrate => {
            meldpunt_server::open_ctx(&config, public_url).await?;
            println!("migrations applied");
        }
        Command::Demo { count } => {
            let (ctx, store) = meldpunt_server::open_ctx(&config, public_url).await?;
            let added = demo::seed(&ctx, &store, count).await?;
            if added == 0 {
                println!("the database already has reports: no demo reports added");
            } else {
                println!("added {added} demo reports");
            }
            println!(
                "demo crew login: {} / {}",
                demo::DEMO_CREW_EMAIL,
                demo::DEMO_CREW_PASSWORD
            );
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    name,
                    password,
                },
        } => {
            let role = Role::parse(&role)?;
            let password = match password {
                Some(p) => p,
                None => rpassword::prompt_password("Password (at least 10 characters): ")
                    .context("reading the password")?,
            };
            let hash = meldpunt_app::service::hash_password(&password)?;
            let (_, store) = meldpunt_server::open_ctx(&config, public_url).await?;
            let email = email.trim().to_lowercase();
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let id = store.create_user(&email, &name, role, &hash).await?;
            println!("user {id} added: {email} ({})", role.as_str());
        }
        Command::Hide { reference, undo } => {
            let (_, store) = meldpunt_server::open_ctx(&config, public_url).await?;
            if store.set_hidden(&reference, !undo).await? {
                println!(
                    "{reference} is now {}",
                    if undo { "visible" } else { "hidden" }
                );
            } else {
                anyhow::bail!("no report {reference}");
            }
        }
    }
    Ok(())
}
