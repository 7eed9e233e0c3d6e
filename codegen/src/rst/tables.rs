//! Documented table fields: callback data bullets and returned tables.

use super::blocks::{Item, Raw};
use super::directive::raw_pos;
use super::fields;
use super::lines::{Ctx, Line};
use crate::ir::{Field, Function, Return};

pub fn is_nothing(text: &str) -> bool {
    text.trim_end_matches('.').eq_ignore_ascii_case("nothing")
}

/// `:returns: (`TYPE`) text`, optionally followed by field bullets for a returned table.
pub fn returns(
    ctx: &mut Ctx,
    f: &mut Function,
    line: &Line,
    text_col: usize,
    text: &str,
    extra: Vec<Raw>,
) {
    let t = match fields::typed_text(text) {
        Ok(t) => t,
        Err(e) => return ctx.error(line.no, text_col, e),
    };
    let mut r = Return {
        ty: t.ty.name,
        optional: t.ty.optional,
        values: fields::enum_values(&t.text),
        description: t.text,
        span: ctx.span(line.no, line.indent + 1),
        ..Return::default()
    };
    for raw in extra {
        match raw {
            Raw::Bullets { items } => {
                for item in &items {
                    table_field(ctx, item, &mut r.name, false, &mut r.fields);
                }
            }
            other => {
                let pos = raw_pos(&other).unwrap_or_default();
                ctx.error(
                    pos.line,
                    pos.col,
                    "only field bullets may follow `:returns:`",
                );
            }
        }
    }
    if !r.fields.is_empty() && r.ty != "table" {
        let msg = format!(
            "fields documented for a `{}` return value (only a `table` has fields)",
            r.ty
        );
        ctx.error(line.no, text_col, msg);
    }
    f.returns.push(r);
}

/// `* **data.NAME** (`TYPE`) text` below a table parameter (`fixed`: `prefix` is the
/// parameter's name) or a returned table (the first bullet sets `prefix`, e.g. `info`).
pub fn table_field(
    ctx: &mut Ctx,
    item: &Item,
    prefix: &mut String,
    fixed: bool,
    out: &mut Vec<Field>,
) {
    let text_col = item.pos.col + 2;
    let (full, typed) = match fields::bold_typed(&item.text) {
        Ok(x) => x,
        Err(e) => return ctx.error(item.pos.line, text_col, e),
    };
    let Some((head, name)) = full.split_once('.') else {
        let msg = format!(
            "field `{full}` needs the table's name: `**{}.{full}**`",
            if prefix.is_empty() { "t" } else { prefix }
        );
        return ctx.error(item.pos.line, text_col, msg);
    };
    if prefix.is_empty() && !fixed {
        *prefix = head.to_string();
    }
    if head != prefix {
        let what = if fixed {
            "the parameter name"
        } else {
            "the table name of the first field"
        };
        let msg = format!("field `{full}` does not start with {what} `{prefix}.`");
        return ctx.error(item.pos.line, text_col, msg);
    }
    if out.iter().any(|x| x.name == name) {
        return ctx.error(item.pos.line, text_col, format!("duplicate field `{full}`"));
    }
    out.push(Field {
        name: name.to_string(),
        ty: typed.ty.name,
        optional: typed.ty.optional,
        description: typed.text,
        values: Vec::new(),
        enum_name: None,
        span: ctx.span(item.pos.line, item.pos.col),
    });
}
