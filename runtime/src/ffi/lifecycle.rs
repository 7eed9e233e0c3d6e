//! Starting and stopping the shared library, owners, pumping, and what an owner reads back:
//! its events and debug output.

use super::auth::Broadcast;
use super::debug::DebugMessage;
use super::failure::Failure;
use super::gameserver::GameServer;
use super::identity::Identity;
use super::inbox::SessionEvent;
use super::registry::{self, Handle, Session};
use super::routing::{Owner, StatusChange};
use super::{backend, inbox, overflow};

/// One event for an owner: a connection status change, a debug message or a status change
/// every owner gets (authentication, relay network).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queued {
    Status(StatusChange),
    Debug(DebugMessage),
    Broadcast(Broadcast),
    /// A session request or failure of the messages interface (to its owner only).
    Session(SessionEvent),
}

impl Queued {
    /// The status change, if this is one.
    pub fn status(self) -> Option<StatusChange> {
        match self {
            Queued::Status(change) => Some(change),
            Queued::Debug(_) | Queued::Broadcast(_) | Queued::Session(_) => None,
        }
    }
}

/// Initialises the backend if nobody holds it yet, as `identity` (standalone; the steam
/// backend's identity is the Steam user's). Fails (with the SDK's message) rather than
/// crashing when, e.g., no Steam client is running, and (standalone) when the backend already
/// runs as another identity.
pub fn acquire(identity: Option<&Identity>) -> Result<Handle, String> {
    acquire_as(identity, None)
}

/// [`acquire`], as a game server when `game_server` is given: on the steam backend that
/// starts the library with `SteamGameServer_Init` (and fails when it already runs as a client,
/// or runs as a game server and `game_server` is `None`); the standalone backend has no such
/// mode and ignores it.
pub fn acquire_as(
    identity: Option<&Identity>,
    game_server: Option<&GameServer>,
) -> Result<Handle, String> {
    let mut state = registry::lock();
    #[cfg(feature = "steam")]
    if state.refcount > 0 && backend::is_game_server() != game_server.is_some() {
        let (running, asked) = if backend::is_game_server() {
            ("a game server", "a client")
        } else {
            ("a client", "a game server")
        };
        return Err(format!(
            "the Steam API already runs as {running}; it cannot also start as {asked} (shut \
             every Lua state's luasteam down first)"
        ));
    }
    if state.refcount > 0 {
        #[cfg(feature = "standalone")]
        if let Some(wanted) = identity {
            let session = Session::from_locked(state).map_err(|f| f.to_string())?;
            let current = super::identity::local_identity(&session).map(|i| i.text());
            if current.as_deref() != Some(wanted.text().as_str()) {
                return Err(format!(
                    "the networking library already runs as {}; it takes an identity only \
                     when it starts (shut every Lua state's luasteam down first)",
                    current.unwrap_or_default()
                ));
            }
            state = session.into_state();
        }
    }
    if state.refcount == 0 {
        backend::init(identity, game_server)?;
        let installed = state.started().and_then(|i| {
            inbox::install_status_callback(i.utils)?;
            #[cfg(feature = "steam")]
            super::auth::install_callbacks(i.utils)?;
            inbox::apply_debug_level(i.utils);
            overflow::apply_defaults(i.utils);
            super::sessions::install(i.utils)?;
            #[cfg(feature = "standalone")]
            super::signaling::install(i.utils)?;
            Ok(())
        });
        if let Err(e) = installed {
            state.clear();
            backend::shutdown();
            return Err(e);
        }
    }
    Ok(Handle::new(&mut state))
}

/// The current initialisation of the backend; 0 when it is down.
pub fn epoch() -> u64 {
    let state = registry::lock();
    if state.refcount == 0 {
        0
    } else {
        state.epoch
    }
}

/// A fresh owner id, never 0 and never reused within the process.
pub fn new_owner() -> Owner {
    registry::lock().new_owner()
}

/// Pumps the backend: status changes are routed to their owners' queues (read them with
/// [`take_events`]).
pub fn run_callbacks(handle: &Handle) -> Result<(), Failure> {
    Session::open(handle)?.pump();
    Ok(())
}

/// Closes everything `owner` still has and drops its events. Used when a Lua state shuts down
/// or closes; harmless if the backend is already shut down.
pub fn forget_owner(owner: Owner) {
    match Session::from_locked(registry::lock()) {
        Ok(mut session) => session.forget_owner(owner),
        Err(_) => {
            let mut state = registry::lock();
            state.routing.take_owner(owner);
            let mut inbox = inbox::lock();
            state.broadcast_seen.insert(owner, inbox.peek_sequence());
            inbox.debug.forget(owner);
        }
    }
}

/// Forgets `owner` for good (its Lua state is closing), after [`forget_owner`].
pub fn drop_owner(owner: Owner) {
    let mut state = registry::lock();
    state.broadcast_seen.remove(&owner);
    if state.broadcast_seen.is_empty() {
        state.broadcast_seen.clear();
    }
}

/// The owner's queued status changes and debug messages, merged in arrival order; other
/// owners' events stay queued.
pub fn take_events(handle: &Handle, owner: Owner) -> Vec<Queued> {
    let Ok(mut session) = Session::open(handle) else {
        return Vec::new();
    };
    // Status changes still in the inbox are routed first; both queues are then taken while
    // the state lock is held, so nothing can be routed between the two takes.
    session.route_arrivals();
    let status = session.routing.take_queue(owner);
    let (messages, broadcasts, sessions) = {
        let mut inbox = inbox::lock();
        let since = session.broadcast_seen.get(&owner).copied().unwrap_or(0);
        let broadcasts = inbox.broadcasts_since(since);
        session.broadcast_seen.insert(owner, inbox.peek_sequence());
        let sessions = if session.messages_owner == Some(owner) {
            std::mem::take(&mut inbox.sessions)
        } else {
            Vec::new()
        };
        (inbox.debug.take(owner), broadcasts, sessions)
    };
    drop(session);
    let mut all: Vec<(u64, Queued)> = status
        .into_iter()
        .map(|(seq, change)| (seq, Queued::Status(change)))
        .chain(messages.into_iter().map(|(seq, m)| (seq, Queued::Debug(m))))
        .chain(
            broadcasts
                .into_iter()
                .map(|(seq, b)| (seq, Queued::Broadcast(b))),
        )
        .chain(
            sessions
                .into_iter()
                .map(|(seq, e)| (seq, Queued::Session(e))),
        )
        .collect();
    all.sort_by_key(|(seq, _)| *seq);
    all.into_iter().map(|(_, event)| event).collect()
}

/// Sets `owner`'s debug output level (raw ESteamNetworkingSocketsDebugOutputType; 0 = None
/// stops its messages and drops those queued).
pub fn set_debug_output_level(handle: &Handle, owner: Owner, level: i32) -> Result<(), Failure> {
    let session = Session::open(handle)?;
    inbox::lock().debug.set_level(owner, level);
    inbox::apply_debug_level(session.utils);
    Ok(())
}

/// `owner`'s queued debug messages in arrival order (with a note where messages were
/// dropped). [`take_events`] already returns them merged with the connection events; this
/// returns only those that arrived since it was last called.
pub fn take_debug_output(_handle: &Handle, owner: Owner) -> Vec<DebugMessage> {
    inbox::lock()
        .debug
        .take(owner)
        .into_iter()
        .map(|(_, m)| m)
        .collect()
}
