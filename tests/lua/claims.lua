-- Sentences of the reference checked one by one over real UDP on 127.0.0.1: closeConnection's
-- reason and silence, the result lists of sendMessageToConnection, acceptConnection and
-- flushMessagesOnConnection, the event order of runCallbacks, setConnectionName's limit and
-- setGlobalConfigValue on existing connections.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S, U = Steam.sockets, Steam.networkingUtils

assert(Steam.init())

-- Every connection event in order; `hook(data)` (if set) runs after recording.
local rec = H.recorder()
local hook
S.onConnectionChanged = function(d)
    rec.handler(d)
    if hook then hook(d) end
end

local function pump_for(seconds)
    local deadline = H.now(Steam) + seconds
    repeat
        Steam.runCallbacks()
        H.sleep(0.01)
    until H.now(Steam) > deadline
end

local function ended(st) return st == "ClosedByPeer" or st == "ProblemDetectedLocally" end

-- Port slots: each listen socket gets its own.
local next_slot = 0
local function listen(options)
    local port = next_slot
    next_slot = next_slot + 1
    return assert(S.createListenSocketIP(H.addr(port), options)), H.addr(port)
end

--- A client connection to `addr` and the server's incoming id (in Connecting, not accepted).
local function knock(addr, options)
    local m = #rec.events
    local client = assert(S.connectByIPAddress(addr, options))
    local incoming
    H.truthy(H.pump(Steam, function()
        for i = m + 1, #rec.events do
            local e = rec.events[i]
            if e.listenSocket ~= nil and e.state == "Connecting" then incoming = e.connection end
        end
        return incoming ~= nil
    end), "server sees the client knock")
    return client, incoming
end

--- A connected pair on a fresh listen socket: client id, server-side id, listen socket.
local function pair(client_options, socket_options)
    local socket, addr = listen(socket_options)
    local client, incoming = knock(addr, client_options)
    H.eq(S.acceptConnection(incoming), "OK", "accept")
    H.truthy(H.pump(Steam, function()
        return rec.state(client) == "Connected" and rec.state(incoming) == "Connected"
    end), "both Connected")
    return client, incoming, socket
end

--- Index of the last recorded event, to look only at what comes after.
local function mark() return #rec.events end
local function events_since(m, conn)
    local out = {}
    for i = m + 1, #rec.events do
        if rec.events[i].connection == conn then out[#out + 1] = rec.events[i] end
    end
    return out
end

-- 1. closeConnection: reason
H.test("closeConnection: reason defaults to 1000 and reaches the peer as endReason", function()
    local client, incoming, socket = pair()
    S.closeConnection(client)
    H.truthy(H.pump(Steam, function() return ended(rec.state(incoming)) end), "server sees the end")
    H.eq(rec.state(incoming), "ClosedByPeer", "state")
    H.eq(rec.last(incoming).endReason, 1000, "default endReason")
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

H.test("closeConnection: every reason from 1000 to 2999 reaches the peer unchanged", function()
    local socket, addr = listen()
    for _, reason in ipairs({ 1000, 1001, 1999, 2000, 2500, 2999 }) do
        local client, incoming = knock(addr)
        H.eq(S.acceptConnection(incoming), "OK", "accept")
        H.truthy(H.pump(Steam, function() return rec.state(client) == "Connected" end), "connected")
        S.closeConnection(client, false, reason, "reason " .. reason)
        H.truthy(H.pump(Steam, function() return ended(rec.state(incoming)) end), "server sees the end")
        H.eq(rec.last(incoming).endReason, reason, "endReason")
        H.eq(rec.last(incoming).endDebug, "reason " .. reason, "endDebug")
        S.closeConnection(incoming)
    end
    S.closeListenSocket(socket)
end)

-- (range checked by the Lua layer)
H.test("closeConnection: a reason outside 1000-2999 raises", function()
    local client, incoming, socket = pair()
    local msg = "bad argument #3 to 'closeConnection' (reason must be from 1000 to 2999)"
    for _, reason in ipairs({ 0, 999, 3000, -1 }) do
        H.raises(function() S.closeConnection(client, false, reason) end, msg)
    end
    S.closeConnection(client)
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

-- 2. closeConnection: not reported to your own handler
H.test("closeConnection: an accepted connection (listen socket open) reports nothing locally", function()
    local client, incoming, socket = pair()
    local m = mark()
    S.closeConnection(incoming)
    H.truthy(H.pump(Steam, function() return ended(rec.state(client)) end), "client sees the end")
    H.eq(rec.state(client), "ClosedByPeer", "client state")
    pump_for(0.3)
    local after = events_since(m, incoming)
    H.eq(#after, 0, "events for the closed id (first: " .. tostring(after[1] and after[1].state) .. ")")
    S.closeConnection(client)
    S.closeListenSocket(socket)
end)

H.test("closeConnection: rejecting in the Connecting handler reports nothing more", function()
    local socket, addr = listen()
    local rejected
    hook = function(d)
        if d.listenSocket and d.state == "Connecting" and not rejected then
            rejected = d.connection
            S.closeConnection(d.connection, false, 1500, "go away")
        end
    end
    local client = assert(S.connectByIPAddress(addr))
    H.truthy(H.pump(Steam, function() return ended(rec.state(client)) end), "client sees the end")
    hook = nil
    H.eq(rec.last(client).endReason, 1500, "client endReason")
    pump_for(0.3)
    local list = rec.by_conn[rejected]
    H.eq(#list, 1, "events for the rejected id (last: " .. list[#list].state .. ")")
    S.closeConnection(client)
    S.closeListenSocket(socket)
end)

-- Events already taken from the library in the same
-- runCallbacks (here ClosedByPeer after Connected) are dropped by the close as well.
H.test("closeConnection: in a handler, later events of the same batch are not delivered", function()
    local socket, addr = listen()
    local client, incoming = knock(addr)
    H.eq(S.acceptConnection(incoming), "OK", "accept")
    -- Both the Connected and the ClosedByPeer event wait in the library until runCallbacks.
    S.closeConnection(client, false, 1000, "bye at once")
    H.sleep(0.3)
    local m = mark()
    hook = function(d)
        if d.connection == incoming and d.state == "Connected" then S.closeConnection(incoming) end
    end
    pump_for(0.3)
    hook = nil
    local after = events_since(m, incoming)
    H.truthy(#after >= 1, "the first event of the batch is delivered")
    H.eq(#after, 1, "events after the close in the handler (last: " .. after[#after].state .. ")")
    S.closeListenSocket(socket)
end)

H.test("closeConnection: an outgoing connection reports nothing locally", function()
    local client, incoming, socket = pair()
    local m = mark()
    S.closeConnection(client)
    H.truthy(H.pump(Steam, function() return ended(rec.state(incoming)) end), "server sees the end")
    pump_for(0.2)
    H.eq(#events_since(m, client), 0, "events for the closed id")
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

-- 3. sendMessageToConnection results
H.test("sendMessageToConnection: results and the second value", function()
    local bogus = 3000001
    local r, n = S.sendMessageToConnection(bogus, "x")
    H.eq(r, "InvalidParam", "unknown id"); H.eq(n, 0, "number for unknown id")

    local socket, addr = listen()
    local client, incoming = knock(addr, { SendBufferSize = 4096 })
    -- Not yet accepted (server side) and still connecting (client side): queued, OK.
    r, n = S.sendMessageToConnection(incoming, "early")
    H.eq(r, "OK", "not yet accepted"); H.truthy(n > 0, "number when not yet accepted")
    r, n = S.sendMessageToConnection(client, "early")
    H.eq(r, "OK", "still connecting"); H.truthy(n > 0, "number when connecting")
    r, n = S.sendMessageToConnection(client, "now or never", "UnreliableNoDelay")
    H.eq(r, "Ignored", "NoDelay while connecting"); H.eq(n, 0, "number when Ignored")
    r, n = S.sendMessageToConnection(client, string.rep("x", 5000))
    H.eq(r, "LimitExceeded", "over SendBufferSize"); H.eq(n, 0, "number when LimitExceeded")
    r, n = S.sendMessageToConnection(client, string.rep("x", 512 * 1024 + 1))
    H.eq(r, "InvalidParam", "too big"); H.eq(n, 0, "number when too big")

    H.eq(S.acceptConnection(incoming), "OK", "accept")
    H.truthy(H.pump(Steam, function() return rec.state(client) == "Connected" end), "connected")
    r, n = S.sendMessageToConnection(client, "hello")
    H.eq(r, "OK", "connected"); H.truthy(n > 0, "number when connected")

    -- The peer closes: NoConnection until we close too; then InvalidParam.
    S.closeConnection(client)
    H.truthy(H.pump(Steam, function() return ended(rec.state(incoming)) end), "server sees the end")
    r, n = S.sendMessageToConnection(incoming, "anyone?")
    H.eq(r, "NoConnection", "closed by peer"); H.eq(n, 0, "number when closed by peer")
    r, n = S.sendMessageToConnection(client, "anyone?")
    H.eq(r, "InvalidParam", "closed locally"); H.eq(n, 0, "number when closed locally")
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

H.test("sendMessages: the same results with messageNumber 0", function()
    local results = S.sendMessages({ { connection = 3000002, data = "x" } })
    H.eq(results[1].result, "InvalidParam", "unknown id")
    H.eq(results[1].messageNumber, 0, "messageNumber")
end)

-- 4. acceptConnection results
H.test("acceptConnection: documented results", function()
    H.eq(S.acceptConnection(3000003), "InvalidParam", "unknown id")
    local socket, addr = listen()
    local client, incoming = knock(addr)
    if rec.state(client) ~= "Connected" then
        H.eq(S.acceptConnection(client), "InvalidParam", "outgoing, still connecting")
    end
    H.eq(S.acceptConnection(incoming), "OK", "accept")
    H.truthy(H.pump(Steam, function() return rec.state(client) == "Connected" end), "connected")
    H.eq(S.acceptConnection(incoming), "InvalidState", "accepted already")
    H.eq(S.acceptConnection(client), "InvalidState", "outgoing, connected")
    S.closeConnection(client)
    S.closeConnection(incoming)

    -- The client gives up before we accept.
    local c2, i2 = knock(addr)
    S.closeConnection(c2)
    H.truthy(H.pump(Steam, function() return ended(rec.state(i2)) end), "server sees the end")
    H.eq(S.acceptConnection(i2), "InvalidState", "closed by peer before accepted")
    S.closeConnection(i2)
    H.eq(S.acceptConnection(i2), "InvalidParam", "closed locally")
    S.closeListenSocket(socket)
end)

H.test("acceptConnection: an outgoing connection still connecting gives InvalidParam", function()
    -- Nobody listens here, so the connection stays in Connecting.
    local lonely = assert(S.connectByIPAddress(H.addr(19)))
    H.eq(S.acceptConnection(lonely), "InvalidParam", "outgoing, still connecting")
    S.closeConnection(lonely)
end)

-- 5. flushMessagesOnConnection results
H.test("flushMessagesOnConnection: documented results", function()
    H.eq(S.flushMessagesOnConnection(3000004), "InvalidParam", "unknown id")
    local lonely = assert(S.connectByIPAddress(H.addr(19)))
    H.eq(S.flushMessagesOnConnection(lonely), "Ignored", "not connected yet")
    S.closeConnection(lonely)
    H.eq(S.flushMessagesOnConnection(lonely), "InvalidParam", "closed locally")

    local client, incoming, socket = pair()
    S.sendMessageToConnection(client, "a")
    H.eq(S.flushMessagesOnConnection(client), "OK", "connected")
    S.closeConnection(client)
    H.truthy(H.pump(Steam, function() return ended(rec.state(incoming)) end), "server sees the end")
    H.eq(S.flushMessagesOnConnection(incoming), "NoConnection", "closed by peer")
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

-- 6. runCallbacks: one arrival order for connection events and debug output
H.test("runCallbacks: debug output and connection events in arrival order", function()
    -- Before each runCallbacks, a marker line is written (accepting a made-up id makes the
    -- library log an error naming it). Connection events dispatched by call k arrive during
    -- call k, after marker k: each must come after marker k and before marker k + 1.
    local log = {}
    local call = 0
    local base = 3100000
    U.onDebugOutput = function(level, message)
        local id = tonumber(message:match("Cannot accept connection #(%d+);"))
        if id and id > base and id <= base + 100000 then log[#log + 1] = { marker = id - base } end
    end
    local saw_connection_event = false
    local prev = S.onConnectionChanged
    S.onConnectionChanged = function(d)
        prev(d)
        log[#log + 1] = { call = call, state = d.state, connection = d.connection }
    end
    U.setDebugOutputLevel("Error")
    local socket, addr = listen()
    local client = assert(S.connectByIPAddress(addr))
    local deadline = H.now(Steam) + 5
    while H.now(Steam) < deadline do
        call = call + 1
        S.acceptConnection(base + call) -- marker `call`
        Steam.runCallbacks()
        for _, e in ipairs(log) do
            if e.state == "Connecting" and e.connection ~= client and not e.accepted then
                e.accepted = true
                S.acceptConnection(e.connection)
            end
        end
        if rec.state(client) == "Connected" then break end
        H.sleep(0.01)
    end
    S.onConnectionChanged = prev
    U.setDebugOutputLevel("None")
    U.onDebugOutput = nil
    H.eq(rec.state(client), "Connected", "client state")
    local last_marker = 0
    for i, e in ipairs(log) do
        if e.marker then
            H.eq(e.marker, last_marker + 1, "markers in order (entry " .. i .. ")")
            last_marker = e.marker
        else
            saw_connection_event = true
            H.eq(last_marker, e.call, "last marker before the " .. e.state .. " event of call " .. e.call)
        end
    end
    H.truthy(saw_connection_event, "connection events were recorded")
    S.closeConnection(client)
    for _, e in ipairs(log) do
        if e.connection and e.connection ~= client then S.closeConnection(e.connection) end
    end
    S.closeListenSocket(socket)
end)

-- 7. setConnectionName: 31 bytes, cut between UTF-8 characters
H.test("setConnectionName: keeps 31 bytes of a long ASCII name", function()
    local client, incoming, socket = pair()
    local name = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF" -- 42 bytes
    S.setConnectionName(client, name)
    H.eq(S.getConnectionName(client), name:sub(1, 31), "name")
    S.setConnectionName(client, name:sub(1, 31))
    H.eq(S.getConnectionName(client), name:sub(1, 31), "exactly 31 bytes")
    S.closeConnection(client)
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

H.test("setConnectionName: a long multibyte name is cut after a whole character", function()
    local client, incoming, socket = pair()
    local e_acute, euro, smile = "\195\169", "\226\130\172", "\240\159\152\128" -- 2, 3, 4 bytes
    S.setConnectionName(client, string.rep(e_acute, 20)) -- 40 bytes
    H.eq(S.getConnectionName(client), string.rep(e_acute, 15), "2-byte characters (30 bytes kept)")
    S.setConnectionName(client, string.rep(euro, 12)) -- 36 bytes
    H.eq(S.getConnectionName(client), string.rep(euro, 10), "3-byte characters (30 bytes kept)")
    S.setConnectionName(client, "ab" .. string.rep(smile, 8)) -- 34 bytes
    H.eq(S.getConnectionName(client), "ab" .. string.rep(smile, 7), "4-byte characters (30 bytes kept)")
    S.setConnectionName(client, "a" .. string.rep(e_acute, 15)) -- 31 bytes: all kept
    H.eq(S.getConnectionName(client), "a" .. string.rep(e_acute, 15), "31 bytes kept whole")
    local info = assert(S.getConnectionInfo(client))
    H.truthy(info.description:find("a" .. string.rep(e_acute, 15), 1, true), "description " .. info.description)
    S.closeConnection(client)
    S.closeConnection(incoming)
    S.closeListenSocket(socket)
end)

-- 8. setGlobalConfigValue and existing connections
H.test("setGlobalConfigValue: existing connections follow unless they set the key", function()
    local key = "TimeoutConnected"
    local default = U.getConfigValue(key)
    local client, incoming, socket = pair()
    local own, own_incoming, own_socket = pair({ [key] = 7000 }, { [key] = 8000 })
    H.eq(U.getConfigValue(key, "Connection", client), default, "before")
    H.eq(U.setGlobalConfigValue(key, 12345), true, "set global")
    H.eq(U.getConfigValue(key, "Connection", client), 12345, "existing outgoing connection")
    H.eq(U.getConfigValue(key, "Connection", incoming), 12345, "existing accepted connection")
    H.eq(U.getConfigValue(key, "ListenSocket", socket), 12345, "existing listen socket")
    H.eq(U.getConfigValue(key, "Connection", own), 7000, "connection that set the key")
    H.eq(U.getConfigValue(key, "ListenSocket", own_socket), 8000, "listen socket that set the key")
    H.eq(U.getConfigValue(key, "Connection", own_incoming), 8000, "accepted on that socket")
    H.eq(U.setGlobalConfigValue(key, nil), true, "restore")
    H.eq(U.getConfigValue(key, "Connection", client), default, "back to the default")
    for _, c in ipairs({ client, incoming, own, own_incoming }) do S.closeConnection(c) end
    S.closeListenSocket(socket)
    S.closeListenSocket(own_socket)
end)

H.test("documented defaults: flags Reliable, max 1024, scope Global", function()
    local a, b = S.createSocketPair()
    H.truthy(a and b, "socket pair")
    for i = 1, 1100 do
        H.eq(S.sendMessageToConnection(a, "m" .. i), "OK", "send " .. i)
    end
    local got = {}
    H.truthy(H.pump(Steam, function()
        if #got == 0 then got = S.receiveMessagesOnConnection(b) or {} end
        return #got > 0
    end), "messages arrive")
    H.eq(#got, 1024, "receiveMessagesOnConnection without max returns at most 1024")
    H.eq(got[1].flags % 16 >= 8, true, "sent without flags: Reliable (8) is set, flags " .. got[1].flags)
    local rest = S.receiveMessagesOnConnection(b, 1000)
    H.eq(#rest, 76, "the rest stays queued in order")
    H.eq(rest[1].data, "m1025", "next message")
    H.eq(U.getConfigValue("TimeoutInitial"), U.getConfigValue("TimeoutInitial", "Global"), "scope")
    S.closeConnection(a)
    S.closeConnection(b)
end)

H.test("getDetailedConnectionStatus: a text for a connection, nil and a message otherwise", function()
    local a, b = S.createSocketPair()
    local report = S.getDetailedConnectionStatus(a)
    H.eq(type(report), "string", "report type")
    H.truthy(#report > 20 and report:find("\n", 1, true), "a multi-line report: " .. tostring(report))
    S.closeConnection(a)
    local none, message = S.getDetailedConnectionStatus(a)
    H.eq(none, nil, "closed id")
    H.eq(message, a .. " is not a connection", "message")
    S.closeConnection(b)
end)

Steam.shutdown()
H.done()
