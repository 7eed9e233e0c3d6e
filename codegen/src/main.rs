//! `luasteam-codegen`: spec | generate | check.

use luasteam_codegen::diag::{has_errors, Diagnostic};
use luasteam_codegen::pipeline::{self, REGENERATE};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  luasteam-codegen spec FILE...      print the spec parsed from RST files as JSON
  luasteam-codegen generate          regenerate every output from spec/
  luasteam-codegen check             exit 1 if any generated file differs from spec/
options:
  --root DIR          the checkout (default: found from the current directory)
  --sdk FILE          steam_api.json to check against (default: from the steamworks-sys crate)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("luasteam-codegen: error: {msg}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    command: String,
    files: Vec<String>,
    root: Option<PathBuf>,
    sdk: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut it = args.iter();
    let command = it.next().cloned().ok_or_else(|| USAGE.to_string())?;
    let mut opts = Options {
        command,
        files: Vec::new(),
        root: None,
        sdk: None,
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--root" => opts.root = Some(it.next().ok_or("--root needs a directory")?.into()),
            "--sdk" => opts.sdk = Some(it.next().ok_or("--sdk needs a file")?.into()),
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{USAGE}")),
            _ => opts.files.push(a.clone()),
        }
    }
    Ok(opts)
}

fn report(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// When an input could not be read: prints the diagnostics (one `PATH: error: cannot read:
/// REASON` line per such file, plus whatever the readable files had) and no summary or spec,
/// since nothing was checked, generated or compared; exit code 1.
fn unreadable(diags: &[Diagnostic]) -> Option<ExitCode> {
    if !pipeline::unreadable(diags) {
        return None;
    }
    report(diags);
    Some(ExitCode::from(1))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let opts = parse_args(args)?;
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let root = || match &opts.root {
        Some(r) => Ok(r.clone()),
        None => pipeline::find_root(&cwd),
    };
    match opts.command.as_str() {
        "spec" => {
            if opts.files.is_empty() {
                return Err(format!("spec needs at least one FILE\n{USAGE}"));
            }
            let (spec, diags) = pipeline::parse_paths(&opts.files, Path::new(""))?;
            if let Some(code) = unreadable(&diags) {
                return Ok(code);
            }
            let json = serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())?;
            println!("{json}");
            report(&diags);
            Ok(if has_errors(&diags) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        "generate" => {
            let root = root()?;
            let start = Instant::now();
            let gen = pipeline::generate(&root, opts.sdk.as_deref())?;
            if let Some(code) = unreadable(&gen.diagnostics) {
                return Ok(code);
            }
            report(&gen.diagnostics);
            if has_errors(&gen.diagnostics) {
                eprintln!("luasteam-codegen: nothing written: fix the errors above");
                return Ok(ExitCode::from(1));
            }
            let written = pipeline::write(&root, &gen.outputs)?;
            eprintln!(
                "luasteam-codegen: {} outputs, {} changed, in {:.1} ms",
                gen.outputs.len(),
                written,
                start.elapsed().as_secs_f64() * 1000.0
            );
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
            let root = root()?;
            let gen = pipeline::generate(&root, opts.sdk.as_deref())?;
            if let Some(code) = unreadable(&gen.diagnostics) {
                return Ok(code);
            }
            report(&gen.diagnostics);
            let diffs = if has_errors(&gen.diagnostics) {
                Vec::new()
            } else {
                pipeline::differences(&root, &gen.outputs)
            };
            for d in &diffs {
                eprintln!("{d}: differs from what spec/ generates");
            }
            if has_errors(&gen.diagnostics) {
                eprintln!("luasteam-codegen: check failed: fix the errors above");
                return Ok(ExitCode::from(1));
            }
            if !diffs.is_empty() {
                eprintln!(
                    "luasteam-codegen: check failed; run `{REGENERATE}` and commit the result"
                );
                return Ok(ExitCode::from(1));
            }
            eprintln!(
                "luasteam-codegen: {} generated files up to date",
                gen.outputs.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}
