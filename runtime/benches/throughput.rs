//! Baseline for the Lua throughput benchmark: the same message loop driven from Rust through
//! the runtime's FFI layer, no Lua involved. `scripts/bench.sh` runs both and prints the
//! ratio, which is the cost of the binding.
//!
//! Prints `rust: N messages of B bytes in T s (R msg/s)`.

#[cfg(feature = "standalone")]
fn main() {
    use luasteam::address::parse_address;
    use luasteam::ffi::{self, ConfigData, ConfigOption};
    use std::time::{Duration, Instant};

    let count: usize = std::env::var("BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let size: usize = std::env::var("BENCH_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let port: u16 = std::env::var("BENCH_PORT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(45_100);
    let h = ffi::acquire(None).unwrap_or_else(|e| panic!("{e}"));
    let owner = ffi::new_owner();
    let addr = parse_address(&format!("127.0.0.1:{port}")).unwrap_or_else(|e| panic!("{e}"));
    // A send buffer large enough that the sender is never refused while the receiver catches
    // up, and a send rate far above the library's default, which would cap both sides alike.
    let option = |name: &str, value: i32| ConfigOption {
        key: luasteam_generated::enums::ESteamNetworkingConfigValue
            .value_of(name)
            .unwrap_or_default(),
        value: ConfigData::Int32(value),
    };
    // Receive limits too: past them the library drops messages, reliable ones included.
    let opts = [
        option("RecvBufferMessages", 1_000_000),
        option("RecvBufferSize", 256 << 20),
        option("SendBufferSize", 64 << 20),
        option("SendRateMin", 256 << 20),
        option("SendRateMax", 256 << 20),
    ];
    let listen =
        ffi::create_listen_socket_ip(&h, owner, &addr, &opts).unwrap_or_else(|e| panic!("{e}"));
    let client =
        ffi::connect_by_ip_address(&h, owner, &addr, &opts).unwrap_or_else(|e| panic!("{e}"));
    let mut server = 0;
    let mut connected = 0;
    let deadline = Instant::now() + Duration::from_secs(10);
    while connected < 2 {
        assert!(Instant::now() < deadline, "no connection");
        let _ = ffi::run_callbacks(&h);
        for e in ffi::take_events(&h, owner)
            .into_iter()
            .filter_map(ffi::Queued::status)
        {
            if e.state == 1 && e.listen_socket == listen {
                server = e.connection;
                let _ = ffi::accept_connection(&h, server);
            }
            if e.state == 3 {
                connected += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let payload = vec![7u8; size];
    let start = Instant::now();
    let (mut sent, mut received, mut last) = (0, 0, 1);
    while received < count {
        while sent < count && sent - received < 10_000 {
            last = match ffi::send_message(&h, client, &payload, 8) {
                Ok(_) => 1,
                Err(failure) => failure.eresult(),
            };
            if last != 1 {
                break;
            }
            sent += 1;
        }
        let got = ffi::receive_messages_on_connection(&h, server, 1024).unwrap_or_default();
        received += got.len();
        if got.is_empty() {
            let _ = ffi::run_callbacks(&h);
            std::thread::sleep(Duration::from_micros(200));
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "stalled at {received} of {sent} sent; last send result {last}; events {:?}",
            ffi::take_events(&h, owner)
        );
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "rust: {count} messages of {size} bytes in {secs:.3} s ({:.0} msg/s)",
        count as f64 / secs
    );
    ffi::forget_owner(owner);
}

#[cfg(not(feature = "standalone"))]
fn main() {
    eprintln!("the throughput benchmark needs the standalone backend");
}
