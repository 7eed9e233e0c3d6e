//! The Lua-facing runtime: safe Rust on top of [`crate::ffi`], behind the generated glue.

mod api;
mod connections;
mod events;
mod listen_socket;
mod messages;
mod options;
#[cfg(feature = "steam")]
mod p2p;
mod state;
mod utils;

use mlua::{Lua, Table};
use std::rc::Rc;

/// Builds the `Steam` table for one Lua state.
pub fn open(lua: &Lua) -> mlua::Result<Table> {
    let api = Rc::new(api::LuaApi {
        rt: state::Runtime::new(),
    });
    let steam = luasteam_generated::api::register(lua, api)?;
    lua.set_named_registry_value(api::MODULE_KEY, &steam)?;
    Ok(steam)
}
