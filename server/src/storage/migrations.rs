//! The schema's migrations, compiled in by `server/build.rs` from `migrations/<backend>/`.

use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;
use std::sync::LazyLock;

mod compiled {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// The SQLite store's migrations.
pub static SQLITE: LazyLock<Migrator> = LazyLock::new(|| migrator(compiled::SQLITE));

/// The PostgreSQL store's migrations. sqlx holds an advisory lock while it applies them, so
/// instances starting at once migrate one after the other.
pub static POSTGRES: LazyLock<Migrator> = LazyLock::new(|| migrator(compiled::POSTGRES));

/// A migrator for these migrations, as sqlx's `migrate!` makes one: each checksum is sqlx's
/// (`Migration::new`), a file starting with `-- no-transaction` runs outside a transaction.
fn migrator(migrations: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    let mut migrator = Migrator::DEFAULT;
    migrator.migrations = migrations
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                sql.starts_with("-- no-transaction"),
            )
        })
        .collect();
    migrator
}

/// The SQLite migrations before the first whose description contains `until`: the schema as
/// an older version left it, for the tests of upgrades.
#[cfg(test)]
pub fn sqlite_before(until: &str) -> Migrator {
    let at = compiled::SQLITE
        .iter()
        .position(|(_, description, _)| description.contains(until))
        .unwrap_or_else(|| panic!("no SQLite migration mentions {until:?}"));
    migrator(&compiled::SQLITE[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in the migration directories is compiled in, in order, with sqlx's checksum
    /// of its content: the `_sqlx_migrations` rows earlier builds wrote still match.
    #[test]
    fn every_migration_file_is_compiled_in_with_sqlx_checksums() {
        for (backend, migrator) in [("sqlite", &*SQLITE), ("postgres", &*POSTGRES)] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../migrations")
                .join(backend);
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            let compiled: Vec<_> = migrator.iter().collect();
            assert_eq!(compiled.len(), files.len(), "{backend}");
            assert!(compiled.len() > 10, "{backend}");
            for (migration, file) in compiled.iter().zip(&files) {
                let name = file.file_name().unwrap().to_str().unwrap();
                let (version, words) = name.trim_end_matches(".sql").split_once('_').unwrap();
                assert_eq!(migration.version, version.parse::<i64>().unwrap(), "{name}");
                assert_eq!(migration.description, words.replace('_', " "), "{name}");
                assert_eq!(
                    migration.sql,
                    std::fs::read_to_string(file).unwrap(),
                    "{name}"
                );
                assert_eq!(migration.migration_type, MigrationType::Simple, "{name}");
                assert!(!migration.no_tx, "{name}");
            }
        }
        // The first migration's checksum as the `migrate!` macro of earlier builds stored it
        // in every database (read back from one); it also guards against editing a
        // migration that databases have already applied.
        for (migrator, stored) in [
            (&*SQLITE, "8f1a7373836420d0a9c98fc026474f0f89d9e6a69df1026351a91e65d6ca6eeaff7e2cdbc06160bc6eefaa6473ca645b"),
            (&*POSTGRES, "2999ffb54cafce35bb6722f75b0d4b9d2a0e2f3bb0e25364aeb9ee63e18ea275298103c14ed4f6411488c29b4f683f2e"),
        ] {
            let first = migrator.iter().next().unwrap();
            assert_eq!(hex::encode(&first.checksum), stored);
        }
    }
}
