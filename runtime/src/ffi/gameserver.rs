//! Game-server mode: what `Steam.init{ gameServer = ... }` asks for. Plain data; the steam
//! backend passes it to `SteamGameServer_Init` (`steam.rs`), the standalone backend has no
//! such mode and only checks it.

use std::ffi::CString;
use std::net::Ipv4Addr;

/// `EServerMode` without `eServerModeInvalid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerMode {
    NoAuthentication = 1,
    Authentication = 2,
    AuthenticationAndSecure = 3,
}

impl ServerMode {
    /// The names a script uses, in the order of their values.
    pub const NAMES: [&'static str; 3] = [
        "NoAuthentication",
        "Authentication",
        "AuthenticationAndSecure",
    ];

    pub fn from_name(name: &str) -> Option<ServerMode> {
        match name {
            "NoAuthentication" => Some(ServerMode::NoAuthentication),
            "Authentication" => Some(ServerMode::Authentication),
            "AuthenticationAndSecure" => Some(ServerMode::AuthenticationAndSecure),
            _ => None,
        }
    }
}

/// The settings of `SteamGameServer_Init` and the log-on that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameServer {
    /// The local address to bind to; unspecified (`0.0.0.0`) binds every interface.
    pub ip: Ipv4Addr,
    /// The port clients connect to for the game.
    pub port: u16,
    /// The port of the server browser's queries.
    pub query_port: u16,
    pub mode: ServerMode,
    /// The server's version, `x.x.x.x`; Steam lists only servers of the latest version.
    pub version: CString,
    /// A game server login token (a persistent account); `None` logs on anonymously.
    pub token: Option<CString>,
}
