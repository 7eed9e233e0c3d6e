//! Parser for luasteam's RST dialect (see docs/dialect.rst).
//!
//! A hand-written, line-based reader of the small RST subset the dialect allows:
//! [`lines`] expands tabs and tracks positions, [`document`] walks titles and sections,
//! [`directive`] reads `.. function::` entries, [`blocks`] reads free text, [`reference`]
//! handles the sections with meaning and the whole-file checks.

mod blocks;
mod checks;
mod description;
mod directive;
mod document;
mod fields;
mod lines;
mod reference;
mod tables;
mod types;

pub use description::backends_note;

use crate::diag::Diagnostic;
use crate::ir::Module;

/// Parses one RST file. Always returns what it could understand, plus every problem found,
/// sorted by position.
pub fn parse(file: &str, text: &str) -> (Module, Vec<Diagnostic>) {
    parse_in(lines::Ctx::new(file), text)
}

/// Parses one RST file as read from disk: like [`parse`], plus an error at the first byte
/// that is not UTF-8 (the rest is parsed with U+FFFD in its place).
pub fn parse_bytes(file: &str, bytes: &[u8]) -> (Module, Vec<Diagnostic>) {
    let mut ctx = lines::Ctx::new(file);
    let text = lines::decode(&mut ctx, bytes);
    parse_in(ctx, &text)
}

fn parse_in(mut ctx: lines::Ctx, text: &str) -> (Module, Vec<Diagnostic>) {
    let lines = lines::split(text);
    let module = document::parse(&mut ctx, &lines);
    let mut diags = ctx.diags;
    diags.sort_by_key(|d| (d.span.line, d.span.col));
    (module, diags)
}

#[cfg(test)]
mod tests;
