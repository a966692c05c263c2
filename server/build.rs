//! Compiles the schema's migrations into the server: `migrations/<backend>/NNNN_words.sql`
//! become `(version, description, SQL)` entries of `$OUT_DIR/migrations.rs`, which
//! `storage::migrations` turns into sqlx migrators.
//!
//! sqlx's `migrate!` macro did this before. It is a procedural macro that depends on sqlx
//! itself with both drivers, so a first build compiled sqlx-core, sqlx-sqlite, sqlx-postgres
//! and SQLite's C source a second time, for the compiler, only to list a directory; this
//! script needs nothing but the standard library. The file name rules are sqlx's (a version,
//! `_`, a description whose `_` read as spaces), the checksums sqlx's own (`Migration::new`),
//! so databases migrated by earlier builds see the same migrations. Unlike the macro, a file
//! that does not follow the rules fails the build rather than being skipped.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut code = String::new();
    for backend in ["sqlite", "postgres"] {
        let dir = root.join(backend);
        // A directory: cargo reruns this when any file in it changes, is added or goes.
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut migrations = Vec::new();
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("reading the migrations in {}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
                .path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_else(|| panic!("{}: not a UTF-8 file name", path.display()));
            let parsed = name.strip_suffix(".sql").and_then(|stem| {
                let (version, words) = stem.split_once('_')?;
                let version: i64 = version.parse().ok().filter(|v| *v > 0)?;
                let simple =
                    !words.is_empty() && !words.ends_with(".up") && !words.ends_with(".down");
                simple.then(|| (version, words.replace('_', " ")))
            });
            let Some((version, description)) = parsed else {
                panic!(
                    "{}: a migration is named NNNN_words.sql (a version above 0, then words)",
                    path.display()
                );
            };
            let path = path
                .canonicalize()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            migrations.push((version, description, path));
        }
        migrations.sort_by_key(|(version, _, _)| *version);
        if let Some(twice) = migrations.windows(2).find(|w| w[0].0 == w[1].0) {
            panic!(
                "{}: two migrations have version {}",
                dir.display(),
                twice[0].0
            );
        }
        let _ = writeln!(
            code,
            "/// The {backend} migrations: version, description, SQL; in order.\n\
             pub const {}: &[(i64, &str, &str)] = &[",
            backend.to_uppercase()
        );
        for (version, description, path) in &migrations {
            let _ = writeln!(
                code,
                "    ({version}, {description:?}, include_str!({:?})),",
                path.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    let out =
        Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
