//! Peer-to-peer connections over Valve's relay network (steam backend only).

use super::config::{CConfigs, ConfigOption};
use super::failure::Failure;
use super::registry::{Handle, Session};
use super::routing::Owner;
use super::sys::*;
use super::text::c_chars_to_string;
use std::mem::MaybeUninit;
use std::ptr::addr_of;

/// `GetRelayNetworkStatus` with its result as a plain `int`, so that an availability value the
/// bindings do not know is never a typed Rust enum. ABI-identical to the SDK's declaration.
#[allow(clashing_extern_declarations)]
mod raw {
    use super::{ISteamNetworkingUtils, SteamRelayNetworkStatus_t};

    extern "C" {
        pub fn SteamAPI_ISteamNetworkingUtils_GetRelayNetworkStatus(
            utils: *mut ISteamNetworkingUtils,
            details: *mut SteamRelayNetworkStatus_t,
        ) -> i32;
    }
}

/// Listens for P2P connections on `virtual_port`; the socket and its connections belong to
/// `owner`.
pub fn create_listen_socket_p2p(
    handle: &Handle,
    owner: Owner,
    virtual_port: i32,
    options: &[ConfigOption],
) -> Result<u32, Failure> {
    let configs = CConfigs::new(options)?;
    let mut s = Session::open(handle)?;
    // SAFETY: sockets is non-null; the option array outlives the call.
    let socket = unsafe {
        SteamAPI_ISteamNetworkingSockets_CreateListenSocketP2P(
            s.sockets,
            virtual_port,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if socket == k_HSteamListenSocket_Invalid {
        return Err(Failure::Message(format!(
            "cannot listen on virtual port {virtual_port} (in use, or an invalid option?)"
        )));
    }
    s.routing.register_listen_socket(socket, owner);
    Ok(socket)
}

/// Starts connecting to the user `steam_id` on `virtual_port`; progress arrives as status
/// changes for `owner`.
pub fn connect_p2p(
    handle: &Handle,
    owner: Owner,
    steam_id: u64,
    virtual_port: i32,
    options: &[ConfigOption],
) -> Result<u32, Failure> {
    let configs = CConfigs::new(options)?;
    // All-zero is the "invalid" identity the SDK's constructor produces.
    let mut identity = MaybeUninit::<SteamNetworkingIdentity>::zeroed();
    // SAFETY: identity is zeroed, writable memory of the right type.
    unsafe { SteamAPI_SteamNetworkingIdentity_SetSteamID64(identity.as_mut_ptr(), steam_id) };
    let mut s = Session::open(handle)?;
    // SAFETY: sockets is non-null; identity was initialised above; the options outlive the call.
    let conn = unsafe {
        SteamAPI_ISteamNetworkingSockets_ConnectP2P(
            s.sockets,
            identity.as_ptr(),
            virtual_port,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if conn == k_HSteamNetConnection_Invalid {
        return Err(Failure::Message(format!(
            "cannot connect to {steam_id} on virtual port {virtual_port} (an invalid option?)"
        )));
    }
    // Registered before the lock is released, so no pump can see it unowned.
    s.routing.register_connection(conn, owner);
    Ok(conn)
}

/// Starts reaching the relay network in the background.
pub fn init_relay_network_access(handle: &Handle) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    // SAFETY: utils is a non-null interface pointer while the backend is up.
    unsafe { SteamAPI_ISteamNetworkingUtils_InitRelayNetworkAccess(s.utils) };
    Ok(())
}

/// (raw ESteamNetworkingAvailability, debug message). -102 (CannotTry) without utils.
pub fn get_relay_network_status(handle: &Handle) -> (i32, String) {
    let Ok(s) = Session::open(handle) else {
        return (-102, "networking utils interface unavailable".to_string());
    };
    let utils = s.utils;
    let mut status = MaybeUninit::<SteamRelayNetworkStatus_t>::zeroed();
    // SAFETY: utils is non-null; status is writable memory of the struct the SDK fills in.
    let avail = unsafe {
        raw::SteamAPI_ISteamNetworkingUtils_GetRelayNetworkStatus(utils, status.as_mut_ptr())
    };
    let p = status.as_ptr();
    // SAFETY: the message is a plain char array inside the struct (zeroed or filled in).
    let message = unsafe { addr_of!((*p).m_debugMsg).read() };
    (avail, c_chars_to_string(&message))
}
