//! Valve's `steam_api.json`, found inside the steamworks-sys crate, plus what the headers next
//! to it say and the JSON does not carry: the config value data types
//! (`steamnetworkingtypes.h`) and the result values each method documents
//! (`isteamnetworkingsockets.h`, `isteamnetworkingutils.h`).

mod header;
mod json;
mod locate;
mod results;

pub use locate::{locate, locked_version, ENV_OVERRIDE};
pub use results::{DocumentedResults, RESULT_HEADERS};

use std::fs;
use std::path::{Path, PathBuf};

/// Header beside steam_api.json that states each config value's data type.
pub const CONFIG_HEADER: &str = "steamnetworkingtypes.h";

/// The const-name prefix of the send flags (`k_nSteamNetworkingSend_Reliable`).
pub const SEND_FLAG_PREFIX: &str = "k_nSteamNetworkingSend_";

/// The enum listing the networking config values (option keys).
pub const CONFIG_ENUM: &str = "ESteamNetworkingConfigValue";

/// The parts of steam_api.json the generator needs, in SDK order.
#[derive(Debug, Clone, Default)]
pub struct Sdk {
    /// Where it was loaded from (empty for SDKs built from text).
    pub path: PathBuf,
    interfaces: Vec<Interface>,
    callbacks: Vec<CallbackStruct>,
    enums: Vec<Enum>,
    consts: Vec<Const>,
    config_types: Vec<(String, ConfigType)>,
    /// Config values the header tags `[global ...]`.
    config_globals: Vec<String>,
    /// The `EResult` values the interface headers document per method.
    results: Vec<DocumentedResults>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// `CreateListenSocketIP`
    pub name: String,
    /// `SteamAPI_ISteamNetworkingSockets_CreateListenSocketIP`
    pub flat: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackStruct {
    pub name: String,
    pub id: Option<i64>,
}

/// An enum with value names stripped of `k_` and the enum name (`k_EResultOK` -> `OK`).
/// `_Force32Bit` sentinels are dropped; aliases (two names, one value) are kept in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    pub name: String,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub name: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Const {
    pub name: String,
    pub ty: String,
    /// The C expression as written (`k_nSteamNetworkingSend_Reliable | ...`).
    pub expr: String,
    /// Its integer value, when it has one.
    pub value: Option<i64>,
}

/// Data type of a networking config value (`ESteamNetworkingConfigDataType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigType {
    Int32,
    Int64,
    Float,
    String,
    Ptr,
}

impl ConfigType {
    /// Variant name, shared with the runtime's `ConfigType`.
    pub fn name(self) -> &'static str {
        match self {
            ConfigType::Int32 => "Int32",
            ConfigType::Int64 => "Int64",
            ConfigType::Float => "Float",
            ConfigType::String => "String",
            ConfigType::Ptr => "Ptr",
        }
    }

    /// Lua types a value of this type may be given as; none for pointers (callbacks).
    pub fn lua_types(self) -> &'static [&'static str] {
        match self {
            ConfigType::Int32 => &["integer", "boolean"],
            ConfigType::Int64 => &["integer"],
            ConfigType::Float => &["number"],
            ConfigType::String => &["string"],
            ConfigType::Ptr => &[],
        }
    }
}

impl Enum {
    pub fn value_of(&self, name: &str) -> Option<i64> {
        self.values.iter().find(|v| v.name == name).map(|v| v.value)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.values.iter().any(|v| v.name == name)
    }
}

impl Interface {
    pub fn method(&self, name: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name == name)
    }
}

impl Sdk {
    /// Loads steam_api.json and, if present beside it, the config types header.
    pub fn load(path: &Path) -> Result<Sdk, String> {
        let json = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let header_path = path.with_file_name(CONFIG_HEADER);
        let header = fs::read_to_string(header_path).ok();
        let mut sdk = Sdk::from_texts(&json, header.as_deref())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for name in RESULT_HEADERS {
            // A missing header only means fewer checks, as for the config header.
            if let Ok(text) = fs::read_to_string(path.with_file_name(name)) {
                sdk.add_interface_header(name, &text);
            }
        }
        sdk.path = path.to_path_buf();
        Ok(sdk)
    }

    /// Builds an SDK from the JSON text and, optionally, the config types header text.
    pub fn from_texts(json: &str, header: Option<&str>) -> Result<Sdk, String> {
        let raw: json::RawApi =
            serde_json::from_str(json).map_err(|e| format!("not a steam_api.json: {e}"))?;
        let parts = json::convert(raw)?;
        Ok(Sdk {
            path: PathBuf::new(),
            interfaces: parts.interfaces,
            callbacks: parts.callbacks,
            enums: parts.enums,
            consts: parts.consts,
            config_types: header.map(header::config_types).unwrap_or_default(),
            config_globals: header.map(header::config_globals).unwrap_or_default(),
            results: Vec::new(),
        })
    }

    /// Reads the result values an interface header (`isteamnetworkingsockets.h`, named `file`
    /// in messages) documents for its methods.
    pub fn add_interface_header(&mut self, file: &str, text: &str) {
        self.results.extend(results::documented_results(file, text));
    }

    /// The `EResult` values the headers document for `interface::method`, if they name any.
    pub fn documented_results(&self, interface: &str, method: &str) -> Option<&DocumentedResults> {
        self.results
            .iter()
            .find(|r| r.interface == interface && r.method == method)
    }

    pub fn interfaces(&self) -> &[Interface] {
        &self.interfaces
    }

    pub fn interface(&self, name: &str) -> Option<&Interface> {
        self.interfaces.iter().find(|i| i.name == name)
    }

    pub fn has_method(&self, interface: &str, method: &str) -> bool {
        self.interface(interface)
            .is_some_and(|i| i.method(method).is_some())
    }

    /// Interfaces that have a method of this name, in SDK order.
    pub fn interfaces_with_method(&self, method: &str) -> Vec<&str> {
        let with = self
            .interfaces
            .iter()
            .filter(|i| i.method(method).is_some());
        with.map(|i| i.name.as_str()).collect()
    }

    pub fn callbacks(&self) -> &[CallbackStruct] {
        &self.callbacks
    }

    pub fn callback(&self, name: &str) -> Option<&CallbackStruct> {
        self.callbacks.iter().find(|c| c.name == name)
    }

    /// Every enum: top-level ones first, then those nested in interfaces and structs.
    pub fn enums(&self) -> &[Enum] {
        &self.enums
    }

    pub fn enum_by_name(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn consts(&self) -> &[Const] {
        &self.consts
    }

    pub fn const_value(&self, name: &str) -> Option<i64> {
        self.consts
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.value)
    }

    /// `k_nSteamNetworkingSend_*` as (`Reliable`, 8), in SDK order.
    pub fn send_flags(&self) -> Vec<(&str, i64)> {
        self.consts
            .iter()
            .filter_map(|c| Some((c.name.strip_prefix(SEND_FLAG_PREFIX)?, c.value?)))
            .collect()
    }

    /// Data type of a config value (`TimeoutInitial` -> Int32), as the header states it.
    pub fn config_type(&self, option: &str) -> Option<ConfigType> {
        self.config_types
            .iter()
            .find(|(n, _)| n == option)
            .map(|(_, t)| *t)
    }

    /// Whether the header tags a config value `[global ...]` (process-wide only).
    pub fn config_is_global(&self, option: &str) -> bool {
        self.config_globals.iter().any(|n| n == option)
    }
}
