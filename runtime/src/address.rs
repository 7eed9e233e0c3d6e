//! Text form of the IP addresses that listen sockets and connections use.
//!
//! Lua passes addresses as strings ("127.0.0.1:27020", "[::1]:27020"); the backend wants a
//! numeric IP and port. Hostnames are rejected on purpose: resolving them would block the Lua
//! thread and hide which address was really used.

use std::net::{IpAddr, SocketAddr};

/// Parses "a.b.c.d:port" or "[ipv6]:port" into a socket address.
///
/// The error message quotes the input so that a Lua caller can tell which argument was wrong.
pub fn parse_address(s: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Ok(addr);
    }
    Err(describe_bad_address(s))
}

/// Formats an address the way `parse_address` reads it back.
///
/// The backend stores IPv4 addresses as IPv4-mapped IPv6 (::ffff:a.b.c.d); those are shown as
/// plain IPv4 because that is what the user typed.
pub fn format_address(addr: &SocketAddr) -> String {
    match addr {
        SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
            Some(v4) => format!("{}:{}", v4, v6.port()),
            None => format!("[{}]:{}", v6.ip(), v6.port()),
        },
        SocketAddr::V4(v4) => format!("{}:{}", v4.ip(), v4.port()),
    }
}

fn describe_bad_address(s: &str) -> String {
    let hint = "expected IP:port such as \"127.0.0.1:27020\" or \"[::1]:27020\"";
    let trimmed = s.trim_start_matches('[').trim_end_matches(']');
    if s.parse::<IpAddr>().is_ok() || trimmed.parse::<IpAddr>().is_ok() {
        return format!("invalid address \"{s}\": missing port ({hint})");
    }
    if let Some((host, port)) = s.rsplit_once(':') {
        let host_ok = host.parse::<IpAddr>().is_ok()
            || (host.starts_with('[')
                && host.ends_with(']')
                && host[1..host.len() - 1].parse::<IpAddr>().is_ok());
        if host_ok && port.parse::<u16>().is_err() {
            return format!("invalid address \"{s}\": port must be a number 0-65535 ({hint})");
        }
        if !host_ok && !host.is_empty() {
            return format!(
                "invalid address \"{s}\": \"{host}\" is not an IP address; hostnames are not \
                 resolved ({hint})"
            );
        }
    }
    format!("invalid address \"{s}\": {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV6};

    #[test]
    fn accepts_ipv4_and_ipv6_with_port() {
        for text in ["127.0.0.1:27020", "0.0.0.0:0", "[::]:27020", "[::1]:27020"] {
            let addr = parse_address(text).expect(text);
            assert_eq!(format_address(&addr), text);
        }
    }

    #[test]
    fn rejects_missing_port_and_quotes_input() {
        let err = parse_address("127.0.0.1").unwrap_err();
        assert!(err.contains("\"127.0.0.1\""), "{err}");
        assert!(err.contains("missing port"), "{err}");
        assert!(parse_address("[::1]").unwrap_err().contains("missing port"));
        assert!(parse_address("::1").is_err());
    }

    #[test]
    fn rejects_port_out_of_range() {
        let err = parse_address("127.0.0.1:65536").unwrap_err();
        assert!(err.contains("\"127.0.0.1:65536\""), "{err}");
        assert!(err.contains("0-65535"), "{err}");
        assert!(parse_address("127.0.0.1:-1").is_err());
        assert!(parse_address("127.0.0.1:").is_err());
    }

    #[test]
    fn rejects_bad_ip_and_hostnames() {
        assert!(parse_address("256.0.0.1:80").is_err());
        assert!(parse_address("1.2.3:80").is_err());
        let err = parse_address("localhost:27020").unwrap_err();
        assert!(err.contains("hostnames are not resolved"), "{err}");
        assert!(parse_address("").is_err());
        assert!(parse_address(":80").is_err());
    }

    #[test]
    fn shows_ipv4_mapped_ipv6_as_ipv4() {
        let mapped = Ipv4Addr::new(10, 1, 2, 3).to_ipv6_mapped();
        let addr = SocketAddr::V6(SocketAddrV6::new(mapped, 27020, 0, 0));
        assert_eq!(format_address(&addr), "10.1.2.3:27020");
    }

    #[test]
    fn shows_plain_ipv6_in_brackets() {
        let addr = SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 1, 0, 0));
        assert_eq!(format_address(&addr), "[::1]:1");
    }
}
