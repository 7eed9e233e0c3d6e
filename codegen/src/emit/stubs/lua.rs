//! LuaLS names for userdata classes, and the string-literal aliases for value sets.

/// `state_old` -> `StateOld`, `acceptConnection` -> `AcceptConnection`.
pub use crate::model::names::pascal_case as pascal;

/// The class a spec class name (`ListenSocket`) becomes.
pub fn class(name: &str) -> String {
    format!("luasteam.{name}")
}

/// `ESteamNetworkingConnectionState` -> `ConnectionState`, `EResult` -> `Result`.
pub fn enum_alias(enum_name: &str) -> String {
    let name = match enum_name.strip_prefix('E') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest,
        _ => enum_name,
    };
    for prefix in ["SteamNetworking", "SteamNet", "Steam"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

/// `"A"|"B"`.
pub fn literals(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join("|")
}

/// The `---@alias` declarations a stub file needs, one per distinct value set.
#[derive(Default)]
pub struct Aliases {
    list: Vec<(String, Vec<String>)>,
}

impl Aliases {
    /// The alias for `values`: the one already declared for the same set, else one named
    /// after the SDK enum, else after `fallback` (the field or function it describes).
    pub fn name(&mut self, values: &[String], enum_name: Option<&str>, fallback: &str) -> String {
        if let Some((name, _)) = self.list.iter().find(|(_, v)| v == values) {
            return name.clone();
        }
        let mut candidates: Vec<String> = enum_name.map(enum_alias).into_iter().collect();
        candidates.push(fallback.to_string());
        let taken = |n: &String| self.list.iter().any(|(m, _)| m == n);
        let name = candidates
            .iter()
            .map(|c| format!("luasteam.{c}"))
            .find(|n| !taken(n))
            .unwrap_or_else(|| {
                let mut i = 2;
                while taken(&format!("luasteam.{fallback}{i}")) {
                    i += 1;
                }
                format!("luasteam.{fallback}{i}")
            });
        self.list.push((name.clone(), values.to_vec()));
        name
    }

    pub fn declarations(&self) -> String {
        self.list
            .iter()
            .map(|(n, v)| format!("---@alias {n} {}\n", literals(v)))
            .collect()
    }
}
