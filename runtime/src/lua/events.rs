//! Backend events -> the generated callback data.
//!
//! Session requests of the messages interface are delivered by `runCallbacks` through
//! [`Runtime::request_pending`](super::state::Runtime): a request its handler does not
//! accept is refused.

use super::state::Runtime;
use crate::ffi::{Broadcast, Queued, SessionEvent, StatusChange};
use luasteam_generated::callbacks::{
    Event, MessagesSessionFailedData, MessagesSessionRequestData,
    NetworkingUtilsRelayNetworkStatusData, SocketsAuthenticationStatusData,
    SocketsConnectionChangedData,
};
use luasteam_generated::support::Enum;
use mlua::Lua;

/// One event from `ffi::take_events` (a connection status change, a debug message or an
/// authentication or relay status change, merged in arrival order) as the callback it runs.
pub fn to_event(rt: &Runtime, lua: &Lua, e: Queued) -> mlua::Result<Event> {
    match e {
        Queued::Status(change) => status_event(rt, lua, change),
        Queued::Debug(message) => super::utils::debug_events(vec![message])
            .next()
            .ok_or_else(|| mlua::Error::runtime("luasteam: a debug message gave no event")),
        Queued::Session(SessionEvent::Request { identity }) => Ok(Event::MessagesOnSessionRequest(
            MessagesSessionRequestData { identity },
        )),
        Queued::Session(SessionEvent::Failed {
            identity,
            end_reason,
            end_debug,
        }) => Ok(Event::MessagesOnSessionFailed(MessagesSessionFailedData {
            identity,
            end_reason: i64::from(end_reason),
            end_debug,
        })),
        Queued::Broadcast(b) => Ok(broadcast_event(b)),
    }
}

/// An authentication or relay network status change as its callback.
fn broadcast_event(b: Broadcast) -> Event {
    match b {
        Broadcast::Authentication { avail, message } => {
            Event::SocketsOnAuthenticationStatus(SocketsAuthenticationStatusData {
                avail: Enum(avail),
                debug_msg: message,
            })
        }
        Broadcast::Relay(r) => {
            Event::NetworkingUtilsOnRelayNetworkStatus(NetworkingUtilsRelayNetworkStatusData {
                avail: Enum(r.avail),
                ping_measurement_in_progress: r.ping_measurement_in_progress,
                avail_network_config: Enum(r.avail_network_config),
                avail_any_relay: Enum(r.avail_any_relay),
                debug_msg: r.message,
            })
        }
    }
}

/// The name `lua/api/core.rs` calls for every item of `ffi::take_events`; since those items
/// include the debug messages (to keep one arrival order), it converts both kinds.
pub fn connection_changed(rt: &Runtime, lua: &Lua, e: Queued) -> mlua::Result<Event> {
    to_event(rt, lua, e)
}

fn status_event(rt: &Runtime, lua: &Lua, e: StatusChange) -> mlua::Result<Event> {
    Ok(Event::SocketsOnConnectionChanged(
        SocketsConnectionChangedData {
            connection: i64::from(e.connection),
            state: Enum(e.state),
            state_old: Enum(e.old_state),
            listen_socket: rt.known_socket(lua, e.listen_socket)?,
            identity: e.identity,
            remote_address: e.remote_address,
            end_reason: i64::from(e.end_reason),
            end_debug: e.end_debug,
        },
    ))
}
