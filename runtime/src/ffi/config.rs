//! Creation-time options (`SteamNetworkingConfigValue_t` arrays) for listen sockets and
//! connections.

use super::sys::*;
use std::ffi::CString;
use std::marker::PhantomData;
use std::mem::{size_of, MaybeUninit};
use std::ptr::addr_of_mut;

// The key is written as a raw i32 into the enum's slot; that needs a 4-byte enum.
const _: () = assert!(size_of::<ESteamNetworkingConfigValue>() == 4);

/// One option: `key` is a raw `ESteamNetworkingConfigValue` (e.g. 24 = TimeoutInitial).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigOption {
    pub key: i32,
    pub value: ConfigData,
}

/// The value of an option; the variant picks the SDK data type.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigData {
    Int32(i32),
    Int64(i64),
    Float(f32),
    Str(CString),
}

/// The C array for a create/connect call; borrows the options because string values point
/// into their `CString`s.
pub(super) struct CConfigs<'a> {
    values: Vec<MaybeUninit<SteamNetworkingConfigValue_t>>,
    _options: PhantomData<&'a [ConfigOption]>,
}

impl<'a> CConfigs<'a> {
    pub(super) fn new(options: &'a [ConfigOption]) -> Result<Self, String> {
        if i32::try_from(options.len()).is_err() {
            return Err(format!("too many config options ({})", options.len()));
        }
        let values = options.iter().map(to_c).collect();
        Ok(CConfigs {
            values,
            _options: PhantomData,
        })
    }

    pub(super) fn len(&self) -> i32 {
        // `new` checked that the length fits.
        i32::try_from(self.values.len()).unwrap_or(0)
    }

    pub(super) fn as_ptr(&self) -> *const SteamNetworkingConfigValue_t {
        if self.values.is_empty() {
            std::ptr::null()
        } else {
            self.values.as_ptr().cast()
        }
    }
}

fn to_c(option: &ConfigOption) -> MaybeUninit<SteamNetworkingConfigValue_t> {
    use ESteamNetworkingConfigDataType as T;
    let mut slot = MaybeUninit::<SteamNetworkingConfigValue_t>::zeroed();
    let p = slot.as_mut_ptr();
    // Raw-pointer field writes keep an unknown key from ever being a typed Rust enum value.
    // SAFETY: p points to zeroed, writable memory of the right type; union fields are plain data.
    unsafe {
        addr_of_mut!((*p).m_eValue).cast::<i32>().write(option.key);
        match &option.value {
            ConfigData::Int32(v) => {
                addr_of_mut!((*p).m_eDataType).write(T::k_ESteamNetworkingConfig_Int32);
                addr_of_mut!((*p).m_val.m_int32).write(*v);
            }
            ConfigData::Int64(v) => {
                addr_of_mut!((*p).m_eDataType).write(T::k_ESteamNetworkingConfig_Int64);
                addr_of_mut!((*p).m_val.m_int64).write(*v);
            }
            ConfigData::Float(v) => {
                addr_of_mut!((*p).m_eDataType).write(T::k_ESteamNetworkingConfig_Float);
                addr_of_mut!((*p).m_val.m_float).write(*v);
            }
            ConfigData::Str(v) => {
                addr_of_mut!((*p).m_eDataType).write(T::k_ESteamNetworkingConfig_String);
                addr_of_mut!((*p).m_val.m_string).write(v.as_ptr());
            }
        }
    }
    slot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_become_typed_c_values_with_raw_keys() {
        let options = [
            ConfigOption {
                key: 24,
                value: ConfigData::Int32(500),
            },
            ConfigOption {
                key: -7,
                value: ConfigData::Float(1.5),
            },
            ConfigOption {
                key: 9999,
                value: ConfigData::Str(CString::default()),
            },
        ];
        let c = CConfigs::new(&options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.len(), 3);
        let p = c.as_ptr();
        // SAFETY: p points to 3 initialised values; fields are read as the ints the SDK sees.
        unsafe {
            assert_eq!(addr_of!((*p).m_eValue).cast::<i32>().read(), 24);
            assert_eq!(addr_of!((*p).m_eDataType).cast::<i32>().read(), 1);
            assert_eq!((*p).m_val.m_int32, 500);
            let p1 = p.add(1);
            assert_eq!(addr_of!((*p1).m_eValue).cast::<i32>().read(), -7);
            assert_eq!(addr_of!((*p1).m_eDataType).cast::<i32>().read(), 3);
            assert_eq!((*p1).m_val.m_float, 1.5);
            let p2 = p.add(2);
            assert_eq!(addr_of!((*p2).m_eDataType).cast::<i32>().read(), 4);
            assert!(!(*p2).m_val.m_string.is_null());
        }
    }

    #[test]
    fn no_options_pass_a_null_array() {
        let c = CConfigs::new(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.len(), 0);
        assert!(c.as_ptr().is_null());
    }

    use std::ptr::addr_of;
}
