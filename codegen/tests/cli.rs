//! The command line on bad input: unreadable files, invalid UTF-8 (running the real binary),
//! and line endings and byte order marks (parser level).

use luasteam_codegen::ir::Spec;
use luasteam_codegen::rst;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_luasteam-codegen");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(repo().join("tests/fixtures").join(name)).expect("fixture exists")
}

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{test}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("can create a scratch directory");
    dir
}

/// A checkout-shaped directory: spec/ holding `files` (name, contents) and a Cargo.toml.
fn checkout(test: &str, files: &[(&str, Vec<u8>)]) -> PathBuf {
    let root = scratch(test);
    fs::create_dir_all(root.join("spec")).unwrap();
    fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    for (name, bytes) in files {
        fs::write(root.join("spec").join(name), bytes).unwrap();
    }
    root
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Exit code 1, exactly one line `PATH: error: cannot read: REASON` and no other error line.
fn assert_one_cannot_read(out: &Output, path: &str) {
    let lines = stderr_lines(out);
    assert_eq!(out.status.code(), Some(1), "stderr: {lines:#?}");
    let prefix = format!("{path}: error: cannot read: ");
    let hits: Vec<&String> = lines.iter().filter(|l| l.contains(path)).collect();
    assert_eq!(hits.len(), 1, "one line about {path}: {lines:#?}");
    assert!(hits[0].starts_with(&prefix), "{lines:#?}");
    assert!(
        hits[0].len() > prefix.len(),
        "a reason is given: {lines:#?}"
    );
    assert!(!hits[0].contains("os error"), "{lines:#?}");
    let errors = lines.iter().filter(|l| l.contains("error")).count();
    assert_eq!(errors, 1, "no other error line: {lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("panicked")), "{lines:#?}");
}

#[test]
fn spec_with_a_missing_file_prints_one_line_and_exits_1() {
    let dir = scratch("spec-missing");
    let out = run(&dir, &["spec", "missing.rst"]);
    assert_one_cannot_read(&out, "missing.rst");
    assert_eq!(stderr_lines(&out).len(), 1);
    assert!(
        out.stdout.is_empty(),
        "no spec printed for a file that is not there"
    );
}

#[test]
fn spec_reports_every_unreadable_file_once_and_still_reads_the_others() {
    let dir = scratch("spec-several");
    fs::write(dir.join("ok.rst"), fixture("minimal.rst")).unwrap();
    fs::write(dir.join("bad.rst"), fixture("malformed.rst")).unwrap();
    fs::create_dir(dir.join("adir.rst")).unwrap();
    let args = ["spec", "ok.rst", "gone.rst", "bad.rst", "adir.rst"];
    let out = run(&dir, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no partial spec printed");
    let lines = stderr_lines(&out);
    let cannot: Vec<&String> = lines.iter().filter(|l| l.contains("cannot read")).collect();
    assert_eq!(cannot.len(), 2, "{lines:#?}");
    assert!(cannot[0].starts_with("gone.rst: error: cannot read: "));
    assert!(cannot[1].starts_with("adir.rst: error: cannot read: "));
    // The readable files were parsed: malformed.rst's own errors are shown too.
    assert!(lines.contains(&"bad.rst:1:1: error: content before the document title".into()));
}

#[test]
fn generate_with_an_unreadable_spec_file_prints_one_line_exits_1_and_writes_nothing() {
    let root = checkout(
        "generate-unreadable",
        &[("core.rst", fixture("minimal.rst"))],
    );
    // A directory where a spec file should be: read_dir lists it, reading it fails.
    fs::create_dir(root.join("spec/broken.rst")).unwrap();
    // No SDK is given: an unreadable spec stops before the SDK is needed.
    let out = run(&root, &["generate", "--root", "."]);
    assert_one_cannot_read(&out, "spec/broken.rst");
    assert!(!root.join("generated").exists(), "nothing written");
}

#[test]
fn check_with_an_unreadable_spec_file_prints_one_line_and_exits_1() {
    let root = checkout("check-unreadable", &[("core.rst", fixture("minimal.rst"))]);
    fs::create_dir(root.join("spec/broken.rst")).unwrap();
    let out = run(&root, &["check", "--root", "."]);
    assert_one_cannot_read(&out, "spec/broken.rst");
    let lines = stderr_lines(&out);
    assert!(
        !lines.iter().any(|l| l.contains("run `")),
        "regenerating cannot fix an unreadable file: {lines:#?}"
    );
}

#[cfg(unix)]
#[test]
fn generate_with_a_dangling_symlink_in_spec_prints_one_line() {
    let root = checkout("generate-dangling", &[("core.rst", fixture("minimal.rst"))]);
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("spec/gone.rst")).unwrap();
    let out = run(&root, &["generate", "--root", "."]);
    assert_one_cannot_read(&out, "spec/gone.rst");
}

/// minimal.rst with the last paragraph's "app" as Latin-1 "épp": the bad byte is at line 12,
/// column 17 (after the 4-space indent and "Returns the ").
fn minimal_with_latin1() -> Vec<u8> {
    let text = String::from_utf8(fixture("minimal.rst")).unwrap();
    assert!(text.lines().nth(11) == Some("    Returns the app id."));
    text.replace("Returns the app id.", "Returns the \u{1}pp id.")
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect()
}

#[test]
fn spec_with_invalid_utf8_is_an_error_at_the_first_bad_byte() {
    let dir = scratch("spec-utf8");
    fs::write(dir.join("bad.rst"), minimal_with_latin1()).unwrap();
    let out = run(&dir, &["spec", "bad.rst"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&out),
        ["bad.rst:12:17: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8"]
    );
}

#[test]
fn spec_counts_the_invalid_utf8_column_after_tabs_and_without_the_bom() {
    let dir = scratch("spec-utf8-columns");
    fs::write(dir.join("bom.rst"), b"\xef\xbb\xbfSt\xffeam\n=====\n").unwrap();
    fs::write(dir.join("tab.rst"), b"Steam\r=====\r\r\tx\xfe\r").unwrap();
    let out = run(&dir, &["spec", "bom.rst", "tab.rst"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stderr_lines(&out);
    let utf8: Vec<&String> = lines.iter().filter(|l| l.contains("UTF-8")).collect();
    assert_eq!(utf8.len(), 2, "{lines:#?}");
    assert!(utf8[0].starts_with("bom.rst:1:3: error: invalid UTF-8"));
    assert!(utf8[1].starts_with("tab.rst:4:10: error: invalid UTF-8"));
}

#[test]
fn generate_with_invalid_utf8_fails_and_writes_nothing() {
    let sdk = luasteam_codegen::sdk::locate(&repo()).expect("steam_api.json is found");
    let root = checkout("generate-utf8", &[("core.rst", minimal_with_latin1())]);
    let out = run(
        &root,
        &["generate", "--root", ".", "--sdk", sdk.to_str().unwrap()],
    );
    let lines = stderr_lines(&out);
    assert_eq!(out.status.code(), Some(1), "{lines:#?}");
    let utf8: Vec<&String> = lines.iter().filter(|l| l.contains("UTF-8")).collect();
    assert_eq!(utf8.len(), 1, "{lines:#?}");
    assert!(utf8[0].starts_with("spec/core.rst:12:17: error: invalid UTF-8"));
    assert!(!root.join("generated").exists(), "nothing written");
}

/// The spec JSON and rendered diagnostics for one file's bytes, under one name.
fn parsed(bytes: &[u8]) -> (String, Vec<String>) {
    let (module, diags) = rst::parse_bytes("f.rst", bytes);
    let spec = Spec {
        modules: vec![module],
    };
    let json = serde_json::to_string_pretty(&spec).unwrap();
    (json, diags.iter().map(|d| d.to_string()).collect())
}

/// `bytes` (LF endings) with CRLF, CR-only endings, a BOM, and both.
fn variants(lf: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let text = String::from_utf8(lf.to_vec()).unwrap();
    assert!(!text.contains('\r'));
    let crlf = text.replace('\n', "\r\n");
    let cr = text.replace('\n', "\r");
    let bom = |t: &str| format!("\u{feff}{t}").into_bytes();
    vec![
        ("CRLF", crlf.clone().into_bytes()),
        ("CR", cr.clone().into_bytes()),
        ("BOM", bom(&text)),
        ("BOM+CRLF", bom(&crlf)),
        ("BOM+CR", bom(&cr)),
    ]
}

#[test]
fn crlf_cr_and_bom_parse_to_the_same_spec_and_diagnostics_as_lf() {
    // malformed.rst has diagnostics, one at 1:1, so positions are compared too.
    for name in ["minimal.rst", "malformed.rst", "callbacks.rst"] {
        let lf = fixture(name);
        let want = parsed(&lf);
        for (kind, bytes) in variants(&lf) {
            assert_eq!(parsed(&bytes), want, "{name} with {kind}");
            let text = String::from_utf8(bytes).unwrap();
            let (module, diags) = rst::parse("f.rst", &text);
            let spec = Spec {
                modules: vec![module],
            };
            let json = serde_json::to_string_pretty(&spec).unwrap();
            let diags: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            assert_eq!((json, diags), want, "{name} with {kind}, parsed as text");
        }
    }
    assert!(!parsed(&fixture("malformed.rst")).1.is_empty());
}

#[test]
fn spec_command_prints_the_same_json_for_crlf_cr_and_bom() {
    let dir = scratch("spec-endings");
    let lf = fixture("minimal.rst");
    fs::write(dir.join("f.rst"), &lf).unwrap();
    let want = run(&dir, &["spec", "f.rst"]);
    assert_eq!(want.status.code(), Some(0));
    for (kind, bytes) in variants(&lf) {
        fs::write(dir.join("f.rst"), bytes).unwrap();
        let out = run(&dir, &["spec", "f.rst"]);
        assert_eq!(out.status.code(), Some(0), "{kind}");
        assert_eq!(out.stdout, want.stdout, "{kind}");
        assert!(out.stderr.is_empty(), "{kind}");
    }
}
