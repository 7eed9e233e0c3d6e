-- Calls before init, bad arguments of each kind for each function: Lua errors, never crashes.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

H.test("every call before init is a clear error", function()
    H.raises(function() S.createListenSocketIP(H.addr(0)) end, "not initialised")
    H.raises(function() S.connectByIPAddress(H.addr(0)) end, "not initialised")
    H.raises(function() S.acceptConnection(1) end, "not initialised")
    H.raises(function() S.closeConnection(1) end, "not initialised")
    H.raises(function() Steam.runCallbacks() end, "not initialised")
    Steam.shutdown() -- harmless
end)

assert(Steam.init())

H.test("bad argument types, in Lua's own words", function()
    H.raises(function() S.createListenSocketIP() end, "bad argument #1 to 'createListenSocketIP' (string expected, got no value)")
    H.raises(function() S.createListenSocketIP(nil) end, "bad argument #1 to 'createListenSocketIP' (string expected, got nil)")
    H.raises(function() S.createListenSocketIP(H.addr(0), 5) end, "bad argument #2 to 'createListenSocketIP' (table expected, got number)")
    H.raises(function() S.connectByIPAddress({}) end, "bad argument #1 to 'connectByIPAddress' (string expected, got table)")
    H.raises(function() S.connectByIPAddress(H.addr(0), "x") end, "bad argument #2 to 'connectByIPAddress' (table expected, got string)")
    H.raises(function() S.acceptConnection("1") end, "bad argument #1 to 'acceptConnection' (number expected, got string)")
    H.raises(function() S.acceptConnection(1.5) end, "bad argument #1 to 'acceptConnection' (number has no integer representation)")
    H.raises(function() S.closeConnection() end, "bad argument #1 to 'closeConnection' (number expected, got no value)")
    H.raises(function() S.closeConnection(1, "yes") end, "bad argument #2 to 'closeConnection' (boolean expected, got string)")
    H.raises(function() S.closeConnection(1, false, "r") end, "bad argument #3 to 'closeConnection' (number expected, got string)")
    H.raises(function() S.closeConnection(1, false, 0, 7) end, "bad argument #4 to 'closeConnection' (string expected, got number)")
    H.raises(function() S.closeListenSocket() end, "bad argument #1 to 'closeListenSocket' (ListenSocket expected, got no value)")
    H.raises(function() S.closeListenSocket(io.stdout) end, "bad argument #1 to 'closeListenSocket' (ListenSocket expected, got userdata)")
end)

H.test("malformed addresses are bad arguments that quote the address", function()
    for _, a in ipairs({ "127.0.0.1", "localhost:27020", "1.2.3.4:99999", "[::1:27020", "", "127.0.0.1:port" }) do
        local err = H.raises(function() S.createListenSocketIP(a) end, "bad argument #1 to 'createListenSocketIP'")
        H.truthy(tostring(err):find('"' .. a .. '"', 1, true), "quotes the address: " .. tostring(err))
        H.raises(function() S.connectByIPAddress(a) end, "bad argument #1 to 'connectByIPAddress'")
    end
end)

H.test("IPv6 and wildcard addresses are accepted", function()
    local s1 = assert(S.createListenSocketIP("0.0.0.0:0"))
    local s2, err = S.createListenSocketIP("[::]:" .. H.port(1))
    H.truthy(s2, "listen on [::]: " .. tostring(err))
    local c = assert(S.connectByIPAddress("[::1]:" .. H.port(1)))
    H.eq(type(c), "number", "connection id")
    S.closeConnection(c)
    S.closeListenSocket(s1)
    S.closeListenSocket(s2)
end)

H.test("a port already in use returns nil and a message", function()
    local s = assert(S.createListenSocketIP(H.addr(2)))
    local again, err = S.createListenSocketIP(H.addr(2))
    H.eq(again, nil, "second listen on the same port")
    H.eq(type(err), "string", "message")
    S.closeListenSocket(s)
end)

H.test("a closed listen socket can be closed again and shows as closed", function()
    local s = assert(S.createListenSocketIP(H.addr(3)))
    S.closeListenSocket(s)
    S.closeListenSocket(s)
    H.truthy(tostring(s):find("closed", 1, true), tostring(s))
end)

H.test("closing an unknown connection id is harmless", function()
    S.closeConnection(424242)
    S.closeConnection(-1)
    H.eq(S.acceptConnection(-5), "InvalidParam", "negative id")
end)

Steam.shutdown()
H.done()
