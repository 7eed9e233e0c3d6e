-- The steam build without a Steam client: loads, init fails cleanly, every call is guarded.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"

H.test("the module reports the steam backend", function()
    H.eq(Steam.backend, "steam", "Steam.backend")
end)

H.test("init returns false and says Steam is not running", function()
    local ok, msg = Steam.init()
    H.eq(ok, false, "init result")
    H.eq(type(msg), "string", "message type")
    H.truthy(msg:lower():find("steam", 1, true), "message mentions Steam: " .. msg)
    print("# init message: " .. msg)
end)

H.test("every other call errors as not initialised", function()
    H.raises(function() Steam.sockets.createListenSocketIP("127.0.0.1:27020") end, "not initialised")
    H.raises(function() Steam.sockets.connectByIPAddress("127.0.0.1:27020") end, "not initialised")
    H.raises(function() Steam.sockets.acceptConnection(1) end, "not initialised")
    H.raises(function() Steam.sockets.closeConnection(1) end, "not initialised")
    H.raises(function() Steam.runCallbacks() end, "not initialised")
end)

H.test("P2P and networkingUtils calls are guarded before init", function()
    H.raises(function() Steam.sockets.createListenSocketP2P(0) end,
        "createListenSocketP2P: luasteam is not initialised")
    H.raises(function() Steam.sockets.connectP2P("76561197960287930", 0) end,
        "connectP2P: luasteam is not initialised")
    H.raises(function() Steam.networkingUtils.initRelayNetworkAccess() end, "not initialised")
    H.raises(function() Steam.networkingUtils.getRelayNetworkStatus() end, "not initialised")
    H.raises(function() Steam.networkingUtils.getLocalTimestamp() end, "not initialised")
    H.raises(function() Steam.networkingUtils.setGlobalConfigValue("TimeoutInitial", 1) end,
        "not initialised")
    H.raises(function() Steam.networkingUtils.getConfigValue("TimeoutInitial") end, "not initialised")
    H.raises(function() Steam.networkingUtils.setDebugOutputLevel("Msg") end, "not initialised")
end)

H.test("P2P arguments are checked on the steam backend: SteamIDs and virtual ports", function()
    H.raises(function() Steam.sockets.connectP2P("not a number", 0) end,
        "bad argument #1 to 'connectP2P' (SteamID 'not a number' is not a decimal number)")
    H.raises(function() Steam.sockets.connectP2P("0", 0) end, "SteamID must not be 0")
    H.raises(function() Steam.sockets.connectP2P("18446744073709551616", 0) end, "does not fit in 64 bits")
    H.raises(function() Steam.sockets.connectP2P("12345", 0) end, "invalid universe")
    H.raises(function() Steam.sockets.connectP2P(76561197960287930, 0) end,
        "bad argument #1 to 'connectP2P' (string expected, got number)")
    H.raises(function() Steam.sockets.connectP2P("76561197960287930", -1) end,
        "bad argument #2 to 'connectP2P' (virtual port -1 out of range")
    H.raises(function() Steam.sockets.createListenSocketP2P(70000) end,
        "bad argument #1 to 'createListenSocketP2P' (virtual port 70000 out of range")
    H.raises(function() Steam.sockets.createListenSocketP2P(0, { FakePacketLoss_Send = 5 }) end,
        "option 'FakePacketLoss_Send' is global")
    Steam.shutdown()
end)

H.done()
