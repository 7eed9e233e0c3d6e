-- A short end-to-end run for valgrind: the paths a game takes, once each. Listen, connect,
-- accept in a handler, reliable messages both ways, a poll group, debug output, options,
-- errors raised and caught, a handler that raises, a finalizer that calls luasteam, a listen
-- socket left to the garbage collector, then shutdown and the state closing.
--   LUA_CPATH="$PWD/dist/lua54-standalone/?.so" valgrind --leak-check=full lua5.4 tests/valgrind/e2e.lua
-- Port: $LUASTEAM_PORT_BASE (default 21700). Prints "N passed, N failed" like tests/lua.
local Steam = require "luasteam"
local S, U = Steam.sockets, Steam.networkingUtils
local port = tonumber(os.getenv("LUASTEAM_PORT_BASE") or "21700")
local passed, failed = 0, 0
local function check(ok, what)
    if ok then passed = passed + 1 else failed = failed + 1; print("not ok - " .. what) end
end
local function pump(cond)
    for _ = 1, 500 do
        Steam.runCallbacks()
        if cond() then return true end
        Steam.sleep(0.01)
    end
    return false
end

check(not pcall(S.createListenSocketIP, "127.0.0.1:1"), "not initialised raises")
check(Steam.init(), "init")
U.setDebugOutputLevel("Msg")
local debug_lines = 0
U.onDebugOutput = function() debug_lines = debug_lines + 1 end

local address = "127.0.0.1:" .. port
local server = assert(S.createListenSocketIP(address, { TimeoutConnected = 5000 }))
local incoming, client_state
S.onConnectionChanged = function(d)
    if d.listenSocket and d.state == "Connecting" then
        incoming = d.connection
        S.acceptConnection(d.connection)
    elseif d.connection ~= incoming then
        client_state = d.state
    end
end
local client = assert(S.connectByIPAddress(address))
check(pump(function() return client_state == "Connected" end), "connected")

local group = assert(S.createPollGroup())
check(S.setConnectionPollGroup(incoming, group), "poll group")
for i = 1, 2000 do S.sendMessageToConnection(client, "c" .. i) end
S.sendMessages({ { connection = incoming, data = "s1" }, { connection = incoming, data = "s2" } })
local from_client, from_server = 0, 0
check(pump(function()
    from_client = from_client + #assert(S.receiveMessagesOnPollGroup(group, 500))
    from_server = from_server + #assert(S.receiveMessagesOnConnection(client))
    return from_client == 2000 and from_server == 2
end), "messages both ways")
check(S.getConnectionInfo(client) ~= nil and S.getConnectionRealTimeStatus(client) ~= nil, "queries")
check(U.getConfigValue("TimeoutConnected", "Connection", incoming) == 5000, "inherited option")

local ok, err = pcall(S.sendMessageToConnection, client, "x", "NoSuchFlag")
check(not ok and type(err) == "string", "bad flag raises a string")
S.onConnectionChanged = function() error({ "a table" }) end
S.closeConnection(incoming)
local raised
for _ = 1, 500 do
    local ok2, e = pcall(Steam.runCallbacks)
    if not ok2 then raised = e break end
    Steam.sleep(0.01)
end
check(type(raised) == "table" and raised[1] == "a table", "unchanged")
S.onConnectionChanged = nil

local finalized = 0
local function junk()
    local f = function() finalized = finalized + 1; S.getConnectionInfo(client) end
    if newproxy then local p = newproxy(true); getmetatable(p).__gc = f; return p end
    return setmetatable({}, { __gc = f })
end
for _ = 1, 50 do junk() end
S.closeConnection(client)
server = nil
collectgarbage("collect")
collectgarbage("collect")
check(finalized == 50, "finalizers called luasteam")
S.destroyPollGroup(group)
check(debug_lines >= 0, "debug output")
Steam.shutdown()
print(string.format("%d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1, true)
