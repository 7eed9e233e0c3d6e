-- Echo server: accepts clients and sends every message back to the client that sent it.
--   lua5.4 examples/echo/server.lua [address] [--once]
-- With --once the server exits after its first client has left (used by the demo).
-- Point package.cpath (or LUA_CPATH) at the directory holding luasteam.so, e.g.
--   LUA_CPATH="dist/lua54-standalone/?.so" lua5.4 examples/echo/server.lua
local Steam = require "luasteam"

local address, once = "127.0.0.1:27020", false
for _, a in ipairs(arg) do
    if a == "--once" then once = true else address = a end
end

local ok, err = Steam.init()
if not ok then
    io.stderr:write("server: cannot start networking: " .. err .. "\n")
    os.exit(1)
end

local socket, message = Steam.sockets.createListenSocketIP(address)
if not socket then
    io.stderr:write("server: cannot listen on " .. address .. ": " .. tostring(message) .. "\n")
    os.exit(1)
end
---@cast socket luasteam.ListenSocket
print("server: listening on " .. address)

local clients = {}   -- connection id -> remote address
local served = 0

function Steam.sockets.onConnectionChanged(data)
    print(string.format("server: connection %d (%s) %s -> %s",
        data.connection, data.remoteAddress, data.state_old, data.state))
    if data.state == "Connecting" then
        Steam.sockets.acceptConnection(data.connection)
    elseif data.state == "Connected" then
        clients[data.connection] = data.remoteAddress
    elseif data.state == "ClosedByPeer" or data.state == "ProblemDetectedLocally" then
        if data.endDebug ~= "" then print("server: reason: " .. data.endDebug) end
        clients[data.connection] = nil
        Steam.sockets.closeConnection(data.connection)
        served = served + 1
    end
end

while not (once and served > 0) do
    Steam.runCallbacks()
    for connection in pairs(clients) do
        local messages = Steam.sockets.receiveMessagesOnConnection(connection) or {}
        for _, m in ipairs(messages) do
            print("server: echo " .. m.data)
            Steam.sockets.sendMessageToConnection(connection, m.data)
        end
    end
    Steam.sleep(0.01)
end

Steam.sockets.closeListenSocket(socket)
Steam.shutdown()
print("server: done")
