-- Connection queries: info and real-time status tables (every documented field and type),
-- user data, names, listen socket addresses, lanes, and their failures and bad arguments.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

assert(Steam.init())

local states = {}
S.onConnectionChanged = function(d)
    states[d.connection] = d.state
    if d.state == "Connecting" and d.listenSocket then S.acceptConnection(d.connection) end
end

local function is_integer(v)
    if math.type then return math.type(v) == "integer" end
    return type(v) == "number" and v == math.floor(v)
end

--- Checks that `t` has exactly the documented fields, with their documented types.
local function check_fields(t, fields, what)
    H.eq(type(t), "table", what)
    for name, ty in pairs(fields) do
        local v = t[name]
        if ty == "integer" then
            H.truthy(is_integer(v), what .. "." .. name .. " is an integer (" .. tostring(v) .. ")")
        elseif ty == "ListenSocket?" then
            H.truthy(v == nil or type(v) == "userdata", what .. "." .. name .. " is a ListenSocket or nil")
        else
            H.eq(type(v), ty, what .. "." .. name .. " type")
        end
    end
    for k in pairs(t) do H.truthy(fields[k], what .. " has no undocumented field " .. tostring(k)) end
end

local INFO = {
    state = "string", identity = "string", remoteAddress = "string", listenSocket = "ListenSocket?", endReason = "integer",
    endDebug = "string", description = "string", userData = "integer",
}
local STATUS = {
    state = "string", ping = "integer", connectionQualityLocal = "number",
    connectionQualityRemote = "number", outPacketsPerSec = "number", outBytesPerSec = "number",
    inPacketsPerSec = "number", inBytesPerSec = "number", sendRateBytesPerSecond = "integer",
    pendingUnreliable = "integer", pendingReliable = "integer", sentUnackedReliable = "integer",
    queueTime = "integer",
}

local server, address, client, incoming
H.test("listening on port 0 and asking for the address gives a usable address", function()
    server = assert(S.createListenSocketIP("127.0.0.1:0"))
    address = assert(S.getListenSocketAddress(server))
    local port = tonumber(address:match("^127%.0%.0%.1:(%d+)$"))
    H.truthy(port and port > 0, "bound address " .. address)
    client = assert(S.connectByIPAddress(address))
    H.truthy(H.pump(Steam, function()
        for c, st in pairs(states) do if c ~= client and st == "Connected" then incoming = c end end
        return incoming and states[client] == "Connected"
    end), "connected through the reported address")
end)

H.test("getConnectionInfo has every documented field on both ends", function()
    local info = assert(S.getConnectionInfo(incoming))
    check_fields(info, INFO, "server info")
    H.eq(info.state, "Connected", "state")
    H.truthy(rawequal(info.listenSocket, server), "the same ListenSocket object")
    H.truthy(info.remoteAddress:match("^127%.0%.0%.1:%d+$"), "remoteAddress " .. info.remoteAddress)
    H.eq(info.identity, "ip:" .. info.remoteAddress, "an anonymous peer's identity is its address")
    H.eq(info.endReason, 0, "endReason while open")
    H.eq(info.endDebug, "", "endDebug while open")
    H.eq(info.userData, -1, "default user data")
    local cinfo = assert(S.getConnectionInfo(client))
    check_fields(cinfo, INFO, "client info")
    H.eq(cinfo.listenSocket, nil, "no listen socket for an outgoing connection")
    H.eq(cinfo.remoteAddress, address, "client's remote address is the server")
    H.eq(cinfo.identity, "ip:" .. address, "the anonymous server's identity is its address")
end)

H.test("getConnectionRealTimeStatus has every documented field", function()
    for _ = 1, 20 do S.sendMessageToConnection(client, "traffic") end
    H.pump(Steam, function() return #assert(S.receiveMessagesOnConnection(incoming)) > 0 end)
    local status = assert(S.getConnectionRealTimeStatus(client))
    check_fields(status, STATUS, "status")
    H.eq(status.state, "Connected", "state")
    H.truthy(status.ping >= -1, "ping " .. status.ping)
    H.truthy(status.queueTime >= 0, "queue time " .. status.queueTime)
end)

H.test("user data round-trips, within 2^53 everywhere and 64 bits on 5.3+", function()
    local values = { 0, 42, -1, -42, 2 ^ 53, -(2 ^ 53) }
    if math.maxinteger then
        values[#values + 1] = math.maxinteger
        values[#values + 1] = math.mininteger
    end
    for _, v in ipairs(values) do
        H.eq(S.setConnectionUserData(client, v), true, "set " .. tostring(v))
        H.truthy(S.getConnectionUserData(client) == v, "get " .. tostring(v))
        H.truthy(assert(S.getConnectionInfo(client)).userData == v, "info " .. tostring(v))
    end
    H.raises(function() S.setConnectionUserData(client, 1.5) end,
        "bad argument #2 to 'setConnectionUserData' (number has no integer representation)")
    H.eq(S.setConnectionUserData(987654, 1), false, "bogus connection")
    local none, err = S.getConnectionUserData(987654)
    H.eq(none, nil, "bogus get")
    H.truthy(err:find("not a connection"), err)
    local opt = assert(S.connectByIPAddress(address, { ConnectionUserData = 7 }))
    H.eq(S.getConnectionUserData(opt), 7, "set by the option")
    S.closeConnection(opt)
end)

H.test("connection names show in the description", function()
    H.eq(S.getConnectionName(client), "", "no name yet")
    S.setConnectionName(client, "player one")
    H.eq(S.getConnectionName(client), "player one", "name")
    H.truthy(assert(S.getConnectionInfo(client)).description:find("player one", 1, true), "description")
    S.setConnectionName(client, "cut\0here")
    H.eq(S.getConnectionName(client), "cut", "cut at zero byte")
    S.setConnectionName(987654, "nobody")
    local none, err = S.getConnectionName(987654)
    H.eq(none, nil, "bogus name")
    H.eq(type(err), "string", "message")
end)

H.test("lanes: configure two and send on lane 1 with sendMessages", function()
    H.eq(S.configureConnectionLanes(client, { 0, 1 }, { 1, 1 }), "OK", "configure")
    H.eq(S.configureConnectionLanes(client, { 0, 1 }), "OK", "configure without weights")
    local r = S.sendMessages({ { connection = client, data = "on lane 1", lane = 1 } })
    H.eq(r[1].result, "OK", "send on lane 1")
    local r2 = S.sendMessages({ { connection = client, data = "lane 9", lane = 9 } })
    H.eq(r2[1].result, "InvalidParam", "unconfigured lane")
    local got
    H.truthy(H.pump(Steam, function()
        got = got or assert(S.receiveMessagesOnConnection(incoming))[1]
        return got
    end), "arrived")
    H.eq(got.data, "on lane 1", "data")
    H.eq(got.lane, 1, "lane")
    H.eq(S.configureConnectionLanes(987654, { 0 }), "NoConnection", "bogus connection")
    H.eq(S.configureConnectionLanes(client, { 0 }), "InvalidParam", "fewer lanes than before")
    H.raises(function() S.configureConnectionLanes(client, { 0, 1 }, { 1 }) end,
        "bad argument #3 to 'configureConnectionLanes' (1 weights for 2 lanes)")
    H.raises(function() S.configureConnectionLanes(client, { "a" }) end, "bad argument #2 to 'configureConnectionLanes'")
    H.raises(function() S.configureConnectionLanes(client, { 0 }, { 0 }) end, "weights must be from 1 to 65535")
    H.raises(function() S.configureConnectionLanes(client) end,
        "bad argument #2 to 'configureConnectionLanes' (table expected, got no value)")
end)

H.test("queries on bad ids return nil and a message; bad arguments raise", function()
    for _, f in ipairs({ "getConnectionInfo", "getConnectionRealTimeStatus", "getConnectionName", "getConnectionUserData" }) do
        local none, err = S[f](987654)
        H.eq(none, nil, f .. " of a bogus id")
        H.truthy(type(err) == "string" and err:find("not a connection"), f .. " message")
        H.raises(function() S[f]() end, "bad argument #1 to '" .. f .. "' (number expected, got no value)")
    end
    H.raises(function() S.setConnectionName(client) end, "bad argument #2 to 'setConnectionName' (string expected, got no value)")
    H.raises(function() S.getListenSocketAddress("x") end, "bad argument #1 to 'getListenSocketAddress'")
end)

H.test("a closed connection and a closed listen socket", function()
    S.closeConnection(client)
    H.truthy(H.pump(Steam, function() return states[incoming] == "ClosedByPeer" end), "ClosedByPeer")
    local info = assert(S.getConnectionInfo(incoming))
    H.eq(info.state, "ClosedByPeer", "state")
    H.truthy(info.endDebug ~= "", "endDebug set")
    H.eq(S.getConnectionInfo(client), nil, "closed id is gone")
    S.closeConnection(incoming)
    S.closeListenSocket(server)
    local none, err = S.getListenSocketAddress(server)
    H.eq(none, nil, "closed socket")
    H.truthy(err:find("closed"), err)
end)

Steam.shutdown()
H.done()
