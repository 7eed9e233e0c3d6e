//! [`Model::build`]: one pass over the checked spec resolving types and names.

use super::names::{self, snake_case, EntryNames};
use super::{
    arg_const, default_const, is_class, Entry, EntryKind, Field, LuaType, Model, Module,
    ModuleKind, Param, Return, OPTIONS_CLASS,
};
use crate::ir;

pub fn model(spec: &ir::Spec) -> Model {
    let modules: Vec<Module> = spec.modules.iter().map(module).collect();
    let classes = classes(spec);
    Model { modules, classes }
}

fn module(m: &ir::Module) -> Module {
    let kind = ModuleKind::of(m);
    let source = if m.span.file.is_empty() {
        format!("spec/{}.rst", m.name)
    } else {
        m.span.file.clone()
    };
    let entries = |fs: &[ir::Function], callback: bool| -> Vec<Entry> {
        fs.iter().map(|f| entry(&kind, f, callback)).collect()
    };
    Module {
        functions: entries(&m.functions, false),
        callbacks: entries(&m.callbacks, true),
        methods: entries(&m.methods, false),
        options: m.options.iter().map(field).collect(),
        data: m.data.iter().map(field).collect(),
        title: m.title.clone(),
        source,
        intro: m.intro.clone(),
        sections: m.sections.clone(),
        kind,
    }
}

fn entry(kind: &ModuleKind, f: &ir::Function, callback: bool) -> Entry {
    let entry_kind = match (&f.class, callback) {
        (Some(class), _) => EntryKind::Method {
            class: class.clone(),
        },
        (None, true) => EntryKind::Callback(names::callback(kind, f)),
        (None, false) => EntryKind::Function,
    };
    Entry {
        kind: entry_kind,
        names: EntryNames::of(kind, f),
        params: f
            .params
            .iter()
            .map(|p| param(kind, f, p, callback))
            .collect(),
        returns: (0..f.returns.len()).map(|i| returned(kind, f, i)).collect(),
        fails: f.fails.clone(),
        steamworks: f.steamworks.clone(),
        backends: f.backends.clone(),
        before_init: f.before_init,
        description: f.description.clone(),
        examples: f.examples.clone(),
        span: f.span.clone(),
    }
}

fn param(kind: &ModuleKind, f: &ir::Function, p: &ir::Param, callback: bool) -> Param {
    let fields: Vec<Field> = p.fields.iter().map(field).collect();
    let luals_class = if !fields.is_empty() {
        Some(names::param_table(kind, f, p, callback).luals)
    } else if p.ty == "table" && p.name == "options" {
        Some(OPTIONS_CLASS.to_string())
    } else {
        None
    };
    let ty = LuaType::resolve(&p.ty, p.optional, &[], None, fields);
    let glue_default = p.default.is_some()
        && matches!(
            ty.base(),
            LuaType::Integer | LuaType::Number | LuaType::Boolean
        );
    Param {
        name: p.name.clone(),
        description: p.description.clone(),
        default: p.default.clone(),
        glue_default,
        rust: snake_case(&p.name),
        arg_const: arg_const(&p.name),
        default_const: default_const(&p.name),
        luals_class,
        ty,
    }
}

fn returned(kind: &ModuleKind, f: &ir::Function, index: usize) -> Return {
    let r = &f.returns[index];
    let fields = r.fields.iter().map(field).collect();
    Return {
        ty: LuaType::resolve(&r.ty, r.optional, &r.values, r.enum_name.as_deref(), fields),
        description: r.description.clone(),
        name: r.name.clone(),
        table: names::returned_table(kind, f, index),
    }
}

fn field(f: &ir::Field) -> Field {
    // Option keys carry the config enum they are values of, not a value list: only a field
    // with values has a value type.
    let enum_name = f.enum_name.as_deref().filter(|_| !f.values.is_empty());
    Field {
        name: f.name.clone(),
        ty: LuaType::resolve(&f.ty, f.optional, &f.values, enum_name, Vec::new()),
        description: f.description.clone(),
        rust: snake_case(&f.name),
    }
}

/// Every userdata class the spec names, first appearance first: per module its option and
/// constant types, then per entry its receiver, returned values, parameters with their
/// fields, and the fields of returned tables.
fn classes(spec: &ir::Spec) -> Vec<String> {
    let mut types: Vec<&str> = Vec::new();
    for m in &spec.modules {
        let fields = m.options.iter().chain(&m.data);
        types.extend(fields.map(|f| f.ty.as_str()));
        for f in m.functions.iter().chain(&m.callbacks).chain(&m.methods) {
            types.extend(f.class.as_deref());
            types.extend(f.returns.iter().map(|r| r.ty.as_str()));
            for p in &f.params {
                types.push(p.ty.as_str());
                types.extend(p.fields.iter().map(|x| x.ty.as_str()));
            }
            for r in &f.returns {
                types.extend(r.fields.iter().map(|x| x.ty.as_str()));
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for t in types.into_iter().filter(|t| is_class(t)) {
        if !out.iter().any(|c| c == t) {
            out.push(t.to_string());
        }
    }
    out
}
