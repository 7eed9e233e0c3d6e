-- Listen, connect, accept, both sides connected; accept results; close with reason/debug.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"

H.test("init succeeds on the standalone backend", function()
    H.eq(Steam.backend, "standalone", "Steam.backend")
    local ok, err = Steam.init()
    H.eq(ok, true, "init: " .. tostring(err))
    H.eq(Steam.init(), true, "second init")
end)

local rec = H.recorder()
Steam.sockets.onConnectionChanged = rec.handler
local server, client, incoming

H.test("server sees Connecting with listenSocket and remoteAddress", function()
    server = assert(Steam.sockets.createListenSocketIP(H.addr(0)))
    H.eq(type(server), "userdata", "listen socket type")
    client = assert(Steam.sockets.connectByIPAddress(H.addr(0)))
    H.eq(math.type and math.type(client) or "integer", "integer", "connection id type")
    H.truthy(H.pump(Steam, function()
        return rec.find(function(e) return e.listenSocket ~= nil and e.state == "Connecting" end)
    end), "server-side Connecting event")
    local e = rec.find(function(e) return e.listenSocket ~= nil end)
    incoming = e.connection
    H.truthy(e.listenSocket == server, "data.listenSocket == the listen socket")
    H.truthy(rawequal(e.listenSocket, server), "the same listen socket object")
    H.truthy(e.remoteAddress:match("^127%.0%.0%.1:%d+$"), "remoteAddress " .. e.remoteAddress)
    H.eq(e.state_old, "None", "state_old")
    H.eq(type(e.endReason), "number", "endReason type")
    H.eq(type(e.endDebug), "string", "endDebug type")
end)

H.test("accept -> OK, both sides Connected", function()
    H.eq(Steam.sockets.acceptConnection(incoming), "OK", "accept")
    H.truthy(H.pump(Steam, function()
        return rec.state(incoming) == "Connected" and rec.state(client) == "Connected"
    end), "both Connected")
end)

H.test("accepting again -> InvalidState, a bogus id -> InvalidParam", function()
    H.eq(Steam.sockets.acceptConnection(incoming), "InvalidState", "second accept")
    H.eq(Steam.sockets.acceptConnection(987654), "InvalidParam", "bogus accept")
end)

H.test("client closes with reason and debug -> server sees ClosedByPeer with both", function()
    Steam.sockets.closeConnection(client, false, 1234, "bye from client")
    H.truthy(H.pump(Steam, function() return rec.state(incoming) == "ClosedByPeer" end), "ClosedByPeer")
    local e = rec.last(incoming)
    H.eq(e.endReason, 1234, "endReason")
    H.eq(e.endDebug, "bye from client", "endDebug")
    H.eq(e.state_old, "Connected", "state_old")
    Steam.sockets.closeConnection(incoming)
end)

H.test("listen socket __tostring, __eq and harmless double close", function()
    H.truthy(tostring(server):match("^ListenSocket%(%d+%)$"), "tostring " .. tostring(server))
    Steam.sockets.closeListenSocket(server)
    Steam.sockets.closeListenSocket(server)
    H.truthy(tostring(server):match("closed"), "tostring after close " .. tostring(server))
end)

H.test("server closing its listen socket ends its clients' connections", function()
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(1)))
    local r2 = H.recorder()
    Steam.sockets.onConnectionChanged = function(d)
        r2.handler(d)
        if d.state == "Connecting" and d.listenSocket then Steam.sockets.acceptConnection(d.connection) end
    end
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(1), { TimeoutConnected = 2000 }))
    H.truthy(H.pump(Steam, function() return r2.state(c) == "Connected" end), "client connected")
    Steam.sockets.closeListenSocket(s)
    H.truthy(H.pump(Steam, function()
        local st = r2.state(c)
        return st == "ClosedByPeer" or st == "ProblemDetectedLocally"
    end, 8), "client sees its connection end")
    H.eq(r2.state(c), "ClosedByPeer", "documented end state")
    H.eq(r2.last(c).endReason, 1000, "documented end reason")
    H.eq(r2.last(c).endDebug, "listen socket closed", "documented end debug")
    Steam.sockets.closeConnection(c)
end)

H.test("shutdown, then calls error as not initialised", function()
    Steam.shutdown()
    H.raises(function() Steam.sockets.connectByIPAddress(H.addr(2)) end, "not initialised")
    Steam.shutdown()
end)

H.done()
