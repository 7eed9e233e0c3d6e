//! Generic body text: paragraphs, bullet lists, literal blocks and admonitions.
//!
//! Blocks keep their source position until the dialect-specific passes (examples, value
//! lists, callback fields) have used it; [`to_blocks`] then drops it for the spec.

use super::lines::{indented_end, Ctx, Line};
use crate::ir::Block;

/// Admonition directives kept as [`Block::Admonition`].
pub const ADMONITIONS: &[&str] = &[
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "tip",
    "warning",
    "seealso",
    "versionadded",
    "versionchanged",
    "deprecated",
];

/// Directives whose body is shown verbatim; the language argument is not kept.
const CODE: &[&str] = &["code-block", "code", "sourcecode"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn of(line: &Line) -> Pos {
        Pos {
            line: line.no,
            col: line.indent + 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// Source lines without their indentation, joined by `\n`.
    Para {
        text: String,
        pos: Pos,
    },
    Bullets {
        items: Vec<Item>,
    },
    Literal {
        text: String,
        pos: Pos,
    },
    Admonition {
        name: String,
        body: Vec<Raw>,
        pos: Pos,
    },
}

/// `.. name:: args` split into name and argument; `None` for comments and targets.
pub fn directive_head(content: &str) -> Option<(&str, &str)> {
    let rest = content.strip_prefix(".. ")?.trim_start();
    let sep = rest.find("::")?;
    let name = rest[..sep].trim();
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':');
    valid.then(|| (name, rest[sep + 2..].trim()))
}

/// `* text`, `- text` or `+ text`: the marker and the byte offset of the text.
pub fn bullet(content: &str) -> Option<(char, usize)> {
    let mut chars = content.chars();
    let marker = chars.next().filter(|c| matches!(c, '*' | '-' | '+'))?;
    let rest = &content[1..];
    if rest.is_empty() {
        return None;
    }
    let text = rest.trim_start_matches(' ');
    (text.len() < rest.len() && !text.is_empty()).then(|| (marker, content.len() - text.len()))
}

/// True for `:name: text` / `:name args: text`, the start of a field list entry.
pub fn is_field(content: &str) -> bool {
    let Some(rest) = content.strip_prefix(':') else {
        return false;
    };
    let Some(end) = rest.find(':') else {
        return false;
    };
    end > 0 && !rest.starts_with(' ') && matches!(rest[end + 1..].chars().next(), None | Some(' '))
}

/// Strips the common indentation of `lines` and joins them, without surrounding blank lines.
pub fn dedent(lines: &[Line]) -> String {
    let base = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = lines
        .iter()
        .map(|l| l.text.get(base..).unwrap_or(""))
        .collect();
    text.join("\n").trim_matches('\n').to_string()
}

/// Parses body text. Lines indented deeper than the rest without a `::` before them are
/// flattened into the surrounding blocks (docutils would make a block quote).
pub fn parse(ctx: &mut Ctx, lines: &[Line]) -> Vec<Raw> {
    let mut out = Vec::new();
    let base = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.is_blank() {
            i += 1;
        } else if l.indent > base {
            let end = indented_end(lines, i, base).max(i + 1);
            out.extend(parse(ctx, &lines[i..end]));
            i = end;
        } else if l.content().starts_with(".. ") || l.content() == ".." {
            i = directive(ctx, lines, i, &mut out);
        } else if bullet(l.content()).is_some() {
            i = bullets(lines, i, &mut out);
        } else if is_field(l.content()) {
            ctx.error(l.no, l.indent + 1, "field list outside a directive");
            i = indented_end(lines, i + 1, l.indent).max(i + 1);
        } else {
            i = paragraph(ctx, lines, i, base, &mut out);
        }
    }
    out
}

fn directive(ctx: &mut Ctx, lines: &[Line], i: usize, out: &mut Vec<Raw>) -> usize {
    let l = &lines[i];
    let end = indented_end(lines, i + 1, l.indent).max(i + 1);
    let body = &lines[i + 1..end];
    let Some((name, args)) = directive_head(l.content()) else {
        // A comment or a link target: nothing to keep.
        return end;
    };
    let pos = Pos::of(l);
    if ADMONITIONS.contains(&name) {
        let mut blocks = Vec::new();
        if !args.is_empty() {
            blocks.push(Raw::Para {
                text: args.to_string(),
                pos,
            });
        }
        blocks.extend(parse(ctx, body));
        out.push(Raw::Admonition {
            name: name.to_string(),
            body: blocks,
            pos,
        });
    } else if CODE.contains(&name) {
        let skip = body.iter().take_while(|b| is_field(b.content())).count();
        out.push(Raw::Literal {
            text: dedent(&body[skip..]),
            pos,
        });
    } else if name == "function" || name == "data" {
        let msg = format!("`.. {name}::` must start at column 0 of a section, not inside text");
        ctx.error(l.no, pos.col, msg);
    } else {
        ctx.error(l.no, pos.col, format!("unknown directive `.. {name}::`"));
    }
    end
}

fn bullets(lines: &[Line], mut i: usize, out: &mut Vec<Raw>) -> usize {
    let first = &lines[i];
    let (marker, _) = bullet(first.content()).unwrap_or(('*', 2));
    let mut items = Vec::new();
    loop {
        let l = &lines[i];
        let Some((m, off)) = bullet(l.content()) else {
            break;
        };
        if m != marker || l.indent != first.indent {
            break;
        }
        let end = indented_end(lines, i + 1, l.indent).max(i + 1);
        let mut text = l.content()[off..].to_string();
        let rest = dedent(&lines[i + 1..end]);
        if !rest.is_empty() {
            text.push('\n');
            text.push_str(&rest);
        }
        items.push(Item {
            text,
            pos: Pos::of(l),
        });
        i = end;
        let next = (i..lines.len()).find(|&k| !lines[k].is_blank());
        match next {
            Some(k) if lines[k].indent == first.indent && bullet(lines[k].content()).is_some() => {
                i = k
            }
            _ => break,
        }
    }
    out.push(Raw::Bullets { items });
    i
}

fn paragraph(
    ctx: &mut Ctx,
    lines: &[Line],
    start: usize,
    base: usize,
    out: &mut Vec<Raw>,
) -> usize {
    let mut i = start;
    let mut text = Vec::new();
    while i < lines.len() && !lines[i].is_blank() && lines[i].indent <= base {
        text.push(lines[i].content());
        i += 1;
    }
    let text = text.join("\n");
    let first = &lines[start];
    let literal = text.ends_with("::");
    out.push(Raw::Para {
        text,
        pos: Pos::of(first),
    });
    if !literal {
        return i;
    }
    let next = (i..lines.len()).find(|&k| !lines[k].is_blank());
    match next {
        Some(k) if lines[k].indent > base => {
            let end = indented_end(lines, k, base).max(k + 1);
            out.push(Raw::Literal {
                text: dedent(&lines[k..end]),
                pos: Pos::of(&lines[k]),
            });
            end
        }
        _ => {
            let last = &lines[i - 1];
            ctx.warning(
                last.no,
                last.col_at(last.text.len()) - 1,
                "`::` is not followed by an indented literal block",
            );
            i
        }
    }
}

/// The spec form of parsed blocks.
pub fn to_blocks(raws: &[Raw]) -> Vec<Block> {
    raws.iter()
        .map(|r| match r {
            Raw::Para { text, .. } => Block::Paragraph { text: text.clone() },
            Raw::Bullets { items } => Block::Bullets {
                items: items.iter().map(|i| i.text.clone()).collect(),
            },
            Raw::Literal { text, .. } => Block::Literal { text: text.clone() },
            Raw::Admonition { name, body, .. } => Block::Admonition {
                name: name.clone(),
                blocks: to_blocks(body),
            },
        })
        .collect()
}

/// Blocks as one string for places the spec keeps plain text (constant descriptions).
pub fn plain_text(raws: &[Raw]) -> String {
    let parts: Vec<String> = raws
        .iter()
        .map(|r| match r {
            Raw::Para { text, .. } => text.clone(),
            Raw::Bullets { items } => items
                .iter()
                .map(|i| format!("* {}", i.text))
                .collect::<Vec<_>>()
                .join("\n"),
            Raw::Literal { text, .. } => text.clone(),
            Raw::Admonition { body, .. } => plain_text(body),
        })
        .collect();
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    fn parse_text(text: &str) -> (Vec<Block>, Vec<String>) {
        let mut ctx = Ctx::new("t.rst");
        let raws = parse(&mut ctx, &split(text));
        (
            to_blocks(&raws),
            ctx.diags.iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn paragraph_followed_by_indented_bullets_splits_into_two_blocks() {
        let (blocks, diags) = parse_text("For example\n    * a\n    * b\n");
        assert!(diags.is_empty());
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "For example".into()
                },
                Block::Bullets {
                    items: vec!["a".into(), "b".into()]
                }
            ]
        );
    }

    #[test]
    fn double_colon_introduces_a_dedented_literal_block() {
        let (blocks, _) = parse_text("**Example**::\n\n    f()\n      g()\n\nafter\n");
        assert_eq!(
            blocks[1],
            Block::Literal {
                text: "f()\n  g()".into()
            }
        );
        assert_eq!(
            blocks[2],
            Block::Paragraph {
                text: "after".into()
            }
        );
    }

    #[test]
    fn admonitions_keep_their_blocks_and_unknown_directives_are_errors() {
        let (blocks, diags) = parse_text(".. note::\n\n    Hi.\n\n.. frobnicate:: x\n");
        assert_eq!(
            blocks,
            vec![Block::Admonition {
                name: "note".into(),
                blocks: vec![Block::Paragraph { text: "Hi.".into() }]
            }]
        );
        assert_eq!(
            diags,
            vec!["t.rst:5:1: error: unknown directive `.. frobnicate::`"]
        );
    }

    #[test]
    fn field_detection_requires_a_space_after_the_closing_colon() {
        assert!(is_field(":param int x: text"));
        assert!(is_field(":returns: nothing"));
        assert!(is_field(":fails:"));
        assert!(!is_field(":func:`sockets.f` does things"));
        assert!(!is_field("::"));
    }
}
