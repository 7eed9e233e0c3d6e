-- Peer process for p2p.lua (not a test itself). Usage:
--   p2p_peer.lua MODE ME SERVER VPORT WHERE DEADLINE
-- MODE "hook": signals travel through files in the directory WHERE (H.file_signals);
-- MODE "service": through luasteam's local signaling service at address WHERE.
-- Connects P2P as identity ME to SERVER on virtual port VPORT; once connected it sends the
-- identity it sees for the server, then 10000 reliable messages "1".."10000", then idles
-- until the connection ends, it is killed, or DEADLINE seconds pass.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets
local mode, me, server, vport, where, deadline = arg[1], arg[2], arg[3], tonumber(arg[4]), arg[5], tonumber(arg[6])
local poll = function() end
if mode == "hook" then
    assert(Steam.init{ identity = me })
    poll = H.file_signals(Steam, where, me)
else
    assert(Steam.init{ identity = me, signaling = where })
end
local state, seen
S.onConnectionChanged = function(d)
    state, seen = d.state, d.identity
end
local c = assert(S.connectP2P(server, vport, { TimeoutConnected = 3000 }))
local function loop(cond, seconds)
    local stop = H.now(Steam) + seconds
    repeat
        poll()
        Steam.runCallbacks()
        if cond() then return true end
        Steam.sleep(0.005)
    until H.now(Steam) > stop
end
loop(function() return state == "Connected" end, deadline)
if state == "Connected" then
    S.sendMessageToConnection(c, "identity " .. tostring(seen), "Reliable")
    -- In batches; what luasteam's bound on unacknowledged reliable messages turns away
    -- (LimitExceeded, always the tail of a batch) goes again after a pump.
    local i = 1
    while i <= 10000 and state == "Connected" do
        local batch = {}
        for k = i, math.min(i + 499, 10000) do
            batch[#batch + 1] = { connection = c, data = tostring(k) }
        end
        local failed = false
        for _, r in ipairs(S.sendMessages(batch)) do
            if r.result == "OK" then
                assert(not failed, "a message went out after one that failed")
                i = i + 1
            else
                assert(r.result == "LimitExceeded", r.result)
                failed = true
            end
        end
        loop(function() return false end, 0.005)
    end
    loop(function() return state ~= "Connected" end, deadline)
end
Steam.shutdown()
