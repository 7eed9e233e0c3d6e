//! Name conversions, the only ones the generator uses: Lua names to Rust and LuaLS names.

use proc_macro2::Ident;
use quote::format_ident;

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
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("socket").to_string(), "socket");
    }
}
