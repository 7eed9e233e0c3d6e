//! Description passes: examples and `Possible values` lists leave the description text.

use super::blocks::{Item, Raw};
use super::fields;
use super::lines::{squash, Ctx};
use crate::ir::{Field, Param, Return};

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

/// Moves `Possible values for **p.f** are:` lists onto the fields they name: fields of a
/// table parameter `p`, or of a returned table whose bullets are written `**p.f**`.
pub fn take_values(
    ctx: &mut Ctx,
    raws: Vec<Raw>,
    params: &mut [Param],
    returns: &mut [Return],
) -> Vec<Raw> {
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
            let field = t
                .split_once('.')
                .and_then(|(p, name)| named_field(params, returns, p, name));
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

fn named_field<'a>(
    params: &'a mut [Param],
    returns: &'a mut [Return],
    table: &str,
    name: &str,
) -> Option<&'a mut Field> {
    let fields = match params.iter_mut().find(|x| x.name == table) {
        Some(p) => &mut p.fields,
        None => {
            &mut returns
                .iter_mut()
                .find(|r| !r.name.is_empty() && r.name == table)?
                .fields
        }
    };
    fields.iter_mut().find(|x| x.name == name)
}

/// The note the reference pages show for a function with `:backends:`; it says what the field
/// says, so the parser drops it again (the pages parse back to the spec they came from).
pub fn backends_note(backends: &[String]) -> Option<String> {
    (!backends.is_empty())
        .then(|| format!("Only available on the {} backend.", backends.join(", ")))
}

/// Removes a ``.. note::`` that only repeats the `:backends:` field.
pub fn take_backends_note(raws: Vec<Raw>, backends: &[String]) -> Vec<Raw> {
    let Some(note) = backends_note(backends) else {
        return raws;
    };
    let repeats = |r: &Raw| match r {
        Raw::Admonition { name, body, .. } if name == "note" => {
            matches!(body.as_slice(), [Raw::Para { text, .. }] if squash(text) == note)
        }
        _ => false,
    };
    raws.into_iter().filter(|r| !repeats(r)).collect()
}
