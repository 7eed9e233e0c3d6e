//! `SocketAddr` <-> `SteamNetworkingIPAddr` (16 bytes of IPv6, IPv4 mapped, then a host-order
//! port, packed). The IP is read as raw bytes so the union's bindgen names never matter.

use super::sys::*;
use std::mem::size_of;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

const _: () = assert!(size_of::<SteamNetworkingIPAddr>() == 18);

pub(super) fn to_c(addr: &SocketAddr) -> SteamNetworkingIPAddr {
    let ip = match addr.ip() {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    };
    let octets = ip.octets();
    // SAFETY: the struct is plain bytes (IP and port), so all-zero is a valid value.
    let mut c: SteamNetworkingIPAddr = unsafe { std::mem::zeroed() };
    // SAFETY: c is a live, writable struct and octets holds the 16 bytes SetIPv6 reads.
    unsafe { SteamAPI_SteamNetworkingIPAddr_SetIPv6(&mut c, octets.as_ptr(), addr.port()) };
    c
}

pub(super) fn from_c(c: &SteamNetworkingIPAddr) -> SocketAddr {
    let p: *const SteamNetworkingIPAddr = c;
    // SAFETY: the first 16 bytes of the 18-byte struct are the IPv6 address; align is 1.
    let octets = unsafe { p.cast::<[u8; 16]>().read_unaligned() };
    let port = c.m_port;
    let ip = Ipv6Addr::from(octets);
    match ip.to_ipv4_mapped() {
        Some(v4) => SocketAddr::V4(SocketAddrV4::new(v4, port)),
        None => SocketAddr::V6(SocketAddrV6::new(ip, port, 0, 0)),
    }
}

/// The SDK leaves the remote address all zeros when it does not know it.
pub(super) fn is_unknown(addr: &SocketAddr) -> bool {
    addr.port() == 0 && addr.ip().is_unspecified()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_and_ipv6_round_trip_through_the_c_struct() {
        for text in ["127.0.0.1:27020", "0.0.0.0:0", "[::1]:27020", "[::]:1"] {
            let addr: SocketAddr = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(from_c(&to_c(&addr)), addr, "{text}");
        }
    }

    #[test]
    fn ipv4_is_stored_mapped_with_host_order_port() {
        let c = to_c(&"1.2.3.4:513".parse().unwrap_or_else(|e| panic!("{e}")));
        let p: *const SteamNetworkingIPAddr = &c;
        // SAFETY: reading the 18 bytes of a live, align-1 struct.
        let raw = unsafe { p.cast::<[u8; 18]>().read_unaligned() };
        assert_eq!(
            &raw[..16],
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]
        );
        assert_eq!(u16::from_ne_bytes([raw[16], raw[17]]), 513);
    }
}
