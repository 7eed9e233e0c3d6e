-- Reliable delivery over a simulated bad network (loss, lag, reordering, duplication), and what
-- happens when a receive queue overflows: every reliable message arrives exactly once and in
-- order, or the connection ends with an event. Never a silent stall.
-- LUASTEAM_LOSSY_COUNT sets the number of reliable messages (default 2000);
-- scripts/lossy-soak.sh runs this file many times and reports the tally.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local U = Steam.networkingUtils

local COUNT = tonumber(os.getenv("LUASTEAM_LOSSY_COUNT") or "2000")

H.eq(Steam.init(), true, "init")

local rec = H.recorder()
Steam.sockets.onConnectionChanged = function(d)
    rec.handler(d)
    if d.state == "Connecting" and d.listenSocket then Steam.sockets.acceptConnection(d.connection) end
end

--- A listen socket on port n and a connection to it; returns socket, client, incoming.
local function pair(n, options)
    local server = assert(Steam.sockets.createListenSocketIP(H.addr(n), options))
    local client = assert(Steam.sockets.connectByIPAddress(H.addr(n)))
    local incoming
    H.truthy(H.pump(Steam, function()
        local e = rec.find(function(e) return e.listenSocket == server end)
        incoming = e and e.connection
        return incoming and rec.state(incoming) == "Connected" and rec.state(client) == "Connected"
    end, 10), "both Connected")
    return server, client, incoming
end

H.test("luasteam's receive-queue defaults are set globally at init", function()
    H.eq(U.getConfigValue("RecvBufferMessages"), 131072, "RecvBufferMessages")
    H.eq(U.getConfigValue("RecvBufferSize"), 4194304, "RecvBufferSize")
end)

H.test("an overflowing receive queue ends the connection: ProblemDetectedLocally, peer ClosedByPeer", function()
    local server, client, incoming = pair(1, { RecvBufferMessages = 20 })
    for i = 1, 100 do
        H.eq(Steam.sockets.sendMessageToConnection(client, "o" .. i, "Reliable"), "OK", "send " .. i)
    end
    -- Nothing is received: the queue fills at 20 messages.
    H.truthy(H.pump(Steam, function()
        return rec.state(incoming) == "ProblemDetectedLocally" and rec.state(client) == "ClosedByPeer"
    end, 5), "ended on both sides (incoming " .. tostring(rec.state(incoming)) .. ", client "
        .. tostring(rec.state(client)) .. ")")
    local ended = rec.last(incoming)
    H.eq(ended.state_old, "Connected", "old state")
    H.eq(ended.endReason, 5002, "end reason")
    H.eq(ended.endDebug:sub(1, 32), "luasteam: receive queue overflow", "end debug")
    H.eq(ended.listenSocket, server, "listen socket")
    local peer = rec.last(client)
    H.eq(peer.endReason, 2000, "peer's end reason")
    H.eq(peer.endDebug, ended.endDebug, "peer's end debug")
    -- Closed already: no more events, and closing it as usual does nothing.
    local before = #rec.events
    Steam.sockets.closeConnection(incoming)
    Steam.sockets.closeConnection(client)
    H.pump(Steam, function() return false end, 0.3)
    H.eq(#rec.events, before, "no further events")
    Steam.sockets.closeListenSocket(server)
end)

local server, client, incoming

H.test("connect, then simulate loss, lag, reordering and duplication globally", function()
    server, client, incoming = pair(0)
    for key, value in pairs({
        FakePacketLoss_Send = 20, FakePacketLag_Send = 20,
        FakePacketReorder_Send = 20, FakePacketReorder_Time = 30,
        FakePacketDup_Send = 10, FakePacketDup_TimeMax = 40,
    }) do
        H.eq(U.setGlobalConfigValue(key, value), true, key)
        H.eq(U.getConfigValue(key), value, key .. " read back")
    end
end)

H.test(COUNT .. " reliable messages arrive exactly once and in order", function()
    local started = U.getLocalTimestamp()
    local sent, received, expected = 0, 0, 1
    local limited = 0
    local deadline = os.time() + 40
    while received < COUNT and rec.state(incoming) == "Connected" and os.time() <= deadline do
        -- As fast as the send buffer takes them; LimitExceeded is the back-pressure.
        for _ = 1, 100 do
            if sent >= COUNT then break end
            local result = Steam.sockets.sendMessageToConnection(client, "m" .. (sent + 1), "Reliable")
            if result == "LimitExceeded" then limited = limited + 1; break end
            H.eq(result, "OK", "send " .. (sent + 1))
            sent = sent + 1
        end
        Steam.runCallbacks()
        repeat
            local batch = Steam.sockets.receiveMessagesOnConnection(incoming) or {}
            for _, m in ipairs(batch) do
                H.eq(m.data, "m" .. expected, "message " .. expected)
                expected = expected + 1
                received = received + 1
            end
        until #batch == 0
        Steam.sleep(0.005)
    end
    if received < COUNT then
        local st = Steam.sockets.getConnectionRealTimeStatus(client) or {}
        local ended = rec.last(incoming)
        print(string.format("# stopped: sent %d, received %d after %.1f s; client %s pending %s unacked %s; "
            .. "receiver %s %s %s", sent, received, (U.getLocalTimestamp() - started) / 1e6, tostring(st.state),
            tostring(st.pendingReliable), tostring(st.sentUnackedReliable), tostring(ended.state),
            tostring(ended.endReason), tostring(ended.endDebug)))
    end
    H.eq(received, COUNT, "messages received")
    -- Nothing more may arrive: no duplicates.
    H.pump(Steam, function() return false end, 1)
    H.eq(#assert(Steam.sockets.receiveMessagesOnConnection(incoming)), 0, "no duplicates")
    print(string.format("# %d messages over 20%% loss, 20 ms lag, 20%% reordered, 10%% duplicated in %.2f s"
        .. " (%d LimitExceeded)", COUNT, (U.getLocalTimestamp() - started) / 1e6, limited))
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
    for _, key in ipairs({ "FakePacketLoss_Send", "FakePacketLag_Send", "FakePacketReorder_Send",
        "FakePacketDup_Send" }) do
        H.eq(U.setGlobalConfigValue(key, nil), true, "reset " .. key)
        H.eq(U.getConfigValue(key), 0, key .. " default")
    end
    Steam.sockets.closeConnection(client)
    Steam.sockets.closeConnection(incoming)
    Steam.sockets.closeListenSocket(server)
end)

Steam.shutdown()
H.done()
