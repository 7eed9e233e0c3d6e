//! Description passes: examples and `Possible values` lists leave the description text.

use super::blocks::{Item, Raw};
use super::fields;
use super::lines::{squash, Ctx};
use crate::ir::Param;

/// True for the paragraph that introduces an example literal block.
pub fn is_example_intro(text: &str) -> bool {
    matches!(
        text,
        "**Example**::" | "**Examples**::" | "Example::" | "Examples::"
    )
}

/// Moves `**Example**::` paragraphs and their literal blocks into `examples`.
pub fn take_examples(raws: Vec<Raw>, examples: &mut Vec<String>) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut it = raws.into_iter().peekable();
    while let Some(r) = it.next() {
        if let Raw::Para { text, .. } = &r {
            if is_example_intro(text) {
                if let Some(Raw::Literal { text, .. }) = it.peek() {
                    examples.push(text.clone());
                    it.next();
                    continue;
                }
            }
        }
        out.push(r);
    }
    out
}

/// Moves `Possible values for **p.f** are:` lists onto the fields they name.
pub fn take_values(ctx: &mut Ctx, raws: Vec<Raw>, params: &mut [Param]) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut it = raws.into_iter().peekable();
    while let Some(r) = it.next() {
        let Raw::Para { text, pos } = &r else {
            out.push(r);
            continue;
        };
        let Some(targets) = fields::possible_values_targets(text) else {
            out.push(r);
            continue;
        };
        let Some(Raw::Bullets { items }) = it.peek() else {
            ctx.error(
                pos.line,
                pos.col,
                "`Possible values ... are:` must be followed by a bullet list",
            );
            continue;
        };
        let values = value_list(items);
        it.next();
        if targets.is_empty() {
            ctx.error(
                pos.line,
                pos.col,
                "`Possible values for` names no **field**",
            );
        }
        for t in targets {
            let field = t.split_once('.').and_then(|(p, name)| {
                let param = params.iter_mut().find(|x| x.name == p)?;
                param.fields.iter_mut().find(|x| x.name == name)
            });
            match field {
                Some(fl) => fl.values = values.clone(),
                None => ctx.error(
                    pos.line,
                    pos.col,
                    format!("possible values for `{t}`: no such documented field"),
                ),
            }
        }
    }
    out
}

/// Bullet items as enumerated values (``Name`` quoting removed).
pub fn value_list(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| squash(&i.text).trim_matches('`').to_string())
        .collect()
}
