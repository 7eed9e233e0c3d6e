//! `Steam.networkingUtils.*` (spec/networkingUtils.rst).

use super::*;
use crate::ffi;
use crate::lua::utils;
use luasteam_generated::api::NetworkingUtilsApi;
use luasteam_generated::support::raw::Slot;
use mlua::Lua;

impl NetworkingUtilsApi for LuaApi {
    fn get_local_timestamp(&self, _lua: &Lua) -> mlua::Result<i64> {
        self.rt
            .with(ffi::local_timestamp)?
            .map_err(|f| mlua::Error::runtime(f.to_string()))
    }

    fn set_global_config_value(&self, name: &[u8], value: Slot<'_>) -> mlua::Result<bool> {
        utils::set_global(&self.rt, name, &value)
    }

    fn get_config_value(
        &self,
        lua: &Lua,
        name: mlua::LuaString,
        scope: Option<mlua::LuaString>,
        object: mlua::Value,
    ) -> mlua::Result<Result<mlua::Value, String>> {
        utils::get(&self.rt, lua, &name, scope.as_ref(), object)
    }

    fn set_debug_output_level(&self, level: &[u8]) -> mlua::Result<()> {
        utils::set_debug_level(&self.rt, level)
    }

    #[cfg(feature = "steam")]
    fn init_relay_network_access(&self, _lua: &Lua) -> mlua::Result<()> {
        self.rt
            .with(ffi::init_relay_network_access)?
            .map_err(|f| mlua::Error::runtime(f.to_string()))
    }

    #[cfg(feature = "steam")]
    fn get_relay_network_status(
        &self,
        _lua: &Lua,
    ) -> mlua::Result<(luasteam_generated::support::Enum, String)> {
        let (avail, message) = self.rt.with(ffi::get_relay_network_status)?;
        Ok((luasteam_generated::support::Enum(avail), message))
    }

    #[cfg(feature = "steam")]
    fn get_local_ping_location(&self, _lua: &Lua) -> mlua::Result<Result<(String, f64), String>> {
        let found = self
            .rt
            .with(ffi::get_local_ping_location)?
            .map_err(|f| mlua::Error::runtime(f.to_string()))?;
        Ok(found.ok_or_else(|| {
            "the ping location is not known yet (the relay network is not reached or its \
             pings are being measured; see networkingUtils.initRelayNetworkAccess)"
                .to_string()
        }))
    }

    #[cfg(feature = "steam")]
    fn estimate_ping_time_between_two_locations(&self, a: &[u8], b: &[u8]) -> mlua::Result<i64> {
        use luasteam_generated::api::args::networking_utils::estimate_ping_time_between_two_locations as args;
        self.rt.with(|h| {
            let a = ping_location(h, a, args::A)?;
            let b = ping_location(h, b, args::B)?;
            ffi::estimate_ping_time_between_two_locations(h, &a, &b)
                .map(i64::from)
                .map_err(|f| mlua::Error::runtime(f.to_string()))
        })?
    }

    #[cfg(feature = "steam")]
    fn estimate_ping_time_from_local_host(&self, location: &[u8]) -> mlua::Result<i64> {
        use luasteam_generated::api::args::networking_utils::estimate_ping_time_from_local_host as args;
        self.rt.with(|h| {
            let location = ping_location(h, location, args::LOCATION)?;
            ffi::estimate_ping_time_from_local_host(h, &location)
                .map(i64::from)
                .map_err(|f| mlua::Error::runtime(f.to_string()))
        })?
    }

    #[cfg(feature = "steam")]
    fn check_ping_data_up_to_date(&self, max_age_seconds: f64) -> mlua::Result<bool> {
        use luasteam_generated::api::args::networking_utils::check_ping_data_up_to_date as args;
        if !(max_age_seconds.is_finite() && max_age_seconds >= 0.0) {
            return Err(
                args::MAX_AGE_SECONDS.error("a finite, non-negative number of seconds expected")
            );
        }
        self.rt
            .with(|h| ffi::check_ping_data_up_to_date(h, max_age_seconds as f32))?
            .map_err(|f| mlua::Error::runtime(f.to_string()))
    }
}

/// A ping location argument parsed by the SDK, or a Lua error naming the argument.
#[cfg(feature = "steam")]
fn ping_location(
    h: &ffi::Handle,
    text: &[u8],
    arg: luasteam_generated::support::ArgRef,
) -> mlua::Result<ffi::PingLocation> {
    ffi::parse_ping_location(h, text)
        .map_err(|f| mlua::Error::runtime(f.to_string()))?
        .ok_or_else(|| arg.error("not a ping location (see networkingUtils.getLocalPingLocation)"))
}
