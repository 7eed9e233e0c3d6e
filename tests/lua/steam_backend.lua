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

H.test("init options: checked, then ignored on the steam backend", function()
    local ok, msg = Steam.init{ identity = "str:alice", signaling = "127.0.0.1:27999" }
    H.eq(ok, false, "init result without Steam, identity and signaling given")
    H.truthy(msg:lower():find("steam", 1, true), "the message is Steam's: " .. msg)
    H.raises(function() Steam.init{ identity = true } end, "option 'identity' must be a string")
    H.raises(function() Steam.init{ port = "1" } end,
        "unknown option 'port' (expected identity, signaling or gameServer)")
end)

H.test("init{ gameServer } fails cleanly without the Steam client libraries", function()
    local ok, msg = Steam.init{ gameServer = { port = 27015, mode = "NoAuthentication", token = "t" } }
    H.eq(ok, false, "init result")
    H.truthy(msg:find("cannot initialise the Steam game server API", 1, true), "message: " .. msg)
    print("# gameServer init message: " .. msg)
    H.raises(function() Steam.init{ gameServer = { port = 0 } } end,
        "gameServer: 'port' must be a port from 1 to 65535")
    H.raises(function() Steam.init{ gameServer = { port = 1, mode = 2 } } end,
        "gameServer: 'mode' must be a string, got number")
    H.raises(function() Steam.sockets.createListenSocketIP("0.0.0.0:27015") end, "not initialised")
    -- A failed game-server start leaves nothing behind: a player's init fails as before.
    local ok2, msg2 = Steam.init()
    H.eq(ok2, false, "player init result")
    H.truthy(msg2:find("cannot initialise the Steam API", 1, true), "message: " .. msg2)
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
    H.raises(function() Steam.sockets.connectP2P("str:alice", 0) end,
        "connectP2P: luasteam is not initialised")
    H.raises(function() Steam.sockets.getIdentity() end, "getIdentity: luasteam is not initialised")
    H.raises(function() Steam.sockets.receivedP2PCustomSignal("") end,
        "receivedP2PCustomSignal is not available on the steam backend")
    H.raises(function() Steam.networkingUtils.initRelayNetworkAccess() end, "not initialised")
    H.raises(function() Steam.networkingUtils.getRelayNetworkStatus() end, "not initialised")
    H.raises(function() Steam.networkingUtils.getLocalTimestamp() end, "not initialised")
    H.raises(function() Steam.networkingUtils.setGlobalConfigValue("TimeoutInitial", 1) end,
        "not initialised")
    H.raises(function() Steam.networkingUtils.getConfigValue("TimeoutInitial") end, "not initialised")
    H.raises(function() Steam.networkingUtils.setDebugOutputLevel("Msg") end, "not initialised")
end)

H.test("authentication, per-connection config, relay and ping calls are guarded before init", function()
    H.raises(function() Steam.sockets.initAuthentication() end,
        "initAuthentication: luasteam is not initialised")
    H.raises(function() Steam.sockets.getAuthenticationStatus() end,
        "getAuthenticationStatus: luasteam is not initialised")
    H.raises(function() Steam.sockets.setConnectionConfigValue(1, "TimeoutConnected", 1) end,
        "setConnectionConfigValue: luasteam is not initialised")
    H.raises(function() Steam.networkingUtils.getLocalPingLocation() end,
        "getLocalPingLocation: luasteam is not initialised")
    H.raises(function() Steam.networkingUtils.estimatePingTimeBetweenTwoLocations("a", "b") end,
        "estimatePingTimeBetweenTwoLocations: luasteam is not initialised")
    H.raises(function() Steam.networkingUtils.estimatePingTimeFromLocalHost("a") end,
        "estimatePingTimeFromLocalHost: luasteam is not initialised")
    H.raises(function() Steam.networkingUtils.checkPingDataUpToDate(60) end,
        "checkPingDataUpToDate: luasteam is not initialised")
    H.raises(function() Steam.networkingUtils.estimatePingTimeFromLocalHost(1) end,
        "bad argument #1 to 'estimatePingTimeFromLocalHost' (string expected, got number)")
    H.raises(function() Steam.networkingUtils.checkPingDataUpToDate("x") end,
        "bad argument #1 to 'checkPingDataUpToDate' (number expected, got string)")
end)

H.test("messages calls are guarded before init", function()
    H.raises(function() Steam.messages.sendMessageToUser("str:bob", "hi") end,
        "sendMessageToUser: luasteam is not initialised")
    H.raises(function() Steam.messages.receiveMessagesOnChannel(0) end,
        "receiveMessagesOnChannel: luasteam is not initialised")
    H.raises(function() Steam.messages.acceptSessionWithUser("str:bob") end, "not initialised")
    H.raises(function() Steam.messages.closeSessionWithUser("str:bob") end, "not initialised")
    H.raises(function() Steam.messages.closeChannelWithUser("str:bob", 0) end, "not initialised")
    H.raises(function() Steam.messages.getSessionConnectionInfo("str:bob") end, "not initialised")
    H.raises(function() Steam.messages.sendMessageToUser(1, "hi") end,
        "bad argument #1 to 'sendMessageToUser' (string expected, got number)")
end)

H.test("P2P argument types are checked before the init check", function()
    -- Without a Steam client init fails, so only the glue's type checks can be reached here;
    -- SteamID parsing is covered by runtime/src/steamid.rs's unit tests.
    H.raises(function() Steam.sockets.connectP2P(76561197960287930, 0) end,
        "bad argument #1 to 'connectP2P' (string expected, got number)")
    H.raises(function() Steam.sockets.createListenSocketP2P("x") end,
        "bad argument #1 to 'createListenSocketP2P' (number expected, got string)")
    H.raises(function() Steam.sockets.connectP2P("76561197960287930", 0) end,
        "connectP2P: luasteam is not initialised")
    Steam.shutdown()
end)

H.done()
