//! The photo store on the local file system: `<data-dir>/photos/<2 hex>/<random>.<suffix>`.

use async_trait::async_trait;
use meldpunt_app::error::AppError;
use meldpunt_app::port::{PhotoFiles, PutFile, StoredFile};
use meldpunt_app::service::random_token;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct FsPhotoStore {
    root: PathBuf,
}

impl FsPhotoStore {
    pub fn new(root: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, AppError> {
        // Keys are made here, but check anyway: a key must never walk out of the store.
        if !is_valid_key(key) {
            return Err(AppError::internal(format!("bad photo key {key:?}")));
        }
        Ok(self.root.join(key))
    }
}

/// A new random key, `<2 hex>/<random>.<suffix>`: the shape every file store uses, so keys
/// move between stores unchanged.
pub(crate) fn new_key(suffix: &str) -> String {
    let name = random_token();
    format!("{}/{}.{}", &name[..2], name, suffix)
}

/// Whether `key` is one this store makes (`<2 hex>/<name>.<suffix>`): nothing that could
/// walk out of the store, name a directory, or hide.
pub fn is_valid_key(key: &str) -> bool {
    let mut parts = key.split('/');
    let (Some(dir), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    key.len() < 80
        && dir.len() == 2
        && dir.bytes().all(|b| b.is_ascii_hexdigit())
        && !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b.is_ascii_lowercase())
        && !key.contains("..")
}

fn write_durably(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(dir)?.sync_all()
}

/// The files under `root/<2 hex>/`; anything else in the store is not ours and left alone.
fn list_files(root: &Path) -> std::io::Result<Vec<StoredFile>> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(root)? {
        let dir = dir?;
        let dir_name = dir.file_name().to_string_lossy().into_owned();
        if dir_name.len() != 2 || !dir.file_type()?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(dir.path())? {
            let file = file?;
            let meta = file.metadata()?;
            if !meta.is_file() {
                continue;
            }
            let name = file.file_name().to_string_lossy().into_owned();
            files.push(StoredFile {
                partial: name.ends_with(".tmp"),
                key: format!("{dir_name}/{name}"),
                modified: meta.modified()?,
            });
        }
    }
    Ok(files)
}

#[async_trait]
impl PhotoFiles for FsPhotoStore {
    async fn put(&self, bytes: &[u8], suffix: &str) -> Result<PutFile, AppError> {
        let key = new_key(suffix);
        let path = self.path_of(&key)?;
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| AppError::internal("a photo key without a directory"))?;
        let bytes = bytes.to_vec();
        tokio::task::spawn_blocking(move || write_durably(&dir, &path, &bytes))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
        Ok(PutFile { key, pending: None })
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, AppError> {
        let path = self.path_of(key)?;
        match tokio::fs::read(path).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(AppError::not_found()),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    async fn list(&self) -> Result<Vec<StoredFile>, AppError> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || list_files(&root))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)
    }

    async fn delete(&self, key: &str) -> Result<(), AppError> {
        let path = self.path_of(key)?;
        match tokio::fs::remove_file(path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(AppError::internal(e)),
        }
    }
}
