//! Keeps luasteam.so loaded until the process exits.
//!
//! Closing a Lua state unloads the C modules it loaded (`dlclose`). Loading luasteam.so again
//! later in the same process (LÖVE's `love.event.quit("restart")`, a second `lua_State`, a
//! `love.thread` state that closed before the main state required it) would run
//! GameNetworkingSockets' static initialisers a second time; they register protobuf descriptors
//! in the process-wide libprotobuf.so, which was never unloaded, and libprotobuf aborts the
//! process ("File already exists in database"). So the first time the module is opened it takes
//! one more reference to its own shared object with `RTLD_NODELETE`: the loader then never
//! unmaps it, and every later load finds the object already there and runs no initialiser.
//!
//! A consequence: the statics of this crate (the backend refcount, routing tables, counters)
//! live as long as the process, not as long as one Lua state. Every Lua state releases what it
//! holds when it closes (its `Runtime` is dropped), so the next state starts from a backend that
//! was shut down and initialises it again.

use std::ffi::{c_void, CStr};
use std::sync::OnceLock;

/// Takes the reference once per process; later calls return the first outcome.
///
/// Err when the loader cannot name or reopen the object holding this code; the module still
/// works then, only loading it again after an unload would be unprotected.
pub fn keep_loaded() -> Result<(), String> {
    static PINNED: OnceLock<Result<(), String>> = OnceLock::new();
    PINNED.get_or_init(pin_own_object).clone()
}

fn pin_own_object() -> Result<(), String> {
    let here = keep_loaded as fn() -> Result<(), String> as *const c_void;
    // SAFETY: Dl_info is a plain C struct of pointers and integers; all zeros is valid.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: dladdr only looks the address up among loaded objects and writes into info.
    let found = unsafe { libc::dladdr(here, &mut info) };
    if found == 0 || info.dli_fname.is_null() {
        return Err("cannot find the shared object that holds luasteam".into());
    }
    // RTLD_NOLOAD: take a reference to the object already loaded under this name, never load
    // another file. RTLD_NODELETE: the loader then never unloads it.
    let flags = libc::RTLD_NOW | libc::RTLD_NOLOAD | libc::RTLD_NODELETE;
    // SAFETY: dli_fname is the loader's NUL-terminated name of the object holding this code,
    // which stays loaded while we run; with RTLD_NOLOAD no initialiser runs.
    let handle = unsafe { libc::dlopen(info.dli_fname, flags) };
    if handle.is_null() {
        // SAFETY: dlerror returns null or a NUL-terminated string valid until the next dl call.
        let why = unsafe { libc::dlerror() };
        let why = if why.is_null() {
            "unknown error".to_string()
        } else {
            // SAFETY: non-null, NUL-terminated (checked above), read before any other dl call.
            unsafe { CStr::from_ptr(why) }
                .to_string_lossy()
                .into_owned()
        };
        return Err(format!("cannot keep luasteam loaded: {why}"));
    }
    // The handle is deliberately never closed: that reference is the point.
    Ok(())
}
