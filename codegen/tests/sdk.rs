//! The real steam_api.json (from the steamworks-sys crate) has the facts the runtime relies on.

use luasteam_codegen::sdk::{locate, ConfigType, Sdk};
use std::path::Path;
use std::time::Instant;

fn real_sdk() -> Sdk {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = locate(&root).expect("steam_api.json is found for the workspace");
    let start = Instant::now();
    let sdk = Sdk::load(&path).expect("steam_api.json loads");
    println!("loaded {} in {:?}", path.display(), start.elapsed());
    sdk
}

fn value(sdk: &Sdk, enum_name: &str, value: &str) -> Option<i64> {
    sdk.enum_by_name(enum_name)?.value_of(value)
}

#[test]
fn real_sdk_has_the_values_the_runtime_relies_on() {
    let sdk = real_sdk();
    assert_eq!(value(&sdk, "EResult", "OK"), Some(1));
    assert_eq!(value(&sdk, "EResult", "InvalidParam"), Some(8));
    assert_eq!(value(&sdk, "EResult", "InvalidState"), Some(11));
    let state = "ESteamNetworkingConnectionState";
    assert_eq!(value(&sdk, state, "Connected"), Some(3));
    assert_eq!(value(&sdk, state, "ClosedByPeer"), Some(4));
    assert_eq!(value(&sdk, state, "ProblemDetectedLocally"), Some(5));
    assert_eq!(
        value(&sdk, "ESteamNetworkingConfigValue", "TimeoutInitial"),
        Some(24)
    );
    let flags = sdk.send_flags();
    assert!(flags.contains(&("Reliable", 8)), "{flags:?}");
    assert!(flags.contains(&("ReliableNoNagle", 9)), "{flags:?}");
}

#[test]
fn real_sdk_has_the_wrapped_methods_and_callbacks() {
    let sdk = real_sdk();
    assert!(sdk.has_method("ISteamNetworkingSockets", "CreateListenSocketIP"));
    assert!(sdk.has_method("ISteamNetworkingSockets", "AcceptConnection"));
    assert!(!sdk.has_method("ISteamNetworkingSockets", "NoSuchMethod"));
    assert!(sdk
        .callback("SteamNetConnectionStatusChangedCallback_t")
        .is_some());
}

#[test]
fn real_header_gives_config_value_data_types() {
    let sdk = real_sdk();
    assert_eq!(sdk.config_type("TimeoutInitial"), Some(ConfigType::Int32));
    assert_eq!(
        sdk.config_type("ConnectionUserData"),
        Some(ConfigType::Int64)
    );
    assert_eq!(
        sdk.config_type("FakePacketLoss_Send"),
        Some(ConfigType::Float)
    );
    assert_eq!(
        sdk.config_type("P2P_STUN_ServerList"),
        Some(ConfigType::String)
    );
    assert_eq!(
        sdk.config_type("Callback_ConnectionStatusChanged"),
        Some(ConfigType::Ptr)
    );
}

#[test]
fn real_sdk_loads_quickly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let start = Instant::now();
    let path = locate(&root).expect("located");
    let located = start.elapsed();
    let sdk = Sdk::load(&path).expect("loads");
    let total = start.elapsed();
    println!(
        "locate {located:?}, locate+load {total:?}, {} enums",
        sdk.enums().len()
    );
    // Generous bound: debug builds parse far slower than the release CLI.
    assert!(total.as_millis() < 2000, "took {total:?}");
}

#[test]
fn real_headers_document_the_results_of_wrapped_methods() {
    let sdk = real_sdk();
    let lanes = sdk
        .documented_results("ISteamNetworkingSockets", "ConfigureConnectionLanes")
        .expect("the header documents ConfigureConnectionLanes' results");
    for v in ["NoConnection", "InvalidParam", "InvalidState"] {
        assert!(lanes.values.iter().any(|x| x == v), "{lanes:?}");
    }
    assert_eq!(lanes.file, "isteamnetworkingsockets.h");
    let send = sdk
        .documented_results("ISteamNetworkingSockets", "SendMessageToConnection")
        .expect("SendMessageToConnection");
    assert!(send.values.iter().any(|v| v == "LimitExceeded"), "{send:?}");
    // SendMessages returns void: its comment only points to another method's codes.
    assert!(sdk
        .documented_results("ISteamNetworkingSockets", "SendMessages")
        .is_none());
    assert!(sdk
        .documented_results("ISteamNetworkingUtils", "GetRealIdentityForFakeIP")
        .is_some());
}
