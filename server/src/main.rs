//! The `meldpunt` command: serve, migrate, seed demo data, manage users.

mod catalogue_cli;
mod contactcenter_cli;
mod districts_cli;
mod links_cli;
mod privacy_cli;
use catalogue_cli::names;

use anyhow::Context;
use clap::{Parser, Subcommand};
use meldpunt_app::office::admin;
use meldpunt_app::office::domain::Department;
use meldpunt_app::report::domain::Category;
use meldpunt_app::staff::Role;
use meldpunt_server::{backup, demo, Config, FileStore, Limits, DEFAULT_TILE_URL};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// mimalloc instead of glibc's malloc: glibc keeps freed blocks of up to 32 MB in per-thread
/// arenas, so a burst of password checks (19 MB each) or photo decodes on many blocking
/// threads left the process hundreds of MB larger for good; mimalloc gives them back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://…` (an existing
    /// database with the PostGIS, pg_trgm and unaccent extensions available).
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
    /// Where photos and complaint attachments are kept: `fs` (the data directory; share it,
    /// e.g. over NFS, between instances) or `database` (in PostgreSQL, written in the
    /// transaction of the rows naming them).
    #[arg(long, env = "MELDPUNT_FILE_STORE", value_enum, default_value_t = FileStore::Fs, global = true)]
    file_store: FileStore,
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
    /// SMTP server for outgoing mail, e.g. smtp://localhost:25 or smtps://user:pass@host.
    /// Without it, mail waits in the outbox until one is configured.
    #[arg(long, env = "MELDPUNT_SMTP_URL", global = true)]
    smtp_url: Option<String>,
    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "MELDPUNT_MAIL_FROM",
        default_value = "Meldpunt <noreply@meldpunt.invalid>",
        global = true
    )]
    mail_from: String,
    /// A label of this deployment; a new label makes installed apps take the new version.
    #[arg(long, env = "MELDPUNT_RELEASE", default_value = "", global = true)]
    release: String,
    /// Years after closing that a complaint's personal data is kept (then anonymised).
    #[arg(long, env = "MELDPUNT_COMPLAINT_RETENTION_YEARS", default_value_t = meldpunt_app::complaint::domain::DEFAULT_RETENTION_YEARS, global = true)]
    complaint_retention_years: u32,
    /// Days after an appointment that the booker's name, e-mail address and phone number are
    /// kept (then erased; the booking stays for the figures).
    #[arg(long, env = "MELDPUNT_CONTACT_RETENTION_DAYS", default_value_t = meldpunt_app::appointment::domain::DEFAULT_CONTACT_RETENTION_DAYS, global = true)]
    contact_retention_days: u32,
    /// Reports (and, separately, complaints) one client may submit per hour; 0 turns the
    /// limit off (load tests). Up to 20 may come at once.
    #[arg(long, env = "MELDPUNT_SUBMIT_RATE_LIMIT", default_value_t = Limits::default().submit_per_hour, global = true)]
    submit_rate_limit: u32,
    /// Sign-in attempts one address may make per hour, up to 20 at once; 0 turns the limit
    /// off. (Each account is also throttled per client after failures.)
    #[arg(long, env = "MELDPUNT_SIGN_IN_RATE_LIMIT", default_value_t = Limits::default().sign_ins_per_hour, global = true)]
    sign_in_rate_limit: u32,
    /// Open connections at most (default: what the open-file limit allows, less a reserve).
    #[arg(long, env = "MELDPUNT_MAX_CONNECTIONS", global = true)]
    max_connections: Option<usize>,
    /// Seconds a client has to send a request's headers; also how long an idle connection
    /// stays open.
    #[arg(
        long,
        env = "MELDPUNT_HEADER_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    header_timeout_secs: u64,
    /// Longest pause in seconds while a request body is sent.
    #[arg(
        long,
        env = "MELDPUNT_BODY_IDLE_TIMEOUT",
        default_value_t = 20,
        global = true
    )]
    body_idle_timeout_secs: u64,
    /// Longest time in seconds for a whole request, upload included (then 408).
    #[arg(
        long,
        env = "MELDPUNT_REQUEST_TIMEOUT",
        default_value_t = 120,
        global = true
    )]
    request_timeout_secs: u64,
    /// Seconds requests in flight get to finish on SIGTERM or SIGINT before the server closes.
    #[arg(
        long,
        env = "MELDPUNT_SHUTDOWN_GRACE",
        default_value_t = 30,
        global = true
    )]
    shutdown_grace_secs: u64,
    /// Reverse proxies in front of Meldpunt (comma-separated addresses or CIDR ranges, e.g.
    /// 127.0.0.1,10.0.0.0/8): only from these is the client's address taken from
    /// `X-Forwarded-For` or `Forwarded`, for rate limits and logs.
    #[arg(long, env = "MELDPUNT_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_net, global = true)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Where reports may be made: a box `west,south,east,north` in degrees, `@FILE` with a
    /// GeoJSON (multi)polygon of the municipality, or `anywhere`. The default is the demo
    /// city's box (Sint-Truiden): set your own.
    #[arg(long, env = "MELDPUNT_SERVICE_AREA", default_value = meldpunt_app::area::DEMO_AREA, global = true)]
    service_area: String,
    /// Log lines as text or as one JSON object each (for a log collector).
    #[arg(long, env = "MELDPUNT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    /// Serve Prometheus metrics at /metrics on this address of its own (one only the
    /// monitoring reaches, e.g. 127.0.0.1:9300).
    #[arg(long, env = "MELDPUNT_METRICS_ADDR", global = true)]
    metrics_addr: Option<SocketAddr>,
    /// Serve Prometheus metrics at /metrics on the main address, to requests carrying
    /// `Authorization: Bearer <this token>` only.
    #[arg(
        long,
        env = "MELDPUNT_METRICS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    metrics_token: Option<String>,
    /// Seconds between asking an Open311 partner about each report forwarded to it.
    #[arg(
        long,
        env = "MELDPUNT_PARTNER_POLL_SECS",
        default_value_t = 300,
        global = true
    )]
    partner_poll_secs: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Check the database (structure, foreign keys) and that every photo and attachment a row
    /// points at is on disk; list leftover files. Exits with 1 when something is wrong.
    Check,
    /// Write a backup of the database, photos and complaint files to one archive, while
    /// Meldpunt runs (`--to FILE`); or check an archive through (`--verify FILE`).
    Backup {
        /// The archive to write; it must not exist yet.
        #[arg(long, required_unless_present = "verify", conflicts_with = "verify")]
        to: Option<PathBuf>,
        /// An archive to check: every checksum, the database's own checks and counts.
        #[arg(long)]
        verify: Option<PathBuf>,
    },
    /// Restore a backup into an empty database and data directory (see --database-url and
    /// --data-dir), checking it all before anything is moved into place.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
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
    /// Everything held about one e-mail address (GDPR access), as JSON; with `--erase` erased
    /// in one transaction (erasure), printing the rows per table and checking nothing is left.
    PersonalData {
        #[arg(long)]
        email: String,
        #[arg(long)]
        erase: bool,
    },
    /// Hide a report from the public (abuse, personal data) or show it again.
    Hide {
        reference: String,
        #[arg(long)]
        undo: bool,
    },
    /// Load a CSV of addresses (street, house number, postcode, municipality, lat, lon; the
    /// Dutch column names of the Flemish address register work too) into the address search.
    ImportAddresses { file: PathBuf },
    /// Add or change a department.
    Department {
        code: String,
        #[arg(long)]
        nl: String,
        #[arg(long)]
        fr: Option<String>,
        #[arg(long)]
        en: Option<String>,
        #[arg(long)]
        inactive: bool,
    },
    /// Add or change a service that receives people by appointment: names, weekly openings
    /// (`"mon-fri 09:00-12:00; mon,wed 13:30-16:00"`, Brussels time), how many days ahead
    /// people may book.
    Service(contactcenter_cli::ServiceArgs),
    /// Add or change an appointment type of a service: names, minutes, people at once.
    AppointmentType(contactcenter_cli::TypeArgs),
    /// Close a service on a day (YYYY-MM-DD), besides Belgium's public holidays.
    ClosingDay(contactcenter_cli::ClosingArgs),
    /// Add a version of a knowledge-base article in one language (every version is kept).
    Article(contactcenter_cli::ArticleArgs),
    /// Add or change a contact topic (`--group` puts it under another: Afspraak › Burgerzaken).
    Topic(contactcenter_cli::TopicArgs),
    /// Add or change a category: names, department, target days, active.
    Category {
        code: String,
        #[arg(long)]
        nl: String,
        #[arg(long)]
        fr: Option<String>,
        #[arg(long)]
        en: Option<String>,
        #[arg(long)]
        department: String,
        #[arg(long)]
        target_days: i64,
        #[arg(long, default_value = "📍")]
        icon: String,
        #[arg(long)]
        inactive: bool,
    },
    /// List a category's questions, or add, change or remove one.
    Question(catalogue_cli::QuestionArgs),
    /// List the districts, or `--import FILE.geojson` them (every report placed anew).
    Districts(districts_cli::DistrictArgs),
    /// Send a category's reports in a district to a department (and team), or list the rules.
    RoutingRule(districts_cli::RoutingRuleArgs),
    /// API keys of partners and apps (Open311): `add --name NAME`, `list`, `revoke --name NAME`.
    ApiKey(catalogue_cli::ApiKeyArgs),
    /// Link a partner to its Open311 server (`--endpoint --api-key --service CATEGORY=CODE`),
    /// or `--unlink` it.
    PartnerLink(links_cli::PartnerLinkArgs),
    /// Subscriptions to status changes: `add --name NAME --url URL`, `list`, `revoke --name NAME`.
    Webhook(links_cli::WebhookArgs),
    /// Add a crew team of a department, with its members.
    Team {
        name: String,
        #[arg(long)]
        department: String,
        #[arg(long = "member")]
        members: Vec<String>,
    },
    /// Anonymise closed complaints past the retention period (`--dry-run` only lists them).
    ComplaintRetention {
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy a SQLite city into an empty PostgreSQL database (reports, history, photos' rows,
    /// users, complaints, outbox, address register; ids and versions kept), print the rows
    /// per table and fail if any count differs. Files stay in the data directory, or with
    /// `--file-store database` are copied from it into the database, in the same transaction.
    MigrateData {
        /// The SQLite database (`sqlite://FILE`), migrated by this version.
        #[arg(long)]
        from: String,
        /// The PostgreSQL database (`postgres://…`); its schema is made if missing.
        #[arg(long)]
        to: String,
        /// Copy staff sessions too (otherwise everyone signs in again).
        #[arg(long)]
        with_sessions: bool,
    },
    /// Add an external partner that reports can be forwarded to by e-mail.
    Partner {
        name: String,
        #[arg(long)]
        email: String,
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
        /// Department code (repeat for more).
        #[arg(long = "department")]
        departments: Vec<String>,
    },
    /// Change a user's role or departments, or disable/enable the account.
    Set {
        email: String,
        #[arg(long)]
        role: Option<String>,
        /// Department code (repeat for more); replaces the user's departments.
        #[arg(long = "department")]
        departments: Vec<String>,
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        #[arg(long)]
        enable: bool,
    },
    /// List staff users.
    List,
    /// Lift every sign-in lock on an account (after failed sign-ins from some address).
    Unlock { email: String },
}

/// An address or a CIDR range (a lone address is a range of one).
fn parse_net(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{s:?} is not an address or CIDR range (e.g. 10.0.0.0/8)"))
}

/// `--service-area`: a box, `@FILE` (GeoJSON) or `anywhere`.
fn service_area(spec: &str) -> anyhow::Result<Option<meldpunt_app::area::ServiceArea>> {
    let spec = spec.trim();
    if spec.eq_ignore_ascii_case("anywhere") {
        return Ok(None);
    }
    let text = match spec.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("reading the service area {file}"))?,
        None => spec.to_owned(),
    };
    meldpunt_app::area::ServiceArea::parse(&text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("--service-area: {e}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().flatten_event(true).init(),
    }
    let config = Config {
        addr: cli.addr,
        database_url: cli.database_url,
        data_dir: cli.data_dir,
        file_store: cli.file_store,
        public_url: cli.public_url,
        tile_url: cli.tile_url,
        site_root: cli.site_root,
        mail: cli
            .smtp_url
            .map(|smtp_url| meldpunt_server::mailer::MailConfig {
                smtp_url,
                from: cli.mail_from,
                retry_base: std::time::Duration::from_secs(30),
            }),
        release: cli.release,
        complaint_retention_years: cli.complaint_retention_years,
        contact_retention_days: cli.contact_retention_days,
        limits: Limits {
            submit_per_hour: cli.submit_rate_limit,
            sign_ins_per_hour: cli.sign_in_rate_limit,
            max_connections: cli.max_connections,
            header_timeout: Duration::from_secs(cli.header_timeout_secs.max(1)),
            body_idle_timeout: Duration::from_secs(cli.body_idle_timeout_secs.max(1)),
            request_timeout: Duration::from_secs(cli.request_timeout_secs.max(1)),
            shutdown_grace: Duration::from_secs(cli.shutdown_grace_secs),
            trusted_proxies: cli.trusted_proxies,
        },
        service_area: service_area(&cli.service_area)?,
        metrics: meldpunt_server::metrics::Exposure {
            addr: cli.metrics_addr,
            token: cli.metrics_token.filter(|t| !t.is_empty()),
        },
        links: meldpunt_server::links::LinkConfig {
            poll_every: Duration::from_secs(cli.partner_poll_secs.max(10)),
            ..Default::default()
        },
    };
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.addr));
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let server = meldpunt_server::spawn(config).await?;
            // On standard output too, last the address it listens on: with `--addr …:0` the
            // system picks a free port, and whoever started the process reads it here.
            if let Some(at) = server.metrics_addr {
                tracing::info!("metrics at http://{at}/metrics");
                println!("metrics at http://{at}/metrics");
            }
            tracing::info!("Meldpunt listens on http://{}", server.addr);
            println!("listening on http://{}", server.addr);
            server.task.await??;
        }
        Command::Migrate => {
            meldpunt_server::open_ctx(&config, public_url).await?;
            println!("migrations applied");
        }
        Command::Check => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let found = meldpunt_app::maintenance::check(&ctx).await?;
            for problem in &found.database {
                println!("database: {problem}");
            }
            if found.database.is_empty() {
                println!("database: ok");
            }
            for (name, census) in [
                ("photos", &found.photos),
                ("private files", &found.private_files),
            ] {
                println!(
                    "{name}: {} files, {} missing, {} orphans, {} unfinished",
                    census.files,
                    census.missing.len(),
                    census.orphans.len(),
                    census.partial.len()
                );
                for key in &census.missing {
                    println!("{name}: missing {key}");
                }
            }
            if !found.is_sound() {
                anyhow::bail!("the check found problems");
            }
        }
        Command::Backup { to, verify } => {
            let started = std::time::Instant::now();
            let (verb, file, manifest) = match (to, verify) {
                (Some(to), _) => {
                    let m = backup::backup(&config.database_url, &config.data_dir, &to).await?;
                    ("written", to, m)
                }
                (None, Some(file)) => {
                    let m = backup::verify(&file).await?;
                    ("verified", file, m)
                }
                (None, None) => anyhow::bail!("say --to FILE or --verify FILE"),
            };
            println!(
                "backup {verb}: {} in {:.1} s\nmade {} by Meldpunt {}, {} migrations\n{}",
                file.display(),
                started.elapsed().as_secs_f64(),
                manifest.created_at.to_rfc3339(),
                manifest.app_version,
                manifest.migrations,
                manifest.summary()
            );
        }
        Command::Restore { from } => {
            let started = std::time::Instant::now();
            let manifest = backup::restore(&config.database_url, &config.data_dir, &from).await?;
            println!(
                "restored {} in {:.1} s (made {})\n{}",
                from.display(),
                started.elapsed().as_secs_f64(),
                manifest.created_at.to_rfc3339(),
                manifest.summary()
            );
            // Brings an older backup's schema up to this version and checks the result.
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let found = meldpunt_app::maintenance::check(&ctx).await?;
            if !found.is_sound() {
                anyhow::bail!("the restored data does not pass `meldpunt check`");
            }
            println!("check: ok");
        }
        Command::Demo { count } => {
            let _lock = meldpunt_server::lock_data_dir(
                &config.data_dir,
                meldpunt_server::DataDirUse::for_database(&config.database_url),
            )?;
            let (ctx, store) = meldpunt_server::open_ctx(&config, public_url).await?;
            let added = demo::seed(&ctx, store.as_ref(), count).await?;
            if added == 0 {
                println!("the database already has reports: no demo reports added");
            } else {
                println!("added {added} demo reports");
            }
            for (email, _, role) in demo::DEMO_ACCOUNTS {
                println!(
                    "demo {} login: {email} / {}",
                    role.as_str(),
                    demo::DEMO_CREW_PASSWORD
                );
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    name,
                    password,
                    departments,
                },
        } => {
            let role = Role::parse(&role)?;
            let password = match password {
                Some(p) => p,
                None => rpassword::prompt_password("Password (at least 10 characters): ")
                    .context("reading the password")?,
            };
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let email = email.trim().to_lowercase();
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let id = admin::create_user(&ctx, None, &email, &name, role, &password, &departments)
                .await?;
            println!("user {id} added: {email} ({})", role.as_str());
        }
        Command::User {
            command:
                UserCommand::Set {
                    email,
                    role,
                    departments,
                    disable,
                    enable,
                },
        } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let role = role.as_deref().map(Role::parse).transpose()?;
            let active = match (disable, enable) {
                (true, _) => Some(false),
                (_, true) => Some(true),
                _ => None,
            };
            let departments = (!departments.is_empty()).then_some(departments.as_slice());
            admin::update_user(&ctx, None, &email, role, departments, active).await?;
            println!("user {email} updated");
        }
        Command::User {
            command: UserCommand::List,
        } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            for u in ctx.store.users().await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.user.email,
                    u.user.role.as_str(),
                    u.user.departments.join(","),
                    if u.active { "active" } else { "disabled" },
                    u.user.display_name
                );
            }
        }
        Command::User {
            command: UserCommand::Unlock { email },
        } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let n = meldpunt_app::signin::unlock(&ctx, &email).await?;
            println!("{email}: {n} sign-in lock(s) and failure counts removed");
        }
        Command::ImportAddresses { file } => {
            let data =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let n = admin::import_addresses(&ctx, None, &data).await?;
            println!("{n} addresses imported from {}", file.display());
        }
        Command::Department {
            code,
            nl,
            fr,
            en,
            inactive,
        } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            admin::save_department(
                &ctx,
                None,
                Department {
                    code: code.clone(),
                    names: names(nl, fr, en),
                    active: !inactive,
                },
            )
            .await?;
            println!("department {code} saved");
        }
        Command::Category {
            code,
            nl,
            fr,
            en,
            department,
            target_days,
            icon,
            inactive,
        } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            admin::save_category(
                &ctx,
                None,
                Category {
                    code: code.clone(),
                    names: names(nl, fr, en),
                    department,
                    target_days,
                    icon,
                    active: !inactive,
                },
            )
            .await?;
            println!("category {code} saved");
        }
        Command::ApiKey(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            catalogue_cli::api_key(&ctx, args).await?;
        }
        Command::PartnerLink(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            links_cli::partner_link(&ctx, args).await?;
        }
        Command::Webhook(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            links_cli::webhook(&ctx, args).await?;
        }
        Command::Question(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            catalogue_cli::question(&ctx, args).await?;
        }
        Command::Districts(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            districts_cli::districts(&ctx, args).await?;
        }
        Command::RoutingRule(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            districts_cli::routing_rule(&ctx, args).await?;
        }
        Command::Service(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            contactcenter_cli::service(&ctx, args).await?;
        }
        Command::AppointmentType(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            contactcenter_cli::appointment_type(&ctx, args).await?;
        }
        Command::ClosingDay(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            contactcenter_cli::closing_day(&ctx, args).await?;
        }
        Command::Article(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            contactcenter_cli::article(&ctx, args).await?;
        }
        Command::Topic(args) => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            contactcenter_cli::topic(&ctx, args).await?;
        }
        Command::Team {
            name,
            department,
            members,
        } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let id = admin::create_team(&ctx, None, &name, &department, &members).await?;
            println!("team {id} added: {name}");
        }
        Command::MigrateData {
            from,
            to,
            with_sessions,
        } => {
            let file = meldpunt_server::storage::sqlite::database_file(&from)?;
            if !file.exists() {
                anyhow::bail!("no SQLite database at {}", file.display());
            }
            // Both schemas up to date first: the copy is column for column.
            for url in [&from, &to] {
                meldpunt_server::storage::open(url).await?.close().await;
            }
            let files = match config.file_store {
                FileStore::Fs => None,
                FileStore::Database => Some(config.data_dir.as_path()),
            };
            let copied = meldpunt_server::storage::copy::sqlite_to_postgres(
                &from,
                &to,
                with_sessions,
                files,
            )
            .await?;
            for (table, (source, target)) in &copied.tables {
                println!("{table}: {source} rows copied, {target} in PostgreSQL");
            }
            for table in &copied.skipped {
                println!("{table}: not copied");
            }
            match config.file_store {
                FileStore::Fs => println!(
                    "all counts match; photos and attachments stay in the data directory"
                ),
                FileStore::Database => println!(
                    "all counts match; photos and attachments are in the database: serve with --file-store database"
                ),
            }
        }
        Command::Partner { name, email } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let id = admin::create_partner(&ctx, None, &name, &email).await?;
            println!("partner {id} added: {name}");
        }
        Command::ComplaintRetention { dry_run } => {
            let (ctx, _) = meldpunt_server::open_ctx(&config, public_url).await?;
            let years = config.complaint_retention_years;
            let done =
                meldpunt_app::complaint::service::apply_retention(&ctx, years, dry_run).await?;
            let verb = if dry_run {
                "would anonymise"
            } else {
                "anonymised"
            };
            println!(
                "{verb} {} complaint(s) closed more than {years} year(s) ago ({} file(s))",
                done.references.len(),
                done.file_keys.len()
            );
            for r in done.references {
                println!("  {r}");
            }
        }
        Command::PersonalData { email, erase } => {
            let (_, store) = meldpunt_server::open_ctx(&config, public_url).await?;
            privacy_cli::personal_data(store.as_ref(), email.trim(), erase).await?;
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
