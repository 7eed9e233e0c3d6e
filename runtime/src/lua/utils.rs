//! `Steam.networkingUtils`: configuration values by name, debug output levels and events.

use super::listen_socket::ListenSocket;
use super::options;
use super::state::Runtime;
use crate::ffi::{self, scope, ConfigData, DebugMessage, Failure};
use luasteam_generated::api::args::networking_utils as args;
use luasteam_generated::callbacks::{Event, NetworkingUtilsDebugOutputArgs};
use luasteam_generated::enums::ESteamNetworkingConfigScope as Scopes;
use luasteam_generated::enums::ESteamNetworkingSocketsDebugOutputType as Levels;
use luasteam_generated::options::OPTIONS;
use luasteam_generated::support::raw::{Scalar, Slot};
use luasteam_generated::support::{sdk_name, Arg, ArgRef, OptionKey};
use mlua::{IntoLua, Lua, LuaString, Value};

/// The option called `name`, or a Lua error naming it.
fn option_named(name: &[u8], arg: ArgRef) -> mlua::Result<&'static OptionKey> {
    let text = String::from_utf8_lossy(name);
    OPTIONS.iter().find(|o| o.name == text).ok_or_else(|| {
        let msg = format!("unknown configuration key '{text}' (see the Options Reference)");
        arg.error(msg)
    })
}

/// `setGlobalConfigValue(name, value)`: nil restores the default.
pub fn set_global(rt: &Runtime, name: &[u8], value: &Slot<'_>) -> mlua::Result<bool> {
    let option = option_named(name, args::set_global_config_value::NAME)?;
    let data = config_data(option, value, args::set_global_config_value::VALUE)?;
    let set =
        rt.with(|h| ffi::set_config_value(h, option.value, scope::GLOBAL, 0, data.as_ref()))?;
    Ok(set.is_ok())
}

/// `sockets.setConnectionConfigValue(connection, name, newValue)`: nil removes the
/// connection's own value. Global-only keys are refused, as in `options` tables.
pub fn set_for_connection(
    rt: &Runtime,
    connection: i64,
    name: &[u8],
    value: &Slot<'_>,
) -> mlua::Result<bool> {
    use luasteam_generated::api::args::sockets::set_connection_config_value as a;
    let option = option_named(name, a::NAME)?;
    if option.global {
        let msg = format!(
            "'{}' is global: set it with Steam.networkingUtils.setGlobalConfigValue",
            option.name
        );
        return Err(a::NAME.error(msg));
    }
    let data = config_data(option, value, a::NEW_VALUE)?;
    // Not a 32-bit handle: no connection has it; 0 is never a valid handle.
    let handle = u32::try_from(connection).unwrap_or(0);
    if handle == 0 {
        return Ok(false);
    }
    let set =
        rt.with(|h| ffi::set_connection_config_value(h, handle, option.value, data.as_ref()))?;
    Ok(set.is_ok())
}

/// The value to set for `option`; `None` for nil.
fn config_data(
    option: &OptionKey,
    value: &Slot<'_>,
    arg: ArgRef,
) -> mlua::Result<Option<ConfigData>> {
    match value.value() {
        Scalar::Nil => Ok(None),
        v => options::value_of(option, options::Given::from_scalar(v, value.type_name()))
            .map(Some)
            .map_err(|m| arg.error(m)),
    }
}

/// What `getConfigValue` reads from: a raw scope, the object handle and how to name it.
struct Target {
    scope: i32,
    object: isize,
    what: String,
}

/// The scopes `getConfigValue` reads, by SDK value.
const SCOPES: [i32; 3] = [scope::GLOBAL, scope::LISTEN_SOCKET, scope::CONNECTION];

fn target(scope_name: Option<&LuaString>, object: Value) -> mlua::Result<Result<Target, String>> {
    let object_arg = args::get_config_value::OBJECT;
    let text = scope_name.map_or_else(
        || args::get_config_value::SCOPE_DEFAULT.to_string(),
        |s| s.to_string_lossy(),
    );
    let Some(scope) = Scopes.value_of(&text).filter(|v| SCOPES.contains(v)) else {
        let known: Vec<&str> = SCOPES.iter().filter_map(|v| Scopes.name_of(*v)).collect();
        let msg = format!("unknown scope '{text}' (expected {})", known.join(", "));
        return Err(args::get_config_value::SCOPE.error(msg));
    };
    match scope {
        scope::GLOBAL => Ok(Ok(Target {
            scope: scope::GLOBAL,
            object: 0,
            what: "the global scope".to_string(),
        })),
        scope::CONNECTION => {
            let id = <i64 as Arg>::check(object).map_err(|m| object_arg.error(m))?;
            // Not a 32-bit handle: no connection has it; 0 is never a valid handle.
            let handle = u32::try_from(id).unwrap_or(0);
            Ok(Ok(Target {
                scope: scope::CONNECTION,
                object: handle as isize,
                what: format!("connection {id}"),
            }))
        }
        _ => {
            let socket = match &object {
                Value::UserData(u) if u.is::<ListenSocket>() => u.borrow::<ListenSocket>()?,
                other => {
                    let msg = format!(
                        "ListenSocket expected, got {}",
                        luasteam_generated::support::lua_type_name(other)
                    );
                    return Err(object_arg.error(msg));
                }
            };
            if socket.closed.get() {
                return Ok(Err("the listen socket is closed".to_string()));
            }
            Ok(Ok(Target {
                scope: scope::LISTEN_SOCKET,
                object: socket.handle as isize,
                what: format!("listen socket {}", socket.handle),
            }))
        }
    }
}

/// `getConfigValue(name [, scope [, object]])`.
pub fn get(
    rt: &Runtime,
    lua: &Lua,
    name: &LuaString,
    scope_name: Option<&LuaString>,
    object: Value,
) -> mlua::Result<Result<Value, String>> {
    let option = option_named(&name.as_bytes(), args::get_config_value::NAME)?;
    let target = match target(scope_name, object)? {
        Ok(t) => t,
        Err(message) => return Ok(Err(message)),
    };
    let read = rt.with(|h| ffi::get_config_value(h, option.value, target.scope, target.object))?;
    let data = match read {
        Ok(d) => d,
        Err(Failure::InvalidHandle) => {
            return Ok(Err(format!("{} does not exist", target.what)));
        }
        Err(Failure::NotFound) => {
            return Ok(Err(format!(
                "'{}' cannot be read for {}",
                option.name, target.what
            )));
        }
        Err(_) => {
            return Ok(Err(format!("cannot read '{}'", option.name)));
        }
    };
    to_lua(lua, option, data).map(Ok)
}

/// A value as its documented Lua type (`boolean` options are stored as int32 0/1).
fn to_lua(lua: &Lua, option: &OptionKey, data: ConfigData) -> mlua::Result<Value> {
    match (option.lua_type, data) {
        ("boolean", ConfigData::Int32(i)) => Ok(Value::Boolean(i != 0)),
        (_, ConfigData::Int32(i)) => i64::from(i).into_lua(lua),
        (_, ConfigData::Int64(i)) => i.into_lua(lua),
        (_, ConfigData::Float(f)) => Ok(Value::Number(f64::from(f))),
        (_, ConfigData::Str(s)) => lua.create_string(s.as_bytes()).map(Value::String),
    }
}

/// `setDebugOutputLevel(level)`.
pub fn set_debug_level(rt: &Runtime, level: &[u8]) -> mlua::Result<()> {
    let text = String::from_utf8_lossy(level);
    let value = Levels.value_of(&text).ok_or_else(|| {
        let known: Vec<&str> = Levels.entries.iter().map(|e| e.0).collect();
        let msg = format!("unknown level '{text}' (known: {})", known.join(", "));
        args::set_debug_output_level::LEVEL.error(msg)
    })?;
    rt.with(|h| ffi::set_debug_output_level(h, rt.owner(), value))?
        .map_err(|f| mlua::Error::runtime(f.to_string()))
}

/// Debug messages as `onDebugOutput` events, in arrival order.
pub fn debug_events(messages: Vec<DebugMessage>) -> impl Iterator<Item = Event> {
    messages.into_iter().map(|m| {
        Event::NetworkingUtilsOnDebugOutput(NetworkingUtilsDebugOutputArgs {
            level: sdk_name(&Levels, m.level).into_owned(),
            message: m.text,
        })
    })
}
