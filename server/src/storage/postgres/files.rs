//! `--file-store database`: photos, thumbnails and complaint attachments in the `stored_file`
//! table. `put` writes nothing: it hands the bytes back, and the store writes them in the
//! transaction that stores the rows naming them (`insert_files`). Deleting a row deletes its
//! files by trigger, in the same transaction. So no crash can leave a row without its file or
//! a file without its row, and every instance reads every file.

use super::{db_error, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use meldpunt_app::error::AppError;
use meldpunt_app::port::{FileArea, PendingFile, PhotoFiles, PutFile, StoredFile};
use sqlx::{PgPool, Postgres, Row, Transaction};
use std::sync::Arc;

/// One area's files in the database.
pub struct DbFileStore {
    pool: PgPool,
    area: FileArea,
}

impl PgStore {
    /// The file store of `area` on this store's database.
    pub fn file_store(&self, area: FileArea) -> Arc<dyn PhotoFiles> {
        Arc::new(DbFileStore {
            pool: self.pool.clone(),
            area,
        })
    }
}

/// Writes files handed back by `DbFileStore::put`, in the caller's transaction.
pub(super) async fn insert_files(
    tx: &mut Transaction<'_, Postgres>,
    files: &[PendingFile],
) -> Result<(), AppError> {
    for f in files {
        sqlx::query("INSERT INTO stored_file (area, key, bytes) VALUES ($1, $2, $3)")
            .bind(f.area.as_str())
            .bind(&f.key)
            .bind(&f.bytes)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
    }
    Ok(())
}

#[async_trait]
impl PhotoFiles for DbFileStore {
    async fn put(&self, bytes: &[u8], suffix: &str) -> Result<PutFile, AppError> {
        let key = crate::storage::photos::new_key(suffix);
        Ok(PutFile {
            pending: Some(PendingFile {
                area: self.area,
                key: key.clone(),
                bytes: bytes.to_vec(),
            }),
            key,
        })
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, AppError> {
        sqlx::query_scalar("SELECT bytes FROM stored_file WHERE area = $1 AND key = $2")
            .bind(self.area.as_str())
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?
            .ok_or_else(AppError::not_found)
    }

    async fn delete(&self, key: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM stored_file WHERE area = $1 AND key = $2")
            .bind(self.area.as_str())
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    fn written_with_rows(&self) -> bool {
        true
    }

    async fn list(&self) -> Result<Vec<StoredFile>, AppError> {
        let rows = sqlx::query("SELECT key, created_at FROM stored_file WHERE area = $1")
            .bind(self.area.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                let created: DateTime<Utc> = r.try_get("created_at").map_err(db_error)?;
                Ok(StoredFile {
                    key: r.try_get("key").map_err(db_error)?,
                    modified: created.into(),
                    // Written in one statement with its rows: never half.
                    partial: false,
                })
            })
            .collect()
    }
}
