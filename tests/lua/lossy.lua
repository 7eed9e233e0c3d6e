-- Reliable delivery over a simulated bad network: 20 % of sent packets dropped, 20 ms lag.
-- Every reliable message must arrive exactly once and in order.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local U = Steam.networkingUtils

local COUNT = 2000

H.eq(Steam.init(), true, "init")

local server, client, incoming
local rec = H.recorder()
Steam.sockets.onConnectionChanged = function(d)
    rec.handler(d)
    if d.state == "Connecting" and d.listenSocket then Steam.sockets.acceptConnection(d.connection) end
end

H.test("connect, then simulate loss and lag globally", function()
    -- After a lost packet the library holds later reliable messages back, then queues them
    -- all at once; past RecvBufferMessages (default 1000) it drops them for good (see the
    -- option's documentation). The test keeps well inside a raised limit.
    server = assert(Steam.sockets.createListenSocketIP(H.addr(0), { RecvBufferMessages = 100000 }))
    client = assert(Steam.sockets.connectByIPAddress(H.addr(0)))
    H.truthy(H.pump(Steam, function()
        local e = rec.find(function(e) return e.listenSocket ~= nil end)
        incoming = e and e.connection
        return incoming and rec.state(incoming) == "Connected" and rec.state(client) == "Connected"
    end, 10), "both Connected")
    H.eq(U.setGlobalConfigValue("FakePacketLoss_Send", 20), true, "loss")
    H.eq(U.setGlobalConfigValue("FakePacketLag_Send", 20), true, "lag")
    H.eq(U.getConfigValue("FakePacketLoss_Send"), 20, "loss read back")
    H.eq(U.getConfigValue("FakePacketLag_Send"), 20, "lag read back")
end)

H.test(COUNT .. " reliable messages arrive exactly once and in order", function()
    local started = U.getLocalTimestamp()
    local sent, received, expected = 0, 0, 1
    local deadline = os.time() + 25
    while received < COUNT and os.time() <= deadline do
        -- Send in bursts so the send buffer never fills.
        for _ = 1, 50 do
            if sent >= COUNT or sent - received >= 500 then break end
            local result = Steam.sockets.sendMessageToConnection(client, "m" .. (sent + 1), "Reliable")
            if result ~= "OK" then break end
            sent = sent + 1
        end
        Steam.runCallbacks()
        local batch = assert(Steam.sockets.receiveMessagesOnConnection(incoming))
        for _, m in ipairs(batch) do
            H.eq(m.data, "m" .. expected, "message " .. expected)
            expected = expected + 1
            received = received + 1
        end
        Steam.sleep(0.005)
    end
    if received < COUNT then
        local st = Steam.sockets.getConnectionRealTimeStatus(client) or {}
        local rs = Steam.sockets.getConnectionRealTimeStatus(incoming) or {}
        print(string.format("# stalled: sent %d, received %d after %.1f s; client %s pending %s unacked %s; server %s",
            sent, received, (U.getLocalTimestamp() - started) / 1e6, tostring(st.state),
            tostring(st.pendingReliable), tostring(st.sentUnackedReliable), tostring(rs.state)))
    end
    H.eq(received, COUNT, "messages received")
    -- Nothing more may arrive: no duplicates.
    H.pump(Steam, function() return false end, 1)
    H.eq(#assert(Steam.sockets.receiveMessagesOnConnection(incoming)), 0, "no duplicates")
    print(string.format("# %d messages over 20%% loss and 20 ms lag in %.2f s", COUNT,
        (U.getLocalTimestamp() - started) / 1e6))
end)

H.test("the loss is real: some unreliable messages go missing", function()
    local n = 200
    for i = 1, n do
        H.eq(Steam.sockets.sendMessageToConnection(client, "u" .. i, "UnreliableNoNagle"), "OK", "send " .. i)
        -- A pause per message gives each its own packet: messages sent together can share
        -- one, and a handful of packets may all survive 20 % loss by chance.
        Steam.runCallbacks()
        Steam.sleep(0.002)
    end
    local got = 0
    H.pump(Steam, function()
        got = got + #assert(Steam.sockets.receiveMessagesOnConnection(incoming))
        return false
    end, 1)
    print(string.format("# %d of %d unreliable messages arrived", got, n))
    H.truthy(got > 0, "some arrived")
    H.truthy(got < n, "some were lost (" .. got .. " of " .. n .. " arrived)")
end)

H.test("reset the global values", function()
    H.eq(U.setGlobalConfigValue("FakePacketLoss_Send", nil), true, "reset loss")
    H.eq(U.setGlobalConfigValue("FakePacketLag_Send", nil), true, "reset lag")
    H.eq(U.getConfigValue("FakePacketLoss_Send"), 0, "loss default")
    H.eq(U.getConfigValue("FakePacketLag_Send"), 0, "lag default")
    Steam.sockets.closeConnection(client)
    Steam.sockets.closeConnection(incoming)
    Steam.sockets.closeListenSocket(server)
end)

Steam.shutdown()
H.done()
