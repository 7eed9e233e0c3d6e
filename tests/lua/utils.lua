-- Steam.networkingUtils on the standalone backend: clock, config values, debug output;
-- and the steam-only functions raising on this backend.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local U = Steam.networkingUtils

H.test("networkingUtils functions need init", function()
    H.raises(function() U.getLocalTimestamp() end, "getLocalTimestamp: luasteam is not initialised")
    H.raises(function() U.setGlobalConfigValue("TimeoutInitial", 1000) end, "not initialised")
    H.raises(function() U.setDebugOutputLevel("Msg") end, "not initialised")
    H.eq(Steam.init(), true, "init")
end)

H.test("getLocalTimestamp is an integer number of microseconds that increases", function()
    local a = U.getLocalTimestamp()
    H.eq(type(a), "number", "type")
    H.eq(a % 1, 0, "integral")
    H.sleep(0.05)
    local b = U.getLocalTimestamp()
    H.truthy(b - a >= 40000, "at least 40 ms passed: " .. (b - a))
    H.truthy(b - a < 5e6, "less than 5 s passed: " .. (b - a))
end)

H.test("global config values round trip: int, float, boolean; nil restores the default", function()
    local default = U.getConfigValue("TimeoutInitial")
    H.eq(type(default), "number", "default type")
    H.eq(U.setGlobalConfigValue("TimeoutInitial", 4321), true, "set int")
    H.eq(U.getConfigValue("TimeoutInitial"), 4321, "int read back")
    H.eq(U.getConfigValue("TimeoutInitial", "Global"), 4321, "explicit Global scope")
    H.eq(U.setGlobalConfigValue("FakePacketLoss_Recv", 12.5), true, "set float")
    H.eq(U.getConfigValue("FakePacketLoss_Recv"), 12.5, "float read back")
    H.eq(U.setGlobalConfigValue("SymmetricConnect", true), true, "set boolean")
    H.eq(U.getConfigValue("SymmetricConnect"), true, "boolean read back")
    H.eq(U.setGlobalConfigValue("ConnectionUserData", 1234567890123), true, "set int64")
    H.eq(U.getConfigValue("ConnectionUserData"), 1234567890123, "int64 read back")
    for _, k in ipairs { "TimeoutInitial", "FakePacketLoss_Recv", "SymmetricConnect", "ConnectionUserData" } do
        H.eq(U.setGlobalConfigValue(k, nil), true, "reset " .. k)
    end
    H.eq(U.getConfigValue("TimeoutInitial"), default, "default restored")
    H.eq(U.getConfigValue("FakePacketLoss_Recv"), 0, "float default restored")
    H.eq(U.getConfigValue("SymmetricConnect"), false, "boolean default restored")
end)

H.test("values outside the library's range are clamped", function()
    H.eq(U.setGlobalConfigValue("FakePacketLoss_Send", 250), true, "loss above 100 %")
    H.eq(U.getConfigValue("FakePacketLoss_Send"), 100, "clamped to 100")
    H.eq(U.setGlobalConfigValue("FakePacketLoss_Send", nil), true, "reset")
    H.eq(U.getConfigValue("FakePacketLoss_Send"), 0, "default")
end)

H.test("unknown keys and wrong types raise errors naming the key", function()
    H.raises(function() U.setGlobalConfigValue("NoSuchKey", 1) end,
        "bad argument #1 to 'setGlobalConfigValue' (unknown configuration key 'NoSuchKey'")
    H.raises(function() U.setGlobalConfigValue("TimeoutInitial", "soon") end,
        "bad argument #2 to 'setGlobalConfigValue' (option 'TimeoutInitial' expects integer, got string)")
    H.raises(function() U.setGlobalConfigValue("FakePacketLoss_Send", true) end,
        "option 'FakePacketLoss_Send' expects number, got boolean")
    H.raises(function() U.setGlobalConfigValue("TimeoutInitial", 1.5) end, "'TimeoutInitial'")
    H.raises(function() U.setGlobalConfigValue("TimeoutInitial", 2 ^ 40) end,
        "option 'TimeoutInitial' is out of range")
    H.raises(function() U.setGlobalConfigValue(nil, 1) end,
        "bad argument #1 to 'setGlobalConfigValue' (string expected, got nil)")
    H.raises(function() U.getConfigValue("Nope") end, "unknown configuration key 'Nope'")
    H.raises(function() U.getConfigValue("TimeoutInitial", "Everywhere") end,
        "bad argument #2 to 'getConfigValue' (unknown scope 'Everywhere'")
end)

H.test("global-only keys are refused in a socket's options, naming the key", function()
    H.raises(function()
        Steam.sockets.connectByIPAddress(H.addr(0), { FakePacketLag_Send = 10 })
    end, "option 'FakePacketLag_Send' is global: set it with Steam.networkingUtils.setGlobalConfigValue")
end)

H.test("getConfigValue reads a listen socket's and a connection's values", function()
    local server = assert(Steam.sockets.createListenSocketIP(H.addr(1), { TimeoutConnected = 7777 }))
    H.eq(U.getConfigValue("TimeoutConnected", "ListenSocket", server), 7777, "listen socket value")
    local conn = assert(Steam.sockets.connectByIPAddress(H.addr(1), { TimeoutInitial = 3210 }))
    H.eq(U.getConfigValue("TimeoutInitial", "Connection", conn), 3210, "connection value")
    H.eq(U.getConfigValue("TimeoutConnected", "Connection", conn), U.getConfigValue("TimeoutConnected"),
        "an unset connection value is inherited from the global one")
    local v, err = U.getConfigValue("TimeoutInitial", "Connection", 987654)
    H.eq(v, nil, "bogus connection")
    H.truthy(err:find("connection 987654", 1, true), "message names it: " .. tostring(err))
    H.raises(function() U.getConfigValue("TimeoutInitial", "Connection", "x") end,
        "bad argument #3 to 'getConfigValue' (number expected, got string)")
    H.raises(function() U.getConfigValue("TimeoutInitial", "ListenSocket", 1) end,
        "bad argument #3 to 'getConfigValue' (ListenSocket expected, got number)")
    Steam.sockets.closeConnection(conn)
    Steam.sockets.closeListenSocket(server)
    local v2, err2 = U.getConfigValue("TimeoutConnected", "ListenSocket", server)
    H.eq(v2, nil, "closed listen socket")
    H.truthy(err2:find("closed", 1, true), err2)
end)

H.test("onDebugOutput receives messages after setDebugOutputLevel('Everything')", function()
    H.raises(function() U.setDebugOutputLevel("Loud") end,
        "bad argument #1 to 'setDebugOutputLevel' (unknown level 'Loud'")
    local got = {}
    function U.onDebugOutput(level, message)
        got[#got + 1] = { level = level, message = message }
    end
    U.setDebugOutputLevel("Everything")
    local server = assert(Steam.sockets.createListenSocketIP(H.addr(2)))
    local conn = assert(Steam.sockets.connectByIPAddress(H.addr(2)))
    -- The library logs a connection ending ("closed by app before we got connected").
    Steam.sockets.closeConnection(conn)
    H.truthy(H.pump(Steam, function() return #got > 0 end), "some debug output")
    local levels = {
        Bug = true, Error = true, Important = true, Warning = true,
        Msg = true, Verbose = true, Debug = true, Everything = true,
    }
    for _, m in ipairs(got) do
        H.truthy(levels[m.level], "level name " .. tostring(m.level))
        H.eq(type(m.message), "string", "message type")
    end
    print("# " .. #got .. " debug messages, first: [" .. got[1].level .. "] " .. got[1].message)
    U.setDebugOutputLevel("None")
    Steam.runCallbacks()
    local n = #got
    Steam.sockets.closeListenSocket(server)
    local s2 = assert(Steam.sockets.createListenSocketIP(H.addr(3)))
    local c2 = assert(Steam.sockets.connectByIPAddress(H.addr(3)))
    Steam.sockets.closeConnection(c2)
    H.pump(Steam, function() return false end, 1)
    H.eq(#got, n, "no messages after None")
    Steam.sockets.closeListenSocket(s2)
    U.onDebugOutput = nil
end)

H.test("an error in onDebugOutput is raised by runCallbacks", function()
    function U.onDebugOutput() error("handler boom") end
    U.setDebugOutputLevel("Everything")
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(4)))
    local c = assert(Steam.sockets.connectByIPAddress(H.addr(4)))
    Steam.sockets.closeConnection(c)
    local raised
    for _ = 1, 200 do
        local ok, err = pcall(Steam.runCallbacks)
        if not ok then raised = err break end
        H.sleep(0.01)
    end
    H.truthy(raised and tostring(raised):find("handler boom", 1, true), "raised: " .. tostring(raised))
    U.setDebugOutputLevel("None")
    U.onDebugOutput = nil
    Steam.runCallbacks()
    Steam.sockets.closeListenSocket(s)
end)

H.test("steam-only functions raise on the standalone backend", function()
    H.raises(function() U.initRelayNetworkAccess() end,
        "initRelayNetworkAccess is not available on the standalone backend")
    H.raises(function() U.getRelayNetworkStatus() end,
        "getRelayNetworkStatus is not available on the standalone backend")
end)

Steam.shutdown()
H.done()
