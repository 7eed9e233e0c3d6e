//! GameNetworkingSockets (open-source, no Steam client needed): init, shutdown and pumping.

use super::sys::*;
use super::text::c_chars_to_string;
use std::ptr;

pub(super) const NAME: &str = "standalone";

pub(super) fn init() -> Result<(), String> {
    let mut msg: SteamNetworkingErrMsg = [0; 1024];
    // SAFETY: a null identity asks the library to pick one; msg is the buffer type it expects.
    let ok = unsafe { GameNetworkingSockets_Init(ptr::null(), &mut msg) };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "cannot initialise GameNetworkingSockets: {}",
            c_chars_to_string(&msg)
        ))
    }
}

pub(super) fn shutdown() {
    // SAFETY: only called by the last release, after a successful init.
    unsafe { GameNetworkingSockets_Kill() };
}

pub(super) fn sockets() -> Option<*mut ISteamNetworkingSockets> {
    // SAFETY: the accessor has no preconditions; it returns null before init.
    let p = unsafe { SteamAPI_SteamNetworkingSockets_v009() };
    (!p.is_null()).then_some(p)
}

pub(super) fn utils() -> Option<*mut ISteamNetworkingUtils> {
    // SAFETY: the accessor has no preconditions.
    let p = unsafe { SteamAPI_SteamNetworkingUtils_v003() };
    (!p.is_null()).then_some(p)
}

pub(super) fn pump(sockets: *mut ISteamNetworkingSockets) {
    // SAFETY: sockets is a non-null interface pointer from `sockets()` while the backend is up.
    unsafe { SteamAPI_ISteamNetworkingSockets_RunCallbacks(sockets) };
}
