//! Steamworks SDK backend: needs a running Steam client, so `init` must fail cleanly without one.

use super::identity::Identity;
use super::sys::*;
use super::text::c_chars_to_string;

pub(super) const NAME: &str = "steam";

/// Starts the Steam API. The identity is always the logged-on user's: `_identity` is not used.
pub(super) fn init(_identity: Option<&Identity>) -> Result<(), String> {
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

/// The messages interface; the library makes it on the first call.
pub(super) fn messages() -> Option<*mut ISteamNetworkingMessages> {
    // SAFETY: the accessor has no preconditions; it returns null when the library is down.
    let p = unsafe { SteamAPI_SteamNetworkingMessages_SteamAPI_v002() };
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

/// `ToString` of an identity (never the invalid one: the caller checks).
pub(super) fn identity_to_text(identity: &SteamNetworkingIdentity) -> String {
    let mut copy = *identity;
    let mut buf = [0 as std::ffi::c_char; 128];
    // SAFETY: copy is a valid value the SDK only reads (its binding takes `*mut`); buf is
    // writable and its length is passed.
    unsafe { SteamAPI_SteamNetworkingIdentity_ToString(&mut copy, buf.as_mut_ptr(), 128) };
    c_chars_to_string(&buf)
}

/// `ParseString`: None when the SDK rejects the text.
pub(super) fn parse_identity(text: &str) -> Option<SteamNetworkingIdentity> {
    let c = std::ffi::CString::new(text).ok()?;
    let mut identity = std::mem::MaybeUninit::<SteamNetworkingIdentity>::zeroed();
    // SAFETY: identity is zeroed writable memory of the SDK's type; c is a live C string.
    let ok =
        unsafe { SteamAPI_SteamNetworkingIdentity_ParseString(identity.as_mut_ptr(), c.as_ptr()) };
    // SAFETY: zeroed and then written by the SDK: a valid value.
    ok.then(|| unsafe { identity.assume_init() })
}
