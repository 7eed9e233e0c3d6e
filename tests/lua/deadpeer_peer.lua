-- Peer process for deadpeer.lua (not a test itself): connects to H.addr(arg[1]), sends 5
-- reliable messages, then idles (keeps the library running) until the test kills it with
-- SIGKILL; arg[2] seconds is a safety deadline for a peer the test forgot.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets
assert(Steam.init())
local state
S.onConnectionChanged = function(d) state = d.state end
local c = assert(S.connectByIPAddress(H.addr(tonumber(arg[1]) or 0), { TimeoutConnected = 2000 }))
H.pump(Steam, function() return state == "Connected" end, 10)
for i = 1, 5 do S.sendMessageToConnection(c, "hello " .. i, "Reliable") end
H.pump(Steam, function() return state ~= "Connected" end, tonumber(arg[2]) or 60)
Steam.shutdown()
