//! Installs the LuaJIT fast path (`jit.lua`, the C functions in `crate::ffi::jit`) on
//! `Steam.sockets`; LuaJIT builds only.

use super::state::Runtime;
use crate::ffi::jit;
use luasteam_generated::api::args::sockets as args;
use luasteam_generated::enums::{EResult, SendFlags};
use mlua::{LightUserData, Lua, Table};
use std::ffi::c_void;

const SOURCE: &str = include_str!("jit.lua");

/// Replaces the hot message functions of `sockets` with the wrappers of `jit.lua`. `rt` must
/// live as long as the Lua state (it is the state's module runtime).
pub fn install(lua: &Lua, sockets: &Table, rt: &Runtime) -> mlua::Result<()> {
    let results = lua.create_table()?;
    for (name, value) in EResult.entries.iter().rev() {
        // Reversed: where the SDK has aliases, the first name wins, as in the C API glue.
        results.raw_set(*value, *name)?;
    }
    let flags = lua.create_table()?;
    for (name, value) in SendFlags.entries {
        flags.raw_set(*name, *value)?;
    }
    // The wrapped functions by their generated names: an entry whose parameters change in the
    // reference no longer compiles here.
    let names = lua.create_table()?;
    names.raw_set("send", args::send_message_to_connection::DATA.function)?;
    names.raw_set("sendPayloads", args::send_payloads::PAYLOADS.function)?;
    names.raw_set(
        "receive",
        args::receive_messages_on_connection::MAX.function,
    )?;
    names.raw_set(
        "receiveGroup",
        args::receive_messages_on_poll_group::MAX.function,
    )?;
    names.raw_set("receivePayloads", args::receive_payloads::PAYLOADS.function)?;
    let ptr = |p: *const c_void| LightUserData(p.cast_mut());
    let max_defaults = (
        args::receive_messages_on_connection::MAX_DEFAULT,
        args::receive_messages_on_poll_group::MAX_DEFAULT,
        args::receive_payloads::MAX_DEFAULT,
    );
    lua.load(SOURCE).set_name("=luasteam.jit").call::<()>((
        sockets,
        names,
        ptr(rt.jit_context().cast()),
        ptr(jit::luasteam_jit_send as *const c_void),
        ptr(jit::luasteam_jit_receive as *const c_void),
        ptr(jit::luasteam_jit_release as *const c_void),
        results,
        flags,
        super::messages::default_flags(),
        max_defaults.0,
        max_defaults.1,
        max_defaults.2,
    ))
}
