//! `Steam.sockets.*` (spec/sockets.rst).

use super::*;
use crate::ffi::{self, Failure};
use crate::lua::connections;
use crate::lua::listen_socket::ListenSocket;
use crate::lua::messages;
use crate::lua::options;
use luasteam_generated::api::args::sockets as args;
use luasteam_generated::api::SocketsApi;
use luasteam_generated::support::raw::{read_strings, Slot};
use luasteam_generated::support::Enum;
use luasteam_generated::tables::{SocketsConnectionInfo, SocketsConnectionRealTimeStatus};
use mlua::{AnyUserData, Lua, Table};

impl SocketsApi for LuaApi {
    fn create_listen_socket_ip(
        &self,
        lua: &Lua,
        address: mlua::LuaString,
        options: Option<Table>,
    ) -> mlua::Result<Result<AnyUserData, String>> {
        let addr = address_arg(&address, args::create_listen_socket_ip::ADDRESS)?;
        let opts = options::convert(options, args::create_listen_socket_ip::OPTIONS)?;
        let created = self.rt.with(|h| {
            if addr.port() != 0 {
                return ffi::create_listen_socket_ip(h, self.rt.owner(), &addr, &opts);
            }
            // The library needs an explicit port: take one the OS says is free. Another
            // process may grab it in between, so try a few.
            let mut last = Err(Failure::Message(format!("no free UDP port on {addr}")));
            for _ in 0..5 {
                let Some(free) = free_udp_port(&addr) else {
                    break;
                };
                last = ffi::create_listen_socket_ip(h, self.rt.owner(), &free, &opts);
                if last.is_ok() {
                    break;
                }
            }
            last
        })?;
        match created {
            Ok(handle) => Ok(Ok(self.rt.socket_object(lua, handle)?)),
            Err(failure) => Ok(Err(failure.to_string())),
        }
    }

    fn connect_by_ip_address(
        &self,
        _lua: &Lua,
        address: mlua::LuaString,
        options: Option<Table>,
    ) -> mlua::Result<Result<i64, String>> {
        let addr = address_arg(&address, args::connect_by_ip_address::ADDRESS)?;
        let opts = options::convert(options, args::connect_by_ip_address::OPTIONS)?;
        let connected = self
            .rt
            .with(|h| ffi::connect_by_ip_address(h, self.rt.owner(), &addr, &opts))?;
        Ok(connected.map(i64::from).map_err(|f| f.to_string()))
    }

    fn accept_connection(&self, connection: i64) -> mlua::Result<Enum> {
        let accepted = self
            .rt
            .with(|h| ffi::accept_connection(h, connection_id(connection)))?;
        Ok(eresult(&accepted))
    }

    fn close_connection(
        &self,
        connection: i64,
        linger: bool,
        reason: i64,
        debug: Option<&[u8]>,
    ) -> mlua::Result<()> {
        // Application end reasons: k_ESteamNetConnectionEnd_App_Min to AppException_Max.
        let reason = match reason {
            r if (1000..=2999).contains(&r) => r as i32,
            _ => {
                return Err(
                    args::close_connection::REASON.error("reason must be from 1000 to 2999")
                );
            }
        };
        let debug = debug.map(String::from_utf8_lossy);
        // Closing an id that is not a connection does nothing, as documented.
        let _ = self.rt.with(|h| {
            ffi::close_connection(
                h,
                connection_id(connection),
                reason,
                debug.as_deref(),
                linger,
            )
        })?;
        // Events about it already taken from the library are not delivered either.
        self.rt.forget_connection_events(connection);
        Ok(())
    }

    fn close_listen_socket(&self, lua: &Lua, socket: AnyUserData) -> mlua::Result<()> {
        let socket = socket.borrow::<ListenSocket>()?;
        self.close_socket(lua, &socket)
    }

    fn send_message_to_connection(
        &self,
        connection: i64,
        data: &[u8],
        flags: Slot<'_>,
    ) -> mlua::Result<(Enum, i64)> {
        let flags = messages::send_flags(&flags, args::send_message_to_connection::FLAGS)?;
        let sent = self
            .rt
            .with(|h| ffi::send_message(h, connection_id(connection), data, flags))?;
        // The documented number on failure is 0.
        Ok((eresult(&sent), sent.unwrap_or(0)))
    }

    fn receive_messages_on_connection(
        &self,
        lua: &Lua,
        connection: i64,
        max: i64,
    ) -> mlua::Result<Result<Table, String>> {
        let max = messages::max_arg(max, args::receive_messages_on_connection::MAX)?;
        self.rt
            .with(|h| messages::receive(lua, h, connection_id(connection), max))?
    }

    fn create_listen_socket_p2p(
        &self,
        lua: &Lua,
        virtual_port: i64,
        options: Option<Table>,
    ) -> mlua::Result<Result<AnyUserData, String>> {
        crate::lua::p2p::create_listen_socket(&self.rt, lua, virtual_port, options)
    }

    fn connect_p2p(
        &self,
        _lua: &Lua,
        identity: mlua::LuaString,
        virtual_port: i64,
        options: Option<Table>,
    ) -> mlua::Result<Result<i64, String>> {
        crate::lua::p2p::connect(&self.rt, &identity, virtual_port, options)
    }

    fn get_identity(&self, _lua: &Lua) -> mlua::Result<Result<String, String>> {
        Ok(self.rt.with(ffi::get_identity)?.map_err(|f| f.to_string()))
    }

    #[cfg(feature = "standalone")]
    fn received_p2p_custom_signal(&self, blob: &[u8]) -> mlua::Result<Result<bool, String>> {
        let Some(bytes) = crate::base64::decode(blob) else {
            return Ok(Err(
                "the signal is not base64 text (pass data.blob unchanged)".to_string(),
            ));
        };
        let fed = self.rt.with(|h| ffi::received_signal(h, &bytes))?;
        Ok(fed.map(|()| true).map_err(|f| f.to_string()))
    }

    fn send_messages(&self, lua: &Lua, messages: Table) -> mlua::Result<Table> {
        connections::send_messages(lua, &self.rt, messages)
    }

    fn send_payloads(
        &self,
        lua: &Lua,
        connection: i64,
        payloads: Table,
        flags: mlua::Value,
    ) -> mlua::Result<(i64, Enum)> {
        let flags = messages::flag_bits(flags)?.map_err(|m| args::send_payloads::FLAGS.error(m))?;
        let strings = match read_strings(lua, &payloads)? {
            Ok(s) => s,
            Err((i, got)) => {
                let arg = args::send_payloads::PAYLOADS;
                let msg = format!("{}[{i}]: string expected, got {got}", arg.name);
                return Err(arg.error(msg));
            }
        };
        let (sent, result) = self
            .rt
            .with(|h| ffi::send_many(h, connection_id(connection), strings.iter(), flags))?;
        Ok((sent as i64, eresult(&result)))
    }

    fn receive_payloads(
        &self,
        lua: &Lua,
        connection: i64,
        payloads: Table,
        max: i64,
    ) -> mlua::Result<Result<i64, String>> {
        let max = messages::max_arg(max, args::receive_payloads::MAX)?;
        self.rt.with(|h| {
            messages::receive_payloads(lua, h, connection_id(connection), &payloads, max)
        })?
    }

    fn flush_messages_on_connection(&self, connection: i64) -> mlua::Result<Enum> {
        let flushed = self
            .rt
            .with(|h| ffi::flush_messages_on_connection(h, connection_id(connection)))?;
        Ok(eresult(&flushed))
    }

    fn create_poll_group(&self, _lua: &Lua) -> mlua::Result<Result<i64, String>> {
        let group = self
            .rt
            .with(|h| ffi::create_poll_group(h, self.rt.owner()))?;
        Ok(group.map(i64::from).map_err(|f| f.to_string()))
    }

    fn destroy_poll_group(&self, group: i64) -> mlua::Result<bool> {
        let destroyed = self
            .rt
            .with(|h| ffi::destroy_poll_group(h, connection_id(group)))?;
        Ok(destroyed.is_ok())
    }

    fn set_connection_poll_group(&self, connection: i64, group: i64) -> mlua::Result<bool> {
        let set = self.rt.with(|h| {
            ffi::set_connection_poll_group(h, connection_id(connection), connection_id(group))
        })?;
        Ok(set.is_ok())
    }

    fn receive_messages_on_poll_group(
        &self,
        lua: &Lua,
        group: i64,
        max: i64,
    ) -> mlua::Result<Result<Table, String>> {
        let max = messages::max_arg(max, args::receive_messages_on_poll_group::MAX)?;
        self.rt
            .with(|h| messages::receive_on_poll_group(lua, h, connection_id(group), max))?
    }

    fn get_connection_info(
        &self,
        lua: &Lua,
        connection: i64,
    ) -> mlua::Result<Result<SocketsConnectionInfo, String>> {
        let info = self
            .rt
            .with(|h| ffi::get_connection_info(h, connection_id(connection)))?;
        match info {
            Ok(i) => Ok(Ok(connections::info(lua, &self.rt, i)?)),
            Err(_) => Ok(Err(not_a_connection(connection))),
        }
    }

    fn get_connection_real_time_status(
        &self,
        _lua: &Lua,
        connection: i64,
    ) -> mlua::Result<Result<SocketsConnectionRealTimeStatus, String>> {
        let status = self
            .rt
            .with(|h| ffi::get_connection_real_time_status(h, connection_id(connection)))?;
        Ok(status
            .map(connections::status)
            .map_err(|_| not_a_connection(connection)))
    }

    fn set_connection_user_data(&self, connection: i64, value: i64) -> mlua::Result<bool> {
        let set = self
            .rt
            .with(|h| ffi::set_connection_user_data(h, connection_id(connection), value))?;
        Ok(set.is_ok())
    }

    fn get_connection_user_data(&self, connection: i64) -> mlua::Result<Result<i64, String>> {
        let value = self
            .rt
            .with(|h| ffi::get_connection_user_data(h, connection_id(connection)))?;
        Ok(value.map_err(|_| not_a_connection(connection)))
    }

    fn set_connection_name(&self, connection: i64, name: &[u8]) -> mlua::Result<()> {
        let name = String::from_utf8_lossy(name);
        // Naming an id that is not a connection does nothing, as documented.
        let _ = self
            .rt
            .with(|h| ffi::set_connection_name(h, connection_id(connection), &name))?;
        Ok(())
    }

    fn get_connection_name(&self, connection: i64) -> mlua::Result<Result<String, String>> {
        let name = self
            .rt
            .with(|h| ffi::get_connection_name(h, connection_id(connection)))?;
        Ok(name.map_err(|_| not_a_connection(connection)))
    }

    fn get_detailed_connection_status(
        &self,
        connection: i64,
    ) -> mlua::Result<Result<String, String>> {
        let report = self
            .rt
            .with(|h| ffi::get_detailed_connection_status(h, connection_id(connection)))?;
        Ok(report.map_err(|_| not_a_connection(connection)))
    }

    fn get_listen_socket_address(
        &self,
        _lua: &Lua,
        socket: AnyUserData,
    ) -> mlua::Result<Result<String, String>> {
        let socket = socket.borrow::<ListenSocket>()?;
        if socket.closed.get() {
            return Ok(Err("the listen socket is closed".to_string()));
        }
        let handle = socket.handle;
        let addr = self
            .rt
            .with(|h| ffi::get_listen_socket_address(h, handle))?;
        Ok(addr
            .map(|a| crate::address::format_address(&a))
            .map_err(|_| "the listen socket is closed".to_string()))
    }

    fn create_socket_pair(
        &self,
        use_network_loopback: bool,
    ) -> mlua::Result<Result<(i64, i64), String>> {
        let pair = self
            .rt
            .with(|h| ffi::create_socket_pair(h, self.rt.owner(), use_network_loopback))?;
        Ok(pair
            .map(|(a, b)| (i64::from(a), i64::from(b)))
            .map_err(|f| f.to_string()))
    }

    fn configure_connection_lanes(
        &self,
        _lua: &Lua,
        connection: i64,
        priorities: Table,
        weights: Option<Table>,
    ) -> mlua::Result<Enum> {
        self.rt.with(|h| {
            connections::configure_lanes(
                h,
                connection_id(connection),
                &priorities,
                weights.as_ref(),
            )
        })?
    }

    fn set_connection_config_value(
        &self,
        connection: i64,
        name: &[u8],
        new_value: Slot<'_>,
    ) -> mlua::Result<bool> {
        crate::lua::utils::set_for_connection(&self.rt, connection, name, &new_value)
    }

    fn init_authentication(&self, _lua: &Lua) -> mlua::Result<Enum> {
        self.rt
            .with(ffi::init_authentication)?
            .map(Enum)
            .map_err(|f| mlua::Error::runtime(f.to_string()))
    }

    fn get_authentication_status(&self, _lua: &Lua) -> mlua::Result<(Enum, String)> {
        let (avail, message) = self
            .rt
            .with(ffi::get_authentication_status)?
            .map_err(|f| mlua::Error::runtime(f.to_string()))?;
        Ok((Enum(avail), message))
    }

    fn listen_socket_close(&self, lua: &Lua, listen_socket: AnyUserData) -> mlua::Result<()> {
        self.close_listen_socket(lua, listen_socket)
    }

    fn listen_socket_get_address(
        &self,
        lua: &Lua,
        listen_socket: AnyUserData,
    ) -> mlua::Result<Result<String, String>> {
        self.get_listen_socket_address(lua, listen_socket)
    }
}
