-- Runs or syntax-checks one **Example**:: block of spec/*.rst; driven by scripts/test-examples.sh.
--   lua run.lua run|syntax RST_FILE LINE LUA_FILE
-- LINE is the line of the example's first code line in RST_FILE; the example is compiled with
-- that many lines of padding and the chunk name RST_FILE, so errors name the RST line.
-- "run": the prelude (prelude.lua), the example, then the epilogue below, then Steam.shutdown().
-- "syntax": only compiles the example (functions restricted to other backends).
-- Prints "example ok" on success; otherwise "example error: MESSAGE" on stderr, exit status 1.
local mode, rst, line, luafile = arg[1], arg[2], tonumber(arg[3]), arg[4]
local dir = arg[0]:match("(.*/)") or "./"

local function fail(message)
    io.stderr:write("example error: ", tostring(message), "\n")
    os.exit(1)
end

local f = assert(io.open(luafile, "rb"))
local code = f:read("*a")
f:close()
local chunk, err = (loadstring or load)(string.rep("\n", line - 1) .. code, "@" .. rst)
if not chunk then fail(err) end
if mode == "syntax" then
    print("example ok")
    os.exit(0)
end

local ok, ctx = xpcall(function() return dofile(dir .. "prelude.lua") end, debug.traceback)
if not ok then fail("prelude: " .. tostring(ctx)) end

-- Epilogue: events for the handlers the example assigned, then the LÖVE callbacks it defined.
local function epilogue()
    local function pump(n, done)
        for _ = 1, n do
            Steam.runCallbacks()
            if done and done() then return end
            Steam.sleep(0.01)
        end
    end
    pump(5)
    if Steam.networkingUtils.onDebugOutput then
        -- Something for the example's log handler to receive.
        Steam.networkingUtils.setDebugOutputLevel("Msg")
    end
    -- A second client knocks on `socket` (an accepting handler lets it in), and the server
    -- closes `serverConnection`, so the client side of `connection` sees ClosedByPeer.
    local extra = Steam.sockets.connectByIPAddress(ctx.address)
    Steam.sockets.closeConnection(serverConnection, false, 1000, "example epilogue")
    pump(Steam.sockets.onConnectionChanged and 30 or 10, function()
        local info = extra and Steam.sockets.getConnectionInfo(extra)
        return info and info.state == "Connected"
    end)
    pump(5)
    if type(love.update) == "function" then
        for _ = 1, 3 do
            love.update(1 / 60)
            Steam.sleep(0.01)
        end
    end
    if type(love.quit) == "function" then love.quit() end
    Steam.shutdown()
end

ok, err = xpcall(function()
    chunk()
    epilogue()
end, debug.traceback)
if not ok then fail(err) end
print("example ok")
os.exit(0)
