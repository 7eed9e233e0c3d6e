//! The runtime behind the generated glue: `luasteam_generated::api::Api` for this backend.

use super::connections;
use super::events;
use super::listen_socket::ListenSocket;
use super::messages;
use super::options;
use super::state::Runtime;
use super::utils;
use crate::address::parse_address;
use crate::ffi;
use luasteam_generated::api::Api;
use luasteam_generated::enums::EResult;
use luasteam_generated::support::bad_argument;
use luasteam_generated::tables::{SocketsGetConnectionInfo, SocketsGetConnectionRealTimeStatus};
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

/// The failure message of the connection queries.
fn not_a_connection(connection: i64) -> String {
    format!("{connection} is not a connection")
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
        let (fresh, debug) = self.rt.with_handle("runCallbacks", |h| {
            ffi::run_callbacks(h);
            let owner = self.rt.owner();
            (ffi::take_events(h, owner), ffi::take_debug_output(h, owner))
        })?;
        let converted = fresh
            .into_iter()
            .map(|e| events::connection_changed(&self.rt, lua, e))
            .collect::<mlua::Result<Vec<_>>>()?;
        self.rt.push_events(converted);
        self.rt.push_events(utils::debug_events(debug));
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

    fn networking_utils_get_local_timestamp(&self, _lua: &Lua) -> mlua::Result<i64> {
        self.rt
            .with_handle("getLocalTimestamp", ffi::local_timestamp)
    }

    fn networking_utils_set_global_config_value(
        &self,
        _lua: &Lua,
        name: mlua::LuaString,
        value: mlua::Value,
    ) -> mlua::Result<bool> {
        utils::set_global(&self.rt, &name, value)
    }

    fn networking_utils_get_config_value(
        &self,
        lua: &Lua,
        name: mlua::LuaString,
        scope: Option<mlua::LuaString>,
        object: mlua::Value,
    ) -> mlua::Result<Result<mlua::Value, String>> {
        utils::get(&self.rt, lua, &name, scope.as_ref(), object)
    }

    fn networking_utils_set_debug_output_level(
        &self,
        _lua: &Lua,
        level: mlua::LuaString,
    ) -> mlua::Result<()> {
        utils::set_debug_level(&self.rt, &level)
    }

    #[cfg(feature = "steam")]
    fn networking_utils_init_relay_network_access(&self, _lua: &Lua) -> mlua::Result<()> {
        self.rt
            .with_handle("initRelayNetworkAccess", ffi::init_relay_network_access)
    }

    #[cfg(feature = "steam")]
    fn networking_utils_get_relay_network_status(
        &self,
        _lua: &Lua,
    ) -> mlua::Result<(&'static str, String)> {
        use luasteam_generated::enums::ESteamNetworkingAvailability as Availability;
        let (avail, message) = self
            .rt
            .with_handle("getRelayNetworkStatus", ffi::get_relay_network_status)?;
        Ok((Availability.name_of(avail).unwrap_or("Unknown"), message))
    }

    #[cfg(feature = "steam")]
    fn sockets_create_listen_socket_p2p(
        &self,
        lua: &Lua,
        virtual_port: i64,
        options: Option<Table>,
    ) -> mlua::Result<Result<AnyUserData, String>> {
        super::p2p::create_listen_socket(&self.rt, lua, virtual_port, options)
    }

    #[cfg(feature = "steam")]
    fn sockets_connect_p2p(
        &self,
        _lua: &Lua,
        steam_id: mlua::LuaString,
        virtual_port: i64,
        options: Option<Table>,
    ) -> mlua::Result<Result<i64, String>> {
        super::p2p::connect(&self.rt, &steam_id, virtual_port, options)
    }

    fn sockets_send_messages(&self, lua: &Lua, messages: Table) -> mlua::Result<Table> {
        connections::send_messages(lua, &self.rt, messages)
    }

    fn sockets_flush_messages_on_connection(
        &self,
        _lua: &Lua,
        connection: i64,
    ) -> mlua::Result<&'static str> {
        let code = self.rt.with_handle("flushMessagesOnConnection", |h| {
            ffi::flush_messages_on_connection(h, connection_id(connection))
        })?;
        Ok(result_name(code))
    }

    fn sockets_create_poll_group(&self, _lua: &Lua) -> mlua::Result<Result<i64, String>> {
        let group = self.rt.with_handle("createPollGroup", |h| {
            ffi::create_poll_group(h, self.rt.owner())
        })?;
        Ok(group
            .map(i64::from)
            .ok_or_else(|| "cannot create a poll group".to_string()))
    }

    fn sockets_destroy_poll_group(&self, _lua: &Lua, group: i64) -> mlua::Result<bool> {
        self.rt.with_handle("destroyPollGroup", |h| {
            ffi::destroy_poll_group(h, connection_id(group))
        })
    }

    fn sockets_set_connection_poll_group(
        &self,
        _lua: &Lua,
        connection: i64,
        group: i64,
    ) -> mlua::Result<bool> {
        self.rt.with_handle("setConnectionPollGroup", |h| {
            ffi::set_connection_poll_group(h, connection_id(connection), connection_id(group))
        })
    }

    fn sockets_receive_messages_on_poll_group(
        &self,
        lua: &Lua,
        group: i64,
        max: Option<i64>,
    ) -> mlua::Result<Result<Table, String>> {
        const NAME: &str = "receiveMessagesOnPollGroup";
        let max = messages::max_arg(max, NAME)?;
        self.rt.with_handle(NAME, |h| {
            messages::receive_on_poll_group(lua, h, connection_id(group), max)
        })?
    }

    fn sockets_get_connection_info(
        &self,
        lua: &Lua,
        connection: i64,
    ) -> mlua::Result<Result<SocketsGetConnectionInfo, String>> {
        let info = self.rt.with_handle("getConnectionInfo", |h| {
            ffi::get_connection_info(h, connection_id(connection))
        })?;
        match info {
            Some(i) => Ok(Ok(connections::info(lua, &self.rt, i)?)),
            None => Ok(Err(not_a_connection(connection))),
        }
    }

    fn sockets_get_connection_real_time_status(
        &self,
        _lua: &Lua,
        connection: i64,
    ) -> mlua::Result<Result<SocketsGetConnectionRealTimeStatus, String>> {
        let status = self.rt.with_handle("getConnectionRealTimeStatus", |h| {
            ffi::get_connection_real_time_status(h, connection_id(connection))
        })?;
        Ok(status
            .map(connections::status)
            .map_err(|_| not_a_connection(connection)))
    }

    fn sockets_set_connection_user_data(
        &self,
        _lua: &Lua,
        connection: i64,
        value: i64,
    ) -> mlua::Result<bool> {
        self.rt.with_handle("setConnectionUserData", |h| {
            ffi::set_connection_user_data(h, connection_id(connection), value)
        })
    }

    fn sockets_get_connection_user_data(
        &self,
        _lua: &Lua,
        connection: i64,
    ) -> mlua::Result<Result<i64, String>> {
        let value = self.rt.with_handle("getConnectionUserData", |h| {
            ffi::get_connection_user_data(h, connection_id(connection))
        })?;
        Ok(value.ok_or_else(|| not_a_connection(connection)))
    }

    fn sockets_set_connection_name(
        &self,
        _lua: &Lua,
        connection: i64,
        name: mlua::LuaString,
    ) -> mlua::Result<()> {
        let name = name.to_string_lossy();
        self.rt.with_handle("setConnectionName", |h| {
            ffi::set_connection_name(h, connection_id(connection), &name)
        })
    }

    fn sockets_get_connection_name(
        &self,
        _lua: &Lua,
        connection: i64,
    ) -> mlua::Result<Result<String, String>> {
        let name = self.rt.with_handle("getConnectionName", |h| {
            ffi::get_connection_name(h, connection_id(connection))
        })?;
        Ok(name.ok_or_else(|| not_a_connection(connection)))
    }

    fn sockets_get_listen_socket_address(
        &self,
        _lua: &Lua,
        socket: AnyUserData,
    ) -> mlua::Result<Result<String, String>> {
        let socket = socket.borrow::<ListenSocket>()?;
        if socket.closed.get() {
            return Ok(Err("the listen socket is closed".to_string()));
        }
        let handle = socket.handle;
        let addr = self.rt.with_handle("getListenSocketAddress", |h| {
            ffi::get_listen_socket_address(h, handle)
        })?;
        Ok(addr
            .map(|a| crate::address::format_address(&a))
            .ok_or_else(|| "the listen socket is closed".to_string()))
    }

    fn sockets_create_socket_pair(
        &self,
        _lua: &Lua,
        use_network_loopback: Option<bool>,
    ) -> mlua::Result<Result<(i64, i64), String>> {
        let pair = self.rt.with_handle("createSocketPair", |h| {
            ffi::create_socket_pair(h, self.rt.owner(), use_network_loopback.unwrap_or(false))
        })?;
        Ok(pair
            .map(|(a, b)| (i64::from(a), i64::from(b)))
            .ok_or_else(|| "cannot create a socket pair".to_string()))
    }

    fn sockets_configure_connection_lanes(
        &self,
        _lua: &Lua,
        connection: i64,
        priorities: Table,
        weights: Option<Table>,
    ) -> mlua::Result<&'static str> {
        self.rt.with_handle("configureConnectionLanes", |h| {
            connections::configure_lanes(
                h,
                connection_id(connection),
                &priorities,
                weights.as_ref(),
            )
        })?
    }
}
