//! GameNetworkingSockets (open-source, no Steam client needed): init, shutdown and pumping.

use super::gameserver::GameServer;
use super::identity::Identity;
use super::sys::*;
use super::text::c_chars_to_string;
use std::ptr;

pub(super) const NAME: &str = "standalone";

/// Starts the library as `identity`; without one the library picks the anonymous localhost
/// identity (`CacheIdentity` in csteamnetworkingsockets.h sets it). GameNetworkingSockets has
/// no game-server mode: `_game_server` is not used.
pub(super) fn init(
    identity: Option<&Identity>,
    _game_server: Option<&GameServer>,
) -> Result<(), String> {
    let mut msg: SteamNetworkingErrMsg = [0; 1024];
    let identity = identity.map_or(ptr::null(), |i| ptr::from_ref(&i.0));
    // SAFETY: identity is null (the library picks one) or a valid identity it copies; msg is
    // the buffer type it expects.
    let ok = unsafe { GameNetworkingSockets_Init(identity, &mut msg) };
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

/// The messages interface; the library makes it on the first call.
pub(super) fn messages() -> Option<*mut ISteamNetworkingMessages> {
    // SAFETY: the accessor has no preconditions; it returns null when the library is down.
    let p = unsafe { SteamAPI_SteamNetworkingMessages_v002() };
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

/// `ToString` of an identity (never the invalid one: the caller checks).
pub(super) fn identity_to_text(identity: &SteamNetworkingIdentity) -> String {
    let mut buf = [0 as std::ffi::c_char; 128];
    // SAFETY: identity is a valid value; buf is writable and its length is passed.
    unsafe { SteamAPI_SteamNetworkingIdentity_ToString(identity, buf.as_mut_ptr(), buf.len()) };
    c_chars_to_string(&buf)
}

/// `ParseString`: None when the library rejects the text.
pub(super) fn parse_identity(text: &str) -> Option<SteamNetworkingIdentity> {
    let c = std::ffi::CString::new(text).ok()?;
    let mut identity = std::mem::MaybeUninit::<SteamNetworkingIdentity>::zeroed();
    // SAFETY: identity is zeroed writable memory of the size passed; c is a live C string.
    let ok = unsafe {
        SteamAPI_SteamNetworkingIdentity_ParseString(
            identity.as_mut_ptr(),
            std::mem::size_of::<SteamNetworkingIdentity>(),
            c.as_ptr(),
        )
    };
    // SAFETY: zeroed and then written by the library: a valid value.
    ok.then(|| unsafe { identity.assume_init() })
}
