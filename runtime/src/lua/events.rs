//! Backend events -> the generated callback data.

use super::state::Runtime;
use crate::ffi::StatusChange;
use luasteam_generated::callbacks::{Event, SocketsOnConnectionChanged};
use luasteam_generated::enums::ESteamNetworkingConnectionState as States;
use mlua::Lua;

fn state_name(state: i32) -> &'static str {
    States.name_of(state).unwrap_or("None")
}

pub fn connection_changed(rt: &Runtime, lua: &Lua, e: StatusChange) -> mlua::Result<Event> {
    Ok(Event::SocketsOnConnectionChanged(
        SocketsOnConnectionChanged {
            connection: i64::from(e.connection),
            state: state_name(e.state),
            state_old: state_name(e.old_state),
            listen_socket: rt.known_socket(lua, e.listen_socket)?,
            remote_address: e.remote_address,
            end_reason: i64::from(e.end_reason),
            end_debug: e.end_debug,
        },
    ))
}
