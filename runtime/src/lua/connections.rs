//! Batched sending, connection queries and lanes: Lua values <-> the ffi layer.

use super::messages::flag_bits;
use super::state::Runtime;
use crate::ffi::{self, ConnectionInfo, Handle, Outgoing, RealTimeStatus};
use luasteam_generated::api::args::sockets as args;
use luasteam_generated::enums::EResult;
use luasteam_generated::support::{lua_type_name, sdk_name, ArgRef, Enum};
use luasteam_generated::tables::{SocketsConnectionInfo, SocketsConnectionRealTimeStatus};
use mlua::{Lua, Table, Value};

/// One entry of `sendMessages`, with its data kept alive as a Lua string.
struct Entry {
    connection: u32,
    data: mlua::LuaString,
    flags: i32,
    lane: u16,
}

/// Reads `messages[i]`; errors name the entry: `bad argument #1 (messages[2].data: ...)`.
fn entry(i: usize, value: Value) -> mlua::Result<Entry> {
    let arg = args::send_messages::MESSAGES;
    let bad = |m: String| arg.error(format!("{}[{i}]{m}", arg.name));
    let Value::Table(t) = value else {
        return Err(bad(format!(
            ": table expected, got {}",
            lua_type_name(&value)
        )));
    };
    let connection = match t.raw_get::<Value>("connection")? {
        Value::Integer(c) => c,
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => n as i64,
        other => {
            let msg = format!(
                ".connection: integer expected, got {}",
                lua_type_name(&other)
            );
            return Err(bad(msg));
        }
    };
    let data = match t.raw_get::<Value>("data")? {
        Value::String(s) => s,
        other => {
            return Err(bad(format!(
                ".data: string expected, got {}",
                lua_type_name(&other)
            )))
        }
    };
    let flags = flag_bits(t.raw_get("flags")?)?.map_err(|m| bad(format!(".flags: {m}")))?;
    let lane = match t.raw_get::<Value>("lane")? {
        Value::Nil => 0,
        Value::Integer(l) => u16::try_from(l).map_err(|_| bad(".lane: out of range".into()))?,
        Value::Number(n) if n.fract() == 0.0 && (0.0..65536.0).contains(&n) => n as u16,
        other => {
            let msg = format!(".lane: integer expected, got {}", lua_type_name(&other));
            return Err(bad(msg));
        }
    };
    Ok(Entry {
        connection: u32::try_from(connection).unwrap_or(0),
        data,
        flags,
        lane,
    })
}

/// Entries read and sent at a time: each holds its data as a Lua string reference, and a
/// Lua 5.1/LuaJIT state has room for only about 8000 of those at once.
const SEND_CHUNK: usize = 1024;

pub fn send_messages(lua: &Lua, rt: &Runtime, messages: Table) -> mlua::Result<Table> {
    // Every entry is checked before any is sent, keeping no Lua value between entries.
    let mut count = 0;
    loop {
        match messages.raw_get::<Value>(count + 1)? {
            Value::Nil => break,
            v => drop(entry(count + 1, v)?),
        }
        count += 1;
    }
    let out = lua.create_table_with_capacity(count, 0)?;
    let mut first = 1;
    while first <= count {
        let last = (first + SEND_CHUNK - 1).min(count);
        let entries = (first..=last)
            .map(|i| entry(i, messages.raw_get(i)?))
            .collect::<mlua::Result<Vec<Entry>>>()?;
        let bytes: Vec<_> = entries.iter().map(|e| e.data.as_bytes()).collect();
        let outgoing: Vec<Outgoing> = entries
            .iter()
            .zip(&bytes)
            .map(|(e, b)| Outgoing {
                connection: e.connection,
                data: b,
                flags: e.flags,
                lane: e.lane,
            })
            .collect();
        let results = rt.with(|h| ffi::send_messages(h, &outgoing))?;
        drop(outgoing);
        drop(bytes);
        drop(entries);
        for (i, r) in (first..).zip(results) {
            let t = lua.create_table_with_capacity(0, 2)?;
            let (code, number) = match r {
                Ok(n) => (ffi::eresult::OK, n),
                Err(failure) => (failure.eresult(), 0),
            };
            t.raw_set("result", sdk_name(&EResult, code))?;
            t.raw_set("messageNumber", number)?;
            out.raw_set(i, t)?;
        }
        first = last + 1;
    }
    Ok(out)
}

pub fn info(lua: &Lua, rt: &Runtime, i: ConnectionInfo) -> mlua::Result<SocketsConnectionInfo> {
    Ok(SocketsConnectionInfo {
        state: Enum(i.state),
        identity: i.identity,
        remote_address: i.remote_address,
        listen_socket: rt.known_socket(lua, i.listen_socket)?,
        end_reason: i64::from(i.end_reason),
        end_debug: i.end_debug,
        description: i.description,
        user_data: i.user_data,
    })
}

pub fn status(s: RealTimeStatus) -> SocketsConnectionRealTimeStatus {
    SocketsConnectionRealTimeStatus {
        state: Enum(s.state),
        ping: i64::from(s.ping),
        connection_quality_local: f64::from(s.quality_local),
        connection_quality_remote: f64::from(s.quality_remote),
        out_packets_per_sec: f64::from(s.out_packets_per_sec),
        out_bytes_per_sec: f64::from(s.out_bytes_per_sec),
        in_packets_per_sec: f64::from(s.in_packets_per_sec),
        in_bytes_per_sec: f64::from(s.in_bytes_per_sec),
        send_rate_bytes_per_second: i64::from(s.send_rate_bytes_per_sec),
        pending_unreliable: i64::from(s.pending_unreliable),
        pending_reliable: i64::from(s.pending_reliable),
        sent_unacked_reliable: i64::from(s.sent_unacked_reliable),
        queue_time: s.queue_time_usec,
    }
}

/// An array of integers that fit `T`, as an argument of `configureConnectionLanes`.
fn int_list<T: TryFrom<i64>>(t: &Table, arg: ArgRef) -> mlua::Result<Vec<T>> {
    let what = arg.name;
    let mut out = Vec::new();
    for (i, v) in t.sequence_values::<Value>().enumerate() {
        let n = match v? {
            Value::Integer(n) => Some(n),
            Value::Number(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            _ => None,
        };
        let item = n.and_then(|n| T::try_from(n).ok()).ok_or_else(|| {
            arg.error(format!(
                "{what}[{}]: {what} out of range or not an integer",
                i + 1
            ))
        })?;
        out.push(item);
    }
    Ok(out)
}

pub fn configure_lanes(
    h: &Handle,
    connection: u32,
    priorities: &Table,
    weights: Option<&Table>,
) -> mlua::Result<Enum> {
    let lanes = args::configure_connection_lanes::PRIORITIES;
    let weights_arg = args::configure_connection_lanes::WEIGHTS;
    let priorities: Vec<i32> = int_list(priorities, lanes)?;
    let weights: Vec<u16> = match weights {
        Some(w) => int_list(w, weights_arg)?,
        None => Vec::new(),
    };
    if weights.contains(&0) {
        let msg = "weights must be from 1 to 65535";
        return Err(weights_arg.error(msg));
    }
    if !weights.is_empty() && weights.len() != priorities.len() {
        let msg = format!("{} weights for {} lanes", weights.len(), priorities.len());
        return Err(weights_arg.error(msg));
    }
    let configured = ffi::configure_connection_lanes(h, connection, &priorities, &weights);
    Ok(Enum(match configured {
        Ok(()) => ffi::eresult::OK,
        Err(failure) => failure.eresult(),
    }))
}
