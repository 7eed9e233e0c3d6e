//! Data types of the networking config values, read from `steamnetworkingtypes.h`.
//!
//! steam_api.json lists `ESteamNetworkingConfigValue` but not which type each value takes;
//! the header states it in comments such as `/// [connection int32] Timeout ...`. A tag
//! applies to the enumerators after the comment block it is in, up to the next comment block
//! or blank line.

use super::json::strip_value_name;
use super::ConfigType;

const ENUM_NAME: &str = "ESteamNetworkingConfigValue";

/// (stripped value name, data type) for every enumerator whose type the header states.
pub fn config_types(header: &str) -> Vec<(String, ConfigType)> {
    tagged(header, tag_type)
}

/// Stripped names of the enumerators whose tag says `global` (`[global float, 0--100]`):
/// values that exist only process-wide, not per socket or connection.
pub fn config_globals(header: &str) -> Vec<String> {
    tagged(header, |comment| {
        tag_words(comment)?.first().map(|w| *w == "global")
    })
    .into_iter()
    .filter(|(_, global)| *global)
    .map(|(name, _)| name)
    .collect()
}

/// What `read` gets out of the tag that applies to each enumerator.
fn tagged<T: Copy>(header: &str, read: impl Fn(&str) -> Option<T>) -> Vec<(String, T)> {
    let mut out = Vec::new();
    let mut in_enum = false;
    let mut pending: Option<T> = None;
    let mut prev_was_comment = false;
    for line in header.lines() {
        let t = line.trim();
        if !in_enum {
            in_enum = t.starts_with("enum") && t.split_whitespace().nth(1) == Some(ENUM_NAME);
            continue;
        }
        if t.starts_with('}') {
            break;
        }
        if let Some(comment) = t.strip_prefix("//") {
            if !prev_was_comment {
                pending = None;
            }
            prev_was_comment = true;
            if pending.is_none() {
                pending = read(comment);
            }
            continue;
        }
        prev_was_comment = false;
        if t.is_empty() {
            pending = None;
            continue;
        }
        let (code, trailing) = match t.split_once("//") {
            Some((code, comment)) => (code, Some(comment)),
            None => (t, None),
        };
        let name = code.split('=').next().map(str::trim).unwrap_or("");
        if !name.starts_with("k_") || name.ends_with("_Force32Bit") {
            continue;
        }
        if let Some(ty) = trailing.and_then(&read).or(pending) {
            out.push((strip_value_name(ENUM_NAME, name), ty));
        }
    }
    out
}

/// The type inside a `[scope type ...]` tag, if the comment has one.
fn tag_type(comment: &str) -> Option<ConfigType> {
    tag_words(comment)?.into_iter().find_map(word_type)
}

/// The words of a `[scope type ...]` tag, if the comment has one.
fn tag_words(comment: &str) -> Option<Vec<&str>> {
    let start = comment.find('[')?;
    let end = start + comment[start..].find(']')?;
    let words = comment[start + 1..end]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    Some(words.collect())
}

fn word_type(word: &str) -> Option<ConfigType> {
    match word {
        "int32" => Some(ConfigType::Int32),
        "int64" => Some(ConfigType::Int64),
        "float" => Some(ConfigType::Float),
        "string" => Some(ConfigType::String),
        // Callback options name the function pointer type (`FnSteamNetConnectionStatusChanged`).
        w if w.starts_with("Fn") => Some(ConfigType::Ptr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\
enum ESteamNetworkingConfigDataType
{
\t/// [connection int64] not this enum
\tk_ESteamNetworkingConfig_Int32 = 1,
};
enum ESteamNetworkingConfigValue
{
\tk_ESteamNetworkingConfig_Invalid = 0,

//
// Connection options
//

\t/// [connection int32] Timeout value
\tk_ESteamNetworkingConfig_TimeoutInitial = 24,

\t/// [connection int32] Min/max
\t/// more text
\tk_ESteamNetworkingConfig_SendRateMin = 10,
\tk_ESteamNetworkingConfig_SendRateMax = 11,

\t/// Jitter.
\t/// All values are [global float]
\tk_ESteamNetworkingConfig_FakePacketJitter_Send_Avg = 53,

\t/// [global float, 0--100] Loss
\tk_ESteamNetworkingConfig_FakePacketLoss_Send = 2,

\t/// [connection string] list
\tk_ESteamNetworkingConfig_P2P_STUN_ServerList = 103,
\t/// [connection FnSteamNetConnectionStatusChanged] Callback
\tk_ESteamNetworkingConfig_Callback_ConnectionStatusChanged = 201,
\tk_ESteamNetworkingConfig_LogLevel_AckRTT = 13, // [connection int32] RTT
\t// Untagged comment
\tk_ESteamNetworkingConfig_OutOfOrderCorrectionWindowMicroseconds = 51,
//\tk_ESteamNetworkingConfig_P2P_Discovery_Server_LocalPort = 101,
\tk_ESteamNetworkingConfigValue__Force32Bit = 0x7fffffff
};
";

    fn ty(name: &str) -> Option<ConfigType> {
        config_types(HEADER)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
    }

    #[test]
    fn leading_tag_types_the_enumerators_below_it() {
        assert_eq!(ty("TimeoutInitial"), Some(ConfigType::Int32));
        assert_eq!(ty("SendRateMin"), Some(ConfigType::Int32));
        assert_eq!(ty("SendRateMax"), Some(ConfigType::Int32));
        assert_eq!(ty("P2P_STUN_ServerList"), Some(ConfigType::String));
    }

    #[test]
    fn tag_may_sit_later_in_the_block_or_after_the_enumerator() {
        assert_eq!(ty("FakePacketJitter_Send_Avg"), Some(ConfigType::Float));
        assert_eq!(ty("FakePacketLoss_Send"), Some(ConfigType::Float));
        assert_eq!(ty("LogLevel_AckRTT"), Some(ConfigType::Int32));
    }

    #[test]
    fn global_tags_mark_process_wide_values() {
        let globals = config_globals(HEADER);
        assert!(globals.contains(&"FakePacketLoss_Send".to_string()));
        assert!(globals.contains(&"FakePacketJitter_Send_Avg".to_string()));
        assert!(!globals.contains(&"TimeoutInitial".to_string()));
        assert!(!globals.contains(&"LogLevel_AckRTT".to_string()));
    }

    #[test]
    fn callbacks_are_pointers_and_untagged_values_have_no_type() {
        assert_eq!(
            ty("Callback_ConnectionStatusChanged"),
            Some(ConfigType::Ptr)
        );
        assert_eq!(ty("OutOfOrderCorrectionWindowMicroseconds"), None);
        assert_eq!(ty("Invalid"), None);
        assert_eq!(ty("Int32"), None);
        assert_eq!(ty("P2P_Discovery_Server_LocalPort"), None);
    }
}
