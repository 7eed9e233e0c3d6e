//! The resolved model between check and emit: what each module is (the core table or an
//! interface's sub-table), what each entry is (function, callback or method), the Lua type of
//! every value, and every Rust, Lua and LuaLS name, computed once by one naming pass.
//!
//! The parsed [`ir::Spec`] stays the parse result (`luasteam-codegen spec` prints it). After
//! the checks, [`Model::build`] resolves it once into a [`Model`], and every emitter reads only
//! that: no emitter sees the spec, parses a type name or derives a name of its own.

mod build;
pub mod names;
pub mod types;

pub use crate::ir::{Block, Section, SteamLink};
pub use names::{EntryNames, TableName};
pub use types::{is_class, LuaType};

use crate::ir::{self, Span};
use names::{pascal_case, snake_case};

/// The module name the parser gives the file documenting `Steam` itself (functions without a
/// table prefix): the only place the generator spells it.
pub const CORE_MODULE: &str = "core";

/// Which Lua table a module's functions live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleKind {
    /// `Steam` itself (`spec/core.rst`).
    Core,
    /// A sub-table `Steam.<name>` documenting one interface (`sockets`).
    Interface(String),
}

impl ModuleKind {
    pub fn of(m: &ir::Module) -> ModuleKind {
        ModuleKind::named(&m.name)
    }

    pub fn named(name: &str) -> ModuleKind {
        if name == CORE_MODULE {
            ModuleKind::Core
        } else {
            ModuleKind::Interface(name.to_string())
        }
    }

    pub fn is_core(&self) -> bool {
        *self == ModuleKind::Core
    }

    /// The key of the sub-table in `Steam`; `None` for the core functions.
    pub fn key(&self) -> Option<&str> {
        match self {
            ModuleKind::Core => None,
            ModuleKind::Interface(n) => Some(n),
        }
    }

    /// `Steam` or `Steam.sockets`.
    pub fn lua_table(&self) -> String {
        match self {
            ModuleKind::Core => "Steam".to_string(),
            ModuleKind::Interface(n) => format!("Steam.{n}"),
        }
    }

    /// What goes between `Steam.` and a name: empty or `sockets.`.
    pub fn lua_prefix(&self) -> String {
        match self {
            ModuleKind::Core => String::new(),
            ModuleKind::Interface(n) => format!("{n}."),
        }
    }

    /// The LuaLS namespace of the module's classes: `luasteam` or `luasteam.sockets`.
    pub fn luals_prefix(&self) -> String {
        match self {
            ModuleKind::Core => "luasteam".to_string(),
            ModuleKind::Interface(n) => format!("luasteam.{n}"),
        }
    }

    /// The module's name as the parser records it (`core`, `sockets`).
    pub fn name(&self) -> &str {
        match self {
            ModuleKind::Core => CORE_MODULE,
            ModuleKind::Interface(n) => n,
        }
    }

    /// `CoreApi`, `SocketsApi`: the runtime trait of the module.
    pub fn trait_name(&self) -> String {
        format!("{}Api", pascal_case(self.name()))
    }

    /// `sockets`: the module of `api::args` holding its argument constants.
    pub fn args_module(&self) -> String {
        snake_case(self.name())
    }
}

/// What a documented entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// `Steam.sockets.f(...)`, called by the script.
    Function,
    /// `Steam.sockets.onX = function(data) ... end`, assigned by the script.
    Callback(CallbackNames),
    /// `socket:close()`, a method of a userdata class.
    Method { class: String },
}

/// How a callback's arguments reach the handler, and the names of what carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackNames {
    /// The `callbacks::Event` variant (`SocketsOnConnectionChanged`).
    pub variant: String,
    /// The struct holding the data: `SocketsConnectionChangedData` for a data table (the
    /// LuaLS class of the table is the same name below the module's namespace,
    /// `luasteam.sockets.ConnectionChangedData`), `NetworkingUtilsDebugOutputArgs` for
    /// separate arguments.
    pub rust: String,
    /// The handler takes its parameters as separate scalar arguments
    /// (`onDebugOutput(level, message)`) rather than one data table.
    pub scalar: bool,
}

/// The whole binding, resolved: what every emitter reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub modules: Vec<Module>,
    /// Every userdata class named anywhere (receivers, parameters, values, fields), in order
    /// of first appearance.
    pub classes: Vec<String>,
}

/// One module (spec file): the core table or an interface's sub-table.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub kind: ModuleKind,
    /// The document title ("ISteamNetworkingSockets").
    pub title: String,
    /// The spec file it was documented in (`spec/sockets.rst`).
    pub source: String,
    pub intro: Vec<Block>,
    pub functions: Vec<Entry>,
    pub callbacks: Vec<Entry>,
    pub methods: Vec<Entry>,
    /// Option keys (`ESteamNetworkingConfigValue` names), in documented order.
    pub options: Vec<Field>,
    /// Values set on the module table (`Steam.backend`).
    pub data: Vec<Field>,
    pub sections: Vec<Section>,
}

/// A function, callback or method.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: EntryKind,
    pub names: EntryNames,
    pub params: Vec<Param>,
    /// One per returned value, in order; empty means "returns nothing".
    pub returns: Vec<Return>,
    /// `:fails:` text: the entry returns `nil, message` on a backend/network failure.
    pub fails: Option<String>,
    pub steamworks: Option<SteamLink>,
    /// Backends it is available on; empty means all.
    pub backends: Vec<String>,
    /// Works before `Steam.init()`: the glue makes no init check.
    pub before_init: bool,
    pub description: Vec<Block>,
    pub examples: Vec<String>,
    pub span: Span,
}

/// A parameter, with its names in every output.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Lua name (`useNetworkLoopback`).
    pub name: String,
    pub ty: LuaType,
    pub description: String,
    /// The documented default literal (`1000`, `false`, `"Reliable"`).
    pub default: Option<String>,
    /// The glue fills the default in itself (booleans and numbers); the runtime then gets a
    /// plain value.
    pub glue_default: bool,
    /// The trait parameter (`use_network_loopback`).
    pub rust: String,
    /// Its constant in `api::args` (`USE_NETWORK_LOOPBACK`).
    pub arg_const: String,
    /// The constant of its default (`USE_NETWORK_LOOPBACK_DEFAULT`).
    pub default_const: String,
    /// The LuaLS class of a table parameter that has one: the options class, or the class of
    /// its documented fields (`luasteam.sockets.ConnectionChangedData`).
    pub luals_class: Option<String>,
}

impl Param {
    /// The type the runtime receives: not optional when the glue fills in the default.
    pub fn runtime_type(&self) -> LuaType {
        if self.glue_default {
            self.ty.base().clone()
        } else {
            self.ty.clone()
        }
    }
}

/// A returned value.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub ty: LuaType,
    pub description: String,
    /// The name a returned table's field bullets are written under (`info`); empty otherwise.
    pub name: String,
    /// The names of a returned table with documented fields.
    pub table: Option<TableName>,
}

/// A documented table field, option key or constant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Field {
    /// The name without the table prefix (`state`).
    pub name: String,
    pub ty: LuaType,
    pub description: String,
    /// The Rust name (`state_old`, `r#type`'s text `type`).
    pub rust: String,
}

impl Model {
    /// Resolves a (checked) spec. Never fails: a spec the checks rejected still resolves, to
    /// whatever its text says.
    pub fn build(spec: &ir::Spec) -> Model {
        build::model(spec)
    }

    /// Classes with documented methods, in order of first appearance.
    pub fn method_classes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in self.modules.iter().flat_map(|m| &m.methods) {
            if let EntryKind::Method { class } = &f.kind {
                if !out.contains(&class.as_str()) {
                    out.push(class);
                }
            }
        }
        out
    }

    /// Every returned table with documented fields, in order, with the entry returning it.
    pub fn returned_tables(&self) -> Vec<(&Entry, &Return, &TableName)> {
        let mut out = Vec::new();
        for m in &self.modules {
            for f in m.functions.iter().chain(&m.methods) {
                for r in &f.returns {
                    if let Some(t) = &r.table {
                        out.push((f, r, t));
                    }
                }
            }
        }
        out
    }

    /// Every callback, with its module.
    pub fn callbacks(&self) -> Vec<(&Module, &Entry)> {
        self.modules
            .iter()
            .flat_map(|m| m.callbacks.iter().map(move |f| (m, f)))
            .collect()
    }

    /// SDK enums some value list uses, first use first (a function's returns, their fields,
    /// its parameters' fields; then the constants).
    pub fn used_enums<'a>(&'a self) -> Vec<&'a str> {
        let mut types: Vec<&'a LuaType> = Vec::new();
        for m in &self.modules {
            for f in m.functions.iter().chain(&m.callbacks).chain(&m.methods) {
                let returned = f.returns.iter().map(|r| &r.ty);
                for t in returned.chain(f.params.iter().map(|p| &p.ty)) {
                    t.walk(&mut |t| types.push(t));
                }
            }
            for d in &m.data {
                d.ty.walk(&mut |t| types.push(t));
            }
        }
        let mut names: Vec<&'a str> = Vec::new();
        for n in types.into_iter().filter_map(LuaType::sdk_enum) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }
}

impl Entry {
    /// Whether it is a method (called on a userdata receiver).
    pub fn class(&self) -> Option<&str> {
        match &self.kind {
            EntryKind::Method { class } => Some(class),
            _ => None,
        }
    }

    /// The callback names, for a callback.
    pub fn callback(&self) -> Option<&CallbackNames> {
        match &self.kind {
            EntryKind::Callback(c) => Some(c),
            _ => None,
        }
    }

    /// The fields of a callback's data table (its first parameter), if it has one.
    pub fn data_fields(&self) -> &[Field] {
        self.params.first().map(|p| p.ty.fields()).unwrap_or(&[])
    }
}

/// `REASON` for parameter `reason`: its constant in `api::args`.
pub fn arg_const(param: &str) -> String {
    snake_case(param).to_uppercase()
}

/// `REASON_DEFAULT`: the constant of a parameter's documented default.
pub fn default_const(param: &str) -> String {
    format!("{}_DEFAULT", arg_const(param))
}

/// The class every `options` table parameter gets in LuaLS; the keys are
/// ESteamNetworkingConfigValue names, one namespace for every module.
pub const OPTIONS_CLASS: &str = "luasteam.Options";

#[cfg(test)]
mod tests {
    use super::names::returned_table;
    use super::*;

    fn table_return(name: &str) -> ir::Return {
        ir::Return {
            ty: "table".into(),
            name: name.into(),
            fields: vec![ir::Field::default()],
            ..ir::Return::default()
        }
    }

    #[test]
    fn module_kinds_name_their_tables() {
        let core = ModuleKind::named("core");
        assert!(core.is_core());
        assert_eq!(core.lua_table(), "Steam");
        assert_eq!(core.trait_name(), "CoreApi");
        let s = ModuleKind::named("networkingUtils");
        assert_eq!(s.lua_table(), "Steam.networkingUtils");
        assert_eq!(s.luals_prefix(), "luasteam.networkingUtils");
        assert_eq!(s.trait_name(), "NetworkingUtilsApi");
        assert_eq!(s.args_module(), "networking_utils");
    }

    #[test]
    fn a_returned_table_has_one_name_in_rust_and_luals() {
        let m = ModuleKind::named("sockets");
        let f = ir::Function {
            name: "getConnectionInfo".into(),
            returns: vec![table_return("info")],
            ..ir::Function::default()
        };
        let n = returned_table(&m, &f, 0).unwrap();
        assert_eq!(n.rust, "SocketsConnectionInfo");
        assert_eq!(n.luals, "luasteam.sockets.ConnectionInfo");
        let g = ir::Function {
            name: "poll".into(),
            returns: vec![table_return("a"), table_return("extra")],
            ..ir::Function::default()
        };
        assert_eq!(returned_table(&m, &g, 0).unwrap().rust, "SocketsPollResult");
        assert_eq!(
            returned_table(&m, &g, 1).unwrap().luals,
            "luasteam.sockets.PollResultExtra"
        );
    }

    #[test]
    fn methods_are_named_after_their_class() {
        let f = ir::Function {
            name: "getAddress".into(),
            qualified: "ListenSocket:getAddress".into(),
            class: Some("ListenSocket".into()),
            ..ir::Function::default()
        };
        let n = EntryNames::of(&ModuleKind::named("sockets"), &f);
        assert_eq!(n.rust, "listen_socket_get_address");
        assert_eq!(n.label, "ListenSocket:getAddress");
        assert_eq!(n.path, "ListenSocket:getAddress");
        assert_eq!(n.lua_signature, "ListenSocket:getAddress()");
        assert_eq!(n.receiver.as_deref(), Some("listen_socket"));
        assert_eq!(arg_const("useNetworkLoopback"), "USE_NETWORK_LOOPBACK");
    }

    #[test]
    fn the_model_resolves_kinds_types_and_names_once() {
        let state = ir::Field {
            name: "state".into(),
            ty: "string".into(),
            values: vec!["Connected".into()],
            enum_name: Some("ESteamNetworkingConnectionState".into()),
            ..ir::Field::default()
        };
        let data = ir::Param {
            name: "data".into(),
            ty: "table".into(),
            fields: vec![state],
            ..ir::Param::default()
        };
        let spec = ir::Spec {
            modules: vec![ir::Module {
                name: "sockets".into(),
                functions: vec![ir::Function {
                    name: "close".into(),
                    qualified: "ListenSocket:close".into(),
                    class: Some("ListenSocket".into()),
                    ..ir::Function::default()
                }],
                callbacks: vec![ir::Function {
                    name: "onConnectionChanged".into(),
                    qualified: "sockets.onConnectionChanged".into(),
                    params: vec![data],
                    ..ir::Function::default()
                }],
                ..ir::Module::default()
            }],
        };
        let model = Model::build(&spec);
        let m = &model.modules[0];
        assert_eq!(m.kind, ModuleKind::Interface("sockets".into()));
        assert_eq!(m.source, "spec/sockets.rst");
        assert_eq!(model.classes, ["ListenSocket"]);
        let cb = &m.callbacks[0];
        assert_eq!(
            cb.callback().map(|c| c.rust.as_str()),
            Some("SocketsConnectionChangedData")
        );
        assert_eq!(
            cb.params[0].luals_class.as_deref(),
            Some("luasteam.sockets.ConnectionChangedData")
        );
        assert_eq!(
            cb.data_fields()[0].ty.sdk_enum(),
            Some("ESteamNetworkingConnectionState")
        );
        assert_eq!(model.used_enums(), ["ESteamNetworkingConnectionState"]);
    }
}
