//! Emitter: the Sphinx reference pages, `docs/reference/<module>.rst` and their index.
//!
//! The pages are written in the same dialect as `spec/`, so parsing a page back gives the
//! spec it came from; the round-trip test relies on every IR field appearing here.

mod text;

use super::Output;
use crate::model::{Entry as ModelEntry, Model, Module};
use crate::sdk::Sdk;
use serde::Serialize;
use tera::{Context, Tera};

const PAGE: &str = include_str!("../../templates/reference.rst.tera");
const FUNCTION: &str = include_str!("../../templates/function.rst.tera");
const INDEX: &str = include_str!("../../templates/index.rst.tera");

/// Directory of the generated pages, relative to the repository root.
pub const REFERENCE_DIR: &str = "docs/reference";

pub fn emit(model: &Model, _sdk: &Sdk) -> Result<Vec<Output>, String> {
    let tera = templates()?;
    let mut out = Vec::new();
    for m in &model.modules {
        let ctx = Context::from_serialize(Page::new(m)).map_err(|e| error_chain(&e))?;
        let page = render(&tera, "reference.rst", &ctx)?;
        out.push(Output::new(
            format!("{REFERENCE_DIR}/{}.rst", m.kind.name()),
            page,
        ));
    }
    let mut ctx = Context::new();
    ctx.insert(
        "modules",
        &model
            .modules
            .iter()
            .map(|m| m.kind.name())
            .collect::<Vec<_>>(),
    );
    out.push(Output::new(
        format!("{REFERENCE_DIR}/index.rst"),
        render(&tera, "index.rst", &ctx)?,
    ));
    Ok(out)
}

fn templates() -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![
        ("function.rst", FUNCTION),
        ("reference.rst", PAGE),
        ("index.rst", INDEX),
    ])
    .map_err(|e| format!("reference templates: {}", error_chain(&e)))?;
    Ok(tera)
}

fn render(tera: &Tera, name: &str, ctx: &Context) -> Result<String, String> {
    let raw = tera
        .render(name, ctx)
        .map_err(|e| format!("{name}: {}", error_chain(&e)))?;
    Ok(tidy(&raw))
}

/// Tera's own message hides the cause ("Failed to render"); the source chain names it.
fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}

/// No trailing whitespace, exactly one newline at the end.
fn tidy(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    format!("{}\n", lines.join("\n").trim_end())
}

#[derive(Serialize)]
struct Page {
    source: String,
    title: String,
    rule: String,
    intro: String,
    functions: Vec<Entry>,
    /// Methods of userdata classes, after the functions (never in the List of Functions:
    /// Sphinx's Python domain does not take `Class:name` as an object to cross-reference).
    methods: Vec<Entry>,
    callbacks: Vec<Entry>,
    options: Vec<String>,
    data: Vec<Data>,
    sections: Vec<Section>,
}

#[derive(Serialize)]
struct Entry {
    qualified: String,
    signature: String,
    fields: String,
    /// `.. note::` naming the only backends, for functions with `:backends:`.
    note: String,
    description: String,
    values: String,
    examples: Vec<String>,
}

#[derive(Serialize)]
struct Data {
    name: String,
    ty: String,
    description: String,
}

#[derive(Serialize)]
struct Section {
    title: String,
    body: String,
}

impl Page {
    fn new(m: &Module) -> Page {
        Page {
            source: m.source.clone(),
            title: m.title.clone(),
            rule: "#".repeat(m.title.chars().count().max(1)),
            intro: text::blocks(&m.intro),
            functions: m.functions.iter().map(Entry::new).collect(),
            methods: m.methods.iter().map(Entry::new).collect(),
            callbacks: m.callbacks.iter().map(Entry::new).collect(),
            options: m
                .options
                .iter()
                .map(|o| text::field_bullet(&o.name, o, 0))
                .collect(),
            data: m
                .data
                .iter()
                .map(|d| Data {
                    name: d.name.clone(),
                    ty: text::type_text(&d.ty),
                    description: text::indent(&text::dedent(&d.description), "    "),
                })
                .collect(),
            sections: m
                .sections
                .iter()
                .map(|s| Section {
                    title: text::title(&s.title, '-'),
                    body: text::blocks(&s.blocks),
                })
                .collect(),
        }
    }
}

impl Entry {
    fn new(f: &ModelEntry) -> Entry {
        let body = |s: String| text::indent(&s, "    ");
        Entry {
            qualified: f.names.qualified.clone(),
            signature: f.names.signature.clone(),
            fields: body(text::field_list(f)),
            note: crate::rst::backends_note(&f.backends)
                .map(|n| body(format!(".. note::\n\n    {n}")))
                .unwrap_or_default(),
            description: body(text::blocks(&f.description)),
            values: body(text::possible_values(f)),
            examples: f
                .examples
                .iter()
                .map(|e| text::indent(&text::dedent(e), "    "))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;
