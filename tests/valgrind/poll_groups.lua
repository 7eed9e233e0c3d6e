-- Poll groups under valgrind: every poll group luasteam records must be freed by the time the
-- Lua state closes (they were not: the map's last node stayed allocated, "144 bytes definitely
-- lost" once the module was unloaded). Creates groups, moves a connection between them,
-- receives on them, destroys one explicitly and leaves one for Steam.shutdown().
--   LUA_CPATH="$PWD/dist/lua54-standalone/?.so" valgrind --leak-check=full lua5.4 tests/valgrind/poll_groups.lua
-- (An absolute path: loaded through a relative one, valgrind also reports 4 invalid reads
-- inside the dynamic loader while it expands the module's $ORIGIN RUNPATH, with or without
-- luasteam's changes.)
-- Port: $LUASTEAM_PORT_BASE (default 21600). Prints "N passed, N failed" like tests/lua.
local Steam = require "luasteam"
local port = tonumber(os.getenv("LUASTEAM_PORT_BASE") or "21600")
local passed, failed = 0, 0
local function check(ok, what)
    if ok then passed = passed + 1 else failed = failed + 1; print("not ok - " .. what) end
end

check(Steam.init(), "init")
local address = "127.0.0.1:" .. port
local server = Steam.sockets.createListenSocketIP(address)
check(server ~= nil, "listen")
local accepted
function Steam.sockets.onConnectionChanged(data)
    if data.state == "Connecting" and data.listenSocket then
        Steam.sockets.acceptConnection(data.connection)
        accepted = data.connection
    end
end
local client = Steam.sockets.connectByIPAddress(address)
check(client ~= nil, "connect")

local first = Steam.sockets.createPollGroup()
local second = Steam.sockets.createPollGroup()
check(first ~= nil and second ~= nil, "two poll groups")
for _ = 1, 500 do
    Steam.runCallbacks()
    if accepted then break end
    Steam.sleep(0.01)
end
check(accepted ~= nil, "server accepted the client")
if accepted then
    check(Steam.sockets.setConnectionPollGroup(accepted, first), "connection into the first group")
    Steam.sockets.receiveMessagesOnPollGroup(first)
    check(Steam.sockets.setConnectionPollGroup(accepted, second), "connection into the second group")
    Steam.sockets.receiveMessagesOnPollGroup(second)
end
check(Steam.sockets.destroyPollGroup(first), "destroy the first group")
-- The second is left for shutdown, which destroys what the state still owns.
Steam.shutdown()
print(passed .. " passed, " .. failed .. " failed")
