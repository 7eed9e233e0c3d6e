-- Two-process test, client side: connects to proc_server.lua's port, then closes.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
assert(Steam.init())
H.test("client process connects to a server in another process", function()
    local rec = H.recorder()
    Steam.sockets.onConnectionChanged = rec.handler
    local c
    -- The server process may still be starting: retry until it answers.
    H.truthy(H.pump(Steam, function()
        if not c or rec.state(c) == "ProblemDetectedLocally" then
            if c then Steam.sockets.closeConnection(c) end
            c = assert(Steam.sockets.connectByIPAddress(H.addr(0), { TimeoutInitial = 1000 }))
        end
        return rec.state(c) == "Connected"
    end, 12), "connected")
    Steam.sockets.closeConnection(c, true, 1000, "done from the other process")
    H.pump(Steam, function() return false end, 1)
end)
Steam.shutdown()
H.done()
