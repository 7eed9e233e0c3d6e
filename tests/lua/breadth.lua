-- Issue 11 on the standalone backend: per-connection config values, the authentication
-- status GameNetworkingSockets really reports, and the steam-only relay and ping functions.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S, U = Steam.sockets, Steam.networkingUtils

H.test("new functions need init; argument types are checked first", function()
    H.raises(function() S.setConnectionConfigValue(1, "TimeoutConnected", 1) end,
        "setConnectionConfigValue: luasteam is not initialised")
    H.raises(function() S.setConnectionConfigValue("x", "TimeoutConnected", 1) end,
        "bad argument #1 to 'setConnectionConfigValue' (number expected, got string)")
    H.raises(function() S.initAuthentication() end, "initAuthentication: luasteam is not initialised")
    H.raises(function() S.getAuthenticationStatus() end,
        "getAuthenticationStatus: luasteam is not initialised")
    H.eq(Steam.init(), true, "init")
end)

H.test("setConnectionConfigValue sets one connection's value; nil makes it inherit again", function()
    local a, b = assert(S.createSocketPair())
    local global = U.getConfigValue("TimeoutConnected")
    H.eq(S.setConnectionConfigValue(a, "TimeoutConnected", 30000), true, "set int")
    H.eq(U.getConfigValue("TimeoutConnected", "Connection", a), 30000, "read back")
    H.eq(U.getConfigValue("TimeoutConnected", "Connection", b), global, "the other end is untouched")
    H.eq(U.getConfigValue("TimeoutConnected"), global, "the global value is untouched")
    H.eq(S.setConnectionConfigValue(a, "NagleTime", 0), true, "another key")
    H.eq(U.getConfigValue("NagleTime", "Connection", a), 0, "read back")
    H.eq(S.setConnectionConfigValue(a, "ConnectionUserData", 1234567890123), true, "int64")
    H.eq(U.getConfigValue("ConnectionUserData", "Connection", a), 1234567890123, "int64 read back")
    H.eq(S.getConnectionUserData(a), 1234567890123, "it is the connection's user data")
    H.eq(S.setConnectionConfigValue(a, "TimeoutConnected", nil), true, "nil")
    H.eq(U.getConfigValue("TimeoutConnected", "Connection", a), global, "inherits again")
    -- A global change now reaches the connection, which no longer has its own value.
    H.eq(U.setGlobalConfigValue("TimeoutConnected", 12345), true, "global")
    H.eq(U.getConfigValue("TimeoutConnected", "Connection", a), 12345, "follows the global value")
    H.eq(S.setConnectionConfigValue(a, "TimeoutConnected", 20000), true, "own value again")
    H.eq(U.getConfigValue("TimeoutConnected", "Connection", a), 20000, "own value wins")
    U.setGlobalConfigValue("TimeoutConnected", nil)
    S.closeConnection(a)
    S.closeConnection(b)
    H.eq(S.setConnectionConfigValue(a, "TimeoutConnected", 1000), false, "closed connection")
    H.eq(S.setConnectionConfigValue(987654, "TimeoutConnected", 1000), false, "never a connection")
    H.eq(S.setConnectionConfigValue(-1, "TimeoutConnected", 1000), false, "not a handle")
end)

H.test("setConnectionConfigValue on a connection over UDP: clamped like the global setter", function()
    local server = assert(S.createListenSocketIP(H.addr(0)))
    local conn = assert(S.connectByIPAddress(H.addr(0)))
    H.eq(S.setConnectionConfigValue(conn, "SendRateMax", 100000), true, "set")
    H.eq(U.getConfigValue("SendRateMax", "Connection", conn), 100000, "read back")
    H.eq(S.setConnectionConfigValue(conn, "MTU_PacketSize", 100), true, "below the minimum")
    local mtu = U.getConfigValue("MTU_PacketSize", "Connection", conn)
    H.truthy(mtu > 100, "clamped up: " .. mtu)
    print("# MTU_PacketSize 100 reads back as " .. mtu)
    S.closeConnection(conn)
    S.closeListenSocket(server)
end)

H.test("setConnectionConfigValue: unknown, global-only keys and wrong types raise", function()
    local a, b = assert(S.createSocketPair())
    H.raises(function() S.setConnectionConfigValue(a, "NoSuchKey", 1) end,
        "bad argument #2 to 'setConnectionConfigValue' (unknown configuration key 'NoSuchKey'")
    H.raises(function() S.setConnectionConfigValue(a, "FakePacketLoss_Send", 1) end,
        "bad argument #2 to 'setConnectionConfigValue' ('FakePacketLoss_Send' is global")
    H.raises(function() S.setConnectionConfigValue(a, "TimeoutConnected", "soon") end,
        "bad argument #3 to 'setConnectionConfigValue' (option 'TimeoutConnected' expects integer, got string)")
    H.raises(function() S.setConnectionConfigValue(a, "SymmetricConnect", 1) end,
        "option 'SymmetricConnect' expects boolean, got number")
    H.raises(function() S.setConnectionConfigValue(a, nil, 1) end,
        "bad argument #2 to 'setConnectionConfigValue' (string expected, got nil)")
    S.closeConnection(a)
    S.closeConnection(b)
end)

local function authentication_is_cannot_try(what)
    local avail, why = S.getAuthenticationStatus()
    H.eq(avail, "CannotTry", what .. ": status")
    H.eq(why, "No certificate authority", what .. ": explanation")
end

H.test("standalone authentication: CannotTry, 'No certificate authority', never changes", function()
    local calls = 0
    function S.onAuthenticationStatus() calls = calls + 1 end
    authentication_is_cannot_try("after init")
    H.eq(S.initAuthentication(), "CannotTry", "initAuthentication")
    authentication_is_cannot_try("after initAuthentication")
    -- Connections still work unauthenticated (and encrypted).
    local server = assert(S.createListenSocketIP(H.addr(1)))
    function S.onConnectionChanged(data)
        if data.state == "Connecting" and data.listenSocket then S.acceptConnection(data.connection) end
    end
    local conn = assert(S.connectByIPAddress(H.addr(1)))
    H.truthy(H.pump(Steam, function()
        return S.getConnectionInfo(conn).state == "Connected"
    end), "connected without authentication")
    authentication_is_cannot_try("with a connection")
    H.pump(Steam, function() return false end, 0.3)
    H.eq(calls, 0, "onAuthenticationStatus is never called")
    S.onConnectionChanged = nil
    S.closeConnection(conn)
    S.closeListenSocket(server)
    S.onAuthenticationStatus = nil
end)

H.test("with an identity of its own, standalone still cannot authenticate", function()
    Steam.shutdown()
    H.eq(Steam.init{ identity = "str:breadth" }, true, "init with an identity")
    H.eq(S.initAuthentication(), "CannotTry", "initAuthentication")
    authentication_is_cannot_try("identity str:breadth")
end)

H.test("steam-only relay and ping functions raise on the standalone backend", function()
    for name, call in pairs {
        getLocalPingLocation = function() U.getLocalPingLocation() end,
        estimatePingTimeBetweenTwoLocations = function() U.estimatePingTimeBetweenTwoLocations("a", "b") end,
        estimatePingTimeFromLocalHost = function() U.estimatePingTimeFromLocalHost("a") end,
        checkPingDataUpToDate = function() U.checkPingDataUpToDate(60) end,
    } do
        H.raises(call, name .. " is not available on the standalone backend")
    end
end)

H.test("init{ gameServer } on standalone: checked, then a plain server", function()
    Steam.shutdown()
    H.raises(function() Steam.init{ gameServer = {} } end,
        "bad argument #1 to 'init' (gameServer: 'port' is required)")
    H.raises(function() Steam.init{ gameServer = { port = 70000 } } end,
        "gameServer: 'port' must be a port from 1 to 65535")
    H.raises(function() Steam.init{ gameServer = { port = 1, mode = "Secure" } } end,
        "gameServer: unknown mode 'Secure' (expected NoAuthentication, Authentication, AuthenticationAndSecure)")
    H.raises(function() Steam.init{ gameServer = { port = 1, ip = "localhost" } } end,
        "gameServer: 'ip' must be an IPv4 address")
    H.raises(function() Steam.init{ gameServer = { port = 1, maxPlayers = 8 } } end,
        "gameServer: unknown key 'maxPlayers'")
    H.raises(function() Steam.init{ gameServer = "yes" } end, "gameServer: table expected, got string")
    H.raises(function() Steam.sockets.getIdentity() end, "not initialised")
    local port = H.port(2)
    H.eq(Steam.init{ gameServer = {
        port = port, queryPort = port + 1, ip = "0.0.0.0", mode = "AuthenticationAndSecure",
        version = "1.2.3.4", token = "not used here",
    } }, true, "init as a game server")
    H.eq(Steam.init{ gameServer = { port = port } }, true, "again, while it runs")
    H.eq(Steam.init(), true, "and as a player: standalone has one mode")
    local server = assert(S.createListenSocketIP(H.addr(2)))
    function S.onConnectionChanged(data)
        if data.state == "Connecting" and data.listenSocket then S.acceptConnection(data.connection) end
    end
    local conn = assert(S.connectByIPAddress(H.addr(2)))
    H.truthy(H.pump(Steam, function()
        return S.getConnectionInfo(conn).state == "Connected"
    end), "a player connects to the game server's port")
    authentication_is_cannot_try("as a game server")
    S.onConnectionChanged = nil
    S.closeConnection(conn)
    S.closeListenSocket(server)
end)

Steam.shutdown()
H.done()
