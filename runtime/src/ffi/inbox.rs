//! What the library writes from its own threads and callbacks: connection status changes,
//! debug output and receive-queue overflow warnings, each stamped with one arrival number.
//!
//! The inbox is the part of the registry with a lock of its own. The library calls the debug
//! output function from its service thread while it holds its own locks, and luasteam's thread
//! holds the registry's state lock while it calls the library: if the output function took the
//! state lock, the two threads could wait for each other forever. The inbox lock is a leaf:
//! nothing is called while it is held, and when both are needed the state lock comes first.

use super::auth::Broadcast;
use super::debug::{DebugQueues, LEVEL_NONE, LEVEL_WARNING};
use super::raw;
use super::routing::StatusChange;
use super::sys::*;
use super::{identity, ipaddr, overflow, text};
use crate::address::format_address;
use std::collections::{BTreeSet, VecDeque};
use std::ffi::{c_char, CStr};
use std::mem::size_of;
use std::ptr::addr_of;
use std::sync::{Mutex, MutexGuard, PoisonError};

// States are read as raw i32 out of the enum's slot.
const _: () = assert!(size_of::<ESteamNetworkingConnectionState>() == 4);

pub(super) struct Inbox {
    next_sequence: u64,
    /// Status changes not yet routed, in arrival order.
    pub(super) status: Vec<(u64, StatusChange)>,
    pub(super) debug: DebugQueues,
    /// Descriptions of connections named in an overflow warning since the last pump.
    pub(super) overflowed: BTreeSet<String>,
    /// P2P signals the library asked to send (standalone backend), oldest first.
    pub(super) signals: Vec<OutSignal>,
    /// Events for every owner (authentication and relay status), oldest first, at most
    /// [`MAX_BROADCASTS`]; each owner reads those after its cursor (`State::broadcast_seen`).
    pub(super) broadcasts: VecDeque<(u64, Broadcast)>,
    /// Session requests and failures of the messages interface, in arrival order.
    pub(super) sessions: Vec<(u64, SessionEvent)>,
}

/// What the messages interface's session callbacks report, copied out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEvent {
    /// A peer opened a session (`SteamNetworkingMessagesSessionRequest_t`).
    Request { identity: String },
    /// A session failed (`SteamNetworkingMessagesSessionFailed_t`).
    Failed {
        identity: String,
        /// Raw ESteamNetConnectionEnd.
        end_reason: i32,
        end_debug: String,
    },
}

/// Most broadcasts kept. They are rare (a few in a session), so an owner that does not call
/// `runCallbacks` for a long time loses only the oldest.
const MAX_BROADCASTS: usize = 64;

/// A signal the library's `SendSignal` handed over: `blob` for the peer `identity`, about
/// `connection` (0 for a rejection, which has none).
#[allow(dead_code)] // Only the standalone backend signals.
pub(super) struct OutSignal {
    pub(super) connection: u32,
    pub(super) identity: String,
    pub(super) blob: Vec<u8>,
}

impl Inbox {
    /// The next arrival number.
    pub(super) fn next_sequence(&mut self) -> u64 {
        let seq = self.next_sequence;
        self.next_sequence += 1;
        seq
    }

    /// The arrival number the next event will get.
    pub(super) fn peek_sequence(&self) -> u64 {
        self.next_sequence
    }

    /// An event for every owner.
    #[allow(dead_code)] // Only the steam backend installs the callbacks that broadcast.
    pub(super) fn broadcast(&mut self, event: Broadcast) {
        let seq = self.next_sequence();
        self.broadcasts.push_back((seq, event));
        if self.broadcasts.len() > MAX_BROADCASTS {
            self.broadcasts.pop_front();
        }
    }

    /// The broadcasts with an arrival number of at least `since`, in arrival order.
    pub(super) fn broadcasts_since(&self, since: u64) -> Vec<(u64, Broadcast)> {
        self.broadcasts
            .iter()
            .filter(|(seq, _)| *seq >= since)
            .cloned()
            .collect()
    }

    /// Backend shutdown: nothing that arrived refers to a live object any more.
    pub(super) fn clear(&mut self) {
        self.status.clear();
        self.debug.clear();
        self.overflowed.clear();
        self.signals.clear();
        self.broadcasts.clear();
        self.sessions.clear();
    }
}

static INBOX: Mutex<Inbox> = Mutex::new(Inbox {
    next_sequence: 0,
    status: Vec::new(),
    debug: DebugQueues::new(),
    overflowed: BTreeSet::new(),
    signals: Vec::new(),
    broadcasts: VecDeque::new(),
    sessions: Vec::new(),
});

/// Poisoning is ignored: every update is a push, an insert or a take.
pub(super) fn lock() -> MutexGuard<'static, Inbox> {
    INBOX.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs the status callback globally, right after init, before any socket exists, so
/// every object inherits it.
pub(super) fn install_status_callback(utils: *mut ISteamNetworkingUtils) -> Result<(), String> {
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

/// Tells the library the most detailed level any owner wants (never less than `Warning`).
/// The caller must not hold the inbox lock: the library may call `on_output` on this thread.
pub(super) fn apply_debug_level(utils: *mut ISteamNetworkingUtils) {
    let level = lock().debug.wanted_level();
    let function: raw::DebugOutput = if level > LEVEL_NONE {
        Some(on_output)
    } else {
        None
    };
    // SAFETY: utils is non-null; on_output is a 'static function that never unwinds.
    unsafe { raw::SteamAPI_ISteamNetworkingUtils_SetDebugOutputFunction(utils, level, function) };
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
            identity: identity::read_text(addr_of!((*conn).m_identityRemote)),
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
    let mut inbox = lock();
    let seq = inbox.next_sequence();
    inbox.status.push((seq, change));
}

/// Called by the library from any thread; copies the message out. Must not unwind into C.
unsafe extern "C" fn on_output(level: i32, message: *const c_char) {
    if message.is_null() {
        return;
    }
    // SAFETY: the library passes a NUL-terminated string valid for the duration of the call.
    let text = unsafe { CStr::from_ptr(message) }.to_string_lossy();
    // The library ends most messages with a newline; the Lua handler gets the bare text.
    let text = text.trim_end_matches(['\n', '\r']);
    // A panic here would abort the process; catching keeps logging from ever taking it down.
    let _ = std::panic::catch_unwind(|| {
        let mut inbox = lock();
        if level <= LEVEL_WARNING {
            if let Some(description) = overflow::overflow_description(text) {
                inbox.overflowed.insert(description.to_string());
            }
        }
        let seq = inbox.next_sequence();
        inbox.debug.deliver(seq, level, text);
    });
}
