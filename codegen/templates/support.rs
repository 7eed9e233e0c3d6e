//! Argument checking and conversions shared by the generated glue.
//!
//! Error texts follow Lua's own auxiliary library, so a script sees
//! `bad argument #1 to 'createListenSocketIP' (string expected, got nil)`.

use mlua::{ffi, AnyUserData, Function, Lua, MultiValue, Table, Value};
use std::ffi::c_int;
use std::fmt::Display;

/// An SDK enum as (name without prefix, value) pairs, in SDK order.
#[derive(Debug)]
pub struct EnumMap {
    pub name: &'static str,
    pub entries: &'static [(&'static str, i32)],
}

impl EnumMap {
    /// The name of a value; the first one where the SDK has aliases.
    pub fn name_of(&self, value: i32) -> Option<&'static str> {
        self.entries.iter().find(|e| e.1 == value).map(|e| e.0)
    }

    pub fn value_of(&self, name: &str) -> Option<i32> {
        self.entries.iter().find(|e| e.0 == name).map(|e| e.1)
    }
}

/// A value of an SDK enum, as the runtime reports it; the glue gives the script its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enum(pub i32);

/// The name of `value` in `map`. In debug builds and with the `checked-results` feature
/// a value outside the documented list `documented` is an error naming `what` and the value:
/// the reference would be wrong. Without it an unknown value reads as its number.
pub fn enum_name(
    map: &EnumMap,
    documented: &[&str],
    value: Enum,
    what: &str,
) -> mlua::Result<std::borrow::Cow<'static, str>> {
    let name = map.name_of(value.0);
    let checked = cfg!(debug_assertions) || cfg!(feature = "checked-results");
    if checked && !name.is_some_and(|n| documented.contains(&n)) {
        return Err(mlua::Error::runtime(format!(
            "luasteam bug: {what} is {} = {} ({}), which the reference does not list (documented: {})",
            map.name,
            value.0,
            name.unwrap_or("no name in the SDK"),
            documented.join(", ")
        )));
    }
    Ok(sdk_name(map, value.0))
}

/// The name of `value` in `map`, or its number when the SDK has no name for it (for values
/// the runtime puts in tables it builds itself).
pub fn sdk_name(map: &EnumMap, value: i32) -> std::borrow::Cow<'static, str> {
    match map.name_of(value) {
        Some(n) => std::borrow::Cow::Borrowed(n),
        None => std::borrow::Cow::Owned(value.to_string()),
    }
}

/// Data type of a configuration value (ESteamNetworkingConfigDataType).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigType {
    Int32,
    Int64,
    Float,
    String,
    Ptr,
}

/// A documented option key, as accepted in `options` tables.
#[derive(Debug)]
pub struct OptionKey {
    pub name: &'static str,
    pub value: i32,
    pub data_type: ConfigType,
    pub lua_type: &'static str,
    /// The SDK header tags the key `[global ...]`: it can only be set process-wide, never in
    /// the `options` of one socket or connection.
    pub global: bool,
}

/// Lua's name for the type of a value, as `luaL_typename` prints it.
pub fn lua_type_name(value: &Value) -> &'static str {
    match value {
        Value::Integer(_) | Value::Number(_) => "number",
        Value::LightUserData(_) => "userdata",
        other => other.type_name(),
    }
}

/// One documented parameter: the function it belongs to and its position (1-based), as the
/// generated `api::args` constants name them. For a method (`ListenSocket:close`) the position
/// is counted as Lua counts a method's arguments: the receiver (`SELF`) is 0, the first
/// argument after it 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgRef {
    pub function: &'static str,
    pub position: usize,
    /// The parameter's documented name.
    pub name: &'static str,
}

impl ArgRef {
    /// `bad argument #N to 'NAME' (MESSAGE)` for this parameter.
    pub fn error(self, message: impl Display) -> mlua::Error {
        bad_argument(self.position, self.function, message)
    }
}

/// The error of a function called before `Steam.init()` or after `Steam.shutdown()`.
pub fn not_initialised(function: &str) -> mlua::Error {
    mlua::Error::runtime(format!(
        "{function}: luasteam is not initialised (call Steam.init() first; after Steam.shutdown() call it again)"
    ))
}

/// `bad argument #N to 'NAME' (MESSAGE)`, as `luaL_argerror` words it; position 0 is the
/// receiver of a method, `calling 'NAME' on bad self (MESSAGE)`, as `luaL_argerror` words an
/// error in the `self` of a method call.
pub fn bad_argument(position: usize, function: &str, message: impl Display) -> mlua::Error {
    if position == 0 {
        return mlua::Error::runtime(format!("calling '{function}' on bad self ({message})"));
    }
    mlua::Error::runtime(format!("bad argument #{position} to '{function}' ({message})"))
}

fn expected(what: &str, got: &Value) -> String {
    format!("{what} expected, got {}", lua_type_name(got))
}

/// Lua says "no value" for a missing argument and "nil" for an explicit nil.
fn absent(message: String, args: &MultiValue, position: usize) -> String {
    if position > args.len() {
        message.replacen("got nil", "got no value", 1)
    } else {
        message
    }
}

/// A Lua value that a documented parameter type accepts.
pub trait Arg: Sized {
    /// Converts, or returns the parenthesised part of the error.
    fn check(value: Value) -> Result<Self, String>;
}

impl Arg for mlua::LuaString {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(expected("string", &other)),
        }
    }
}

impl Arg for i64 {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Integer(i) => Ok(i),
            Value::Number(n) => {
                // 2^63 is exactly representable; anything at or beyond it is out of range.
                const LIMIT: f64 = 9.223_372_036_854_776e18;
                if n.fract() == 0.0 && (-LIMIT..LIMIT).contains(&n) {
                    Ok(n as i64)
                } else {
                    Err("number has no integer representation".to_string())
                }
            }
            other => Err(expected("number", &other)),
        }
    }
}

impl Arg for f64 {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Integer(i) => Ok(i as f64),
            Value::Number(n) => Ok(n),
            other => Err(expected("number", &other)),
        }
    }
}

impl Arg for bool {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Boolean(b) => Ok(b),
            other => Err(expected("boolean", &other)),
        }
    }
}

impl Arg for Table {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Table(t) => Ok(t),
            other => Err(expected("table", &other)),
        }
    }
}

impl Arg for Function {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Function(f) => Ok(f),
            other => Err(expected("function", &other)),
        }
    }
}

impl Arg for AnyUserData {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::UserData(u) => Ok(u),
            other => Err(expected("userdata", &other)),
        }
    }
}

impl Arg for Value {
    fn check(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

impl<T: Arg> Arg for Option<T> {
    fn check(value: Value) -> Result<Self, String> {
        match value {
            Value::Nil => Ok(None),
            other => T::check(other).map(Some),
        }
    }
}

/// Argument `position` (1-based) of `function`, converted to `T`.
pub fn arg<T: Arg>(args: &MultiValue, position: usize, function: &str) -> mlua::Result<T> {
    arg_at(args, position, position, function)
}

/// Value `index` (1-based) of `args`, converted to `T`; errors name it as argument `reported`.
fn arg_at<T: Arg>(args: &MultiValue, index: usize, reported: usize, function: &str) -> mlua::Result<T> {
    let value = args.get(index - 1).cloned().unwrap_or(Value::Nil);
    T::check(value).map_err(|m| bad_argument(reported, function, absent(m, args, index)))
}

/// Argument `position` of `function`, which must be a userdata of class `T` named `class`.
pub fn arg_class<T: 'static>(
    args: &MultiValue,
    position: usize,
    function: &str,
    class: &str,
) -> mlua::Result<AnyUserData> {
    class_at::<T>(args, position, position, function, class)
}

fn class_at<T: 'static>(
    args: &MultiValue,
    index: usize,
    reported: usize,
    function: &str,
    class: &str,
) -> mlua::Result<AnyUserData> {
    let value = args.get(index - 1).cloned().unwrap_or(Value::Nil);
    match value {
        Value::UserData(u) if u.is::<T>() => Ok(u),
        other => {
            let message = absent(expected(class, &other), args, index);
            Err(bad_argument(reported, function, message))
        }
    }
}

/// Like [`arg_class`] for an optional parameter.
pub fn opt_arg_class<T: 'static>(
    args: &MultiValue,
    position: usize,
    function: &str,
    class: &str,
) -> mlua::Result<Option<AnyUserData>> {
    match args.get(position - 1) {
        None | Some(Value::Nil) => Ok(None),
        Some(_) => arg_class::<T>(args, position, function, class).map(Some),
    }
}

/// Value `index` (1-based, the receiver is 1) of a call to method `function`, converted to
/// `T`. Errors count as Lua counts a method's arguments: the receiver is `self`, the value
/// after it argument #1.
pub fn method_arg<T: Arg>(args: &MultiValue, index: usize, function: &str) -> mlua::Result<T> {
    arg_at(args, index, index - 1, function)
}

/// Like [`method_arg`] for a userdata of class `T` named `class`; index 1 is the receiver
/// (`calling 'close' on bad self (ListenSocket expected, got nil)`).
pub fn method_arg_class<T: 'static>(
    args: &MultiValue,
    index: usize,
    function: &str,
    class: &str,
) -> mlua::Result<AnyUserData> {
    class_at::<T>(args, index, index - 1, function, class)
}

/// Like [`method_arg_class`] for an optional parameter.
pub fn opt_method_arg_class<T: 'static>(
    args: &MultiValue,
    index: usize,
    function: &str,
    class: &str,
) -> mlua::Result<Option<AnyUserData>> {
    match args.get(index - 1) {
        None | Some(Value::Nil) => Ok(None),
        Some(_) => method_arg_class::<T>(args, index, function, class).map(Some),
    }
}

/// `value` on success, `nil, message` on a documented failure.
pub fn fallible<T: mlua::IntoLuaMulti>(lua: &Lua, result: Result<T, String>) -> mlua::Result<MultiValue> {
    match result {
        Ok(value) => value.into_lua_multi(lua),
        Err(message) => mlua::IntoLuaMulti::into_lua_multi((Value::Nil, message), lua),
    }
}

/// The error raised by a function that the running backend cannot serve.
pub fn not_available(function: &str, backend: &str) -> mlua::Error {
    mlua::Error::runtime(format!("{function} is not available on the {backend} backend"))
}

/// Calls a user callback `table[name](args...)` (one data table, or the documented scalar
/// arguments); `Ok(false)` when none is assigned. The handler runs in protected mode; if it
/// raises, the raised value is kept as it is, so the `runCallbacks` that dispatched it raises
/// that same value (a string, a table, anything) to its caller.
pub fn call_handler(
    lua: &Lua,
    table: &Table,
    qualified: &str,
    name: &str,
    args: impl mlua::IntoLuaMulti,
) -> mlua::Result<bool> {
    match table.raw_get::<Value>(name)? {
        Value::Nil => Ok(false),
        Value::Function(f) => {
            let pcall: Function = lua.named_registry_value(PCALL_KEY)?;
            let mut call = args.into_lua_multi(lua)?;
            call.push_front(Value::Function(f));
            let mut results = pcall.call::<MultiValue>(call)?;
            match results.pop_front() {
                Some(Value::Boolean(true)) => Ok(true),
                _ => {
                    let raised = results.pop_front().unwrap_or(Value::Nil);
                    lua.set_named_registry_value(RETHROW_KEY, raised)?;
                    Err(mlua::Error::external(Rethrow))
                }
            }
        }
        other => Err(mlua::Error::runtime(format!(
            "Steam.{qualified} must be a function, got {}",
            lua_type_name(&other)
        ))),
    }
}

/// Registry key of the raw protected call [`call_handler`] runs handlers through.
const PCALL_KEY: &str = "luasteam.pcall";
/// Registry key of the value a handler raised, until the glue raises it again.
const RETHROW_KEY: &str = "luasteam.rethrow";

/// The error that stands for "raise the value a handler raised" (kept under [`RETHROW_KEY`]).
#[derive(Debug)]
struct Rethrow;

impl std::fmt::Display for Rethrow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a callback raised an error")
    }
}

impl std::error::Error for Rethrow {}

/// Tags the first result of an inner function with what the outer C function must raise.
static TAGS: [u8; 2] = [0, 1];
const RAISE: usize = 0;
const RETHROW: usize = 1;

fn tag(which: usize) -> Value {
    Value::LightUserData(mlua::LightUserData(
        std::ptr::addr_of!(TAGS[which]) as *mut std::ffi::c_void
    ))
}

fn is_rethrow(e: &mlua::Error) -> bool {
    match e {
        mlua::Error::ExternalError(inner) => inner.downcast_ref::<Rethrow>().is_some(),
        mlua::Error::CallbackError { cause, .. } => is_rethrow(cause),
        mlua::Error::WithContext { cause, .. } => is_rethrow(cause),
        _ => false,
    }
}

/// The text of an error as a script should read it: without mlua's `runtime error: ` prefix,
/// its tracebacks or context lines.
pub fn message(e: &mlua::Error) -> String {
    match e {
        mlua::Error::RuntimeError(m) | mlua::Error::MemoryError(m) => m.clone(),
        mlua::Error::CallbackError { cause, .. } => message(cause),
        mlua::Error::WithContext { cause, .. } => message(cause),
        mlua::Error::ExternalError(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

/// What an inner function returns instead of failing: a tag and the message or value.
fn failure(lua: &Lua, e: mlua::Error) -> mlua::Result<MultiValue> {
    let (which, value) = if is_rethrow(&e) {
        let value = lua.named_registry_value::<Value>(RETHROW_KEY)?;
        lua.set_named_registry_value(RETHROW_KEY, Value::Nil)?;
        (RETHROW, value)
    } else {
        (RAISE, Value::String(lua.create_string(message(&e))?))
    };
    Ok(MultiValue::from_vec(vec![tag(which), value]))
}

/// Lua 5.1 and LuaJIT: the garbage collector is paused while a luasteam function runs, so
/// no `__gc` finalizer runs inside it. mlua's protected calls on these versions keep the C
/// function they are about to call in one registry slot per state, written through an
/// allocation that can run the collector; a finalizer calling luasteam there overwrote the slot
/// and the outer call then ran the wrong function (a crash). Finalizers run after the call
/// returns instead; handlers (see [`raw_pcall`]) run with the collector as the script left it.
#[cfg(any(feature = "lua51", feature = "luajit"))]
mod gc {
    use super::ffi;
    use std::cell::Cell;

    thread_local! {
        /// Whether a luasteam call on this thread has paused the collector (Lua states on
        /// one thread never run inside each other, so one flag per thread is enough), and the
        /// heap size in KiB when it did.
        static PAUSED: Cell<Option<super::c_int>> = const { Cell::new(None) };
        /// Whether a catch-up step (see [`resume`]) is running on this thread.
        static STEPPING: Cell<bool> = const { Cell::new(false) };
    }

    /// Pauses the collector unless it is paused already; true if this call paused it.
    /// SAFETY (callers): `l` is a valid Lua state.
    pub unsafe fn pause(l: *mut ffi::lua_State) -> bool {
        if PAUSED.with(Cell::get).is_some() || !running(l) {
            return false;
        }
        // SAFETY: l is valid; reading the heap size and stopping the collector neither
        // allocate nor raise.
        let kib = unsafe {
            let kib = ffi::lua_gc(l, ffi::LUA_GCCOUNT, 0);
            ffi::lua_gc(l, ffi::LUA_GCSTOP, 0);
            kib
        };
        PAUSED.with(|p| p.set(Some(kib)));
        true
    }

    /// Whether a luasteam call on this thread paused the collector.
    pub fn was_paused() -> bool {
        PAUSED.with(Cell::get).is_some()
    }

    /// Undoes a [`pause`] that returned true, and has the collector do the work it would have
    /// done for what was allocated meanwhile: restarting alone would forgive that debt, and a
    /// program whose garbage is mostly made inside luasteam calls (message tables) would grow
    /// without bound. Finalizers may run here, after the call. The step runs in protected mode
    /// and an error a finalizer raises there is dropped (raising it would lose the call's
    /// results); a finalizer's own luasteam calls do not step again (the step in progress does
    /// their share), so finalizers never nest.
    /// SAFETY (callers): `l` is a valid Lua state, and no mlua operation is in progress.
    pub unsafe fn resume(l: *mut ffi::lua_State) {
        let before = PAUSED.with(|p| p.replace(None)).unwrap_or(0);
        // SAFETY: l is valid; restarting and counting neither allocate nor raise; the step runs
        // under lua_pcall, so nothing raised reaches this frame.
        unsafe {
            ffi::lua_gc(l, ffi::LUA_GCRESTART, 0);
            let grown = ffi::lua_gc(l, ffi::LUA_GCCOUNT, 0) - before;
            if grown <= 0 || STEPPING.with(Cell::get) || ffi::lua_checkstack(l, 2) == 0 {
                return;
            }
            STEPPING.with(|s| s.set(true));
            ffi::lua_pushcfunction(l, step);
            ffi::lua_pushinteger(l, ffi::lua_Integer::from(grown));
            if ffi::lua_pcall(l, 1, 0, 0) != ffi::LUA_OK {
                ffi::lua_pop(l, 1);
            }
            STEPPING.with(|s| s.set(false));
        }
    }

    /// `lua_gc(LUA_GCSTEP, kib)` as a Lua C function, so that it can run protected.
    unsafe extern "C-unwind" fn step(l: *mut ffi::lua_State) -> super::c_int {
        // SAFETY: called through lua_pcall with one integer argument.
        unsafe {
            let kib = ffi::lua_tointeger(l, 1);
            ffi::lua_gc(l, ffi::LUA_GCSTEP, kib as super::c_int);
        }
        0
    }

    /// Whether the collector runs. LuaJIT says so; Lua 5.1 cannot tell, and luasteam takes
    /// it as running (a collector the script stopped is running again after a luasteam call).
    #[cfg(feature = "luajit")]
    unsafe fn running(l: *mut ffi::lua_State) -> bool {
        /// LuaJIT 2.1's `LUA_GCISRUNNING`.
        const LUA_GCISRUNNING: super::c_int = 9;
        // SAFETY: l is valid; the query neither allocates nor raises.
        unsafe { ffi::lua_gc(l, LUA_GCISRUNNING, 0) != 0 }
    }

    #[cfg(not(feature = "luajit"))]
    unsafe fn running(_l: *mut ffi::lua_State) -> bool {
        true
    }
}

/// The C function a script calls: it calls the inner (mlua) function, and where that reports a
/// failure raises it as Lua's own libraries do — a string prefixed with the caller's position,
/// or a handler's error value unchanged. It holds no Rust value while it raises.
unsafe extern "C-unwind" fn outer(l: *mut ffi::lua_State) -> c_int {
    // SAFETY: Lua calls this with the inner function as upvalue 1; a C function starts with
    // LUA_MINSTACK free slots, and the stack is cut to two values before anything is pushed.
    // The collector is resumed before anything is raised.
    unsafe {
        #[cfg(any(feature = "lua51", feature = "luajit"))]
        let paused = gc::pause(l);
        let nargs = ffi::lua_gettop(l);
        ffi::lua_pushvalue(l, ffi::lua_upvalueindex(1));
        ffi::lua_insert(l, 1);
        let status = ffi::lua_pcall(l, nargs, ffi::LUA_MULTRET, 0);
        #[cfg(any(feature = "lua51", feature = "luajit"))]
        if paused {
            gc::resume(l);
        }
        if status != ffi::LUA_OK {
            // Not expected (the inner function reports failures as results); raised as is.
            ffi::lua_error(l);
        }
        let results = ffi::lua_gettop(l);
        if results >= 1 && ffi::lua_type(l, 1) == ffi::LUA_TLIGHTUSERDATA {
            let tag = ffi::lua_touserdata(l, 1) as *const u8;
            if tag == std::ptr::addr_of!(TAGS[RAISE]) {
                ffi::lua_settop(l, 2);
                ffi::luaL_where(l, 1);
                ffi::lua_insert(l, 2);
                ffi::lua_concat(l, 2);
                ffi::lua_error(l);
            }
            if tag == std::ptr::addr_of!(TAGS[RETHROW]) {
                ffi::lua_settop(l, 2);
                ffi::lua_error(l);
            }
        }
        results
    }
}

/// Runs a function and its arguments in protected mode, returning `true, results...` or
/// `false, raised value` with the value untouched (no message handler, no conversion).
/// On Lua 5.1 and LuaJIT the collector runs again while the handler does (see [`gc`]).
unsafe extern "C-unwind" fn raw_pcall(l: *mut ffi::lua_State) -> c_int {
    // SAFETY: Lua calls this with the function and its arguments on the stack; one more slot
    // is reserved before the status is pushed.
    unsafe {
        #[cfg(any(feature = "lua51", feature = "luajit"))]
        let resumed = {
            let was = gc::was_paused();
            if was {
                gc::resume(l);
            }
            was
        };
        let n = ffi::lua_gettop(l);
        let status = ffi::lua_pcall(l, n - 1, ffi::LUA_MULTRET, 0);
        #[cfg(any(feature = "lua51", feature = "luajit"))]
        if resumed {
            gc::pause(l);
        }
        ffi::luaL_checkstack(l, 1, std::ptr::null());
        ffi::lua_pushboolean(l, c_int::from(status == ffi::LUA_OK));
        ffi::lua_insert(l, 1);
        ffi::lua_gettop(l)
    }
}

/// Installs what [`function`] and [`call_handler`] need in this Lua state's registry.
pub fn prepare(lua: &Lua) -> mlua::Result<()> {
    // SAFETY: `raw_pcall` follows the lua_CFunction protocol (see its comment).
    let pcall = unsafe { lua.create_c_function(raw_pcall)? };
    lua.set_named_registry_value(PCALL_KEY, pcall)
}

/// A Lua function for a documented entry: `body` gets the arguments and returns the results;
/// an error it returns is raised in Lua's own form (see [`outer`]).
pub fn function<F>(lua: &Lua, body: F) -> mlua::Result<Function>
where
    F: Fn(&Lua, MultiValue) -> mlua::Result<MultiValue> + 'static,
{
    let inner = lua.create_function(move |lua, args: MultiValue| match body(lua, args) {
        Ok(results) => Ok(results),
        Err(e) => failure(lua, e),
    })?;
    // SAFETY: the closure pops its one argument (the inner function, as the upvalue) and
    // pushes one C closure.
    unsafe { lua.exec_raw::<Function>(inner, |l| ffi::lua_pushcclosure(l, outer, 1)) }
}

/// Defines the C function of a raw entry (see [`raw`]): `raw_entry!(#[doc] NAME, TRAIT,
/// "luaName", |api, args| body)`. A macro so that the one `unsafe` block of every raw entry,
/// and its SAFETY comment, live here.
macro_rules! raw_entry {
    ($(#[$meta:meta])* $name:ident, $tr:path, $lua_name:expr, $body:expr) => {
        $(#[$meta])*
        unsafe extern "C-unwind" fn $name<A: $crate::api::Api + $tr>(
            l: *mut mlua::ffi::lua_State,
        ) -> std::ffi::c_int {
            // SAFETY: Lua calls this as a closure made by `support::raw::function` with a box
            // of `A` (the generated `register` makes both).
            unsafe { $crate::support::raw::call::<A>(l, $lua_name, $body) }
        }
    };
}
pub(crate) use raw_entry;

/// The raw glue: documented functions whose arguments and results are all plain values
/// (numbers, booleans, strings, enum names, `any` read in place) are C functions that read
/// their arguments and push their results through the Lua C API, without mlua's callback
/// machinery: no argument list is built, no value is converted twice, no protected call is made
/// per value. Errors are worded and raised exactly as [`outer`] raises them.
pub mod raw {
    use super::{bad_argument, c_int, ffi, message};
    use mlua::{AnyUserData, Function, Lua};
    use std::borrow::Cow;
    use std::mem::ManuallyDrop;
    use std::rc::Rc;

    /// Why a raw function raises: the message, without the position (added when raised).
    pub struct Raise(String);

    impl From<mlua::Error> for Raise {
        fn from(e: mlua::Error) -> Self {
            Raise(message(&e))
        }
    }

    /// The arguments of a raw function: positions on the Lua stack, read in place.
    pub struct Args {
        l: *mut ffi::lua_State,
        top: c_int,
        function: &'static str,
    }

    /// Lua's name of the type of argument `i` ("no value" past the last one).
    fn type_name(args: &Args, i: c_int) -> &'static str {
        if i > args.top {
            return "no value";
        }
        // SAFETY: i is a valid stack index; lua_typename returns a static C string.
        let name = unsafe { std::ffi::CStr::from_ptr(ffi::lua_typename(args.l, ffi::lua_type(args.l, i))) };
        match name.to_str() {
            Ok("nil") => "nil",
            Ok("boolean") => "boolean",
            Ok("number") => "number",
            Ok("string") => "string",
            Ok("table") => "table",
            Ok("function") => "function",
            Ok("thread") => "thread",
            _ => "userdata",
        }
    }

    impl Args {
        fn kind(&self, i: c_int) -> c_int {
            if i > self.top {
                ffi::LUA_TNONE
            } else {
                // SAFETY: i is a valid stack index.
                unsafe { ffi::lua_type(self.l, i) }
            }
        }

        fn bad(&self, i: c_int, message: String) -> mlua::Error {
            bad_argument(i as usize, self.function, message)
        }

        fn expected(&self, i: c_int, what: &str) -> mlua::Error {
            self.bad(i, format!("{what} expected, got {}", type_name(self, i)))
        }

        fn is_nil(&self, i: c_int) -> bool {
            matches!(self.kind(i), ffi::LUA_TNONE | ffi::LUA_TNIL)
        }

        /// An integer, or an integral float (as `support::arg::<i64>` accepts).
        pub fn integer(&self, i: c_int) -> mlua::Result<i64> {
            if self.kind(i) != ffi::LUA_TNUMBER {
                return Err(self.expected(i, "number"));
            }
            #[cfg(any(feature = "lua53", feature = "lua54"))]
            // SAFETY: i holds a number.
            if unsafe { ffi::lua_isinteger(self.l, i) } != 0 {
                // SAFETY: as above.
                return Ok(unsafe { ffi::lua_tointeger(self.l, i) });
            }
            // SAFETY: i holds a number.
            let n = unsafe { ffi::lua_tonumber(self.l, i) };
            // 2^63 is exactly representable; anything at or beyond it is out of range.
            const LIMIT: f64 = 9.223_372_036_854_776e18;
            if n.fract() == 0.0 && (-LIMIT..LIMIT).contains(&n) {
                Ok(n as i64)
            } else {
                Err(self.bad(i, "number has no integer representation".to_string()))
            }
        }

        pub fn opt_integer(&self, i: c_int) -> mlua::Result<Option<i64>> {
            self.opt(i, Self::integer)
        }

        pub fn number(&self, i: c_int) -> mlua::Result<f64> {
            if self.kind(i) != ffi::LUA_TNUMBER {
                return Err(self.expected(i, "number"));
            }
            // SAFETY: i holds a number.
            Ok(unsafe { ffi::lua_tonumber(self.l, i) })
        }

        pub fn opt_number(&self, i: c_int) -> mlua::Result<Option<f64>> {
            self.opt(i, Self::number)
        }

        pub fn boolean(&self, i: c_int) -> mlua::Result<bool> {
            if self.kind(i) != ffi::LUA_TBOOLEAN {
                return Err(self.expected(i, "boolean"));
            }
            // SAFETY: i holds a boolean.
            Ok(unsafe { ffi::lua_toboolean(self.l, i) } != 0)
        }

        pub fn opt_boolean(&self, i: c_int) -> mlua::Result<Option<bool>> {
            self.opt(i, Self::boolean)
        }

        /// A string's bytes, borrowed from the stack for as long as the call runs.
        pub fn bytes(&self, i: c_int) -> mlua::Result<&[u8]> {
            if self.kind(i) != ffi::LUA_TSTRING {
                return Err(self.expected(i, "string"));
            }
            Ok(slot_bytes(self.l, i))
        }

        pub fn opt_bytes(&self, i: c_int) -> mlua::Result<Option<&[u8]>> {
            self.opt(i, Self::bytes)
        }

        /// `None` for nil or a missing argument, else what `read` makes of it.
        fn opt<'s, T>(
            &'s self,
            i: c_int,
            read: fn(&'s Self, c_int) -> mlua::Result<T>,
        ) -> mlua::Result<Option<T>> {
            if self.is_nil(i) {
                Ok(None)
            } else {
                read(self, i).map(Some)
            }
        }

        /// An argument of any type, to be read by the runtime.
        pub fn slot(&self, i: c_int) -> Slot<'_> {
            Slot { args: self, i }
        }
    }

    fn slot_bytes<'a>(l: *mut ffi::lua_State, i: c_int) -> &'a [u8] {
        let mut len = 0usize;
        // SAFETY: i holds a string (callers check), so no conversion happens in place; the
        // bytes live as long as the value stays on the stack, that is, the whole call.
        unsafe {
            let p = ffi::lua_tolstring(l, i, &mut len);
            std::slice::from_raw_parts(p.cast::<u8>(), len)
        }
    }

    /// A plain value read from a [`Slot`].
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Scalar<'a> {
        Nil,
        Boolean(bool),
        Integer(i64),
        Number(f64),
        String(&'a [u8]),
        /// A table (read it with [`Slot::strings`]).
        Table,
        /// Anything else, by its Lua type name.
        Other(&'static str),
    }

    /// An `any` argument, read in place.
    pub struct Slot<'a> {
        args: &'a Args,
        i: c_int,
    }

    impl<'a> Slot<'a> {
        /// The value, as a plain value where it is one. An integral float reads as a number
        /// on 5.3/5.4 and as an integer elsewhere (those versions have no integer subtype).
        pub fn value(&self) -> Scalar<'a> {
            let (l, i) = (self.args.l, self.i);
            match self.args.kind(i) {
                ffi::LUA_TNONE | ffi::LUA_TNIL => Scalar::Nil,
                // SAFETY: i holds a boolean.
                ffi::LUA_TBOOLEAN => Scalar::Boolean(unsafe { ffi::lua_toboolean(l, i) } != 0),
                ffi::LUA_TNUMBER => number_scalar(l, i),
                ffi::LUA_TSTRING => Scalar::String(slot_bytes(l, i)),
                ffi::LUA_TTABLE => Scalar::Table,
                _ => Scalar::Other(type_name(self.args, i)),
            }
        }

        /// Lua's name of the value's type ("no value" for a missing argument).
        pub fn type_name(&self) -> &'static str {
            type_name(self.args, self.i)
        }

        /// For a table: calls `each` with the plain value of `t[1]`, `t[2]`, ... up to the
        /// first nil (raw access, no metamethods); stops at the first error `each` returns.
        pub fn strings<E>(&self, mut each: impl FnMut(Scalar<'_>) -> Result<(), E>) -> Result<(), E> {
            let (l, i) = (self.args.l, self.i);
            if self.args.kind(i) != ffi::LUA_TTABLE {
                return Ok(());
            }
            let mut n: ffi::lua_Integer = 1;
            loop {
                // SAFETY: i holds a table; one slot is pushed and popped per element (a C
                // function has LUA_MINSTACK free slots); raw reads neither allocate nor raise.
                // A string stays valid after the pop: the table still holds it.
                let value = unsafe {
                    let kind = ffi::lua_rawgeti(l, i, n);
                    let top = ffi::lua_gettop(l);
                    let value = match kind {
                        ffi::LUA_TNIL => None,
                        ffi::LUA_TSTRING => Some(Scalar::String(slot_bytes(l, top))),
                        ffi::LUA_TBOOLEAN => Some(Scalar::Boolean(ffi::lua_toboolean(l, top) != 0)),
                        ffi::LUA_TNUMBER => Some(number_scalar(l, top)),
                        ffi::LUA_TTABLE => Some(Scalar::Table),
                        t => Some(Scalar::Other(
                            std::ffi::CStr::from_ptr(ffi::lua_typename(l, t))
                                .to_str()
                                .unwrap_or("userdata"),
                        )),
                    };
                    ffi::lua_pop(l, 1);
                    value
                };
                let Some(value) = value else {
                    return Ok(());
                };
                each(value)?;
                n += 1;
            }
        }
    }

    fn number_scalar<'a>(l: *mut ffi::lua_State, i: c_int) -> Scalar<'a> {
        #[cfg(any(feature = "lua53", feature = "lua54"))]
        // SAFETY: i holds a number.
        if unsafe { ffi::lua_isinteger(l, i) } != 0 {
            // SAFETY: as above.
            return Scalar::Integer(unsafe { ffi::lua_tointeger(l, i) });
        }
        // SAFETY: i holds a number.
        let n = unsafe { ffi::lua_tonumber(l, i) };
        #[cfg(not(any(feature = "lua53", feature = "lua54")))]
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            return Scalar::Integer(n as i64);
        }
        Scalar::Number(n)
    }

    /// One result, in a form that owns nothing a Lua error could skip: an owned string is
    /// kept out of Rust's drop glue until it has been pushed.
    pub enum Pod {
        Nil,
        Boolean(bool),
        Integer(i64),
        Number(f64),
        Static(&'static str),
        Owned(ManuallyDrop<String>),
    }

    /// The results of a raw function, at most four.
    pub struct Out {
        values: [Pod; 4],
        len: usize,
    }

    impl Out {
        pub fn new() -> Out {
            Out {
                values: [Pod::Nil, Pod::Nil, Pod::Nil, Pod::Nil],
                len: 0,
            }
        }

        pub fn push(&mut self, value: Pod) {
            if self.len < self.values.len() {
                self.values[self.len] = value;
                self.len += 1;
            } else if let Pod::Owned(mut s) = value {
                // SAFETY: s is dropped once, here (more than four results never happens: the
                // glue returns at most as many as the reference documents).
                unsafe { ManuallyDrop::drop(&mut s) };
            }
        }

        /// `result` as the function's results; `Err(message)` as `nil, message`.
        pub fn fallible<T: IntoOut>(result: Result<T, String>) -> Out {
            let mut out = Out::new();
            match result {
                Ok(v) => v.into_out(&mut out),
                Err(m) => {
                    out.push(Pod::Nil);
                    out.push(Pod::Owned(ManuallyDrop::new(m)));
                }
            }
            out
        }

        pub fn of<T: IntoOut>(value: T) -> Out {
            let mut out = Out::new();
            value.into_out(&mut out);
            out
        }
    }

    impl Default for Out {
        fn default() -> Self {
            Out::new()
        }
    }

    /// A result value the raw glue can push.
    pub trait IntoOut {
        fn into_out(self, out: &mut Out);
    }

    impl IntoOut for () {
        fn into_out(self, _out: &mut Out) {}
    }

    impl IntoOut for i64 {
        fn into_out(self, out: &mut Out) {
            out.push(Pod::Integer(self));
        }
    }

    impl IntoOut for f64 {
        fn into_out(self, out: &mut Out) {
            out.push(Pod::Number(self));
        }
    }

    impl IntoOut for bool {
        fn into_out(self, out: &mut Out) {
            out.push(Pod::Boolean(self));
        }
    }

    impl IntoOut for &'static str {
        fn into_out(self, out: &mut Out) {
            out.push(Pod::Static(self));
        }
    }

    impl IntoOut for String {
        fn into_out(self, out: &mut Out) {
            out.push(Pod::Owned(ManuallyDrop::new(self)));
        }
    }

    impl IntoOut for Cow<'static, str> {
        fn into_out(self, out: &mut Out) {
            match self {
                Cow::Borrowed(s) => s.into_out(out),
                Cow::Owned(s) => s.into_out(out),
            }
        }
    }

    impl<T: IntoOut> IntoOut for Option<T> {
        fn into_out(self, out: &mut Out) {
            match self {
                Some(v) => v.into_out(out),
                None => out.push(Pod::Nil),
            }
        }
    }

    impl<A: IntoOut, B: IntoOut> IntoOut for (A, B) {
        fn into_out(self, out: &mut Out) {
            self.0.into_out(out);
            self.1.into_out(out);
        }
    }

    impl<A: IntoOut, B: IntoOut, C: IntoOut> IntoOut for (A, B, C) {
        fn into_out(self, out: &mut Out) {
            self.0.into_out(out);
            self.1.into_out(out);
            self.2.into_out(out);
        }
    }

    /// One field value of a record made by [`append_records`].
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Field<'a> {
        Integer(i64),
        Bytes(&'a [u8]),
    }

    /// Appends one table per row of `rows` to the array `out`, at `first`, `first + 1`, ...:
    /// the fields of a row's table are `fields(row)`, named by `keys` in order. Everything is
    /// made through the Lua C API inside one protected call (mlua would protect every table,
    /// string and field separately), with each key interned once.
    pub fn append_records<R, const K: usize>(
        lua: &Lua,
        out: &mlua::Table,
        first: usize,
        keys: &[&str; K],
        rows: &[R],
        fields: for<'r> fn(&'r R) -> [Field<'r>; K],
    ) -> mlua::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        // SAFETY: the closure runs protected with `out` at index 1; it holds only references
        // (nothing with a destructor), so a memory error raised while it pushes unwinds
        // through plain frames. It leaves the stack as it found it.
        unsafe {
            lua.exec_raw::<()>(out, |l| {
                ffi::luaL_checkstack(l, K as c_int + 4, std::ptr::null());
                for key in keys {
                    ffi::lua_pushlstring(l, key.as_ptr().cast(), key.len());
                }
                for (j, row) in rows.iter().enumerate() {
                    ffi::lua_createtable(l, 0, K as c_int);
                    for (k, value) in fields(row).iter().enumerate() {
                        ffi::lua_pushvalue(l, 2 + k as c_int);
                        match *value {
                            Field::Integer(i) => ffi::lua_pushinteger(l, i as ffi::lua_Integer),
                            Field::Bytes(b) => {
                                ffi::lua_pushlstring(l, b.as_ptr().cast(), b.len());
                            }
                        }
                        ffi::lua_rawset(l, -3);
                    }
                    ffi::lua_rawseti(l, 1, (first + j) as ffi::lua_Integer);
                }
                ffi::lua_settop(l, 0);
            })
        }
    }

    /// Writes one string per row of `rows` into the array `out`, at `first`, `first + 1`,
    /// ...: row `r` gives `bytes(r)`. One protected call through the Lua C API, as
    /// [`append_records`].
    pub fn write_strings<R>(
        lua: &Lua,
        out: &mlua::Table,
        first: usize,
        rows: &[R],
        bytes: for<'r> fn(&'r R) -> &'r [u8],
    ) -> mlua::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        // SAFETY: as in append_records: references only, `out` at index 1, stack restored.
        unsafe {
            lua.exec_raw::<()>(out, |l| {
                for (j, row) in rows.iter().enumerate() {
                    let b = bytes(row);
                    ffi::lua_pushlstring(l, b.as_ptr().cast(), b.len());
                    ffi::lua_rawseti(l, 1, (first + j) as ffi::lua_Integer);
                }
                ffi::lua_settop(l, 0);
            })
        }
    }

    /// The strings of an array, copied out: `table[1]`, `table[2]`, ... up to the first nil.
    #[derive(Debug, Default)]
    pub struct Strings {
        bytes: Vec<u8>,
        ends: Vec<usize>,
    }

    impl Strings {
        pub fn len(&self) -> usize {
            self.ends.len()
        }

        pub fn is_empty(&self) -> bool {
            self.ends.is_empty()
        }

        pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
            let starts = std::iter::once(0).chain(self.ends.iter().copied());
            starts.zip(self.ends.iter().copied()).map(|(a, b)| &self.bytes[a..b])
        }
    }

    /// Reads the array `t` of strings (raw access) in one protected call. `Err((i, type))`
    /// names the first entry that is not a string.
    pub fn read_strings(
        lua: &Lua,
        t: &mlua::Table,
    ) -> mlua::Result<Result<Strings, (usize, &'static str)>> {
        let mut out = Strings::default();
        let mut bad: Option<(usize, &'static str)> = None;
        // SAFETY: the closure runs protected with `t` at index 1; the raw reads and the string
        // reads of a string value neither allocate in Lua nor raise, and each string is copied
        // while the table holds it. The Vecs it fills live outside the closure.
        unsafe {
            lua.exec_raw::<()>(t, |l| {
                let mut i: ffi::lua_Integer = 1;
                loop {
                    let kind = ffi::lua_rawgeti(l, 1, i);
                    if kind == ffi::LUA_TNIL {
                        break;
                    }
                    if kind != ffi::LUA_TSTRING {
                        let name = std::ffi::CStr::from_ptr(ffi::lua_typename(l, kind));
                        bad = Some((i as usize, name.to_str().unwrap_or("userdata")));
                        break;
                    }
                    let mut len = 0usize;
                    let p = ffi::lua_tolstring(l, -1, &mut len);
                    out.bytes
                        .extend_from_slice(std::slice::from_raw_parts(p.cast::<u8>(), len));
                    out.ends.push(out.bytes.len());
                    ffi::lua_pop(l, 1);
                    i += 1;
                }
                ffi::lua_settop(l, 0);
            })?;
        }
        Ok(match bad {
            Some(b) => Err(b),
            None => Ok(out),
        })
    }

    /// The full userdata that raw functions find their API in (upvalue 1): it holds an
    /// `Rc<A>`, released when the userdata is collected.
    pub fn api_box<A: 'static>(lua: &Lua, api: Rc<A>) -> mlua::Result<AnyUserData> {
        // SAFETY: the closure allocates a userdata the size of an Rc<A>, moves the Rc into it
        // (the only allocation that can raise comes before the move), and gives it a metatable
        // whose __gc drops it once; nothing else touches the block.
        unsafe {
            lua.exec_raw::<AnyUserData>((), move |l| {
                let p = ffi::lua_newuserdata(l, std::mem::size_of::<Rc<A>>()).cast::<Rc<A>>();
                ffi::lua_createtable(l, 0, 1);
                ffi::lua_pushcfunction(l, drop_box::<A>);
                ffi::lua_setfield(l, -2, c"__gc".as_ptr());
                p.write(api);
                ffi::lua_setmetatable(l, -2);
            })
        }
    }

    unsafe extern "C-unwind" fn drop_box<A: 'static>(l: *mut ffi::lua_State) -> c_int {
        // SAFETY: called once, as __gc of a box made by api_box::<A>, which holds an Rc<A>.
        unsafe {
            let p = ffi::lua_touserdata(l, 1).cast::<Rc<A>>();
            if !p.is_null() {
                std::ptr::drop_in_place(p);
            }
        }
        0
    }

    /// A Lua function for `f`, with the API box as its upvalue.
    pub fn function(lua: &Lua, api_box: &AnyUserData, f: ffi::lua_CFunction) -> mlua::Result<Function> {
        // SAFETY: pops the box (the one argument) into the closure's upvalue, pushes it.
        unsafe { lua.exec_raw::<Function>(api_box, |l| ffi::lua_pushcclosure(l, f, 1)) }
    }

    /// Runs the body of a raw function and pushes its results, or raises its error with the
    /// caller's position. A panic is caught and raised as an error.
    ///
    /// # Safety
    /// `l` is the state of a call to a C closure made by [`function`] with a box of type `A`.
    pub unsafe fn call<A: 'static>(
        l: *mut ffi::lua_State,
        function: &'static str,
        body: impl FnOnce(&A, &Args) -> Result<Out, Raise>,
    ) -> c_int {
        // SAFETY: upvalue 1 is the box, which outlives the closure that holds it.
        let api: &A = unsafe { &*ffi::lua_touserdata(l, ffi::lua_upvalueindex(1)).cast::<Rc<A>>() };
        // SAFETY: l is the running state.
        let top = unsafe { ffi::lua_gettop(l) };
        let args = Args { l, top, function };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(api, &args)));
        let outcome = match outcome {
            Ok(Ok(out)) => Ok(out),
            Ok(Err(Raise(m))) => Err(m),
            Err(_) => Err(format!("{function}: luasteam internal error (a panic); please report it")),
        };
        match outcome {
            // SAFETY: l is the running state with LUA_MINSTACK free slots.
            Ok(out) => unsafe { push(l, out) },
            // SAFETY: as above; raise holds no value with a destructor when it raises.
            Err(m) => unsafe { raise(l, m) },
        }
    }

    /// Pushes the results; each owned string is freed right after it is pushed (a memory error
    /// while pushing leaks the rest, never double-frees).
    unsafe fn push(l: *mut ffi::lua_State, out: Out) -> c_int {
        let Out { values, len } = out;
        for value in values.into_iter().take(len) {
            // SAFETY: l is the running state; at most four values are pushed.
            unsafe {
                match value {
                    Pod::Nil => ffi::lua_pushnil(l),
                    Pod::Boolean(b) => ffi::lua_pushboolean(l, c_int::from(b)),
                    Pod::Integer(i) => ffi::lua_pushinteger(l, i as ffi::lua_Integer),
                    Pod::Number(n) => ffi::lua_pushnumber(l, n),
                    Pod::Static(s) => {
                        ffi::lua_pushlstring(l, s.as_ptr().cast(), s.len());
                    }
                    Pod::Owned(mut s) => {
                        ffi::lua_pushlstring(l, s.as_ptr().cast(), s.len());
                        ManuallyDrop::drop(&mut s);
                    }
                }
            }
        }
        len as c_int
    }

    /// Raises `message` prefixed with the caller's position, as `luaL_error` does. The
    /// message is freed before the error is raised.
    unsafe fn raise(l: *mut ffi::lua_State, message: String) -> c_int {
        let mut message = ManuallyDrop::new(message);
        // SAFETY: l is the running state; the string is pushed (copied) before it is freed,
        // and nothing with a destructor is alive when lua_error unwinds.
        unsafe {
            ffi::luaL_where(l, 1);
            ffi::lua_pushlstring(l, message.as_ptr().cast(), message.len());
            ManuallyDrop::drop(&mut message);
            ffi::lua_concat(l, 2);
            ffi::lua_error(l)
        }
    }
}
