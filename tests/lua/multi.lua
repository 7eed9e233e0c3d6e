-- Several servers and clients in one process; each connection attributed to its own server.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
assert(Steam.init())

H.test("three servers, two clients each, all connected to the right server", function()
    local servers, by_socket, clients = {}, {}, {}
    local states = {}
    Steam.sockets.onConnectionChanged = function(d)
        states[d.connection] = d.state
        if d.listenSocket and d.state == "Connecting" then
            by_socket[d.connection] = d.listenSocket
            H.eq(Steam.sockets.acceptConnection(d.connection), "OK", "accept")
        end
    end
    for i = 1, 3 do servers[i] = assert(Steam.sockets.createListenSocketIP(H.addr(i))) end
    for i = 1, 3 do
        for _ = 1, 2 do clients[#clients + 1] = { conn = assert(Steam.sockets.connectByIPAddress(H.addr(i))), server = i } end
    end
    H.truthy(H.pump(Steam, function()
        for _, c in ipairs(clients) do if states[c.conn] ~= "Connected" then return false end end
        return true
    end), "all clients connected")
    local per_server = { 0, 0, 0 }
    for _, sock in pairs(by_socket) do
        for i = 1, 3 do if sock == servers[i] then per_server[i] = per_server[i] + 1 end end
    end
    for i = 1, 3 do H.eq(per_server[i], 2, "connections on server " .. i) end
    for _, c in ipairs(clients) do Steam.sockets.closeConnection(c.conn) end
    for i = 1, 3 do Steam.sockets.closeListenSocket(servers[i]) end
end)

Steam.shutdown()
H.done()
