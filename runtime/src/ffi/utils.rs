//! ISteamNetworkingUtils: the local clock and configuration values at any scope.

use super::config::ConfigData;
use super::failure::Failure;
use super::info::connection_info;
use super::raw;
use super::registry::{Handle, Session};
use super::sys;
use std::ffi::{c_void, CStr};
use std::ptr;

const GET_BAD_VALUE: i32 = -1;
const GET_BAD_SCOPE_OBJ: i32 = -2;
const GET_BUFFER_TOO_SMALL: i32 = -3;

/// The library's microsecond clock (SteamNetworkingMicroseconds).
pub fn local_timestamp(handle: &Handle) -> Result<i64, Failure> {
    let s = Session::open(handle)?;
    // SAFETY: utils is a non-null interface pointer while the backend is up.
    Ok(unsafe { sys::SteamAPI_ISteamNetworkingUtils_GetLocalTimestamp(s.utils) })
}

/// Sets `key` (a raw ESteamNetworkingConfigValue) at `scope` on `object`; `None` restores the
/// default (global scope) or the inherited value (other scopes). `Failure::Message` when
/// the library rejects it.
pub fn set_config_value(
    handle: &Handle,
    key: i32,
    scope: i32,
    object: isize,
    value: Option<&ConfigData>,
) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    set_in_session(&s, key, scope, object, value)
}

/// Sets `key` on the connection `conn`, as [`set_config_value`] at connection scope, but
/// `InvalidHandle` for a connection the application can no longer use: the library's setter
/// also takes a connection closed a moment ago, which it keeps until the close completes.
pub fn set_connection_config_value(
    handle: &Handle,
    conn: u32,
    key: i32,
    value: Option<&ConfigData>,
) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    if connection_info(s.sockets, conn).is_none() {
        return Err(Failure::InvalidHandle);
    }
    set_in_session(&s, key, raw::scope::CONNECTION, conn as isize, value)
}

fn set_in_session(
    s: &Session,
    key: i32,
    scope: i32,
    object: isize,
    value: Option<&ConfigData>,
) -> Result<(), Failure> {
    // Locals that the argument pointer may point into; they outlive the call.
    let (data_type, arg): (i32, *const c_void) = match value {
        None => (1, ptr::null()),
        Some(ConfigData::Int32(v)) => (1, ptr::from_ref(v).cast()),
        Some(ConfigData::Int64(v)) => (2, ptr::from_ref(v).cast()),
        Some(ConfigData::Float(v)) => (3, ptr::from_ref(v).cast()),
        Some(ConfigData::Str(v)) => (4, v.as_ptr().cast()),
    };
    // SAFETY: utils is non-null; arg is null or points to a value of `data_type` that lives
    // until after the call; unknown keys and objects are reported, not dereferenced.
    let ok = unsafe {
        raw::SteamAPI_ISteamNetworkingUtils_SetConfigValue(
            s.utils, key, scope, object, data_type, arg,
        )
    };
    if ok {
        Ok(())
    } else {
        Err(Failure::Message(
            "the networking library rejected the value".to_string(),
        ))
    }
}

/// Reads `key` at `scope` on `object`, as the library stores it. `NotFound`: the library does
/// not know the key at that scope; `InvalidHandle`: the listen socket or connection does not
/// exist; `Message`: a value Lua cannot hold (a callback pointer), or the library failed.
pub fn get_config_value(
    handle: &Handle,
    key: i32,
    scope: i32,
    object: isize,
) -> Result<ConfigData, Failure> {
    let s = Session::open(handle)?;
    let utils = s.utils;
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
            GET_BAD_VALUE => return Err(Failure::NotFound),
            GET_BAD_SCOPE_OBJ => return Err(Failure::InvalidHandle),
            _ => return Err(unsupported()),
        }
    }
    Err(unsupported())
}

fn unsupported() -> Failure {
    Failure::Message("a value luasteam cannot read".to_string())
}

/// The bytes the library wrote, as the data type it reported (native byte order).
fn decode(data_type: i32, bytes: &[u8]) -> Result<ConfigData, Failure> {
    let fixed = |n: usize| bytes.get(..n).ok_or_else(unsupported);
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
            .map_err(|_| unsupported()),
        _ => Err(unsupported()),
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
        assert_eq!(decode(1, &[1, 2]), Err(unsupported()));
        assert_eq!(decode(2, &[0; 4]), Err(unsupported()));
        assert_eq!(decode(4, b"no nul"), Err(unsupported()));
        assert_eq!(decode(5, &[0; 8]), Err(unsupported()));
    }
}
