//! `Steam.messages.*` (spec/messages.rst).

use super::*;
use crate::ffi::{self, Identity};
use crate::lua::messages;
use crate::lua::p2p::peer;
use luasteam_generated::api::args::messages as args;
use luasteam_generated::api::MessagesApi;
use luasteam_generated::support::raw::Slot;
use luasteam_generated::support::{ArgRef, Enum};
use luasteam_generated::tables::MessagesSessionConnectionInfo;
use mlua::{Lua, Table};

/// A peer argument: a decimal SteamID or an identity in Valve's text form.
fn peer_arg(text: &[u8], arg: ArgRef) -> mlua::Result<Identity> {
    peer(&String::from_utf8_lossy(text)).map_err(|m| arg.error(m))
}

/// A channel argument: the library's channels are C ints.
fn channel_arg(channel: i64, arg: ArgRef) -> mlua::Result<i32> {
    i32::try_from(channel)
        .map_err(|_| arg.error(format!("channel {channel} out of range (a 32-bit integer)")))
}

impl MessagesApi for LuaApi {
    fn send_message_to_user(
        &self,
        identity: &[u8],
        data: &[u8],
        flags: Slot<'_>,
        channel: i64,
    ) -> mlua::Result<Enum> {
        let peer = peer_arg(identity, args::send_message_to_user::IDENTITY)?;
        let flags = messages::send_flags(&flags, args::send_message_to_user::FLAGS)?;
        let channel = channel_arg(channel, args::send_message_to_user::CHANNEL)?;
        let sent = self
            .rt
            .with(|h| ffi::send_message_to_user(h, self.rt.owner(), &peer, data, flags, channel))?;
        // Sending to a peer accepts its pending session request (Valve's rule), so a request
        // handler that answers this way must not see the session refused afterwards.
        if sent.is_ok() {
            self.rt.answer_request(&peer.text());
        }
        Ok(eresult(&sent))
    }

    fn receive_messages_on_channel(
        &self,
        lua: &Lua,
        channel: i64,
        max: i64,
    ) -> mlua::Result<Result<Table, String>> {
        let channel = channel_arg(channel, args::receive_messages_on_channel::CHANNEL)?;
        let max = messages::max_arg(max, args::receive_messages_on_channel::MAX)?;
        self.rt
            .with(|h| messages::receive_on_channel(lua, h, self.rt.owner(), channel, max))?
    }

    fn accept_session_with_user(&self, identity: &[u8]) -> mlua::Result<bool> {
        let peer = peer_arg(identity, args::accept_session_with_user::IDENTITY)?;
        let accepted = self
            .rt
            .with(|h| ffi::accept_session_with_user(h, self.rt.owner(), &peer))?;
        // Accepted from the request's handler: luasteam must not refuse it afterwards.
        self.rt.answer_request(&peer.text());
        Ok(accepted.unwrap_or(false))
    }

    fn close_session_with_user(&self, identity: &[u8]) -> mlua::Result<bool> {
        let peer = peer_arg(identity, args::close_session_with_user::IDENTITY)?;
        let closed = self
            .rt
            .with(|h| ffi::close_session_with_user(h, self.rt.owner(), &peer))?;
        Ok(closed.unwrap_or(false))
    }

    fn close_channel_with_user(&self, identity: &[u8], channel: i64) -> mlua::Result<bool> {
        let peer = peer_arg(identity, args::close_channel_with_user::IDENTITY)?;
        let channel = channel_arg(channel, args::close_channel_with_user::CHANNEL)?;
        let closed = self
            .rt
            .with(|h| ffi::close_channel_with_user(h, self.rt.owner(), &peer, channel))?;
        Ok(closed.unwrap_or(false))
    }

    fn get_session_connection_info(
        &self,
        _lua: &Lua,
        identity: mlua::LuaString,
    ) -> mlua::Result<Result<MessagesSessionConnectionInfo, String>> {
        let peer = peer_arg(
            &identity.as_bytes(),
            args::get_session_connection_info::IDENTITY,
        )?;
        let info = self
            .rt
            .with(|h| ffi::get_session_connection_info(h, self.rt.owner(), &peer))?;
        Ok(info
            .map(|i| MessagesSessionConnectionInfo {
                state: Enum(i.state),
                identity: i.identity,
                remote_address: i.remote_address,
                end_reason: i64::from(i.end_reason),
                end_debug: i.end_debug,
                description: i.description,
                ping: i64::from(i.ping),
            })
            .map_err(|f| f.to_string()))
    }
}
