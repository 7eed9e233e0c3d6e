//! ISteamNetworkingUtils: the local clock and configuration values at any scope.

use super::config::ConfigData;
use super::lifecycle::{lock_api, Handle};
use super::{backend, sys};
use std::ffi::{c_void, CStr};
use std::ptr;

/// Flat functions whose enum parameters this layer passes as plain `i32`.
///
/// The bindings type them as Rust enums; a key the bindings' enum lacks (the generated option
/// table follows steam_api.json, which may be newer than the standalone library's headers)
/// would be undefined behaviour as a typed enum value. A C enum is passed as an `int`, so these
/// declarations are ABI-identical to the SDK's.
#[allow(clashing_extern_declarations)]
pub(super) mod raw {
    use super::sys::ISteamNetworkingUtils;
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

/// Why a value could not be read (`ESteamNetworkingGetConfigValueResult` and friends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetConfigError {
    /// The key is unknown to the library, or does not exist at that scope.
    BadValue,
    /// The listen socket or connection does not exist.
    BadObject,
    /// The value is of a type Lua cannot hold (a callback pointer), or the library failed.
    Unsupported,
}

const GET_BAD_VALUE: i32 = -1;
const GET_BAD_SCOPE_OBJ: i32 = -2;
const GET_BUFFER_TOO_SMALL: i32 = -3;

/// The library's microsecond clock (SteamNetworkingMicroseconds); 0 if utils is unavailable.
pub fn local_timestamp(_handle: &Handle) -> i64 {
    let _api = lock_api();
    let Some(utils) = backend::utils() else {
        return 0;
    };
    // SAFETY: utils is a non-null interface pointer while the backend is up.
    unsafe { sys::SteamAPI_ISteamNetworkingUtils_GetLocalTimestamp(utils) }
}

/// Sets `key` (a raw ESteamNetworkingConfigValue) at `scope` on `object`; `None` restores the
/// default (global scope) or the inherited value (other scopes). False when rejected.
pub fn set_config_value(
    _handle: &Handle,
    key: i32,
    scope: i32,
    object: isize,
    value: Option<&ConfigData>,
) -> bool {
    // Locals that the argument pointer may point into; they outlive the call.
    let (data_type, arg): (i32, *const c_void) = match value {
        None => (1, ptr::null()),
        Some(ConfigData::Int32(v)) => (1, ptr::from_ref(v).cast()),
        Some(ConfigData::Int64(v)) => (2, ptr::from_ref(v).cast()),
        Some(ConfigData::Float(v)) => (3, ptr::from_ref(v).cast()),
        Some(ConfigData::Str(v)) => (4, v.as_ptr().cast()),
    };
    let _api = lock_api();
    let Some(utils) = backend::utils() else {
        return false;
    };
    // SAFETY: utils is non-null; arg is null or points to a value of `data_type` that lives
    // until after the call; unknown keys and objects are reported, not dereferenced.
    unsafe {
        raw::SteamAPI_ISteamNetworkingUtils_SetConfigValue(
            utils, key, scope, object, data_type, arg,
        )
    }
}

/// Reads `key` at `scope` on `object`, as the library stores it.
pub fn get_config_value(
    _handle: &Handle,
    key: i32,
    scope: i32,
    object: isize,
) -> Result<ConfigData, GetConfigError> {
    let _api = lock_api();
    let utils = backend::utils().ok_or(GetConfigError::Unsupported)?;
    let mut buffer = vec![0u8; 64];
    // Strings may need a larger buffer; the library says how large. Values can change between
    // calls (another thread), hence a few rounds.
    for _ in 0..4 {
        let mut data_type = 0i32;
        let mut size = buffer.len();
        // SAFETY: utils is non-null; buffer is writable for `size` bytes; the out pointers
        // are valid locals.
        let result = unsafe {
            raw::SteamAPI_ISteamNetworkingUtils_GetConfigValue(
                utils,
                key,
                scope,
                object,
                &mut data_type,
                buffer.as_mut_ptr().cast(),
                &mut size,
            )
        };
        match result {
            1 | 2 => return decode(data_type, &buffer[..size.min(buffer.len())]),
            GET_BUFFER_TOO_SMALL if size > buffer.len() => buffer.resize(size, 0),
            GET_BAD_VALUE => return Err(GetConfigError::BadValue),
            GET_BAD_SCOPE_OBJ => return Err(GetConfigError::BadObject),
            _ => return Err(GetConfigError::Unsupported),
        }
    }
    Err(GetConfigError::Unsupported)
}

/// The bytes the library wrote, as the data type it reported (native byte order).
fn decode(data_type: i32, bytes: &[u8]) -> Result<ConfigData, GetConfigError> {
    let fixed = |n: usize| bytes.get(..n).ok_or(GetConfigError::Unsupported);
    let four = |b: &[u8]| -> [u8; 4] { [b[0], b[1], b[2], b[3]] };
    match data_type {
        1 => Ok(ConfigData::Int32(i32::from_ne_bytes(four(fixed(4)?)))),
        2 => {
            let b = fixed(8)?;
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            Ok(ConfigData::Int64(i64::from_ne_bytes(a)))
        }
        3 => Ok(ConfigData::Float(f32::from_ne_bytes(four(fixed(4)?)))),
        4 => CStr::from_bytes_until_nul(bytes)
            .map(|s| ConfigData::Str(s.to_owned()))
            .map_err(|_| GetConfigError::Unsupported),
        _ => Err(GetConfigError::Unsupported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_data_type_from_native_bytes() {
        assert_eq!(decode(1, &(-5i32).to_ne_bytes()), Ok(ConfigData::Int32(-5)));
        assert_eq!(
            decode(2, &(1i64 << 40).to_ne_bytes()),
            Ok(ConfigData::Int64(1 << 40))
        );
        assert_eq!(
            decode(3, &12.5f32.to_ne_bytes()),
            Ok(ConfigData::Float(12.5))
        );
        assert_eq!(
            decode(4, b"abc\0junk"),
            Ok(ConfigData::Str(c"abc".to_owned()))
        );
    }

    #[test]
    fn short_buffers_and_pointers_are_errors_not_panics() {
        assert_eq!(decode(1, &[1, 2]), Err(GetConfigError::Unsupported));
        assert_eq!(decode(2, &[0; 4]), Err(GetConfigError::Unsupported));
        assert_eq!(decode(4, b"no nul"), Err(GetConfigError::Unsupported));
        assert_eq!(decode(5, &[0; 8]), Err(GetConfigError::Unsupported));
    }
}
