//! The installable app's shell: which files the service worker precaches, and the version
//! that names its caches. Both come from the built site on disk, so a new build (or release
//! label) gives a new service worker that replaces the old one with all its files at once.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The service worker's code; `/sw.js` prepends the version and the precache list.
const SERVICE_WORKER: &str = include_str!("../../public/sw.js");

/// Pages the service worker keeps from the start, so the citizen form opens without network.
const SHELL_PAGES: [&str; 2] = ["/", "/offline.html"];

/// Scripts referenced with `?v=<version>` (their names carry no hash of their own): the ones
/// every page loads.
pub use meldpunt_app::ui::js::SCRIPTS as VERSIONED_SCRIPTS;

/// What the service worker precaches, and the version of that set.
#[derive(Debug, Clone, PartialEq)]
pub struct AppShell {
    pub version: String,
    pub precache: Vec<String>,
}

impl AppShell {
    /// Reads the built site: hashed `pkg/` files, vendored libraries, icons and the versioned
    /// scripts (the manifest is made per language, see [`manifest`]). `release` (e.g. a deployment label) is part of the version.
    pub fn scan(site_root: &Path, release: &str) -> AppShell {
        let mut files: Vec<String> = Vec::new();
        collect(site_root, site_root, &mut files);
        files.retain(|f| {
            !f.ends_with(".br")
                && !f.ends_with(".gz")
                && !f.ends_with(".ts")
                && !f.ends_with(".map")
                && !f.ends_with("/sw.js")
                && !f.ends_with("/offline.html")
                // The API's docs page is for developers, not part of the app on a phone.
                && !f.starts_with(meldpunt_app::SWAGGER_UI_DIR)
                && (f.starts_with("/pkg/")
                    || f.starts_with("/vendor/")
                    || f.starts_with("/icons/")
                    || f == "/icon.svg"
                    || VERSIONED_SCRIPTS.contains(&f.as_str()))
        });
        files.sort();
        let mut hash = Sha256::new();
        hash.update(release.as_bytes());
        hash.update(SERVICE_WORKER.as_bytes());
        for f in &files {
            hash.update(f.as_bytes());
            hash.update(std::fs::read(site_root.join(&f[1..])).unwrap_or_default());
        }
        let version = hex::encode(&hash.finalize()[..6]);
        let mut precache: Vec<String> = SHELL_PAGES.iter().map(|p| (*p).to_owned()).collect();
        precache.extend(files.into_iter().map(|f| {
            if VERSIONED_SCRIPTS.contains(&f.as_str()) {
                format!("{f}?v={version}")
            } else {
                f
            }
        }));
        AppShell { version, precache }
    }

    /// The service worker script for this shell.
    pub fn service_worker(&self) -> String {
        format!(
            "const VERSION = {};\nconst PRECACHE = {};\n{SERVICE_WORKER}",
            serde_json::Value::from(self.version.clone()),
            serde_json::Value::from(self.precache.clone()),
        )
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
        }
    }
}

/// `GET /sw.js`: always revalidated, so browsers find a new version on their next visit.
pub fn service_worker_response(shell: &AppShell) -> Response {
    let mut response = shell.service_worker().into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `/manifest.webmanifest?lang=xx`: the web app manifest in the language of the page that links
/// it (a browser fetches a manifest without cookies, so the link names the language).
pub async fn manifest(
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let asked = meldpunt_app::ui::lang_in_query(query.as_deref());
    let lang = crate::api::lang_of(asked.map(meldpunt_app::i18n::Lang::code), &headers);
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::VARY, "Accept-Language"),
        ],
        meldpunt_app::ui::manifest(lang).to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_lists_built_files_and_its_version_follows_their_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, body) in [
            ("pkg/meldpunt.abc.wasm", "wasm"),
            ("pkg/meldpunt.abc.wasm.br", "br"),
            ("pkg/meldpunt.d.abc.ts", "types"),
            ("meldpunt.js", "one"),
            ("outbox.js", "two"),
            ("icons/icon-192.png", "png"),
            ("notes.txt", "not part of the app"),
        ] {
            std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
            std::fs::write(root.join(name), body).unwrap();
        }
        let shell = AppShell::scan(root, "");
        let v = &shell.version;
        assert_eq!(
            shell.precache,
            vec![
                "/".to_owned(),
                "/offline.html".to_owned(),
                "/icons/icon-192.png".to_owned(),
                format!("/meldpunt.js?v={v}"),
                format!("/outbox.js?v={v}"),
                "/pkg/meldpunt.abc.wasm".to_owned(),
            ]
        );
        assert_eq!(
            AppShell::scan(root, "").version,
            *v,
            "same files, same version"
        );
        assert_ne!(
            AppShell::scan(root, "2").version,
            *v,
            "a release label changes it"
        );
        std::fs::write(root.join("meldpunt.js"), "changed").unwrap();
        assert_ne!(
            AppShell::scan(root, "").version,
            *v,
            "changed file, new version"
        );
        assert!(shell
            .service_worker()
            .starts_with(&format!("const VERSION = \"{v}\";")));
    }
}
