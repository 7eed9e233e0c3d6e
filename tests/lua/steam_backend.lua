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
    H.raises(function() Steam.init{ port = "1" } end, "unknown option 'port'")
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
