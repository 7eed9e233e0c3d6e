//! Golden tests of the emitters: each `tests/emitters/CASE/` holds one or more small spec files
//! (`*.rst`, in the dialect of `spec/`), and under `expected/` every file the emitters write
//! from them, at the path the real generation writes it to (`expected/generated/src/api.rs`,
//! `expected/docs/reference/sockets.rst`, ...).
//!
//! A case is parsed with the real parser, checked against the real `steam_api.json` (the one
//! `cargo run -p luasteam-codegen -- generate` uses) and rendered by every emitter, exactly as
//! `pipeline::generate` does for `spec/`. A case must parse and check without any diagnostic.

use luasteam_codegen::emit::{self, glue, Output};
use luasteam_codegen::ir::Spec;
use luasteam_codegen::model::Model;
use luasteam_codegen::pipeline;
use luasteam_codegen::sdk::{self, Sdk};
use luasteam_codegen::{check, rst};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BLESS: &str = "LUASTEAM_BLESS=1 cargo test -p luasteam-codegen --test emitters";

/// The cases' directory, relative to the repository root (spec files are named by it).
const CASES: &str = "codegen/tests/emitters";

/// The directory under a case holding its expected outputs.
const EXPECTED: &str = "expected";

/// Expected outputs that two or more cases share (most of `enums.rs` and `options.rs` come
/// from the SDK, not the case) are stored once, in this pseudo-case; a case's own `expected/`
/// holds only the files in which it differs.
const SHARED: &str = "_shared";

/// Outputs copied verbatim from a template, whatever the spec says: they are not stored per
/// case (the committed `generated/` copy is compared by golden.rs); instead
/// `spec_independent_outputs_are_the_same_for_every_case` checks they really are.
const SPEC_INDEPENDENT: &[&str] = &["generated/src/support.rs"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cases_dir() -> PathBuf {
    root().join(CASES)
}

fn blessing() -> bool {
    std::env::var("LUASTEAM_BLESS").is_ok_and(|v| v == "1")
}

/// The real SDK, loaded once for every test of this file.
fn real_sdk() -> &'static Sdk {
    static SDK: OnceLock<Sdk> = OnceLock::new();
    SDK.get_or_init(|| {
        let path = sdk::locate(&root()).expect("steam_api.json is found for the workspace");
        Sdk::load(&path).expect("steam_api.json loads")
    })
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cases_dir())
        .expect("tests/emitters exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n != SHARED)
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no cases in {CASES}");
    names
}

/// A case's spec files as (path from the repository root, text), sorted like `spec/*.rst`.
fn spec_files(case: &str) -> Vec<(String, String)> {
    let dir = cases_dir().join(case);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".rst"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = fs::read_to_string(dir.join(&n)).expect("spec file is UTF-8");
            (format!("{CASES}/{case}/{n}"), text)
        })
        .collect()
}

/// Parses, checks and renders a case, as `pipeline::generate` does for `spec/`. Every output,
/// the spec-independent ones included.
fn generate(case: &str) -> Result<Vec<Output>, String> {
    let files = spec_files(case);
    if files.is_empty() {
        return Err(format!("case {case} has no *.rst spec file"));
    }
    let (mut spec, mut diags) = pipeline::parse_texts(&files);
    diags.extend(check::check(&mut spec, real_sdk()));
    if !diags.is_empty() {
        let all: Vec<String> = diags.iter().map(|d| format!("  {d}")).collect();
        return Err(format!(
            "case {case} must parse and check cleanly:\n{}",
            all.join("\n")
        ));
    }
    emit::all(&Model::build(&spec), real_sdk())
        .map_err(|e| format!("case {case}: emitters failed: {e}"))
}

/// The outputs a case stores under `expected/`.
fn stored_outputs(case: &str) -> Result<Vec<Output>, String> {
    let mut outputs = generate(case)?;
    outputs.retain(|o| !SPEC_INDEPENDENT.contains(&o.path.as_str()));
    Ok(outputs)
}

/// Files under a case's `expected/`, as paths relative to it with `/` separators, sorted.
fn expected_files(case: &str) -> Vec<String> {
    let base = cases_dir().join(case).join(EXPECTED);
    let mut files = Vec::new();
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(&base).unwrap_or(&p);
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// The expected text of `path` for `case`: its own file, else the shared one.
fn expected_text(case: &str, path: &str) -> Option<String> {
    let own = cases_dir().join(case).join(EXPECTED).join(path);
    let shared = cases_dir().join(SHARED).join(EXPECTED).join(path);
    fs::read_to_string(own)
        .or_else(|_| fs::read_to_string(shared))
        .ok()
}

/// How many cases produce exactly `o`.
fn producers(all: &[(String, Vec<Output>)], o: &Output) -> usize {
    all.iter()
        .filter(|(_, outs)| {
            outs.iter()
                .any(|x| x.path == o.path && x.contents == o.contents)
        })
        .count()
}

/// Rewrites every `expected/`: per path, the text most cases produce (if two or more do) goes
/// to the shared directory, and each case keeps only what differs from it.
fn bless_all(all: &[(String, Vec<Output>)]) {
    let mut shared: Vec<Output> = Vec::new();
    for o in all.iter().flat_map(|(_, outs)| outs) {
        if shared.iter().any(|s| s.path == o.path) {
            continue;
        }
        let best = all
            .iter()
            .flat_map(|(_, outs)| outs.iter().filter(|x| x.path == o.path))
            .max_by_key(|x| producers(all, x))
            .filter(|x| producers(all, x) >= 2);
        shared.extend(best.cloned());
    }
    write_expected(SHARED, &shared);
    for (case, outputs) in all {
        let own: Vec<Output> = outputs
            .iter()
            .filter(|o| {
                !shared
                    .iter()
                    .any(|s| s.path == o.path && s.contents == o.contents)
            })
            .cloned()
            .collect();
        write_expected(case, &own);
    }
}

fn write_expected(case: &str, outputs: &[Output]) {
    let base = cases_dir().join(case).join(EXPECTED);
    if base.exists() {
        fs::remove_dir_all(&base).expect("can clear the expected files");
    }
    for o in outputs {
        let path = base.join(&o.path);
        fs::create_dir_all(path.parent().expect("an output path has a directory"))
            .expect("can create the expected directory");
        fs::write(&path, &o.contents).expect("can write an expected file");
    }
}

#[test]
fn every_case_renders_its_blessed_outputs() {
    let mut failures = Vec::new();
    let mut all = Vec::new();
    for case in case_names() {
        match stored_outputs(&case) {
            Ok(o) => all.push((case, o)),
            Err(e) => failures.push(e),
        }
    }
    if blessing() && failures.is_empty() {
        bless_all(&all);
        return;
    }
    for (case, outputs) in &all {
        for o in outputs {
            let shown = format!("{CASES}/{case}/{EXPECTED}/{} (or {SHARED}/)", o.path);
            match expected_text(case, &o.path) {
                Some(expected) if expected == o.contents => {}
                Some(expected) => failures.push(format!(
                    "{shown} differs from the emitter output:\n{}",
                    first_difference(&expected, &o.contents)
                )),
                None => failures.push(format!("{shown} is missing (never blessed)")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the new output is right, re-bless with: {BLESS}",
        failures.join("\n")
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let n = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    if n == e.len() && n == a.len() {
        // Same lines: only the final newline differs.
        return format!(
            "  the files differ only at the end: expected ends {:?}, actual ends {:?}",
            expected.chars().last(),
            actual.chars().last()
        );
    }
    format!(
        "  line {}: expected {:?}\n  line {}: actual   {:?}",
        n + 1,
        e.get(n).unwrap_or(&"<end of file>"),
        n + 1,
        a.get(n).unwrap_or(&"<end of file>")
    )
}

/// An expected file that no emitter writes any more would never be compared again.
#[test]
fn no_case_has_stale_expected_files() {
    if blessing() {
        // Blessing rewrites each `expected/` from scratch, concurrently with this test.
        return;
    }
    let mut stale = Vec::new();
    for case in case_names() {
        let Ok(outputs) = stored_outputs(&case) else {
            continue; // every_case_renders_its_blessed_outputs reports it
        };
        for f in expected_files(&case) {
            if !outputs.iter().any(|o| o.path == f) {
                stale.push(format!("{CASES}/{case}/{EXPECTED}/{f}"));
            }
        }
    }
    for f in expected_files(SHARED) {
        let used = case_names()
            .iter()
            .any(|c| stored_outputs(c).is_ok_and(|outs| outs.iter().any(|o| o.path == f)));
        if !used {
            stale.push(format!("{CASES}/{SHARED}/{EXPECTED}/{f}"));
        }
    }
    assert!(
        stale.is_empty(),
        "expected files that no emitter produces:\n  {}\nre-bless with {BLESS} (it removes them)",
        stale.join("\n  ")
    );
}

#[test]
fn cases_are_all_blessed() {
    if blessing() {
        return;
    }
    for case in case_names() {
        let Ok(outputs) = stored_outputs(&case) else {
            continue; // every_case_renders_its_blessed_outputs reports it
        };
        for o in &outputs {
            assert!(
                expected_text(&case, &o.path).is_some(),
                "missing {CASES}/{case}/{EXPECTED}/{}; run {BLESS}",
                o.path
            );
        }
    }
}

#[test]
fn spec_independent_outputs_are_the_same_for_every_case() {
    let mut first: Vec<(String, Output)> = Vec::new();
    for case in case_names() {
        let Ok(outputs) = generate(&case) else {
            continue; // every_case_renders_its_blessed_outputs reports it
        };
        for path in SPEC_INDEPENDENT {
            let o = outputs
                .iter()
                .find(|o| o.path == *path)
                .unwrap_or_else(|| panic!("case {case}: no emitter writes {path} any more"));
            match first.iter().find(|(_, f)| f.path == o.path) {
                Some((c, f)) => assert!(
                    f.contents == o.contents,
                    "{path} differs between cases {c} and {case}; it depends on the spec, so \
                     remove it from SPEC_INDEPENDENT and re-bless with {BLESS}"
                ),
                None => first.push((case.clone(), o.clone())),
            }
        }
    }
}

/// Optional parameters nest their brackets, and the separator goes inside the bracket, also
/// when the first parameter is the optional one.
#[test]
fn lua_signature_brackets_optional_parameters() {
    let files = spec_files("optional_params");
    let [(name, text)] = files.as_slice() else {
        panic!("optional_params has one spec file");
    };
    let (module, diags) = rst::parse(name, text);
    assert!(diags.is_empty(), "{diags:?}");
    let model = Model::build(&Spec {
        modules: vec![module],
    });
    let signatures: Vec<&str> = model.modules[0]
        .functions
        .iter()
        .map(glue::lua_signature)
        .collect();
    assert_eq!(
        signatures,
        [
            "Steam.sockets.connectByIPAddress(address [, options])",
            "Steam.sockets.closeConnection(connection [, linger [, reason [, debug]]])",
            "Steam.sockets.createSocketPair([useNetworkLoopback])",
        ]
    );
    let core = "Core\n====\n\nFunction Reference\n------------------\n\n\
                .. function:: init()\n\n    :returns: nothing\n\n    Starts.\n";
    let (core, diags) = rst::parse("core.rst", core);
    assert!(diags.is_empty(), "{diags:?}");
    let model = Model::build(&Spec {
        modules: vec![core],
    });
    assert_eq!(
        glue::lua_signature(&model.modules[0].functions[0]),
        "Steam.init()"
    );
}
