//! Connection status changes: the global C callback, per-owner queues and handle ownership.
//!
//! Every queued event (status change here, debug message in `debug.rs`) is stamped with one
//! process-wide sequence number when it reaches luasteam, so [`take_events`] can hand an owner
//! both kinds merged in the order they arrived.

use super::lifecycle::Handle;
use super::sys::*;
use super::{backend, debug, ipaddr, text, DebugMessage};
use crate::address::format_address;
use std::collections::{BTreeMap, BTreeSet};
use std::mem::size_of;
use std::ptr::addr_of;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

// States are read as raw i32 out of the enum's slot.
const _: () = assert!(size_of::<ESteamNetworkingConnectionState>() == 4);

/// Identifies one user of the shared backend (one Lua state).
pub type Owner = u64;

/// A copy of `SteamNetConnectionStatusChangedCallback_t`, taken inside the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub connection: u32,
    /// Listen socket the connection arrived on; 0 for connections we initiated.
    pub listen_socket: u32,
    /// "ip:port" as `format_address` writes it; empty when the SDK does not know it.
    pub remote_address: String,
    /// Raw ESteamNetworkingConnectionState (1 Connecting, 3 Connected, 4 ClosedByPeer, ...).
    pub state: i32,
    pub old_state: i32,
    /// Raw ESteamNetConnectionEnd, or the app's reason passed to CloseConnection.
    pub end_reason: i32,
    pub end_debug: String,
    pub description: String,
}

/// One event for an owner: a connection status change or a debug message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queued {
    Status(StatusChange),
    Debug(DebugMessage),
}

impl Queued {
    /// The status change, if this is one.
    pub fn status(self) -> Option<StatusChange> {
        match self {
            Queued::Status(change) => Some(change),
            Queued::Debug(_) => None,
        }
    }
}

/// k_ESteamNetworkingConnectionState_None: the state a connection reports once closed locally.
const STATE_NONE: i32 = 0;

#[derive(Clone, Copy)]
struct ConnEntry {
    owner: Owner,
    listen_socket: u32,
}

/// Lock order: the API lock (if needed) first, then this one; never call the backend while
/// holding it.
struct Routing {
    listen_sockets: BTreeMap<u32, Owner>,
    connections: BTreeMap<u32, ConnEntry>,
    /// Connections the app closed whose final event (state None) has not come through yet.
    /// Their events are dropped: without this, the closing event of a connection accepted on
    /// a still-open listen socket would be routed (and re-registered) through the socket.
    closed: BTreeSet<u32>,
    /// Connections luasteam closed itself (receive-queue overflow) that the app has not closed
    /// yet; the library no longer knows them.
    ended: BTreeSet<u32>,
    /// Status changes with their sequence numbers, per owner, in arrival order.
    queues: BTreeMap<Owner, Vec<(u64, StatusChange)>>,
}

static ROUTING: Mutex<Routing> = Mutex::new(Routing {
    listen_sockets: BTreeMap::new(),
    connections: BTreeMap::new(),
    closed: BTreeSet::new(),
    ended: BTreeSet::new(),
    queues: BTreeMap::new(),
});

static NEXT_OWNER: AtomicU64 = AtomicU64::new(1);

/// Arrival order of everything queued for owners, across both kinds of events.
static NEXT_SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// The next arrival number; callers take it while holding the lock of the queue they push to,
/// so each queue is in increasing order.
pub(super) fn next_sequence() -> u64 {
    NEXT_SEQUENCE.fetch_add(1, Ordering::Relaxed)
}

/// Poisoning is ignored: every update to the maps is a single insert/remove.
fn lock_routing() -> MutexGuard<'static, Routing> {
    ROUTING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A fresh owner id, never 0 and never reused within the process.
pub fn new_owner() -> Owner {
    NEXT_OWNER.fetch_add(1, Ordering::Relaxed)
}

/// The owner's queued status changes and debug messages, merged in arrival order; other
/// owners' events stay queued.
pub fn take_events(_handle: &Handle, owner: Owner) -> Vec<Queued> {
    // Both queues are taken under the routing lock, so no status change can arrive between
    // the two takes (debug messages only ever take their own lock, never this one).
    let mut routing = lock_routing();
    let status = routing.queues.remove(&owner).unwrap_or_default();
    let messages = debug::take_stamped(owner);
    drop(routing);
    let mut all: Vec<(u64, Queued)> = status
        .into_iter()
        .map(|(seq, change)| (seq, Queued::Status(change)))
        .chain(messages.into_iter().map(|(seq, m)| (seq, Queued::Debug(m))))
        .collect();
    all.sort_by_key(|(seq, _)| *seq);
    all.into_iter().map(|(_, event)| event).collect()
}

pub(super) fn register_listen_socket(socket: u32, owner: Owner) {
    lock_routing().listen_sockets.insert(socket, owner);
}

pub(super) fn register_connection(connection: u32, owner: Owner) {
    let entry = ConnEntry {
        owner,
        listen_socket: 0,
    };
    lock_routing().connections.insert(connection, entry);
}

/// The app closed `connection` (`valid`: the library knew the handle). Its routing entry goes,
/// and until its final event (state None) has passed, nothing about it reaches any owner.
pub(super) fn closed_locally(connection: u32, valid: bool) {
    let mut routing = lock_routing();
    routing.connections.remove(&connection);
    if valid {
        routing.closed.insert(connection);
    }
}

/// Every connection that has an owner.
pub(super) fn routed_connections() -> Vec<u32> {
    lock_routing().connections.keys().copied().collect()
}

/// luasteam closed `change.connection` itself (an overflow, see `overflow.rs`): like an app
/// close, nothing more from the library reaches its owner, who gets `change` instead.
pub(super) fn ended_by_luasteam(change: StatusChange) {
    let mut routing = lock_routing();
    let Some(entry) = routing.connections.remove(&change.connection) else {
        return;
    };
    routing.closed.insert(change.connection);
    routing.ended.insert(change.connection);
    let seq = next_sequence();
    routing
        .queues
        .entry(entry.owner)
        .or_default()
        .push((seq, change));
}

/// Whether luasteam ended `connection` itself and the app has not closed it yet; forgets it.
pub(super) fn take_ended(connection: u32) -> bool {
    lock_routing().ended.remove(&connection)
}

/// Closing a listen socket also closes the connections accepted on it; returns them.
pub(super) fn unregister_listen_socket(socket: u32) -> Vec<u32> {
    let mut routing = lock_routing();
    routing.listen_sockets.remove(&socket);
    let accepted = owned_keys(&routing.connections, |c| c.listen_socket == socket);
    for c in &accepted {
        routing.connections.remove(c);
    }
    accepted
}

/// Removes everything `owner` has and returns (listen sockets, connections) to close.
pub(super) fn take_owner(owner: Owner) -> (Vec<u32>, Vec<u32>) {
    let mut routing = lock_routing();
    routing.queues.remove(&owner);
    let listens: Vec<u32> = owned_keys(&routing.listen_sockets, |o| *o == owner);
    let conns: Vec<u32> = owned_keys(&routing.connections, |c| c.owner == owner);
    for s in &listens {
        routing.listen_sockets.remove(s);
    }
    for c in &conns {
        routing.connections.remove(c);
    }
    (listens, conns)
}

fn owned_keys<V>(map: &BTreeMap<u32, V>, mine: impl Fn(&V) -> bool) -> Vec<u32> {
    map.iter()
        .filter(|(_, v)| mine(v))
        .map(|(k, _)| *k)
        .collect()
}

/// Backend shutdown invalidates every handle; queued events are meaningless after it.
pub(super) fn clear_all() {
    let mut routing = lock_routing();
    routing.listen_sockets.clear();
    routing.connections.clear();
    routing.closed.clear();
    routing.ended.clear();
    routing.queues.clear();
}

/// Whether events for `connection` would be routed (tests check nothing leaks).
#[cfg(test)]
pub(super) fn is_routed(connection: u32) -> bool {
    let routing = lock_routing();
    routing.connections.contains_key(&connection) || routing.closed.contains(&connection)
}

/// Set globally right after init, before any socket exists, so every object inherits it.
pub(super) fn install_callback() -> Result<(), String> {
    let utils = backend::utils().ok_or("networking utils interface unavailable")?;
    // SAFETY: utils is a non-null interface pointer; the callback is a 'static function.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingUtils_SetGlobalCallback_SteamNetConnectionStatusChanged(
            utils,
            Some(on_status_changed),
        )
    };
    if ok {
        Ok(())
    } else {
        Err("cannot install the connection status callback".to_string())
    }
}

fn route(change: StatusChange) {
    let mut routing = lock_routing();
    if routing.closed.contains(&change.connection) {
        if change.state == STATE_NONE {
            routing.closed.remove(&change.connection);
        }
        return;
    }
    let owner = match routing.connections.get(&change.connection) {
        Some(entry) => Some(entry.owner),
        None => {
            let parent = routing.listen_sockets.get(&change.listen_socket).copied();
            if let Some(owner) = parent {
                let entry = ConnEntry {
                    owner,
                    listen_socket: change.listen_socket,
                };
                routing.connections.insert(change.connection, entry);
            }
            parent
        }
    };
    if let Some(owner) = owner {
        let seq = next_sequence();
        routing.queues.entry(owner).or_default().push((seq, change));
    }
}

/// Runs inside the backend's RunCallbacks; copies everything out because `info` is only valid
/// for the duration of the call. Must not panic (it is called from C).
unsafe extern "C" fn on_status_changed(info: *mut SteamNetConnectionStatusChangedCallback_t) {
    if info.is_null() {
        return;
    }
    // Packed struct: every field is read unaligned; enums as raw i32 so unknown values are sound.
    // SAFETY: info is non-null and points to a live callback struct for the duration of this call.
    let change = unsafe {
        let conn = addr_of!((*info).m_info);
        let remote = ipaddr::from_c(&addr_of!((*conn).m_addrRemote).read_unaligned());
        StatusChange {
            connection: addr_of!((*info).m_hConn).read_unaligned(),
            listen_socket: addr_of!((*conn).m_hListenSocket).read_unaligned(),
            remote_address: if ipaddr::is_unknown(&remote) {
                String::new()
            } else {
                format_address(&remote)
            },
            state: addr_of!((*conn).m_eState).cast::<i32>().read_unaligned(),
            old_state: addr_of!((*info).m_eOldState).cast::<i32>().read_unaligned(),
            end_reason: addr_of!((*conn).m_eEndReason).read_unaligned(),
            end_debug: text::c_chars_to_string(&addr_of!((*conn).m_szEndDebug).read_unaligned()),
            description: text::c_chars_to_string(
                &addr_of!((*conn).m_szConnectionDescription).read_unaligned(),
            ),
        }
    };
    route(change);
}
