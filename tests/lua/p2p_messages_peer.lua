-- Peer process for p2p_messages.lua (not a test itself). Usage:
--   p2p_messages_peer.lua MODE ME MAIN SERVICE DEADLINE REPORT
-- Starts as identity ME with luasteam's local signaling service at SERVICE and listens for
-- messages sessions. MODE "greet" first sends "hello from ME" to MAIN on channel 2; "echo"
-- only answers; "reply" accepts by sending "welcome" on channel 1; "refuse" leaves every session request unaccepted. Every message received
-- on channels 0 to 3 is answered with "echo DATA on CHANNEL" on its channel, except "bye",
-- which ends the peer. REPORT is rewritten on every change:
--   requests=N received=N failures=N
-- until DEADLINE seconds pass.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local M = Steam.messages
local mode, me, main, service, deadline, report =
    arg[1], arg[2], arg[3], arg[4], tonumber(arg[5]), arg[6]
assert(Steam.init{ identity = me, signaling = service })
-- The first messages call makes the interface: from now on this process takes sessions.
assert(M.receiveMessagesOnChannel(0))
local requests, received, failures = 0, 0, 0
local function write_report()
    local f = assert(io.open(report .. ".tmp", "w"))
    f:write(string.format("requests=%d received=%d failures=%d\n", requests, received, failures))
    f:close()
    os.rename(report .. ".tmp", report)
end
write_report()
function M.onSessionRequest(d)
    assert(d.identity == main, "a request from " .. tostring(d.identity))
    requests = requests + 1
    if mode == "reply" then
        -- Sending to the peer accepts the session too.
        assert(M.sendMessageToUser(d.identity, "welcome", "Reliable", 1) == "OK", "welcome")
    elseif mode ~= "refuse" then
        assert(M.acceptSessionWithUser(d.identity) == true, "accepted")
    end
    write_report()
end
function M.onSessionFailed(d)
    failures = failures + 1
    write_report()
end
if mode == "greet" then
    assert(M.sendMessageToUser(main, "hello from " .. me, "Reliable", 2) == "OK")
end
local stop, done = H.now(Steam) + deadline, false
while not done and H.now(Steam) < stop do
    Steam.runCallbacks()
    for channel = 0, 3 do
        for _, m in ipairs(assert(M.receiveMessagesOnChannel(channel))) do
            received = received + 1
            write_report()
            if m.data == "bye" then
                done = true
            else
                local r = M.sendMessageToUser(m.identity, "echo " .. m.data .. " on " .. m.channel,
                    "Reliable", m.channel)
                assert(r == "OK", "echo: " .. r)
            end
        end
    end
    Steam.sleep(0.005)
end
-- Let the last answers go out before the library goes away.
local linger = H.now(Steam) + 0.5
while H.now(Steam) < linger do
    Steam.runCallbacks()
    Steam.sleep(0.01)
end
Steam.shutdown()
