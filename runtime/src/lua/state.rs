//! The state one Lua state holds: its backend handle, its owner id and its event queue.

use super::listen_socket::ListenSocket;
use crate::ffi::{self, Handle, Owner};
use luasteam_generated::callbacks::Event;
use mlua::{AnyUserData, Lua, Table, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Registry key of the table handle -> listen socket userdata (open sockets only).
const SOCKETS_KEY: &str = "luasteam.listen_sockets";

/// Every borrow of a `RefCell` here is short and calls no Lua code, so a finalizer or a
/// handler that calls luasteam while another luasteam call runs cannot meet a borrowed cell.
pub struct Runtime {
    /// The backend handle (`ctx.handle`), shared with the calls in progress ([`Self::with`]):
    /// a `shutdown` from a finalizer while a call runs lets that call finish with the backend
    /// it started with. The LuaJIT fast path reads it through the context's address.
    ctx: ffi::jit::Context,
    owner: Owner,
    queue: RefCell<VecDeque<Event>>,
    /// Identities of the session requests whose `onSessionRequest` handler is running and
    /// has not accepted them yet (a stack: a handler may run `runCallbacks` itself).
    requests: RefCell<Vec<String>>,
    /// luasteam's local signaling service, when `init` was given its address.
    #[cfg(feature = "standalone")]
    rendezvous: RefCell<Option<crate::rendezvous::Rendezvous>>,
}

impl Runtime {
    pub fn new() -> Self {
        Runtime {
            ctx: ffi::jit::Context::default(),
            owner: ffi::new_owner(),
            queue: RefCell::new(VecDeque::new()),
            requests: RefCell::new(Vec::new()),
            #[cfg(feature = "standalone")]
            rendezvous: RefCell::new(None),
        }
    }

    pub fn owner(&self) -> Owner {
        self.owner
    }

    /// Initialises the backend for this Lua state; idempotent. `identity` is checked against
    /// the running library's (standalone); `signaling` joins luasteam's local signaling
    /// service (standalone; ignored on steam); `game_server` starts the steam backend as a
    /// game server (checked, then ignored, on standalone).
    pub fn init(
        &self,
        identity: Option<&ffi::Identity>,
        signaling: Option<std::net::SocketAddr>,
        game_server: Option<&ffi::GameServer>,
    ) -> Result<(), String> {
        let held = self.ctx.handle.borrow().clone();
        let handle = match held {
            Some(h) => {
                if identity.is_some() || game_server.is_some() {
                    // Checks the identity and the mode; the extra hold is released at once.
                    drop(ffi::acquire_as(identity, game_server)?);
                }
                h
            }
            None => Rc::new(ffi::acquire_as(identity, game_server)?),
        };
        #[cfg(feature = "standalone")]
        if let Some(service) = signaling {
            let me = ffi::get_identity(&handle).map_err(|f| f.to_string())?;
            let joined = crate::rendezvous::Rendezvous::new(service, me)?;
            *self.rendezvous.borrow_mut() = Some(joined);
        }
        #[cfg(not(feature = "standalone"))]
        let _ = signaling;
        self.ctx.handle.borrow_mut().get_or_insert(handle);
        Ok(())
    }

    /// Serves luasteam's local signaling service, if this state joined it: feeds the signals
    /// that arrived to the library, and sends those the library queued for this state.
    /// Without the service the queued signals become `onSignal` events.
    #[cfg(feature = "standalone")]
    pub fn exchange_signals(&self, h: &Handle) -> Vec<Event> {
        use luasteam_generated::callbacks::SocketsSignalData;
        let mut service = self.rendezvous.borrow_mut();
        if let Some(r) = service.as_mut() {
            r.pump(|blob| {
                // A stray or stale signal is the library's to ignore.
                let _ = ffi::received_signal(h, blob);
            });
        }
        let signals = ffi::take_signals(h, self.owner);
        match service.as_ref() {
            Some(r) => {
                for s in signals {
                    r.send(&s.identity, &s.blob);
                }
                Vec::new()
            }
            None => signals
                .into_iter()
                .map(|s| {
                    Event::SocketsOnSignal(SocketsSignalData {
                        identity: s.identity,
                        blob: crate::base64::encode(&s.blob),
                    })
                })
                .collect(),
        }
    }

    /// Closes everything this state owns and releases the backend.
    pub fn shutdown(&self, lua: &Lua) -> mlua::Result<()> {
        let dropped = std::mem::take(&mut *self.queue.borrow_mut());
        drop(dropped);
        let handle = self.ctx.handle.borrow_mut().take();
        ffi::forget_owner(self.owner);
        drop(handle);
        #[cfg(feature = "standalone")]
        drop(self.rendezvous.borrow_mut().take());
        // Sockets the script still holds report themselves closed.
        if let Ok(t) = lua.named_registry_value::<Table>(SOCKETS_KEY) {
            for (_, ud) in t.pairs::<Value, AnyUserData>().flatten() {
                if let Ok(s) = ud.borrow::<ListenSocket>() {
                    s.closed.set(true);
                }
            }
            lua.set_named_registry_value(SOCKETS_KEY, Self::weak_table(lua)?)?;
        }
        Ok(())
    }

    /// The address the LuaJIT fast path reads the handle through (see `crate::ffi::jit`).
    #[cfg(feature = "luajit")]
    pub fn jit_context(&self) -> *const ffi::jit::Context {
        &self.ctx
    }

    pub fn is_initialised(&self) -> bool {
        self.ctx.handle.borrow().is_some()
    }

    /// Runs `f` with the backend handle. The glue has checked [`Self::is_initialised`] before
    /// any function that needs it; the error only covers a `shutdown` in between (from a
    /// finalizer or a handler). `f` may run Lua code (building tables can run finalizers):
    /// the handle is cloned out first, so no borrow is held while it runs.
    pub fn with<R>(&self, f: impl FnOnce(&Handle) -> R) -> mlua::Result<R> {
        let handle = self.ctx.handle.borrow().clone();
        match handle {
            Some(h) => Ok(f(&h)),
            None => Err(mlua::Error::runtime(
                "luasteam was shut down during this call (call Steam.init() again)",
            )),
        }
    }

    /// A table with weak values: it finds the object of an open socket without keeping it
    /// from being collected (and so closed, see [`ListenSocket`]'s `Drop`).
    fn weak_table(lua: &Lua) -> mlua::Result<Table> {
        let t = lua.create_table()?;
        let meta = lua.create_table()?;
        meta.raw_set("__mode", "v")?;
        t.set_metatable(Some(meta))?;
        Ok(t)
    }

    fn sockets(lua: &Lua) -> mlua::Result<Table> {
        match lua.named_registry_value::<Value>(SOCKETS_KEY)? {
            Value::Table(t) => Ok(t),
            _ => {
                let t = Self::weak_table(lua)?;
                lua.set_named_registry_value(SOCKETS_KEY, &t)?;
                Ok(t)
            }
        }
    }

    /// The userdata for an open listen socket, creating it the first time.
    pub fn socket_object(&self, lua: &Lua, handle: u32) -> mlua::Result<AnyUserData> {
        let t = Self::sockets(lua)?;
        if let Value::UserData(ud) = t.raw_get::<Value>(handle)? {
            return Ok(ud);
        }
        let ud = lua.create_userdata(ListenSocket::new(handle))?;
        t.raw_set(handle, &ud)?;
        Ok(ud)
    }

    /// The userdata for a handle if the script has one and it is open.
    pub fn known_socket(&self, lua: &Lua, handle: u32) -> mlua::Result<Option<AnyUserData>> {
        if handle == 0 {
            return Ok(None);
        }
        match Self::sockets(lua)?.raw_get::<Value>(handle)? {
            Value::UserData(ud) => Ok(Some(ud)),
            _ => Ok(None),
        }
    }

    /// Marks a socket closed and forgets its object; true if it was open.
    pub fn forget_socket(&self, lua: &Lua, socket: &ListenSocket) -> mlua::Result<bool> {
        if socket.closed.replace(true) {
            return Ok(false);
        }
        Self::sockets(lua)?.raw_set(socket.handle, Value::Nil)?;
        Ok(true)
    }

    pub fn push_events(&self, events: impl IntoIterator<Item = Event>) {
        // Collected first: the iterator may build Lua values (and so run finalizers).
        let events: Vec<Event> = events.into_iter().collect();
        self.queue.borrow_mut().extend(events);
    }

    /// Drops queued connection events about `connection` (closed locally).
    pub fn forget_connection_events(&self, connection: i64) {
        self.queue.borrow_mut().retain(
            |e| !matches!(e, Event::SocketsOnConnectionChanged(d) if d.connection == connection),
        );
    }

    /// A session request from `identity` is about to be handed to its handler.
    pub fn request_pending(&self, identity: &str) {
        self.requests.borrow_mut().push(identity.to_string());
    }

    /// `acceptSessionWithUser(identity)` was called: the requests from it are answered.
    pub fn answer_request(&self, identity: &str) {
        self.requests.borrow_mut().retain(|i| i != identity);
    }

    /// The handler of `identity`'s request returned: whether it left the request unanswered.
    pub fn request_unanswered(&self, identity: &str) -> bool {
        let mut requests = self.requests.borrow_mut();
        match requests.iter().rposition(|i| i == identity) {
            Some(at) => {
                requests.remove(at);
                true
            }
            None => false,
        }
    }

    pub fn pop_event(&self) -> Option<Event> {
        self.queue.borrow_mut().pop_front()
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Close what this state still owns before the backend may shut down.
        let handle = self.ctx.handle.get_mut().take();
        ffi::forget_owner(self.owner);
        drop(handle);
        ffi::drop_owner(self.owner);
    }
}
