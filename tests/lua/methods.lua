-- Methods of the ListenSocket userdata (spec/sockets.rst, `.. function:: ListenSocket:close()`):
-- the same calls as the functions, with errors worded as Lua words a method's.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

assert(Steam.init())

H.test("socket:getAddress() is sockets.getListenSocketAddress(socket)", function()
    local s = assert(S.createListenSocketIP(H.addr(0)))
    H.eq(s:getAddress(), H.addr(0), "address")
    H.eq(s:getAddress(), S.getListenSocketAddress(s), "same as the function")
    -- A free port: the method tells which one.
    local free = assert(S.createListenSocketIP("127.0.0.1:0"))
    local address = assert(free:getAddress())
    H.truthy(address:match("^127%.0%.0%.1:%d+$") and address ~= "127.0.0.1:0", address)
    S.closeListenSocket(s)
    S.closeListenSocket(free)
end)

H.test("socket:close() closes, like sockets.closeListenSocket", function()
    local s = assert(S.createListenSocketIP(H.addr(1)))
    H.eq(s:close(), nil, "close returns nothing")
    H.truthy(tostring(s):find("closed", 1, true), tostring(s))
    local address, err = s:getAddress()
    H.eq(address, nil, "address of a closed socket")
    H.eq(err, "the listen socket is closed", "message")
    s:close() -- closing again does nothing
    S.closeListenSocket(s)
end)

H.test("a socket closed by the function shows as closed to the methods", function()
    local s = assert(S.createListenSocketIP(H.addr(2)))
    S.closeListenSocket(s)
    H.eq((s:getAddress()), nil, "address")
end)

H.test("methods are shared by every socket and are not on the Steam table", function()
    local s1 = assert(S.createListenSocketIP(H.addr(3)))
    local s2 = assert(S.createListenSocketIP(H.addr(4)))
    H.eq(type(s1.close), "function", "s1.close")
    H.eq(s1.close, s2.close, "one method for every socket")
    H.eq(s1.getAddress, s2.getAddress, "one method for every socket")
    H.eq(s1.nothing, nil, "unknown key")
    H.eq(S.close, nil, "Steam.sockets.close")
    s1:close()
    s2:close()
end)

H.test("a bad receiver is a bad self, as Lua words it", function()
    local s = assert(S.createListenSocketIP(H.addr(5)))
    H.raises(function() s.close(nil) end, "calling 'close' on bad self (ListenSocket expected, got nil)")
    H.raises(function() s.close() end, "calling 'close' on bad self (ListenSocket expected, got no value)")
    H.raises(function() s.getAddress(1) end, "calling 'getAddress' on bad self (ListenSocket expected, got number)")
    H.raises(function() s.getAddress(io.stdout) end, "calling 'getAddress' on bad self (ListenSocket expected, got userdata)")
    local t = { close = s.close }
    local err = H.raises(function() t:close() end, "calling 'close' on bad self (ListenSocket expected, got table)")
    -- A plain string with the caller's position, like Lua's own errors.
    H.truthy(err:find("^[^\n]*methods%.lua:%d+: calling"), err)
    -- Arguments after the receiver are ignored, as by Lua's own C functions.
    H.eq(s:getAddress(1), H.addr(5), "extra argument")
    s:close(1)
    H.truthy(tostring(s):find("closed", 1, true), tostring(s))
end)

H.test("after shutdown the methods raise 'not initialised', and work again after init", function()
    local s = assert(S.createListenSocketIP(H.addr(6)))
    Steam.shutdown()
    H.raises(function() s:getAddress() end, "ListenSocket:getAddress: luasteam is not initialised")
    H.raises(function() s:close() end, "ListenSocket:close: luasteam is not initialised")
    -- The receiver is checked first, even before init.
    H.raises(function() s.close(5) end, "calling 'close' on bad self (ListenSocket expected, got number)")
    assert(Steam.init())
    local s2 = assert(S.createListenSocketIP(H.addr(7)))
    H.eq(s2:getAddress(), H.addr(7), "address after init again")
    s2:close()
end)

Steam.shutdown()
H.done()
