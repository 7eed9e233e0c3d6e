//! `SteamNetworkingIdentity` as text, in Valve's own form (`str:alice`, `steamid:7656...`,
//! `ip:1.2.3.4:27020`): the library's `ToString` and `ParseString` convert, so luasteam never
//! spells an identity itself. The two backends' flat functions differ in their parameter lists;
//! `backend::identity_to_text` and `backend::parse_identity` hide that.

use super::backend;
use super::failure::Failure;
use super::registry::{Handle, Session};
use super::sys::*;
use std::mem::MaybeUninit;

/// An identity parsed by the library, ready to pass to it.
pub struct Identity(pub(super) SteamNetworkingIdentity);

impl Identity {
    /// Parses Valve's text form; the error says what was given.
    pub fn parse(text: &str) -> Result<Identity, String> {
        backend::parse_identity(text)
            .map(Identity)
            .ok_or_else(|| format!("'{text}' is not an identity (e.g. \"str:alice\")"))
    }

    /// The identity of a Steam user.
    pub fn steam_id(id: u64) -> Identity {
        let mut identity = MaybeUninit::<SteamNetworkingIdentity>::zeroed();
        // SAFETY: identity is zeroed (the SDK's "invalid" identity), writable memory of the
        // right type.
        unsafe { SteamAPI_SteamNetworkingIdentity_SetSteamID64(identity.as_mut_ptr(), id) };
        // SAFETY: zeroed and then set by the SDK: a valid identity value.
        Identity(unsafe { identity.assume_init() })
    }

    /// Valve's text form.
    pub fn text(&self) -> String {
        to_text(&self.0)
    }
}

/// Valve's text form of an identity the library wrote; empty for the invalid identity.
pub(super) fn to_text(identity: &SteamNetworkingIdentity) -> String {
    // The type is read as a plain int, so a kind this crate does not know is still sound.
    // SAFETY: the field is 4 bytes inside a live struct; read unaligned (steam's is packed).
    let kind = unsafe {
        std::ptr::addr_of!(identity.m_eType)
            .cast::<i32>()
            .read_unaligned()
    };
    if kind == 0 {
        return String::new();
    }
    backend::identity_to_text(identity)
}

/// Reads an identity out of a packed SDK struct, field by field being unaligned.
/// # Safety
/// `p` points to a live identity (possibly unaligned).
pub(super) unsafe fn read_text(p: *const SteamNetworkingIdentity) -> String {
    // SAFETY: the caller guarantees p is live; the copy is aligned.
    let copy = unsafe { p.read_unaligned() };
    to_text(&copy)
}

/// This process's identity; `Message` when the library has none yet.
pub fn get_identity(handle: &Handle) -> Result<String, Failure> {
    let s = Session::open(handle)?;
    local_identity(&s)
        .map(|i| i.text())
        .ok_or_else(|| Failure::Message("the library has no identity yet".to_string()))
}

/// The library's identity, while the session is held.
pub(super) fn local_identity(s: &Session) -> Option<Identity> {
    let mut identity = MaybeUninit::<SteamNetworkingIdentity>::zeroed();
    // SAFETY: sockets is non-null; identity is writable memory of the type the SDK fills in.
    let ok =
        unsafe { SteamAPI_ISteamNetworkingSockets_GetIdentity(s.sockets, identity.as_mut_ptr()) };
    // SAFETY: zeroed, then possibly filled in by the SDK: a valid value either way.
    let identity = unsafe { identity.assume_init() };
    ok.then_some(Identity(identity))
}

/// Whether the identity is the anonymous localhost one (GameNetworkingSockets' default).
#[cfg(feature = "standalone")]
pub(super) fn is_localhost(identity: &Identity) -> bool {
    let text = identity.text();
    text == "ip:::1" || text == "ip:127.0.0.1"
}
