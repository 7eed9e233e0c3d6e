//! Steamworks SDK backend: needs a running Steam client, so `init` must fail cleanly without one.

use super::gameserver::{GameServer, ServerMode};
use super::identity::Identity;
use super::sys::*;
use super::text::c_chars_to_string;
use std::sync::atomic::{AtomicBool, Ordering};

pub(super) const NAME: &str = "steam";

/// Whether the running library was started as a game server (`SteamGameServer_Init`): its
/// sockets interface, pump and shutdown are the game server's.
static GAME_SERVER: AtomicBool = AtomicBool::new(false);

/// Whether the library runs (or last ran) as a game server.
pub(super) fn is_game_server() -> bool {
    GAME_SERVER.load(Ordering::Relaxed)
}

/// Starts the Steam API, as a game server when `game_server` is given. The identity is always
/// the logged-on user's (or the game server's): `_identity` is not used.
pub(super) fn init(
    _identity: Option<&Identity>,
    game_server: Option<&GameServer>,
) -> Result<(), String> {
    let mut msg: SteamErrMsg = [0; 1024];
    let (result, what) = match game_server {
        None => {
            // SAFETY: msg is the buffer type the SDK expects; InitFlat reports failure, never
            // aborts.
            (unsafe { SteamAPI_InitFlat(&mut msg) }, "the Steam API")
        }
        Some(server) => (
            init_game_server(server, &mut msg),
            "the Steam game server API",
        ),
    };
    let detail = c_chars_to_string(&msg);
    match result {
        ESteamAPIInitResult::k_ESteamAPIInitResult_OK => {
            GAME_SERVER.store(game_server.is_some(), Ordering::Relaxed);
            if let Some(server) = game_server {
                log_on(server);
            }
            Ok(())
        }
        ESteamAPIInitResult::k_ESteamAPIInitResult_NoSteamClient => Err(format!(
            "cannot initialise {what}: Steam is not running ({detail})"
        )),
        ESteamAPIInitResult::k_ESteamAPIInitResult_VersionMismatch => Err(format!(
            "cannot initialise {what}: the Steam client is older than this SDK ({detail})"
        )),
        _ if game_server.is_some() => Err(format!(
            "cannot initialise {what} (are the Steam client libraries installed, by Steam or \
             steamcmd, and is steam_appid.txt present?): {detail}"
        )),
        _ => Err(format!(
            "cannot initialise {what} (is Steam running, and is steam_appid.txt present?): \
             {detail}"
        )),
    }
}

/// The interfaces `SteamGameServer_InitEx` (steam_gameserver.h) asks the SDK to check, each
/// NUL-terminated, the list ended by an empty one.
fn game_server_interface_versions() -> Vec<u8> {
    let versions: [&[u8]; 10] = [
        STEAMUTILS_INTERFACE_VERSION,
        STEAMNETWORKINGUTILS_INTERFACE_VERSION,
        STEAMGAMESERVER_INTERFACE_VERSION,
        STEAMGAMESERVERSTATS_INTERFACE_VERSION,
        STEAMHTTP_INTERFACE_VERSION,
        STEAMINVENTORY_INTERFACE_VERSION,
        STEAMNETWORKING_INTERFACE_VERSION,
        STEAMNETWORKINGMESSAGES_INTERFACE_VERSION,
        STEAMNETWORKINGSOCKETS_INTERFACE_VERSION,
        STEAMUGC_INTERFACE_VERSION,
    ];
    let mut out: Vec<u8> = versions.concat();
    out.push(0);
    out
}

fn init_game_server(server: &GameServer, msg: &mut SteamErrMsg) -> ESteamAPIInitResult {
    let versions = game_server_interface_versions();
    let mode = match server.mode {
        ServerMode::NoAuthentication => EServerMode::eServerModeNoAuthentication,
        ServerMode::Authentication => EServerMode::eServerModeAuthentication,
        ServerMode::AuthenticationAndSecure => EServerMode::eServerModeAuthenticationAndSecure,
    };
    // SAFETY: the version strings are NUL-terminated and live across the call (the interface
    // list ends with an empty string, as the SDK's inline SteamGameServer_InitEx writes it);
    // msg is the buffer type the SDK expects; it reports failure, never aborts.
    unsafe {
        SteamInternal_GameServer_Init_V2(
            u32::from(server.ip),
            server.port,
            server.query_port,
            mode,
            server.version.as_ptr(),
            versions.as_ptr().cast(),
            msg,
        )
    }
}

/// Logs the game server on (with its token, or anonymously); the result arrives later, and
/// the sockets interface works once it has.
fn log_on(server: &GameServer) {
    // SAFETY: the accessor has no preconditions; it returns null when the server is not up.
    let gs = unsafe { SteamAPI_SteamGameServer_v015() };
    if gs.is_null() {
        return;
    }
    match &server.token {
        // SAFETY: gs is non-null; token is a live C string.
        Some(token) => unsafe { SteamAPI_ISteamGameServer_LogOn(gs, token.as_ptr()) },
        // SAFETY: gs is non-null.
        None => unsafe { SteamAPI_ISteamGameServer_LogOnAnonymous(gs) },
    }
}

pub(super) fn shutdown() {
    if is_game_server() {
        // SAFETY: only called by the last release, after a successful game-server init.
        unsafe { SteamGameServer_Shutdown() };
        GAME_SERVER.store(false, Ordering::Relaxed);
    } else {
        // SAFETY: only called by the last release, after a successful init.
        unsafe { SteamAPI_Shutdown() };
    }
}

pub(super) fn sockets() -> Option<*mut ISteamNetworkingSockets> {
    let p = if is_game_server() {
        // SAFETY: the accessor has no preconditions; it returns null when the server is not up.
        unsafe { SteamAPI_SteamGameServerNetworkingSockets_SteamAPI_v012() }
    } else {
        // SAFETY: the accessor has no preconditions; it returns null when Steam is not up.
        unsafe { SteamAPI_SteamNetworkingSockets_SteamAPI_v012() }
    };
    (!p.is_null()).then_some(p)
}

/// The messages interface; the library makes it on the first call.
pub(super) fn messages() -> Option<*mut ISteamNetworkingMessages> {
    // SAFETY: the accessor has no preconditions; it returns null when the library is down.
    let p = unsafe { SteamAPI_SteamNetworkingMessages_SteamAPI_v002() };
    (!p.is_null()).then_some(p)
}

/// The SDK has one utils accessor for both modes: it takes the client's interface and falls
/// back to the game server's (isteamnetworkingutils.h).
pub(super) fn utils() -> Option<*mut ISteamNetworkingUtils> {
    // SAFETY: the accessor has no preconditions; it returns null when Steam is not up.
    let p = unsafe { SteamAPI_SteamNetworkingUtils_SteamAPI_v004() };
    (!p.is_null()).then_some(p)
}

/// Steam may queue the function-pointer callback on its own dispatch or on the sockets
/// interface; pumping both dispatches each queued callback exactly once.
pub(super) fn pump(sockets: *mut ISteamNetworkingSockets) {
    if is_game_server() {
        // SAFETY: the game server is initialised (caller holds a Handle and the API lock).
        unsafe { SteamGameServer_RunCallbacks() };
    } else {
        // SAFETY: the backend is initialised (caller holds a Handle and the API lock).
        unsafe { SteamAPI_RunCallbacks() };
    }
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
