//! The raw shape of `steam_api.json` and its conversion into [`Sdk`] parts.
//!
//! Only the keys the generator reads are declared, so serde skips the rest (most of the file)
//! without building values for it.

use super::{CallbackStruct, Const, Enum, EnumValue, Interface, Method};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub(super) struct RawApi {
    #[serde(default)]
    callback_structs: Vec<RawStruct>,
    #[serde(default)]
    consts: Vec<RawConst>,
    #[serde(default)]
    enums: Vec<RawEnum>,
    #[serde(default)]
    interfaces: Vec<RawInterface>,
    #[serde(default)]
    structs: Vec<RawStruct>,
}

#[derive(Deserialize)]
struct RawInterface {
    classname: String,
    #[serde(default)]
    methods: Vec<RawMethod>,
    #[serde(default)]
    enums: Vec<RawEnum>,
}

#[derive(Deserialize)]
struct RawMethod {
    methodname: String,
    #[serde(default)]
    methodname_flat: String,
}

#[derive(Deserialize)]
struct RawStruct {
    #[serde(rename = "struct")]
    name: String,
    #[serde(default)]
    callback_id: Option<i64>,
    #[serde(default)]
    enums: Vec<RawEnum>,
}

#[derive(Deserialize)]
struct RawEnum {
    enumname: String,
    #[serde(default)]
    values: Vec<RawEnumValue>,
}

#[derive(Deserialize)]
struct RawEnumValue {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct RawConst {
    constname: String,
    #[serde(default)]
    consttype: String,
    #[serde(default)]
    constval: String,
}

/// The converted parts, in SDK order.
pub(super) struct Parts {
    pub interfaces: Vec<Interface>,
    pub callbacks: Vec<CallbackStruct>,
    pub enums: Vec<Enum>,
    pub consts: Vec<Const>,
}

pub(super) fn convert(raw: RawApi) -> Result<Parts, String> {
    let mut enums = Vec::new();
    for e in &raw.enums {
        enums.push(convert_enum(e)?);
    }
    // Enums declared inside interfaces and structs follow the top-level ones.
    let nested = raw.interfaces.iter().flat_map(|i| &i.enums);
    let nested = nested.chain(raw.structs.iter().flat_map(|s| &s.enums));
    for e in nested.chain(raw.callback_structs.iter().flat_map(|s| &s.enums)) {
        enums.push(convert_enum(e)?);
    }
    let interfaces = raw
        .interfaces
        .into_iter()
        .map(|i| Interface {
            name: i.classname,
            methods: i
                .methods
                .into_iter()
                .map(|m| Method {
                    name: m.methodname,
                    flat: m.methodname_flat,
                })
                .collect(),
        })
        .collect();
    let callbacks = raw
        .callback_structs
        .into_iter()
        .map(|s| CallbackStruct {
            name: s.name,
            id: s.callback_id,
        })
        .collect();
    Ok(Parts {
        interfaces,
        callbacks,
        enums,
        consts: convert_consts(raw.consts),
    })
}

fn convert_enum(raw: &RawEnum) -> Result<Enum, String> {
    let mut values = Vec::with_capacity(raw.values.len());
    for v in &raw.values {
        // `_Force32Bit` only pins the C enum's size; it is not a value anyone sets or reads.
        if v.name.ends_with("_Force32Bit") {
            continue;
        }
        let value = parse_int(&v.value).ok_or_else(|| {
            format!(
                "enum {}: value {} is not an integer: {:?}",
                raw.enumname, v.name, v.value
            )
        })?;
        values.push(EnumValue {
            name: strip_value_name(&raw.enumname, &v.name),
            value,
        });
    }
    Ok(Enum {
        name: raw.enumname.clone(),
        values,
    })
}

/// `k_EResultOK` -> `OK`, `k_ESteamNetworkingConfig_TimeoutInitial` -> `TimeoutInitial`.
///
/// Value names start with `k_` and (most of) the enum name, but not always all of it
/// (`ESteamNetworkingConfigValue` values say `ESteamNetworkingConfig_`), so the longest
/// common prefix with the enum name is what gets removed.
pub(super) fn strip_value_name(enum_name: &str, value_name: &str) -> String {
    let body = value_name
        .strip_prefix("k_")
        .or_else(|| value_name.strip_prefix("K_"))
        .unwrap_or(value_name);
    let common = enum_name
        .bytes()
        .zip(body.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let rest = body.get(common..).unwrap_or("").trim_start_matches('_');
    if rest.is_empty() {
        body.to_string()
    } else {
        rest.to_string()
    }
}

fn convert_consts(raw: Vec<RawConst>) -> Vec<Const> {
    let exprs: HashMap<&str, &str> = raw
        .iter()
        .map(|c| (c.constname.as_str(), c.constval.as_str()))
        .collect();
    raw.iter()
        .map(|c| Const {
            name: c.constname.clone(),
            ty: c.consttype.clone(),
            expr: c.constval.clone(),
            value: eval(&c.constval, &exprs, 0),
        })
        .collect()
}

/// Evaluates the small C expressions `constval` uses: integers, names of other constants,
/// `|` and `*`. Anything else (strings, casts) has no integer value.
fn eval(expr: &str, consts: &HashMap<&str, &str>, depth: usize) -> Option<i64> {
    if depth > 16 {
        return None;
    }
    let mut acc = 0i64;
    for term in expr.split('|') {
        let mut product = 1i64;
        for factor in term.split('*') {
            let f: String = factor.chars().filter(|c| !c.is_whitespace()).collect();
            let v = match parse_int(&f) {
                Some(v) => v,
                None => eval(consts.get(f.as_str())?, consts, depth + 1)?,
            };
            product = product.checked_mul(v)?;
        }
        acc |= product;
    }
    Some(acc)
}

/// Decimal or `0x` hex, optionally negative, spaces allowed after the sign (`- 1`).
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let magnitude = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => t.parse::<i64>().ok()?,
    };
    Some(if neg { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_names_lose_the_k_prefix_and_the_enum_name() {
        assert_eq!(strip_value_name("EResult", "k_EResultOK"), "OK");
        assert_eq!(
            strip_value_name("EResult", "K_EResultPhoneNumberIsVOIP"),
            "PhoneNumberIsVOIP"
        );
        assert_eq!(
            strip_value_name(
                "ESteamNetworkingConnectionState",
                "k_ESteamNetworkingConnectionState_Connected"
            ),
            "Connected"
        );
        assert_eq!(
            strip_value_name(
                "ESteamNetworkingConfigValue",
                "k_ESteamNetworkingConfig_TimeoutInitial"
            ),
            "TimeoutInitial"
        );
    }

    #[test]
    fn const_expressions_resolve_names_or_and_products() {
        let mut m = HashMap::new();
        m.insert("A", "8");
        m.insert("B", "1");
        assert_eq!(eval("A | B", &m, 0), Some(9));
        assert_eq!(eval("512 * 1024", &m, 0), Some(524288));
        assert_eq!(eval("- 1", &m, 0), Some(-1));
        assert_eq!(eval("0x7fffffff", &m, 0), Some(0x7fff_ffff));
        assert_eq!(eval("\"text\"", &m, 0), None);
    }

    #[test]
    fn self_referencing_constants_do_not_recurse_forever() {
        let mut m = HashMap::new();
        m.insert("A", "A | 1");
        assert_eq!(eval("A", &m, 0), None);
    }
}
