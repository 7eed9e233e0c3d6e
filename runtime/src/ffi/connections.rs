//! Per-connection queries and settings, poll groups and socket pairs.

use super::lifecycle::{lock_api, Handle};
use super::sys::*;
use super::{backend, eresult, events, ipaddr, text, Owner};
use crate::address::format_address;
use std::collections::BTreeMap;
use std::ffi::c_char;
use std::ptr;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What `GetConnectionInfo` tells, copied out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// Raw ESteamNetworkingConnectionState.
    pub state: i32,
    /// "ip:port", empty when the SDK does not know it.
    pub remote_address: String,
    /// 0 for connections we initiated (and socket pairs).
    pub listen_socket: u32,
    pub end_reason: i32,
    pub end_debug: String,
    pub description: String,
    pub user_data: i64,
}

/// What `GetConnectionRealTimeStatus` tells, copied out.
#[derive(Debug, Clone, PartialEq)]
pub struct RealTimeStatus {
    /// Raw ESteamNetworkingConnectionState.
    pub state: i32,
    pub ping: i32,
    pub quality_local: f32,
    pub quality_remote: f32,
    pub out_packets_per_sec: f32,
    pub out_bytes_per_sec: f32,
    pub in_packets_per_sec: f32,
    pub in_bytes_per_sec: f32,
    pub send_rate_bytes_per_sec: i32,
    pub pending_unreliable: i32,
    pub pending_reliable: i32,
    pub sent_unacked_reliable: i32,
    pub queue_time_usec: i64,
}

/// Poll groups and the owner that created them, so a closing Lua state destroys its own.
static POLL_GROUPS: Mutex<BTreeMap<u32, Owner>> = Mutex::new(BTreeMap::new());

/// Poisoning is ignored: every update is a single insert/remove.
fn lock_groups() -> MutexGuard<'static, BTreeMap<u32, Owner>> {
    POLL_GROUPS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Forgets `removed` groups. A `BTreeMap` keeps its root node when its last entry is removed;
/// `clear` frees it, so an empty map owns no memory (nothing is left for leak checkers once
/// the last group is gone, whether or not the module stays loaded).
fn forget_groups(groups: &mut BTreeMap<u32, Owner>, removed: &[u32]) {
    for g in removed {
        groups.remove(g);
    }
    if groups.is_empty() {
        groups.clear();
    }
}

/// Backend shutdown destroys every poll group; the caller holds the API lock.
pub(super) fn clear_poll_groups() {
    lock_groups().clear();
}

/// A connection state as raw i32, so values this crate does not know are still sound.
fn raw_state(p: *const ESteamNetworkingConnectionState) -> i32 {
    // SAFETY: p points into a live struct; the enum is 4 bytes (checked in events.rs).
    unsafe { p.cast::<i32>().read_unaligned() }
}

pub fn get_connection_info(_handle: &Handle, conn: u32) -> Option<ConnectionInfo> {
    let _api = lock_api();
    connection_info_locked(backend::sockets()?, conn)
}

/// `get_connection_info` for a caller that holds the API lock; `sockets` is non-null.
pub(super) fn connection_info_locked(
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

/// Err(raw EResult) when the connection is invalid.
pub fn get_connection_real_time_status(_handle: &Handle, conn: u32) -> Result<RealTimeStatus, i32> {
    let _api = lock_api();
    let sockets = backend::sockets().ok_or(eresult::FAIL)?;
    // SAFETY: a plain C struct of numbers (state 0 is None), so all zeros is a valid value.
    let mut s: SteamNetConnectionRealTimeStatus_t = unsafe { std::mem::zeroed() };
    // SAFETY: sockets is non-null; s is writable; no lanes are asked for (0, null).
    let result = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetConnectionRealTimeStatus(
            sockets,
            conn,
            &mut s,
            0,
            ptr::null_mut(),
        )
    } as i32;
    if result != eresult::OK {
        return Err(result);
    }
    Ok(RealTimeStatus {
        state: raw_state(ptr::addr_of!(s.m_eState)),
        ping: s.m_nPing,
        quality_local: s.m_flConnectionQualityLocal,
        quality_remote: s.m_flConnectionQualityRemote,
        out_packets_per_sec: s.m_flOutPacketsPerSec,
        out_bytes_per_sec: s.m_flOutBytesPerSec,
        in_packets_per_sec: s.m_flInPacketsPerSec,
        in_bytes_per_sec: s.m_flInBytesPerSec,
        send_rate_bytes_per_sec: s.m_nSendRateBytesPerSecond,
        pending_unreliable: s.m_cbPendingUnreliable,
        pending_reliable: s.m_cbPendingReliable,
        sent_unacked_reliable: s.m_cbSentUnackedReliable,
        queue_time_usec: s.m_usecQueueTime,
    })
}

/// False when the connection is invalid.
pub fn set_connection_user_data(_handle: &Handle, conn: u32, value: i64) -> bool {
    let _api = lock_api();
    let Some(sockets) = backend::sockets() else {
        return false;
    };
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    unsafe { SteamAPI_ISteamNetworkingSockets_SetConnectionUserData(sockets, conn, value) }
}

/// None when the connection is invalid (the SDK's -1 is also a valid value, so it is read
/// from the connection info, which tells the two apart).
pub fn get_connection_user_data(handle: &Handle, conn: u32) -> Option<i64> {
    get_connection_info(handle, conn).map(|i| i.user_data)
}

/// Bytes of a connection name the library keeps (its buffer, less the terminating NUL).
const MAX_CONNECTION_NAME_BYTES: usize = k_cchSteamNetworkingMaxConnectionAppName as usize - 1;

/// Sets the name; a longer one is cut to `MAX_CONNECTION_NAME_BYTES` here, at the last whole
/// UTF-8 character, because the library would cut it at that byte count mid-character.
pub fn set_connection_name(_handle: &Handle, conn: u32, name: &str) {
    let name = text::cstring_lossy(text::utf8_prefix(name, MAX_CONNECTION_NAME_BYTES));
    let _api = lock_api();
    if let Some(sockets) = backend::sockets() {
        // SAFETY: sockets is non-null; name is a live C string.
        unsafe { SteamAPI_ISteamNetworkingSockets_SetConnectionName(sockets, conn, name.as_ptr()) };
    }
}

pub fn get_connection_name(_handle: &Handle, conn: u32) -> Option<String> {
    let mut buf: [c_char; 128] = [0; 128];
    let _api = lock_api();
    let sockets = backend::sockets()?;
    // SAFETY: sockets is non-null; buf is writable for its full length, which is passed.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetConnectionName(
            sockets,
            conn,
            buf.as_mut_ptr(),
            buf.len() as i32,
        )
    };
    ok.then(|| text::c_chars_to_string(&buf))
}

/// The library's human-readable report on a connection; `None` if it is not a connection.
pub fn get_detailed_connection_status(_handle: &Handle, conn: u32) -> Option<String> {
    let mut buf: Vec<c_char> = vec![0; 4096];
    let _api = lock_api();
    let sockets = backend::sockets()?;
    loop {
        // SAFETY: sockets is non-null; buf is writable for its full length, which is passed.
        let needed = unsafe {
            SteamAPI_ISteamNetworkingSockets_GetDetailedConnectionStatus(
                sockets,
                conn,
                buf.as_mut_ptr(),
                buf.len() as i32,
            )
        };
        match needed {
            0 => return Some(text::c_chars_to_string(&buf)),
            // Too small: the library says how much it needs.
            n if n > 0 && (n as usize) > buf.len() => buf.resize(n as usize, 0),
            _ => return None,
        }
    }
}

/// A new poll group belonging to `owner`.
pub fn create_poll_group(_handle: &Handle, owner: Owner) -> Option<u32> {
    let _api = lock_api();
    let sockets = backend::sockets()?;
    // SAFETY: sockets is non-null.
    let group = unsafe { SteamAPI_ISteamNetworkingSockets_CreatePollGroup(sockets) };
    if group == k_HSteamNetPollGroup_Invalid {
        return None;
    }
    lock_groups().insert(group, owner);
    Some(group)
}

pub fn destroy_poll_group(_handle: &Handle, group: u32) -> bool {
    let _api = lock_api();
    forget_groups(&mut lock_groups(), &[group]);
    let Some(sockets) = backend::sockets() else {
        return false;
    };
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    unsafe { SteamAPI_ISteamNetworkingSockets_DestroyPollGroup(sockets, group) }
}

/// Destroys the poll groups `owner` still has; the caller holds the API lock.
pub(super) fn destroy_owned_poll_groups(sockets: *mut ISteamNetworkingSockets, owner: Owner) {
    let mine: Vec<u32> = {
        let mut groups = lock_groups();
        let mine: Vec<u32> = groups
            .iter()
            .filter(|(_, o)| **o == owner)
            .map(|(g, _)| *g)
            .collect();
        forget_groups(&mut groups, &mine);
        mine
    };
    for group in mine {
        // SAFETY: sockets is non-null; stale handles are reported, not dereferenced.
        unsafe { SteamAPI_ISteamNetworkingSockets_DestroyPollGroup(sockets, group) };
    }
}

pub fn set_connection_poll_group(_handle: &Handle, conn: u32, group: u32) -> bool {
    let _api = lock_api();
    let Some(sockets) = backend::sockets() else {
        return false;
    };
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    unsafe { SteamAPI_ISteamNetworkingSockets_SetConnectionPollGroup(sockets, conn, group) }
}

/// Two connected connections, both belonging to `owner`.
pub fn create_socket_pair(
    _handle: &Handle,
    owner: Owner,
    network_loopback: bool,
) -> Option<(u32, u32)> {
    let (mut a, mut b) = (k_HSteamNetConnection_Invalid, k_HSteamNetConnection_Invalid);
    let _api = lock_api();
    let sockets = backend::sockets()?;
    // SAFETY: sockets is non-null; a and b are writable; null identities mean "localhost".
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_CreateSocketPair(
            sockets,
            &mut a,
            &mut b,
            network_loopback,
            ptr::null(),
            ptr::null(),
        )
    };
    if !ok {
        return None;
    }
    // Registered before the API lock is released, so no pump can see them unowned.
    events::register_connection(a, owner);
    events::register_connection(b, owner);
    Some((a, b))
}

/// Raw EResult; `weights` is empty for equal weights.
pub fn configure_connection_lanes(
    _handle: &Handle,
    conn: u32,
    priorities: &[i32],
    weights: &[u16],
) -> i32 {
    let Ok(count) = i32::try_from(priorities.len()) else {
        return eresult::INVALID_PARAM;
    };
    let weights_ptr = if weights.is_empty() {
        ptr::null()
    } else {
        weights.as_ptr()
    };
    let _api = lock_api();
    let Some(sockets) = backend::sockets() else {
        return eresult::FAIL;
    };
    // SAFETY: sockets is non-null; priorities has count entries; weights is null or has
    // count entries (the caller checks the lengths match).
    unsafe {
        SteamAPI_ISteamNetworkingSockets_ConfigureConnectionLanes(
            sockets,
            conn,
            count,
            priorities.as_ptr(),
            weights_ptr,
        ) as i32
    }
}
