//! Steamworks SDK backend: needs a running Steam client, so `init` must fail cleanly without one.

use super::sys::*;
use super::text::c_chars_to_string;

pub(super) const NAME: &str = "steam";

pub(super) fn init() -> Result<(), String> {
    let mut msg: SteamErrMsg = [0; 1024];
    // SAFETY: msg is the buffer type the SDK expects; InitFlat reports failure, never aborts.
    let result = unsafe { SteamAPI_InitFlat(&mut msg) };
    let detail = c_chars_to_string(&msg);
    match result {
        ESteamAPIInitResult::k_ESteamAPIInitResult_OK => Ok(()),
        ESteamAPIInitResult::k_ESteamAPIInitResult_NoSteamClient => Err(format!(
            "cannot initialise the Steam API: Steam is not running ({detail})"
        )),
        ESteamAPIInitResult::k_ESteamAPIInitResult_VersionMismatch => Err(format!(
            "cannot initialise the Steam API: the Steam client is older than this SDK \
             ({detail})"
        )),
        _ => Err(format!(
            "cannot initialise the Steam API (is Steam running, and is steam_appid.txt \
             present?): {detail}"
        )),
    }
}

pub(super) fn shutdown() {
    // SAFETY: only called by the last release, after a successful init.
    unsafe { SteamAPI_Shutdown() };
}

pub(super) fn sockets() -> Option<*mut ISteamNetworkingSockets> {
    // SAFETY: the accessor has no preconditions; it returns null when Steam is not up.
    let p = unsafe { SteamAPI_SteamNetworkingSockets_SteamAPI_v012() };
    (!p.is_null()).then_some(p)
}

pub(super) fn utils() -> Option<*mut ISteamNetworkingUtils> {
    // SAFETY: the accessor has no preconditions; it returns null when Steam is not up.
    let p = unsafe { SteamAPI_SteamNetworkingUtils_SteamAPI_v004() };
    (!p.is_null()).then_some(p)
}

/// Steam may queue the function-pointer callback on its own dispatch or on the sockets
/// interface; pumping both dispatches each queued callback exactly once.
pub(super) fn pump(sockets: *mut ISteamNetworkingSockets) {
    // SAFETY: the backend is initialised (caller holds a Handle and the API lock).
    unsafe { SteamAPI_RunCallbacks() };
    // SAFETY: sockets is a non-null interface pointer from `sockets()` while the backend is up.
    unsafe { SteamAPI_ISteamNetworkingSockets_RunCallbacks(sockets) };
}
