//! Real UDP on 127.0.0.1 through the standalone backend. Tests share the process-global backend
//! (refcounted) and each uses its own owner and an OS-chosen port.

use super::*;
use crate::address::parse_address;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const CONNECTING: i32 = 1;
const CONNECTED: i32 = 3;
const CLOSED_BY_PEER: i32 = 4;
const PROBLEM_DETECTED_LOCALLY: i32 = 5;
const TIMEOUT_INITIAL: i32 = 24;

fn addr(text: &str) -> SocketAddr {
    parse_address(text).unwrap_or_else(|e| panic!("{e}"))
}

/// Pumps until `pick` finds an event for `owner`; events seen on the way are kept in `seen`.
fn wait_for(
    h: &Handle,
    owner: Owner,
    seen: &mut Vec<StatusChange>,
    pick: impl Fn(&StatusChange) -> bool,
) -> StatusChange {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        run_callbacks(h).unwrap_or_else(|f| panic!("{f}"));
        seen.extend(take_events(h, owner).into_iter().filter_map(Queued::status));
        if let Some(i) = seen.iter().position(&pick) {
            return seen.remove(i);
        }
        assert!(
            Instant::now() < deadline,
            "timed out; events so far: {seen:#?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// GameNetworkingSockets refuses port 0, so borrow a port the OS just handed out (retrying
/// in case another process grabs it in between).
fn listen_any_port(h: &Handle, owner: Owner) -> (u32, SocketAddr) {
    let mut last_error = Failure::Unavailable;
    for _ in 0..10 {
        let free = free_udp_port();
        match create_listen_socket_ip(h, owner, &free, &[]) {
            Ok(socket) => {
                let bound = get_listen_socket_address(h, socket);
                assert_eq!(bound.map(|a| a.port()), Ok(free.port()));
                return (socket, free);
            }
            Err(e) => last_error = e,
        }
    }
    panic!("{last_error}");
}

fn free_udp_port() -> SocketAddr {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn connect_accept_send_receive_and_close_with_reason() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let (server, client) = (new_owner(), new_owner());
    let (listen, bound) = listen_any_port(&h, server);
    let conn = connect_by_ip_address(&h, client, &bound, &[]).unwrap_or_else(|e| panic!("{e}"));
    let (mut server_seen, mut client_seen) = (Vec::new(), Vec::new());

    let incoming = wait_for(&h, server, &mut server_seen, |e| e.state == CONNECTING);
    assert_eq!(incoming.listen_socket, listen);
    assert!(
        incoming.remote_address.starts_with("127.0.0.1:"),
        "{incoming:?}"
    );
    let accepted = incoming.connection;
    assert_eq!(accept_connection(&h, accepted), Ok(()));

    wait_for(&h, server, &mut server_seen, |e| e.state == CONNECTED);
    let up = wait_for(&h, client, &mut client_seen, |e| e.state == CONNECTED);
    assert_eq!((up.connection, up.listen_socket), (conn, 0));

    let payload = b"hello\0server\xff".to_vec();
    let number = send_message(&h, conn, &payload, 8).unwrap_or_else(|f| panic!("{f}"));
    assert!(number > 0);
    let got = receive_until(&h, accepted);
    assert_eq!(got.data, payload);
    assert_eq!(
        (got.connection, got.message_number, got.lane),
        (accepted, number, 0)
    );

    assert!(close_connection(&h, conn, 1001, Some("bye now"), false).is_ok());
    let closed = wait_for(&h, server, &mut server_seen, |e| e.state == CLOSED_BY_PEER);
    assert_eq!(closed.connection, accepted);
    assert_eq!(closed.end_reason, 1001);
    assert_eq!(closed.end_debug, "bye now");
    assert!(close_connection(&h, accepted, 0, None, false).is_ok());
    assert!(close_listen_socket(&h, listen).is_ok());
    assert!(
        close_listen_socket(&h, listen).is_err(),
        "second close must report an unknown socket"
    );
}

fn receive_until(h: &Handle, conn: u32) -> Message {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        run_callbacks(h).unwrap_or_else(|f| panic!("{f}"));
        let batch = receive_messages_on_connection(h, conn, 16).unwrap_or_else(|e| panic!("{e}"));
        if !batch.is_empty() {
            return batch.copy_out().remove(0);
        }
        assert!(Instant::now() < deadline, "no message arrived");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn connecting_to_a_closed_port_times_out_per_option() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let owner = new_owner();
    // A port that was just bound and released is almost surely closed.
    let free = free_udp_port();
    let option = ConfigOption {
        key: TIMEOUT_INITIAL,
        value: ConfigData::Int32(500),
    };
    let start = Instant::now();
    let conn = connect_by_ip_address(&h, owner, &free, &[option]).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    let failed = wait_for(&h, owner, &mut seen, |e| {
        e.state == PROBLEM_DETECTED_LOCALLY
    });
    let elapsed = start.elapsed();
    assert_eq!(failed.connection, conn);
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert!(close_connection(&h, conn, 0, None, false).is_ok());
}

#[test]
fn events_are_routed_only_to_their_owner() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let (server, client, bystander) = (new_owner(), new_owner(), new_owner());
    let (_listen, bound) = listen_any_port(&h, server);
    let conn = connect_by_ip_address(&h, client, &bound, &[]).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    wait_for(&h, server, &mut seen, |e| e.state == CONNECTING);
    let mine: Vec<StatusChange> = take_events(&h, client)
        .into_iter()
        .filter_map(Queued::status)
        .collect();
    assert!(mine.iter().all(|e| e.connection == conn), "{mine:?}");
    assert!(take_events(&h, bystander).is_empty());

    forget_owner(server);
    forget_owner(client);
    assert!(take_events(&h, server).is_empty());
    assert!(
        close_connection(&h, conn, 0, None, false).is_err(),
        "forget_owner closed it already"
    );
}

#[test]
fn listening_on_a_taken_port_fails_with_the_address() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let owner = new_owner();
    let (listen, bound) = listen_any_port(&h, owner);
    let err = create_listen_socket_ip(&h, owner, &bound, &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&crate::address::format_address(&bound)),
        "{err}"
    );
    assert!(close_listen_socket(&h, listen).is_ok());
}

#[test]
fn listening_on_port_zero_explains_itself() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    match create_listen_socket_ip(&h, new_owner(), &addr("127.0.0.1:0"), &[]) {
        Err(e) => {
            let e = e.to_string();
            assert!(e.contains("127.0.0.1:0") && e.contains("port"), "{e}")
        }
        Ok(socket) => assert!(close_listen_socket(&h, socket).is_ok()),
    }
}

#[test]
fn receiving_on_an_unknown_connection_is_an_error() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        receive_messages_on_connection(&h, 0x7fff_fff0, 4).err(),
        Some(Failure::InvalidHandle)
    );
    assert!(receive_messages_on_connection(&h, 0x7fff_fff0, 0).is_ok_and(|r| r.is_empty()));
    assert!(send_message(&h, 0x7fff_fff0, b"x", 8).is_err());
    assert!(accept_connection(&h, 0x7fff_fff0).is_err());
}

#[test]
fn backend_can_be_acquired_again_after_full_release() {
    // Nested acquires share one init; the others tests may hold it too, which is fine.
    let a = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let b = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    drop(a);
    run_callbacks(&b).unwrap_or_else(|f| panic!("{f}"));
    drop(b);
    let c = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    run_callbacks(&c).unwrap_or_else(|f| panic!("{f}"));
}

#[test]
fn closing_an_accepted_connection_reports_nothing_and_leaves_no_route() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let (server, client) = (new_owner(), new_owner());
    let (listen, bound) = listen_any_port(&h, server);
    let conn = connect_by_ip_address(&h, client, &bound, &[]).unwrap_or_else(|e| panic!("{e}"));
    let (mut server_seen, mut client_seen) = (Vec::new(), Vec::new());
    let accepted = wait_for(&h, server, &mut server_seen, |e| e.state == CONNECTING).connection;
    assert_eq!(accept_connection(&h, accepted), Ok(()));
    wait_for(&h, server, &mut server_seen, |e| {
        e.connection == accepted && e.state == CONNECTED
    });
    wait_for(&h, client, &mut client_seen, |e| e.state == CONNECTED);

    // The listen socket stays open: the close's own event must not come back through it.
    assert!(close_connection(&h, accepted, 0, None, false).is_ok());
    wait_for(&h, client, &mut client_seen, |e| e.state == CLOSED_BY_PEER);
    for _ in 0..20 {
        run_callbacks(&h).unwrap_or_else(|f| panic!("{f}"));
        server_seen.extend(
            take_events(&h, server)
                .into_iter()
                .filter_map(Queued::status),
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        server_seen.iter().all(|e| e.connection != accepted),
        "events after the close: {server_seen:#?}"
    );
    assert!(
        !super::registry::lock().routing.is_routed(accepted),
        "routing entry left behind"
    );
    assert!(close_connection(&h, conn, 0, None, false).is_ok());
    assert!(close_listen_socket(&h, listen).is_ok());
}

#[test]
fn broadcasts_reach_every_owner_once_and_not_owners_made_after_them() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (new_owner(), new_owner());
    let status = Broadcast::Authentication {
        avail: 100,
        message: "OK".to_string(),
    };
    inbox::lock().broadcast(status.clone());
    let late = new_owner();
    let broadcasts = |owner| -> Vec<Broadcast> {
        take_events(&h, owner)
            .into_iter()
            .filter_map(|e| match e {
                Queued::Broadcast(b) => Some(b),
                _ => None,
            })
            .collect()
    };
    assert_eq!(broadcasts(a), std::slice::from_ref(&status));
    assert_eq!(broadcasts(a), [], "taken once");
    assert_eq!(broadcasts(b), [status], "each owner gets its own copy");
    assert_eq!(broadcasts(late), [], "an owner made later does not get it");
    forget_owner(a);
    assert_eq!(broadcasts(a), [], "an owner that shut down starts afresh");
    for owner in [a, b, late] {
        drop_owner(owner);
    }
}

/// The messages interface's session events go to the first owner that uses it; once that
/// owner is forgotten, the next one to use it takes over.
#[test]
fn messages_interface_owner_is_its_first_user_until_forgotten() {
    let h = acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (new_owner(), new_owner());
    let none = receive_messages_on_channel(&h, a, 0, 16).unwrap_or_else(|f| panic!("{f}"));
    assert!(none.is_empty());
    receive_messages_on_channel(&h, b, 0, 16).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(registry::lock().messages_owner, Some(a));
    forget_owner(b);
    assert_eq!(registry::lock().messages_owner, Some(a));
    forget_owner(a);
    assert_eq!(registry::lock().messages_owner, None);
    let info = get_session_connection_info(&h, b, &Identity::parse("str:nobody").unwrap())
        .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!((info.state, info.ping), (0, -1));
    assert_eq!(registry::lock().messages_owner, Some(b));
    forget_owner(b);
}
