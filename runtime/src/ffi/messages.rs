//! Message objects: the release guard for received messages, batched sending, poll-group
//! receiving, and process-global counters that prove every message object is released once.

use super::failure::Failure;
use super::registry::{Handle, Session};
use super::sys::*;
use super::{eresult, sendguard};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

/// Larger batches are cut to this; callers loop anyway because fewer may be pending.
pub const MAX_RECEIVE_BATCH: usize = 1024;

/// A received message, copied out of the SDK's buffer (which is released immediately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub data: Vec<u8>,
    pub connection: u32,
    pub message_number: i64,
    pub lane: u16,
    /// Local receive time in microseconds (SteamNetworkingMicroseconds).
    pub receive_time: i64,
    /// k_nSteamNetworkingSend_* bits; only Reliable (8) is meaningful on receipt.
    pub flags: i32,
}

/// Received messages, still the library's objects: read them in place with [`Self::iter`];
/// they are released when this is dropped.
#[derive(Default)]
pub struct Received(Vec<Owned>);

/// One received message, read in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageView<'a> {
    pub data: &'a [u8],
    pub connection: u32,
    pub message_number: i64,
    pub lane: u16,
    /// Local receive time in microseconds (SteamNetworkingMicroseconds).
    pub receive_time: i64,
    /// k_nSteamNetworkingSend_* bits; only Reliable (8) is meaningful on receipt.
    pub flags: i32,
    /// The channel of a message of the messages interface (0 for a connection's).
    pub channel: i32,
}

impl Received {
    pub(super) fn new(owned: Vec<Owned>) -> Self {
        Received(owned)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages, oldest first.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = MessageView<'_>> {
        self.0.iter().map(Owned::view)
    }

    /// The senders' identities in Valve's text form, in order (a message of the messages
    /// interface names its sender; a connection's names the connection's peer or nothing).
    pub fn senders(&self) -> Vec<String> {
        self.0.iter().map(Owned::sender).collect()
    }

    /// Copies of the messages, to keep after they are released.
    pub fn copy_out(&self) -> Vec<Message> {
        self.0.iter().map(Owned::copy_out).collect()
    }
}

/// Counts of SDK message objects that passed through this crate. At any moment when no call
/// is in progress, `received + allocated == released + handed_over`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageCounters {
    /// Messages the SDK handed us from a receive call.
    pub received: u64,
    /// Messages we allocated for sending.
    pub allocated: u64,
    /// Messages we released ourselves.
    pub released: u64,
    /// Allocated messages given to `SendMessages`, which owns (and frees) them from then on.
    pub handed_over: u64,
}

static RECEIVED: AtomicU64 = AtomicU64::new(0);
static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static RELEASED: AtomicU64 = AtomicU64::new(0);
static HANDED_OVER: AtomicU64 = AtomicU64::new(0);

/// The counters now (each read separately; other threads may be mid-call).
pub fn message_counters() -> MessageCounters {
    MessageCounters {
        received: RECEIVED.load(Ordering::SeqCst),
        allocated: ALLOCATED.load(Ordering::SeqCst),
        released: RELEASED.load(Ordering::SeqCst),
        handed_over: HANDED_OVER.load(Ordering::SeqCst),
    }
}

/// Owns one SDK message and releases it on drop, unless handed over.
pub(super) struct Owned(*mut SteamNetworkingMessage_t);

impl Owned {
    /// Takes ownership of the first `count` pointers a receive call filled in. Every pointer
    /// gets its guard before any is read, so each is released exactly once, even on a panic.
    pub(super) fn received(out: &[*mut SteamNetworkingMessage_t], count: usize) -> Vec<Owned> {
        let owned: Vec<Owned> = out[..count.min(out.len())]
            .iter()
            .filter(|p| !p.is_null())
            .map(|&p| Owned(p))
            .collect();
        RECEIVED.fetch_add(owned.len() as u64, Ordering::SeqCst);
        owned
    }

    /// The message, read in place (valid while this guard lives).
    pub(super) fn view(&self) -> MessageView<'_> {
        let m = self.0;
        // SAFETY: m is live while this guard is (it is released on drop); m_pData has
        // m_cbSize readable bytes, which the library does not change while we hold it.
        unsafe {
            let size = usize::try_from((*m).m_cbSize).unwrap_or(0);
            let data_ptr = (*m).m_pData.cast::<u8>().cast_const();
            let data: &[u8] = if size == 0 || data_ptr.is_null() {
                &[]
            } else {
                std::slice::from_raw_parts(data_ptr, size)
            };
            MessageView {
                data,
                connection: (*m).m_conn,
                message_number: (*m).m_nMessageNumber,
                lane: (*m).m_idxLane,
                receive_time: (*m).m_usecTimeReceived,
                flags: (*m).m_nFlags,
                channel: (*m).m_nChannel,
            }
        }
    }

    /// The sender's identity in Valve's text form.
    pub(super) fn sender(&self) -> String {
        // SAFETY: the message is live while this guard is; the identity is read unaligned.
        unsafe { super::identity::read_text(ptr::addr_of!((*self.0).m_identityPeer)) }
    }

    /// A copy of the message, for the caller to keep after the object is released.
    pub(super) fn copy_out(&self) -> Message {
        let v = self.view();
        Message {
            data: v.data.to_vec(),
            connection: v.connection,
            message_number: v.message_number,
            lane: v.lane,
            receive_time: v.receive_time,
            flags: v.flags,
        }
    }

    /// Gives up ownership: the pointer now belongs to whoever takes it.
    fn hand_over(self) -> *mut SteamNetworkingMessage_t {
        let p = self.0;
        std::mem::forget(self);
        HANDED_OVER.fetch_add(1, Ordering::SeqCst);
        p
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: the pointer came from the SDK (received or allocated) and this guard is its
        // only owner; Release frees it through the message's own release function.
        unsafe { SteamAPI_SteamNetworkingMessage_t_Release(self.0) };
        RELEASED.fetch_add(1, Ordering::SeqCst);
    }
}

/// One message to send with [`send_messages`].
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub connection: u32,
    pub data: &'a [u8],
    pub flags: i32,
    pub lane: u16,
}

/// A message object for `m`, filled in; None if the SDK cannot allocate one.
fn allocate(utils: *mut ISteamNetworkingUtils, m: &Outgoing) -> Option<Owned> {
    let size = i32::try_from(m.data.len()).ok()?;
    // SAFETY: utils is non-null; the SDK allocates a message with a `size`-byte buffer.
    let p = unsafe { SteamAPI_ISteamNetworkingUtils_AllocateMessage(utils, size) };
    if p.is_null() {
        return None;
    }
    ALLOCATED.fetch_add(1, Ordering::SeqCst);
    let owned = Owned(p);
    // SAFETY: p is live and ours; its buffer has room for data.len() bytes.
    unsafe {
        if !m.data.is_empty() {
            ptr::copy_nonoverlapping(m.data.as_ptr(), (*p).m_pData.cast::<u8>(), m.data.len());
        }
        (*p).m_conn = m.connection;
        (*p).m_nFlags = m.flags;
        (*p).m_idxLane = m.lane;
    }
    Some(owned)
}

/// Sends every message in one call. One entry per message, in order: `Ok(message number)` or
/// the failure (`Failure::Result` with the EResult). If a message cannot be allocated, nothing
/// is sent and every entry is `Failure::Result(k_EResultFail)`.
pub fn send_messages(handle: &Handle, messages: &[Outgoing]) -> Vec<Result<i64, Failure>> {
    let fail = || vec![Err(Failure::Result(eresult::FAIL)); messages.len()];
    if messages.is_empty() {
        return Vec::new();
    }
    let Ok(count) = i32::try_from(messages.len()) else {
        return fail();
    };
    let Ok(mut s) = Session::open(handle) else {
        return vec![Err(Failure::Unavailable); messages.len()];
    };
    let (sockets, utils) = (s.sockets, s.utils);
    // Messages the send guard refuses never reach the library (their entries stay None).
    // Admission is decided in order, counting the earlier messages of the batch as sent; the
    // guard trims its estimate only before a connection's first message of the batch.
    let mut seen = std::collections::BTreeSet::new();
    let admitted: Vec<bool> = messages
        .iter()
        .map(|m| {
            let first = seen.insert(m.connection);
            let ok = s
                .send_guard
                .admit(sockets, m.connection, m.data.len(), m.flags, first);
            if ok {
                s.send_guard.sent(m.connection, m.data.len(), m.flags);
            }
            ok
        })
        .collect();
    let to_send: Vec<&Outgoing> = messages
        .iter()
        .zip(&admitted)
        .filter(|(_, ok)| **ok)
        .map(|(m, _)| m)
        .collect();
    // Allocated objects are released by their guards if a later allocation fails.
    let Some(owned) = to_send
        .iter()
        .map(|m| allocate(utils, m))
        .collect::<Option<Vec<Owned>>>()
    else {
        return fail();
    };
    let mut pointers: Vec<*mut SteamNetworkingMessage_t> =
        owned.into_iter().map(Owned::hand_over).collect();
    let mut results = vec![0i64; to_send.len()];
    if !to_send.is_empty() {
        // `to_send` is no longer than `messages`, whose length fits an i32.
        let count = i32::try_from(to_send.len()).unwrap_or(count);
        // SAFETY: sockets is non-null; both arrays hold `count` entries; the SDK takes
        // ownership of every message, sent or failed (GNS: bDeleteFailedMessages = true;
        // Steam always).
        unsafe { send_raw(sockets, count, pointers.as_mut_ptr(), results.as_mut_ptr()) };
    }
    let mut results = results.into_iter();
    admitted
        .iter()
        .map(|ok| {
            if !ok {
                return Err(Failure::Result(sendguard::LIMIT_EXCEEDED));
            }
            match results.next() {
                Some(r) if r >= 0 => Ok(r),
                Some(r) => Err(Failure::Result(i32::try_from(-r).unwrap_or(eresult::FAIL))),
                None => Err(Failure::Result(eresult::FAIL)),
            }
        })
        .collect()
}

#[cfg(feature = "standalone")]
unsafe fn send_raw(
    sockets: *mut ISteamNetworkingSockets,
    count: i32,
    messages: *mut *mut SteamNetworkingMessage_t,
    results: *mut i64,
) {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        SteamAPI_ISteamNetworkingSockets_SendMessages(sockets, count, messages, results, true)
    }
}

#[cfg(all(feature = "steam", not(feature = "standalone")))]
unsafe fn send_raw(
    sockets: *mut ISteamNetworkingSockets,
    count: i32,
    messages: *mut *mut SteamNetworkingMessage_t,
    results: *mut i64,
) {
    // SAFETY: forwarded from the caller's contract.
    unsafe { SteamAPI_ISteamNetworkingSockets_SendMessages(sockets, count, messages, results) }
}

/// Up to `max` pending messages of a poll group (at most `MAX_RECEIVE_BATCH`);
/// `InvalidHandle` for an invalid poll group.
pub fn receive_messages_on_poll_group(
    handle: &Handle,
    group: u32,
    max: usize,
) -> Result<Received, Failure> {
    let max = max.min(MAX_RECEIVE_BATCH);
    let mut out: Vec<*mut SteamNetworkingMessage_t> = vec![ptr::null_mut(); max.max(1)];
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; out has room for max pointers (max <= MAX_RECEIVE_BATCH).
    // With max 0 this still tells a valid group (0) from an invalid one (-1).
    let count = unsafe {
        SteamAPI_ISteamNetworkingSockets_ReceiveMessagesOnPollGroup(
            s.sockets,
            group,
            out.as_mut_ptr(),
            max as i32,
        )
    };
    drop(s);
    let count = usize::try_from(count).map_err(|_| Failure::InvalidHandle)?;
    Ok(Received::new(Owned::received(&out, count)))
}

/// `Failure::Result` with the EResult of FlushMessagesOnConnection.
pub fn flush_messages_on_connection(handle: &Handle, conn: u32) -> Result<(), Failure> {
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; unknown handles are reported, not dereferenced.
    let code =
        unsafe { SteamAPI_ISteamNetworkingSockets_FlushMessagesOnConnection(s.sockets, conn) };
    Failure::check(code as i32)
}
