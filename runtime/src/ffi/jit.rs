//! The C functions of the LuaJIT fast path: LuaJIT's `ffi` calls them from compiled code, with
//! no Lua C API frame (the Lua side is `generated/src/jit.lua`).
//!
//! Each takes the [`Context`] of one Lua state (its backend handle and its receive batch) and
//! never raises: anything it does not handle it declines ([`DECLINE`]), and the Lua side then
//! calls the C API function of the same name, which reports errors in Lua's words. So the
//! fast path changes speed, never results.
//!
//! A batch of received messages stays the library's until [`luasteam_jit_release`]; the Lua
//! side reads it in place while it builds the tables. A second receive while a batch is held
//! (a finalizer that receives while tables are built) is declined, so a held batch is never
//! released under its reader.

use super::messages::{Received, MAX_RECEIVE_BATCH};
use super::registry::Handle;
use super::{sockets, Failure};
use std::cell::RefCell;
use std::rc::Rc;

/// Returned when the call is left to the C API function (not initialised, a batch is held).
pub const DECLINE: i32 = 0;
/// `luasteam_jit_receive`: the id is not a connection (poll group).
pub const NOT_FOUND: i32 = -1;

/// One Lua state's backend handle and held batch; it lives as long as the state's module.
#[derive(Default)]
pub struct Context {
    /// The handle of `Steam.init`; None before it and after `Steam.shutdown`.
    pub handle: RefCell<Option<Rc<Handle>>>,
    /// The batch the Lua side is reading, then the handle that keeps the library up until it
    /// is released (fields drop in order).
    batch: RefCell<Option<(Received, Rc<Handle>)>>,
}

/// One received message as the Lua side reads it (`luasteam_jit_message` in its cdef).
/// Numbers are doubles, as LuaJIT's are.
#[repr(C)]
pub struct JitMessage {
    pub data: *const u8,
    pub size: u32,
    pub connection: u32,
    pub message_number: f64,
    pub receive_time: f64,
    pub lane: f64,
    pub flags: f64,
}

impl Context {
    fn handle(&self) -> Option<Rc<Handle>> {
        self.handle.try_borrow().ok()?.clone()
    }
}

/// Runs `f`, or answers `declined` if it panics: no panic crosses into LuaJIT.
fn no_panic<T>(declined: T, f: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(declined)
}

/// Sends `len` bytes at `data` on `conn`: the EResult, with the message number written to
/// `number` (0 on failure); [`DECLINE`] when this state is not initialised.
///
/// # Safety
/// `ctx` is a live [`Context`]; `data` is readable for `len` bytes; `number` is writable.
pub unsafe extern "C" fn luasteam_jit_send(
    ctx: *const Context,
    conn: u32,
    data: *const u8,
    len: usize,
    flags: i32,
    number: *mut f64,
) -> i32 {
    let data = if len == 0 || data.is_null() {
        &[][..]
    } else {
        // SAFETY: the caller's string is readable for len bytes while this call runs.
        unsafe { std::slice::from_raw_parts(data, len) }
    };
    // SAFETY: the caller passes its state's live context and a writable one-element buffer.
    let (ctx, number) = unsafe { (ctx.as_ref(), number.as_mut()) };
    no_panic(DECLINE, || send(ctx, conn, data, flags, number))
}

fn send(
    ctx: Option<&Context>,
    conn: u32,
    data: &[u8],
    flags: i32,
    number: Option<&mut f64>,
) -> i32 {
    let Some(h) = ctx.and_then(Context::handle) else {
        return DECLINE;
    };
    let (code, n) = match sockets::send_message(&h, conn, data, flags) {
        Ok(n) => (super::eresult::OK, n),
        Err(f) => (f.eresult(), 0),
    };
    if let Some(number) = number {
        *number = n as f64;
    }
    code
}

/// `luasteam_jit_receive`'s answer when it declines.
const DECLINED: i32 = DECLINE - 2;

/// Receives up to `max` (at most [`MAX_RECEIVE_BATCH`]) messages of connection `id`
/// (`group` 0) or poll group `id` (`group` 1) into `out`: the count, [`NOT_FOUND`] for an id
/// that is not one, or `-2` ([`DECLINE`] - 2) when declined. The batch is held until
/// [`luasteam_jit_release`].
///
/// # Safety
/// `ctx` is a live [`Context`]; `out` has room for `max` messages.
pub unsafe extern "C" fn luasteam_jit_receive(
    ctx: *const Context,
    group: i32,
    id: u32,
    max: i32,
    out: *mut JitMessage,
) -> i32 {
    let max = usize::try_from(max).unwrap_or(0).min(MAX_RECEIVE_BATCH);
    let out = if out.is_null() {
        None
    } else {
        // SAFETY: the caller's array has room for max (and so for this many) messages; the
        // slice is only written (JitMessage holds plain values, any bytes are a valid one).
        Some(unsafe { std::slice::from_raw_parts_mut(out, max) })
    };
    // SAFETY: the caller passes its state's live context.
    let ctx = unsafe { ctx.as_ref() };
    no_panic(DECLINED, || receive(ctx, group, id, out))
}

fn receive(ctx: Option<&Context>, group: i32, id: u32, out: Option<&mut [JitMessage]>) -> i32 {
    let (Some(ctx), Some(out)) = (ctx, out) else {
        return DECLINED;
    };
    let Some(h) = ctx.handle() else {
        return DECLINED;
    };
    let Ok(mut slot) = ctx.batch.try_borrow_mut() else {
        return DECLINED;
    };
    if slot.is_some() {
        return DECLINED;
    }
    let batch = if group == 0 {
        sockets::receive_messages_on_connection(&h, id, out.len())
    } else {
        super::messages::receive_messages_on_poll_group(&h, id, out.len())
    };
    let batch = match batch {
        Ok(b) => b,
        Err(Failure::InvalidHandle) => return NOT_FOUND,
        Err(_) => return DECLINED,
    };
    let n = batch.len();
    for (view, m) in out.iter_mut().zip(batch.iter()) {
        *view = JitMessage {
            data: m.data.as_ptr(),
            size: u32::try_from(m.data.len()).unwrap_or(u32::MAX),
            connection: m.connection,
            message_number: m.message_number as f64,
            receive_time: m.receive_time as f64,
            lane: f64::from(m.lane),
            flags: f64::from(m.flags),
        };
    }
    *slot = Some((batch, h));
    n as i32
}

/// Releases the batch of the last [`luasteam_jit_receive`].
///
/// # Safety
/// `ctx` is a live [`Context`].
pub unsafe extern "C" fn luasteam_jit_release(ctx: *const Context) {
    no_panic((), || {
        // SAFETY: the caller passes its state's live context.
        if let Some(ctx) = unsafe { ctx.as_ref() } {
            if let Ok(mut slot) = ctx.batch.try_borrow_mut() {
                drop(slot.take());
            }
        }
    });
}
