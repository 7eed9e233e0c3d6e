//! Flat functions whose enum parameters this layer passes as plain `i32`, and the raw
//! values it passes.
//!
//! The bindings type them as Rust enums; a key the bindings' enum lacks (the generated option
//! table follows steam_api.json, which may be newer than the standalone library's headers)
//! would be undefined behaviour as a typed enum value. A C enum is passed as an `int`, so these
//! declarations are ABI-identical to the SDK's.

#[allow(clashing_extern_declarations)]
mod decl {
    use super::super::sys::ISteamNetworkingUtils;
    use std::ffi::{c_char, c_void};

    /// `FSteamNetworkingSocketsDebugOutput` with the level as a plain `int`.
    pub type DebugOutput = Option<unsafe extern "C" fn(level: i32, message: *const c_char)>;

    extern "C" {
        pub fn SteamAPI_ISteamNetworkingUtils_SetConfigValue(
            utils: *mut ISteamNetworkingUtils,
            value: i32,
            scope: i32,
            object: isize,
            data_type: i32,
            arg: *const c_void,
        ) -> bool;

        pub fn SteamAPI_ISteamNetworkingUtils_GetConfigValue(
            utils: *mut ISteamNetworkingUtils,
            value: i32,
            scope: i32,
            object: isize,
            out_data_type: *mut i32,
            result: *mut c_void,
            result_size: *mut usize,
        ) -> i32;

        pub fn SteamAPI_ISteamNetworkingUtils_SetDebugOutputFunction(
            utils: *mut ISteamNetworkingUtils,
            level: i32,
            function: DebugOutput,
        );
    }
}

/// `ESteamNetworkingConfigScope` values.
pub mod scope {
    pub const GLOBAL: i32 = 1;
    pub const LISTEN_SOCKET: i32 = 3;
    pub const CONNECTION: i32 = 4;
}

pub(super) use decl::*;

/// Functions whose `ESteamNetworkingAvailability` result this layer reads as a plain `int`, so
/// that a value the bindings do not know is never a typed Rust enum. ABI-identical to the SDK's.
#[allow(clashing_extern_declarations)]
mod avail {
    use super::super::sys::{ISteamNetworkingSockets, SteamNetAuthenticationStatus_t};

    extern "C" {
        pub fn SteamAPI_ISteamNetworkingSockets_InitAuthentication(
            sockets: *mut ISteamNetworkingSockets,
        ) -> i32;

        pub fn SteamAPI_ISteamNetworkingSockets_GetAuthenticationStatus(
            sockets: *mut ISteamNetworkingSockets,
            details: *mut SteamNetAuthenticationStatus_t,
        ) -> i32;
    }
}

pub(super) use avail::*;
