//! The runtime behind the generated glue: one file per module trait of
//! `luasteam_generated::api`, plus the helpers they share.

mod core;
mod messages;
mod networking_utils;
mod sockets;

use super::listen_socket::ListenSocket;
use super::state::Runtime;
use crate::address::parse_address;
use luasteam_generated::api::Api;
use luasteam_generated::support::ArgRef;
use std::net::SocketAddr;

pub struct LuaApi {
    pub rt: Runtime,
}

/// Registry key of the `Steam` table, where handlers are looked up.
pub const MODULE_KEY: &str = "luasteam.module";

pub(super) fn address_arg(address: &mlua::LuaString, arg: ArgRef) -> mlua::Result<SocketAddr> {
    let text = address.to_string_lossy();
    parse_address(&text).map_err(|m| arg.error(m))
}

/// Connection ids are 32-bit handles; anything else cannot name a connection.
pub(super) fn connection_id(connection: i64) -> u32 {
    u32::try_from(connection).unwrap_or(0)
}

/// `addr` with a port the OS reports free for UDP right now.
pub(super) fn free_udp_port(addr: &SocketAddr) -> Option<SocketAddr> {
    let probe = std::net::UdpSocket::bind(addr).ok()?;
    probe.local_addr().ok()
}

/// Closes a listen socket as `closeListenSocket` does; nothing when it is closed already
/// (also by `shutdown`). For the socket's `__close` metamethod, which has no `LuaApi` at hand.
#[cfg(feature = "lua54")]
pub(super) fn close_socket(lua: &mlua::Lua, socket: &ListenSocket) -> mlua::Result<()> {
    let api = match lua.app_data_ref::<std::rc::Rc<LuaApi>>() {
        Some(api) => std::rc::Rc::clone(&api),
        None => return Ok(()),
    };
    api.close_socket(lua, socket)
}

impl LuaApi {
    pub(super) fn close_socket(&self, lua: &mlua::Lua, socket: &ListenSocket) -> mlua::Result<()> {
        if socket.closed.get() || !self.rt.is_initialised() {
            return Ok(());
        }
        if self.rt.forget_socket(lua, socket)? {
            // Closing is all that was asked: a handle the library forgot is closed too.
            let _ = self
                .rt
                .with(|h| crate::ffi::close_listen_socket(h, socket.handle))?;
        }
        Ok(())
    }
}

/// The documented result string of a call whose value is an EResult: `OK`, or the failure's.
pub(super) fn eresult<T>(
    result: &Result<T, crate::ffi::Failure>,
) -> luasteam_generated::support::Enum {
    luasteam_generated::support::Enum(match result {
        Ok(_) => crate::ffi::eresult::OK,
        Err(failure) => failure.eresult(),
    })
}

/// The failure message of the connection queries.
pub(super) fn not_a_connection(connection: i64) -> String {
    format!("{connection} is not a connection")
}

impl Api for LuaApi {
    #[cfg(feature = "standalone")]
    const BACKEND: &'static str = "standalone";
    #[cfg(feature = "steam")]
    const BACKEND: &'static str = "steam";
    type ListenSocket = ListenSocket;

    fn is_initialised(&self) -> bool {
        self.rt.is_initialised()
    }
}
