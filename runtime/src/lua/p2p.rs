//! `Steam.sockets` peer-to-peer functions: argument checks and calls.

use super::options;
use super::state::Runtime;
use crate::ffi;
use crate::steamid;
use luasteam_generated::api::args::sockets as args;
use luasteam_generated::support::ArgRef;
use mlua::{AnyUserData, Lua, LuaString, Table};

/// Virtual ports are chosen by the game; Steam documents them as small numbers, and this
/// range keeps them meaningful on every platform.
fn virtual_port(port: i64, arg: ArgRef) -> mlua::Result<i32> {
    match i32::try_from(port) {
        Ok(p) if (0..=65535).contains(&p) => Ok(p),
        _ => Err(arg.error(format!("virtual port {port} out of range (0 to 65535)"))),
    }
}

pub fn create_listen_socket(
    rt: &Runtime,
    lua: &Lua,
    port: i64,
    opts: Option<Table>,
) -> mlua::Result<Result<AnyUserData, String>> {
    let port = virtual_port(port, args::create_listen_socket_p2p::VIRTUAL_PORT)?;
    let opts = options::convert(opts, args::create_listen_socket_p2p::OPTIONS)?;
    let created = rt.with(|h| ffi::create_listen_socket_p2p(h, rt.owner(), port, &opts))?;
    match created {
        Ok(handle) => Ok(Ok(rt.socket_object(lua, handle)?)),
        Err(failure) => Ok(Err(failure.to_string())),
    }
}

/// A peer named by a decimal SteamID or by an identity in Valve's text form.
pub(crate) fn peer(text: &str) -> Result<ffi::Identity, String> {
    if text.bytes().next().is_some_and(|b| b.is_ascii_digit()) || text.is_empty() {
        return steamid::parse(text).map(ffi::Identity::steam_id);
    }
    ffi::Identity::parse(text)
}

pub fn connect(
    rt: &Runtime,
    identity: &LuaString,
    port: i64,
    opts: Option<Table>,
) -> mlua::Result<Result<i64, String>> {
    let peer =
        peer(&identity.to_string_lossy()).map_err(|m| args::connect_p2p::IDENTITY.error(m))?;
    let port = virtual_port(port, args::connect_p2p::VIRTUAL_PORT)?;
    let opts = options::convert(opts, args::connect_p2p::OPTIONS)?;
    let connected = rt.with(|h| ffi::connect_p2p(h, rt.owner(), &peer, port, &opts))?;
    Ok(connected.map(i64::from).map_err(|f| f.to_string()))
}
