//! The registry: all process-global state of the ffi layer, in one place.
//!
//! [`State`] is what luasteam decides: the library's reference count and initialisation epoch,
//! the owners (Lua states), which owner has which listen socket, connection and poll group,
//! the status changes routed to each owner, and the send guard's bookkeeping. It sits behind
//! one lock, held for every library call: [`Session`] holds that lock together with the
//! library's interface pointers, so no call can reach the library without both.
//!
//! What the library writes from its own threads (status changes, debug output, overflow
//! warnings) lands in the [`inbox`](super::inbox), the registry's part with a leaf lock of its
//! own (its module says why). After every pump the session moves the status changes from the
//! inbox to their owners ([`Session::route_arrivals`]).
//!
//! Teardown has one path: [`Session::forget_owner`] closes what an owner has (a Lua state
//! shutting down or closing), and dropping the last [`Handle`] clears everything and shuts the
//! library down.

use super::failure::Failure;
use super::info::connection_info;
use super::routing::{Owner, Routing, StatusChange};
use super::sendguard::SendGuard;
use super::sys::*;
use super::{backend, inbox, overflow, sessions};
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::ptr;
use std::sync::{Mutex, MutexGuard, PoisonError};

pub(super) struct State {
    /// Handles alive; the library runs while it is above 0.
    pub(super) refcount: usize,
    /// Counts library initialisations, so a handle from an earlier one (a listen socket
    /// collected after `shutdown`) is never taken for one of the current library.
    pub(super) epoch: u64,
    next_owner: Owner,
    pub(super) routing: Routing,
    /// Poll groups and the owner that created them.
    pub(super) poll_groups: BTreeMap<u32, Owner>,
    pub(super) send_guard: SendGuard,
    /// Per owner, the arrival number from which it has not read the inbox's broadcasts yet.
    pub(super) broadcast_seen: BTreeMap<Owner, u64>,
    /// The library's interfaces while it runs (read once, at init).
    interfaces: Option<Interfaces>,
    /// The messages interface, once something used it (`sessions.rs`).
    pub(super) messages_interface: Option<sessions::Interface>,
    /// The owner the messages interface's session events go to.
    pub(super) messages_owner: Option<Owner>,
}

/// The interface pointers of the running library.
#[derive(Clone, Copy)]
pub(super) struct Interfaces {
    pub(super) sockets: *mut ISteamNetworkingSockets,
    pub(super) utils: *mut ISteamNetworkingUtils,
}

// SAFETY: the pointers name the library's process-wide interface objects, which the library
// lets any thread use; they are only read while the registry lock is held.
unsafe impl Send for Interfaces {}

static STATE: Mutex<State> = Mutex::new(State {
    refcount: 0,
    epoch: 0,
    next_owner: 1,
    routing: Routing::new(),
    poll_groups: BTreeMap::new(),
    send_guard: SendGuard::new(),
    broadcast_seen: BTreeMap::new(),
    interfaces: None,
    messages_interface: None,
    messages_owner: None,
});

/// Poisoning is ignored: no update leaves the state half-written across a panic point.
pub(super) fn lock() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

impl State {
    /// A fresh owner id, never 0 and never reused within the process.
    pub(super) fn new_owner(&mut self) -> Owner {
        let owner = self.next_owner;
        self.next_owner += 1;
        self.broadcast_seen
            .insert(owner, inbox::lock().peek_sequence());
        owner
    }

    /// Forgets `removed` poll groups. A `BTreeMap` keeps its root node when its last entry is
    /// removed; `clear` frees it, so an empty map owns no memory (nothing is left for leak
    /// checkers once the last group is gone, whether or not the module stays loaded).
    pub(super) fn forget_poll_groups(&mut self, removed: &[u32]) {
        for g in removed {
            self.poll_groups.remove(g);
        }
        if self.poll_groups.is_empty() {
            self.poll_groups.clear();
        }
    }

    /// The library has just been initialised: its interfaces, or why they are missing.
    pub(super) fn started(&mut self) -> Result<Interfaces, String> {
        let interfaces = match (backend::sockets(), backend::utils()) {
            (Some(sockets), Some(utils)) => Interfaces { sockets, utils },
            _ => return Err("the networking interfaces are unavailable".to_string()),
        };
        self.interfaces = Some(interfaces);
        self.epoch += 1;
        Ok(interfaces)
    }

    /// The library is shut down: every handle it gave is gone.
    pub(super) fn clear(&mut self) {
        self.interfaces = None;
        self.messages_interface = None;
        self.messages_owner = None;
        self.routing = Routing::new();
        self.poll_groups.clear();
        self.send_guard.clear();
        inbox::lock().clear();
    }
}

/// Proof that the library is initialised; dropping the last one shuts it down. Deliberately
/// not `Clone`: each holder acquires its own.
#[derive(Debug)]
pub struct Handle {
    _private: (),
}

impl Handle {
    /// Counts one more holder; the caller holds the lock and the library is up.
    pub(super) fn new(state: &mut State) -> Handle {
        state.refcount += 1;
        Handle { _private: () }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        let mut state = lock();
        state.refcount = state.refcount.saturating_sub(1);
        if state.refcount == 0 {
            state.clear();
            backend::shutdown();
        }
    }
}

/// The registry locked, with the library's interfaces: what every library call needs.
pub(super) struct Session {
    state: MutexGuard<'static, State>,
    pub(super) sockets: *mut ISteamNetworkingSockets,
    pub(super) utils: *mut ISteamNetworkingUtils,
}

impl Session {
    /// Locks the registry; `Unavailable` when the library is not running. The handle proves
    /// that this caller keeps it running.
    pub(super) fn open(_handle: &Handle) -> Result<Session, Failure> {
        Self::from_locked(lock())
    }

    /// A session on an already locked registry; `Unavailable` when the library is down.
    pub(super) fn from_locked(state: MutexGuard<'static, State>) -> Result<Session, Failure> {
        match state.interfaces {
            Some(Interfaces { sockets, utils }) if state.refcount > 0 => Ok(Session {
                state,
                sockets,
                utils,
            }),
            _ => Err(Failure::Unavailable),
        }
    }

    /// The lock, without the interfaces.
    #[allow(dead_code)] // Only the standalone backend checks the identity at a second init.
    pub(super) fn into_state(self) -> MutexGuard<'static, State> {
        self.state
    }

    /// Closes a connection, telling the peer `reason` and `debug`, and forgets it.
    pub(super) fn close_connection(
        &mut self,
        conn: u32,
        reason: i32,
        debug: *const std::ffi::c_char,
        linger: bool,
    ) -> bool {
        // SAFETY: sockets is non-null; debug is null or a live C string; stale handles are
        // reported, not dereferenced.
        let closed = unsafe {
            SteamAPI_ISteamNetworkingSockets_CloseConnection(
                self.sockets,
                conn,
                reason,
                debug,
                linger,
            )
        };
        self.state.send_guard.forget(conn);
        closed
    }

    /// Closes everything `owner` still has (connections without linger, listen sockets, poll
    /// groups) and drops its events and debug subscription. Used when a Lua state shuts down
    /// or closes.
    pub(super) fn forget_owner(&mut self, owner: Owner) {
        let (listen_sockets, connections) = self.state.routing.take_owner(owner);
        for conn in connections {
            self.close_connection(conn, 0, ptr::null(), false);
        }
        for socket in listen_sockets {
            // SAFETY: sockets is non-null; stale handles are reported, not dereferenced.
            unsafe { SteamAPI_ISteamNetworkingSockets_CloseListenSocket(self.sockets, socket) };
        }
        let groups: Vec<u32> = self
            .state
            .poll_groups
            .iter()
            .filter(|(_, o)| **o == owner)
            .map(|(g, _)| *g)
            .collect();
        self.state.forget_poll_groups(&groups);
        for group in groups {
            // SAFETY: sockets is non-null; stale handles are reported, not dereferenced.
            unsafe { SteamAPI_ISteamNetworkingSockets_DestroyPollGroup(self.sockets, group) };
        }
        let forgot_debug = {
            let mut inbox = inbox::lock();
            self.state
                .broadcast_seen
                .insert(owner, inbox.peek_sequence());
            inbox.debug.forget(owner)
        };
        if forgot_debug {
            inbox::apply_debug_level(self.utils);
        }
        if self.state.messages_owner == Some(owner) {
            // The next owner to use the interface takes over; until then requests are refused.
            self.state.messages_owner = None;
        }
    }

    /// Pumps the library (its callbacks land in the inbox), routes what arrived to the owners
    /// and ends the connections whose receive queue overflowed.
    pub(super) fn pump(&mut self) {
        backend::pump(self.sockets);
        self.route_arrivals();
        self.end_overflowed();
        self.refuse_unowned_requests();
    }

    /// Moves the status changes waiting in the inbox to their owners, in arrival order.
    pub(super) fn route_arrivals(&mut self) {
        let arrived = std::mem::take(&mut inbox::lock().status);
        for (seq, change) in arrived {
            self.state.routing.route(seq, change);
        }
    }

    /// Ends every owned connection named in an overflow warning since the last pump that is
    /// still `Connected`: the library closes it (the peer sees `ClosedByPeer`) and its owner
    /// gets a `ProblemDetectedLocally` event made here (see `overflow.rs`).
    fn end_overflowed(&mut self) {
        let described = std::mem::take(&mut inbox::lock().overflowed);
        if described.is_empty() {
            return;
        }
        for conn in self.state.routing.routed_connections() {
            let Some(info) = connection_info(self.sockets, conn) else {
                continue;
            };
            if info.state != overflow::STATE_CONNECTED || !described.contains(&info.description) {
                continue;
            }
            let debug = overflow::OVERFLOW_END_DEBUG;
            if !self.close_connection(conn, overflow::OVERFLOW_PEER_REASON, debug.as_ptr(), false) {
                continue;
            }
            let change = StatusChange {
                connection: conn,
                listen_socket: info.listen_socket,
                identity: info.identity,
                remote_address: info.remote_address,
                state: overflow::STATE_PROBLEM_DETECTED_LOCALLY,
                old_state: info.state,
                end_reason: overflow::OVERFLOW_END_REASON,
                end_debug: debug.to_string_lossy().into_owned(),
                description: info.description,
            };
            let seq = inbox::lock().next_sequence();
            self.state.routing.ended_by_luasteam(seq, change);
        }
    }
}

impl Deref for Session {
    type Target = State;

    fn deref(&self) -> &State {
        &self.state
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}
