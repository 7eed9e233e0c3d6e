//! The Lua-facing runtime: safe Rust on top of [`crate::ffi`], behind the generated glue.

mod api;
mod connections;
mod events;
#[cfg(feature = "luajit")]
mod jit;
mod listen_socket;
mod messages;
mod options;
mod p2p;
mod state;
mod utils;

use mlua::{Lua, Table};
use std::rc::Rc;

/// Builds the `Steam` table for one Lua state. A Lua state has one: requiring the module
/// again (after clearing `package.loaded.luasteam`) returns the same table.
pub fn open(lua: &Lua) -> mlua::Result<Table> {
    if let Ok(steam) = lua.named_registry_value::<Table>(api::MODULE_KEY) {
        return Ok(steam);
    }
    let api = Rc::new(api::LuaApi {
        rt: state::Runtime::new(),
    });
    lua.set_app_data(Rc::clone(&api));
    let methods = luasteam_generated::api::methods_listen_socket(lua, Rc::clone(&api))?;
    lua.set_named_registry_value(listen_socket::METHODS_KEY, methods)?;
    let steam = luasteam_generated::api::register(lua, Rc::clone(&api))?;
    // The state keeps `api` (app data) as long as it lives, so the runtime's address holds.
    // Without LuaJIT's ffi (a sandbox that hides it) the C API functions stay: the fast path
    // fails before it replaces any.
    #[cfg(feature = "luajit")]
    let _ = jit::install(lua, &steam.get::<Table>("sockets")?, &api.rt);
    lua.set_named_registry_value(api::MODULE_KEY, &steam)?;
    Ok(steam)
}

#[cfg(test)]
mod tests {
    use luasteam_generated::enums::EResult;
    use luasteam_generated::support::{enum_name, Enum};

    #[test]
    fn a_result_outside_the_documented_list_fails_loudly_in_checked_builds() {
        // Test builds are debug builds: the check is on.
        let ok = enum_name(
            &EResult,
            &["OK", "InvalidParam"],
            Enum(1),
            "acceptConnection result",
        );
        assert_eq!(ok.unwrap(), "OK");
        let err = enum_name(
            &EResult,
            &["OK", "InvalidParam"],
            Enum(2),
            "acceptConnection result",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("acceptConnection result is EResult = 2 (Fail)"),
            "{err}"
        );
        assert!(err.contains("documented: OK, InvalidParam"), "{err}");
    }
}
