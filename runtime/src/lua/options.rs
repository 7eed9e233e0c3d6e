//! `options` tables: documented keys only, each value checked against its documented type.

use crate::ffi::{ConfigData, ConfigOption};
use luasteam_generated::options::OPTIONS;
use luasteam_generated::support::{lua_type_name, ArgRef, ConfigType, OptionKey};
use mlua::{Table, Value};
use std::ffi::CString;

/// Converts an `options` argument (a table, maybe nil) to config values.
pub fn convert(options: Option<Table>, arg: ArgRef) -> mlua::Result<Vec<ConfigOption>> {
    let Some(table) = options else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for pair in table.pairs::<Value, Value>() {
        let (key, value) = pair?;
        let name = match &key {
            Value::String(s) => s.to_string_lossy(),
            other => {
                let msg = format!("option keys must be strings, got {}", lua_type_name(other));
                return Err(arg.error(msg));
            }
        };
        let Some(option) = OPTIONS.iter().find(|o| o.name == name) else {
            let msg = format!("unknown option '{name}' (see the Options Reference)");
            return Err(arg.error(msg));
        };
        if option.global {
            // The library would reject the whole socket or connection for it.
            let msg = format!(
                "option '{name}' is global: set it with Steam.networkingUtils.setGlobalConfigValue"
            );
            return Err(arg.error(msg));
        }
        let data = value_of(option, value).map_err(|m| arg.error(m))?;
        out.push(ConfigOption {
            key: option.value,
            value: data,
        });
    }
    // pairs() order is unspecified; a stable order keeps behaviour reproducible.
    out.sort_by_key(|o| o.key);
    Ok(out)
}

/// Converts one value, naming the option in the error.
pub fn value_of(option: &OptionKey, value: Value) -> Result<ConfigData, String> {
    let wrong = |v: &Value| {
        format!(
            "option '{}' expects {}, got {}",
            option.name,
            option.lua_type,
            lua_type_name(v)
        )
    };
    match (option.lua_type, option.data_type, value) {
        ("boolean", _, Value::Boolean(b)) => Ok(ConfigData::Int32(i32::from(b))),
        ("integer", ConfigType::Int32, v) => match integer(&v) {
            Some(i) => i32::try_from(i).map(ConfigData::Int32).map_err(|_| {
                format!(
                    "option '{}' is out of range for a 32-bit integer",
                    option.name
                )
            }),
            None => Err(wrong(&v)),
        },
        ("integer", ConfigType::Int64, v) => {
            integer(&v).map(ConfigData::Int64).ok_or_else(|| wrong(&v))
        }
        ("number", _, Value::Integer(i)) => Ok(ConfigData::Float(i as f32)),
        ("number", _, Value::Number(n)) => Ok(ConfigData::Float(n as f32)),
        ("string", _, Value::String(s)) => CString::new(s.as_bytes().to_vec())
            .map(ConfigData::Str)
            .map_err(|_| format!("option '{}' must not contain zero bytes", option.name)),
        (_, _, v) => Err(wrong(&v)),
    }
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e18 => Some(*n as i64),
        _ => None,
    }
}
