//! Message objects are released exactly once; batched sending, poll groups and socket pairs.
//! Other tests run in parallel threads, so counter balance is checked at a quiet moment.

use super::*;
use std::time::{Duration, Instant};

fn handle() -> Handle {
    acquire(None).unwrap_or_else(|e| panic!("{e}"))
}

/// Waits until no message object is held anywhere in the process; false on timeout.
fn balanced() -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let c = message_counters();
        if c.received + c.allocated == c.released + c.handed_over {
            return true;
        }
        if Instant::now() > deadline {
            eprintln!("unbalanced: {c:?}");
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Receives until `n` messages arrived on `conn` (pumping in between).
fn receive_n(h: &Handle, conn: u32, n: usize) -> Vec<Message> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut got = Vec::new();
    while got.len() < n {
        run_callbacks(h).unwrap_or_else(|f| panic!("{f}"));
        got.extend(
            receive_messages_on_connection(h, conn, n - got.len())
                .expect("valid")
                .copy_out(),
        );
        assert!(
            Instant::now() < deadline,
            "only {} of {n} arrived",
            got.len()
        );
    }
    got
}

#[test]
fn every_received_and_allocated_message_is_released_or_handed_over_once() {
    let h = handle();
    let (a, b) = create_socket_pair(&h, new_owner(), false).expect("pair");
    let before = message_counters();
    const N: usize = 300;
    let payloads: Vec<Vec<u8>> = (0..N).map(|i| format!("m{i}").into_bytes()).collect();
    let outgoing: Vec<Outgoing> = payloads
        .iter()
        .map(|d| Outgoing {
            connection: a,
            data: d,
            flags: 8,
            lane: 0,
        })
        .collect();
    let results = send_messages(&h, &outgoing);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let got = receive_n(&h, b, N);
    let data: Vec<&[u8]> = got.iter().map(|m| m.data.as_slice()).collect();
    let want: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
    assert_eq!(data, want);
    let after = message_counters();
    assert!(after.received - before.received >= N as u64);
    assert!(after.allocated - before.allocated >= N as u64);
    assert!(balanced());
    assert!(close_connection(&h, a, 0, None, false).is_ok());
    assert!(close_connection(&h, b, 0, None, false).is_ok());
}

#[test]
fn send_messages_reports_each_result_and_frees_failed_messages() {
    let h = handle();
    let (a, b) = create_socket_pair(&h, new_owner(), false).expect("pair");
    let out = [
        Outgoing {
            connection: a,
            data: b"one",
            flags: 8,
            lane: 0,
        },
        Outgoing {
            connection: 987_654,
            data: b"lost",
            flags: 8,
            lane: 0,
        },
        Outgoing {
            connection: a,
            data: b"",
            flags: 8,
            lane: 0,
        },
    ];
    let results = send_messages(&h, &out);
    assert!(matches!(results[0], Ok(n) if n > 0), "{results:?}");
    assert_eq!(results[1], Err(Failure::Result(eresult::INVALID_PARAM)));
    assert!(results[2].is_ok(), "{results:?}");
    let got = receive_n(&h, b, 2);
    assert_eq!(got[0].data, b"one");
    assert!(got[1].data.is_empty());
    assert!(balanced());
    assert!(close_connection(&h, a, 0, None, false).is_ok());
    assert!(close_connection(&h, b, 0, None, false).is_ok());
}

#[test]
fn poll_group_receives_from_its_connections_and_rejects_bad_ids() {
    let h = handle();
    let owner = new_owner();
    let (a, b) = create_socket_pair(&h, owner, false).expect("pair");
    let group = create_poll_group(&h, owner).expect("group");
    assert!(set_connection_poll_group(&h, b, group).is_ok());
    assert!(set_connection_poll_group(&h, 987_654, group).is_err());
    assert!(send_message(&h, a, b"via group", 8).is_ok());
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut got = Vec::new();
    while got.is_empty() && Instant::now() < deadline {
        got = receive_messages_on_poll_group(&h, group, 10)
            .expect("valid group")
            .copy_out();
    }
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].connection, got[0].data.as_slice()),
        (b, &b"via group"[..])
    );
    assert!(destroy_poll_group(&h, group).is_ok());
    assert!(destroy_poll_group(&h, group).is_err());
    assert!(receive_messages_on_poll_group(&h, group, 10).is_err());
    assert!(balanced());
    assert!(close_connection(&h, a, 0, None, false).is_ok());
    assert!(close_connection(&h, b, 0, None, false).is_ok());
}

#[test]
fn connection_info_user_data_and_name_of_a_socket_pair() {
    let h = handle();
    let (a, b) = create_socket_pair(&h, new_owner(), false).expect("pair");
    let info = get_connection_info(&h, a).expect("info");
    assert_eq!(info.state, 3, "{info:?}");
    assert_eq!(info.listen_socket, 0);
    assert_eq!(get_connection_user_data(&h, a), Ok(-1));
    assert!(set_connection_user_data(&h, a, i64::MIN).is_ok());
    assert_eq!(get_connection_user_data(&h, a), Ok(i64::MIN));
    assert!(get_connection_user_data(&h, 987_654).is_err());
    assert!(set_connection_name(&h, b, "bee").is_ok());
    assert_eq!(get_connection_name(&h, b).as_deref(), Ok("bee"));
    assert!(get_connection_info(&h, b)
        .expect("info")
        .description
        .contains("bee"));
    assert!(get_connection_real_time_status(&h, a).is_ok());
    assert!(get_connection_real_time_status(&h, 987_654).is_err());
    assert_eq!(flush_messages_on_connection(&h, a), Ok(()));
    assert_eq!(configure_connection_lanes(&h, a, &[0, 1], &[]), Ok(()));
    assert!(close_connection(&h, a, 0, None, false).is_ok());
    assert!(close_connection(&h, b, 0, None, false).is_ok());
}
