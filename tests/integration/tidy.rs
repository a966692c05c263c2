//! Tidy checks: the invariants of ARCHITECTURE.md, checked on the source tree so that they
//! stay true rather than only written down.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_owned()
}

/// Files under `dir` (relative to the workspace) whose names end in one of `exts`.
fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("vendor") {
                    walk(&path, exts, out);
                }
            } else if exts.iter().any(|e| path.to_string_lossy().ends_with(e)) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), exts, &mut out);
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn is_test_file(path: &str) -> bool {
    path.starts_with("tests/") || path.ends_with("tests.rs")
}

/// Rust sources of the product and its tests.
fn rust_sources() -> Vec<PathBuf> {
    ["app/src", "server/src", "server/benches", "tests"]
        .iter()
        .flat_map(|d| files(d, &[".rs"]))
        .collect()
}

/// `file:line: text` of every line of the Rust sources (but the `skip`ped files) that `hit`s.
fn lines_where(skip: impl Fn(&str) -> bool, hit: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_sources() {
        let name = relative(&path);
        if skip(&name) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        for (i, line) in text.lines().enumerate() {
            if hit(line) {
                found.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn sql_lives_only_in_the_storage_layer() {
    let sql = [
        "sqlx::",
        "\"SELECT ",
        "\"INSERT INTO",
        "\"UPDATE ",
        "\"DELETE FROM",
        "\"CREATE ",
        "\"PRAGMA",
        "\"VACUUM",
        "MATCH ?",
    ];
    let mut found = lines_where(
        |name| name.starts_with("server/src/storage/") || name == "tests/integration/tidy.rs",
        |line| sql.iter().any(|s| line.contains(s)),
    );
    for manifest in ["app/Cargo.toml", "tests/Cargo.toml"] {
        let text = std::fs::read_to_string(root().join(manifest)).expect("manifest");
        if text.lines().any(|l| l.starts_with("sqlx")) {
            found.push(format!("{manifest} depends on sqlx"));
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside server/src/storage:\n{}",
        found.join("\n")
    );
}

#[test]
fn roles_are_compared_only_in_the_access_table() {
    let found = lines_where(
        |name| name == "app/src/staff.rs" || is_test_file(name),
        |line| {
            line.contains("== Role::")
                || line.contains("!= Role::")
                || line.contains("== crate::staff::Role::")
                || (line.contains("matches!") && line.contains("Role::"))
        },
    );
    assert!(
        found.is_empty(),
        "decide by `Role::scope` (the access table in app/src/staff.rs), not by role:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_outside_the_tests_is_over_800_lines_rust_or_javascript() {
    let mut long = Vec::new();
    for (dir, exts) in [
        ("app/src", &[".rs"][..]),
        ("server/src", &[".rs"]),
        ("server/benches", &[".rs"]),
        ("public", &[".js"]),
    ] {
        for path in files(dir, exts) {
            let name = relative(&path);
            if is_test_file(&name) {
                continue;
            }
            let lines = std::fs::read_to_string(&path)
                .expect("readable")
                .lines()
                .count();
            if lines > 800 {
                long.push(format!("{name}: {lines} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these by concern:\n{}",
        long.join("\n")
    );
}

#[test]
fn every_path_in_architecture_md_exists() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    // Paths are written from the workspace, or from the folder the text is about.
    let bases = [
        "app/src/",
        "server/src/storage/",
        "server/src/",
        "server/",
        "app/",
        "tests/",
        "public/",
        "",
    ];
    // Not paths: MIME types, and `data/`, the git-ignored runtime directory.
    let not_paths = ["multipart/", "image/", "application/", "text/", "data/"];
    let mut checked = 0;
    let mut missing = Vec::new();
    // A bare file name is in the folder named last (`office/`: `domain.rs`, `pages.rs`, …).
    let mut folder = String::new();
    for (i, chunk) in text.split('`').enumerate() {
        // Odd chunks are inside backticks.
        let looks_like_a_path = i % 2 == 1
            && !chunk.contains(char::is_whitespace)
            && !chunk.contains("::")
            && !chunk.starts_with('/')
            && !not_paths.iter().any(|p| chunk.starts_with(p))
            && !chunk.contains(['<', '{', '?', '*', '…', '('])
            && (chunk.contains('/')
                || [
                    ".rs", ".js", ".toml", ".md", ".sql", ".py", ".mjs", ".css", ".html",
                ]
                .iter()
                .any(|e| chunk.ends_with(e)));
        if !looks_like_a_path {
            continue;
        }
        checked += 1;
        let mut candidates: Vec<String> = bases.iter().map(|b| format!("{b}{chunk}")).collect();
        if !chunk.contains('/') {
            candidates.push(format!("{folder}{chunk}"));
        }
        match candidates.into_iter().find(|c| root().join(c).exists()) {
            Some(found) if chunk.contains('/') => {
                folder = match found.rfind('/') {
                    Some(i) => found[..=i].to_owned(),
                    None => String::new(),
                };
            }
            Some(_) => {}
            None => missing.push(chunk.to_owned()),
        }
    }
    assert!(
        checked > 30,
        "only {checked} paths found: is the check still reading them?"
    );
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn feature_pages_never_import_another_features_pages() {
    // `annual.rs` is the one page that combines features; shared widgets live in `ui/`. The
    // crews' pages and the public map show reports: they belong to the report feature.
    let feature_of = |name: &str| -> Option<&'static str> {
        let first = name
            .trim_start_matches("app/src/")
            .split(['/', '.'])
            .next()?;
        match first {
            "report" | "crew" | "map" => Some("report"),
            "office" => Some("office"),
            "planner" => Some("planner"),
            "complaint" => Some("complaint"),
            _ => None,
        }
    };
    let pages = [
        ("report", "crate::report::page::"),
        ("report", "crate::crew::"),
        ("report", "crate::map::"),
        ("office", "crate::office::pages::"),
        ("office", "crate::office::admin_page::"),
        ("planner", "crate::planner::pages::"),
        ("complaint", "crate::complaint::pages::"),
    ];
    let mut found = Vec::new();
    for path in files("app/src", &[".rs"]) {
        let name = relative(&path);
        let Some(own) = feature_of(&name) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("readable");
        for (feature, needle) in pages {
            if feature != own && text.contains(needle) {
                found.push(format!("{name} uses {needle}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_javascript_takes_its_facts_from_rust() {
    use meldpunt_app::office::domain::{TriageAction, CREW_CHOICES};
    use meldpunt_app::report::domain::ReportStatus;
    let mut found = Vec::new();
    for path in files("public", &[".js"]) {
        let name = relative(&path);
        let text = std::fs::read_to_string(&path).expect("readable");
        for status in ReportStatus::ALL {
            if text.contains(status.colour()) {
                found.push(format!("{name}: the colour of {}", status.as_str()));
            }
        }
        for choice in CREW_CHOICES {
            let tag = TriageAction::from_crew_choice(choice, None)
                .expect("a crew choice")
                .tag();
            if text.contains(&format!("action: \"{tag}\"")) {
                found.push(format!("{name}: the action {tag}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "read these from the page's facts (app/src/ui/js.rs `facts`):\n{}",
        found.join("\n")
    );
}

/// The rules and forms of `app/src` and the server's form routes explain every refusal to
/// people with an `ErrorText` (`AppError::invalid`, `.explained(…)`), never only with their
/// English message. Left out: the Open311 API and the address-register import, whose readers
/// are developers and operators (their messages name fields, lines and columns).
#[test]
fn every_refusal_people_can_meet_is_explained_in_their_language() {
    const KINDS: [&str; 5] = [
        "AppError::validation(",
        "AppError::bad_request(",
        "AppError::conflict(",
        "AppError::unsupported(",
        "AppError::too_large(",
    ];
    let for_people = |name: &str| {
        (name.starts_with("app/src/")
            || [
                "server/src/complaints.rs",
                "server/src/contactcenter.rs",
                "server/src/catalogue_web.rs",
                "server/src/pdf.rs",
            ]
            .contains(&name))
            && !is_test_file(name)
            && ![
                "app/src/open311.rs",
                "app/src/address.rs",
                "app/src/error/mod.rs",
            ]
            .contains(&name)
    };
    let mut bare = Vec::new();
    for path in rust_sources() {
        let name = relative(&path);
        if !for_people(&name) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for kind in KINDS {
            for (at, _) in text.match_indices(kind) {
                // The call's end, then what follows it.
                let mut depth = 1;
                let rest = &text[at + kind.len()..];
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(rest.len(), |(i, _)| i + 1);
                if !rest[end..].trim_start().starts_with(".explained(") {
                    let line = text[..at].lines().count();
                    bare.push(format!("{name}:{line}"));
                }
            }
        }
    }
    assert!(
        bare.is_empty(),
        "refusals without an ErrorText (people would read a generic text):\n{}",
        bare.join("\n")
    );
}
