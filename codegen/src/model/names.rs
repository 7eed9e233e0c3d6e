//! The naming pass: every Rust, Lua and LuaLS name of an entry, a returned table or a
//! callback's data, computed once while the model is built; and the name conversions, the only
//! ones the generator uses.

use super::{CallbackNames, ModuleKind};
use crate::ir;
use proc_macro2::Ident;
use quote::format_ident;

/// The names of one entry, for every output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryNames {
    /// The key it is stored under in its table (`closeListenSocket`, `close`); also how
    /// argument errors name it, as Lua's own do.
    pub lua: String,
    /// As written in the directive (`sockets.closeListenSocket`, `ListenSocket:close`).
    pub qualified: String,
    /// How errors other than bad arguments name it: `closeListenSocket`,
    /// `ListenSocket:close` for a method.
    pub label: String,
    /// The trait method and the module of its argument constants: `close_listen_socket`,
    /// `listen_socket_close` for a method.
    pub rust: String,
    /// The trait parameter a method's receiver arrives in (`listen_socket`).
    pub receiver: Option<String>,
    /// Where a script finds it: `Steam.sockets.closeListenSocket`, `ListenSocket:close`.
    pub path: String,
    /// The directive's signature, optional parameters in brackets:
    /// `sockets.closeConnection(connection [, linger])`.
    pub signature: String,
    /// The signature as a script calls it: `Steam.sockets.closeConnection(connection [, linger])`,
    /// `ListenSocket:close()`.
    pub lua_signature: String,
}

impl EntryNames {
    pub fn of(kind: &ModuleKind, f: &ir::Function) -> EntryNames {
        let signature = signature(&f.qualified, &f.params);
        match &f.class {
            Some(class) => EntryNames {
                lua: f.name.clone(),
                qualified: f.qualified.clone(),
                label: f.qualified.clone(),
                rust: format!("{}_{}", snake_case(class), snake_case(&f.name)),
                receiver: Some(snake_case(class)),
                path: format!("{class}:{}", f.name),
                lua_signature: signature.clone(),
                signature,
            },
            None => EntryNames {
                lua: f.name.clone(),
                qualified: f.qualified.clone(),
                label: f.name.clone(),
                rust: snake_case(&f.name),
                receiver: None,
                path: format!("{}.{}", kind.lua_table(), f.name),
                lua_signature: format!("Steam.{signature}"),
                signature,
            },
        }
    }
}

/// `name(a [, b [, c]])`: optional parameters nest their brackets, the separator inside.
fn signature(name: &str, params: &[ir::Param]) -> String {
    let mut sig = String::new();
    let mut open = 0;
    for (i, p) in params.iter().enumerate() {
        match (p.optional, i) {
            (true, 0) => sig.push('['),
            (true, _) => sig.push_str(" [, "),
            (false, 0) => {}
            (false, _) => sig.push_str(", "),
        }
        open += usize::from(p.optional);
        sig.push_str(&p.name);
    }
    format!("{name}({sig}{})", "]".repeat(open))
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

impl TableName {
    /// A table named `base` in module `kind`: Rust prefixes the module, LuaLS its namespace.
    fn in_module(kind: &ModuleKind, base: &str) -> TableName {
        TableName {
            rust: format!("{}{base}", pascal_case(kind.name())),
            luals: format!("{}.{base}", kind.luals_prefix()),
        }
    }
}

/// The name of return value `index` of `f`, if it is a table with documented fields.
pub fn returned_table(kind: &ModuleKind, f: &ir::Function, index: usize) -> Option<TableName> {
    let r = f.returns.get(index).filter(|r| !r.fields.is_empty())?;
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
    Some(TableName::in_module(kind, &base))
}

/// `onConnectionChanged` -> `ConnectionChanged`: the event a callback is named after.
pub fn event_name(callback: &str) -> String {
    match callback.strip_prefix("on") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => pascal_case(callback),
    }
}

/// The class of a table parameter with documented fields: `ConnectionChangedData` for the
/// `data` of callback `onConnectionChanged`, `CreatePollGroupSettings` for a `settings` table
/// of function `createPollGroup`.
pub fn param_table(
    kind: &ModuleKind,
    f: &ir::Function,
    p: &ir::Param,
    callback: bool,
) -> TableName {
    let entry = if callback {
        event_name(&f.name)
    } else {
        pascal_case(&f.name)
    };
    TableName::in_module(kind, &format!("{entry}{}", pascal_case(&p.name)))
}

/// The names of callback `f`: its event variant, and one name for its data in Rust and LuaLS
/// (the data table's class, see [`param_table`]; `...Args` for separate arguments, `...Data`
/// for a callback without parameters).
pub fn callback(kind: &ModuleKind, f: &ir::Function) -> CallbackNames {
    let table = f.params.first().filter(|p| !p.fields.is_empty());
    let scalar = table.is_none() && !f.params.is_empty();
    let rust = match table {
        Some(p) => param_table(kind, f, p, true).rust,
        None => {
            let suffix = if scalar { "Args" } else { "Data" };
            TableName::in_module(kind, &format!("{}{suffix}", event_name(&f.name))).rust
        }
    };
    CallbackNames {
        variant: format!("{}{}", pascal_case(kind.name()), pascal_case(&f.name)),
        rust,
        scalar,
    }
}

/// `createListenSocketIP` -> `create_listen_socket_ip`, `bEnableLinger` -> `b_enable_linger`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = if i > 0 { Some(chars[i - 1]) } else { None };
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() => true,
                // A digit inside an acronym (`P2P`) joins it; after a word (`v2Port`) it ends it.
                Some(p) if p.is_ascii_digit() => chars[..i]
                    .iter()
                    .rev()
                    .find(|c| !c.is_ascii_digit())
                    .is_some_and(|c| c.is_ascii_lowercase()),
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `onConnectionChanged` -> `OnConnectionChanged`, `state_old` -> `StateOld`,
/// `createListenSocketIP` -> `CreateListenSocketIP`: every word capitalised, acronyms kept.
pub fn pascal_case(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async",
    "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// An identifier for a Lua name, raw when it is a Rust keyword.
pub fn ident(snake: &str) -> Ident {
    if KEYWORDS.contains(&snake) {
        format_ident!("r#{}", snake)
    } else {
        format_ident!("{}", snake)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_acronyms_and_camel_humps() {
        assert_eq!(
            snake_case("createListenSocketIP"),
            "create_listen_socket_ip"
        );
        assert_eq!(snake_case("connectByIPAddress"), "connect_by_ip_address");
        assert_eq!(snake_case("bEnableLinger"), "b_enable_linger");
        assert_eq!(snake_case("state_old"), "state_old");
        assert_eq!(snake_case("runCallbacks"), "run_callbacks");
        assert_eq!(snake_case("connectP2P"), "connect_p2p");
        assert_eq!(
            snake_case("createListenSocketP2P"),
            "create_listen_socket_p2p"
        );
        assert_eq!(snake_case("v2Port"), "v2_port");
    }

    #[test]
    fn pascal_case_joins_words() {
        assert_eq!(pascal_case("onConnectionChanged"), "OnConnectionChanged");
        assert_eq!(pascal_case("networkingUtils"), "NetworkingUtils");
        assert_eq!(pascal_case("state_old"), "StateOld");
        assert_eq!(pascal_case("createListenSocketIP"), "CreateListenSocketIP");
    }

    #[test]
    fn callback_data_has_one_name_in_rust_and_luals() {
        let sockets = ModuleKind::named("sockets");
        let data = ir::Param {
            name: "data".into(),
            fields: vec![ir::Field::default()],
            ..ir::Param::default()
        };
        let f = ir::Function {
            name: "onConnectionChanged".into(),
            params: vec![data.clone()],
            ..ir::Function::default()
        };
        let names = callback(&sockets, &f);
        assert_eq!(names.variant, "SocketsOnConnectionChanged");
        assert_eq!(names.rust, "SocketsConnectionChangedData");
        assert!(!names.scalar);
        let class = param_table(&sockets, &f, &data, true);
        assert_eq!(class.rust, names.rust);
        assert_eq!(class.luals, "luasteam.sockets.ConnectionChangedData");
        let utils = ModuleKind::named("networkingUtils");
        let g = ir::Function {
            name: "onDebugOutput".into(),
            params: vec![ir::Param::default(), ir::Param::default()],
            ..ir::Function::default()
        };
        let names = callback(&utils, &g);
        assert_eq!(names.rust, "NetworkingUtilsDebugOutputArgs");
        assert!(names.scalar);
    }

    #[test]
    fn signatures_bracket_optional_parameters() {
        let p = |name: &str, optional| ir::Param {
            name: name.into(),
            optional,
            ..ir::Param::default()
        };
        let f = ir::Function {
            name: "closeConnection".into(),
            qualified: "sockets.closeConnection".into(),
            params: vec![p("connection", false), p("linger", true), p("reason", true)],
            ..ir::Function::default()
        };
        let n = EntryNames::of(&ModuleKind::named("sockets"), &f);
        assert_eq!(
            n.lua_signature,
            "Steam.sockets.closeConnection(connection [, linger [, reason]])"
        );
        assert_eq!(n.path, "Steam.sockets.closeConnection");
        let g = ir::Function {
            qualified: "sockets.createSocketPair".into(),
            params: vec![p("loopback", true)],
            ..ir::Function::default()
        };
        let n = EntryNames::of(&ModuleKind::named("sockets"), &g);
        assert_eq!(n.signature, "sockets.createSocketPair([loopback])");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("socket").to_string(), "socket");
    }
}
