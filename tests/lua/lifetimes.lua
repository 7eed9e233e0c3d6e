-- Re-entry and lifetimes: luasteam called from finalizers, handlers and coroutines while
-- another luasteam call runs; a second require; listen sockets closed by the garbage collector
-- and by Lua 5.4's <close>; sendMessages with more entries than a Lua stack holds.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

assert(Steam.init())

local rec = H.recorder()
local hook
S.onConnectionChanged = function(d)
    rec.handler(d)
    if d.state == "Connecting" and d.listenSocket then S.acceptConnection(d.connection) end
    if hook then hook(d) end
end

--- An object whose finalizer calls fn (newproxy on 5.1/LuaJIT, a table's __gc on 5.2+).
local function finalized(fn)
    if newproxy then
        local p = newproxy(true)
        getmetatable(p).__gc = fn
        return p
    end
    return setmetatable({}, { __gc = fn })
end

--- Receives messages prefix..first to prefix..last on `conn` (or for 10 s), checking their
--- order; returns how many arrived.
local function receive_all(conn, first, last, prefix)
    local got = 0
    local count = last - first + 1
    local deadline = H.now(Steam) + 10
    while got < count and H.now(Steam) < deadline do
        local batch = assert(S.receiveMessagesOnConnection(conn, 100000))
        for _, m in ipairs(batch) do
            if m.data ~= prefix .. (first + got) then
                error(string.format("message %d is %q", first + got, m.data))
            end
            got = got + 1
        end
        if #batch == 0 then H.sleep(0.005) end
    end
    return got
end

H.test("a second require in the same state returns the same module", function()
    package.loaded.luasteam = nil
    local again = require "luasteam"
    H.eq(again, Steam, "same table")
    H.eq(again.sockets.onConnectionChanged, S.onConnectionChanged, "same handlers")
end)

H.test("finalizers calling luasteam during a receive lose no message", function()
    local a, b = assert(S.createSocketPair())
    local inside, during, ran = false, 0, 0
    local sent = 0
    local pause = collectgarbage("setpause", 10)
    for round = 1, 20 do
        for i = sent + 1, sent + 300 do
            H.eq(S.sendMessageToConnection(a, "m" .. i), "OK", "send " .. i)
        end
        sent = sent + 300
        local junk = {}
        for i = 1, 200 do
            junk[i] = finalized(function()
                ran = ran + 1
                if inside then during = during + 1 end
                assert(Steam.init())
                Steam.runCallbacks()
                assert(S.getConnectionInfo(b))
                S.setConnectionUserData(b, round)
            end)
        end
        junk = nil
        inside = true
        local ok, got = pcall(receive_all, b, sent - 299, sent, "m")
        inside = false
        if not ok then error(got) end
        H.eq(got, 300, "messages received in round " .. round)
        if during > 0 then break end
    end
    collectgarbage("setpause", pause)
    collectgarbage("collect")
    H.truthy(ran > 0, "finalizers ran")
    print(string.format("# %d finalizers ran, %d of them while receiving", ran, during))
    H.truthy(during > 0, "a finalizer ran while receiving")
    S.closeConnection(a)
    S.closeConnection(b)
end)

H.test("a finalizer that shuts down during a receive gives a clean result", function()
    local a, b = assert(S.createSocketPair())
    for i = 1, 500 do S.sendMessageToConnection(a, "m" .. i) end
    local pause = collectgarbage("setpause", 10)
    local shut = false
    local junk = {}
    for i = 1, 200 do junk[i] = finalized(function() if not shut then shut = true; Steam.shutdown() end end) end
    junk = nil
    local ok, err
    for _ = 1, 50 do
        ok, err = pcall(S.receiveMessagesOnConnection, b, 100000)
        if shut then break end
        collectgarbage("step")
    end
    collectgarbage("setpause", pause)
    collectgarbage("collect")
    if not ok then
        H.eq(type(err), "string", "error type")
        H.truthy(not err:find("panic", 1, true) and not err:find("borrowed", 1, true), "no panic text: " .. err)
    end
    H.truthy(shut, "the finalizer ran")
    H.eq(Steam.init(), true, "init again")
end)

H.test("nested runCallbacks and a coroutine inside a handler deliver each event once", function()
    local server = assert(S.createListenSocketIP(H.addr(0)))
    local seen = {}
    hook = function(d)
        local key = d.connection .. ":" .. d.state
        H.truthy(not seen[key], "event delivered once: " .. key)
        seen[key] = true
        Steam.runCallbacks()
        local co = coroutine.wrap(function() return S.getConnectionInfo(d.connection) end)
        co()
    end
    local client = assert(S.connectByIPAddress(H.addr(0)))
    H.truthy(H.pump(Steam, function() return rec.state(client) == "Connected" end), "client Connected")
    hook = nil
    local co = coroutine.create(function()
        H.eq(S.sendMessageToConnection(client, "from a coroutine"), "OK", "send")
        coroutine.yield()
        return S.getConnectionName(client)
    end)
    assert(coroutine.resume(co))
    assert(coroutine.resume(co))
    S.closeConnection(client)
    S.closeListenSocket(server)
end)

H.test("a listen socket that becomes garbage is closed, and its clients are told", function()
    local server = assert(S.createListenSocketIP(H.addr(1)))
    local client = assert(S.connectByIPAddress(H.addr(1)))
    H.truthy(H.pump(Steam, function() return rec.state(client) == "Connected" end), "client Connected")
    server = nil
    -- The recorded events hold the socket too (data.listenSocket).
    for _, e in ipairs(rec.events) do e.listenSocket = nil end
    collectgarbage("collect")
    collectgarbage("collect")
    H.truthy(H.pump(Steam, function() return rec.state(client) == "ClosedByPeer" end), "client sees ClosedByPeer")
    H.eq(rec.last(client).endDebug, "listen socket closed", "endDebug")
    S.closeConnection(client)
    -- The port is free again (the library releases it on its own thread, shortly after).
    local again
    H.truthy(H.pump(Steam, function()
        again = again or S.createListenSocketIP(H.addr(1))
        return again
    end, 3), "the port is free again")
    S.closeListenSocket(again)
end)

H.test("Lua 5.4: a <close> variable closes its listen socket", function()
    local chunk = (loadstring or load)([[
        local S, addr = ...
        local socket <close> = assert(S.createListenSocketIP(addr))
        return socket
    ]])
    if not chunk then print("# <close> needs Lua 5.4; skipped on " .. _VERSION) return end
    local first = chunk(S, H.addr(2))
    H.eq(tostring(first):match("closed") ~= nil, true, "closed on leaving the scope: " .. tostring(first))
    -- The library releases the port on its own thread, shortly after.
    local second
    H.truthy(H.pump(Steam, function()
        second = second or S.createListenSocketIP(H.addr(2))
        return second
    end, 3), "the port is free again")
    S.closeListenSocket(second)
end)

H.test("Lua 5.1/LuaJIT: the collector pauses during a call and catches up after it", function()
    if _VERSION ~= "Lua 5.1" then print("# nothing to check on " .. _VERSION) return end
    local a, b = assert(S.createSocketPair())
    local calls = 0
    local junk = {}
    for i = 1, 100 do junk[i] = finalized(function() calls = calls + 1 end) end
    junk = nil
    for i = 1, 200 do S.sendMessageToConnection(a, "x" .. i) end
    local batch = S.receiveMessagesOnConnection(b, 1000)
    collectgarbage("collect")
    H.eq(calls, 100, "finalizers ran afterwards")
    H.eq(#batch > 0, true, "received")
    -- The collector catches up after each call: message tables made inside calls are freed.
    collectgarbage("collect")
    local base = collectgarbage("count")
    local peak = base
    for round = 1, 40 do
        for i = 1, 500 do S.sendMessageToConnection(a, "r" .. round .. ":" .. i) end
        local got = 0
        while got < 500 do got = got + #S.receiveMessagesOnConnection(b, 1000) end
        peak = math.max(peak, collectgarbage("count"))
    end
    print(string.format("# heap %.0f KiB before 20000 messages, at most %.0f KiB during", base, peak))
    H.truthy(peak < base + 8192, "the heap stays bounded")
    if jit then
        collectgarbage("stop")
        S.getConnectionUserData(a)
        S.receiveMessagesOnConnection(b)
        H.eq(collectgarbage("isrunning"), false, "LuaJIT: a stopped collector stays stopped")
        collectgarbage("restart")
    else
        collectgarbage("collect")
        local before = collectgarbage("count")
        collectgarbage("stop")
        S.getConnectionUserData(a)
        for i = 1, 200000 do local _ = { i } end
        H.truthy(collectgarbage("count") > before + 4000, "Lua 5.1: plain functions leave it stopped")
        collectgarbage("collect")
        before = collectgarbage("count")
        collectgarbage("stop")
        S.receiveMessagesOnConnection(b)
        for i = 1, 200000 do local _ = { i } end
        H.truthy(collectgarbage("count") < before + 4000, "Lua 5.1: table functions start it again")
        collectgarbage("restart")
    end
    S.closeConnection(a)
    S.closeConnection(b)
end)

H.test("sendMessages takes 20000 entries", function()
    local a, b = assert(S.createSocketPair())
    local list = {}
    for i = 1, 20000 do list[i] = { connection = a, data = "s" .. i } end
    local results = S.sendMessages(list)
    H.eq(#results, 20000, "results")
    for i = 1, 20000 do
        if results[i].result ~= "OK" then error("entry " .. i .. ": " .. results[i].result) end
    end
    H.eq(receive_all(b, 1, 20000, "s"), 20000, "received")
    S.closeConnection(a)
    S.closeConnection(b)
end)

Steam.shutdown()
H.done()
