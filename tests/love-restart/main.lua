-- LÖVE restart with luasteam loaded: love.event.quit("restart") closes the Lua state, which
-- unloads the C modules it loaded, and runs main.lua again in a new state in the same process.
-- The first run requires luasteam, initialises it, listens, and restarts without shutting
-- down (the closing state must release the backend itself). The second run requires luasteam
-- again, listens on the same port, connects a client to it over 127.0.0.1 and waits for the
-- client's Connected event; it prints "love-restart: ok - ..." and quits with status 0. Any
-- failure, or no event within the timeout, quits with status 1. Before luasteam kept its shared
-- object loaded, the second require aborted the process in GameNetworkingSockets' protobuf
-- registration.
--   love tests/love-restart     port: $LOVE_RESTART_PORT (27140); timeout: $LOVE_RESTART_TIMEOUT (10 s)
--   module: $LUASTEAM_CPATH, or dist/luajit-standalone/ of this checkout
--
-- LÖVE 11.4 passes nothing from one run to the next (no love.restart yet), so the first run
-- marks the process with an environment variable, set through LuaJIT's FFI.
local ffi = require "ffi"
ffi.cdef [[ int setenv(const char *name, const char *value, int overwrite); ]]
local MARK = "LUASTEAM_LOVE_RESTART_SECOND_RUN"
local second = os.getenv(MARK) == "1"

local dir = love.filesystem.getSource()
local cpath = os.getenv("LUASTEAM_CPATH")
if not cpath or cpath == "" then cpath = dir .. "/../../dist/luajit-standalone/?.so" end
package.cpath = cpath .. ";" .. package.cpath

local TIMEOUT = tonumber(os.getenv("LOVE_RESTART_TIMEOUT") or "10")
local port = tonumber(os.getenv("LOVE_RESTART_PORT") or "27140")
local address = "127.0.0.1:" .. port
local Steam
local run = second and "second run" or "first run"
local client, connected
local elapsed, done = 0, false

local function finish(status, message)
    done = true
    print((status == 0 and "love-restart: ok - " or "love-restart: FAIL - ") .. run .. ": " .. message)
    if Steam then Steam.shutdown() end
    love.event.quit(status)
end

function love.load()
    Steam = require "luasteam"
    local ok, err = Steam.init()
    if not ok then return finish(1, "init: " .. tostring(err)) end
    local server, serr = Steam.sockets.createListenSocketIP(address)
    if not server then return finish(1, "listen on " .. address .. ": " .. tostring(serr)) end
    if not second then
        print("love-restart: first run: " .. _VERSION .. ", " .. tostring(jit and jit.version)
            .. ", luasteam " .. Steam.backend .. ", listening on " .. address .. "; restarting")
        assert(ffi.C.setenv(MARK, "1", 1) == 0, "setenv")
        done = true
        love.event.quit("restart")
        return
    end
    print("love-restart: second run: luasteam loaded again, listening on " .. address)
    function Steam.sockets.onConnectionChanged(data)
        if data.state == "Connecting" and data.listenSocket then
            Steam.sockets.acceptConnection(data.connection)
        elseif data.state == "Connected" and data.connection == client then
            connected = true
        end
    end
    local cerr
    client, cerr = Steam.sockets.connectByIPAddress(address)
    if not client then return finish(1, "connect to " .. address .. ": " .. tostring(cerr)) end
end

function love.update(dt)
    if done then return end
    elapsed = elapsed + dt
    if elapsed > TIMEOUT then return finish(1, "no Connected event within " .. TIMEOUT .. " s") end
    Steam.runCallbacks()
    if connected then
        finish(0, "client connected after the restart in " .. string.format("%.2f", elapsed) .. " s")
    end
end

-- Without a window LÖVE cannot show its error screen: print the error and quit with status 1.
function love.errorhandler(message)
    print("love-restart: FAIL - " .. run .. ": " .. debug.traceback(tostring(message), 2))
    return function() return 1 end
end
