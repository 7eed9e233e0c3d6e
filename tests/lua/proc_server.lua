-- Two-process test, server side: accepts one client, waits for it to close, exits 0.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
assert(Steam.init())
H.test("server process: a client from another process connects and closes", function()
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(0)))
    local rec = H.recorder()
    Steam.sockets.onConnectionChanged = function(d)
        rec.handler(d)
        if d.state == "Connecting" then Steam.sockets.acceptConnection(d.connection) end
    end
    H.truthy(H.pump(Steam, function() return rec.find(function(e) return e.state == "ClosedByPeer" end) end, 15),
        "the other process connected and closed")
    local e = rec.find(function(e) return e.state == "ClosedByPeer" end)
    H.eq(e.endDebug, "done from the other process", "endDebug")
    Steam.sockets.closeListenSocket(s)
end)
Steam.shutdown()
H.done()
