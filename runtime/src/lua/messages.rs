//! Sending and receiving: send-flag names, message tables.

use crate::ffi::{self, Handle, MAX_RECEIVE_BATCH};
use luasteam_generated::enums::SendFlags;
use luasteam_generated::support::raw::{append_records, write_strings, Field, Scalar, Slot};
use luasteam_generated::support::{lua_type_name, ArgRef};
use mlua::{Lua, Table, Value};

use luasteam_generated::api::args::sockets::send_message_to_connection::FLAGS_DEFAULT;

/// The bits of one send flag name; compared as bytes, so a send allocates nothing.
fn flag(name: &[u8]) -> Result<i32, String> {
    SendFlags
        .entries
        .iter()
        .find(|e| e.0.as_bytes() == name)
        .map(|e| e.1)
        .ok_or_else(|| {
            let known: Vec<&str> = SendFlags.entries.iter().map(|e| e.0).collect();
            format!(
                "unknown send flag '{}' (known: {})",
                String::from_utf8_lossy(name),
                known.join(", ")
            )
        })
}

/// The default flags, resolved once.
pub fn default_flags() -> i32 {
    static DEFAULT: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *DEFAULT.get_or_init(|| flag(FLAGS_DEFAULT.as_bytes()).unwrap_or(0))
}

/// The bits of one entry of a list of flag names: `name` when the entry is a string, else its
/// type name.
fn entry_bits(name: Result<&[u8], &str>) -> Result<i32, String> {
    name.map_err(|got| format!("send flag names must be strings, got {got}"))
        .and_then(flag)
}

fn not_flags(got: &str) -> String {
    format!("string or table expected, got {got}")
}

/// `flags` as a name, a list of names, or nil (the raw glue's argument).
pub fn send_flags(flags: &Slot<'_>, arg: ArgRef) -> mlua::Result<i32> {
    let bits = match flags.value() {
        Scalar::Nil => Ok(default_flags()),
        Scalar::String(name) => flag(name),
        Scalar::Table => {
            let mut bits = 0;
            flags
                .strings(|v| {
                    let name = match v {
                        Scalar::String(name) => Ok(name),
                        other => Err(scalar_type(&other)),
                    };
                    entry_bits(name).map(|b| bits |= b)
                })
                .map(|()| bits)
        }
        _ => Err(not_flags(flags.type_name())),
    };
    bits.map_err(|m| arg.error(m))
}

/// Lua's type name of a plain value.
fn scalar_type(v: &Scalar<'_>) -> &'static str {
    match v {
        Scalar::Nil => "nil",
        Scalar::Boolean(_) => "boolean",
        Scalar::Integer(_) | Scalar::Number(_) => "number",
        Scalar::String(_) => "string",
        Scalar::Table => "table",
        Scalar::Other(t) => t,
    }
}

/// `flags` as a name, a list of names, or nil; the inner error is the text of a bad argument.
pub fn flag_bits(flags: Value) -> mlua::Result<Result<i32, String>> {
    Ok(match flags {
        Value::Nil => Ok(default_flags()),
        Value::String(s) => flag(&s.as_bytes()),
        Value::Table(t) => {
            let mut bits = 0;
            for v in t.sequence_values::<Value>() {
                let v = v?;
                let bytes = match &v {
                    Value::String(s) => Some(s.as_bytes()),
                    _ => None,
                };
                let name = bytes.as_deref().ok_or_else(|| lua_type_name(&v));
                match entry_bits(name) {
                    Ok(b) => bits |= b,
                    Err(m) => return Ok(Err(m)),
                }
            }
            Ok(bits)
        }
        other => Err(not_flags(lua_type_name(&other))),
    })
}

/// Receives up to `max` messages (in batches; there is no other cap) as Lua tables.
pub fn receive(
    lua: &Lua,
    handle: &Handle,
    connection: u32,
    max: usize,
) -> mlua::Result<Result<Table, String>> {
    receive_with(
        lua,
        max,
        format!("{connection} is not a connection"),
        |want| ffi::receive_messages_on_connection(handle, connection, want),
    )
}

/// Receives up to `max` messages of a poll group as Lua tables.
pub fn receive_on_poll_group(
    lua: &Lua,
    handle: &Handle,
    group: u32,
    max: usize,
) -> mlua::Result<Result<Table, String>> {
    receive_with(lua, max, format!("{group} is not a poll group"), |want| {
        ffi::receive_messages_on_poll_group(handle, group, want)
    })
}

/// `max` as given to a receive function.
pub fn max_arg(max: i64, arg: ArgRef) -> mlua::Result<usize> {
    match usize::try_from(max) {
        Ok(m) => Ok(m),
        Err(_) if max > 0 => Ok(usize::MAX),
        Err(_) => Err(arg.error("max must not be negative")),
    }
}

/// The fields of a message table, in the order [`message_fields`] gives them.
const MESSAGE_KEYS: [&str; 6] = [
    "data",
    "connection",
    "messageNumber",
    "lane",
    "receiveTime",
    "flags",
];

fn message_fields<'r>(m: &'r ffi::MessageView<'_>) -> [Field<'r>; 6] {
    [
        Field::Bytes(m.data),
        Field::Integer(i64::from(m.connection)),
        Field::Integer(m.message_number),
        Field::Integer(i64::from(m.lane)),
        Field::Integer(m.receive_time),
        Field::Integer(i64::from(m.flags)),
    ]
}

/// Message tables are built from the library's message objects in place (no copy), in one
/// protected call per batch; the objects are released when the batch is dropped, also when a
/// Lua error (out of memory) ends the build, so none leaks or is released twice.
fn receive_with(
    lua: &Lua,
    max: usize,
    invalid: String,
    fetch: impl FnMut(usize) -> Result<ffi::Received, ffi::Failure>,
) -> mlua::Result<Result<Table, String>> {
    let out = lua.create_table()?;
    let taken = in_batches(max, fetch, |first, batch| {
        let views: Vec<ffi::MessageView<'_>> = batch.iter().collect();
        append_records(lua, &out, first, &MESSAGE_KEYS, &views, message_fields)
    })?;
    Ok(taken.map(|_| out).map_err(|_| invalid))
}

/// Takes up to `max` messages in batches of at most [`MAX_RECEIVE_BATCH`], handing each batch
/// to `write` with the array index its first message gets; stops early when fewer arrive than
/// asked. The count taken, or the failure of the first fetch (a later one ends the loop).
fn in_batches(
    max: usize,
    mut fetch: impl FnMut(usize) -> Result<ffi::Received, ffi::Failure>,
    mut write: impl FnMut(usize, &ffi::Received) -> mlua::Result<()>,
) -> mlua::Result<Result<usize, ffi::Failure>> {
    let mut n = 0;
    while n < max {
        let want = (max - n).min(MAX_RECEIVE_BATCH);
        let batch = match fetch(want) {
            Ok(b) => b,
            Err(f) if n == 0 => return Ok(Err(f)),
            Err(_) => break,
        };
        write(n + 1, &batch)?;
        n += batch.len();
        if batch.len() < want {
            break;
        }
    }
    Ok(Ok(n))
}

fn payload<'r>(m: &'r ffi::MessageView<'_>) -> &'r [u8] {
    m.data
}

/// `receivePayloads`: up to `max` payloads of `connection` written to `out[1..n]`; returns n.
pub fn receive_payloads(
    lua: &Lua,
    handle: &Handle,
    connection: u32,
    out: &Table,
    max: usize,
) -> mlua::Result<Result<i64, String>> {
    let taken = in_batches(
        max,
        |want| ffi::receive_messages_on_connection(handle, connection, want),
        |first, batch| {
            let views: Vec<ffi::MessageView<'_>> = batch.iter().collect();
            write_strings(lua, out, first, &views, payload)
        },
    )?;
    Ok(taken
        .map(|n| n as i64)
        .map_err(|_| format!("{connection} is not a connection")))
}

/// The fields of a message table of the messages interface, in the order
/// [`channel_message_fields`] gives them.
const CHANNEL_MESSAGE_KEYS: [&str; 6] = [
    "data",
    "identity",
    "channel",
    "messageNumber",
    "receiveTime",
    "flags",
];

/// A message of the messages interface with its sender's identity.
type ChannelRow<'a> = (ffi::MessageView<'a>, String);

fn channel_message_fields<'r>(row: &'r ChannelRow<'_>) -> [Field<'r>; 6] {
    let (m, sender) = row;
    [
        Field::Bytes(m.data),
        Field::Bytes(sender.as_bytes()),
        Field::Integer(i64::from(m.channel)),
        Field::Integer(m.message_number),
        Field::Integer(m.receive_time),
        Field::Integer(i64::from(m.flags)),
    ]
}

/// `receiveMessagesOnChannel`: up to `max` messages of `channel` as Lua tables, built in
/// place as [`receive`] builds them.
pub fn receive_on_channel(
    lua: &Lua,
    handle: &Handle,
    owner: ffi::Owner,
    channel: i32,
    max: usize,
) -> mlua::Result<Result<Table, String>> {
    let out = lua.create_table()?;
    let taken = in_batches(
        max,
        |want| ffi::receive_messages_on_channel(handle, owner, channel, want),
        |first, batch| {
            let rows: Vec<ChannelRow<'_>> = batch.iter().zip(batch.senders()).collect();
            append_records(
                lua,
                &out,
                first,
                &CHANNEL_MESSAGE_KEYS,
                &rows,
                channel_message_fields,
            )
        },
    )?;
    Ok(taken.map(|_| out).map_err(|f| f.to_string()))
}
