-- Messaging at volume: 1 MiB round trip, 10k reliable in order, unreliable never corrupted,
-- poll groups with 16 clients, socket pairs, sendMessages results, bad arguments.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

assert(Steam.init())

-- Wall-clock seconds: the library's microsecond clock when available, else CPU time.
local function now()
    local u = Steam.networkingUtils
    if u and u.getLocalTimestamp then return u.getLocalTimestamp() / 1e6 end
    return os.clock()
end

-- Fast sending on loopback: the default send rate is a few hundred KiB/s and the default
-- buffers hold less than a MiB.
local FAST = {
    SendBufferSize = 16 * 1024 * 1024,
    RecvBufferSize = 16 * 1024 * 1024,
    RecvBufferMessages = 100000,
    SendRateMin = 64 * 1024 * 1024,
    SendRateMax = 64 * 1024 * 1024,
}

local accept_group -- poll group new server-side connections join, if set
local states = {}
S.onConnectionChanged = function(d)
    states[d.connection] = d.state
    if d.state == "Connecting" and d.listenSocket then
        S.acceptConnection(d.connection)
        if accept_group then S.setConnectionPollGroup(d.connection, accept_group) end
    end
end

--- Receives on `conn` until `n` messages arrived (or `timeout` seconds pass), pumping fast.
local function receive_n(conn, n, timeout, receive)
    receive = receive or S.receiveMessagesOnConnection
    local got, deadline = {}, now() + (timeout or 10)
    while #got < n and now() < deadline do
        Steam.runCallbacks()
        local batch = assert(receive(conn, 4096))
        for i = 1, #batch do got[#got + 1] = batch[i] end
        if #batch == 0 then Steam.sleep(0.0005) end
    end
    return got
end

local server = assert(S.createListenSocketIP(H.addr(0), FAST))
local client = assert(S.connectByIPAddress(H.addr(0), FAST))
local incoming
H.test("a fast connection is established", function()
    H.truthy(H.pump(Steam, function()
        for c, st in pairs(states) do
            if c ~= client and st == "Connected" then incoming = c end
        end
        return incoming and states[client] == "Connected"
    end), "both ends Connected")
end)

H.test("1 MiB of every byte value round-trips byte-exact (two 512 KiB messages)", function()
    local bytes = {}
    for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
    local block = table.concat(bytes)
    local half = string.rep(block, 2048) -- 512 KiB, the largest message; zero bytes included
    H.eq(#half, 512 * 1024, "payload size")
    H.eq(S.sendMessageToConnection(client, half .. "x"), "InvalidParam", "one byte too big")
    local t0 = now()
    H.eq(S.sendMessageToConnection(client, half), "OK", "send first half")
    H.eq(S.sendMessageToConnection(client, half:reverse()), "OK", "send second half")
    local there = receive_n(incoming, 2, 15)
    H.eq(#there, 2, "arrived at the server")
    for _, m in ipairs(there) do
        H.eq(S.sendMessageToConnection(incoming, m.data), "OK", "echo")
    end
    local back = receive_n(client, 2, 15)
    local elapsed = now() - t0
    H.eq(#back, 2, "echoes arrived")
    H.truthy(back[1].data == half, "first echo is byte-exact")
    H.truthy(back[2].data == half:reverse(), "second echo is byte-exact")
    print(string.format("# 1 MiB round trip (2 x 512 KiB there and back): %.1f ms", elapsed * 1000))
end)

H.test("10000 reliable messages arrive exactly once and in order", function()
    local N = 10000
    local t0 = now()
    for i = 1, N do
        local r = S.sendMessageToConnection(client, "seq " .. i)
        if r ~= "OK" then error("send " .. i .. ": " .. r) end
    end
    local got = receive_n(incoming, N, 20)
    local elapsed = now() - t0
    H.eq(#got, N, "messages received")
    for i = 1, N do
        if got[i].data ~= "seq " .. i then
            error("message " .. i .. " is '" .. got[i].data .. "'")
        end
    end
    H.eq(#assert(S.receiveMessagesOnConnection(incoming)), 0, "no duplicates after the last")
    print(string.format("# 10000 reliable messages: %.1f ms (%.0f msg/s)", elapsed * 1000, N / elapsed))
end)

-- A payload that checks itself: sequence number, length, filler and a checksum.
local function checksum(s)
    local sum = 0
    for i = 1, #s do sum = (sum * 31 + s:byte(i)) % 1000003 end
    return sum
end
local function unreliable_payload(i)
    local body = i .. ":" .. string.rep(string.char(i % 256), 20 + i % 200)
    return body .. ":" .. checksum(body)
end

H.test("unreliable messages may be lost but are never corrupted or duplicated", function()
    local N = 2000
    for i = 1, N do
        local r = S.sendMessageToConnection(client, unreliable_payload(i), "Unreliable")
        H.truthy(r == "OK" or r == "LimitExceeded" or r == "Ignored", "unreliable send result " .. r)
    end
    local got = receive_n(incoming, N, 3)
    H.truthy(#got > 0, "some unreliable messages arrive")
    local seen = {}
    for _, m in ipairs(got) do
        local body, sum = m.data:match("^(.*):(%d+)$")
        H.truthy(body and checksum(body) == tonumber(sum), "intact message")
        local i = tonumber(body:match("^(%d+):"))
        H.eq(m.data, unreliable_payload(i), "payload " .. i)
        H.truthy(not seen[i], "no duplicate of " .. i)
        seen[i] = true
    end
    print(string.format("# unreliable: %d of %d arrived", #got, N))
end)

H.test("a poll group with 16 clients attributes every message to its connection", function()
    local group = assert(S.createPollGroup())
    H.eq(math.type and math.type(group) or "integer", "integer", "poll group id")
    accept_group = group
    local listen = assert(S.createListenSocketIP(H.addr(1)))
    local clients = {}
    for i = 1, 16 do clients[i] = assert(S.connectByIPAddress(H.addr(1))) end
    H.truthy(H.pump(Steam, function()
        for _, c in ipairs(clients) do if states[c] ~= "Connected" then return false end end
        return true
    end), "16 clients connected")
    local M = 25
    for j = 1, M do
        for i, c in ipairs(clients) do S.sendMessageToConnection(c, i .. ":" .. j) end
    end
    local got = receive_n(group, 16 * M, 10, S.receiveMessagesOnPollGroup)
    H.eq(#got, 16 * M, "messages in the poll group")
    local owner, next_j = {}, {} -- server connection -> client index; client -> expected j
    for _, m in ipairs(got) do
        local i, j = m.data:match("^(%d+):(%d+)$")
        i, j = tonumber(i), tonumber(j)
        owner[m.connection] = owner[m.connection] or i
        H.eq(owner[m.connection], i, "connection " .. m.connection .. " carries one client")
        H.eq(j, (next_j[i] or 0) + 1, "client " .. i .. " in order")
        next_j[i] = j
    end
    local distinct = {}
    for _, i in pairs(owner) do
        H.truthy(not distinct[i], "client " .. i .. " on one connection only")
        distinct[i] = true
    end
    for i = 1, 16 do H.eq(next_j[i], M, "all messages of client " .. i) end
    accept_group = nil
    H.eq(S.destroyPollGroup(group), true, "destroy")
    H.eq(S.destroyPollGroup(group), false, "destroy again")
    local none, err = S.receiveMessagesOnPollGroup(group)
    H.eq(none, nil, "receive on a destroyed group")
    H.truthy(err:find("not a poll group"), err)
    for _, c in ipairs(clients) do S.closeConnection(c) end
    S.closeListenSocket(listen)
end)

H.test("a socket pair talks both ways without the network", function()
    local before = {}
    for k, v in pairs(states) do before[k] = v end
    local a, b = S.createSocketPair()
    H.truthy(a and b and a ~= b, "two ids")
    H.eq(S.sendMessageToConnection(a, "to b"), "OK", "a -> b")
    H.eq(S.sendMessageToConnection(b, "to a\0!"), "OK", "b -> a")
    H.eq(receive_n(b, 1)[1].data, "to b", "b got it")
    H.eq(receive_n(a, 1)[1].data, "to a\0!", "a got it")
    Steam.runCallbacks()
    H.eq(states[a], nil, "no event for a while connected")
    H.eq(states[b], nil, "no event for b while connected")
    H.eq(assert(S.getConnectionInfo(a)).state, "Connected", "a Connected")
    S.closeConnection(a)
    H.truthy(H.pump(Steam, function() return states[b] == "ClosedByPeer" end), "b sees ClosedByPeer")
    S.closeConnection(b)
    local c, d = S.createSocketPair(true)
    H.truthy(c and d, "loopback pair")
    H.eq(S.sendMessageToConnection(c, "udp"), "OK", "c -> d")
    H.eq(receive_n(d, 1)[1].data, "udp", "d got it over loopback")
    S.closeConnection(c)
    S.closeConnection(d)
end)

H.test("sendMessages returns one result per message, in order", function()
    local results = S.sendMessages({
        { connection = client, data = "batch 1" },
        { connection = 987654, data = "nowhere" },
        { connection = client, data = "batch 3", flags = { "Reliable", "NoNagle" } },
        { connection = client, data = "", flags = "Unreliable" },
    })
    H.eq(#results, 4, "results")
    H.eq(results[1].result, "OK", "first")
    H.truthy(results[1].messageNumber > 0, "first number")
    H.eq(results[2].result, "InvalidParam", "bogus connection")
    H.eq(results[2].messageNumber, 0, "bogus number")
    H.eq(results[3].result, "OK", "third")
    H.eq(results[3].messageNumber, results[1].messageNumber + 1, "numbers follow each other")
    local got = receive_n(incoming, 2)
    H.eq(got[1].data, "batch 1", "first arrives")
    H.eq(got[2].data, "batch 3", "third arrives")
    H.eq(#S.sendMessages({}), 0, "empty batch")
    H.eq(S.flushMessagesOnConnection(client), "OK", "flush")
    H.eq(S.flushMessagesOnConnection(987654), "InvalidParam", "flush bogus")
end)

H.test("bad arguments raise Lua errors", function()
    H.raises(function() S.sendMessages() end, "bad argument #1 to 'sendMessages' (table expected, got no value)")
    H.raises(function() S.sendMessages({ 1 }) end, "bad argument #1 to 'sendMessages' (messages[1]: table expected, got number)")
    H.raises(function() S.sendMessages({ { connection = client } }) end, "messages[1].data: string expected, got nil")
    H.raises(function() S.sendMessages({ { connection = "x", data = "" } }) end, "messages[1].connection: integer expected, got string")
    H.raises(function() S.sendMessages({ { connection = client, data = "", flags = "Fast" } }) end, "messages[1].flags: unknown send flag 'Fast'")
    H.raises(function() S.sendMessages({ { connection = client, data = "", lane = -1 } }) end, "messages[1].lane: out of range")
    H.raises(function() S.receiveMessagesOnPollGroup() end, "bad argument #1 to 'receiveMessagesOnPollGroup' (number expected, got no value)")
    H.raises(function() S.receiveMessagesOnPollGroup(1, -1) end, "bad argument #2 to 'receiveMessagesOnPollGroup' (max must not be negative)")
    H.raises(function() S.destroyPollGroup("x") end, "bad argument #1 to 'destroyPollGroup' (number expected, got string)")
    H.raises(function() S.setConnectionPollGroup(1) end, "bad argument #2 to 'setConnectionPollGroup' (number expected, got no value)")
    H.raises(function() S.flushMessagesOnConnection(1.5) end, "bad argument #1 to 'flushMessagesOnConnection' (number has no integer representation)")
    H.raises(function() S.createSocketPair(1) end, "bad argument #1 to 'createSocketPair' (boolean expected, got number)")
    H.eq(S.setConnectionPollGroup(987654, 0), false, "bogus connection")
    local none, err = S.receiveMessagesOnPollGroup(987654)
    H.eq(none, nil, "bogus poll group")
    H.eq(type(err), "string", "message")
end)

S.closeConnection(client)
S.closeConnection(incoming)
S.closeListenSocket(server)
Steam.shutdown()
H.done()
