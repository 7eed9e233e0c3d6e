use super::*;
use crate::ir::{Block, Field, Function, Module, Param, Return, Spec, SteamLink};

fn spec() -> Spec {
    let core = Module {
        name: "core".into(),
        title: "Core".into(),
        functions: vec![Function {
            name: "init".into(),
            qualified: "init".into(),
            returns: vec![
                Return {
                    ty: "boolean".into(),
                    description: "``true`` when ready".into(),
                    ..Default::default()
                },
                Return {
                    ty: "string".into(),
                    optional: true,
                    description: "why not".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }],
        data: vec![Field {
            name: "backend".into(),
            ty: "string".into(),
            description: "Either ``\"standalone\"`` or ``\"steam\"``.".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let state = |name: &str| Field {
        name: name.into(),
        ty: "string".into(),
        values: vec!["None".into(), "Connected".into()],
        enum_name: Some("ESteamNetworkingConnectionState".into()),
        description: "a state".into(),
        ..Default::default()
    };
    let sockets = Module {
        name: "sockets".into(),
        title: "ISteamNetworkingSockets".into(),
        intro: vec![Block::Paragraph {
            text: "Sockets, see :func:`sockets.acceptConnection`.".into(),
        }],
        functions: vec![
            Function {
                name: "createListenSocketIP".into(),
                params: vec![
                    Param {
                        name: "address".into(),
                        ty: "string".into(),
                        description: "Where\nto bind.".into(),
                        ..Default::default()
                    },
                    Param {
                        name: "options".into(),
                        ty: "table".into(),
                        optional: true,
                        ..Default::default()
                    },
                ],
                returns: vec![Return {
                    ty: "ListenSocket".into(),
                    description: "the socket".into(),
                    ..Default::default()
                }],
                fails: Some("when the port is taken".into()),
                steamworks: Some(SteamLink {
                    name: "CreateListenSocketIP".into(),
                    url: "https://x/#C".into(),
                    ..Default::default()
                }),
                examples: vec!["local s = Steam.sockets.createListenSocketIP(\"[::]:1\")".into()],
                ..Default::default()
            },
            Function {
                name: "acceptConnection".into(),
                params: vec![Param {
                    name: "connection".into(),
                    ty: "integer".into(),
                    ..Default::default()
                }],
                returns: vec![Return {
                    ty: "string".into(),
                    values: vec!["OK".into(), "InvalidParam".into()],
                    enum_name: Some("EResult".into()),
                    ..Default::default()
                }],
                ..Default::default()
            },
        ],
        callbacks: vec![Function {
            name: "onConnectionChanged".into(),
            params: vec![Param {
                name: "data".into(),
                ty: "table".into(),
                fields: vec![
                    state("state"),
                    state("state_old"),
                    Field {
                        name: "listenSocket".into(),
                        ty: "ListenSocket".into(),
                        optional: true,
                        ..Default::default()
                    },
                ],
                ..Default::default()
            }],
            ..Default::default()
        }],
        options: vec![Field {
            name: "NagleTime".into(),
            ty: "integer".into(),
            description: "Delay.".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    Spec {
        modules: vec![core, sockets],
    }
}

fn stub() -> String {
    let out = emit(&Model::build(&spec()), &Sdk::default()).expect("renders");
    assert_eq!(out[0].path, "generated/stubs/luasteam.lua");
    out[0].contents.clone()
}

#[test]
fn file_is_a_meta_file_returning_the_typed_steam_table() {
    let s = stub();
    assert!(s.starts_with("---@meta luasteam\n"), "{s}");
    assert!(s.contains("---@class luasteam\n"), "{s}");
    assert!(s.contains("local Steam = {}\n"), "{s}");
    assert!(s.ends_with("return Steam\n"), "{s}");
}

#[test]
fn enum_value_sets_become_aliases_named_after_the_sdk_enum_and_are_shared() {
    let s = stub();
    assert!(
        s.contains("---@alias luasteam.ConnectionState \"None\"|\"Connected\"\n"),
        "{s}"
    );
    assert!(
        s.contains("---@alias luasteam.Result \"OK\"|\"InvalidParam\"\n"),
        "{s}"
    );
    assert!(
        s.contains("---@field state luasteam.ConnectionState a state\n"),
        "{s}"
    );
    assert!(
        s.contains("---@field state_old luasteam.ConnectionState a state\n"),
        "{s}"
    );
    assert!(s.contains("---@return luasteam.Result\n"), "{s}");
}

#[test]
fn failing_functions_return_nil_or_value_then_a_message() {
    let s = stub();
    assert!(
        s.contains("---@param address string Where to bind.\n"),
        "{s}"
    );
    assert!(s.contains("---@param options? luasteam.Options\n"), "{s}");
    assert!(
        s.contains("---@return luasteam.ListenSocket|nil # the socket (`nil` on failure)\n"),
        "{s}"
    );
    assert!(s.contains("---@return string? message #"), "{s}");
    assert!(
        s.contains("function Steam.sockets.createListenSocketIP(address, options) end\n"),
        "{s}"
    );
    assert!(
        s.contains("--- See [CreateListenSocketIP](https://x/#C).\n"),
        "{s}"
    );
    assert!(
        s.contains(
            "--- ```lua\n--- local s = Steam.sockets.createListenSocketIP(\"[::]:1\")\n--- ```\n"
        ),
        "{s}"
    );
}

#[test]
fn callbacks_are_optional_function_fields_with_a_data_class() {
    let s = stub();
    assert!(
        s.contains("---@class luasteam.sockets.ConnectionChangedData\n"),
        "{s}"
    );
    assert!(
        s.contains("---@field listenSocket luasteam.ListenSocket?\n"),
        "{s}"
    );
    assert!(
        s.contains(
            "---@field onConnectionChanged? fun(data: luasteam.sockets.ConnectionChangedData)\n"
        ),
        "{s}"
    );
    assert!(
        s.contains("---@class luasteam.ListenSocket: userdata\n"),
        "{s}"
    );
}

#[test]
fn core_constants_are_fields_of_the_luasteam_class_and_modules_are_classes() {
    let s = stub();
    assert!(
        s.contains("---@field backend \"standalone\"|\"steam\" Either"),
        "{s}"
    );
    // A `---@field sockets` would hide the module's functions from EmmyLua.
    assert!(!s.contains("---@field sockets "), "{s}");
    assert!(s.contains("---@class luasteam.sockets\n"), "{s}");
    assert!(s.contains("\nSteam.sockets = {}\n"), "{s}");
    assert!(s.contains("---@return boolean # `true` when ready\n---@return string? # why not\nfunction Steam.init() end\n"), "{s}");
    assert!(
        s.contains("---@class luasteam.Options\n---@field NagleTime? integer Delay.\n"),
        "{s}"
    );
    assert!(
        s.contains("--- Sockets, see `sockets.acceptConnection`.\n---@class luasteam.sockets\n"),
        "{s}"
    );
}

#[test]
fn inline_rst_becomes_markdown() {
    assert_eq!(
        doc::inline("``a`` :func:`b.c` `Name <https://u>`_ `t`"),
        "`a` `b.c` [Name](https://u) `t`"
    );
    assert_eq!(doc::inline("unclosed ``x and `y"), "unclosed ``x and `y");
}

#[test]
fn alias_names_fall_back_when_the_enum_name_is_taken_by_other_values() {
    let mut a = lua::Aliases::default();
    let one = vec!["OK".to_string()];
    let two = vec!["Fail".to_string()];
    assert_eq!(a.name(&one, Some("EResult"), "AResult"), "luasteam.Result");
    assert_eq!(a.name(&two, Some("EResult"), "BResult"), "luasteam.BResult");
    assert_eq!(a.name(&one, None, "Other"), "luasteam.Result");
}

#[test]
fn no_line_ends_in_whitespace() {
    let s = stub();
    assert!(s.lines().all(|l| l == l.trim_end()), "{s}");
}

#[test]
fn returned_tables_with_fields_get_a_class() {
    let module = Module {
        name: "sockets".into(),
        functions: vec![Function {
            name: "getConnectionInfo".into(),
            qualified: "sockets.getConnectionInfo".into(),
            returns: vec![Return {
                ty: "table".into(),
                description: "what is known".into(),
                name: "info".into(),
                fields: vec![Field {
                    name: "userData".into(),
                    ty: "integer".into(),
                    description: "your number".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            fails: Some("on a bad id".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let out = render(&Model::build(&Spec {
        modules: vec![module],
    }));
    assert!(
        out.contains("--- what is known\n---@class luasteam.sockets.ConnectionInfo\n---@field userData integer your number\n"),
        "{out}"
    );
    assert!(
        out.contains("---@return luasteam.sockets.ConnectionInfo|nil # what is known"),
        "{out}"
    );
}
