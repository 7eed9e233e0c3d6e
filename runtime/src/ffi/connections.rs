//! Per-connection queries and settings, poll groups and socket pairs.

use super::failure::Failure;
use super::info::{connection_info, raw_state, ConnectionInfo};
use super::registry::{Handle, Session};
use super::routing::Owner;
use super::sys::*;
use super::{eresult, text};
use std::ffi::c_char;
use std::ptr;

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

/// What the library knows about a connection.
pub fn get_connection_info(handle: &Handle, conn: u32) -> Result<ConnectionInfo, Failure> {
    let s = Session::open(handle)?;
    connection_info(s.sockets, conn).ok_or(Failure::InvalidHandle)
}

/// `Failure::Result` with the EResult when the connection is invalid.
pub fn get_connection_real_time_status(
    handle: &Handle,
    conn: u32,
) -> Result<RealTimeStatus, Failure> {
    let session = Session::open(handle)?;
    // SAFETY: a plain C struct of numbers (state 0 is None), so all zeros is a valid value.
    let mut s: SteamNetConnectionRealTimeStatus_t = unsafe { std::mem::zeroed() };
    // SAFETY: sockets is non-null; s is writable; no lanes are asked for (0, null).
    let result = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetConnectionRealTimeStatus(
            session.sockets,
            conn,
            &mut s,
            0,
            ptr::null_mut(),
        )
    } as i32;
    Failure::check(result)?;
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

/// `InvalidHandle` when the connection is invalid.
pub fn set_connection_user_data(handle: &Handle, conn: u32, value: i64) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    let ok =
        unsafe { SteamAPI_ISteamNetworkingSockets_SetConnectionUserData(s.sockets, conn, value) };
    ok.then_some(()).ok_or(Failure::InvalidHandle)
}

/// `InvalidHandle` when the connection is invalid. The SDK returns -1 both for that and for a
/// connection whose value is -1; only then is the (much larger) connection info read to tell
/// the two apart.
pub fn get_connection_user_data(handle: &Handle, conn: u32) -> Result<i64, Failure> {
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; unknown handles are reported (-1), not dereferenced.
    let value = unsafe { SteamAPI_ISteamNetworkingSockets_GetConnectionUserData(s.sockets, conn) };
    if value != -1 {
        return Ok(value);
    }
    connection_info(s.sockets, conn)
        .map(|i| i.user_data)
        .ok_or(Failure::InvalidHandle)
}

/// Bytes of a connection name the library keeps (its buffer, less the terminating NUL).
const MAX_CONNECTION_NAME_BYTES: usize = k_cchSteamNetworkingMaxConnectionAppName as usize - 1;

/// Sets the name; a longer one is cut to `MAX_CONNECTION_NAME_BYTES` here, at the last whole
/// UTF-8 character, because the library would cut it at that byte count mid-character.
pub fn set_connection_name(handle: &Handle, conn: u32, name: &str) -> Result<(), Failure> {
    let name = text::cstring_lossy(text::utf8_prefix(name, MAX_CONNECTION_NAME_BYTES));
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; name is a live C string.
    unsafe { SteamAPI_ISteamNetworkingSockets_SetConnectionName(s.sockets, conn, name.as_ptr()) };
    Ok(())
}

/// `InvalidHandle` when the connection is invalid.
pub fn get_connection_name(handle: &Handle, conn: u32) -> Result<String, Failure> {
    let mut buf: [c_char; 128] = [0; 128];
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; buf is writable for its full length, which is passed.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetConnectionName(
            s.sockets,
            conn,
            buf.as_mut_ptr(),
            buf.len() as i32,
        )
    };
    ok.then(|| text::c_chars_to_string(&buf))
        .ok_or(Failure::InvalidHandle)
}

/// The library's human-readable report on a connection; `InvalidHandle` if it is not a
/// connection.
pub fn get_detailed_connection_status(handle: &Handle, conn: u32) -> Result<String, Failure> {
    let mut buf: Vec<c_char> = vec![0; 4096];
    let s = Session::open(handle)?;
    loop {
        // SAFETY: sockets is non-null; buf is writable for its full length, which is passed.
        let needed = unsafe {
            SteamAPI_ISteamNetworkingSockets_GetDetailedConnectionStatus(
                s.sockets,
                conn,
                buf.as_mut_ptr(),
                buf.len() as i32,
            )
        };
        match needed {
            0 => return Ok(text::c_chars_to_string(&buf)),
            // Too small: the library says how much it needs.
            n if n > 0 && (n as usize) > buf.len() => buf.resize(n as usize, 0),
            _ => return Err(Failure::InvalidHandle),
        }
    }
}

/// A new poll group belonging to `owner`.
pub fn create_poll_group(handle: &Handle, owner: Owner) -> Result<u32, Failure> {
    let mut s = Session::open(handle)?;
    // SAFETY: sockets is non-null.
    let group = unsafe { SteamAPI_ISteamNetworkingSockets_CreatePollGroup(s.sockets) };
    if group == k_HSteamNetPollGroup_Invalid {
        return Err(Failure::Message("cannot create a poll group".to_string()));
    }
    s.poll_groups.insert(group, owner);
    Ok(group)
}

/// `InvalidHandle` when `group` is not a poll group.
pub fn destroy_poll_group(handle: &Handle, group: u32) -> Result<(), Failure> {
    let mut s = Session::open(handle)?;
    s.forget_poll_groups(&[group]);
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    let ok = unsafe { SteamAPI_ISteamNetworkingSockets_DestroyPollGroup(s.sockets, group) };
    ok.then_some(()).ok_or(Failure::InvalidHandle)
}

/// `InvalidHandle` when `conn` is not a connection or `group` not a poll group.
pub fn set_connection_poll_group(handle: &Handle, conn: u32, group: u32) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    let ok =
        unsafe { SteamAPI_ISteamNetworkingSockets_SetConnectionPollGroup(s.sockets, conn, group) };
    ok.then_some(()).ok_or(Failure::InvalidHandle)
}

/// Two connected connections, both belonging to `owner`.
pub fn create_socket_pair(
    handle: &Handle,
    owner: Owner,
    network_loopback: bool,
) -> Result<(u32, u32), Failure> {
    let (mut a, mut b) = (k_HSteamNetConnection_Invalid, k_HSteamNetConnection_Invalid);
    let mut s = Session::open(handle)?;
    // SAFETY: sockets is non-null; a and b are writable; null identities mean "localhost".
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_CreateSocketPair(
            s.sockets,
            &mut a,
            &mut b,
            network_loopback,
            ptr::null(),
            ptr::null(),
        )
    };
    if !ok {
        return Err(Failure::Message("cannot create a socket pair".to_string()));
    }
    // Registered before the lock is released, so no pump can see them unowned.
    s.routing.register_connection(a, owner);
    s.routing.register_connection(b, owner);
    Ok((a, b))
}

/// `Failure::Result` with the EResult; `weights` is empty for equal weights.
pub fn configure_connection_lanes(
    handle: &Handle,
    conn: u32,
    priorities: &[i32],
    weights: &[u16],
) -> Result<(), Failure> {
    let count =
        i32::try_from(priorities.len()).map_err(|_| Failure::Result(eresult::INVALID_PARAM))?;
    let weights_ptr = if weights.is_empty() {
        ptr::null()
    } else {
        weights.as_ptr()
    };
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; priorities has count entries; weights is null or has
    // count entries (the caller checks the lengths match).
    let code = unsafe {
        SteamAPI_ISteamNetworkingSockets_ConfigureConnectionLanes(
            s.sockets,
            conn,
            count,
            priorities.as_ptr(),
            weights_ptr,
        ) as i32
    };
    Failure::check(code)
}
