//! Test harness: a real Meldpunt on 127.0.0.1:0 with a fresh SQLite database and photo
//! directory per test, and typed helpers to drive it over HTTP.

#![allow(clippy::unwrap_used)]

use meldpunt_server::{Config, Server};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use std::path::PathBuf;

pub struct TestApp {
    pub server: Server,
    pub base: String,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
}

/// A test input from `tests/fixtures`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A valid report body around Sint-Truiden's market square.
pub fn report_json(category: &str, description: &str) -> Value {
    json!({"category": category, "lat": 50.8166, "lon": 5.1866, "description": description})
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config {
            addr: "127.0.0.1:0".parse().expect("addr"),
            database_url: format!("sqlite://{}/meldpunt.db", dir.path().display()),
            data_dir: dir.path().join("data"),
            public_url: None,
            tile_url: "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
            site_root: dir.path().join("site"),
        };
        let server = meldpunt_server::spawn(config).await.expect("server starts");
        let base = format!("http://{}", server.addr);
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            server,
            base,
            client,
            dir,
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

    /// Files in the photo store.
    pub fn stored_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out)
                } else {
                    out.push(p)
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.dir.path().join("data/photos"), &mut out);
        out
    }

    /// Adds a staff user directly through the store.
    pub async fn add_user(&self, email: &str, role: meldpunt_app::staff::Role, password: &str) {
        use meldpunt_app::port::Store;
        let hash = meldpunt_app::service::hash_password(password).expect("hash");
        self.server
            .store
            .create_user(email, "Test user", role, &hash)
            .await
            .expect("user");
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
