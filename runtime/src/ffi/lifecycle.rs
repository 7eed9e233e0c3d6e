//! Process-global, reference-counted backend initialisation.

use super::{backend, connections, debug, events, overflow, sendguard};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// State guarded by the API lock; every backend call happens while it is held.
pub(super) struct Api {
    pub(super) refcount: usize,
    /// Counts backend initialisations, so a handle from an earlier one (a listen socket
    /// collected after `shutdown`) is never taken for one of the current library.
    pub(super) epoch: u64,
}

static API: Mutex<Api> = Mutex::new(Api {
    refcount: 0,
    epoch: 0,
});

/// Poisoning is ignored: the guarded state is a counter that a panic cannot leave half-written.
pub(super) fn lock_api() -> MutexGuard<'static, Api> {
    API.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Proof that the backend is initialised; dropping the last one shuts the backend down.
/// Deliberately not `Clone`: each holder acquires its own.
#[derive(Debug)]
pub struct Handle {
    _private: (),
}

impl Drop for Handle {
    fn drop(&mut self) {
        let mut api = lock_api();
        api.refcount = api.refcount.saturating_sub(1);
        if api.refcount == 0 {
            events::clear_all();
            connections::clear_poll_groups();
            debug::clear_all_locked();
            overflow::clear_all();
            sendguard::clear_all();
            backend::shutdown();
        }
    }
}

/// Initialises the backend if nobody holds it yet. Fails (with the SDK's message) rather than
/// crashing when, e.g., no Steam client is running.
pub fn acquire() -> Result<Handle, String> {
    let mut api = lock_api();
    if api.refcount == 0 {
        backend::init()?;
        if let Err(e) = events::install_callback() {
            backend::shutdown();
            return Err(e);
        }
        debug::apply_level();
        overflow::apply_defaults();
        api.epoch += 1;
    }
    api.refcount += 1;
    Ok(Handle { _private: () })
}

/// The current initialisation of the backend (see [`Api::epoch`]); 0 when it is down.
pub fn epoch() -> u64 {
    let api = lock_api();
    if api.refcount == 0 {
        0
    } else {
        api.epoch
    }
}

/// Pumps the backend: queued status changes are dispatched to the global callback and routed
/// to their owners' queues (read them with `take_events`).
pub fn run_callbacks(_handle: &Handle) {
    let _api = lock_api();
    if let Some(sockets) = backend::sockets() {
        backend::pump(sockets);
        overflow::end_overflowed(sockets);
    }
}
