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
}
