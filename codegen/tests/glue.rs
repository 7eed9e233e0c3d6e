//! The glue emitter renders valid Rust for every kind of documented item.

use luasteam_codegen::emit::glue;
use luasteam_codegen::ir::{Field, Function, Module, Param, Return, Spec};

fn param(name: &str, ty: &str, optional: bool) -> Param {
    Param {
        name: name.into(),
        ty: ty.into(),
        optional,
        ..Param::default()
    }
}

fn sample() -> Spec {
    let core = Module {
        name: "core".into(),
        data: vec![Field {
            name: "backend".into(),
            ty: "string".into(),
            ..Field::default()
        }],
        functions: vec![Function {
            name: "init".into(),
            qualified: "init".into(),
            returns: vec![
                Return {
                    ty: "boolean".into(),
                    ..Return::default()
                },
                Return {
                    ty: "string".into(),
                    optional: true,
                    ..Return::default()
                },
            ],
            ..Function::default()
        }],
        ..Module::default()
    };
    let data = Param {
        fields: vec![
            Field {
                name: "connection".into(),
                ty: "integer".into(),
                ..Field::default()
            },
            Field {
                name: "state".into(),
                ty: "string".into(),
                values: vec!["Connected".into()],
                ..Field::default()
            },
            Field {
                name: "listenSocket".into(),
                ty: "ListenSocket".into(),
                optional: true,
                ..Field::default()
            },
        ],
        ..param("data", "table", false)
    };
    let sockets = Module {
        name: "sockets".into(),
        functions: vec![
            Function {
                name: "createListenSocketIP".into(),
                qualified: "sockets.createListenSocketIP".into(),
                params: vec![
                    param("address", "string", false),
                    param("options", "table", true),
                ],
                returns: vec![Return {
                    ty: "ListenSocket".into(),
                    ..Return::default()
                }],
                fails: Some("on failure".into()),
                ..Function::default()
            },
            Function {
                name: "connectP2P".into(),
                qualified: "sockets.connectP2P".into(),
                params: vec![param("type", "integer", false)],
                backends: vec!["steam".into()],
                ..Function::default()
            },
        ],
        callbacks: vec![Function {
            name: "onConnectionChanged".into(),
            qualified: "sockets.onConnectionChanged".into(),
            params: vec![data],
            ..Function::default()
        }],
        ..Module::default()
    };
    Spec {
        modules: vec![core, sockets],
    }
}

#[test]
fn glue_renders_parseable_rust_with_trait_registration_and_events() {
    let outputs = glue::emit(&sample()).expect("glue renders");
    let api = &outputs
        .iter()
        .find(|o| o.path == "generated/src/api.rs")
        .unwrap()
        .contents;
    assert!(api.contains("pub trait SocketsApi: Api"), "{api}");
    assert!(api.contains("fn create_listen_socket_ip("), "{api}");
    assert!(api.contains("type ListenSocket: 'static;"), "{api}");
    assert!(api.contains("fn backend(&self, lua: &Lua)"), "{api}");
    assert!(
        api.contains("support::not_available(\"connectP2P\""),
        "{api}"
    );
    let cbs = &outputs
        .iter()
        .find(|o| o.path == "generated/src/callbacks.rs")
        .unwrap()
        .contents;
    assert!(
        cbs.contains("pub struct SocketsOnConnectionChanged"),
        "{cbs}"
    );
    assert!(
        cbs.contains("pub listen_socket: Option<mlua::AnyUserData>"),
        "{cbs}"
    );
    assert!(cbs.contains("pub state: &'static str"), "{cbs}");
}

#[test]
fn lua_signature_brackets_optional_parameters() {
    let spec = sample();
    let f = &spec.modules[1].functions[0];
    assert_eq!(
        glue::lua_signature(f),
        "Steam.sockets.createListenSocketIP(address [, options])"
    );
}

#[test]
fn returned_tables_with_fields_become_structs_the_runtime_returns() {
    let mut spec = sample();
    let info = Return {
        ty: "table".into(),
        name: "info".into(),
        fields: vec![
            Field {
                name: "state".into(),
                ty: "string".into(),
                values: vec!["Connected".into()],
                ..Field::default()
            },
            Field {
                name: "userData".into(),
                ty: "integer".into(),
                ..Field::default()
            },
            Field {
                name: "listenSocket".into(),
                ty: "ListenSocket".into(),
                optional: true,
                ..Field::default()
            },
        ],
        ..Return::default()
    };
    spec.modules[1].functions.push(Function {
        name: "getConnectionInfo".into(),
        qualified: "sockets.getConnectionInfo".into(),
        params: vec![param("connection", "integer", false)],
        returns: vec![info],
        fails: Some("on a bad id".into()),
        ..Function::default()
    });
    let outputs = glue::emit(&spec).expect("glue renders");
    let find = |path: &str| {
        outputs
            .iter()
            .find(|o| o.path == path)
            .map(|o| o.contents.clone())
            .unwrap_or_default()
    };
    let tables = find("generated/src/tables.rs");
    assert!(
        tables.contains("pub struct SocketsGetConnectionInfo"),
        "{tables}"
    );
    assert!(tables.contains("pub state: &'static str"), "{tables}");
    assert!(tables.contains("pub user_data: i64"), "{tables}");
    assert!(
        tables.contains("t.raw_set(\"userData\", self.user_data)?;"),
        "{tables}"
    );
    assert!(
        tables.contains("impl mlua::IntoLua for SocketsGetConnectionInfo"),
        "{tables}"
    );
    let api = find("generated/src/api.rs");
    assert!(
        api.contains("Result<crate::tables::SocketsGetConnectionInfo, String>"),
        "{api}"
    );
    assert!(find("generated/src/lib.rs").contains("pub mod tables;"));
}
