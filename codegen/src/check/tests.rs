use super::check;
use crate::diag::{Diagnostic, Severity};
use crate::ir::{Field, Function, Module, Param, Return, Span, Spec, SteamLink};
use crate::sdk::Sdk;

const JSON: &str = r#"{
  "interfaces": [
    {"classname": "ISteamNetworkingSockets", "methods": [
      {"methodname": "CreateListenSocketIP", "methodname_flat": "F1", "params": [], "returntype": "int"},
      {"methodname": "AcceptConnection", "methodname_flat": "F2", "params": [], "returntype": "EResult"}
    ]},
    {"classname": "ISteamNetworkingUtils", "methods": [
      {"methodname": "GetLocalTimestamp", "methodname_flat": "F3", "params": [], "returntype": "int"}
    ]}
  ],
  "callback_structs": [
    {"struct": "SteamNetConnectionStatusChangedCallback_t", "callback_id": 1221, "fields": []}
  ],
  "enums": [
    {"enumname": "EResult", "values": [
      {"name": "k_EResultNone", "value": "0"}, {"name": "k_EResultOK", "value": "1"},
      {"name": "k_EResultInvalidParam", "value": "8"}, {"name": "k_EResultInvalidState", "value": "11"}
    ]},
    {"enumname": "ESteamNetworkingConnectionState", "values": [
      {"name": "k_ESteamNetworkingConnectionState_None", "value": "0"},
      {"name": "k_ESteamNetworkingConnectionState_Connecting", "value": "1"},
      {"name": "k_ESteamNetworkingConnectionState__Force32Bit", "value": "2147483647"}
    ]},
    {"enumname": "ESteamNetworkingConfigValue", "values": [
      {"name": "k_ESteamNetworkingConfig_TimeoutInitial", "value": "24"},
      {"name": "k_ESteamNetworkingConfig_P2P_STUN_ServerList", "value": "103"},
      {"name": "k_ESteamNetworkingConfig_Callback_ConnectionStatusChanged", "value": "201"}
    ]}
  ],
  "consts": [], "structs": [], "typedefs": []
}"#;

const HEADER: &str = "enum ESteamNetworkingConfigValue
{
\t/// [connection int32] t
\tk_ESteamNetworkingConfig_TimeoutInitial = 24,

\t/// [connection string] s
\tk_ESteamNetworkingConfig_P2P_STUN_ServerList = 103,

\t/// [connection FnSteamNetConnectionStatusChanged] c
\tk_ESteamNetworkingConfig_Callback_ConnectionStatusChanged = 201,
};
";

fn sdk() -> Sdk {
    Sdk::from_texts(JSON, Some(HEADER)).expect("test sdk")
}

fn at(line: usize) -> Span {
    Span {
        file: "spec/sockets.rst".into(),
        line,
        col: 5,
    }
}

fn link(name: &str, line: usize) -> Option<SteamLink> {
    let url = format!("https://partner.steamgames.com/doc/api/ISteamNetworkingSockets#{name}");
    Some(SteamLink {
        name: name.into(),
        url,
        span: at(line),
    })
}

fn function(name: &str, steam: &str, line: usize) -> Function {
    Function {
        name: name.into(),
        qualified: format!("sockets.{name}"),
        steamworks: link(steam, line + 3),
        span: at(line),
        ..Function::default()
    }
}

fn sockets(functions: Vec<Function>) -> Spec {
    let module = Module {
        name: "sockets".into(),
        title: "ISteamNetworkingSockets".into(),
        functions,
        span: at(1),
        ..Module::default()
    };
    Spec {
        modules: vec![module],
    }
}

fn run(spec: &mut Spec) -> Vec<String> {
    check(spec, &sdk())
        .iter()
        .map(Diagnostic::to_string)
        .collect()
}

fn values(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn matching_method_link_passes_cleanly() {
    let mut spec = sockets(vec![function(
        "createListenSocketIP",
        "CreateListenSocketIP",
        10,
    )]);
    assert_eq!(run(&mut spec), Vec::<String>::new());
}

#[test]
fn unknown_method_is_an_error_at_the_link() {
    let mut spec = sockets(vec![function("listen", "Listen", 10)]);
    let diags = run(&mut spec);
    assert!(diags.contains(
        &"spec/sockets.rst:13:5: error: `Listen` is not a method of ISteamNetworkingSockets"
            .to_string()
    ));
}

#[test]
fn lua_name_other_than_lower_camel_is_a_warning() {
    let mut spec = sockets(vec![function("listen", "CreateListenSocketIP", 10)]);
    let diags = check(&mut spec, &sdk());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert!(
        diags[0].message.contains("expected `createListenSocketIP`"),
        "{}",
        diags[0]
    );
}

#[test]
fn url_anchor_must_name_the_method() {
    let mut f = function("acceptConnection", "AcceptConnection", 10);
    if let Some(l) = f.steamworks.as_mut() {
        l.url = "https://partner.steamgames.com/doc/api/ISteamNetworkingSockets#Accept".into();
    }
    let diags = check(&mut sockets(vec![f]), &sdk());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert!(diags[0].message.contains("`#Accept`"));
}

#[test]
fn method_of_a_sibling_interface_is_only_a_warning() {
    let mut spec = sockets(vec![function("getLocalTimestamp", "GetLocalTimestamp", 10)]);
    let diags = check(&mut spec, &sdk());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert!(diags[0].message.contains("ISteamNetworkingUtils"));
}

#[test]
fn networking_utils_module_checks_against_its_interface() {
    let mut spec = sockets(vec![function("getLocalTimestamp", "GetLocalTimestamp", 10)]);
    spec.modules[0].name = "networkingUtils".into();
    spec.modules[0].title = "Networking utilities".into();
    assert_eq!(run(&mut spec), Vec::<String>::new());
}

#[test]
fn core_functions_may_link_to_flat_api_functions() {
    let mut spec = sockets(vec![function("init", "SteamAPI_Init", 10)]);
    spec.modules[0].name = "core".into();
    spec.modules[0].title = "Steam".into();
    if let Some(l) = spec.modules[0].functions[0].steamworks.as_mut() {
        l.url = "u#SteamAPI_Init".into();
    }
    assert_eq!(run(&mut spec), Vec::<String>::new());
}

#[test]
fn callback_link_must_be_a_callback_struct() {
    let mut spec = sockets(Vec::new());
    let good = function(
        "onConnectionChanged",
        "SteamNetConnectionStatusChangedCallback_t",
        20,
    );
    let bad = function("onOther", "CreateListenSocketIP", 30);
    spec.modules[0].callbacks = vec![good, bad];
    let diags = run(&mut spec);
    assert_eq!(
        diags,
        vec![
            "spec/sockets.rst:33:5: error: `CreateListenSocketIP` is not a SteamWorks callback \
              struct"
                .to_string()
        ]
    );
}

#[test]
fn return_values_resolve_to_their_enum() {
    let mut f = function("acceptConnection", "AcceptConnection", 10);
    let values = values(&["OK", "InvalidParam", "InvalidState"]);
    f.returns = vec![Return {
        ty: "string".into(),
        values,
        span: at(12),
        ..Return::default()
    }];
    let mut spec = sockets(vec![f]);
    assert_eq!(run(&mut spec), Vec::<String>::new());
    let enum_name = spec.modules[0].functions[0].returns[0].enum_name.as_deref();
    assert_eq!(enum_name, Some("EResult"));
}

#[test]
fn ambiguous_value_lists_prefer_the_listed_enums_in_order() {
    let field = |vals: &[&str]| Field {
        values: values(vals),
        span: at(25),
        ..Field::default()
    };
    let mut cb = function(
        "onConnectionChanged",
        "SteamNetConnectionStatusChangedCallback_t",
        20,
    );
    cb.params = vec![Param {
        name: "data".into(),
        fields: vec![field(&["None", "Connecting"]), field(&["None"])],
        ..Param::default()
    }];
    let mut spec = sockets(Vec::new());
    spec.modules[0].callbacks = vec![cb];
    assert_eq!(run(&mut spec), Vec::<String>::new());
    let fields = &spec.modules[0].callbacks[0].params[0].fields;
    assert_eq!(
        fields[0].enum_name.as_deref(),
        Some("ESteamNetworkingConnectionState")
    );
    assert_eq!(fields[1].enum_name.as_deref(), Some("EResult"));
}

#[test]
fn unknown_value_is_an_error_naming_value_and_enum() {
    let mut f = function("acceptConnection", "AcceptConnection", 10);
    let values = values(&["OK", "Okay"]);
    f.returns = vec![Return {
        ty: "string".into(),
        values,
        span: at(12),
        ..Return::default()
    }];
    let mut spec = sockets(vec![f]);
    assert_eq!(
        run(&mut spec),
        vec!["spec/sockets.rst:12:5: error: `Okay` is not a value of EResult".to_string()]
    );
    assert_eq!(spec.modules[0].functions[0].returns[0].enum_name, None);
}

#[test]
fn force32bit_sentinels_are_not_values() {
    let mut f = function("acceptConnection", "AcceptConnection", 10);
    let values = values(&["Force32Bit"]);
    f.returns = vec![Return {
        ty: "string".into(),
        values,
        span: at(12),
        ..Return::default()
    }];
    let diags = run(&mut sockets(vec![f]));
    assert_eq!(diags.len(), 1);
    assert!(diags[0].contains("no SteamWorks enum"), "{}", diags[0]);
}

fn option(name: &str, ty: &str, line: usize) -> Field {
    Field {
        name: name.into(),
        ty: ty.into(),
        span: at(line),
        ..Field::default()
    }
}

#[test]
fn option_keys_are_config_values_with_fitting_types() {
    let mut spec = sockets(Vec::new());
    spec.modules[0].options = vec![
        option("TimeoutInitial", "integer", 40),
        option("P2P_STUN_ServerList", "string", 41),
    ];
    assert_eq!(run(&mut spec), Vec::<String>::new());
    let names: Vec<_> = spec.modules[0]
        .options
        .iter()
        .map(|o| o.enum_name.as_deref())
        .collect();
    assert_eq!(names, vec![Some("ESteamNetworkingConfigValue"); 2]);
}

#[test]
fn int32_options_may_be_documented_as_boolean() {
    let mut spec = sockets(Vec::new());
    spec.modules[0].options = vec![option("TimeoutInitial", "boolean", 40)];
    assert_eq!(run(&mut spec), Vec::<String>::new());
}

#[test]
fn bad_option_keys_and_types_are_errors() {
    let mut spec = sockets(Vec::new());
    spec.modules[0].options = vec![
        option("Timeout", "integer", 40),
        option("TimeoutInitial", "string", 41),
        option("Callback_ConnectionStatusChanged", "function", 42),
    ];
    let diags = run(&mut spec);
    assert_eq!(diags.len(), 3, "{diags:?}");
    assert!(diags[0].starts_with("spec/sockets.rst:40:5: error: option `Timeout` is not a value"));
    assert!(
        diags[1].contains("documented as `string` but the SDK type is int32"),
        "{}",
        diags[1]
    );
    assert!(diags[2].contains("callback pointer"), "{}", diags[2]);
}

/// `isteamnetworkingsockets.h` as far as the result check reads it.
const SOCKETS_HEADER: &str = "class ISteamNetworkingSockets
{
\t/// Returns k_EResultInvalidParam if the handle is invalid.
\t/// Returns k_EResultInvalidState if the connection is not in the appropriate state.
\tvirtual EResult AcceptConnection( HSteamNetConnection hConn ) = 0;
};
";

fn accept_returning(listed: &[&str]) -> Spec {
    let mut f = function("acceptConnection", "AcceptConnection", 10);
    f.returns = vec![Return {
        ty: "string".into(),
        values: values(listed),
        span: at(12),
        ..Return::default()
    }];
    sockets(vec![f])
}

fn run_with_header(spec: &mut Spec) -> Vec<String> {
    let mut sdk = sdk();
    sdk.add_interface_header("isteamnetworkingsockets.h", SOCKETS_HEADER);
    check(spec, &sdk)
        .iter()
        .map(Diagnostic::to_string)
        .collect()
}

#[test]
fn a_result_list_missing_values_the_header_documents_is_a_warning() {
    let mut spec = accept_returning(&["OK", "InvalidParam"]);
    assert_eq!(
        run_with_header(&mut spec),
        [
            "spec/sockets.rst:12:5: warning: the results of `sockets.acceptConnection` miss \
          `InvalidState`, which isteamnetworkingsockets.h:3 documents for \
          ISteamNetworkingSockets::AcceptConnection; list every value the function can return"
        ]
    );
    let diags = check(&mut accept_returning(&["OK"]), &{
        let mut sdk = sdk();
        sdk.add_interface_header("isteamnetworkingsockets.h", SOCKETS_HEADER);
        sdk
    });
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
    assert!(
        diags[0].message.contains("`InvalidParam`, `InvalidState`"),
        "{diags:?}"
    );
}

#[test]
fn a_complete_result_list_or_an_undocumented_method_passes() {
    let mut spec = accept_returning(&["OK", "InvalidParam", "InvalidState"]);
    assert_eq!(run_with_header(&mut spec), Vec::<String>::new());
    // Without the header (or for methods it says nothing about) there is nothing to compare.
    let mut spec = accept_returning(&["OK", "InvalidParam"]);
    assert_eq!(run(&mut spec), Vec::<String>::new());
}
