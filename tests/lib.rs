//! Test harness: a real Meldpunt on 127.0.0.1:0 with a fresh database and photo directory per
//! test, and typed helpers to drive it over HTTP. The database is SQLite, or a new PostgreSQL
//! database on the cluster `MELDPUNT_TEST_POSTGRES` names (a server URL without a database,
//! as `scripts/pg-cluster start` prints it): the same tests prove both backends.

#![allow(clippy::unwrap_used)]

use meldpunt_server::{Config, Server};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Department codes of the standard install.
pub const ALL_DEPARTMENTS: [&str; 6] = [
    "netheid",
    "verlichting",
    "wegen",
    "groen",
    "milieu",
    "onthaal",
];

pub struct TestApp {
    pub server: Server,
    pub base: String,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
    /// What the server was started with ([`TestApp::restart`] starts another the same way).
    pub config: Config,
}

/// A test input from `tests/fixtures`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// The password of staff accounts made by [`TestApp::signed_in`].
pub const PASSWORD: &str = "a long enough password";
/// The coordinator `TestApp::assign_to_crew` signs in as.
pub const COORDINATOR: &str = "co@stad.test";

/// A valid report with the reporter's e-mail address.
pub fn report_with_email(category: &str, description: &str, email: &str) -> Value {
    let mut r = report_json(category, description);
    r["contact"] = json!({"email": email, "consent": true});
    r
}

/// A valid report body around Sint-Truiden's market square.
pub fn report_json(category: &str, description: &str) -> Value {
    json!({"category": category, "lat": 50.8166, "lon": 5.1866, "description": description})
}

/// A real SMTP server (Python's aiosmtpd, `tests/smtp_sink.py`) that keeps what it receives.
pub struct SmtpSink {
    pub port: u16,
    pub dir: PathBuf,
    child: std::process::Child,
}

impl SmtpSink {
    /// Starts on `port`, or on a free port when `None`.
    pub fn start(dir: PathBuf, port: Option<u16>) -> SmtpSink {
        use std::io::BufRead;
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("smtp_sink.py");
        // Debian's python3 has the python3-aiosmtpd package; a pyenv shim earlier on PATH may not.
        let python = if std::path::Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let mut cmd = std::process::Command::new(python);
        cmd.arg(&script).arg(&dir);
        if let Some(p) = port {
            cmd.arg(p.to_string());
        }
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/setup --test installs it)");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("port line");
        let port = line.trim().parse().expect("the sink prints its port");
        SmtpSink { port, dir, child }
    }

    /// The messages received so far, in order, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap_or_default())
            .collect()
    }

    /// Waits until at least `n` messages arrived (up to 20 s) and returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..200 {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {n} messages, got {:?}", self.messages());
    }

    /// The raw messages to `to` so far, in order.
    pub fn raw_to(&self, to: &str) -> Vec<String> {
        self.messages()
            .into_iter()
            .filter(|m| m.contains(&format!("To: {to}")))
            .collect()
    }

    /// The messages to `to` so far, decoded to search them for text ([`mail_text`]).
    pub fn texts_to(&self, to: &str) -> Vec<String> {
        self.raw_to(to).iter().map(|m| mail_text(m)).collect()
    }

    /// Waits until `to` has at least `n` messages (up to 20 s) and returns them decoded.
    pub async fn wait_for_to(&self, to: &str, n: usize) -> Vec<String> {
        for _ in 0..200 {
            let m = self.texts_to(to);
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{to}: expected {n} mails, got {:?}", self.texts_to(to));
    }
}

/// The hex token after `prefix` (e.g. `/feedback/`) in a text, if the text has the prefix.
pub fn token_after(text: &str, prefix: &str) -> Option<String> {
    let at = text.find(prefix)? + prefix.len();
    Some(
        text[at..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect(),
    )
}

/// POSTs a form; answers the status and the `Location` header (empty when none).
pub async fn post_form(c: &reqwest::Client, url: String, body: &[(&str, &str)]) -> (u16, String) {
    let r = c.post(url).form(body).send().await.expect("POST");
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (r.status().as_u16(), location)
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The figure a page shows under `data-kpi="{name}"`.
pub fn kpi(html: &str, name: &str) -> String {
    let marker = format!("data-kpi=\"{name}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in page"))
        + marker.len();
    html[start..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A page's HTML without Leptos's empty hydration markers (`<!>`, which its component erasure,
/// `.cargo/config.toml`, puts after text a component renders), for tests that look for markup
/// such as `<td>67 %</td>`.
pub fn unmarked(html: &str) -> String {
    html.replace("<!>", "")
}

/// The text of the cell `data-cell="{cell}"` in the table row `data-key="{key}"` after the
/// first occurrence of `after` in a page.
pub fn table_cell(html: &str, after: &str, key: &str, cell: &str) -> Option<String> {
    let rest = &html[html.find(after)?..];
    let row = &rest[rest.find(&format!("data-key=\"{key}\""))?..];
    let row = &row[..row.find("</tr>")?];
    let marker = format!("data-cell=\"{cell}\">");
    let at = row.find(&marker)? + marker.len();
    row[at..].split('<').next().map(str::to_owned)
}

/// The Python that has the tests' PyPI packages (georeport, standardwebhooks, schemathesis):
/// the virtual environment `scripts/setup --test` makes in `target/test-python`, else
/// `python3` on PATH.
pub fn python() -> PathBuf {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-python/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// Decodes a quoted-printable or plain message body enough to search it for text.
pub fn mail_text(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=E2=86=92", "→")
        .replace("=C3=A9", "é")
        .replace("=3D", "=")
}

/// A fresh database for one test: a SQLite file in `dir`, or a new database on the test
/// PostgreSQL cluster when `MELDPUNT_TEST_POSTGRES` is set.
pub async fn test_database_url(dir: &std::path::Path) -> String {
    match std::env::var("MELDPUNT_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            meldpunt_server::storage::postgres::create_database(&server)
                .await
                .expect("a new database on the test cluster")
        }
        _ => format!("sqlite://{}/meldpunt.db", dir.display()),
    }
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("MELDPUNT_TEST_POSTGRES").is_ok_and(|s| !s.is_empty())
}

/// A client that keeps cookies and does not follow redirects (tests look at them).
fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A free TCP port on 127.0.0.1 (nothing listens there right after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with_smtp(None).await
    }

    /// A test app that sends mail to `smtp_port` (retrying every second while it is down).
    pub async fn spawn_with_smtp(smtp_port: Option<u16>) -> TestApp {
        Self::spawn_with(smtp_port, None).await
    }

    /// A test app with mail to `smtp_port` and the given public URL (`https://…` makes
    /// cookies `Secure` with the `__Host-` prefix).
    pub async fn spawn_with(smtp_port: Option<u16>, public_url: Option<&str>) -> TestApp {
        Self::spawn_configured(|c| {
            c.mail = smtp_port.map(|p| meldpunt_server::mailer::MailConfig {
                smtp_url: format!("smtp://127.0.0.1:{p}"),
                from: "Meldpunt test <meldpunt@test.invalid>".into(),
                retry_base: std::time::Duration::from_secs(1),
            });
            c.public_url = public_url.map(str::to_owned);
        })
        .await
    }

    /// A test app with the test configuration changed by `change`.
    pub async fn spawn_configured(change: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config {
            addr: "127.0.0.1:0".parse().expect("addr"),
            database_url: test_database_url(dir.path()).await,
            data_dir: dir.path().join("data"),
            // On PostgreSQL, files go in the database: every file path of the suite runs
            // against it (the data directory's store is what the SQLite run tests).
            file_store: if on_postgres() {
                meldpunt_server::FileStore::Database
            } else {
                meldpunt_server::FileStore::Fs
            },
            public_url: None,
            tile_url: "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
            site_root: dir.path().join("site"),
            mail: None,
            release: String::new(),
            complaint_retention_years: 5,
            contact_retention_days: 365,
            limits: meldpunt_server::Limits::default(),
            service_area: Some(
                meldpunt_app::area::ServiceArea::parse(meldpunt_app::area::DEMO_AREA)
                    .expect("demo area"),
            ),
            metrics: Default::default(),
            links: meldpunt_server::links::LinkConfig {
                retry_base: std::time::Duration::from_millis(200),
                poll_every: std::time::Duration::from_millis(300),
            },
        };
        change(&mut config);
        let server = Self::start(&config).await;
        let base = format!("http://{}", server.addr);
        let client = cookie_client();
        TestApp {
            server,
            base,
            client,
            dir,
            config,
        }
    }

    /// Starts a server and waits until its planners' index has loaded (it does in the
    /// background): a test that backdates reports must not race the first load.
    async fn start(config: &Config) -> Server {
        let server = meldpunt_server::spawn(config.clone())
            .await
            .expect("server starts");
        let loading = std::time::Instant::now();
        while server.ctx.planner.age(chrono::Utc::now()).is_none() {
            assert!(
                loading.elapsed() < std::time::Duration::from_secs(10),
                "the planner index loads at start"
            );
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        server
    }

    /// Stops the server and starts another on the same database and data directory, as an
    /// operator's restart does (on a new port; the client keeps its cookies, and sessions live
    /// in the database).
    pub async fn restart(self) -> TestApp {
        let TestApp {
            server,
            client,
            dir,
            config,
            ..
        } = self;
        server.task.abort();
        server.store.close().await;
        drop(server);
        let server = Self::start(&config).await;
        TestApp {
            base: format!("http://{}", server.addr),
            server,
            client,
            dir,
            config,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs a report (JSON plus photos) to the public API.
    pub async fn submit(
        &self,
        report: &Value,
        photos: &[(&str, Vec<u8>)],
        key: Option<&str>,
    ) -> reqwest::Response {
        let mut form = Form::new().part(
            "report",
            Part::text(report.to_string())
                .mime_str("application/json")
                .expect("mime"),
        );
        for (name, bytes) in photos {
            form = form.part(
                "photo",
                Part::bytes(bytes.clone()).file_name(name.to_string()),
            );
        }
        let mut req = self
            .client
            .post(self.url("/api/v1/reports"))
            .multipart(form);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send().await.expect("request")
    }

    /// Submits a valid report and returns the receipt JSON.
    pub async fn submit_ok(&self, report: &Value, photos: &[(&str, Vec<u8>)]) -> Value {
        let r = self.submit(report, photos, None).await;
        let status = r.status().as_u16();
        let body: Value = r.json().await.expect("json");
        assert_eq!(status, 201, "{body}");
        body
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// The store's test hooks: states the rules cannot reach in a test's time.
    pub fn hooks(&self) -> &dyn meldpunt_server::storage::TestHooks {
        meldpunt_server::storage::test_hooks(&*self.server.store).expect("test hooks")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    }

    /// The public JSON of the report a submission receipt names.
    pub async fn report_of(&self, receipt: &Value) -> Value {
        let reference = receipt["ref"].as_str().expect("receipt has a ref");
        let (status, report) = self.get_json(&format!("/api/v1/reports/{reference}")).await;
        assert_eq!(status, 200, "{report}");
        report
    }

    /// Keys of the files in the photo store, whichever store it is (partial writes too).
    pub async fn stored_files(&self) -> Vec<String> {
        let files = self.server.ctx.photos.list().await.expect("photo store");
        files.into_iter().map(|f| f.key).collect()
    }

    /// Keys of the files in the private store (complaint attachments).
    pub async fn private_stored_files(&self) -> Vec<String> {
        let files = self
            .server
            .ctx
            .private_files
            .list()
            .await
            .expect("private store");
        files.into_iter().map(|f| f.key).collect()
    }

    /// Adds a staff user of every department.
    pub async fn add_user(&self, email: &str, role: meldpunt_app::staff::Role, password: &str) {
        self.add_staff(email, role, password, &ALL_DEPARTMENTS)
            .await;
    }

    /// Imports the sample address register (`sample-data/addresses-sint-truiden.csv`) as an
    /// admin would; answers how many addresses it holds.
    pub async fn import_sample_addresses(&self) -> usize {
        let n = meldpunt_app::office::admin::import_addresses(
            &self.server.ctx,
            None,
            include_bytes!("../sample-data/addresses-sint-truiden.csv"),
        )
        .await
        .expect("the sample register imports");
        assert!(n > 1000, "{n} addresses");
        n as usize
    }

    /// Adds a staff user of the given departments; returns the user id.
    pub async fn add_staff(
        &self,
        email: &str,
        role: meldpunt_app::staff::Role,
        password: &str,
        departments: &[&str],
    ) -> i64 {
        let departments: Vec<String> = departments.iter().map(|d| d.to_string()).collect();
        meldpunt_app::office::admin::create_user(
            &self.server.ctx,
            None,
            email,
            "Test user",
            role,
            password,
            &departments,
        )
        .await
        .expect("user")
    }

    /// A new staff member of `departments` with [`PASSWORD`], signed in on a client of their own.
    pub async fn signed_in(
        &self,
        email: &str,
        role: meldpunt_app::staff::Role,
        departments: &[&str],
    ) -> reqwest::Client {
        self.add_staff(email, role, PASSWORD, departments).await;
        let c = self.new_client();
        let r = self.login_as(&c, email, PASSWORD).await;
        assert_eq!(r.status().as_u16(), 303, "{email} signs in");
        c
    }

    /// Puts `crews` in a new team of `department` and has the coordinator `co@stad.test`
    /// (made on first use, of every department, with [`PASSWORD`]) assign the report to that
    /// team; returns the team's id.
    pub async fn assign_to_crew(&self, reference: &str, department: &str, crews: &[&str]) -> i64 {
        let team = meldpunt_app::office::admin::create_team(
            &self.server.ctx,
            None,
            &format!("Ploeg {reference}"),
            department,
            &crews.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        )
        .await
        .expect("team");
        let coordinators = meldpunt_app::port::UserStore::users(self.server.store.as_ref())
            .await
            .expect("users");
        if coordinators.iter().all(|u| u.user.email != COORDINATOR) {
            self.add_user(
                COORDINATOR,
                meldpunt_app::staff::Role::Coordinator,
                PASSWORD,
            )
            .await;
        }
        let coordinator = self.new_client();
        let r = self.login_as(&coordinator, COORDINATOR, PASSWORD).await;
        assert_eq!(r.status().as_u16(), 303, "the coordinator signs in");
        let (s, body) = self
            .act(
                &coordinator,
                reference,
                serde_json::json!({"action": "assign", "team_id": team, "priority": 2}),
            )
            .await;
        assert_eq!(s, 204, "assigned: {body}");
        team
    }

    /// A second client with its own cookies, for a second person.
    pub fn new_client(&self) -> reqwest::Client {
        cookie_client()
    }

    /// A client whose connections come from another loopback address (`127.0.0.2`, …), so the
    /// server sees another client.
    pub fn client_from(&self, ip: &str) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(ip.parse::<std::net::IpAddr>().expect("an address"))
            .build()
            .expect("client")
    }

    /// Does a workflow action through the staff JSON API; returns the status code and body.
    pub async fn act(
        &self,
        client: &reqwest::Client,
        reference: &str,
        action: Value,
    ) -> (u16, Value) {
        // Changes say which version they were made on: the one this client reads now.
        let version = client
            .get(self.url(&format!("/api/v1/staff/reports/{reference}")))
            .send()
            .await
            .ok()
            .and_then(|r| r.headers().get("etag").cloned())
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .unwrap_or_else(|| "\"0\"".to_owned());
        let r = client
            .post(self.url(&format!("/api/v1/staff/reports/{reference}/actions")))
            .header("If-Match", version)
            .json(&action)
            .send()
            .await
            .expect("action");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Sends one offline change from a crew's tablet queue (`/api/v1/staff/sync`) to `base`
    /// (the app, or a proxy in front of it); returns the status code and body.
    pub async fn sync_via(
        &self,
        base: &str,
        client: &reqwest::Client,
        key: &str,
        change: &Value,
        photos: &[Vec<u8>],
    ) -> Result<(u16, Value), reqwest::Error> {
        let mut form = Form::new().part(
            "change",
            Part::text(change.to_string())
                .mime_str("application/json")
                .expect("mime"),
        );
        for (i, bytes) in photos.iter().enumerate() {
            form = form.part(
                "photo",
                Part::bytes(bytes.clone()).file_name(format!("after-{i}.jpg")),
            );
        }
        let r = client
            .post(format!("{base}/api/v1/staff/sync"))
            .header("Idempotency-Key", key)
            .multipart(form)
            .send()
            .await?;
        let status = r.status().as_u16();
        Ok((status, r.json().await.unwrap_or(Value::Null)))
    }

    /// [`TestApp::sync_via`] straight to the app.
    pub async fn sync(
        &self,
        client: &reqwest::Client,
        key: &str,
        change: &Value,
        photos: &[Vec<u8>],
    ) -> (u16, Value) {
        self.sync_via(&self.base, client, key, change, photos)
            .await
            .expect("sync request")
    }

    /// GETs a JSON path with the given client.
    pub async fn get_text_as(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let r = client.get(self.url(path)).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    pub async fn get_json_as(&self, client: &reqwest::Client, path: &str) -> (u16, Value) {
        let r = client.get(self.url(path)).send().await.expect("request");
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// Signs a client in through the login form.
    pub async fn login_as(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        client
            .post(self.url("/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("login")
    }

    /// Signs in through the login form; the client keeps the session cookie.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/crew/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("login")
    }

    /// Changes a report's status through the crew form, optionally with an after-photo.
    pub async fn crew_set_status(
        &self,
        reference: &str,
        status: &str,
        note: &str,
        photo: Option<Vec<u8>>,
    ) -> reqwest::Response {
        let mut form = Form::new()
            .text("status", status.to_owned())
            .text("note", note.to_owned());
        if let Some(p) = photo {
            form = form.part("photo", Part::bytes(p).file_name("after.jpg"));
        }
        self.client
            .post(self.url(&format!("/crew/r/{reference}/status")))
            .multipart(form)
            .send()
            .await
            .expect("status change")
    }
}

/// A TCP proxy that loses answers: for a share of connections it lets the request reach the
/// server, waits for the whole answer (so the server has committed), then drops the
/// connection or passes on only half of the answer. Clients must send `Connection: close`.
pub struct LossyProxy {
    pub addr: std::net::SocketAddr,
    /// Answers lost so far.
    pub lost: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Connections so far.
    pub connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl LossyProxy {
    /// Starts a proxy to `target` losing `percent` % of the answers (spread evenly, so runs
    /// are repeatable).
    pub async fn start(target: std::net::SocketAddr, percent: usize) -> LossyProxy {
        use std::sync::atomic::Ordering;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let lost = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (lost2, connections2) = (lost.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let n = connections2.fetch_add(1, Ordering::SeqCst);
                // Of every 10 connections, `percent / 10` lose their answer, alternating
                // between a dropped and a cut-off answer.
                let lose = (n * 7 % 10) < percent / 10;
                let lost = lost2.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut cr, mut cw) = client.split();
                    let (mut sr, mut sw) = server.split();
                    let upstream = async {
                        let _ = tokio::io::copy(&mut cr, &mut sw).await;
                        let _ = sw.shutdown().await;
                    };
                    let downstream = async {
                        let mut answer = Vec::new();
                        let _ = sr.read_to_end(&mut answer).await;
                        if lose {
                            lost.fetch_add(1, Ordering::SeqCst);
                            if n % 2 == 0 {
                                let _ = cw.write_all(&answer[..answer.len() / 2]).await;
                            }
                        } else {
                            let _ = cw.write_all(&answer).await;
                        }
                        let _ = cw.shutdown().await;
                    };
                    tokio::join!(upstream, downstream);
                });
            }
        });
        LossyProxy {
            addr,
            lost,
            connections,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
