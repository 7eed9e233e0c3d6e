//! Reading a connection's info: shared by the connection queries and the registry.

use super::sys::*;
use super::{ipaddr, text};
use crate::address::format_address;
use std::ptr;

/// What `GetConnectionInfo` tells, copied out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// Raw ESteamNetworkingConnectionState.
    pub state: i32,
    /// The remote side's identity in Valve's text form; empty when unknown.
    pub identity: String,
    /// "ip:port", empty when the SDK does not know it.
    pub remote_address: String,
    /// 0 for connections we initiated (and socket pairs).
    pub listen_socket: u32,
    pub end_reason: i32,
    pub end_debug: String,
    pub description: String,
    pub user_data: i64,
}

/// A connection state as raw i32, so values this crate does not know are still sound.
pub(super) fn raw_state(p: *const ESteamNetworkingConnectionState) -> i32 {
    // SAFETY: p points into a live struct; the enum is 4 bytes (checked in inbox.rs).
    unsafe { p.cast::<i32>().read_unaligned() }
}

/// What the library knows about `conn`; None if it is not a connection. `sockets` is
/// non-null and the caller holds the registry lock.
pub(super) fn connection_info(
    sockets: *mut ISteamNetworkingSockets,
    conn: u32,
) -> Option<ConnectionInfo> {
    // SAFETY: a plain C struct (numbers, char arrays, an all-zero-valid union; state 0 is
    // None), so all zeros is a valid value.
    let mut info: SteamNetConnectionInfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: sockets is non-null; info is a writable struct of the expected type.
    let ok =
        unsafe { SteamAPI_ISteamNetworkingSockets_GetConnectionInfo(sockets, conn, &mut info) };
    if !ok {
        return None;
    }
    // Packed struct: fields are copied out by value, never borrowed.
    let remote = ipaddr::from_c(&{ info.m_addrRemote });
    Some(ConnectionInfo {
        state: raw_state(ptr::addr_of!(info.m_eState)),
        identity: super::identity::to_text(&{ info.m_identityRemote }),
        remote_address: if ipaddr::is_unknown(&remote) {
            String::new()
        } else {
            format_address(&remote)
        },
        listen_socket: info.m_hListenSocket,
        end_reason: info.m_eEndReason,
        end_debug: text::c_chars_to_string(&{ info.m_szEndDebug }),
        description: text::c_chars_to_string(&{ info.m_szConnectionDescription }),
        user_data: info.m_nUserData,
    })
}
