//! The repository layout: where the spec lives, where outputs go, generate and check.

use crate::diag::{has_errors, Diagnostic};
use crate::emit::{self, Output};
use crate::ir::Spec;
use crate::model::Model;
use crate::sdk::{self, Sdk};
use crate::{check, rst};
use std::fs;
use std::path::{Path, PathBuf};

/// Directories whose every file is generated; a file there that generation does not produce
/// is stale and `check` reports it.
pub const GENERATED_DIRS: &[&str] = &["generated/src", "generated/stubs", "docs/reference"];

/// The command that rewrites every generated file; failure messages quote it.
pub const REGENERATE: &str = "cargo run -p luasteam-codegen -- generate";

/// Walks up from `start` to the directory holding `spec/` and the workspace `Cargo.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf, String> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join("spec").is_dir() && d.join("Cargo.toml").is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(format!(
        "no luasteam checkout (a directory with spec/ and Cargo.toml) above {}",
        start.display()
    ))
}

/// `spec/*.rst`, sorted, as paths relative to `root`.
pub fn spec_files(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("spec");
    let entries = fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rst"))
        .map(|n| format!("spec/{n}"))
        .collect();
    files.sort();
    Ok(files)
}

/// Parses each file (name as shown in diagnostics, text) into one spec.
pub fn parse_texts(files: &[(String, String)]) -> (Spec, Vec<Diagnostic>) {
    let mut spec = Spec::default();
    let mut diags = Vec::new();
    for (name, text) in files {
        let (module, d) = rst::parse(name, text);
        spec.modules.push(module);
        diags.extend(d);
    }
    (spec, diags)
}

/// Reads and parses files given by path (shown as given). A file that cannot be read is one
/// whole-file error (`PATH: error: cannot read: REASON`) and the other files are still read;
/// invalid UTF-8 is an error at its position. Reading problems are diagnostics, never `Err`.
pub fn parse_paths(paths: &[String], base: &Path) -> Result<(Spec, Vec<Diagnostic>), String> {
    let mut spec = Spec::default();
    let mut diags = Vec::new();
    for p in paths {
        match fs::read(base.join(p)) {
            Ok(bytes) => {
                let (module, d) = rst::parse_bytes(p, &bytes);
                spec.modules.push(module);
                diags.extend(d);
            }
            Err(e) => diags.push(Diagnostic::file_error(
                p,
                format!("cannot read: {}", io_reason(&e)),
            )),
        }
    }
    Ok((spec, diags))
}

/// True when some input could not be read at all (so the spec is missing a file).
pub fn unreadable(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_whole_file)
}

/// An I/O error's message without the ` (os error N)` suffix.
fn io_reason(e: &std::io::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" (os error ") {
        Some(i) if msg.ends_with(')') => msg[..i].to_string(),
        _ => msg,
    }
}

/// The result of a full generation: outputs plus every diagnostic from parsing and checking.
pub struct Generation {
    pub spec: Spec,
    pub outputs: Vec<Output>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `spec/`, checks it against the SDK, resolves the checked spec into the one
/// [`Model`] every emitter reads and renders every output (in memory).
pub fn generate(root: &Path, sdk_path: Option<&Path>) -> Result<Generation, String> {
    let files = spec_files(root)?;
    let (mut spec, mut diagnostics) = parse_paths(&files, root)?;
    if unreadable(&diagnostics) {
        // Checking a spec with a file missing would only add misleading errors.
        return Ok(Generation {
            spec,
            outputs: Vec::new(),
            diagnostics,
        });
    }
    let sdk_path = match sdk_path {
        Some(p) => p.to_path_buf(),
        None => sdk::locate(root)?,
    };
    let sdk = Sdk::load(&sdk_path)?;
    diagnostics.extend(check::check(&mut spec, &sdk));
    let outputs = if has_errors(&diagnostics) {
        Vec::new()
    } else {
        emit::all(&Model::build(&spec), &sdk)?
    };
    Ok(Generation {
        spec,
        outputs,
        diagnostics,
    })
}

/// Writes outputs under `root` and removes stale files in the generated directories.
pub fn write(root: &Path, outputs: &[Output]) -> Result<usize, String> {
    let mut written = 0;
    for o in outputs {
        let path = root.join(&o.path);
        if fs::read_to_string(&path).ok().as_deref() == Some(o.contents.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(&path, &o.contents).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
    }
    for stale in stale_files(root, outputs) {
        fs::remove_file(root.join(&stale)).map_err(|e| format!("{stale}: {e}"))?;
        written += 1;
    }
    Ok(written)
}

/// Paths (relative to root) whose committed contents differ from `outputs`, plus stale files.
pub fn differences(root: &Path, outputs: &[Output]) -> Vec<String> {
    let mut diffs: Vec<String> = outputs
        .iter()
        .filter(|o| {
            fs::read_to_string(root.join(&o.path)).ok().as_deref() != Some(o.contents.as_str())
        })
        .map(|o| o.path.clone())
        .collect();
    diffs.extend(stale_files(root, outputs));
    diffs
}

fn stale_files(root: &Path, outputs: &[Output]) -> Vec<String> {
    let mut stale = Vec::new();
    for dir in GENERATED_DIRS {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = fs::read_dir(&d) else {
                continue;
            };
            for e in entries.filter_map(|e| e.ok()) {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                if !outputs.iter().any(|o| o.path == rel) {
                    stale.push(rel);
                }
            }
        }
    }
    stale.sort();
    stale
}
