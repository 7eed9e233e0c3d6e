//! The library's debug output as luasteam keeps it: per-owner levels and queues. Plain data:
//! the inbox (`inbox.rs`) holds it under its lock, because the library writes its output from
//! any of its threads.
//!
//! Each owner (Lua state) asks for its own level; the backend is set to the most detailed level
//! anyone wants (never less than `Warning`, which `overflow.rs` watches) and each queue filters
//! by its owner's level. Each message is stamped with the arrival number shared with
//! connection events, so an owner gets both kinds merged in arrival order.

use super::routing::Owner;
use std::collections::{BTreeMap, VecDeque};

/// Most messages kept per owner between two takes.
pub const MAX_QUEUED: usize = 4096;

/// k_ESteamNetworkingSocketsDebugOutputType_None and _Warning.
pub(super) const LEVEL_NONE: i32 = 0;
pub(super) const LEVEL_WARNING: i32 = 4;

/// One message: raw ESteamNetworkingSocketsDebugOutputType and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugMessage {
    pub level: i32,
    pub text: String,
}

struct Subscriber {
    level: i32,
    /// Messages with their arrival numbers, oldest first.
    queue: VecDeque<(u64, DebugMessage)>,
    dropped: usize,
    /// Arrival number of the first message dropped since the last take; the note reporting
    /// the drops takes its place in the order.
    dropped_at: u64,
}

pub(super) struct DebugQueues {
    subscribers: BTreeMap<Owner, Subscriber>,
}

impl DebugQueues {
    pub(super) const fn new() -> Self {
        DebugQueues {
            subscribers: BTreeMap::new(),
        }
    }

    /// Sets `owner`'s level (0 = None stops its messages and drops those queued).
    pub(super) fn set_level(&mut self, owner: Owner, level: i32) {
        if level <= LEVEL_NONE {
            self.subscribers.remove(&owner);
            return;
        }
        let sub = self.subscribers.entry(owner).or_insert_with(|| Subscriber {
            level,
            queue: VecDeque::new(),
            dropped: 0,
            dropped_at: 0,
        });
        sub.level = level;
    }

    /// Forgets `owner`; true if it had asked for messages.
    pub(super) fn forget(&mut self, owner: Owner) -> bool {
        self.subscribers.remove(&owner).is_some()
    }

    pub(super) fn clear(&mut self) {
        self.subscribers.clear();
    }

    /// The level the library must write at: the most detailed anyone wants, at least Warning.
    pub(super) fn wanted_level(&self) -> i32 {
        self.subscribers
            .values()
            .map(|s| s.level)
            .max()
            .unwrap_or(LEVEL_NONE)
            .max(LEVEL_WARNING)
    }

    /// `owner`'s queued messages with their arrival numbers, in arrival order; a note
    /// reporting dropped messages sits where the first of them would have been.
    pub(super) fn take(&mut self, owner: Owner) -> Vec<(u64, DebugMessage)> {
        let Some(sub) = self.subscribers.get_mut(&owner) else {
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
                        "luasteam: {} debug messages dropped (more than {MAX_QUEUED} arrived \
                         between two Steam.runCallbacks calls)",
                        sub.dropped
                    ),
                },
            ));
            sub.dropped = 0;
        }
        out
    }

    /// One message that arrived as number `seq`, for every owner whose level wants it.
    pub(super) fn deliver(&mut self, seq: u64, level: i32, text: &str) {
        for sub in self.subscribers.values_mut() {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_filtered_by_level_capped_and_reported_dropped() {
        let mut queues = DebugQueues::new();
        queues.set_level(7, LEVEL_WARNING);
        queues.deliver(1, 5, "too detailed");
        queues.deliver(2, 2, "an error");
        for i in 0..MAX_QUEUED + 3 {
            queues.deliver(3 + i as u64, 4, "w");
        }
        let taken = queues.take(7);
        assert_eq!(taken.len(), MAX_QUEUED + 1, "the queue and one note");
        assert_eq!(taken[0].1.text, "an error");
        assert!(taken[0].0 < taken[1].0, "stamped in arrival order");
        assert!(taken[MAX_QUEUED]
            .1
            .text
            .contains("4 debug messages dropped"));
        assert_eq!(queues.wanted_level(), LEVEL_WARNING);
    }
}
