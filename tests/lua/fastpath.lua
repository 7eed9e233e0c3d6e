-- The LuaJIT fast path (docs/performance.rst): on LuaJIT the hot message functions are Lua
-- wrappers over luasteam's C functions; everywhere the results are those of the C API path.
-- Runs on every interpreter: off LuaJIT it checks the same sentences on the C API functions.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets
local hot = { "sendMessageToConnection", "sendPayloads", "receiveMessagesOnConnection",
    "receiveMessagesOnPollGroup", "receivePayloads" }

assert(Steam.init())
local a, b = assert(S.createSocketPair())

local function drain(conn, want)
    local got = {}
    local deadline = H.now(Steam) + 5
    while #got < want and H.now(Steam) < deadline do
        local ms = assert(S.receiveMessagesOnConnection(conn))
        for _, m in ipairs(ms) do got[#got + 1] = m end
        if #ms == 0 then H.sleep(0.002) end
    end
    return got
end

H.test("on LuaJIT (compiler on) the hot functions are the fast path; elsewhere the C API functions", function()
    local fast = jit and jit.status() and "Lua" or "C"
    for _, name in ipairs(hot) do
        H.eq(debug.getinfo(S[name], "S").what, fast, name)
    end
end)

H.test("without LuaJIT's ffi module the C API functions stay and work", function()
    if not jit then return end
    local first = -1 -- the interpreter is the first of the command line (luajit -joff file.lua)
    while arg[first - 1] do first = first - 1 end
    local interp = arg[first] or "luajit"
    local script = [[package.loaded.ffi = nil; package.preload.ffi = function() error("no ffi here") end
        local S = require("luasteam"); assert(S.init())
        local a, b = assert(S.sockets.createSocketPair())
        assert(debug.getinfo(S.sockets.sendMessageToConnection, "S").what == "C")
        assert(S.sockets.sendMessageToConnection(a, "x") == "OK")
        io.write("ok")]]
    local p = assert(io.popen(string.format("%q -e %q 2>&1", interp, script)))
    local out = p:read("*a")
    p:close()
    H.eq(out, "ok", "child process")
end)

H.test("a send gives what the C API path gives (flags as a list take that path)", function()
    local r1, n1 = S.sendMessageToConnection(a, "x", "Reliable")
    local r2, n2 = S.sendMessageToConnection(a, "y", { "Reliable" })
    H.eq(r1, "OK", "fast result")
    H.eq(r2, "OK", "C API result")
    H.eq(math.type and math.type(n1) or type(n1), math.type and "integer" or "number", "number type")
    H.eq(n2, n1 + 1, "message numbers count on")
    local bad1, z1 = S.sendMessageToConnection(987654, "x", "Reliable")
    local bad2, z2 = S.sendMessageToConnection(987654, "x", { "Reliable" })
    H.eq(bad1, bad2, "failure result")
    H.eq(z1, 0, "number on failure")
    H.eq(z2, 0, "number on failure (C API)")
    local got = drain(b, 2)
    H.eq(#got, 2, "both arrived")
    H.eq(got[1].data .. got[2].data, "xy", "in order")
    H.eq(got[1].messageNumber, n1, "messageNumber field")
    H.eq(got[1].connection, b, "connection field")
    H.eq(got[1].lane, 0, "lane field")
    H.eq(got[1].flags, 8, "flags field (Reliable)")
    H.truthy(got[1].receiveTime > 0, "receiveTime field")
end)

H.test("receiving on an id that is not a connection or poll group says so", function()
    local t, err = S.receiveMessagesOnConnection(987654)
    H.eq(t, nil, "no table")
    H.eq(err, "987654 is not a connection", "message")
    t, err = S.receiveMessagesOnPollGroup(987654)
    H.eq(t, nil, "no table")
    H.eq(err, "987654 is not a poll group", "message")
    H.eq(#assert(S.receiveMessagesOnConnection(987654, 0)), 0, "max 0 asks nothing")
end)

H.test("a receive leaves the collector as it found it", function()
    assert(S.sendMessageToConnection(a, "gc"))
    -- Lua 5.1 cannot tell whether the collector runs ("isrunning" is 5.2's and LuaJIT's).
    local function running()
        local ok, r = pcall(collectgarbage, "isrunning")
        return ok and r or nil
    end
    collectgarbage("stop")
    local ms = drain(b, 1)
    local after = running()
    collectgarbage("restart")
    H.eq(#ms, 1, "arrived")
    if after ~= nil then
        H.eq(after, false, "still stopped")
        H.eq(running(), true, "running again")
    end
end)

-- A finalizer that receives while a receive builds its tables: neither loses a message.
H.test("a finalizer that receives during a receive loses nothing", function()
    local total = 2000
    local seen = {}
    local function note(ms) for _, m in ipairs(ms) do seen[#seen + 1] = tonumber(m.data) end end
    local armed = true
    local function arm()
        local mt = { __gc = function()
            if armed then note(assert(S.receiveMessagesOnConnection(b, 3))); arm() end
        end }
        if newproxy then
            local p = newproxy(true)
            getmetatable(p).__gc = mt.__gc
        else
            setmetatable({}, mt)
        end
    end
    arm()
    for i = 1, total do assert(S.sendMessageToConnection(a, tostring(i)) == "OK") end
    local deadline = H.now(Steam) + 10
    while #seen < total and H.now(Steam) < deadline do
        local ms = assert(S.receiveMessagesOnConnection(b, 50))
        note(ms)
        collectgarbage("step", 1)
        if #ms == 0 then H.sleep(0.002) end
    end
    armed = false
    H.eq(#seen, total, "every message arrived once")
    table.sort(seen)
    for i = 1, total do
        if seen[i] ~= i then H.eq(seen[i], i, "message " .. i) end
    end
end)

H.test("the payload functions give what the C API path gives", function()
    local sent, result = S.sendPayloads(a, { "p", "q" })
    H.eq(sent, 2, "sent")
    H.eq(result, "OK", "result")
    local sent2, result2 = S.sendPayloads(987654, { "p" })
    local sent3, result3 = S.sendPayloads(987654, { "p" }, { "Reliable" })
    H.eq(sent2, sent3, "sent on failure")
    H.eq(result2, result3, "result on failure")
    local inbox, n = {}, 0
    local deadline = H.now(Steam) + 5
    while n < 2 and H.now(Steam) < deadline do
        n = n + assert(S.receivePayloads(b, inbox, 2 - n))
        if n < 2 then H.sleep(0.002) end
    end
    H.eq(table.concat(inbox, ","), "p,q", "payloads")
    local t, err = S.receivePayloads(987654, {})
    H.eq(t, nil, "no count")
    H.eq(err, "987654 is not a connection", "message")
end)

H.test("after shutdown the hot functions raise as the C API functions do", function()
    Steam.shutdown()
    for _, name in ipairs(hot) do
        local second = ({ sendMessageToConnection = "x", sendPayloads = { "x" }, receivePayloads = {} })[name]
        H.raises(function() S[name](1, second) end, "luasteam is not initialised")
    end
end)

H.done()
