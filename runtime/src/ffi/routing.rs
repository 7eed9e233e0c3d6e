//! Which owner (Lua state) has which listen socket and connection, and the events routed to
//! each owner. Plain data: the registry (`registry.rs`) holds it under its lock.

use std::collections::{BTreeMap, BTreeSet};

/// Identifies one user of the shared backend (one Lua state).
pub type Owner = u64;

/// A copy of `SteamNetConnectionStatusChangedCallback_t`, taken inside the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub connection: u32,
    /// Listen socket the connection arrived on; 0 for connections we initiated.
    pub listen_socket: u32,
    /// The remote side's identity in Valve's text form; empty when the SDK does not know it.
    pub identity: String,
    /// "ip:port" as `format_address` writes it; empty when the SDK does not know it.
    pub remote_address: String,
    /// Raw ESteamNetworkingConnectionState (1 Connecting, 3 Connected, 4 ClosedByPeer, ...).
    pub state: i32,
    pub old_state: i32,
    /// Raw ESteamNetConnectionEnd, or the app's reason passed to CloseConnection.
    pub end_reason: i32,
    pub end_debug: String,
    pub description: String,
}

/// k_ESteamNetworkingConnectionState_None: the state a connection reports once closed locally.
const STATE_NONE: i32 = 0;

#[derive(Clone, Copy)]
struct ConnEntry {
    owner: Owner,
    listen_socket: u32,
}

pub(super) struct Routing {
    listen_sockets: BTreeMap<u32, Owner>,
    connections: BTreeMap<u32, ConnEntry>,
    /// Connections the app closed whose final event (state None) has not come through yet.
    /// Their events are dropped: without this, the closing event of a connection accepted on
    /// a still-open listen socket would be routed (and re-registered) through the socket.
    closed: BTreeSet<u32>,
    /// Connections luasteam closed itself (receive-queue overflow) that the app has not closed
    /// yet; the library no longer knows them.
    ended: BTreeSet<u32>,
    /// Status changes with their arrival numbers, per owner, in arrival order.
    queues: BTreeMap<Owner, Vec<(u64, StatusChange)>>,
}

impl Routing {
    pub(super) const fn new() -> Self {
        Routing {
            listen_sockets: BTreeMap::new(),
            connections: BTreeMap::new(),
            closed: BTreeSet::new(),
            ended: BTreeSet::new(),
            queues: BTreeMap::new(),
        }
    }

    pub(super) fn register_listen_socket(&mut self, socket: u32, owner: Owner) {
        self.listen_sockets.insert(socket, owner);
    }

    pub(super) fn register_connection(&mut self, connection: u32, owner: Owner) {
        let entry = ConnEntry {
            owner,
            listen_socket: 0,
        };
        self.connections.insert(connection, entry);
    }

    /// The app closed `connection` (`valid`: the library knew the handle). Its entry goes,
    /// and until its final event (state None) has passed, nothing about it reaches any owner.
    pub(super) fn closed_locally(&mut self, connection: u32, valid: bool) {
        self.connections.remove(&connection);
        if valid {
            self.closed.insert(connection);
        }
    }

    /// The owner of `connection`, if it has one.
    #[allow(dead_code)] // Only the standalone backend signals.
    pub(super) fn owner_of_connection(&self, connection: u32) -> Option<Owner> {
        self.connections.get(&connection).map(|c| c.owner)
    }

    /// The owner of the listen socket `socket`, if it has one.
    #[allow(dead_code)] // Only the standalone backend signals.
    pub(super) fn owner_of_listen_socket(&self, socket: u32) -> Option<Owner> {
        self.listen_sockets.get(&socket).copied()
    }

    /// Every connection that has an owner.
    pub(super) fn routed_connections(&self) -> Vec<u32> {
        self.connections.keys().copied().collect()
    }

    /// luasteam closed `change.connection` itself (an overflow): like an app close, nothing
    /// more from the library reaches its owner, who gets `change` (arrival `seq`) instead.
    pub(super) fn ended_by_luasteam(&mut self, seq: u64, change: StatusChange) {
        let Some(entry) = self.connections.remove(&change.connection) else {
            return;
        };
        self.closed.insert(change.connection);
        self.ended.insert(change.connection);
        self.queues
            .entry(entry.owner)
            .or_default()
            .push((seq, change));
    }

    /// Whether luasteam ended `connection` itself and the app has not closed it yet; forgets it.
    pub(super) fn take_ended(&mut self, connection: u32) -> bool {
        self.ended.remove(&connection)
    }

    /// Closing a listen socket also closes the connections accepted on it; returns them.
    pub(super) fn unregister_listen_socket(&mut self, socket: u32) -> Vec<u32> {
        self.listen_sockets.remove(&socket);
        let accepted = owned_keys(&self.connections, |c| c.listen_socket == socket);
        for c in &accepted {
            self.connections.remove(c);
        }
        accepted
    }

    /// Removes everything `owner` has and returns (listen sockets, connections) to close.
    pub(super) fn take_owner(&mut self, owner: Owner) -> (Vec<u32>, Vec<u32>) {
        self.queues.remove(&owner);
        let listens: Vec<u32> = owned_keys(&self.listen_sockets, |o| *o == owner);
        let conns: Vec<u32> = owned_keys(&self.connections, |c| c.owner == owner);
        for s in &listens {
            self.listen_sockets.remove(s);
        }
        for c in &conns {
            self.connections.remove(c);
        }
        (listens, conns)
    }

    /// The owner's routed status changes, oldest first.
    pub(super) fn take_queue(&mut self, owner: Owner) -> Vec<(u64, StatusChange)> {
        self.queues.remove(&owner).unwrap_or_default()
    }

    /// Routes one status change that arrived as number `seq`.
    pub(super) fn route(&mut self, seq: u64, change: StatusChange) {
        if self.closed.contains(&change.connection) {
            if change.state == STATE_NONE {
                self.closed.remove(&change.connection);
            }
            return;
        }
        let owner = match self.connections.get(&change.connection) {
            Some(entry) => Some(entry.owner),
            None => {
                let parent = self.listen_sockets.get(&change.listen_socket).copied();
                if let Some(owner) = parent {
                    let entry = ConnEntry {
                        owner,
                        listen_socket: change.listen_socket,
                    };
                    self.connections.insert(change.connection, entry);
                }
                parent
            }
        };
        if let Some(owner) = owner {
            self.queues.entry(owner).or_default().push((seq, change));
        }
    }

    /// Whether events for `connection` would be routed (tests check nothing leaks).
    #[cfg(all(test, feature = "standalone"))]
    pub(super) fn is_routed(&self, connection: u32) -> bool {
        self.connections.contains_key(&connection) || self.closed.contains(&connection)
    }
}

fn owned_keys<V>(map: &BTreeMap<u32, V>, mine: impl Fn(&V) -> bool) -> Vec<u32> {
    map.iter()
        .filter(|(_, v)| mine(v))
        .map(|(k, _)| *k)
        .collect()
}
