//! Golden tests of the RST parser: each `tests/fixtures/NAME.rst` has the spec it parses to
//! (`NAME.spec.json`) and the diagnostics it produces (`NAME.diagnostics.txt`).

use luasteam_codegen::ir::Spec;
use luasteam_codegen::rst;
use std::fs;
use std::path::{Path, PathBuf};

const BLESS: &str = "LUASTEAM_BLESS=1 cargo test -p luasteam-codegen --test fixtures";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// What the parser makes of one fixture, in the form the expected files hold.
fn render(name: &str, text: &str) -> (String, String) {
    let (module, diags) = rst::parse(&format!("tests/fixtures/{name}.rst"), text);
    let spec = Spec {
        modules: vec![module],
    };
    let json = serde_json::to_string_pretty(&spec).expect("the spec always serialises") + "\n";
    let diags: String = diags.iter().map(|d| format!("{d}\n")).collect();
    (json, diags)
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".rst")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_parses_to_its_blessed_spec_and_diagnostics() {
    let bless = std::env::var("LUASTEAM_BLESS").is_ok_and(|v| v == "1");
    let dir = fixtures_dir();
    let mut failures = Vec::new();
    for name in fixture_names() {
        let text = fs::read_to_string(dir.join(format!("{name}.rst"))).expect("fixture is UTF-8");
        let (json, diags) = render(&name, &text);
        for (ext, actual) in [("spec.json", &json), ("diagnostics.txt", &diags)] {
            let path = dir.join(format!("{name}.{ext}"));
            if bless {
                fs::write(&path, actual).expect("can write expected file");
                continue;
            }
            let expected = fs::read_to_string(&path).unwrap_or_default();
            if &expected != actual {
                failures.push(format!(
                    "tests/fixtures/{name}.{ext} differs from the parser output:\n{}",
                    first_difference(&expected, actual)
                ));
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
    format!(
        "  line {}: expected {:?}\n  line {}: actual   {:?}",
        n + 1,
        e.get(n).unwrap_or(&"<end of file>"),
        n + 1,
        a.get(n).unwrap_or(&"<end of file>")
    )
}

/// The seed is the user's original page; these facts were checked by hand against it.
#[test]
fn seed_has_five_functions_one_callback_and_typed_close_connection() {
    let text = fs::read_to_string(fixtures_dir().join("seed.rst")).expect("seed fixture");
    let (m, diags) = rst::parse("tests/fixtures/seed.rst", &text);
    assert!(
        !diags.iter().any(|d| d.is_error()),
        "the seed must parse without errors"
    );
    assert_eq!(
        (m.name.as_str(), m.functions.len(), m.callbacks.len()),
        ("sockets", 5, 1)
    );
    let close = m
        .functions
        .iter()
        .find(|f| f.name == "closeConnection")
        .expect("closeConnection");
    let params: Vec<(&str, &str)> = close
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.ty.as_str()))
        .collect();
    assert_eq!(
        params,
        [("connection", "integer"), ("bEnableLinger", "boolean")]
    );
    assert!(close.returns.is_empty());
    let data = &m.callbacks[0].params[0];
    assert_eq!(data.fields.len(), 3);
    assert_eq!(data.fields[1].values.len(), 6);
}

#[test]
fn fixtures_are_all_blessed() {
    let dir = fixtures_dir();
    for name in fixture_names() {
        for ext in ["spec.json", "diagnostics.txt"] {
            assert!(
                dir.join(format!("{name}.{ext}")).is_file(),
                "missing {name}.{ext}; run {BLESS}"
            );
        }
    }
}
