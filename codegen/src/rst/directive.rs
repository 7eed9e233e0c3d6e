//! `.. function::` directives: signature, field list, description and examples.

use super::blocks::{self, is_field, Pos, Raw};
use super::description::{take_examples, take_values};
use super::fields::{self, field_head, FieldHead};
use super::lines::{indented_end, squash, Ctx, Line};
use super::tables::{is_nothing, returns, table_field};
use super::types::{parse_signature, Signature};
use crate::ir::{Function, Param, SteamLink};

/// A parsed function directive and the module prefix of its name.
pub struct Parsed {
    pub function: Function,
    pub module: Option<String>,
}

/// What the field list said beyond the spec fields themselves.
#[derive(Default)]
struct State {
    returns_nothing: Option<usize>,
    /// Any `:returns:` line, even one that failed to parse.
    returns_seen: bool,
    /// A `:param:` failed to parse, so comparing with the signature would only repeat it.
    param_failed: bool,
    seen: Vec<&'static str>,
}

/// Parses the directive at `lines[i]` whose argument is `args`; returns the index after its
/// body. The function is `None` when its signature is unusable (body errors are still found).
pub fn function(ctx: &mut Ctx, lines: &[Line], i: usize, args: &str) -> (Option<Parsed>, usize) {
    let head = &lines[i];
    let end = indented_end(lines, i + 1, head.indent).max(i + 1);
    let args_col = head.col_in_content(head.content().find(args).unwrap_or(0));
    let sig = match parse_signature(args) {
        Ok(s) => Some(s),
        Err(e) => {
            ctx.error(head.no, args_col, e);
            None
        }
    };
    let mut f = Function {
        span: ctx.span(head.no, head.indent + 1),
        ..Function::default()
    };
    if let Some(s) = &sig {
        f.name = s.name.clone();
        f.qualified = s.qualified.clone();
        f.class = s.class.clone();
    }
    let body = &lines[i + 1..end];
    let base = super::lines::body_indent(body);
    let mut state = State::default();
    let mut desc: Vec<Line> = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let b = &body[k];
        if !b.is_blank() && b.indent == base && is_field(b.content()) {
            let fend = indented_end(body, k + 1, base).max(k + 1);
            field(ctx, &mut f, &mut state, b, &body[k + 1..fend]);
            desc.push(Line {
                no: b.no,
                text: String::new(),
                indent: 0,
            });
            k = fend;
        } else {
            desc.push(b.clone());
            k += 1;
        }
    }
    let raws = blocks::parse(ctx, &desc);
    let raws = take_examples(raws, &mut f.examples);
    let raws = take_values(ctx, raws, &mut f.params, &mut f.returns);
    let raws = super::description::take_backends_note(raws, &f.backends);
    f.description = blocks::to_blocks(&raws);
    let checked = if state.param_failed {
        None
    } else {
        sig.as_ref()
    };
    check_params(ctx, &f, checked, head, args_col);
    match state.returns_nothing {
        Some(line) if !f.returns.is_empty() => ctx.error(
            line,
            base + 1,
            "`:returns: nothing` together with other `:returns:`",
        ),
        None if !state.returns_seen => {
            let msg = format!(
                "`{}` has no `:returns:` field (write `:returns: nothing`)",
                f.qualified
            );
            ctx.warning(head.no, head.indent + 1, msg)
        }
        _ => {}
    }
    let parsed = sig.map(|s| Parsed {
        function: f,
        module: s.module,
    });
    (parsed, end)
}

/// The field text: the head's text and its continuation lines up to the first blank line or
/// bullet; the rest of the body comes back as blocks.
fn field_text(ctx: &mut Ctx, h: &FieldHead, body: &[Line]) -> (String, Vec<Raw>) {
    let mut text = h.text.to_string();
    let mut k = 0;
    while k < body.len() && !body[k].is_blank() && blocks::bullet(body[k].content()).is_none() {
        text.push(' ');
        text.push_str(body[k].content());
        k += 1;
    }
    (squash(&text), blocks::parse(ctx, &body[k..]))
}

fn field(ctx: &mut Ctx, f: &mut Function, state: &mut State, line: &Line, body: &[Line]) {
    let Some(h) = field_head(line.content()) else {
        return;
    };
    let col = line.indent + 1;
    let text_col = line.col_in_content(h.text_off);
    let (text, extra) = field_text(ctx, &h, body);
    let name = h.name;
    if name == "param" {
        state.param_failed |= !param(ctx, f, line, &h, text, extra);
        return;
    }
    state.returns_seen |= name == "returns";
    // A returned table may document its fields as bullets, like callback data.
    let table_fields = name == "returns" && !is_nothing(&text);
    if let Some(r) = extra.first().filter(|_| !table_fields) {
        let p = raw_pos(r).unwrap_or(Pos { line: line.no, col });
        ctx.error(p.line, p.col, format!("unexpected block inside `:{name}:`"));
    }
    if !h.args.is_empty() {
        ctx.error(
            line.no,
            col + 1 + name.len(),
            format!("`:{name}:` takes no argument"),
        );
    }
    let key: &'static str = match name {
        "returns" => "returns",
        "fails" => "fails",
        "SteamWorks" | "steamworks" | "Steamworks" => "SteamWorks",
        "backends" => "backends",
        "before-init" => "before-init",
        other => {
            let msg = format!(
                "unknown field `:{other}:` (expected param, returns, fails, SteamWorks, backends, before-init)"
            );
            ctx.error(line.no, col, msg);
            return;
        }
    };
    if key != "returns" && state.seen.contains(&key) {
        ctx.error(line.no, col, format!("duplicate `:{key}:` field"));
        return;
    }
    state.seen.push(key);
    match key {
        "returns" if table_fields => returns(ctx, f, line, text_col, &text, extra),
        "returns" => state.returns_nothing = Some(line.no),
        "fails" if text.is_empty() => ctx.error(line.no, col, "`:fails:` needs a text"),
        "fails" => f.fails = Some(text),
        "before-init" if !text.is_empty() => {
            ctx.error(line.no, text_col, "`:before-init:` takes no text")
        }
        "before-init" => f.before_init = true,
        "SteamWorks" => match fields::link(&text) {
            Ok((name, url)) => {
                f.steamworks = Some(SteamLink {
                    name,
                    url,
                    span: ctx.span(line.no, text_col),
                })
            }
            Err(e) => ctx.error(line.no, text_col, e),
        },
        _ => match fields::backends(&text) {
            Ok(b) => f.backends = b,
            Err(e) => ctx.error(line.no, text_col, e),
        },
    }
}

/// Adds the parameter; false when it could not be read.
fn param(
    ctx: &mut Ctx,
    f: &mut Function,
    line: &Line,
    h: &FieldHead,
    text: String,
    extra: Vec<Raw>,
) -> bool {
    let col = line.indent + 1;
    let (ty, name) = match fields::param_args(h.args) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(line.no, col + ":param ".len(), e);
            return false;
        }
    };
    if f.params.iter().any(|p| p.name == name) {
        ctx.error(line.no, col, format!("duplicate parameter `{name}`"));
        return true;
    }
    let default = match fields::default_value(&text) {
        None => None,
        Some(d) => match fields::check_default(&ty.name, ty.optional, &d) {
            Ok(()) => Some(d),
            Err(e) => {
                ctx.error(line.no, col, format!("parameter `{name}`: {e}"));
                None
            }
        },
    };
    let mut p = Param {
        name,
        ty: ty.name,
        optional: ty.optional,
        description: text,
        default,
        fields: Vec::new(),
        span: ctx.span(line.no, col),
    };
    for r in extra {
        match r {
            Raw::Bullets { items } => {
                let mut prefix = p.name.clone();
                for item in &items {
                    table_field(ctx, item, &mut prefix, true, &mut p.fields);
                }
            }
            Raw::Para { text, .. } => {
                p.description = [p.description.as_str(), &squash(&text)].join("\n\n");
            }
            other => {
                let pos = raw_pos(&other).unwrap_or_default();
                let msg = format!(
                    "only text and field bullets may follow `:param {}:`",
                    p.name
                );
                ctx.error(pos.line, pos.col, msg);
            }
        }
    }
    f.params.push(p);
    true
}

pub fn raw_pos(r: &Raw) -> Option<Pos> {
    match r {
        Raw::Para { pos, .. } | Raw::Literal { pos, .. } | Raw::Admonition { pos, .. } => {
            Some(*pos)
        }
        Raw::Bullets { items } => items.first().map(|i| i.pos),
    }
}

fn check_params(ctx: &mut Ctx, f: &Function, sig: Option<&Signature>, head: &Line, col: usize) {
    let mut optional_seen: Option<&str> = None;
    for p in &f.params {
        match optional_seen {
            Some(o) if !p.optional => {
                let msg = format!(
                    "required parameter `{}` follows optional parameter `{o}`",
                    p.name
                );
                ctx.error(p.span.line, p.span.col, msg);
            }
            _ if p.optional => optional_seen = Some(&p.name),
            _ => {}
        }
    }
    let Some(listed) = sig.and_then(|s| s.params.as_ref()) else {
        return;
    };
    if listed.is_empty() {
        if !f.params.is_empty() {
            let names: Vec<&str> = f.params.iter().map(|p| p.name.as_str()).collect();
            let msg = format!(
                "signature `{}()` lists no parameters; documented: {} ({})",
                f.qualified,
                names.len(),
                names.join(", ")
            );
            ctx.warning(head.no, col, msg);
        }
        return;
    }
    let documented: Vec<&str> = f.params.iter().map(|p| p.name.as_str()).collect();
    let written: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    if documented != written {
        let msg = format!(
            "signature lists ({}) but the `:param:` fields are ({})",
            written.join(", "),
            documented.join(", ")
        );
        ctx.error(head.no, col, msg);
        return;
    }
    for (p, (_, bracketed)) in f.params.iter().zip(listed) {
        if p.optional != *bracketed {
            let msg = if *bracketed {
                format!(
                    "`{}` is bracketed in the signature but its type has no `?`",
                    p.name
                )
            } else {
                format!(
                    "`{}` has an optional type but is not bracketed in the signature",
                    p.name
                )
            };
            ctx.error(p.span.line, p.span.col, msg);
        }
    }
}
