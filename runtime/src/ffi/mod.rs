//! Safe layer over the flat C API of Valve's networking sockets.
//!
//! One source serves both backends: `standalone` (the open-source GameNetworkingSockets, via
//! `game-networking-sockets-sys`) and `steam` (the Steamworks SDK, via `steamworks-sys`). Their
//! flat APIs share function names and struct layouts, so everything goes through the cfg-selected
//! re-export `sys`; only init, shutdown, the interface accessors and callback pumping differ
//! (`standalone.rs`, `steam.rs`).
//!
//! # Lifecycle
//! [`acquire`] initialises the backend on first use and returns a [`Handle`]; dropping the last
//! handle shuts it down. Every operation takes `&Handle` as proof that the backend is up.
//! The steam backend fails in `acquire` (never crashes) when no Steam client is running.
//!
//! # Ownership and events
//! Several Lua states in one process share the backend. Each gets an [`Owner`] from
//! [`new_owner`]; listen sockets and connections created with an owner belong to it, and incoming
//! connections belong to the owner of their listen socket. Connection status changes land in
//! the inbox from a global callback while [`run_callbacks`] pumps the backend, are routed to the
//! owner, and read with [`take_events`], merged in arrival order with the owner's debug messages
//! (one arrival number is stamped on both kinds as they arrive). Events for connections nobody owns (closed
//! by the app, or owner forgotten) are dropped; so is everything about a connection after
//! [`close_connection`], including the event the library queues for the close itself.
//! [`forget_owner`] closes what an owner still has. A connection whose receive queue
//! overflowed is closed by luasteam after the pump and its owner gets a
//! `ProblemDetectedLocally` event made here (`overflow.rs`).
//!
//! The messages interface (`sessions.rs`) reports session requests and failures through two
//! more global callbacks; they land in the inbox too, and go to the interface's one owner
//! (the first owner to use it), merged into its events; unowned requests are refused.
//!
//! Callback pumping: standalone calls `ISteamNetworkingSockets::RunCallbacks`; steam calls
//! `SteamAPI_RunCallbacks` and then the same `RunCallbacks`, so the function-pointer callback is
//! dispatched whichever way the Steam client queues it.
//!
//! # Reloading
//! The module's shared object stays loaded until the process exits ([`keep_loaded`], called
//! when the module is opened): loading it a second time would abort in GameNetworkingSockets'
//! protobuf registration. Its statics therefore outlive a Lua state; the state's `Runtime`
//! releases its handle when the state closes, so the backend is shut down and a later state
//! initialises it again.
//!
//! # State and threads
//! All process-global state lives in the registry (`registry.rs`): one `State` behind one
//! lock, held for every library call through a `Session` (the lock and the interface pointers
//! together), and the inbox (`inbox.rs`), where the library's callbacks and threads write,
//! behind a leaf lock of its own that is never held across a library call. Teardown has one
//! path (`Session::forget_owner`, and the last `Handle`'s drop). Every operation fails with
//! one type, [`Failure`].
//!
//! Module graph (an arrow: "uses"; no cycles):
//! leaves `sys`, `backend`, `gameserver`, `text`, `ipaddr`, `config`, `raw`, `failure`, `debug`, `routing`,
//! `sendguard`, `overflow`, `info`; `inbox` -> leaves; `registry` -> `inbox`, leaves;
//! `identity` -> `registry`, `backend`; `signaling` -> `identity`, `registry`, `inbox`, leaves;
//! `auth` -> `registry`, `inbox`, leaves (the authentication and relay status callbacks, whose
//! events every owner gets: `Inbox::broadcasts`);
//! `lifecycle`, `sockets`, `connections`, `messages`, `sessions`, `utils`, `p2p` -> `registry`, `inbox`,
//! `identity`, `signaling`, leaves (`sockets` -> `messages` for the message type and its release guard); `pin` stands
//! alone; `jit` (the C functions LuaJIT's `ffi` calls) -> `sockets`, `messages`, `registry`.
//!
//! # Known backend limits
//! GameNetworkingSockets refuses to listen on port 0; the error says so.
//! `game-networking-sockets-sys` names its library `gns_sys`, hence `use gns_sys::*` below.
//!
//! # Testing
//! `cargo test -p luasteam` runs real UDP on 127.0.0.1. `cargo test -p luasteam
//! --no-default-features --features "steam lua54"` checks that `acquire` fails cleanly without
//! Steam; cargo puts steamworks-sys's OUT_DIR (holding libsteam_api.so) on the library path, so
//! no LD_LIBRARY_PATH is needed. The built luasteam.so has RUNPATH `$ORIGIN` (build.rs) so a
//! libsteam_api.so beside it is found.
//!
//! # Raw values
//! EResult, connection states, end reasons, config keys and send flags are passed as raw `i32`
//! so that values this crate does not know still round-trip.

mod auth;
mod config;
mod connections;
mod debug;
mod failure;
mod gameserver;
mod identity;
mod inbox;
mod info;
mod ipaddr;
pub mod jit;
mod lifecycle;
mod messages;
mod overflow;
mod pin;
mod raw;
mod registry;
mod routing;
mod sendguard;
mod sessions;
mod sockets;
mod text;
mod utils;

mod p2p;
#[cfg(feature = "standalone")]
mod signaling;
#[cfg(feature = "standalone")]
mod standalone;
#[cfg(feature = "steam")]
mod steam;

#[cfg(all(test, feature = "standalone"))]
mod tests;
#[cfg(all(test, feature = "standalone"))]
mod tests_messages;
#[cfg(all(test, feature = "steam"))]
mod tests_steam;

#[cfg(all(feature = "standalone", feature = "steam"))]
compile_error!("enable exactly one backend feature: `standalone` or `steam`");
#[cfg(not(any(feature = "standalone", feature = "steam")))]
compile_error!("enable one backend feature: `standalone` or `steam`");

/// The flat C API of the selected backend.
mod sys {
    #[cfg(feature = "standalone")]
    pub use gns_sys::*;
    #[cfg(all(feature = "steam", not(feature = "standalone")))]
    pub use steamworks_sys::*;
}

#[cfg(feature = "standalone")]
use standalone as backend;
#[cfg(all(feature = "steam", not(feature = "standalone")))]
use steam as backend;

pub use auth::{get_authentication_status, init_authentication, Broadcast, RelayStatus};
pub use config::{ConfigData, ConfigOption};
pub use connections::{
    configure_connection_lanes, create_poll_group, create_socket_pair, destroy_poll_group,
    get_connection_info, get_connection_name, get_connection_real_time_status,
    get_connection_user_data, get_detailed_connection_status, set_connection_name,
    set_connection_poll_group, set_connection_user_data, RealTimeStatus,
};
pub use debug::DebugMessage;
pub use failure::Failure;
pub use gameserver::{GameServer, ServerMode};
pub use identity::{get_identity, Identity};
pub use inbox::SessionEvent;
pub use info::ConnectionInfo;
pub use lifecycle::{
    acquire, acquire_as, drop_owner, epoch, forget_owner, new_owner, run_callbacks,
    set_debug_output_level, take_debug_output, take_events, Queued,
};
pub use messages::{
    flush_messages_on_connection, message_counters, receive_messages_on_poll_group, send_messages,
    Message, MessageCounters, MessageView, Outgoing, Received, MAX_RECEIVE_BATCH,
};
#[cfg(feature = "steam")]
pub use p2p::{
    check_ping_data_up_to_date, estimate_ping_time_between_two_locations,
    estimate_ping_time_from_local_host, get_local_ping_location, get_relay_network_status,
    init_relay_network_access, parse_ping_location, PingLocation,
};
pub use p2p::{connect_p2p, create_listen_socket_p2p};
pub use pin::keep_loaded;
pub use raw::scope;
pub use registry::Handle;
pub use routing::{Owner, StatusChange};
pub use sessions::{
    accept_session_with_user, close_channel_with_user, close_session_with_user,
    get_session_connection_info, receive_messages_on_channel, send_message_to_user, SessionInfo,
};
#[cfg(feature = "standalone")]
pub use signaling::{received_signal, take_signals, Signal};
pub use sockets::{
    accept_connection, close_collected_listen_socket, close_connection, close_listen_socket,
    connect_by_ip_address, create_listen_socket_ip, get_listen_socket_address,
    receive_messages_on_connection, send_many, send_message,
};
pub use utils::{get_config_value, local_timestamp, set_config_value, set_connection_config_value};

/// Name of the compiled-in backend, for diagnostics.
pub const BACKEND_NAME: &str = backend::NAME;

/// EResult values this layer itself produces (same numbers as the SDK's EResult).
pub mod eresult {
    /// k_EResultOK
    pub const OK: i32 = 1;
    /// k_EResultFail: used when an interface pointer is unavailable.
    pub const FAIL: i32 = 2;
    /// k_EResultInvalidParam
    pub const INVALID_PARAM: i32 = 8;
}
