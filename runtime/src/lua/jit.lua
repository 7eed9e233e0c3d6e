-- The LuaJIT fast path (docs/performance.rst): on LuaJIT, luasteam replaces the hot message
-- functions of Steam.sockets (named by runtime/src/lua/jit.rs from the generated glue) with these wrappers, which call luasteam's C functions through
-- LuaJIT's ffi from compiled code (runtime/src/ffi/jit.rs). Each wrapper handles the common
-- case itself and hands every other call to the C API function it replaces, with the very
-- arguments it got (`...`: "no value" stays no value) and as a tail call, so results, errors
-- and their positions are the C API function's.
local sockets, names, context, send_ptr, receive_ptr, release_ptr, results, flag_bits, default_flags,
    max_receive, max_receive_group, max_receive_payloads = ...
-- With the compiler off (jit.off(), or a platform that disallows it) ffi calls are slower than
-- C API calls, so the C API functions stay.
if not (jit and jit.status and jit.status()) then return end
local ffi = require "ffi"
if not pcall(ffi.typeof, "luasteam_jit_message") then
    ffi.cdef [[
typedef struct {
    const char *data;
    uint32_t size;
    uint32_t connection;
    double messageNumber;
    double receiveTime;
    double lane;
    double flags;
} luasteam_jit_message;
]]
end
local send_c = ffi.cast("int32_t (*)(void *, uint32_t, const char *, size_t, int32_t, double *)", send_ptr)
local receive_c = ffi.cast("int32_t (*)(void *, int32_t, uint32_t, int32_t, luasteam_jit_message *)", receive_ptr)
local release_c = ffi.cast("void (*)(void *)", release_ptr)
local ctx = ffi.cast("void *", context)
local BATCH = 1024
local views = ffi.new("luasteam_jit_message[?]", BATCH)
local number = ffi.new("double[1]")
local type, tostring, getmetatable, collectgarbage = type, tostring, getmetatable, collectgarbage
local string_of = ffi.string

-- A connection or poll group id the C functions take as is (uint32).
local function is_id(x)
    return type(x) == "number" and x >= 0 and x < 4294967296 and x % 1 == 0
end

local function is_count(x)
    return type(x) == "number" and x >= 0 and x % 1 == 0
end

-- The name of an EResult, as the C API function gives it.
local function result_name(code)
    return results[code] or tostring(code)
end

-- The bits of a send flags argument the fast path takes (nil or one name), else nil.
local function bits_of(flags)
    if flags == nil then return default_flags end
    return flag_bits[flags]
end

local slow_send = sockets[names.send]
sockets[names.send] = function(...)
    local connection, data, flags = ...
    local bits = bits_of(flags)
    if bits and type(data) == "string" and is_id(connection) then
        local code = send_c(ctx, connection, data, #data, bits, number)
        if code ~= 0 then return result_name(code), number[0] end
    end
    return slow_send(...)
end

local slow_send_payloads = sockets[names.sendPayloads]
sockets[names.sendPayloads] = function(...)
    local connection, payloads, flags = ...
    local bits = bits_of(flags)
    if bits and is_id(connection) and type(payloads) == "table" and getmetatable(payloads) == nil then
        -- Every entry is checked before the first is sent, as the C API function does.
        local n = 0
        while true do
            local p = payloads[n + 1]
            if p == nil then break end
            if type(p) ~= "string" then n = -1; break end
            n = n + 1
        end
        if n > 0 then
            for i = 1, n do
                local p = payloads[i]
                local code = send_c(ctx, connection, p, #p, bits, number)
                -- Declined (not initialised) can only be the first answer: no Lua code runs
                -- between two sends, so nothing can shut luasteam down in between.
                if code == 0 and i == 1 then return slow_send_payloads(...) end
                if code ~= 1 then return i - 1, result_name(code) end
            end
            return n, results[1]
        end
    end
    return slow_send_payloads(...)
end

local pcall = pcall

-- Takes up to max messages of connection (group 0) or poll group (group 1) id, handing each
-- to put(out, index, view); the count, or nil when the C API function must do the call.
-- The collector is paused while a batch is held, so no finalizer runs (or raises) between the
-- library's receive and the release: every message taken reaches out. Then it does, protected,
-- the work it would have done for what was allocated meanwhile, as the C API glue does
-- (restarting alone would forgive that debt and the heap would grow); an error a finalizer
-- raises there is dropped, since raising it would lose the messages. Inside a finalizer LuaJIT
-- reports the collector as not running, so a receive there neither pauses nor steps.
local function take(group, id, max, out, put)
    local running = collectgarbage("isrunning")
    local before
    if running then
        before = collectgarbage("count")
        collectgarbage("stop")
    end
    local n = 0
    while n < max do
        local want = max - n
        if want > BATCH then want = BATCH end
        local got = receive_c(ctx, group, id, want, views)
        if got < 0 then
            if n == 0 then n = nil end
            break
        end
        for i = 0, got - 1 do put(out, n + i + 1, views[i]) end
        release_c(ctx)
        n = n + got
        if got < want then break end
    end
    if running then
        collectgarbage("restart")
        local grown = collectgarbage("count") - before
        if grown >= 1 then pcall(collectgarbage, "step", grown) end
    end
    return n
end

local function put_message(out, i, m)
    out[i] = {
        data = string_of(m.data, m.size),
        connection = m.connection,
        messageNumber = m.messageNumber,
        lane = m.lane,
        receiveTime = m.receiveTime,
        flags = m.flags,
    }
end

local function put_payload(out, i, m)
    out[i] = string_of(m.data, m.size)
end

-- receiveMessagesOnConnection (group 0) and receiveMessagesOnPollGroup (group 1).
local function receiver(name, group, max_default)
    local slow = sockets[name]
    sockets[name] = function(...)
        local id, max = ...
        if max == nil then max = max_default end
        if is_id(id) and is_count(max) then
            local out = {}
            if take(group, id, max, out, put_message) then return out end
        end
        return slow(...)
    end
end
receiver(names.receive, 0, max_receive)
receiver(names.receiveGroup, 1, max_receive_group)

local slow_receive_payloads = sockets[names.receivePayloads]
sockets[names.receivePayloads] = function(...)
    local connection, payloads, max = ...
    if max == nil then max = max_receive_payloads end
    if is_id(connection) and is_count(max) and type(payloads) == "table" and getmetatable(payloads) == nil then
        local n = take(0, connection, max, payloads, put_payload)
        if n then return n end
    end
    return slow_receive_payloads(...)
end
