//! The library's debug output: one process-wide C callback, per-owner levels and queues.
//!
//! The library calls the output function from any of its threads, possibly while it holds its
//! own locks, so the callback only copies the message into the queues under `DEBUG` (never the
//! API lock, never a backend call). Each owner (Lua state) asks for its own level; the backend
//! is set to the most detailed level anyone wants and each queue filters by its owner's level.
//! Each message is stamped with the arrival sequence shared with connection events, so
//! `events::take_events` can merge both kinds in arrival order.

use super::lifecycle::{lock_api, Api, Handle};
use super::utils::raw;
use super::{backend, events, overflow, Owner};
use std::collections::{BTreeMap, VecDeque};
use std::ffi::{c_char, CStr};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Most messages kept per owner between two `take_debug_output` calls.
pub const MAX_QUEUED: usize = 4096;

/// k_ESteamNetworkingSocketsDebugOutputType_None and _Warning.
const LEVEL_NONE: i32 = 0;
const LEVEL_WARNING: i32 = 4;

/// One message: raw ESteamNetworkingSocketsDebugOutputType and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugMessage {
    pub level: i32,
    pub text: String,
}

struct Subscriber {
    level: i32,
    /// Messages with their arrival sequence numbers, oldest first.
    queue: VecDeque<(u64, DebugMessage)>,
    dropped: usize,
    /// Arrival sequence of the first message dropped since the last take; the note reporting
    /// the drops takes its place in the order.
    dropped_at: u64,
}

static DEBUG: Mutex<BTreeMap<Owner, Subscriber>> = Mutex::new(BTreeMap::new());

/// Poisoning is ignored: each update is a push or an insert that a panic cannot half-do.
fn lock_debug() -> MutexGuard<'static, BTreeMap<Owner, Subscriber>> {
    DEBUG.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Sets `owner`'s level (raw ESteamNetworkingSocketsDebugOutputType; 0 = None stops its
/// messages and drops those queued).
pub fn set_debug_output_level(_handle: &Handle, owner: Owner, level: i32) {
    let _api = lock_api();
    {
        let mut subs = lock_debug();
        if level <= LEVEL_NONE {
            subs.remove(&owner);
        } else {
            let sub = subs.entry(owner).or_insert_with(|| Subscriber {
                level,
                queue: VecDeque::new(),
                dropped: 0,
                dropped_at: 0,
            });
            sub.level = level;
        }
    }
    apply_level();
}

/// Forgets `owner`'s subscription; `api` proves the caller holds the API lock.
pub(super) fn forget_owner_locked(owner: Owner, api: &Api) {
    let removed = lock_debug().remove(&owner).is_some();
    if removed && api.refcount > 0 {
        apply_level();
    }
}

/// Backend shutdown: nobody's messages are wanted any more.
pub(super) fn clear_all_locked() {
    lock_debug().clear();
    apply_level();
}

/// Tells the backend the most detailed level any owner wants, and never less than `Warning`:
/// `overflow.rs` watches the warnings for receive-queue overflows. Caller holds the API lock
/// and not `DEBUG`: the library may call `on_output` on this thread while we are inside it.
pub(super) fn apply_level() {
    let level = lock_debug()
        .values()
        .map(|s| s.level)
        .max()
        .unwrap_or(LEVEL_NONE)
        .max(LEVEL_WARNING);
    let Some(utils) = backend::utils() else {
        return;
    };
    let function: raw::DebugOutput = if level > LEVEL_NONE {
        Some(on_output)
    } else {
        None
    };
    // SAFETY: utils is non-null; on_output is a 'static function that never unwinds.
    unsafe { raw::SteamAPI_ISteamNetworkingUtils_SetDebugOutputFunction(utils, level, function) };
}

/// `owner`'s queued messages in arrival order (with a note where messages were dropped).
///
/// `take_events` already returns the debug messages, merged with the connection events; this
/// returns only those that arrived since it was last called, in order after them.
pub fn take_debug_output(_handle: &Handle, owner: Owner) -> Vec<DebugMessage> {
    take_stamped(owner).into_iter().map(|(_, m)| m).collect()
}

/// `owner`'s queued messages with their arrival sequence numbers, in arrival order; a note
/// reporting dropped messages sits where the first of them would have been.
pub(super) fn take_stamped(owner: Owner) -> Vec<(u64, DebugMessage)> {
    let mut subs = lock_debug();
    let Some(sub) = subs.get_mut(&owner) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(sub.queue.len() + 1);
    out.extend(sub.queue.drain(..));
    if sub.dropped > 0 {
        // Every queued message arrived before the first drop (the queue was full then).
        out.push((
            sub.dropped_at,
            DebugMessage {
                level: LEVEL_WARNING,
                text: format!(
                    "luasteam: {} debug messages dropped (more than {MAX_QUEUED} arrived between \
                     two Steam.runCallbacks calls)",
                    sub.dropped
                ),
            },
        ));
        sub.dropped = 0;
    }
    out
}

fn deliver(level: i32, text: &str) {
    let mut subs = lock_debug();
    let seq = events::next_sequence();
    for sub in subs.values_mut() {
        if level > sub.level {
            continue;
        }
        if sub.queue.len() >= MAX_QUEUED {
            if sub.dropped == 0 {
                sub.dropped_at = seq;
            }
            sub.dropped += 1;
        } else {
            let message = DebugMessage {
                level,
                text: text.to_string(),
            };
            sub.queue.push_back((seq, message));
        }
    }
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
        if level <= LEVEL_WARNING {
            overflow::note_output(text);
        }
        deliver(level, text);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_filtered_by_level_capped_and_reported_dropped() {
        let owner = super::super::new_owner();
        lock_debug().insert(
            owner,
            Subscriber {
                level: LEVEL_WARNING,
                queue: VecDeque::new(),
                dropped: 0,
                dropped_at: 0,
            },
        );
        deliver(5, "too detailed");
        deliver(2, "an error");
        for _ in 0..MAX_QUEUED + 3 {
            deliver(4, "w");
        }
        let mut subs = lock_debug();
        let sub = subs.remove(&owner).expect("subscribed");
        assert_eq!(sub.queue.len(), MAX_QUEUED);
        assert_eq!(sub.queue[0].1.text, "an error");
        assert!(sub.queue[0].0 < sub.queue[1].0, "stamped in arrival order");
        assert_eq!(sub.dropped, 4);
    }
}
