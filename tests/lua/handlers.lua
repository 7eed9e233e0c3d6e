-- runCallbacks semantics: order, handler errors, missing handlers, handlers calling the API.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
assert(Steam.init())

local function connect_pair(port_n)
    local seen = {}
    Steam.sockets.onConnectionChanged = function(d) seen[#seen + 1] = d end
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(port_n)))
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(port_n)))
    H.truthy(H.pump(Steam, function() return #seen > 0 end), "events arrive")
    return s, c, seen
end

H.test("a raising handler makes runCallbacks raise its error unchanged; other events stay queued", function()
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(0)))
    local got = {}
    Steam.sockets.onConnectionChanged = function(d)
        got[#got + 1] = d.connection .. ":" .. d.state
        if #got == 1 then error("boom in handler") end
    end
    -- Two clients so that at least two events are pending together.
    local c1 = assert(Steam.sockets.connectByIPAddress(H.addr(0)))
    local c2 = assert(Steam.sockets.connectByIPAddress(H.addr(0)))
    H.sleep(0.3)
    local ok, err = pcall(Steam.runCallbacks)
    H.eq(ok, false, "runCallbacks raised")
    H.truthy(tostring(err):find("boom in handler", 1, true), "the handler's message: " .. tostring(err))
    H.truthy(tostring(err):match("^tests/lua/handlers.lua:%d+: boom in handler$"), "the handler's own error: " .. tostring(err))
    H.eq(#got, 1, "stopped after the failing handler")
    Steam.runCallbacks()
    H.truthy(#got >= 2, "remaining events delivered on the next call (" .. #got .. ")")
    Steam.sockets.closeConnection(c1)
    Steam.sockets.closeConnection(c2)
    Steam.sockets.closeListenSocket(s)
    Steam.runCallbacks()
end)

H.test("events arrive in order per connection", function()
    local s, c, seen = connect_pair(1)
    local incoming
    for _, e in ipairs(seen) do if e.listenSocket then incoming = e.connection end end
    Steam.sockets.onConnectionChanged = function(d)
        seen[#seen + 1] = d
        if d.listenSocket and d.state == "Connecting" then Steam.sockets.acceptConnection(d.connection) end
    end
    if incoming then Steam.sockets.acceptConnection(incoming) end
    H.truthy(H.pump(Steam, function()
        local n = 0
        for _, e in ipairs(seen) do if e.connection == c and e.state == "Connected" then n = 1 end end
        return n == 1
    end), "client connected")
    local prev = "None"
    for _, e in ipairs(seen) do
        if e.connection == c then
            H.eq(e.state_old, prev, "state_old continues the previous state")
            prev = e.state
        end
    end
    Steam.sockets.closeConnection(c)
    Steam.sockets.closeListenSocket(s)
end)

H.test("no handler: events are dropped, not kept", function()
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(2)))
    Steam.sockets.onConnectionChanged = nil
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(2)))
    H.sleep(0.3)
    Steam.runCallbacks()
    local late = {}
    Steam.sockets.onConnectionChanged = function(d) late[#late + 1] = d end
    Steam.runCallbacks()
    for _, e in ipairs(late) do
        H.truthy(e.state_old ~= "None", "no stale first event was kept")
    end
    Steam.sockets.closeConnection(c)
    Steam.sockets.closeListenSocket(s)
end)

H.test("a handler may close the connection it is told about", function()
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(3)))
    local closed_in_handler = false
    Steam.sockets.onConnectionChanged = function(d)
        if d.listenSocket and d.state == "Connecting" then
            Steam.sockets.closeConnection(d.connection, false, 1001, "rejected")
            closed_in_handler = true
        end
    end
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(3)))
    H.truthy(H.pump(Steam, function() return closed_in_handler end), "handler ran")
    Steam.sockets.closeConnection(c)
    Steam.sockets.closeListenSocket(s)
end)

H.test("a handler that is not a function is reported", function()
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(4)))
    Steam.sockets.onConnectionChanged = "oops"
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(4)))
    H.sleep(0.3)
    H.raises(function() Steam.runCallbacks() end, "Steam.sockets.onConnectionChanged must be a function, got string")
    Steam.sockets.onConnectionChanged = nil
    Steam.sockets.closeConnection(c)
    Steam.sockets.closeListenSocket(s)
    Steam.runCallbacks()
end)

Steam.shutdown()
H.done()
