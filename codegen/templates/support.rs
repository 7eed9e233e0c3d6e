//! Argument checking and conversions shared by the generated glue.
//!
//! Error texts follow Lua's own auxiliary library, so a script sees
//! `bad argument #1 to 'createListenSocketIP' (string expected, got nil)`.

use mlua::{AnyUserData, Function, Lua, MultiValue, Table, Value};
use std::fmt::Display;

/// An SDK enum as (name without prefix, value) pairs, in SDK order.
#[derive(Debug)]
pub struct EnumMap {
    pub name: &'static str,
    pub entries: &'static [(&'static str, i32)],
}

impl EnumMap {
    /// The name of a value; the first one where the SDK has aliases.
    pub fn name_of(&self, value: i32) -> Option<&'static str> {
        self.entries.iter().find(|e| e.1 == value).map(|e| e.0)
    }

    pub fn value_of(&self, name: &str) -> Option<i32> {
        self.entries.iter().find(|e| e.0 == name).map(|e| e.1)
    }
}

/// Data type of a configuration value (ESteamNetworkingConfigDataType).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigType {
    Int32,
    Int64,
    Float,
    String,
    Ptr,
}

/// A documented option key, as accepted in `options` tables.
#[derive(Debug)]
pub struct OptionKey {
    pub name: &'static str,
    pub value: i32,
    pub data_type: ConfigType,
    pub lua_type: &'static str,
    /// The SDK header tags the key `[global ...]`: it can only be set process-wide, never in
    /// the `options` of one socket or connection.
    pub global: bool,
}

/// Lua's name for the type of a value, as `luaL_typename` prints it.
pub fn lua_type_name(value: &Value) -> &'static str {
    match value {
        Value::Integer(_) | Value::Number(_) => "number",
        Value::LightUserData(_) => "userdata",
        other => other.type_name(),
    }
}

/// `bad argument #N to 'NAME' (MESSAGE)`, as `luaL_argerror` words it.
pub fn bad_argument(position: usize, function: &str, message: impl Display) -> mlua::Error {
    mlua::Error::runtime(format!("bad argument #{position} to '{function}' ({message})"))
}

fn expected(what: &str, got: &Value) -> String {
    format!("{what} expected, got {}", lua_type_name(got))
}

/// Lua says "no value" for a missing argument and "nil" for an explicit nil.
fn absent(message: String, args: &MultiValue, position: usize) -> String {
    if position > args.len() {
        message.replacen("got nil", "got no value", 1)
    } else {
        message
    }
}

/// A Lua value that a documented parameter type accepts.
pub trait Arg: Sized {
    /// Converts, or returns the parenthesised part of the error.
    fn check(value: Value) -> Result<Self, String>;
}

impl Arg for mlua::LuaString {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(expected("string", &other)),
        }
    }
}

impl Arg for i64 {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Integer(i) => Ok(i),
            Value::Number(n) => {
                // 2^63 is exactly representable; anything at or beyond it is out of range.
                const LIMIT: f64 = 9.223_372_036_854_776e18;
                if n.fract() == 0.0 && (-LIMIT..LIMIT).contains(&n) {
                    Ok(n as i64)
                } else {
                    Err("number has no integer representation".to_string())
                }
            }
            other => Err(expected("number", &other)),
        }
    }
}

impl Arg for f64 {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Integer(i) => Ok(i as f64),
            Value::Number(n) => Ok(n),
            other => Err(expected("number", &other)),
        }
    }
}

impl Arg for bool {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Boolean(b) => Ok(b),
            other => Err(expected("boolean", &other)),
        }
    }
}

impl Arg for Table {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Table(t) => Ok(t),
            other => Err(expected("table", &other)),
        }
    }
}

impl Arg for Function {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Function(f) => Ok(f),
            other => Err(expected("function", &other)),
        }
    }
}

impl Arg for AnyUserData {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::UserData(u) => Ok(u),
            other => Err(expected("userdata", &other)),
        }
    }
}

impl Arg for Value {
    fn check(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

impl<T: Arg> Arg for Option<T> {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Nil => Ok(None),
            other => T::check(other).map(Some),
        }
    }
}

/// Argument `position` (1-based) of `function`, converted to `T`.
pub fn arg<T: Arg>(args: &MultiValue, position: usize, function: &str) -> mlua::Result<T> {
    let value = args.get(position - 1).cloned().unwrap_or(Value::Nil);
    T::check(value).map_err(|m| bad_argument(position, function, absent(m, args, position)))
}

/// Argument `position` of `function`, which must be a userdata of class `T` named `class`.
pub fn arg_class<T: 'static>(
    args: &MultiValue,
    position: usize,
    function: &str,
    class: &str,
) -> mlua::Result<AnyUserData> {
    let value = args.get(position - 1).cloned().unwrap_or(Value::Nil);
    match value {
        Value::UserData(u) if u.is::<T>() => Ok(u),
        other => {
            let message = absent(expected(class, &other), args, position);
            Err(bad_argument(position, function, message))
        }
    }
}

/// Like [`arg_class`] for an optional parameter.
pub fn opt_arg_class<T: 'static>(
    args: &MultiValue,
    position: usize,
    function: &str,
    class: &str,
) -> mlua::Result<Option<AnyUserData>> {
    match args.get(position - 1) {
        None | Some(Value::Nil) => Ok(None),
        Some(_) => arg_class::<T>(args, position, function, class).map(Some),
    }
}

/// `value` on success, `nil, message` on a documented failure.
pub fn fallible<T: mlua::IntoLuaMulti>(lua: &Lua, result: Result<T, String>) -> mlua::Result<MultiValue> {
    match result {
        Ok(value) => value.into_lua_multi(lua),
        Err(message) => mlua::IntoLuaMulti::into_lua_multi((Value::Nil, message), lua),
    }
}

/// The error raised by a function that the running backend cannot serve.
pub fn not_available(function: &str, backend: &str) -> mlua::Error {
    mlua::Error::runtime(format!("{function} is not available on the {backend} backend"))
}

/// Calls a user callback `table[name](args...)` (one data table, or the documented scalar
/// arguments); `Ok(false)` when none is assigned.
pub fn call_handler(
    table: &Table,
    qualified: &str,
    name: &str,
    args: impl mlua::IntoLuaMulti,
) -> mlua::Result<bool> {
    match table.raw_get::<Value>(name)? {
        Value::Nil => Ok(false),
        Value::Function(f) => f.call::<()>(args).map(|_| true),
        other => Err(mlua::Error::runtime(format!(
            "Steam.{qualified} must be a function, got {}",
            lua_type_name(&other)
        ))),
    }
}
