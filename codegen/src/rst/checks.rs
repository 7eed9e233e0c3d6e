//! Whole-file consistency checks that need every function parsed first.

use super::blocks::Pos;
use super::lines::{Ctx, Line};
use crate::ir::{Module, Span};
use std::collections::HashMap;

/// `List of Functions` must name exactly the documented functions (callbacks and methods may
/// be listed).
pub fn listed(ctx: &mut Ctx, m: &Module, listed: Option<&[(String, Pos)]>) {
    let Some(listed) = listed else { return };
    let documented = |q: &str| {
        m.functions
            .iter()
            .chain(&m.callbacks)
            .chain(&m.methods)
            .any(|f| f.qualified == q)
    };
    for (name, pos) in listed {
        if !documented(name) {
            let msg = format!("`{name}` is in the List of Functions but is not documented");
            ctx.warning(pos.line, pos.col, msg);
        }
    }
    for f in &m.functions {
        if !listed.iter().any(|(n, _)| *n == f.qualified) {
            let msg = format!(
                "`{}` is documented but missing from the List of Functions",
                f.qualified
            );
            ctx.warning(f.span.line, f.span.col, msg);
        }
    }
}

pub fn duplicates(ctx: &mut Ctx, m: &Module) {
    let mut seen: HashMap<&str, &Span> = HashMap::new();
    for f in m.functions.iter().chain(&m.callbacks).chain(&m.methods) {
        if let Some(first) = seen.get(f.qualified.as_str()) {
            let msg = format!(
                "`{}` is documented twice (first at line {})",
                f.qualified, first.line
            );
            ctx.error(f.span.line, f.span.col, msg);
        } else {
            seen.insert(&f.qualified, &f.span);
        }
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for d in &m.data {
        if let Some(line) = names.insert(&d.name, d.span.line) {
            ctx.error(
                d.span.line,
                d.span.col,
                format!(
                    "constant `{}` is documented twice (first at line {line})",
                    d.name
                ),
            );
        }
    }
}

/// The same parameter or callback-data name should mean the same type across a file; the
/// seed documents `connection` both as an integer parameter and as a string field.
pub fn consistent_types(ctx: &mut Ctx, m: &Module) {
    let mut first: HashMap<&str, (&str, &str, usize)> = HashMap::new();
    for f in m.functions.iter().chain(&m.callbacks).chain(&m.methods) {
        // A callback's data table only carries its fields; its own name says nothing.
        let params = f
            .params
            .iter()
            .filter(|p| p.fields.is_empty())
            .map(|p| (p.name.as_str(), p.ty.as_str(), &p.span));
        let fields = f.params.iter().flat_map(|p| &p.fields);
        let fields = fields.map(|x| (x.name.as_str(), x.ty.as_str(), &x.span));
        for (name, ty, span) in params.chain(fields) {
            match first.get(name) {
                Some(&(t, q, line)) if t != ty => {
                    let msg = format!("`{name}` is `{ty}` here but `{t}` in `{q}` (line {line})");
                    ctx.warning(span.line, span.col, msg);
                }
                Some(_) => {}
                None => {
                    first.insert(name, (ty, &f.qualified, span.line));
                }
            }
        }
    }
}

/// Placeholders left in the text are worth a warning each.
pub fn placeholders(ctx: &mut Ctx, lines: &[Line]) {
    const MARKERS: &[(&str, &str)] = &[
        ("**TODO**", "placeholder `**TODO**` in the text"),
        ("NOT IMPLEMENTED", "the text says `NOT IMPLEMENTED`"),
    ];
    for l in lines {
        for (marker, msg) in MARKERS {
            for (off, _) in l.text.match_indices(marker) {
                ctx.warning(l.no, l.col_at(off), *msg);
            }
        }
    }
}
