//! luasteam: Valve's networking sockets for Lua.
//!
//! [`ffi`] is the only unsafe layer (the backend's flat C API); [`lua`] implements the
//! generated glue's `Api` trait on top of it; [`address`] parses addresses in Rust.

pub mod address;
#[cfg(feature = "standalone")]
mod base64;
pub mod ffi;
mod lua;
#[cfg(feature = "standalone")]
mod rendezvous;
pub mod steamid;

#[cfg(all(feature = "standalone", feature = "steam"))]
compile_error!("choose exactly one backend feature: standalone or steam");
#[cfg(not(any(feature = "standalone", feature = "steam")))]
compile_error!("choose a backend feature: standalone or steam");

/// `require "luasteam"`.
#[mlua::lua_module(name = "luasteam")]
fn luasteam(lua: &mlua::Lua) -> mlua::Result<mlua::Table> {
    // Never unloaded, so a later Lua state can load it again (see ffi::keep_loaded). Best
    // effort: when it fails the module works, only reloading it is unprotected.
    let _ = ffi::keep_loaded();
    lua::open(lua)
}
