//! Authentication status (`InitAuthentication`, `GetAuthenticationStatus`) and the global
//! status events that are not about one connection: authentication (steam) and the relay
//! network (steam). Every owner gets each of these events (see `Inbox::broadcasts`).

use super::failure::Failure;
use super::raw;
use super::registry::{Handle, Session};
use super::sys::*;
use super::text::c_chars_to_string;
use std::mem::MaybeUninit;
use std::ptr::addr_of;

/// An event for every owner: an authentication or relay network status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broadcast {
    /// `SteamNetAuthenticationStatus_t`: raw ESteamNetworkingAvailability and the message.
    Authentication { avail: i32, message: String },
    /// `SteamRelayNetworkStatus_t`.
    Relay(RelayStatus),
}

/// `SteamRelayNetworkStatus_t`, availabilities as raw ESteamNetworkingAvailability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayStatus {
    pub avail: i32,
    pub ping_measurement_in_progress: bool,
    pub avail_network_config: i32,
    pub avail_any_relay: i32,
    pub message: String,
}

/// Starts fetching what authentication needs; the status now (raw ESteamNetworkingAvailability).
pub fn init_authentication(handle: &Handle) -> Result<i32, Failure> {
    let s = Session::open(handle)?;
    // SAFETY: sockets is a non-null interface pointer while the backend is up.
    Ok(unsafe { raw::SteamAPI_ISteamNetworkingSockets_InitAuthentication(s.sockets) })
}

/// (raw ESteamNetworkingAvailability, debug message).
pub fn get_authentication_status(handle: &Handle) -> Result<(i32, String), Failure> {
    let s = Session::open(handle)?;
    let mut status = MaybeUninit::<SteamNetAuthenticationStatus_t>::zeroed();
    // SAFETY: sockets is non-null; status is writable memory of the struct the library fills.
    let avail = unsafe {
        raw::SteamAPI_ISteamNetworkingSockets_GetAuthenticationStatus(
            s.sockets,
            status.as_mut_ptr(),
        )
    };
    let p = status.as_ptr();
    // SAFETY: the message is a plain char array inside the struct (zeroed or filled in).
    let message = unsafe { addr_of!((*p).m_debugMsg).read() };
    Ok((avail, c_chars_to_string(&message)))
}

/// Installs the authentication and relay status callbacks (steam backend). GameNetworkingSockets
/// has no certificate authority, so its authentication status never changes, and it has no
/// relay network; it also only dispatches those callbacks when built with Valve's relay
/// support, so they are not installed there.
#[cfg(feature = "steam")]
pub(super) fn install_callbacks(utils: *mut ISteamNetworkingUtils) -> Result<(), String> {
    // SAFETY: utils is a non-null interface pointer; the callbacks are 'static functions.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingUtils_SetGlobalCallback_SteamNetAuthenticationStatusChanged(
            utils,
            Some(on_authentication_status),
        ) && SteamAPI_ISteamNetworkingUtils_SetGlobalCallback_SteamRelayNetworkStatusChanged(
            utils,
            Some(on_relay_status),
        )
    };
    if ok {
        Ok(())
    } else {
        Err("cannot install the authentication and relay status callbacks".to_string())
    }
}

/// Runs inside the backend's callback pump; copies the struct out. Must not panic.
#[cfg(feature = "steam")]
unsafe extern "C" fn on_authentication_status(info: *mut SteamNetAuthenticationStatus_t) {
    if info.is_null() {
        return;
    }
    // SAFETY: info is non-null and points to a live struct for the duration of the call;
    // the enum is read as a raw i32 so an unknown value is sound.
    let event = unsafe {
        Broadcast::Authentication {
            avail: addr_of!((*info).m_eAvail).cast::<i32>().read_unaligned(),
            message: c_chars_to_string(&addr_of!((*info).m_debugMsg).read_unaligned()),
        }
    };
    super::inbox::lock().broadcast(event);
}

/// Runs inside the backend's callback pump; copies the struct out. Must not panic.
#[cfg(feature = "steam")]
unsafe extern "C" fn on_relay_status(info: *mut SteamRelayNetworkStatus_t) {
    if info.is_null() {
        return;
    }
    // SAFETY: as in `on_authentication_status`.
    let event = unsafe { Broadcast::Relay(relay_status(info)) };
    super::inbox::lock().broadcast(event);
}

/// Copies a relay status struct, enums as raw i32.
///
/// # Safety
/// `p` points to a live, initialised `SteamRelayNetworkStatus_t`.
#[cfg(feature = "steam")]
pub(super) unsafe fn relay_status(p: *const SteamRelayNetworkStatus_t) -> RelayStatus {
    // SAFETY: the caller guarantees p; every field is plain data read unaligned.
    unsafe {
        RelayStatus {
            avail: addr_of!((*p).m_eAvail).cast::<i32>().read_unaligned(),
            ping_measurement_in_progress: addr_of!((*p).m_bPingMeasurementInProgress)
                .read_unaligned()
                != 0,
            avail_network_config: addr_of!((*p).m_eAvailNetworkConfig)
                .cast::<i32>()
                .read_unaligned(),
            avail_any_relay: addr_of!((*p).m_eAvailAnyRelay)
                .cast::<i32>()
                .read_unaligned(),
            message: c_chars_to_string(&addr_of!((*p).m_debugMsg).read_unaligned()),
        }
    }
}
