//! Listen sockets, connections and messages.

use super::config::{CConfigs, ConfigOption};
use super::failure::Failure;
use super::messages::{Owned, Received, MAX_RECEIVE_BATCH};
use super::registry::{self, Handle, Session};
use super::routing::Owner;
use super::sys::*;
use super::{eresult, ipaddr, sendguard, text};
use crate::address::format_address;
use std::ffi::CStr;
use std::net::SocketAddr;
use std::ptr;

/// Listens for UDP connections on `addr`; the socket and its connections belong to `owner`.
pub fn create_listen_socket_ip(
    handle: &Handle,
    owner: Owner,
    addr: &SocketAddr,
    options: &[ConfigOption],
) -> Result<u32, Failure> {
    let configs = CConfigs::new(options)?;
    let c_addr = ipaddr::to_c(addr);
    let mut s = Session::open(handle)?;
    // SAFETY: sockets is non-null; c_addr and the option array outlive the call.
    let socket = unsafe {
        SteamAPI_ISteamNetworkingSockets_CreateListenSocketIP(
            s.sockets,
            &c_addr,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if socket == k_HSteamListenSocket_Invalid && addr.port() == 0 {
        return Err(Failure::Message(format!(
            "cannot listen on {}: a listen socket needs an explicit port",
            format_address(addr)
        )));
    }
    if socket == k_HSteamListenSocket_Invalid {
        return Err(Failure::Message(format!(
            "cannot listen on {} (address in use, or an invalid option?)",
            format_address(addr)
        )));
    }
    s.routing.register_listen_socket(socket, owner);
    Ok(socket)
}

/// Starts connecting to `addr`; progress arrives as status changes for `owner`.
pub fn connect_by_ip_address(
    handle: &Handle,
    owner: Owner,
    addr: &SocketAddr,
    options: &[ConfigOption],
) -> Result<u32, Failure> {
    let configs = CConfigs::new(options)?;
    let c_addr = ipaddr::to_c(addr);
    let mut s = Session::open(handle)?;
    // SAFETY: sockets is non-null; c_addr and the option array outlive the call.
    let conn = unsafe {
        SteamAPI_ISteamNetworkingSockets_ConnectByIPAddress(
            s.sockets,
            &c_addr,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if conn == k_HSteamNetConnection_Invalid {
        return Err(Failure::Message(format!(
            "cannot connect to {} (unusable address, or an invalid option?)",
            format_address(addr)
        )));
    }
    // Registered before the lock is released, so no pump can see it unowned.
    s.routing.register_connection(conn, owner);
    Ok(conn)
}

/// `Failure::Result` with the EResult: 3 NoConnection, 8 InvalidParam, 11 InvalidState, ...
pub fn accept_connection(handle: &Handle, conn: u32) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    let code = unsafe { SteamAPI_ISteamNetworkingSockets_AcceptConnection(s.sockets, conn) };
    Failure::check(code as i32)
}

/// Closes a connection; no event about it reaches its owner afterwards (not even the one
/// the library queues for the close itself). `InvalidHandle` for an unknown handle.
pub fn close_connection(
    handle: &Handle,
    conn: u32,
    reason: i32,
    debug: Option<&str>,
    linger: bool,
) -> Result<(), Failure> {
    let debug = debug.map(text::cstring_lossy);
    let debug_ptr = debug.as_ref().map_or(ptr::null(), |d| d.as_ptr());
    let mut s = Session::open(handle)?;
    if s.routing.take_ended(conn) {
        // luasteam closed it already (receive-queue overflow); the library no longer knows it.
        return Ok(());
    }
    let closed = s.close_connection(conn, reason, debug_ptr, linger);
    // Still under the lock: no pump can route the close's event before this.
    s.routing.closed_locally(conn, closed);
    if closed {
        Ok(())
    } else {
        Err(Failure::InvalidHandle)
    }
}

/// End reason the clients of a closed listen socket see (k_ESteamNetConnectionEnd_App_Generic).
pub const LISTEN_SOCKET_CLOSED_REASON: i32 = 1000;
const LISTEN_SOCKET_CLOSED_DEBUG: &CStr = c"listen socket closed";

/// Closes a listen socket. The SDK would drop the accepted connections silently, leaving
/// their peers to time out; closing them first tells the peers at once (ClosedByPeer).
pub fn close_listen_socket(handle: &Handle, socket: u32) -> Result<(), Failure> {
    close_listen_socket_in(Session::open(handle)?, socket)
}

/// Closes a listen socket whose object was collected, if the library that made it (`epoch`,
/// see [`super::epoch`]) is still the one running; needs no handle.
pub fn close_collected_listen_socket(epoch: u64, socket: u32) -> Result<(), Failure> {
    let state = registry::lock();
    if state.epoch != epoch {
        return Err(Failure::Unavailable);
    }
    close_listen_socket_in(Session::from_locked(state)?, socket)
}

fn close_listen_socket_in(mut s: Session, socket: u32) -> Result<(), Failure> {
    let accepted = s.routing.unregister_listen_socket(socket);
    for conn in accepted {
        let debug = LISTEN_SOCKET_CLOSED_DEBUG.as_ptr();
        s.close_connection(conn, LISTEN_SOCKET_CLOSED_REASON, debug, false);
    }
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    let closed = unsafe { SteamAPI_ISteamNetworkingSockets_CloseListenSocket(s.sockets, socket) };
    if closed {
        Ok(())
    } else {
        Err(Failure::InvalidHandle)
    }
}

/// The message number, or `Failure::Result` with the EResult.
pub fn send_message(handle: &Handle, conn: u32, data: &[u8], flags: i32) -> Result<i64, Failure> {
    send_locked(&mut Session::open(handle)?, conn, data, flags)
}

/// Sends `payloads` in order to `conn` under one lock, stopping at the first that is not
/// sent: how many were sent, and that one's failure.
pub fn send_many<'a>(
    handle: &Handle,
    conn: u32,
    payloads: impl Iterator<Item = &'a [u8]>,
    flags: i32,
) -> (usize, Result<(), Failure>) {
    let mut s = match Session::open(handle) {
        Ok(s) => s,
        Err(f) => return (0, Err(f)),
    };
    let mut sent = 0;
    for data in payloads {
        if let Err(f) = send_locked(&mut s, conn, data, flags) {
            return (sent, Err(f));
        }
        sent += 1;
    }
    (sent, Ok(()))
}

fn send_locked(s: &mut Session, conn: u32, data: &[u8], flags: i32) -> Result<i64, Failure> {
    let len = u32::try_from(data.len()).map_err(|_| Failure::Result(eresult::INVALID_PARAM))?;
    let sockets = s.sockets;
    if !s.send_guard.admit(sockets, conn, data.len(), flags, true) {
        return Err(Failure::Result(sendguard::LIMIT_EXCEEDED));
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
    Failure::check(result as i32)?;
    s.send_guard.sent(conn, data.len(), flags);
    Ok(number)
}

/// Up to `max` pending messages (at most `MAX_RECEIVE_BATCH`); `InvalidHandle` for a handle
/// that is not a connection.
pub fn receive_messages_on_connection(
    handle: &Handle,
    conn: u32,
    max: usize,
) -> Result<Received, Failure> {
    let max = max.min(MAX_RECEIVE_BATCH);
    if max == 0 {
        return Ok(Received::default());
    }
    let mut out: Vec<*mut SteamNetworkingMessage_t> = vec![ptr::null_mut(); max];
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; out has room for max pointers (max <= MAX_RECEIVE_BATCH).
    let count = unsafe {
        SteamAPI_ISteamNetworkingSockets_ReceiveMessagesOnConnection(
            s.sockets,
            conn,
            out.as_mut_ptr(),
            max as i32,
        )
    };
    drop(s);
    let count = usize::try_from(count).map_err(|_| Failure::InvalidHandle)?;
    Ok(Received::new(Owned::received(&out, count)))
}

/// Address a listen socket is bound to (useful after listening on port 0).
pub fn get_listen_socket_address(handle: &Handle, socket: u32) -> Result<SocketAddr, Failure> {
    let s = Session::open(handle)?;
    let mut addr = ipaddr::to_c(&SocketAddr::from(([0u8; 16], 0)));
    // SAFETY: sockets is non-null; addr is a writable struct.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetListenSocketAddress(s.sockets, socket, &mut addr)
    };
    if ok {
        Ok(ipaddr::from_c(&addr))
    } else {
        Err(Failure::InvalidHandle)
    }
}
