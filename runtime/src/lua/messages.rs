//! Sending and receiving: send-flag names, message tables.

use crate::ffi::{self, Handle, MAX_RECEIVE_BATCH};
use luasteam_generated::enums::SendFlags;
use luasteam_generated::support::{bad_argument, lua_type_name};
use mlua::{Lua, Table, Value};

/// Default when `flags` is nil: reliable delivery.
pub const DEFAULT_FLAGS: &str = "Reliable";

/// Default `max` of the receive functions.
pub const DEFAULT_MAX: usize = 1024;

fn flag(name: &str, position: usize, function: &str) -> mlua::Result<i32> {
    SendFlags.value_of(name).ok_or_else(|| {
        let known: Vec<&str> = SendFlags.entries.iter().map(|e| e.0).collect();
        bad_argument(
            position,
            function,
            format!("unknown send flag '{name}' (known: {})", known.join(", ")),
        )
    })
}

/// `flags` as a name, a list of names, or nil.
pub fn send_flags(flags: Value, position: usize, function: &str) -> mlua::Result<i32> {
    match flags {
        Value::Nil => flag(DEFAULT_FLAGS, position, function),
        Value::String(s) => flag(&s.to_string_lossy(), position, function),
        Value::Table(t) => {
            let mut bits = 0;
            for v in t.sequence_values::<Value>() {
                match v? {
                    Value::String(s) => bits |= flag(&s.to_string_lossy(), position, function)?,
                    other => {
                        let msg = format!(
                            "send flag names must be strings, got {}",
                            lua_type_name(&other)
                        );
                        return Err(bad_argument(position, function, msg));
                    }
                }
            }
            Ok(bits)
        }
        other => Err(bad_argument(
            position,
            function,
            format!("string or table expected, got {}", lua_type_name(&other)),
        )),
    }
}

/// Receives up to `max` messages (in batches; there is no other cap) as Lua tables.
pub fn receive(
    lua: &Lua,
    handle: &Handle,
    connection: u32,
    max: usize,
) -> mlua::Result<Result<Table, String>> {
    let out = lua.create_table()?;
    let mut n = 0;
    while n < max {
        let want = (max - n).min(MAX_RECEIVE_BATCH);
        let batch = match ffi::receive_messages_on_connection(handle, connection, want) {
            Ok(b) => b,
            Err(_) if n == 0 => return Ok(Err(format!("{connection} is not a connection"))),
            Err(_) => break,
        };
        let got = batch.len();
        for m in batch {
            let t = lua.create_table_with_capacity(0, 6)?;
            t.raw_set("data", lua.create_string(&m.data)?)?;
            t.raw_set("connection", i64::from(m.connection))?;
            t.raw_set("messageNumber", m.message_number)?;
            t.raw_set("lane", i64::from(m.lane))?;
            t.raw_set("receiveTime", m.receive_time)?;
            t.raw_set("flags", i64::from(m.flags))?;
            n += 1;
            out.raw_set(n, t)?;
        }
        if got < want {
            break;
        }
    }
    Ok(Ok(out))
}
