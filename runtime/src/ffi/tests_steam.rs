//! Without a Steam client the steam backend must refuse to start, not crash.

use super::*;

#[test]
fn acquire_fails_cleanly_without_a_steam_client() {
    match acquire(None) {
        Err(message) => {
            eprintln!("acquire(None) without Steam: {message}");
            assert!(message.contains("Steam"), "{message}");
        }
        // A developer machine with Steam running: then the backend must be usable.
        Ok(handle) => run_callbacks(&handle).unwrap_or_else(|f| panic!("{f}")),
    }
}
