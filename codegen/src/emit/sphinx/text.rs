//! RST text for the pieces of a reference page, in the dialect of docs/dialect.rst.
//!
//! Every function returns lines without a trailing newline and without indentation of its
//! own; the caller indents, so one renderer serves both column 0 and directive bodies.

use crate::model::{Block, Entry, Field, LuaType, Param, Return};

/// Prefixes every non-empty line, leaving blank lines empty (no trailing whitespace).
pub fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes the indentation common to all non-empty lines.
pub fn dedent(text: &str) -> String {
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                l.get(common..).unwrap_or(l.trim_start())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// Longest line of a generated page, as in the spec files.
const MAX_WIDTH: usize = 100;

/// Wraps one-line text at single spaces so that, starting at column `first` and continuing at
/// column `rest`, no line passes [`MAX_WIDTH`]. The parser joins the lines back with one space,
/// so text with runs of spaces, or already on several lines, is left alone.
pub fn wrap(text: &str, first: usize, rest: usize) -> String {
    if text.contains('\n') || text.contains("  ") {
        return text.to_string();
    }
    let mut lines: Vec<String> = vec![String::new()];
    let mut col = first;
    for word in text.split(' ') {
        let line = lines.last_mut().map(|l| l.len()).unwrap_or(0);
        if line > 0 && col + line + 1 + word.len() > MAX_WIDTH {
            lines.push(String::new());
            col = rest;
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines.join("\n")
}

/// `head` at column `col` followed by `body`, wrapped; later lines hang `width` columns deeper.
pub fn hanging_at(head: &str, body: &str, width: usize, col: usize) -> String {
    hanging(
        head,
        &wrap(body.trim(), col + head.len(), col + width),
        width,
    )
}

/// `head` followed by `body`'s first line; later lines hang `width` columns deeper.
pub fn hanging(head: &str, body: &str, width: usize) -> String {
    let body = body.trim();
    let mut lines = body.lines();
    let first = lines.next().unwrap_or("");
    let rest = dedent(&lines.collect::<Vec<_>>().join("\n"));
    let mut out = if first.is_empty() {
        head.trim_end().to_string()
    } else {
        format!("{head}{first}")
    };
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(&indent(&rest, &" ".repeat(width)));
    }
    out
}

/// Description blocks separated by blank lines.
pub fn blocks(blocks: &[Block]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut after_colons = false;
    for b in blocks {
        parts.push(block(b, after_colons));
        after_colons = matches!(b, Block::Paragraph { text } if text.trim_end().ends_with("::"));
    }
    parts.join("\n\n")
}

fn block(b: &Block, after_colons: bool) -> String {
    match b {
        Block::Paragraph { text } => dedent(text),
        Block::Bullets { items } => items
            .iter()
            .map(|i| hanging("* ", i, 2))
            .collect::<Vec<_>>()
            .join("\n"),
        // A literal block needs a `::` before it; a paragraph ending in one already gave it.
        Block::Literal { text } if after_colons => indent(&dedent(text), "    "),
        Block::Literal { text } => format!("::\n\n{}", indent(&dedent(text), "    ")),
        Block::Admonition {
            name,
            blocks: inner,
        } => {
            format!(".. {name}::\n\n{}", indent(&blocks(inner), "    "))
        }
    }
}

/// A type as written in the dialect: `integer`, `table?`.
pub fn type_text(ty: &LuaType) -> String {
    if ty.is_optional() {
        format!("{}?", ty.spec_name())
    } else {
        ty.spec_name().to_string()
    }
}

/// `**Name** (`type`) text` for a table field or an option key.
pub fn field_bullet(label: &str, f: &Field, col: usize) -> String {
    let head = format!("* **{label}** (`{}`) ", type_text(&f.ty));
    hanging_at(&head, &f.description, 2, col)
}

fn param(p: &Param) -> String {
    let head = format!(":param {} {}: ", type_text(&p.ty), p.name);
    let mut out = hanging_at(&head, &p.description, 4, 4);
    push_field_bullets(&mut out, &p.name, p.ty.fields());
    out
}

/// The nested `* **table.name** (`type`) text` bullets below a field-list entry.
fn push_field_bullets(out: &mut String, table: &str, fields: &[Field]) {
    if fields.is_empty() {
        return;
    }
    let bullets: Vec<String> = fields
        .iter()
        .map(|f| field_bullet(&format!("{table}.{}", f.name), f, 8))
        .collect();
    out.push_str("\n\n");
    out.push_str(&indent(&bullets.join("\n"), "    "));
    // A field after a nested list must be separated from it by a blank line.
    out.push('\n');
}

fn returns(r: &Return) -> String {
    let mut text = r.description.trim().to_string();
    let values = r.ty.values();
    let listed = format!("``{}``", values.join(" | "));
    if !values.is_empty() && !text.contains(&listed) {
        text = if text.is_empty() {
            listed
        } else {
            format!("{text} {listed}")
        };
    }
    let mut out = hanging_at(&format!(":returns: (`{}`) ", type_text(&r.ty)), &text, 4, 4);
    push_field_bullets(&mut out, &r.name, r.ty.fields());
    out
}

/// The field list of a directive: params, returns, fails, SteamWorks, backends.
pub fn field_list(f: &Entry) -> String {
    let mut lines: Vec<String> = f.params.iter().map(param).collect();
    if f.returns.is_empty() {
        lines.push(":returns: nothing".to_string());
    }
    lines.extend(f.returns.iter().map(returns));
    if let Some(fails) = &f.fails {
        lines.push(hanging_at(":fails: ", fails, 4, 4));
    }
    if let Some(link) = &f.steamworks {
        lines.push(format!(":SteamWorks: `{} <{}>`_", link.name, link.url));
    }
    if !f.backends.is_empty() {
        lines.push(format!(":backends: {}", f.backends.join(", ")));
    }
    if f.before_init {
        lines.push(":before-init:".to_string());
    }
    lines.join("\n")
}

/// "Possible values for **data.a** and **data.b** are:" lists, one per distinct value set,
/// in the order the fields are documented.
pub fn possible_values(f: &Entry) -> String {
    let mut groups: Vec<(Vec<String>, &[String])> = Vec::new();
    let params = f.params.iter().map(|p| (&p.name, p.ty.fields()));
    let returns = f.returns.iter().map(|r| (&r.name, r.ty.fields()));
    for (table, fields) in params.chain(returns) {
        for field in fields.iter().filter(|x| !x.ty.values().is_empty()) {
            let label = format!("**{table}.{}**", field.name);
            let values = field.ty.values();
            match groups.iter_mut().find(|(_, v)| *v == values) {
                Some((labels, _)) => labels.push(label),
                None => groups.push((vec![label], values)),
            }
        }
    }
    groups
        .iter()
        .map(|(labels, values)| {
            let items: Vec<String> = values.iter().map(|v| format!("    * {v}")).collect();
            format!(
                "Possible values for {} are:\n{}",
                labels.join(" and "),
                items.join("\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A section title underlined with `rule`, as long as the title.
pub fn title(text: &str, rule: char) -> String {
    format!(
        "{text}\n{}",
        rule.to_string().repeat(text.chars().count().max(1))
    )
}
