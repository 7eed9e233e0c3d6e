-- Sending can never drive the library into its fatal "CUtlLinkedList overflow" (65535 reliable
-- segments): a burst of 70000 small reliable messages with a huge SendBufferSize gets
-- LimitExceeded once luasteam's bound is reached, the process lives, and every message sent
-- OK arrives exactly once and in order.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"

local BURST = 70000

H.eq(Steam.init(), true, "init")
local rec = H.recorder()
Steam.sockets.onConnectionChanged = function(d)
    rec.handler(d)
    if d.state == "Connecting" and d.listenSocket then Steam.sockets.acceptConnection(d.connection) end
end

local options = { SendBufferSize = 0x10000000, SendRateMax = 0x10000000, SendRateMin = 0x1000000 }
local server = assert(Steam.sockets.createListenSocketIP(H.addr(0), options))
local client = assert(Steam.sockets.connectByIPAddress(H.addr(0), options))
local incoming
H.truthy(H.pump(Steam, function()
    local e = rec.find(function(e) return e.listenSocket == server end)
    incoming = e and e.connection
    return incoming and rec.state(incoming) == "Connected" and rec.state(client) == "Connected"
end, 10), "both Connected")

-- Two seconds of lag each way hold the acknowledgements back while the whole burst goes out,
-- even on a loaded machine: without luasteam's bound the library's list of unacknowledged
-- segments overflows and it exits.
local function burst(send)
    assert(Steam.networkingUtils.setGlobalConfigValue("FakePacketLag_Send", 2000))
    local ok, limited, first_limited = 0, 0, nil
    for i = 1, BURST do
        local result = send(i)
        if result == "OK" then
            ok = ok + 1
        else
            H.eq(result, "LimitExceeded", "send " .. i)
            limited = limited + 1
            first_limited = first_limited or i
        end
    end
    assert(Steam.networkingUtils.setGlobalConfigValue("FakePacketLag_Send", nil))
    return ok, limited, first_limited
end

--- Receives until every string of `expected` arrived, in that order; then checks for extras.
local function receive_all(expected)
    local got = 0
    H.truthy(H.pump(Steam, function()
        repeat
            local batch = assert(Steam.sockets.receiveMessagesOnConnection(incoming))
            for _, m in ipairs(batch) do
                got = got + 1
                H.eq(m.data, expected[got], "message " .. got)
            end
        until #batch == 0
        return got >= #expected
    end, 20), "received " .. got .. " of " .. #expected)
    H.pump(Steam, function() return false end, 0.2)
    H.eq(#assert(Steam.sockets.receiveMessagesOnConnection(incoming)), 0, "no duplicates")
    return got
end

H.test(BURST .. " reliable messages at once: LimitExceeded, no abort, every OK one delivered", function()
    local expected = {}
    local ok, limited, first = burst(function(i)
        local result = Steam.sockets.sendMessageToConnection(client, "a" .. i, "Reliable")
        if result == "OK" then expected[#expected + 1] = "a" .. i end
        return result
    end)
    print(string.format("# sendMessageToConnection: %d OK, %d LimitExceeded (first at %s)", ok, limited, tostring(first)))
    H.truthy(limited > 0, "some sends were refused")
    H.eq(receive_all(expected), ok, "delivered")
    H.eq(rec.state(client), "Connected", "still connected")
end)

H.test("the same through sendMessages", function()
    -- Batches of 5000: on LuaJIT, sendMessages fails with "out of Lua stack" past about 8000 entries.
    -- They are built before the burst, so that the whole burst goes out before any
    -- acknowledgement can come back (with 200 ms of lag and the batches built in the loop, a slow
    -- run saw its early messages acknowledged and the bound never reached).
    local batches = {}
    for b = 0, BURST / 5000 - 1 do
        local batch = {}
        for i = 1, 5000 do batch[i] = { connection = client, data = "b" .. (b * 5000 + i), flags = "Reliable" } end
        batches[#batches + 1] = batch
    end
    local ok, limited, expected = 0, 0, {}
    assert(Steam.networkingUtils.setGlobalConfigValue("FakePacketLag_Send", 2000))
    for _, batch in ipairs(batches) do
        local results = Steam.sockets.sendMessages(batch)
        for i, r in ipairs(results) do
            if r.result == "OK" then
                ok = ok + 1
                expected[ok] = batch[i].data
            else
                H.eq(r.result, "LimitExceeded", "result " .. i)
                limited = limited + 1
            end
        end
    end
    assert(Steam.networkingUtils.setGlobalConfigValue("FakePacketLag_Send", nil))
    print(string.format("# sendMessages: %d OK, %d LimitExceeded", ok, limited))
    H.truthy(limited > 0, "some sends were refused")
    H.eq(receive_all(expected), ok, "delivered")
end)

Steam.sockets.closeConnection(client)
Steam.sockets.closeConnection(incoming)
Steam.sockets.closeListenSocket(server)
Steam.shutdown()
H.done()
