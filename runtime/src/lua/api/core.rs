//! `Steam.*` (spec/core.rst).

use super::*;
use crate::ffi;
use crate::lua::events;
use crate::lua::utils;
use luasteam_generated::api::args::core as args;
use luasteam_generated::api::Api;
use luasteam_generated::api::CoreApi;
use luasteam_generated::callbacks::Event;
use mlua::{Lua, Table};

impl CoreApi for LuaApi {
    fn backend(&self, _lua: &Lua) -> mlua::Result<String> {
        Ok(Self::BACKEND.to_string())
    }

    fn init(&self, _lua: &Lua, options: Option<Table>) -> mlua::Result<(bool, Option<String>)> {
        let (identity, signaling) = init_options(options)?;
        Ok(match self.rt.init(identity.as_ref(), signaling) {
            Ok(()) => (true, None),
            Err(message) => (false, Some(message)),
        })
    }

    fn shutdown(&self, lua: &Lua) -> mlua::Result<()> {
        self.rt.shutdown(lua)
    }

    fn run_callbacks(&self, lua: &Lua) -> mlua::Result<()> {
        let steam: Table = lua.named_registry_value(MODULE_KEY)?;
        let (fresh, debug, signals) = self.rt.with(|h| {
            // A library that went away (the Steam client quit) has nothing to deliver.
            let _ = ffi::run_callbacks(h);
            #[cfg(feature = "standalone")]
            let signals = self.rt.exchange_signals(h);
            #[cfg(not(feature = "standalone"))]
            let signals = Vec::new();
            let owner = self.rt.owner();
            (
                ffi::take_events(h, owner),
                ffi::take_debug_output(h, owner),
                signals,
            )
        })?;
        let converted = fresh
            .into_iter()
            .map(|e| events::connection_changed(&self.rt, lua, e))
            .collect::<mlua::Result<Vec<_>>>()?;
        self.rt.push_events(converted);
        self.rt.push_events(utils::debug_events(debug));
        self.rt.push_events(signals);
        while let Some(event) = self.rt.pop_event() {
            let request = match &event {
                Event::MessagesOnSessionRequest(d) => Some(d.identity.clone()),
                _ => None,
            };
            let Some(identity) = request else {
                // A handler's error leaves the rest queued for the next call.
                event.dispatch(lua, &steam)?;
                continue;
            };
            // A session request is refused unless its handler accepts it (also when there is
            // no handler, or it raises an error).
            self.rt.request_pending(&identity);
            let dispatched = event.dispatch(lua, &steam);
            if self.rt.request_unanswered(&identity) {
                self.refuse_session(&identity)?;
            }
            dispatched?;
        }
        Ok(())
    }

    fn sleep(&self, seconds: f64) -> mlua::Result<()> {
        let duration = std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
            args::sleep::SECONDS.error("a finite, non-negative number of seconds expected")
        })?;
        std::thread::sleep(duration);
        Ok(())
    }
}

impl LuaApi {
    /// Closes the session `identity` opened and its handler did not accept.
    fn refuse_session(&self, identity: &str) -> mlua::Result<()> {
        let Ok(peer) = ffi::Identity::parse(identity) else {
            return Ok(());
        };
        // A library shut down by the handler has no session left to refuse.
        if self.rt.is_initialised() {
            let _ = self
                .rt
                .with(|h| ffi::close_session_with_user(h, self.rt.owner(), &peer))?;
        }
        Ok(())
    }
}

/// The `options` of `init`: the identity (checked by the library's parser on both backends)
/// and the local signaling service's address.
fn init_options(
    options: Option<Table>,
) -> mlua::Result<(Option<ffi::Identity>, Option<std::net::SocketAddr>)> {
    let arg = args::init::OPTIONS;
    let Some(options) = options else {
        return Ok((None, None));
    };
    let mut identity = None;
    let mut signaling = None;
    for pair in options.pairs::<mlua::Value, mlua::Value>() {
        let (key, value) = pair?;
        let key = match key {
            mlua::Value::String(k) => k.to_string_lossy(),
            other => {
                return Err(arg.error(format!(
                    "option keys are strings, got {}",
                    other.type_name()
                )))
            }
        };
        let text = match &value {
            mlua::Value::String(v) => v.to_string_lossy(),
            other => {
                return Err(arg.error(format!(
                    "option '{key}' must be a string, got {}",
                    other.type_name()
                )))
            }
        };
        match key.as_str() {
            // The steam backend's SDK parses identities inside the Steam client, which is not
            // loaded before init (libsteam_api crashes there): the identity it ignores is only
            // checked to be a string.
            #[cfg(feature = "standalone")]
            "identity" => identity = Some(ffi::Identity::parse(&text).map_err(|m| arg.error(m))?),
            #[cfg(not(feature = "standalone"))]
            "identity" => identity = None,
            "signaling" => {
                signaling = Some(
                    crate::address::parse_address(&text)
                        .map_err(|m| arg.error(format!("signaling: {m}")))?,
                )
            }
            _ => {
                return Err(arg.error(format!(
                    "unknown option '{key}' (expected identity or signaling)"
                )))
            }
        }
    }
    Ok((identity, signaling))
}
