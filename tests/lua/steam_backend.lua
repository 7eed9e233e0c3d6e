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
    Steam.shutdown()
end)

H.done()
