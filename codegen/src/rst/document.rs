//! The document skeleton: title, sections, and what each section's content becomes.

use super::blocks::{self, dedent, directive_head, Pos};
use super::description::is_example_intro;
use super::directive;
use super::lines::{indented_end, Ctx, Line};
use super::reference::{self, Builder, Kind};
use crate::ir::Module;

/// Underline and overline characters of the dialect.
const ADORNMENTS: &[char] = &['=', '-', '~', '#', '*', '^', '"'];

fn adornment(l: &Line) -> Option<char> {
    let c = l.text.chars().next()?;
    let ok = l.indent == 0 && ADORNMENTS.contains(&c) && l.text.len() >= 2;
    (ok && l.text.chars().all(|x| x == c)).then_some(c)
}

struct Title {
    text: String,
    pos: Pos,
    next: usize,
}

/// A title at `i` (overlined or not), warning about short adornments like docutils does.
fn title_at(ctx: &mut Ctx, lines: &[Line], i: usize) -> Option<Title> {
    let l = &lines[i];
    let get = |k: usize| lines.get(k).filter(|x| !x.is_blank());
    if let Some(c) = adornment(l) {
        let text = get(i + 1).filter(|t| adornment(t).is_none())?;
        let under = get(i + 2).filter(|u| adornment(u) == Some(c));
        let Some(under) = under else {
            ctx.error(l.no, 1, "title overline without a matching underline");
            return Some(Title {
                text: text.content().to_string(),
                pos: Pos::of(text),
                next: i + 2,
            });
        };
        let width = text.text.chars().count();
        let shortest = l.text.len().min(under.text.len());
        if shortest < width {
            let msg = format!(
                "title adornment is shorter than the title ({shortest} < {width} characters)"
            );
            ctx.warning(l.no, 1, msg);
        }
        return Some(Title {
            text: text.content().to_string(),
            pos: Pos::of(text),
            next: i + 3,
        });
    }
    let under = get(i + 1)?;
    adornment(under)?;
    if l.indent > 0 {
        return None;
    }
    let width = l.text.chars().count();
    if under.text.len() < width {
        let msg = format!(
            "title underline is shorter than the title ({} < {width} characters)",
            under.text.len()
        );
        ctx.warning(under.no, 1, msg);
    }
    Some(Title {
        text: l.text.clone(),
        pos: Pos::of(l),
        next: i + 2,
    })
}

/// The index after a top-level chunk of free text: the next column-0 line after a blank one.
fn chunk_end(lines: &[Line], start: usize) -> usize {
    let mut k = start + 1;
    while k < lines.len() {
        if !lines[k].is_blank() && lines[k].indent == 0 && lines[k - 1].is_blank() {
            break;
        }
        k += 1;
    }
    k
}

pub fn parse(ctx: &mut Ctx, lines: &[Line]) -> Module {
    let mut b = Builder::default();
    // Whether the last top-level construct was a function, so a column-0 example attaches to it.
    let mut after_function = false;
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.is_blank() {
            i += 1;
            continue;
        }
        if l.indent == 0 {
            if let Some(t) = title_at(ctx, lines, i) {
                b.open_section(ctx, t.text, t.pos);
                i = t.next;
                after_function = false;
                continue;
            }
            if let Some(c) = adornment(l) {
                ctx.error(
                    l.no,
                    1,
                    format!("`{c}` line is neither a title underline nor an overline"),
                );
                i += 1;
                continue;
            }
        }
        let content = l.content();
        if (content.starts_with(".. ") || content == "..") && directive_head(content).is_none() {
            // A comment (such as a generated page's header) or a link target: not spec.
            i = super::lines::indented_end(lines, i + 1, l.indent).max(i + 1);
            continue;
        }
        if let Some((name @ ("function" | "data"), args)) = directive_head(content) {
            if l.indent == 0 {
                i = if name == "function" {
                    let (parsed, end) = directive::function(ctx, lines, i, args);
                    b.add_function(ctx, parsed, Pos::of(l));
                    end
                } else {
                    reference::data(ctx, &mut b, lines, i, args)
                };
                after_function = name == "function";
                continue;
            }
        }
        if after_function && l.indent == 0 && is_example_intro(content) {
            if let Some(end) = column0_example(&mut b, lines, i) {
                i = end;
                continue;
            }
        }
        after_function = false;
        let end = chunk_end(lines, i);
        let raws = blocks::parse(ctx, &lines[i..end]);
        b.add_text(ctx, raws, Pos::of(l));
        i = end;
    }
    b.finish(ctx, lines)
}

/// `**Example**::` at column 0 right after a directive, as the seed writes it.
fn column0_example(b: &mut Builder, lines: &[Line], i: usize) -> Option<usize> {
    let k = (i + 1..lines.len()).find(|&k| !lines[k].is_blank())?;
    if lines[k].indent == 0 {
        return None;
    }
    let end = indented_end(lines, k, 0).max(k + 1);
    b.add_example(dedent(&lines[k..end]));
    Some(end)
}

impl Kind {
    pub fn of(title: &str) -> Kind {
        match title.trim().to_ascii_lowercase().as_str() {
            "function reference" | "functions reference" => Kind::Functions,
            "callbacks reference" | "callback reference" => Kind::Callbacks,
            "options reference" => Kind::Options,
            "constants" => Kind::Constants,
            "list of functions" => Kind::List,
            _ => Kind::Other,
        }
    }
}
