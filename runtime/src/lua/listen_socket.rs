//! The listen socket userdata: a handle that knows whether it was closed. Like a luasocket
//! socket, it closes itself when collected, and on Lua 5.4 when a `<close>` variable holding it
//! goes out of scope.

use mlua::{MetaMethod, UserData, UserDataFields, UserDataMethods, UserDataRef, Value};
use std::cell::Cell;

use crate::ffi;

/// `Steam.sockets` listen socket. Equal sockets share a handle; the same object is handed out
/// for a handle while it is open (see [`super::state::Runtime::socket_object`]).
#[derive(Debug)]
pub struct ListenSocket {
    pub handle: u32,
    pub closed: Cell<bool>,
    /// The library initialisation the handle belongs to (see [`ffi::epoch`]).
    epoch: u64,
}

impl ListenSocket {
    pub fn new(handle: u32) -> Self {
        ListenSocket {
            handle,
            closed: Cell::new(false),
            epoch: ffi::epoch(),
        }
    }
}

impl Drop for ListenSocket {
    /// Collected while open: closed as `closeListenSocket` would (its accepted connections are
    /// told at once). No Lua code runs here.
    fn drop(&mut self) {
        if !self.closed.get() {
            // Nothing to do when that library is gone: its sockets went with it.
            let _ = ffi::close_collected_listen_socket(self.epoch, self.handle);
        }
    }
}

/// Registry key of the generated methods table (`api::methods_listen_socket`), set by
/// [`super::open`] before any listen socket exists.
pub const METHODS_KEY: &str = "luasteam.ListenSocket.methods";

impl UserData for ListenSocket {
    fn add_fields<F: UserDataFields<Self>>(fields: &mut F) {
        // `socket:close()`, `socket:getAddress()`: the documented methods.
        fields.add_meta_field_with("__index", |lua| {
            lua.named_registry_value::<Value>(METHODS_KEY)
        });
    }

    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_meta_method(MetaMethod::ToString, |_, this, ()| {
            let closed = if this.closed.get() { ", closed" } else { "" };
            Ok(format!("ListenSocket({}{closed})", this.handle))
        });
        methods.add_meta_function(
            MetaMethod::Eq,
            |_, (a, b): (UserDataRef<ListenSocket>, UserDataRef<ListenSocket>)| {
                Ok(a.handle == b.handle)
            },
        );
        #[cfg(feature = "lua54")]
        methods.add_meta_method(MetaMethod::Close, |lua, this, _: mlua::MultiValue| {
            super::api::close_socket(lua, this)
        });
    }
}
