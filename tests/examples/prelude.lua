-- The prelude of the executable examples (docs/dialect.rst, "Executable examples").
-- tests/examples/run.lua runs it before each **Example**:: block of spec/*.rst, in a fresh
-- interpreter with the standalone backend. It defines, as globals, what an example may use
-- without defining it; keep this list and the one in docs/dialect.rst the same:
--
--   Steam             require "luasteam", initialised (Steam.init() returned true)
--   socket            a listen socket on 127.0.0.1, on a free port
--   connection        a client connection to `socket`, Connected
--   serverConnection  the server side of `connection`, accepted and Connected, in `group`
--   group             a poll group
--   a, b              the two ends of a socket pair (Steam.sockets.createSocketPair())
--   players           an empty table, for an application's own data
--   running           false, so `while running do ... end` loops end at once
--   love              an empty table, for LÖVE-style examples to define love.update / love.quit
--
-- One message, "hello from the server", waits to be received on `connection`, and one,
-- "hello from the client", waits in `group` (sent on `connection`). No callback is assigned
-- and the event queue is empty. `print` is Lua's own.
--
-- Returns a table for the runner: { address = the address of `socket` }.

Steam = require "luasteam"
assert(Steam.backend == "standalone", "the examples run on the standalone backend, not " .. tostring(Steam.backend))
assert(Steam.init())

local function pump_until(seconds, done)
    local deadline = os.time() + seconds -- whole seconds, enough for a cap
    for _ = 1, seconds * 100 do
        Steam.runCallbacks()
        if done() then return true end
        Steam.sleep(0.01)
        if os.time() > deadline then break end
    end
    return false
end

socket = assert(Steam.sockets.createListenSocketIP("127.0.0.1:0"))
local address = assert(Steam.sockets.getListenSocketAddress(socket))
group = assert(Steam.sockets.createPollGroup())

local states = {}
Steam.sockets.onConnectionChanged = function(data)
    states[data.connection] = data.state
    if data.listenSocket and data.state == "Connecting" then
        serverConnection = data.connection
        assert(Steam.sockets.acceptConnection(data.connection) == "OK")
        assert(Steam.sockets.setConnectionPollGroup(data.connection, group))
    end
end
connection = assert(Steam.sockets.connectByIPAddress(address))
assert(pump_until(5, function()
    return serverConnection and states[connection] == "Connected" and states[serverConnection] == "Connected"
end), "prelude: the connection to " .. address .. " was not established")
Steam.sockets.onConnectionChanged = nil

assert(Steam.sockets.sendMessageToConnection(serverConnection, "hello from the server") == "OK")
assert(Steam.sockets.sendMessageToConnection(connection, "hello from the client") == "OK")
-- Wait until both messages are acknowledged, so they are waiting at the receiving end.
pump_until(2, function()
    for _, id in ipairs({ connection, serverConnection }) do
        local s = Steam.sockets.getConnectionRealTimeStatus(id)
        if not s or s.pendingReliable > 0 or s.sentUnackedReliable > 0 then return false end
    end
    return true
end)

a, b = assert(Steam.sockets.createSocketPair())
players = {}
running = false
love = {}

return { address = address }
