//! The resolved model between check and emit: what each module is (the core table or an
//! interface's sub-table), what each entry is (function, callback or method), the Lua type of
//! every value, and every Rust, Lua and LuaLS name, computed once by one naming pass.
//!
//! The parsed [`ir::Spec`] stays the parse result (`luasteam-codegen spec` prints it); the
//! emitters take their names and kinds from here instead of recomputing them.

pub mod names;
pub mod types;

pub use types::{is_class, LuaType};

use crate::ir::{self, Function, Module};
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
    pub fn of(m: &Module) -> ModuleKind {
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
    Callback,
    /// `socket:close()`, a method of a userdata class.
    Method { class: String },
}

impl EntryKind {
    pub fn of(module: &Module, f: &Function) -> EntryKind {
        if let Some(class) = &f.class {
            return EntryKind::Method {
                class: class.clone(),
            };
        }
        if module.callbacks.iter().any(|c| std::ptr::eq(c, f)) {
            EntryKind::Callback
        } else {
            EntryKind::Function
        }
    }
}

/// The names of one entry, for every output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryNames {
    /// The key it is stored under in its table (`closeListenSocket`, `close`).
    pub lua: String,
    /// How errors other than bad arguments name it: `closeListenSocket`,
    /// `ListenSocket:close` for a method.
    pub label: String,
    /// The trait method and the module of its argument constants: `close_listen_socket`,
    /// `listen_socket_close` for a method.
    pub rust: String,
    /// The trait parameter a method's receiver arrives in (`listen_socket`).
    pub receiver: Option<String>,
}

impl EntryNames {
    pub fn of(f: &Function) -> EntryNames {
        match &f.class {
            Some(class) => EntryNames {
                lua: f.name.clone(),
                label: f.qualified.clone(),
                rust: format!("{}_{}", snake_case(class), snake_case(&f.name)),
                receiver: Some(snake_case(class)),
            },
            None => EntryNames {
                lua: f.name.clone(),
                label: f.name.clone(),
                rust: snake_case(&f.name),
                receiver: None,
            },
        }
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

/// The one name of a returned table with documented fields, used by the Rust struct and the
/// LuaLS class alike: `getConnectionInfo` returns a `ConnectionInfo` (`Sockets` + it in Rust,
/// `luasteam.sockets.` + it in LuaLS); a function not named `getX` returns a `<Function>Result`;
/// a method's tables are named after its class. A second table returned by the same function
/// adds the table's documented name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableName {
    /// `SocketsConnectionInfo`: the struct in `generated/src/tables.rs`.
    pub rust: String,
    /// `luasteam.sockets.ConnectionInfo`: the `---@class` in the stubs.
    pub luals: String,
}

/// The name of return value `index` of `f` (documented in module `m`), if it is a table with
/// documented fields.
pub fn returned_table(m: &Module, f: &Function, index: usize) -> Option<TableName> {
    let r = f.returns.get(index).filter(|r| !r.fields.is_empty())?;
    let kind = ModuleKind::of(m);
    let mut base = match f.name.strip_prefix("get") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => format!("{}Result", pascal_case(&f.name)),
    };
    if let Some(class) = &f.class {
        base = format!("{class}{base}");
    }
    let first = f.returns.iter().position(|r| !r.fields.is_empty());
    if first != Some(index) {
        base.push_str(&pascal_case(&r.name));
    }
    Some(TableName {
        rust: format!("{}{base}", pascal_case(kind.name())),
        luals: format!("{}.{base}", kind.luals_prefix()),
    })
}

/// Every returned table of the spec, in order, with the function that returns it.
pub fn returned_tables(spec: &ir::Spec) -> Vec<(&Module, &Function, &ir::Return, TableName)> {
    let mut out = Vec::new();
    for m in &spec.modules {
        for f in m.functions.iter().chain(&m.methods) {
            for (i, r) in f.returns.iter().enumerate() {
                if let Some(name) = returned_table(m, f, i) {
                    out.push((m, f, r, name));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
        let m = Module {
            name: "sockets".into(),
            ..Module::default()
        };
        let f = Function {
            name: "getConnectionInfo".into(),
            returns: vec![table_return("info")],
            ..Function::default()
        };
        let n = returned_table(&m, &f, 0).unwrap();
        assert_eq!(n.rust, "SocketsConnectionInfo");
        assert_eq!(n.luals, "luasteam.sockets.ConnectionInfo");
        let g = Function {
            name: "poll".into(),
            returns: vec![table_return("a"), table_return("extra")],
            ..Function::default()
        };
        assert_eq!(returned_table(&m, &g, 0).unwrap().rust, "SocketsPollResult");
        assert_eq!(
            returned_table(&m, &g, 1).unwrap().luals,
            "luasteam.sockets.PollResultExtra"
        );
    }

    #[test]
    fn methods_are_named_after_their_class() {
        let f = Function {
            name: "getAddress".into(),
            qualified: "ListenSocket:getAddress".into(),
            class: Some("ListenSocket".into()),
            ..Function::default()
        };
        let n = EntryNames::of(&f);
        assert_eq!(n.rust, "listen_socket_get_address");
        assert_eq!(n.label, "ListenSocket:getAddress");
        assert_eq!(n.receiver.as_deref(), Some("listen_socket"));
        assert_eq!(arg_const("useNetworkLoopback"), "USE_NETWORK_LOOPBACK");
    }
}
