//! Finding `steam_api.json`: it ships inside the steamworks-sys crate the runtime depends on.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Overrides the search with an explicit path to steam_api.json.
pub const ENV_OVERRIDE: &str = "LUASTEAM_STEAM_API_JSON";

const CRATE: &str = "steamworks-sys";
const IN_CRATE: &str = "lib/steam/public/steam/steam_api.json";

/// Finds steam_api.json for the workspace at `root`.
///
/// Order: `$LUASTEAM_STEAM_API_JSON`; the steamworks-sys version pinned in `Cargo.lock`,
/// looked up in cargo's registry sources (no subprocess, the common case); `cargo metadata`,
/// which also covers vendored, git and path dependencies.
pub fn locate(root: &Path) -> Result<PathBuf, String> {
    if let Some(p) = env::var_os(ENV_OVERRIDE).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        return Err(format!("{ENV_OVERRIDE}={}: no such file", p.display()));
    }
    let lock = root.join("Cargo.lock");
    if let Some(version) = fs::read_to_string(&lock)
        .ok()
        .and_then(|t| locked_version(&t, CRATE))
    {
        if let Some(found) = in_registry(&cargo_home(), &version) {
            return Ok(found);
        }
    }
    from_metadata(root)
}

/// The version of `name` in a Cargo.lock (the first, if several are locked).
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != wanted {
            continue;
        }
        let next = lines.next()?;
        let v = next.strip_prefix("version = \"")?.strip_suffix('"')?;
        return Some(v.to_string());
    }
    None
}

fn cargo_home() -> PathBuf {
    if let Some(h) = env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    let home = env::var_os("HOME")
        .or_else(|| env::var_os("USERPROFILE"))
        .unwrap_or_default();
    PathBuf::from(home).join(".cargo")
}

/// `$CARGO_HOME/registry/src/<any index>/steamworks-sys-<version>/...`, first in name order.
fn in_registry(cargo_home: &Path, version: &str) -> Option<PathBuf> {
    let src = cargo_home.join("registry").join("src");
    let mut indexes: Vec<PathBuf> = fs::read_dir(src)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    indexes.sort();
    indexes
        .into_iter()
        .map(|i| i.join(format!("{CRATE}-{version}")).join(IN_CRATE))
        .find(|p| p.is_file())
}

fn from_metadata(root: &Path) -> Result<PathBuf, String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--all-features"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot find steam_api.json: running cargo metadata failed: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cannot find steam_api.json: cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cannot find steam_api.json: cargo metadata output: {e}"))?;
    let manifest = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == CRATE)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| {
            format!(
                "cannot find steam_api.json: {CRATE} is not a dependency of the workspace at {} \
                 (set {ENV_OVERRIDE} to the file's path)",
                root.display()
            )
        })?;
    let path = Path::new(manifest)
        .parent()
        .unwrap_or(Path::new(""))
        .join(IN_CRATE);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "cannot find steam_api.json: {} does not exist (set {ENV_OVERRIDE} to the file's path)",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_gives_the_version_of_the_named_package() {
        let lock = "[[package]]\nname = \"steamworks\"\nversion = \"0.12.0\"\n\n\
                    [[package]]\nname = \"steamworks-sys\"\nversion = \"0.13.0\"\n";
        assert_eq!(
            locked_version(lock, "steamworks-sys").as_deref(),
            Some("0.13.0")
        );
        assert_eq!(locked_version(lock, "serde"), None);
    }

    #[test]
    fn registry_lookup_finds_the_file_under_any_index() {
        let home = env::temp_dir().join(format!("luasteam-locate-{}", std::process::id()));
        let dir = home
            .join("registry/src/index-abc/steamworks-sys-9.9.9")
            .join(IN_CRATE);
        let _ = fs::create_dir_all(dir.parent().unwrap_or(&home));
        fs::write(&dir, "{}").expect("temp file");
        assert_eq!(in_registry(&home, "9.9.9"), Some(dir));
        assert_eq!(in_registry(&home, "1.0.0"), None);
        let _ = fs::remove_dir_all(&home);
    }
}
