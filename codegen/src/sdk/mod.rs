//! Valve's `steam_api.json`, found inside the steamworks-sys crate.

use std::path::{Path, PathBuf};

/// The parts of steam_api.json the generator needs.
#[derive(Debug, Clone, Default)]
pub struct Sdk {}

impl Sdk {
    pub fn load(path: &Path) -> Result<Sdk, String> {
        let _ = path;
        todo!("sdk loader")
    }
}

/// Finds steam_api.json for the workspace at `root`.
pub fn locate(root: &Path) -> Result<PathBuf, String> {
    let _ = root;
    todo!("sdk locate")
}
