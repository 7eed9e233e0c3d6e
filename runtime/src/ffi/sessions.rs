//! `ISteamNetworkingMessages`: messages to peers by identity over sessions the library opens
//! on its own (each a P2P connection it keeps to itself: no connection status change is
//! posted for them).
//!
//! The library reports session requests and failures through two global callbacks,
//! `Callback_MessagesSessionRequest` and `Callback_MessagesSessionFailed` (config values set
//! once at init, like the connection status callback), which it calls from `RunCallbacks`.
//! They copy the data into the inbox; [`take_events`](super::take_events) hands them, in
//! arrival order with the other events, to the owner of the interface.
//!
//! The interface is one per process. Its owner is the first owner that uses it
//! ([`Session::messages`]); when that owner is forgotten, the next owner to use it takes
//! over. While nobody owns it, the pump refuses session requests (closes the session) and
//! drops failures, so no request waits for an owner that may never come.

use super::failure::Failure;
use super::identity::{self, Identity};
use super::inbox::{self, SessionEvent};
use super::info::raw_state;
use super::messages::{Owned, Received, MAX_RECEIVE_BATCH};
use super::registry::{Handle, Session};
use super::routing::Owner;
use super::sys::*;
use super::{backend, eresult, ipaddr, text};
use crate::address::format_address;
use std::ffi::c_void;
use std::ptr::{self, addr_of};

/// The interface pointer, once the library made it.
#[derive(Clone, Copy)]
pub(super) struct Interface(pub(super) *mut ISteamNetworkingMessages);

// SAFETY: the pointer names the library's process-wide messages interface, which any thread
// may use; it is only read while the registry lock is held.
unsafe impl Send for Interface {}

type FnRequest = unsafe extern "C" fn(*mut SteamNetworkingMessagesSessionRequest_t);
type FnFailed = unsafe extern "C" fn(*mut SteamNetworkingMessagesSessionFailed_t);

/// Installs the two session callbacks globally, right after init.
pub(super) fn install(utils: *mut ISteamNetworkingUtils) -> Result<(), String> {
    let request: FnRequest = on_session_request;
    let failed: FnFailed = on_session_failed;
    // SAFETY: utils is non-null; each value is a 'static function with the signature the
    // library casts it to (FnSteamNetworkingMessagesSessionRequest / ...Failed).
    let ok = unsafe {
        SteamAPI_ISteamNetworkingUtils_SetGlobalConfigValuePtr(
            utils,
            ESteamNetworkingConfigValue::k_ESteamNetworkingConfig_Callback_MessagesSessionRequest,
            request as *mut c_void,
        ) && SteamAPI_ISteamNetworkingUtils_SetGlobalConfigValuePtr(
            utils,
            ESteamNetworkingConfigValue::k_ESteamNetworkingConfig_Callback_MessagesSessionFailed,
            failed as *mut c_void,
        )
    };
    if ok {
        Ok(())
    } else {
        Err("cannot install the messages session callbacks".to_string())
    }
}

/// Runs inside the library's RunCallbacks; copies the identity out. Must not panic.
unsafe extern "C" fn on_session_request(data: *mut SteamNetworkingMessagesSessionRequest_t) {
    if data.is_null() {
        return;
    }
    // SAFETY: data points to a live callback struct for the duration of this call.
    let identity = unsafe { identity::read_text(addr_of!((*data).m_identityRemote)) };
    let _ = std::panic::catch_unwind(move || {
        let mut inbox = inbox::lock();
        let seq = inbox.next_sequence();
        inbox
            .sessions
            .push((seq, SessionEvent::Request { identity }));
    });
}

/// Runs inside the library's RunCallbacks; copies the session's info out. Must not panic.
unsafe extern "C" fn on_session_failed(data: *mut SteamNetworkingMessagesSessionFailed_t) {
    if data.is_null() {
        return;
    }
    // Packed structs: every field is read unaligned.
    // SAFETY: data points to a live callback struct for the duration of this call.
    let event = unsafe {
        let info = addr_of!((*data).m_info);
        SessionEvent::Failed {
            identity: identity::read_text(addr_of!((*info).m_identityRemote)),
            end_reason: addr_of!((*info).m_eEndReason).read_unaligned(),
            end_debug: text::c_chars_to_string(&addr_of!((*info).m_szEndDebug).read_unaligned()),
        }
    };
    let _ = std::panic::catch_unwind(move || {
        let mut inbox = inbox::lock();
        let seq = inbox.next_sequence();
        inbox.sessions.push((seq, event));
    });
}

impl Session {
    /// The messages interface, made on first use; `owner` becomes its owner if it has none.
    pub(super) fn messages(
        &mut self,
        owner: Owner,
    ) -> Result<*mut ISteamNetworkingMessages, Failure> {
        if self.messages_owner.is_none() {
            self.messages_owner = Some(owner);
        }
        if let Some(Interface(p)) = self.messages_interface {
            return Ok(p);
        }
        let p = backend::messages().ok_or_else(|| {
            Failure::Message("the networking messages interface is unavailable".to_string())
        })?;
        self.messages_interface = Some(Interface(p));
        Ok(p)
    }

    /// With no owner for the interface, refuses the session requests that arrived and drops
    /// the failures; with one, leaves them for its `take_events`.
    pub(super) fn refuse_unowned_requests(&mut self) {
        if self.messages_owner.is_some() {
            return;
        }
        let Some(Interface(p)) = self.messages_interface else {
            return;
        };
        let arrived = std::mem::take(&mut inbox::lock().sessions);
        for (_, event) in arrived {
            if let SessionEvent::Request { identity } = event {
                if let Ok(peer) = Identity::parse(&identity) {
                    close_session(p, &peer);
                }
            }
        }
    }
}

fn close_session(p: *mut ISteamNetworkingMessages, peer: &Identity) -> bool {
    // SAFETY: p is the live messages interface; the identity is a valid value it reads.
    unsafe { SteamAPI_ISteamNetworkingMessages_CloseSessionWithUser(p, &peer.0) }
}

/// `SendMessageToUser`: `Ok` or the EResult as `Failure::Result`.
pub fn send_message_to_user(
    handle: &Handle,
    owner: Owner,
    peer: &Identity,
    data: &[u8],
    flags: i32,
    channel: i32,
) -> Result<(), Failure> {
    let len = u32::try_from(data.len()).map_err(|_| Failure::Result(eresult::INVALID_PARAM))?;
    let mut s = Session::open(handle)?;
    let p = s
        .messages(owner)
        .map_err(|_| Failure::Result(eresult::FAIL))?;
    // SAFETY: p is the live messages interface; data is readable for len bytes during the
    // call (the library copies it); the identity is a valid value.
    let result = unsafe {
        SteamAPI_ISteamNetworkingMessages_SendMessageToUser(
            p,
            &peer.0,
            data.as_ptr().cast(),
            len,
            flags,
            channel,
        )
    };
    Failure::check(result as i32)
}

/// Up to `max` messages waiting on `channel` (at most `MAX_RECEIVE_BATCH`).
pub fn receive_messages_on_channel(
    handle: &Handle,
    owner: Owner,
    channel: i32,
    max: usize,
) -> Result<Received, Failure> {
    let max = max.min(MAX_RECEIVE_BATCH);
    let mut out: Vec<*mut SteamNetworkingMessage_t> = vec![ptr::null_mut(); max.max(1)];
    let mut s = Session::open(handle)?;
    let p = s.messages(owner)?;
    // SAFETY: p is the live messages interface; out has room for max pointers.
    let count = unsafe {
        SteamAPI_ISteamNetworkingMessages_ReceiveMessagesOnChannel(
            p,
            channel,
            out.as_mut_ptr(),
            max as i32,
        )
    };
    drop(s);
    let count = usize::try_from(count).unwrap_or(0);
    Ok(Received::new(Owned::received(&out, count)))
}

/// `AcceptSessionWithUser`: whether there is a session with `peer`.
pub fn accept_session_with_user(
    handle: &Handle,
    owner: Owner,
    peer: &Identity,
) -> Result<bool, Failure> {
    let mut s = Session::open(handle)?;
    let p = s.messages(owner)?;
    // SAFETY: p is the live messages interface; the identity is a valid value it reads.
    Ok(unsafe { SteamAPI_ISteamNetworkingMessages_AcceptSessionWithUser(p, &peer.0) })
}

/// `CloseSessionWithUser`: whether there was a session with `peer`.
pub fn close_session_with_user(
    handle: &Handle,
    owner: Owner,
    peer: &Identity,
) -> Result<bool, Failure> {
    let mut s = Session::open(handle)?;
    let p = s.messages(owner)?;
    Ok(close_session(p, peer))
}

/// `CloseChannelWithUser`: whether there was a session with `peer`.
pub fn close_channel_with_user(
    handle: &Handle,
    owner: Owner,
    peer: &Identity,
    channel: i32,
) -> Result<bool, Failure> {
    let mut s = Session::open(handle)?;
    let p = s.messages(owner)?;
    // SAFETY: p is the live messages interface; the identity is a valid value it reads.
    Ok(unsafe { SteamAPI_ISteamNetworkingMessages_CloseChannelWithUser(p, &peer.0, channel) })
}

/// What `GetSessionConnectionInfo` tells, copied out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// Raw ESteamNetworkingConnectionState; 0 (None) when there is no session.
    pub state: i32,
    pub identity: String,
    pub remote_address: String,
    pub end_reason: i32,
    pub end_debug: String,
    pub description: String,
    /// Milliseconds; -1 while unknown.
    pub ping: i32,
}

/// `GetSessionConnectionInfo` for `peer`.
pub fn get_session_connection_info(
    handle: &Handle,
    owner: Owner,
    peer: &Identity,
) -> Result<SessionInfo, Failure> {
    let mut s = Session::open(handle)?;
    let p = s.messages(owner)?;
    // SAFETY: plain C structs (numbers, char arrays, an all-zero-valid union; state 0 is
    // None), so all zeros are valid values.
    let mut info: SteamNetConnectionInfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    let mut status: SteamNetConnectionRealTimeStatus_t = unsafe { std::mem::zeroed() };
    // SAFETY: p is the live messages interface; both structs are writable, of the types it
    // fills in; the identity is a valid value it reads.
    unsafe {
        SteamAPI_ISteamNetworkingMessages_GetSessionConnectionInfo(
            p,
            &peer.0,
            &mut info,
            &mut status,
        )
    };
    drop(s);
    let state = raw_state(addr_of!(info.m_eState));
    let remote = ipaddr::from_c(&{ info.m_addrRemote });
    Ok(SessionInfo {
        state,
        identity: identity::to_text(&{ info.m_identityRemote }),
        remote_address: if ipaddr::is_unknown(&remote) {
            String::new()
        } else {
            format_address(&remote)
        },
        end_reason: info.m_eEndReason,
        end_debug: text::c_chars_to_string(&{ info.m_szEndDebug }),
        description: text::c_chars_to_string(&{ info.m_szConnectionDescription }),
        // The library leaves the status zeroed without a connection: no ping is known.
        ping: if state == 0 { -1 } else { status.m_nPing },
    })
}
