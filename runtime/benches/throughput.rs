//! Baselines for the Lua throughput benchmark (`tests/bench/throughput.lua`): the same message
//! loop with no Lua involved. `scripts/bench.sh` runs a baseline and the Lua script alternately
//! and prints the ratio, which is what the binding costs per message.
//!
//! `throughput [raw]` (the default) calls GameNetworkingSockets' flat C API directly through
//! `game-networking-sockets-sys`: received payloads are read in place and each message is
//! released at once, with no copy. `throughput ffi` drives the loop through luasteam's own FFI
//! layer (`luasteam::ffi`), which copies every received message into a `Vec`; the gap between
//! the two is the FFI layer's share of the binding's cost.
//!
//! Prints `MODE: N messages of B bytes in T s (R msg/s; cpu C s; drops D)`, where T is wall
//! time, C the process's CPU time (every thread, the library's service thread included) over
//! the loop, and D the datagrams the kernel dropped on the server's UDP socket (its receive
//! buffer was full; the sender's retransmissions then slow the run down), and F (`refused F`)
//! the sends refused (LimitExceeded: the loop then stops sending until messages arrive; in
//! luasteam's FFI layer its send guard refuses past an estimated 32768 unacknowledged reliable
//! segments, about 16,000 small messages, whatever the window).
//! Environment: `BENCH_MESSAGES` (100000), `BENCH_BYTES` (64), `BENCH_PORT` (45100),
//! `BENCH_WINDOW` (1000: messages sent and not yet received, at most).

#![deny(clippy::undocumented_unsafe_blocks)]
// The loops need the standalone backend; a steam build compiles only the stub `main`.
#![cfg_attr(not(feature = "standalone"), allow(dead_code, unused_imports))]

use std::time::{Duration, Instant};

/// Messages taken per receive call, as in the Lua script.
const BATCH: usize = 1024;
/// k_nSteamNetworkingSend_Reliable.
const RELIABLE: i32 = 8;
/// A stalled run gives up after this long.
const GIVE_UP: Duration = Duration::from_secs(60);

/// Receive limits the benchmark cannot overflow (past them the library drops messages,
/// reliable ones included), a large send buffer, and a send rate far above the library's
/// default, which would cap both sides alike. The Lua script passes the same options.
const RECV_BUFFER_MESSAGES: i32 = 1_000_000;
const RECV_BUFFER_SIZE: i32 = 256 << 20;
const SEND_BUFFER_SIZE: i32 = 64 << 20;
const SEND_RATE: i32 = 256 << 20;

struct Params {
    count: usize,
    size: usize,
    port: u16,
    /// Messages in flight (sent, not yet received) at most; the Lua script reads the same
    /// variable, with the same default. 1000: with 10000, the raw loop overflowed the server
    /// socket's kernel receive buffer on every run (hundreds of drops) and measured the
    /// retransmissions, at a third of its drop-free rate.
    window: usize,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time of the whole process so far (what Lua's `os.clock` reads).
fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: t is a valid, writable timespec; the clock id is a constant the kernel knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return 0.0;
    }
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// Datagrams the kernel dropped on the UDP sockets bound to local `port` (the listen socket):
/// the last column of /proc/net/udp and /proc/net/udp6. Read before the socket is closed.
fn socket_drops(port: u16) -> u64 {
    let wanted = format!(":{port:04X}");
    ["/proc/net/udp", "/proc/net/udp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| {
            text.lines()
                .skip(1)
                .filter_map(|line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    let local = fields.get(1)?;
                    local
                        .ends_with(&wanted)
                        .then(|| fields.last()?.parse::<u64>().ok())
                        .flatten()
                })
                .collect::<Vec<u64>>()
        })
        .sum()
}

fn report(mode: &str, p: &Params, wall: f64, cpu: f64, refused: u64) {
    println!(
        "{mode}: {} messages of {} bytes in {wall:.3} s ({:.0} msg/s; cpu {cpu:.3} s; drops {}; \
         refused {refused})",
        p.count,
        p.size,
        p.count as f64 / wall,
        socket_drops(p.port)
    );
}

#[cfg(feature = "standalone")]
fn main() {
    let p = Params {
        count: env_or("BENCH_MESSAGES", 100_000),
        size: env_or("BENCH_BYTES", 64),
        port: env_or("BENCH_PORT", 45_100),
        window: env_or("BENCH_WINDOW", 1_000),
    };
    match std::env::args().nth(1).as_deref() {
        None | Some("raw") => raw::run(&p),
        Some("ffi") => ffi_layer::run(&p),
        // `cargo bench` passes `--bench`; anything else is a mistake.
        Some("--bench") => raw::run(&p),
        Some(other) => {
            eprintln!("throughput: unknown mode '{other}' (raw or ffi)");
            std::process::exit(2);
        }
    }
}

#[cfg(not(feature = "standalone"))]
fn main() {
    eprintln!("the throughput benchmark needs the standalone backend");
}

/// The loop on GameNetworkingSockets' flat C API, nothing of luasteam's in between.
#[cfg(feature = "standalone")]
mod raw {
    use super::*;
    use gns_sys::*;
    use std::ffi::CString;
    use std::ptr;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// The server side of the connection, set by the status callback once accepted.
    static SERVER: AtomicU32 = AtomicU32::new(0);
    /// Connections that reached Connected (the client's and the server's).
    static CONNECTED: AtomicU32 = AtomicU32::new(0);
    /// Connections that ended (closed by peer or problem detected) before the run finished.
    static FAILED: AtomicU32 = AtomicU32::new(0);

    const CONNECTING: i32 = 1;
    const CONNECTED_STATE: i32 = 3;
    const CLOSED_BY_PEER: i32 = 4;
    const PROBLEM_DETECTED_LOCALLY: i32 = 5;

    /// Called by `RunCallbacks` on this thread for every connection status change.
    unsafe extern "C" fn on_status(info: *mut SteamNetConnectionStatusChangedCallback_t) {
        // SAFETY: the library passes a valid callback struct for the duration of the call. The
        // state is read as a raw i32 (never as a Rust enum, whose unknown values would be UB),
        // unaligned because the info struct is packed.
        let (conn, listen, state) = unsafe {
            (
                (*info).m_hConn,
                ptr::addr_of!((*info).m_info.m_hListenSocket).read_unaligned(),
                ptr::addr_of!((*info).m_info.m_eState)
                    .cast::<i32>()
                    .read_unaligned(),
            )
        };
        match state {
            CONNECTING if listen != k_HSteamListenSocket_Invalid => {
                SERVER.store(conn, Ordering::SeqCst);
                // SAFETY: the accessor has no preconditions; the interface is up while
                // callbacks are dispatched; an unknown handle is reported, not dereferenced.
                unsafe {
                    SteamAPI_ISteamNetworkingSockets_AcceptConnection(
                        SteamAPI_SteamNetworkingSockets_v009(),
                        conn,
                    );
                }
            }
            CONNECTED_STATE => {
                CONNECTED.fetch_add(1, Ordering::SeqCst);
            }
            CLOSED_BY_PEER | PROBLEM_DETECTED_LOCALLY => {
                FAILED.fetch_add(1, Ordering::SeqCst);
            }
            _ => {}
        }
    }

    fn int_option(key: ESteamNetworkingConfigValue, value: i32) -> SteamNetworkingConfigValue_t {
        SteamNetworkingConfigValue_t {
            m_eValue: key,
            m_eDataType: ESteamNetworkingConfigDataType::k_ESteamNetworkingConfig_Int32,
            m_val: SteamNetworkingConfigValue_t__bindgen_ty_1 { m_int32: value },
        }
    }

    pub(super) fn run(p: &Params) {
        use ESteamNetworkingConfigValue as K;
        let mut err: SteamNetworkingErrMsg = [0; 1024];
        // SAFETY: a null identity lets the library pick one; err is the buffer type it fills.
        let ok = unsafe { GameNetworkingSockets_Init(ptr::null(), &mut err) };
        assert!(ok, "GameNetworkingSockets_Init failed");
        // SAFETY: the accessors have no preconditions; the library is initialised.
        let (sockets, utils) = unsafe {
            (
                SteamAPI_SteamNetworkingSockets_v009(),
                SteamAPI_SteamNetworkingUtils_v003(),
            )
        };
        assert!(!sockets.is_null() && !utils.is_null(), "no interfaces");
        // SAFETY: utils is non-null; on_status matches the callback signature and lives forever.
        unsafe {
            SteamAPI_ISteamNetworkingUtils_SetGlobalCallback_SteamNetConnectionStatusChanged(
                utils,
                Some(on_status),
            );
        }
        let options = [
            int_option(
                K::k_ESteamNetworkingConfig_RecvBufferMessages,
                RECV_BUFFER_MESSAGES,
            ),
            int_option(K::k_ESteamNetworkingConfig_RecvBufferSize, RECV_BUFFER_SIZE),
            int_option(K::k_ESteamNetworkingConfig_SendBufferSize, SEND_BUFFER_SIZE),
            int_option(K::k_ESteamNetworkingConfig_SendRateMin, SEND_RATE),
            int_option(K::k_ESteamNetworkingConfig_SendRateMax, SEND_RATE),
        ];
        let n_options = options.len() as i32;
        let text = CString::new(format!("127.0.0.1:{}", p.port)).unwrap_or_default();
        let mut addr = SteamNetworkingIPAddr::default();
        // SAFETY: addr is a writable struct; text is a live C string.
        let parsed =
            unsafe { SteamAPI_SteamNetworkingIPAddr_ParseString(&mut addr, text.as_ptr()) };
        assert!(parsed, "cannot parse the address");
        // SAFETY: sockets is non-null; addr and the option array outlive the calls.
        let (listen, client) = unsafe {
            (
                SteamAPI_ISteamNetworkingSockets_CreateListenSocketIP(
                    sockets,
                    &addr,
                    n_options,
                    options.as_ptr(),
                ),
                SteamAPI_ISteamNetworkingSockets_ConnectByIPAddress(
                    sockets,
                    &addr,
                    n_options,
                    options.as_ptr(),
                ),
            )
        };
        assert!(listen != k_HSteamListenSocket_Invalid, "cannot listen");
        assert!(client != k_HSteamNetConnection_Invalid, "cannot connect");
        let deadline = Instant::now() + Duration::from_secs(10);
        while CONNECTED.load(Ordering::SeqCst) < 2 {
            assert!(Instant::now() < deadline, "no connection");
            // SAFETY: sockets is non-null; callbacks run on this thread.
            unsafe { SteamAPI_ISteamNetworkingSockets_RunCallbacks(sockets) };
            std::thread::sleep(Duration::from_millis(1));
        }
        let server = SERVER.load(Ordering::SeqCst);

        let payload = vec![7u8; p.size];
        let len = p.size as u32;
        let mut out: [*mut SteamNetworkingMessage_t; BATCH] = [ptr::null_mut(); BATCH];
        let (mut sent, mut received, mut bytes, mut checksum) = (0usize, 0usize, 0usize, 0u64);
        let mut refused = 0u64;
        let (start, cpu0) = (Instant::now(), cpu_seconds());
        while received < p.count {
            while sent < p.count && sent - received < p.window {
                // SAFETY: sockets is non-null; payload is readable for len bytes; the message
                // number is optional (null).
                let r = unsafe {
                    SteamAPI_ISteamNetworkingSockets_SendMessageToConnection(
                        sockets,
                        client,
                        payload.as_ptr().cast(),
                        len,
                        RELIABLE,
                        ptr::null_mut(),
                    )
                };
                if r != EResult::k_EResultOK {
                    refused += 1;
                    break;
                }
                sent += 1;
            }
            // SAFETY: sockets is non-null; out has room for BATCH pointers.
            let got = unsafe {
                SteamAPI_ISteamNetworkingSockets_ReceiveMessagesOnConnection(
                    sockets,
                    server,
                    out.as_mut_ptr(),
                    BATCH as i32,
                )
            };
            assert!(got >= 0, "invalid server connection");
            for &m in &out[..got as usize] {
                // SAFETY: the library filled in `got` live messages that we own; m_pData holds
                // m_cbSize readable bytes; each message is released exactly once, here.
                unsafe {
                    let size = (*m).m_cbSize as usize;
                    let data = std::slice::from_raw_parts((*m).m_pData.cast::<u8>(), size);
                    bytes += data.len();
                    checksum += u64::from(data.first().copied().unwrap_or(0));
                    SteamAPI_SteamNetworkingMessage_t_Release(m);
                }
            }
            received += got as usize;
            if got == 0 {
                // SAFETY: sockets is non-null; callbacks run on this thread.
                unsafe { SteamAPI_ISteamNetworkingSockets_RunCallbacks(sockets) };
                std::thread::sleep(Duration::from_micros(200));
            }
            assert!(
                start.elapsed() < GIVE_UP && FAILED.load(Ordering::SeqCst) == 0,
                "raw: stalled or closed at {received} of {sent} sent"
            );
        }
        let (wall, cpu) = (start.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
        assert_eq!(bytes, p.count * p.size, "payload bytes");
        assert_eq!(
            checksum,
            7 * p.count as u64 * u64::from(p.size > 0),
            "payload"
        );
        report("raw", p, wall, cpu, refused);
        // SAFETY: sockets is non-null; the handles are ours; Kill comes after every other call.
        unsafe {
            SteamAPI_ISteamNetworkingSockets_CloseConnection(
                sockets,
                client,
                0,
                ptr::null(),
                false,
            );
            SteamAPI_ISteamNetworkingSockets_CloseListenSocket(sockets, listen);
            GameNetworkingSockets_Kill();
        }
    }
}

/// The loop through luasteam's FFI layer (what the Lua glue calls), without Lua.
#[cfg(feature = "standalone")]
mod ffi_layer {
    use super::*;
    use luasteam::address::parse_address;
    use luasteam::ffi::{self, ConfigData, ConfigOption};

    pub(super) fn run(p: &Params) {
        let h = ffi::acquire(None).unwrap_or_else(|e| panic!("{e}"));
        let owner = ffi::new_owner();
        let addr =
            parse_address(&format!("127.0.0.1:{}", p.port)).unwrap_or_else(|e| panic!("{e}"));
        let option = |name: &str, value: i32| ConfigOption {
            key: luasteam_generated::enums::ESteamNetworkingConfigValue
                .value_of(name)
                .unwrap_or_default(),
            value: ConfigData::Int32(value),
        };
        let opts = [
            option("RecvBufferMessages", RECV_BUFFER_MESSAGES),
            option("RecvBufferSize", RECV_BUFFER_SIZE),
            option("SendBufferSize", SEND_BUFFER_SIZE),
            option("SendRateMin", SEND_RATE),
            option("SendRateMax", SEND_RATE),
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
            ffi::run_callbacks(&h).unwrap_or_else(|f| panic!("{f}"));
            for e in ffi::take_events(&h, owner)
                .into_iter()
                .filter_map(ffi::Queued::status)
            {
                if e.state == 1 && e.listen_socket == listen {
                    server = e.connection;
                    ffi::accept_connection(&h, server).unwrap_or_else(|f| panic!("{f}"));
                }
                if e.state == 3 {
                    connected += 1;
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let payload = vec![7u8; p.size];
        let (mut sent, mut received, mut last, mut refused) = (0, 0, 1, 0u64);
        let (start, cpu0) = (Instant::now(), cpu_seconds());
        while received < p.count {
            while sent < p.count && sent - received < p.window {
                last = match ffi::send_message(&h, client, &payload, RELIABLE) {
                    Ok(_) => 1,
                    Err(failure) => failure.eresult(),
                };
                if last != 1 {
                    refused += 1;
                    break;
                }
                sent += 1;
            }
            let got = ffi::receive_messages_on_connection(&h, server, BATCH).unwrap_or_default();
            received += got.len();
            if got.is_empty() {
                ffi::run_callbacks(&h).unwrap_or_else(|f| panic!("{f}"));
                std::thread::sleep(Duration::from_micros(200));
            }
            assert!(
                start.elapsed() < GIVE_UP,
                "ffi: stalled at {received} of {sent} sent; last send result {last}; events {:?}",
                ffi::take_events(&h, owner)
            );
        }
        let (wall, cpu) = (start.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
        report("ffi", p, wall, cpu, refused);
        ffi::forget_owner(owner);
    }
}
