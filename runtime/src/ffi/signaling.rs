//! Custom signaling for P2P connections on the standalone backend.
//!
//! GameNetworkingSockets makes a P2P connection with ICE after the two sides exchange
//! *signals* (rendezvous blobs) through a channel the application provides. luasteam installs
//! the library's global `Callback_CreateConnectionSignaling`, so `ConnectP2P` (and the
//! messages interface) get a signaling object made by `CreateCustomSignaling`; an incoming
//! connect request gets one from `on_connect_request`. Every object sends through
//! `send_signal`, which the library calls from any of its threads, possibly while it holds its
//! own lock: it only copies the blob into the inbox (leaf lock). [`take_signals`] hands the
//! queued blobs to the owner that pumps; the Lua layer delivers them (to `onSignal`, or
//! through its local signaling service), and blobs from the peer come back through
//! [`received_signal`].
//!
//! ICE is set to use host addresses only: an empty STUN server list (no request ever leaves
//! for an outside server) and candidate types private and public host addresses.

use super::failure::Failure;
use super::identity;
use super::inbox::{self, OutSignal};
use super::info::connection_info;
use super::raw::{self, scope};
use super::registry::{Handle, Session};
use super::routing::Owner;
use super::sys::*;
use std::ffi::c_void;
use std::ptr::{self, addr_of};

/// k_nSteamNetworkingConfig_P2P_Transport_ICE_Enable_Private | _Public: host addresses, no
/// relay (TURN).
const ICE_ENABLE_HOST: i32 = 2 | 4;
const P2P_STUN_SERVER_LIST: i32 = 103;
const P2P_TRANSPORT_ICE_ENABLE: i32 = 104;
/// ESteamNetworkingConfigDataType.
const TYPE_INT32: i32 = 1;
const TYPE_STRING: i32 = 4;

/// Installs the signaling callback and the ICE settings, globally, right after init.
pub(super) fn install(utils: *mut ISteamNetworkingUtils) -> Result<(), String> {
    let create: FnCreate = create_connection_signaling;
    // SAFETY: utils is non-null; the value is a 'static function with the signature the
    // library casts it to (FnSteamNetworkingSocketsCreateConnectionSignaling).
    let ok = unsafe {
        SteamAPI_ISteamNetworkingUtils_SetGlobalConfigValuePtr(
            utils,
            ESteamNetworkingConfigValue::k_ESteamNetworkingConfig_Callback_CreateConnectionSignaling,
            create as *mut c_void,
        )
    };
    let empty = c"";
    let stun: *const i8 = empty.as_ptr();
    // SAFETY: utils is non-null; a string value is passed as the C string itself, which
    // outlives the call (the library copies it).
    let stun_ok = unsafe {
        raw::SteamAPI_ISteamNetworkingUtils_SetConfigValue(
            utils,
            P2P_STUN_SERVER_LIST,
            scope::GLOBAL,
            0,
            TYPE_STRING,
            stun.cast(),
        )
    };
    // SAFETY: utils is non-null; the value is an int32 that outlives the call.
    let ice_ok = unsafe {
        raw::SteamAPI_ISteamNetworkingUtils_SetConfigValue(
            utils,
            P2P_TRANSPORT_ICE_ENABLE,
            scope::GLOBAL,
            0,
            TYPE_INT32,
            ptr::from_ref(&ICE_ENABLE_HOST).cast(),
        )
    };
    if ok && stun_ok && ice_ok {
        Ok(())
    } else {
        Err("cannot set up P2P signaling".to_string())
    }
}

type FnCreate = unsafe extern "C" fn(
    *mut ISteamNetworkingSockets,
    *const SteamNetworkingIdentity,
    i32,
    i32,
) -> *mut ISteamNetworkingConnectionSignaling;

/// A signaling object that sends through [`send_signal`]; the library deletes it.
fn new_signaling() -> *mut ISteamNetworkingConnectionSignaling {
    // SAFETY: a plain allocation by the library; the send function is 'static and there is
    // no context to release.
    unsafe {
        SteamAPI_ISteamNetworkingSockets_CreateCustomSignaling(
            ptr::null_mut(),
            Some(send_signal),
            None,
        )
    }
}

/// The library's `Callback_CreateConnectionSignaling`, for connections started locally.
unsafe extern "C" fn create_connection_signaling(
    _sockets: *mut ISteamNetworkingSockets,
    _peer: *const SteamNetworkingIdentity,
    _local_virtual_port: i32,
    _remote_virtual_port: i32,
) -> *mut ISteamNetworkingConnectionSignaling {
    new_signaling()
}

/// `OnConnectRequest` of a received signal: the request is kept (reported as `Connecting`
/// for the app to accept) with a signaling object of ours.
unsafe extern "C" fn on_connect_request(
    _ctx: *mut c_void,
    _conn: HSteamNetConnection,
    _peer: *const SteamNetworkingIdentity,
    _local_virtual_port: i32,
) -> *mut ISteamNetworkingConnectionSignaling {
    new_signaling()
}

/// Copies the blob the library wants delivered into the inbox. Any thread; must not panic.
unsafe extern "C" fn send_signal(
    _ctx: *mut c_void,
    conn: HSteamNetConnection,
    info: *const SteamNetConnectionInfo_t,
    msg: *const c_void,
    len: i32,
) -> bool {
    if info.is_null() || (msg.is_null() && len != 0) {
        return false;
    }
    // SAFETY: info is a live struct for the duration of the call; the identity is read
    // unaligned (the struct is packed on some platforms).
    let peer = unsafe { identity::read_text(addr_of!((*info).m_identityRemote)) };
    queue(conn, peer, msg, len);
    true
}

/// `SendRejectionSignal` of a received signal: the reply to a request that was turned down.
unsafe extern "C" fn send_rejection(
    _ctx: *mut c_void,
    peer: *const SteamNetworkingIdentity,
    msg: *const c_void,
    len: i32,
) {
    if peer.is_null() || (msg.is_null() && len != 0) {
        return;
    }
    // SAFETY: peer points to a live identity for the duration of the call.
    let peer = unsafe { identity::read_text(peer) };
    queue(0, peer, msg, len);
}

fn queue(connection: u32, identity: String, msg: *const c_void, len: i32) {
    let blob = if len <= 0 {
        Vec::new()
    } else {
        // SAFETY: the library passes `len` readable bytes at msg for the duration of the call.
        unsafe { std::slice::from_raw_parts(msg.cast::<u8>(), len as usize) }.to_vec()
    };
    let _ = std::panic::catch_unwind(move || {
        inbox::lock().signals.push(OutSignal {
            connection,
            identity,
            blob,
        });
    });
}

/// A signal to deliver: `blob` to the process whose identity is `identity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub identity: String,
    pub blob: Vec<u8>,
}

/// The signals queued for `owner`: those of its connections (started by it, or arrived on
/// its listen sockets), and those of no connection it can be told from (a rejection, a
/// connection of the messages interface). Other owners' signals stay queued.
pub fn take_signals(handle: &Handle, owner: Owner) -> Vec<Signal> {
    let Ok(s) = Session::open(handle) else {
        return Vec::new();
    };
    let queued = std::mem::take(&mut inbox::lock().signals);
    if queued.is_empty() {
        return Vec::new();
    }
    let mut mine = Vec::new();
    let mut others = Vec::new();
    for signal in queued {
        let found = s
            .routing
            .owner_of_connection(signal.connection)
            .or_else(|| {
                let info = connection_info(s.sockets, signal.connection)?;
                s.routing.owner_of_listen_socket(info.listen_socket)
            });
        if found.is_none_or(|o| o == owner) {
            mine.push(Signal {
                identity: signal.identity,
                blob: signal.blob,
            });
        } else {
            others.push(signal);
        }
    }
    if !others.is_empty() {
        let mut inbox = inbox::lock();
        others.append(&mut inbox.signals);
        inbox.signals = others;
    }
    mine
}

/// Feeds the library a signal from a peer. A connect request for a virtual port with a P2P
/// listen socket becomes a connection of that socket's owner, reported as `Connecting`.
pub fn received_signal(handle: &Handle, blob: &[u8]) -> Result<(), Failure> {
    let len = i32::try_from(blob.len())
        .map_err(|_| Failure::Message("the signal is too large".to_string()))?;
    let s = Session::open(handle)?;
    // SAFETY: sockets is non-null; blob is readable for len bytes during the call; the
    // callbacks are 'static functions that only allocate or copy into the inbox.
    let ok = unsafe {
        SteamAPI_ISteamNetworkingSockets_ReceivedP2PCustomSignal2(
            s.sockets,
            blob.as_ptr().cast(),
            len,
            ptr::null_mut(),
            Some(on_connect_request),
            Some(send_rejection),
        )
    };
    if ok {
        Ok(())
    } else {
        Err(Failure::Message(
            "the library could not use the signal (not a P2P signal, or for a connection it \
             refuses)"
                .to_string(),
        ))
    }
}
