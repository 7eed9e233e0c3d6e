//! The runtime behind the generated glue: `luasteam_generated::api::Api` for this backend.

use super::events;
use super::listen_socket::ListenSocket;
use super::messages;
use super::options;
use super::state::Runtime;
use crate::address::parse_address;
use crate::ffi;
use luasteam_generated::api::Api;
use luasteam_generated::enums::EResult;
use luasteam_generated::support::bad_argument;
use mlua::{AnyUserData, Lua, Table};
use std::net::SocketAddr;

pub struct LuaApi {
    pub rt: Runtime,
}

/// Registry key of the `Steam` table, where handlers are looked up.
pub const MODULE_KEY: &str = "luasteam.module";

fn address_arg(
    address: &mlua::LuaString,
    position: usize,
    function: &str,
) -> mlua::Result<SocketAddr> {
    let text = address.to_string_lossy();
    parse_address(&text).map_err(|m| bad_argument(position, function, m))
}

/// Connection ids are 32-bit handles; anything else cannot name a connection.
fn connection_id(connection: i64) -> u32 {
    u32::try_from(connection).unwrap_or(0)
}

/// `addr` with a port the OS reports free for UDP right now.
fn free_udp_port(addr: &SocketAddr) -> Option<SocketAddr> {
    let probe = std::net::UdpSocket::bind(addr).ok()?;
    probe.local_addr().ok()
}

fn result_name(code: i32) -> &'static str {
    EResult.name_of(code).unwrap_or("Fail")
}

impl Api for LuaApi {
    #[cfg(feature = "standalone")]
    const BACKEND: &'static str = "standalone";
    #[cfg(feature = "steam")]
    const BACKEND: &'static str = "steam";
    type ListenSocket = ListenSocket;

    fn backend(&self, _lua: &Lua) -> mlua::Result<String> {
        Ok(Self::BACKEND.to_string())
    }

    fn init(&self, _lua: &Lua) -> mlua::Result<(bool, Option<String>)> {
        Ok(match self.rt.init() {
            Ok(()) => (true, None),
            Err(message) => (false, Some(message)),
        })
    }

    fn shutdown(&self, lua: &Lua) -> mlua::Result<()> {
        self.rt.shutdown(lua)
    }

    fn run_callbacks(&self, lua: &Lua) -> mlua::Result<()> {
        let steam: Table = lua.named_registry_value(MODULE_KEY)?;
        let fresh = self.rt.with_handle("runCallbacks", |h| {
            ffi::run_callbacks(h);
            ffi::take_events(h, self.rt.owner())
        })?;
        let converted = fresh
            .into_iter()
            .map(|e| events::connection_changed(&self.rt, lua, e))
            .collect::<mlua::Result<Vec<_>>>()?;
        self.rt.push_events(converted);
        while let Some(event) = self.rt.pop_event() {
            // A handler's error leaves the rest queued for the next call.
            event.dispatch(lua, &steam)?;
        }
        Ok(())
    }

    fn sleep(&self, _lua: &Lua, seconds: f64) -> mlua::Result<()> {
        let duration = std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
            bad_argument(
                1,
                "sleep",
                "a finite, non-negative number of seconds expected",
            )
        })?;
        std::thread::sleep(duration);
        Ok(())
    }

    fn sockets_create_listen_socket_ip(
        &self,
        lua: &Lua,
        address: mlua::LuaString,
        options: Option<Table>,
    ) -> mlua::Result<Result<AnyUserData, String>> {
        const NAME: &str = "createListenSocketIP";
        let addr = address_arg(&address, 1, NAME)?;
        let opts = options::convert(options, 2, NAME)?;
        let created = self.rt.with_handle(NAME, |h| {
            if addr.port() != 0 {
                return ffi::create_listen_socket_ip(h, self.rt.owner(), &addr, &opts);
            }
            // The library needs an explicit port: take one the OS says is free. Another
            // process may grab it in between, so try a few.
            let mut last = Err(String::new());
            for _ in 0..5 {
                let Some(free) = free_udp_port(&addr) else {
                    break;
                };
                last = ffi::create_listen_socket_ip(h, self.rt.owner(), &free, &opts);
                if last.is_ok() {
                    break;
                }
            }
            last.map_err(|e| {
                if e.is_empty() {
                    format!("no free UDP port on {addr}")
                } else {
                    e
                }
            })
        })?;
        match created {
            Ok(handle) => Ok(Ok(self.rt.socket_object(lua, handle)?)),
            Err(message) => Ok(Err(message)),
        }
    }

    fn sockets_connect_by_ip_address(
        &self,
        _lua: &Lua,
        address: mlua::LuaString,
        options: Option<Table>,
    ) -> mlua::Result<Result<i64, String>> {
        const NAME: &str = "connectByIPAddress";
        let addr = address_arg(&address, 1, NAME)?;
        let opts = options::convert(options, 2, NAME)?;
        let connected = self.rt.with_handle(NAME, |h| {
            ffi::connect_by_ip_address(h, self.rt.owner(), &addr, &opts)
        })?;
        Ok(connected.map(i64::from))
    }

    fn sockets_accept_connection(&self, _lua: &Lua, connection: i64) -> mlua::Result<&'static str> {
        let code = self.rt.with_handle("acceptConnection", |h| {
            ffi::accept_connection(h, connection_id(connection))
        })?;
        Ok(result_name(code))
    }

    fn sockets_close_connection(
        &self,
        _lua: &Lua,
        connection: i64,
        linger: Option<bool>,
        reason: Option<i64>,
        debug: Option<mlua::LuaString>,
    ) -> mlua::Result<()> {
        const NAME: &str = "closeConnection";
        let reason = match reason {
            None => 0,
            Some(r) => {
                i32::try_from(r).map_err(|_| bad_argument(3, NAME, "reason out of range"))?
            }
        };
        let debug = debug.map(|d| d.to_string_lossy());
        self.rt.with_handle(NAME, |h| {
            ffi::close_connection(
                h,
                connection_id(connection),
                reason,
                debug.as_deref(),
                linger.unwrap_or(false),
            )
        })?;
        Ok(())
    }

    fn sockets_close_listen_socket(&self, lua: &Lua, socket: AnyUserData) -> mlua::Result<()> {
        let socket = socket.borrow::<ListenSocket>()?;
        let handle = socket.handle;
        self.rt.with_handle("closeListenSocket", |_| ())?;
        if self.rt.forget_socket(lua, &socket)? {
            self.rt
                .with_handle("closeListenSocket", |h| ffi::close_listen_socket(h, handle))?;
        }
        Ok(())
    }

    fn sockets_send_message_to_connection(
        &self,
        _lua: &Lua,
        connection: i64,
        data: mlua::LuaString,
        flags: mlua::Value,
    ) -> mlua::Result<(&'static str, i64)> {
        const NAME: &str = "sendMessageToConnection";
        let flags = messages::send_flags(flags, 3, NAME)?;
        let (code, number) = self.rt.with_handle(NAME, |h| {
            ffi::send_message(h, connection_id(connection), &data.as_bytes(), flags)
        })?;
        Ok((result_name(code), number))
    }

    fn sockets_receive_messages_on_connection(
        &self,
        lua: &Lua,
        connection: i64,
        max: Option<i64>,
    ) -> mlua::Result<Result<Table, String>> {
        const NAME: &str = "receiveMessagesOnConnection";
        let max = match max {
            None => messages::DEFAULT_MAX,
            Some(m) if m >= 0 => usize::try_from(m).unwrap_or(usize::MAX),
            Some(_) => return Err(bad_argument(2, NAME, "max must not be negative")),
        };
        self.rt.with_handle(NAME, |h| {
            messages::receive(lua, h, connection_id(connection), max)
        })?
    }
}
