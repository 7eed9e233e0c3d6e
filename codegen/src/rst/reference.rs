//! Assembles the module: sections with meaning, constants, and whole-file checks.

use super::blocks::{self, is_field, Pos, Raw};
use super::description::value_list;
use super::directive::Parsed;
use super::fields::{self, field_head};
use super::lines::{indented_end, squash, Ctx, Line};
use super::types::{is_identifier, normalize};
use crate::ir::{Field, Module, Section};
use crate::model::CORE_MODULE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Functions,
    Callbacks,
    Options,
    Constants,
    List,
    Other,
}

struct Open {
    kind: Kind,
    title: String,
    raws: Vec<Raw>,
}

#[derive(Default)]
pub struct Builder {
    module: Module,
    has_title: bool,
    reported_before_title: bool,
    current: Option<Open>,
    intro: Vec<Raw>,
    listed: Option<Vec<(String, Pos)>>,
    /// Table prefix of every documented name, to find (and agree on) the module name.
    prefixes: Vec<(Option<String>, Pos, String)>,
    /// Where the last function went, so an example at column 0 can follow it.
    last: Option<Entries>,
}

/// The list of a module an entry goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entries {
    Functions,
    Callbacks,
    Methods,
}

impl Builder {
    pub fn open_section(&mut self, ctx: &mut Ctx, title: String, pos: Pos) {
        self.last = None;
        if !self.has_title {
            self.has_title = true;
            self.module.title = title;
            self.module.span = ctx.span(pos.line, pos.col);
            return;
        }
        self.close_section(ctx);
        self.current = Some(Open {
            kind: Kind::of(&title),
            title,
            raws: Vec::new(),
        });
    }

    fn kind(&self) -> Option<Kind> {
        self.current.as_ref().map(|c| c.kind)
    }

    fn before_title(&mut self, ctx: &mut Ctx, pos: Pos) -> bool {
        if !self.has_title && !self.reported_before_title {
            self.reported_before_title = true;
            ctx.error(pos.line, pos.col, "content before the document title");
        }
        !self.has_title
    }

    pub fn add_text(&mut self, ctx: &mut Ctx, raws: Vec<Raw>, pos: Pos) {
        self.last = None;
        if self.before_title(ctx, pos) {
            return;
        }
        match &mut self.current {
            Some(open) => open.raws.extend(raws),
            None => self.intro.extend(raws),
        }
    }

    pub fn add_function(&mut self, ctx: &mut Ctx, parsed: Option<Parsed>, pos: Pos) {
        self.last = None;
        self.before_title(ctx, pos);
        let Some(Parsed { function, module }) = parsed else {
            return;
        };
        let callback = self.kind() == Some(Kind::Callbacks);
        if !matches!(self.kind(), Some(Kind::Functions | Kind::Callbacks)) {
            let msg = format!(
                "`{}` is outside the Function Reference and Callbacks Reference sections",
                function.qualified
            );
            ctx.warning(pos.line, pos.col, msg);
        }
        if function.class.is_some() {
            if callback {
                let msg = format!(
                    "`{}` is a method; methods belong in the Function Reference, not among callbacks",
                    function.qualified
                );
                ctx.error(pos.line, pos.col, msg);
                return;
            }
            // A method says nothing about the module's table: it lives on its class.
            self.module.methods.push(function);
            self.last = Some(Entries::Methods);
            return;
        }
        self.prefixes
            .push((module, pos, function.qualified.clone()));
        let (list, entries) = if callback {
            (&mut self.module.callbacks, Entries::Callbacks)
        } else {
            (&mut self.module.functions, Entries::Functions)
        };
        list.push(function);
        self.last = Some(entries);
    }

    pub fn add_example(&mut self, text: String) {
        let list = match self.last {
            Some(Entries::Callbacks) => &mut self.module.callbacks,
            Some(Entries::Functions) => &mut self.module.functions,
            Some(Entries::Methods) => &mut self.module.methods,
            None => return,
        };
        if let Some(f) = list.last_mut() {
            f.examples.push(text);
        }
    }

    fn close_section(&mut self, ctx: &mut Ctx) {
        let Some(open) = self.current.take() else {
            return;
        };
        let kept = match open.kind {
            Kind::List => self.take_list(open.raws),
            Kind::Options => take_options(ctx, open.raws, &mut self.module.options),
            _ => open.raws,
        };
        if !kept.is_empty() || open.kind == Kind::Other {
            self.module.sections.push(Section {
                title: open.title,
                blocks: blocks::to_blocks(&kept),
            });
        }
    }

    /// `* :func:`sockets.name`` items; other text stays in the section.
    fn take_list(&mut self, raws: Vec<Raw>) -> Vec<Raw> {
        let listed = self.listed.get_or_insert_with(Vec::new);
        let mut kept = Vec::new();
        for r in raws {
            let Raw::Bullets { items } = &r else {
                kept.push(r);
                continue;
            };
            let names: Option<Vec<(String, Pos)>> = items
                .iter()
                .map(|i| {
                    let name = i.text.trim().strip_prefix(":func:`")?.strip_suffix('`')?;
                    Some((name.to_string(), i.pos))
                })
                .collect();
            match names {
                Some(n) => listed.extend(n),
                None => kept.push(r),
            }
        }
        kept
    }

    pub fn finish(mut self, ctx: &mut Ctx, lines: &[Line]) -> Module {
        self.close_section(ctx);
        if !self.has_title {
            ctx.error(
                1,
                1,
                "the file has no title (the interface name, underlined)",
            );
        }
        self.module.intro = blocks::to_blocks(&self.intro);
        self.module.name = self.module_name(ctx);
        super::checks::listed(ctx, &self.module, self.listed.as_deref());
        super::checks::duplicates(ctx, &self.module);
        super::checks::consistent_types(ctx, &self.module);
        super::checks::placeholders(ctx, lines);
        self.module
    }

    fn module_name(&self, ctx: &mut Ctx) -> String {
        let Some((first, _, _)) = self.prefixes.first() else {
            return CORE_MODULE.to_string();
        };
        for (p, pos, q) in &self.prefixes[1..] {
            if p != first {
                let want = first.as_deref().unwrap_or("Steam");
                ctx.error(
                    pos.line,
                    pos.col,
                    format!("`{q}` is not in table `{want}` like the first entry of this file"),
                );
            }
        }
        first.clone().unwrap_or_else(|| CORE_MODULE.to_string())
    }
}

/// `* **Key** (`TYPE`) text` bullets and their `Possible values` lists.
fn take_options(ctx: &mut Ctx, raws: Vec<Raw>, options: &mut Vec<Field>) -> Vec<Raw> {
    let mut kept = Vec::new();
    let mut pending: Option<(Vec<String>, Pos)> = None;
    for r in raws {
        match (&r, pending.take()) {
            (Raw::Bullets { items }, Some((targets, pos))) => {
                let values = value_list(items);
                for t in targets {
                    match options.iter_mut().find(|o| o.name == t) {
                        Some(o) => o.values = values.clone(),
                        None => ctx.error(
                            pos.line,
                            pos.col,
                            format!("possible values for `{t}`: no such option"),
                        ),
                    }
                }
            }
            (_, Some((_, pos))) => {
                ctx.error(
                    pos.line,
                    pos.col,
                    "`Possible values ... are:` must be followed by a bullet list",
                );
                kept.push(r);
            }
            (Raw::Para { text, pos }, None) if fields::possible_values_targets(text).is_some() => {
                pending = fields::possible_values_targets(text).map(|t| (t, *pos));
            }
            (Raw::Bullets { items }, None) => {
                for i in items {
                    match fields::bold_typed(&i.text) {
                        Ok((name, t)) => options.push(Field {
                            name,
                            ty: t.ty.name,
                            optional: t.ty.optional,
                            description: t.text,
                            values: Vec::new(),
                            enum_name: None,
                            span: ctx.span(i.pos.line, i.pos.col),
                        }),
                        Err(e) => ctx.error(i.pos.line, i.pos.col + 2, e),
                    }
                }
            }
            _ => kept.push(r),
        }
    }
    if let Some((_, pos)) = pending {
        ctx.error(
            pos.line,
            pos.col,
            "`Possible values ... are:` must be followed by a bullet list",
        );
    }
    kept
}

/// `.. data:: name` with `:type: TYPE` and a description; returns the index after its body.
pub fn data(ctx: &mut Ctx, b: &mut Builder, lines: &[Line], i: usize, args: &str) -> usize {
    let head = &lines[i];
    let end = indented_end(lines, i + 1, head.indent).max(i + 1);
    let pos = Pos::of(head);
    b.last = None;
    b.before_title(ctx, pos);
    if b.kind() != Some(Kind::Constants) {
        ctx.warning(
            pos.line,
            pos.col,
            format!("`.. data:: {args}` is outside the Constants section"),
        );
    }
    let (prefix, name) = match args.split_once('.') {
        Some((p, n)) => (Some(p.to_string()), n),
        None => (None, args),
    };
    let named = is_identifier(name) && !matches!(prefix.as_deref(), Some(p) if !is_identifier(p));
    if !named {
        ctx.error(
            pos.line,
            pos.col,
            format!("`{args}` is not a constant name"),
        );
    }
    let mut field = Field {
        name: name.to_string(),
        span: ctx.span(pos.line, pos.col),
        ..Field::default()
    };
    let mut typed = false;
    let mut desc = Vec::new();
    let body = &lines[i + 1..end];
    let base = super::lines::body_indent(body);
    let mut k = 0;
    while k < body.len() {
        let l = &body[k];
        let h = (!l.is_blank() && l.indent == base && is_field(l.content()))
            .then(|| field_head(l.content()))
            .flatten();
        let Some(h) = h else {
            desc.push(l.clone());
            k += 1;
            continue;
        };
        let fend = indented_end(body, k + 1, base).max(k + 1);
        let col = l.col_in_content(h.text_off);
        if h.name != "type" || !h.args.is_empty() {
            ctx.error(
                l.no,
                l.indent + 1,
                format!(
                    "unknown field `:{}:` in a constant (expected :type:)",
                    h.name
                ),
            );
        } else if typed {
            ctx.error(l.no, l.indent + 1, "duplicate `:type:` field");
        } else {
            typed = true;
            match normalize(&squash(h.text)) {
                Ok(t) => (field.ty, field.optional) = (t.name, t.optional),
                Err(e) => ctx.error(l.no, col, e),
            }
        }
        k = fend;
    }
    if !typed {
        ctx.error(
            pos.line,
            pos.col,
            format!("constant `{args}` has no `:type:` field"),
        );
    }
    field.description = blocks::plain_text(&blocks::parse(ctx, &desc));
    if named {
        // An unqualified constant (`.. data:: backend`) fits any module.
        if prefix.is_some() {
            b.prefixes.push((prefix, pos, args.to_string()));
        }
        b.module.data.push(field);
    }
    end
}
