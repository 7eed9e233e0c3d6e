//! luasteam's local signaling service: forwards P2P signals between processes by identity,
//! for development and tests on one machine (`Steam.init{ signaling = "127.0.0.1:27999" }`).
//!
//! Plain UDP, no unsafe code. Every process has a client socket (an ephemeral port on the
//! service's IP) and registers its identity with the service once a second. The first process
//! that binds the service address serves it (the *hub*); the others retry the bind once a
//! second, so one of them takes over within a second when the hub goes away. The hub serves
//! while its process pumps ([`Rendezvous::pump`], from `runCallbacks`).
//!
//! Datagrams: `R` identity (register); `F` len identity blob (forward `blob` to `identity`,
//! len one byte); `S` blob (a signal, hub to client). A forward to an identity the hub does
//! not know is dropped: the library sends its signals again.

use std::collections::HashMap;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_secs(1);
/// Largest datagram read; signals are a few kilobytes.
const MAX_DATAGRAM: usize = 65536;

pub struct Rendezvous {
    service: SocketAddr,
    identity: String,
    client: UdpSocket,
    hub: Option<Hub>,
    last_register: Option<Instant>,
    last_bind: Option<Instant>,
}

struct Hub {
    socket: UdpSocket,
    peers: HashMap<Vec<u8>, SocketAddr>,
}

impl Rendezvous {
    /// Joins (or starts) the service at `service` as `identity`.
    pub fn new(service: SocketAddr, identity: String) -> Result<Rendezvous, String> {
        if identity.len() > 255 {
            return Err("the identity is too long for the signaling service".to_string());
        }
        let client = UdpSocket::bind(SocketAddr::new(service.ip(), 0))
            .and_then(|s| s.set_nonblocking(true).map(|()| s))
            .map_err(|e| format!("cannot open a socket for the signaling service: {e}"))?;
        let mut r = Rendezvous {
            service,
            identity,
            client,
            hub: None,
            last_register: None,
            last_bind: None,
        };
        r.pump(|_| {});
        Ok(r)
    }

    /// Whether this process serves the service.
    #[cfg(test)]
    pub fn is_hub(&self) -> bool {
        self.hub.is_some()
    }

    /// Serves the hub (if this process is it), keeps the registration fresh and passes every
    /// signal that arrived for this process to `deliver`.
    pub fn pump(&mut self, mut deliver: impl FnMut(&[u8])) {
        let now = Instant::now();
        let due = |last: Option<Instant>| last.is_none_or(|t| now.duration_since(t) >= EVERY);
        if self.hub.is_none() && due(self.last_bind) {
            self.last_bind = Some(now);
            if let Ok(socket) = UdpSocket::bind(self.service) {
                if socket.set_nonblocking(true).is_ok() {
                    self.hub = Some(Hub {
                        socket,
                        peers: HashMap::new(),
                    });
                }
            }
        }
        if due(self.last_register) {
            self.last_register = Some(now);
            let mut datagram = vec![b'R'];
            datagram.extend_from_slice(self.identity.as_bytes());
            let _ = self.client.send_to(&datagram, self.service);
        }
        if let Some(hub) = &mut self.hub {
            hub.serve();
        }
        let mut buf = vec![0u8; MAX_DATAGRAM];
        while let Ok((n, _)) = self.client.recv_from(&mut buf) {
            if let Some((b'S', blob)) = buf[..n].split_first() {
                deliver(blob);
            }
        }
        // What this process sent to itself (a hub forwarding to its own client) is read on the
        // next pump.
    }

    /// Sends `blob` to the process registered as `to`.
    pub fn send(&self, to: &str, blob: &[u8]) {
        let Ok(len) = u8::try_from(to.len()) else {
            return;
        };
        let mut datagram = Vec::with_capacity(2 + to.len() + blob.len());
        datagram.push(b'F');
        datagram.push(len);
        datagram.extend_from_slice(to.as_bytes());
        datagram.extend_from_slice(blob);
        let _ = self.client.send_to(&datagram, self.service);
    }
}

impl Hub {
    fn serve(&mut self) {
        let mut buf = vec![0u8; MAX_DATAGRAM];
        while let Ok((n, from)) = self.socket.recv_from(&mut buf) {
            match buf[..n].split_first() {
                Some((b'R', identity)) => {
                    self.peers.insert(identity.to_vec(), from);
                }
                Some((b'F', rest)) => {
                    let Some((&len, rest)) = rest.split_first() else {
                        continue;
                    };
                    let len = usize::from(len);
                    if rest.len() < len {
                        continue;
                    }
                    let (to, blob) = rest.split_at(len);
                    if let Some(addr) = self.peers.get(to) {
                        let mut datagram = Vec::with_capacity(1 + blob.len());
                        datagram.push(b'S');
                        datagram.extend_from_slice(blob);
                        let _ = self.socket.send_to(&datagram, addr);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards_by_identity_and_a_second_process_takes_over_the_hub() {
        let probe = UdpSocket::bind("127.0.0.1:0").unwrap();
        let service = probe.local_addr().unwrap();
        drop(probe);
        let mut alice = Rendezvous::new(service, "str:alice".into()).unwrap();
        let mut bob = Rendezvous::new(service, "str:bob".into()).unwrap();
        assert!(alice.is_hub() && !bob.is_hub());
        let mut got = Vec::new();
        for _ in 0..50 {
            alice.pump(|_| {});
            bob.send("str:alice", b"to nobody yet");
            alice.send("str:bob", b"hello bob");
            alice.pump(|_| {});
            bob.pump(|b| got.push(b.to_vec()));
            if !got.is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(got.first().map(Vec::as_slice), Some(&b"hello bob"[..]));
        drop(alice);
        std::thread::sleep(EVERY);
        bob.pump(|_| {});
        assert!(bob.is_hub(), "bob serves once alice is gone");
    }
}
