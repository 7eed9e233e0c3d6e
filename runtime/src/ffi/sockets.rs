//! Listen sockets, connections and messages.

use super::config::{CConfigs, ConfigOption};
use super::lifecycle::{lock_api, Api, Handle};
use super::sys::*;
use super::{backend, eresult, events, ipaddr, sendguard, text, Owner};
use crate::address::format_address;
use std::ffi::CStr;
use std::net::SocketAddr;
use std::ptr;

/// Larger batches are cut to this; callers loop anyway because fewer may be pending.
pub const MAX_RECEIVE_BATCH: usize = 1024;

/// A received message, copied out of the SDK's buffer (which is released immediately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub data: Vec<u8>,
    pub connection: u32,
    pub message_number: i64,
    pub lane: u16,
    /// Local receive time in microseconds (SteamNetworkingMicroseconds).
    pub receive_time: i64,
    /// k_nSteamNetworkingSend_* bits; only Reliable (8) is meaningful on receipt.
    pub flags: i32,
}

const NO_INTERFACE: &str = "networking sockets interface unavailable";

/// Listens for UDP connections on `addr`; the socket and its connections belong to `owner`.
pub fn create_listen_socket_ip(
    _handle: &Handle,
    owner: Owner,
    addr: &SocketAddr,
    options: &[ConfigOption],
) -> Result<u32, String> {
    let configs = CConfigs::new(options)?;
    let c_addr = ipaddr::to_c(addr);
    let _api = lock_api();
    let sockets = backend::sockets().ok_or(NO_INTERFACE)?;
    // SAFETY: sockets is non-null; c_addr and the option array outlive the call.
    let socket = unsafe {
        SteamAPI_ISteamNetworkingSockets_CreateListenSocketIP(
            sockets,
            &c_addr,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if socket == k_HSteamListenSocket_Invalid && addr.port() == 0 {
        return Err(format!(
            "cannot listen on {}: a listen socket needs an explicit port",
            format_address(addr)
        ));
    }
    if socket == k_HSteamListenSocket_Invalid {
        return Err(format!(
            "cannot listen on {} (address in use, or an invalid option?)",
            format_address(addr)
        ));
    }
    events::register_listen_socket(socket, owner);
    Ok(socket)
}

/// Starts connecting to `addr`; progress arrives as status changes for `owner`.
pub fn connect_by_ip_address(
    _handle: &Handle,
    owner: Owner,
    addr: &SocketAddr,
    options: &[ConfigOption],
) -> Result<u32, String> {
    let configs = CConfigs::new(options)?;
    let c_addr = ipaddr::to_c(addr);
    let _api = lock_api();
    let sockets = backend::sockets().ok_or(NO_INTERFACE)?;
    // SAFETY: sockets is non-null; c_addr and the option array outlive the call.
    let conn = unsafe {
        SteamAPI_ISteamNetworkingSockets_ConnectByIPAddress(
            sockets,
            &c_addr,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if conn == k_HSteamNetConnection_Invalid {
        return Err(format!(
            "cannot connect to {} (unusable address, or an invalid option?)",
            format_address(addr)
        ));
    }
    // Registered before the API lock is released, so no pump can see it unowned.
    events::register_connection(conn, owner);
    Ok(conn)
}

/// Raw EResult: 1 OK, 3 NoConnection, 8 InvalidParam, 11 InvalidState, ...
pub fn accept_connection(_handle: &Handle, conn: u32) -> i32 {
    let _api = lock_api();
    let Some(sockets) = backend::sockets() else {
        return eresult::FAIL;
    };
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    unsafe { SteamAPI_ISteamNetworkingSockets_AcceptConnection(sockets, conn) as i32 }
}

/// Closes a connection; no event about it reaches its owner afterwards (not even the one
/// the library queues for the close itself). False for an unknown handle.
pub fn close_connection(
    _handle: &Handle,
    conn: u32,
    reason: i32,
    debug: Option<&str>,
    linger: bool,
) -> bool {
    if events::take_ended(conn) {
        // luasteam closed it already (receive-queue overflow); the library no longer knows it.
        return true;
    }
    let debug = debug.map(text::cstring_lossy);
    let debug_ptr = debug.as_ref().map_or(ptr::null(), |d| d.as_ptr());
    let _api = lock_api();
    let Some(sockets) = backend::sockets() else {
        events::closed_locally(conn, false);
        return false;
    };
    // SAFETY: sockets is non-null; debug_ptr is null or a live C string.
    let closed = unsafe {
        SteamAPI_ISteamNetworkingSockets_CloseConnection(sockets, conn, reason, debug_ptr, linger)
    };
    // Still under the API lock: no pump can dispatch the close's event before this.
    events::closed_locally(conn, closed);
    sendguard::forget(conn);
    closed
}

/// End reason the clients of a closed listen socket see (k_ESteamNetConnectionEnd_App_Generic).
pub const LISTEN_SOCKET_CLOSED_REASON: i32 = 1000;
const LISTEN_SOCKET_CLOSED_DEBUG: &CStr = c"listen socket closed";

/// Closes a listen socket. The SDK would drop the accepted connections silently, leaving
/// their peers to time out; closing them first tells the peers at once (ClosedByPeer).
pub fn close_listen_socket(_handle: &Handle, socket: u32) -> bool {
    close_listen_socket_locked(&lock_api(), socket)
}

/// Closes a listen socket whose object was collected, if the library that made it (`epoch`,
/// see [`super::lifecycle::epoch`]) is still the one running; needs no handle.
pub fn close_collected_listen_socket(epoch: u64, socket: u32) -> bool {
    let api = lock_api();
    if api.refcount == 0 || api.epoch != epoch {
        return false;
    }
    close_listen_socket_locked(&api, socket)
}

/// The API lock is held by the caller (`_api`), for the routing change and the library calls.
fn close_listen_socket_locked(_api: &Api, socket: u32) -> bool {
    let accepted = events::unregister_listen_socket(socket);
    let Some(sockets) = backend::sockets() else {
        return false;
    };
    for conn in accepted {
        sendguard::forget(conn);
        // SAFETY: sockets is non-null; the debug text is a static C string.
        unsafe {
            SteamAPI_ISteamNetworkingSockets_CloseConnection(
                sockets,
                conn,
                LISTEN_SOCKET_CLOSED_REASON,
                LISTEN_SOCKET_CLOSED_DEBUG.as_ptr(),
                false,
            );
        }
    }
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    unsafe { SteamAPI_ISteamNetworkingSockets_CloseListenSocket(sockets, socket) }
}

/// Returns (raw EResult, message number); the number is 0 unless the result is OK (1).
pub fn send_message(_handle: &Handle, conn: u32, data: &[u8], flags: i32) -> (i32, i64) {
    let Ok(len) = u32::try_from(data.len()) else {
        return (eresult::INVALID_PARAM, 0);
    };
    let _api = lock_api();
    let Some(sockets) = backend::sockets() else {
        return (eresult::FAIL, 0);
    };
    if !sendguard::admit(sockets, conn, data.len(), flags, true) {
        return (sendguard::LIMIT_EXCEEDED, 0);
    }
    let mut number: i64 = 0;
    // SAFETY: sockets is non-null; data is readable for len bytes; number is writable.
    let result = unsafe {
        SteamAPI_ISteamNetworkingSockets_SendMessageToConnection(
            sockets,
            conn,
            data.as_ptr().cast(),
            len,
            flags,
            &mut number,
        )
    };
    // The library writes -1 on failure; the documented value (and sendMessages') is 0.
    let result = result as i32;
    if result == eresult::OK {
        sendguard::sent(conn, data.len(), flags);
    }
    (result, if result == eresult::OK { number } else { 0 })
}

/// Up to `max` pending messages (at most `MAX_RECEIVE_BATCH`); Err(-1) for an invalid handle.
pub fn receive_messages_on_connection(
    _handle: &Handle,
    conn: u32,
    max: usize,
) -> Result<Vec<Message>, i32> {
    let max = max.min(MAX_RECEIVE_BATCH);
    if max == 0 {
        return Ok(Vec::new());
    }
    let mut out: Vec<*mut SteamNetworkingMessage_t> = vec![ptr::null_mut(); max];
    let _api = lock_api();
    let sockets = backend::sockets().ok_or(-1)?;
    // SAFETY: sockets is non-null; out has room for max pointers (max <= MAX_RECEIVE_BATCH).
    let count = unsafe {
        SteamAPI_ISteamNetworkingSockets_ReceiveMessagesOnConnection(
            sockets,
            conn,
            out.as_mut_ptr(),
            max as i32,
        )
    };
    if count < 0 {
        return Err(count);
    }
    let owned = super::messages::Owned::received(&out, count as usize);
    Ok(owned.iter().map(super::messages::Owned::copy_out).collect())
}

/// Address a listen socket is bound to (useful after listening on port 0).
pub fn get_listen_socket_address(_handle: &Handle, socket: u32) -> Option<SocketAddr> {
    let _api = lock_api();
    let sockets = backend::sockets()?;
    let mut addr = ipaddr::to_c(&SocketAddr::from(([0u8; 16], 0)));
    // SAFETY: sockets is non-null; addr is a writable struct.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetListenSocketAddress(sockets, socket, &mut addr)
    };
    ok.then(|| ipaddr::from_c(&addr))
}

/// Closes everything `owner` still has (connections without linger) and drops its events.
/// Used when a Lua state closes; harmless if the backend is already shut down.
pub fn forget_owner(owner: Owner) {
    let api = lock_api();
    let (listen_sockets, connections) = events::take_owner(owner);
    super::debug::forget_owner_locked(owner, &api);
    if api.refcount == 0 {
        return;
    }
    let Some(sockets) = backend::sockets() else {
        return;
    };
    for conn in connections {
        sendguard::forget(conn);
        // SAFETY: sockets is non-null; stale handles are reported, not dereferenced.
        unsafe {
            SteamAPI_ISteamNetworkingSockets_CloseConnection(sockets, conn, 0, ptr::null(), false)
        };
    }
    for socket in listen_sockets {
        // SAFETY: as above.
        unsafe { SteamAPI_ISteamNetworkingSockets_CloseListenSocket(sockets, socket) };
    }
    super::connections::destroy_owned_poll_groups(sockets, owner);
}
