-- Options are applied: TimeoutInitial shortens the wait for a peer that never answers.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
assert(Steam.init())

H.test("connecting where nobody listens ends in ProblemDetectedLocally within TimeoutInitial", function()
    local rec = H.recorder()
    Steam.sockets.onConnectionChanged = rec.handler
    local start = H.now(Steam)
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(0), { TimeoutInitial = 1000 }))
    H.truthy(H.pump(Steam, function() return rec.state(c) == "ProblemDetectedLocally" end, 6),
        "ProblemDetectedLocally; got " .. tostring(rec.state(c)))
    local elapsed = H.now(Steam) - start
    -- The default TimeoutInitial is 10 s; ending after about 1 s proves the option took.
    print(string.format("# ended after %.2f s with TimeoutInitial = 1000", elapsed))
    H.truthy(elapsed >= 0.8 and elapsed <= 3, "ended after " .. elapsed .. " s")
    H.truthy(#rec.last(c).endDebug > 0, "endDebug explains the failure")
    Steam.sockets.closeConnection(c)
end)

H.test("unknown option key and wrong value type are errors naming the key", function()
    H.raises(function() Steam.sockets.connectByIPAddress(H.addr(1), { NoSuchKey = 1 }) end,
        "bad argument #2 to 'connectByIPAddress' (unknown option 'NoSuchKey'")
    H.raises(function() Steam.sockets.connectByIPAddress(H.addr(1), { TimeoutInitial = "soon" }) end,
        "option 'TimeoutInitial' expects integer, got string")
    H.raises(function() Steam.sockets.createListenSocketIP(H.addr(1), { [1] = 5 }) end,
        "option keys must be strings")
end)

Steam.shutdown()
H.done()
