//! Keeps sending from driving GameNetworkingSockets into its fatal "CUtlLinkedList overflow".
//!
//! Every reliable segment the library sends gets an entry in
//! `SSNPSenderState::m_listSentReliableSegments`, a `CUtlLinkedList<..., uint16>`
//! (steamnetworkingsockets_snp.h), until it is acknowledged and no packet in flight refers to it
//! (`RemoveRefCountReliableSegment`, steamnetworkingsockets_snp.cpp). `AddToTail` on a full list
//! (65535 entries, index type uint16) is an `AssertFatal` that ends the process with
//! `quick_exit(1)` (tier1/utllinkedlist.h, tier0/dbg.cpp). Messages queued but not yet sent
//! have no entry, but the library's service thread turns them into segments at its own pace,
//! so the guard counts them too: every reliable message the library may still hold, pending or
//! unacknowledged. A message takes at least one segment, a second when it straddles two
//! packets, and one per packet's worth of payload beyond that.
//!
//! luasteam does not see acknowledgements per message, only the bytes of reliable data the
//! library still holds (`m_cbPendingReliable + m_cbSentUnackedReliable`). The newest messages
//! whose sizes add up to those bytes are taken as the ones still held; each message is counted
//! by its smallest possible size in the stream (payload + 1 header byte), so that estimate
//! counts as many messages as the bytes can hold. Sends that would take the estimate past
//! [`MAX_SEGMENTS`], half the list's capacity, fail with `LimitExceeded` before they reach the
//! library.
//!
//! Asking the library for the held bytes takes its global lock, which its service thread holds
//! while it works, so the guard asks only when its estimate crosses a mark: [`TRIM_AT`] first,
//! then, after each trim, half-way between the trimmed estimate and [`MAX_SEGMENTS`]. Between
//! two asks the estimate only grows, so it stays above what the library holds.

use super::sys::*;
use std::collections::{BTreeMap, VecDeque};

/// The estimate luasteam keeps each connection under (the library dies at 65535).
pub const MAX_SEGMENTS: u64 = 32 * 1024;
/// k_EResultLimitExceeded.
pub const LIMIT_EXCEEDED: i32 = 25;
/// k_nSteamNetworkingSend_Reliable.
const SEND_RELIABLE: i32 = 8;
/// Below this estimate no status is asked for; the first mark at which the queue is trimmed.
const TRIM_AT: u64 = 4096;
/// Fewest payload bytes a full segment carries (the smallest MTU_PacketSize is 200 bytes).
const MIN_SEGMENT_PAYLOAD: u64 = 100;

#[derive(Default)]
struct Sent {
    /// (smallest stream bytes, segments at most) per reliable message, oldest first.
    queue: VecDeque<(u64, u64)>,
    bytes: u64,
    segments: u64,
    /// The estimate past which the library is asked again (0: [`TRIM_AT`]).
    mark: u64,
}

/// The guard's bookkeeping for every connection; held in the registry's state.
pub(super) struct SendGuard {
    sent: BTreeMap<u32, Sent>,
}

fn cost(len: usize) -> (u64, u64) {
    let stream = len as u64 + 1;
    (stream, 2 + stream / MIN_SEGMENT_PAYLOAD)
}

/// Reliable bytes the library still holds for `conn`; None for an invalid connection.
fn held_bytes(sockets: *mut ISteamNetworkingSockets, conn: u32) -> Option<u64> {
    // SAFETY: a plain C struct of numbers, so all zeros is a valid value.
    let mut s: SteamNetConnectionRealTimeStatus_t = unsafe { std::mem::zeroed() };
    // SAFETY: sockets is non-null; s is writable; no lanes are asked for (0, null).
    let result = unsafe {
        SteamAPI_ISteamNetworkingSockets_GetConnectionRealTimeStatus(
            sockets,
            conn,
            &mut s,
            0,
            std::ptr::null_mut(),
        )
    };
    if result as i32 != 1 {
        return None;
    }
    let pending = u64::try_from(s.m_cbPendingReliable).unwrap_or(0);
    let unacked = u64::try_from(s.m_cbSentUnackedReliable).unwrap_or(0);
    Some(pending + unacked)
}

impl SendGuard {
    pub(super) const fn new() -> Self {
        SendGuard {
            sent: BTreeMap::new(),
        }
    }

    /// Before sending `len` bytes with `flags` on `conn`: false when the send must fail with
    /// LimitExceeded. `trim`: every message recorded with [`Self::sent`] for `conn` is in the
    /// library already (false inside a batch, whose earlier messages the library has not seen
    /// yet: the held bytes would not account for them). `sockets` is non-null.
    pub(super) fn admit(
        &mut self,
        sockets: *mut ISteamNetworkingSockets,
        conn: u32,
        len: usize,
        flags: i32,
        trim: bool,
    ) -> bool {
        if flags & SEND_RELIABLE == 0 {
            return true;
        }
        let (_, segments) = cost(len);
        let Some(sent) = self.sent.get_mut(&conn) else {
            // Nothing sent yet (or not a connection): no entry is made for a send that may fail.
            return segments <= MAX_SEGMENTS;
        };
        let mark = sent.mark.clamp(TRIM_AT, MAX_SEGMENTS);
        if sent.segments + segments <= mark || !trim {
            return sent.segments + segments <= MAX_SEGMENTS;
        }
        // Keep only the newest messages that the library's held bytes can account for.
        let held = held_bytes(sockets, conn).unwrap_or(u64::MAX);
        while sent.bytes > held {
            let Some((bytes, segs)) = sent.queue.pop_front() else {
                break;
            };
            sent.bytes -= bytes;
            sent.segments -= segs;
        }
        sent.mark = sent.segments + (MAX_SEGMENTS.saturating_sub(sent.segments)) / 2;
        sent.segments + segments <= MAX_SEGMENTS
    }

    /// `conn` accepted a message of `len` bytes sent with `flags`.
    pub(super) fn sent(&mut self, conn: u32, len: usize, flags: i32) {
        if flags & SEND_RELIABLE == 0 {
            return;
        }
        let (bytes, segments) = cost(len);
        let sent = self.sent.entry(conn).or_default();
        sent.queue.push_back((bytes, segments));
        sent.bytes += bytes;
        sent.segments += segments;
    }

    /// The connection is closed: forget it.
    pub(super) fn forget(&mut self, conn: u32) {
        self.sent.remove(&conn);
    }

    /// Backend shutdown: every connection is gone.
    pub(super) fn clear(&mut self) {
        self.sent.clear();
    }
}
