//! `options` tables: documented keys only, each value checked against its documented type.

use crate::ffi::{ConfigData, ConfigOption};
use luasteam_generated::options::OPTIONS;
use luasteam_generated::support::raw::Scalar;
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
        let bytes = match &value {
            Value::String(s) => Some(s.as_bytes()),
            _ => None,
        };
        let given = match &bytes {
            Some(b) => Given::String(b),
            None => Given::from_value(&value),
        };
        let data = value_of(option, given).map_err(|m| arg.error(m))?;
        out.push(ConfigOption {
            key: option.value,
            value: data,
        });
    }
    // pairs() order is unspecified; a stable order keeps behaviour reproducible.
    out.sort_by_key(|o| o.key);
    Ok(out)
}

/// A value given for an option, from an `options` table (mlua) or an argument read in place
/// (the raw glue).
#[derive(Debug, Clone, Copy)]
pub enum Given<'a> {
    Boolean(bool),
    Integer(i64),
    Number(f64),
    String(&'a [u8]),
    /// Any other value, by its Lua type name.
    Other(&'static str),
}

impl<'a> Given<'a> {
    /// A value that is not a string (whose bytes the caller borrows itself).
    pub fn from_value(value: &Value) -> Given<'a> {
        match value {
            Value::Boolean(b) => Given::Boolean(*b),
            Value::Integer(i) => Given::Integer(*i),
            Value::Number(n) => Given::Number(*n),
            other => Given::Other(lua_type_name(other)),
        }
    }

    pub fn from_scalar(value: Scalar<'a>, type_name: &'static str) -> Given<'a> {
        match value {
            Scalar::Boolean(b) => Given::Boolean(b),
            Scalar::Integer(i) => Given::Integer(i),
            Scalar::Number(n) => Given::Number(n),
            Scalar::String(s) => Given::String(s),
            _ => Given::Other(type_name),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Given::Boolean(_) => "boolean",
            Given::Integer(_) | Given::Number(_) => "number",
            Given::String(_) => "string",
            Given::Other(t) => t,
        }
    }

    fn integer(&self) -> Option<i64> {
        match *self {
            Given::Integer(i) => Some(i),
            Given::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e18 => Some(n as i64),
            _ => None,
        }
    }
}

/// Converts one value, naming the option in the error.
pub fn value_of(option: &OptionKey, value: Given<'_>) -> Result<ConfigData, String> {
    let wrong = |v: &Given| {
        format!(
            "option '{}' expects {}, got {}",
            option.name,
            option.lua_type,
            v.type_name()
        )
    };
    match (option.lua_type, option.data_type, value) {
        ("boolean", _, Given::Boolean(b)) => Ok(ConfigData::Int32(i32::from(b))),
        ("integer", ConfigType::Int32, v) => match v.integer() {
            Some(i) => i32::try_from(i).map(ConfigData::Int32).map_err(|_| {
                format!(
                    "option '{}' is out of range for a 32-bit integer",
                    option.name
                )
            }),
            None => Err(wrong(&v)),
        },
        ("integer", ConfigType::Int64, v) => {
            v.integer().map(ConfigData::Int64).ok_or_else(|| wrong(&v))
        }
        ("number", _, Given::Integer(i)) => Ok(ConfigData::Float(i as f32)),
        ("number", _, Given::Number(n)) => Ok(ConfigData::Float(n as f32)),
        ("string", _, Given::String(s)) => CString::new(s.to_vec())
            .map(ConfigData::Str)
            .map_err(|_| format!("option '{}' must not contain zero bytes", option.name)),
        (_, _, v) => Err(wrong(&v)),
    }
}
