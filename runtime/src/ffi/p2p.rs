//! Peer-to-peer connections by identity: over Valve's relay network on the steam backend, with
//! ICE and the application's signaling on the standalone backend (`signaling.rs`).

use super::config::{CConfigs, ConfigOption};
use super::failure::Failure;
use super::identity::Identity;
use super::registry::{Handle, Session};
use super::routing::Owner;
use super::sys::*;

#[cfg(feature = "steam")]
pub use relay::{
    check_ping_data_up_to_date, estimate_ping_time_between_two_locations,
    estimate_ping_time_from_local_host, get_local_ping_location, get_relay_network_status,
    init_relay_network_access, parse_ping_location, PingLocation,
};

/// `GetRelayNetworkStatus` with its result as a plain `int`, so that an availability value the
/// bindings do not know is never a typed Rust enum. ABI-identical to the SDK's declaration.
#[cfg(feature = "steam")]
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

/// Starts connecting to `peer` on `virtual_port`; progress arrives as status changes for
/// `owner`. On the standalone backend this process needs an identity a peer can answer.
pub fn connect_p2p(
    handle: &Handle,
    owner: Owner,
    peer: &Identity,
    virtual_port: i32,
    options: &[ConfigOption],
) -> Result<u32, Failure> {
    let configs = CConfigs::new(options)?;
    let mut s = Session::open(handle)?;
    #[cfg(feature = "standalone")]
    if super::identity::local_identity(&s).is_none_or(|me| super::identity::is_localhost(&me)) {
        return Err(Failure::Message(
            "P2P needs an identity for this process: pass one to Steam.init, e.g. \
             Steam.init{ identity = \"str:alice\" }"
                .to_string(),
        ));
    }
    // SAFETY: sockets is non-null; the identity is a valid value; the options outlive the call.
    let conn = unsafe {
        SteamAPI_ISteamNetworkingSockets_ConnectP2P(
            s.sockets,
            &peer.0,
            virtual_port,
            configs.len(),
            configs.as_ptr(),
        )
    };
    if conn == k_HSteamNetConnection_Invalid {
        return Err(Failure::Message(format!(
            "cannot connect to {} on virtual port {virtual_port} (an invalid option?)",
            peer.text()
        )));
    }
    // Registered before the lock is released, so no pump can see it unowned.
    s.routing.register_connection(conn, owner);
    Ok(conn)
}

#[cfg(feature = "steam")]
mod relay {
    use super::raw;
    use super::*;
    use crate::ffi::text::c_chars_to_string;
    use std::mem::MaybeUninit;
    use std::ptr::addr_of;

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

    /// A ping location the SDK parsed (`SteamNetworkPingLocation_t`), ready to pass to it.
    pub struct PingLocation(SteamNetworkPingLocation_t);

    /// `k_cchMaxSteamNetworkingPingLocationString`.
    const MAX_PING_LOCATION_TEXT: usize = 1024;

    /// This host's ping location as text and the age of its data in seconds; `None` while it
    /// is not known.
    pub fn get_local_ping_location(handle: &Handle) -> Result<Option<(String, f64)>, Failure> {
        let s = Session::open(handle)?;
        let mut location = MaybeUninit::<SteamNetworkPingLocation_t>::zeroed();
        // SAFETY: utils is non-null; location is writable memory of the struct the SDK fills.
        let age = unsafe {
            SteamAPI_ISteamNetworkingUtils_GetLocalPingLocation(s.utils, location.as_mut_ptr())
        };
        if age < 0.0 {
            return Ok(None);
        }
        let mut buf = [0 as std::ffi::c_char; MAX_PING_LOCATION_TEXT];
        // SAFETY: utils is non-null; location was filled in by the SDK; buf is writable and
        // its length is passed.
        unsafe {
            SteamAPI_ISteamNetworkingUtils_ConvertPingLocationToString(
                s.utils,
                location.as_ptr(),
                buf.as_mut_ptr(),
                MAX_PING_LOCATION_TEXT as i32,
            )
        };
        Ok(Some((c_chars_to_string(&buf), f64::from(age))))
    }

    /// `ParsePingLocationString`: `None` when the SDK cannot read the text.
    pub fn parse_ping_location(
        handle: &Handle,
        text: &[u8],
    ) -> Result<Option<PingLocation>, Failure> {
        let Ok(c) = std::ffi::CString::new(text) else {
            return Ok(None);
        };
        let s = Session::open(handle)?;
        let mut location = MaybeUninit::<SteamNetworkPingLocation_t>::zeroed();
        // SAFETY: utils is non-null; c is a live C string; location is writable memory of
        // the struct the SDK fills.
        let ok = unsafe {
            SteamAPI_ISteamNetworkingUtils_ParsePingLocationString(
                s.utils,
                c.as_ptr(),
                location.as_mut_ptr(),
            )
        };
        // SAFETY: zeroed, then written by the SDK: plain bytes, valid either way.
        Ok(ok.then(|| PingLocation(unsafe { location.assume_init() })))
    }

    /// Estimated round-trip time in ms between two locations; -1 when there is none.
    pub fn estimate_ping_time_between_two_locations(
        handle: &Handle,
        a: &PingLocation,
        b: &PingLocation,
    ) -> Result<i32, Failure> {
        let s = Session::open(handle)?;
        // SAFETY: utils is non-null; both locations are values the SDK parsed.
        Ok(unsafe {
            SteamAPI_ISteamNetworkingUtils_EstimatePingTimeBetweenTwoLocations(s.utils, &a.0, &b.0)
        })
    }

    /// Estimated round-trip time in ms from this host; -1 when there is none.
    pub fn estimate_ping_time_from_local_host(
        handle: &Handle,
        location: &PingLocation,
    ) -> Result<i32, Failure> {
        let s = Session::open(handle)?;
        // SAFETY: utils is non-null; the location is a value the SDK parsed.
        Ok(unsafe {
            SteamAPI_ISteamNetworkingUtils_EstimatePingTimeFromLocalHost(s.utils, &location.0)
        })
    }

    /// Whether the ping data is at most `max_age_seconds` old (else a new measurement starts).
    pub fn check_ping_data_up_to_date(
        handle: &Handle,
        max_age_seconds: f32,
    ) -> Result<bool, Failure> {
        let s = Session::open(handle)?;
        // SAFETY: utils is a non-null interface pointer while the backend is up.
        Ok(unsafe {
            SteamAPI_ISteamNetworkingUtils_CheckPingDataUpToDate(s.utils, max_age_seconds)
        })
    }
}
