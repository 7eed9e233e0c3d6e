//! `Steam.*` (spec/core.rst).

use super::*;
use crate::ffi;
use crate::lua::events;
use crate::lua::utils;
use luasteam_generated::api::args::core as args;
use luasteam_generated::api::Api;
use luasteam_generated::api::CoreApi;
use mlua::{Lua, Table};

impl CoreApi for LuaApi {
    fn backend(&self, _lua: &Lua) -> mlua::Result<String> {
        Ok(Self::BACKEND.to_string())
    }

    fn init(&self, _lua: &Lua) -> mlua::Result<(bool, Option<String>)> {
        Ok(match self.rt.init() {
            Ok(()) => (true, None),
            Err(message) => (false, Some(message)),
        })
    }

    fn shutdown(&self, lua: &Lua) -> mlua::Result<()> {
        self.rt.shutdown(lua)
    }

    fn run_callbacks(&self, lua: &Lua) -> mlua::Result<()> {
        let steam: Table = lua.named_registry_value(MODULE_KEY)?;
        let (fresh, debug) = self.rt.with(|h| {
            // A library that went away (the Steam client quit) has nothing to deliver.
            let _ = ffi::run_callbacks(h);
            let owner = self.rt.owner();
            (ffi::take_events(h, owner), ffi::take_debug_output(h, owner))
        })?;
        let converted = fresh
            .into_iter()
            .map(|e| events::connection_changed(&self.rt, lua, e))
            .collect::<mlua::Result<Vec<_>>>()?;
        self.rt.push_events(converted);
        self.rt.push_events(utils::debug_events(debug));
        while let Some(event) = self.rt.pop_event() {
            // A handler's error leaves the rest queued for the next call.
            event.dispatch(lua, &steam)?;
        }
        Ok(())
    }

    fn sleep(&self, seconds: f64) -> mlua::Result<()> {
        let duration = std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
            args::sleep::SECONDS.error("a finite, non-negative number of seconds expected")
        })?;
        std::thread::sleep(duration);
        Ok(())
    }
}
