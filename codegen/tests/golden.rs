//! The committed generated files are exactly what spec/ generates today.

use luasteam_codegen::diag::has_errors;
use luasteam_codegen::pipeline::{self, REGENERATE};
use std::path::Path;

#[test]
fn committed_generated_files_match_a_fresh_generation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let gen = pipeline::generate(&root, None).expect("generation runs");
    let errors: Vec<String> = gen
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(
        !has_errors(&gen.diagnostics),
        "spec/ has errors:\n{}",
        errors.join("\n")
    );
    let diffs = pipeline::differences(&root, &gen.outputs);
    assert!(
        diffs.is_empty(),
        "generated files are out of date: {}\nrun `{REGENERATE}` and commit the result",
        diffs.join(", ")
    );
}

#[test]
fn the_repository_spec_has_no_warnings_either() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let gen = pipeline::generate(&root, None).expect("generation runs");
    let all: Vec<String> = gen.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(all.is_empty(), "spec/ diagnostics:\n{}", all.join("\n"));
}
