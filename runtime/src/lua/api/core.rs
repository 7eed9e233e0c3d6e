//! `Steam.*` (spec/core.rst).

use super::*;
use crate::ffi;
use crate::lua::events;
use crate::lua::utils;
use luasteam_generated::api::args::core as args;
use luasteam_generated::api::Api;
use luasteam_generated::api::CoreApi;
use luasteam_generated::callbacks::Event;
use luasteam_generated::support::lua_type_name;
use mlua::{Lua, Table};

impl CoreApi for LuaApi {
    fn backend(&self, _lua: &Lua) -> mlua::Result<String> {
        Ok(Self::BACKEND.to_string())
    }

    fn init(&self, _lua: &Lua, options: Option<Table>) -> mlua::Result<(bool, Option<String>)> {
        let o = init_options(options)?;
        Ok(
            match self
                .rt
                .init(o.identity.as_ref(), o.signaling, o.game_server.as_ref())
            {
                Ok(()) => (true, None),
                Err(message) => (false, Some(message)),
            },
        )
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

/// The `options` of `init`.
#[derive(Default)]
struct InitOptions {
    identity: Option<ffi::Identity>,
    signaling: Option<std::net::SocketAddr>,
    game_server: Option<ffi::GameServer>,
}

/// The `options` of `init`: the identity (checked by the library's parser on the standalone
/// backend), the local signaling service's address and the game-server settings.
fn init_options(options: Option<Table>) -> mlua::Result<InitOptions> {
    let arg = args::init::OPTIONS;
    let mut out = InitOptions::default();
    let Some(options) = options else {
        return Ok(out);
    };
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
        if key == "gameServer" {
            out.game_server = Some(game_server(value)?);
            continue;
        }
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
            "identity" => {
                out.identity = Some(ffi::Identity::parse(&text).map_err(|m| arg.error(m))?)
            }
            #[cfg(not(feature = "standalone"))]
            "identity" => out.identity = None,
            "signaling" => {
                out.signaling = Some(
                    crate::address::parse_address(&text)
                        .map_err(|m| arg.error(format!("signaling: {m}")))?,
                )
            }
            _ => {
                return Err(arg.error(format!(
                    "unknown option '{key}' (expected identity, signaling or gameServer)"
                )))
            }
        }
    }
    Ok(out)
}

/// The `gameServer` table of `init`'s options.
fn game_server(value: mlua::Value) -> mlua::Result<ffi::GameServer> {
    let arg = args::init::OPTIONS;
    let bad = |m: String| arg.error(format!("gameServer: {m}"));
    let table = match value {
        mlua::Value::Table(t) => t,
        other => {
            return Err(bad(format!(
                "table expected, got {}",
                lua_type_name(&other)
            )))
        }
    };
    let mut port = None;
    let mut query_port = None;
    let mut ip = std::net::Ipv4Addr::UNSPECIFIED;
    let mut mode = ffi::ServerMode::Authentication;
    let mut version = c"1.0.0.0".to_owned();
    let mut token = None;
    for pair in table.pairs::<mlua::Value, mlua::Value>() {
        let (key, value) = pair?;
        let key = match key {
            mlua::Value::String(k) => k.to_string_lossy(),
            other => {
                return Err(bad(format!(
                    "keys are strings, got {}",
                    lua_type_name(&other)
                )))
            }
        };
        let port_value = |value: &mlua::Value| -> mlua::Result<u16> {
            let n = match *value {
                mlua::Value::Integer(i) => Some(i),
                mlua::Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e9 => Some(n as i64),
                _ => None,
            };
            n.and_then(|n| u16::try_from(n).ok())
                .filter(|p| *p != 0)
                .ok_or_else(|| bad(format!("'{key}' must be a port from 1 to 65535")))
        };
        let text = |value: &mlua::Value| -> mlua::Result<std::ffi::CString> {
            match value {
                mlua::Value::String(s) => std::ffi::CString::new(s.as_bytes().to_vec())
                    .map_err(|_| bad(format!("'{key}' must not contain zero bytes"))),
                other => Err(bad(format!(
                    "'{key}' must be a string, got {}",
                    lua_type_name(other)
                ))),
            }
        };
        match key.as_str() {
            "port" => port = Some(port_value(&value)?),
            "queryPort" => query_port = Some(port_value(&value)?),
            "ip" => {
                let t = text(&value)?;
                ip = t
                    .to_string_lossy()
                    .parse()
                    .map_err(|_| bad(format!("'ip' must be an IPv4 address, got {t:?}")))?;
            }
            "mode" => {
                let t = text(&value)?;
                let name = t.to_string_lossy();
                mode = ffi::ServerMode::from_name(&name).ok_or_else(|| {
                    bad(format!(
                        "unknown mode '{name}' (expected {})",
                        ffi::ServerMode::NAMES.join(", ")
                    ))
                })?;
            }
            "version" => version = text(&value)?,
            "token" => token = Some(text(&value)?),
            _ => {
                return Err(bad(format!(
                    "unknown key '{key}' (expected port, queryPort, ip, mode, version or token)"
                )))
            }
        }
    }
    let port = port.ok_or_else(|| bad("'port' is required".to_string()))?;
    let query_port = match query_port {
        Some(q) => q,
        None => port
            .checked_add(1)
            .ok_or_else(|| bad("'queryPort' is required when 'port' is 65535".to_string()))?,
    };
    Ok(ffi::GameServer {
        ip,
        port,
        query_port,
        mode,
        version,
        token,
    })
}
