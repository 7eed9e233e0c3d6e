//! Receive-queue overflows: luasteam's larger defaults, and ending a connection that overflowed.
//!
//! When a connection's queue of received messages is full (options RecvBufferMessages and
//! RecvBufferSize), GameNetworkingSockets refuses the next message and does not acknowledge
//! the packet that carried it (steamnetworkingsockets_connections.cpp, `AllocateNewRecvMessage`
//! and `ReceivedMessage`; steamnetworkingsockets_snp.cpp, `SNP_ReceiveReliableSegment`). For a
//! reliable message that is fatal in a quiet way: the data stays in the lane's reliable stream
//! buffer, but the buffer is only decoded again when a new reliable segment arrives, and the
//! retransmission of the refused packet is dropped as already received when its bytes were
//! consumed before the refusal (`nSegEnd <= lane.m_nReliableStreamPos`). The stream then
//! stalls until the peer sends more reliable data, for good if it sends none, while the
//! connection stays `Connected` and no callback says anything.
//!
//! The only trace is a rate-limited warning, "[description] recv queue overflow ...". The
//! debug output function is therefore always installed at `Warning` level or more detailed
//! (`inbox.rs`), the output function records the description of every connection named in such
//! a warning, and the registry (`end_overflowed`), after every pump, ends those connections: the library
//! closes them (the peer sees `ClosedByPeer`) and their owner gets a `ProblemDetectedLocally`
//! event made here. The library writes the same warning for unreliable messages, which it may
//! drop; luasteam cannot tell the two apart and ends the connection either way.

use super::raw::{self, scope};
use super::sys::*;
use std::ffi::CStr;
use std::ptr;

/// k_ESteamNetworkingConfig_RecvBufferSize and its luasteam default (4 MiB).
pub const RECV_BUFFER_SIZE_KEY: i32 = 47;
pub const RECV_BUFFER_SIZE: i32 = 4 * 1024 * 1024;
/// k_ESteamNetworkingConfig_RecvBufferMessages and its luasteam default.
pub const RECV_BUFFER_MESSAGES_KEY: i32 = 48;
pub const RECV_BUFFER_MESSAGES: i32 = 128 * 1024;

/// The local end reason of a connection luasteam ended after an overflow
/// (k_ESteamNetConnectionEnd_Misc_InternalError, which the library itself uses when it cannot
/// store a received reliable message).
pub const OVERFLOW_END_REASON: i32 = 5002;
/// The reason the peer sees (k_ESteamNetConnectionEnd_AppException_Min: CloseConnection only
/// passes application codes on).
pub const OVERFLOW_PEER_REASON: i32 = 2000;
pub const OVERFLOW_END_DEBUG: &CStr = c"luasteam: receive queue overflow (RecvBufferMessages or RecvBufferSize); reliable messages could stall, connection closed";

/// k_ESteamNetworkingConnectionState_Connected and _ProblemDetectedLocally.
pub(super) const STATE_CONNECTED: i32 = 3;
pub(super) const STATE_PROBLEM_DETECTED_LOCALLY: i32 = 5;

/// The connection description in an overflow warning, if `text` is one.
pub(super) fn overflow_description(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('[')?;
    let end = rest.rfind("] recv queue overflow ")?;
    Some(&rest[..end])
}

/// Sets luasteam's receive-queue defaults globally; called once, right after init.
pub(super) fn apply_defaults(utils: *mut ISteamNetworkingUtils) {
    for (key, value) in [
        (RECV_BUFFER_SIZE_KEY, RECV_BUFFER_SIZE),
        (RECV_BUFFER_MESSAGES_KEY, RECV_BUFFER_MESSAGES),
    ] {
        // SAFETY: utils is non-null; the value is an int32 (data type 1) that outlives the call.
        unsafe {
            raw::SteamAPI_ISteamNetworkingUtils_SetConfigValue(
                utils,
                key,
                scope::GLOBAL,
                0,
                1,
                ptr::from_ref(&value).cast(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_warnings_name_their_connection() {
        assert_eq!(
            overflow_description(
                "[#2571579564 UDP 127.0.0.1:52517] recv queue overflow 50 messages already queued."
            ),
            Some("#2571579564 UDP 127.0.0.1:52517")
        );
        assert_eq!(
            overflow_description(
                "[#1 UDP 127.0.0.1:1 'a]b'] recv queue overflow 9 + 3 bytes exceeds limit of 10."
            ),
            Some("#1 UDP 127.0.0.1:1 'a]b'")
        );
        assert_eq!(overflow_description("[#1 x] decode pkt 4 abort."), None);
        assert_eq!(overflow_description("recv queue overflow"), None);
    }
}
