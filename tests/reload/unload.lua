-- Loads luasteam, has the interpreter unload its shared object (dlclose, what closing the Lua
-- state does), then loads it again in the same process, the way a LÖVE restart or a second
-- lua_State would. Before the module kept itself loaded, the second load aborted the process
-- in GameNetworkingSockets' static protobuf registration ("File already exists in database").
--   LUA_CPATH="dist/lua54-standalone/?.so" lua5.4 tests/reload/unload.lua
-- Prints "N passed, N failed" like tests/lua; the port is $LUASTEAM_PORT_BASE (default 21500).
-- package.searchpath, which Lua 5.1 lacks.
local function search(name, pattern)
    for template in pattern:gmatch("[^;]+") do
        local candidate = template:gsub("%?", name)
        local f = io.open(candidate, "rb")
        if f then f:close(); return candidate end
    end
end
local path = assert(search("luasteam", package.cpath), "luasteam.so not on LUA_CPATH")
local port = tonumber(os.getenv("LUASTEAM_PORT_BASE") or "21500")
local passed, failed = 0, 0
local function check(ok, what)
    if ok then passed = passed + 1 else failed = failed + 1; print("not ok - " .. what) end
end

local function open()
    return assert(package.loadlib(path, "luaopen_luasteam"))()
end

-- Closes every C library this state loaded, as lua_close does. Lua 5.1 and LuaJIT keep one
-- "_LOADLIB" userdata per library in the registry (its __gc closes it and clears the pointer,
-- so loadlib opens the file again); Lua 5.2+ keep them all in one registry table (its __gc closes
-- every handle; the entries are removed so that loadlib opens the file again). Lua 5.2 and
-- 5.3 key that table with a light userdata, hence the search.
local function unload_all()
    local reg = debug.getregistry()
    local lib = reg["LOADLIB: " .. path]
    if lib then
        getmetatable(lib).__gc(lib)
        return
    end
    for _, clibs in pairs(reg) do
        if type(clibs) == "table" and rawget(clibs, path) ~= nil then
            getmetatable(clibs).__gc(clibs)
            for k in pairs(clibs) do clibs[k] = nil end
            return
        end
    end
    error("cannot find the interpreter's table of loaded C libraries")
end

-- First load: use the backend a little and shut it down, as a state that closes would.
local Steam = open()
local ok, err = Steam.init()
local standalone = Steam.backend == "standalone"
if standalone then
    check(ok, "first init: " .. tostring(err))
    local s = Steam.sockets.createListenSocketIP("127.0.0.1:" .. port)
    check(s ~= nil, "first listen socket")
    if s then Steam.sockets.closeListenSocket(s) end
else
    check(not ok and type(err) == "string", "steam backend without a Steam client: init fails cleanly")
end
Steam.shutdown()

unload_all()
print("# unloaded " .. path .. "; loading it again")
-- Without the fix the process aborts here, inside dlopen.
Steam = open()
check(type(Steam) == "table" and Steam.backend ~= nil, "second load returns the module")

ok, err = Steam.init()
if standalone then
    check(ok, "second init: " .. tostring(err))
    local events = {}
    Steam.sockets.onConnectionChanged = function(data)
        events[#events + 1] = data
        if data.state == "Connecting" and data.listenSocket then
            Steam.sockets.acceptConnection(data.connection)
        end
    end
    local server = Steam.sockets.createListenSocketIP("127.0.0.1:" .. port)
    check(server ~= nil, "second listen socket")
    local client = Steam.sockets.connectByIPAddress("127.0.0.1:" .. port)
    check(client ~= nil, "client connects")
    local connected = false
    for _ = 1, 500 do
        Steam.runCallbacks()
        for _, e in ipairs(events) do
            if e.connection == client and e.state == "Connected" then connected = true end
        end
        if connected then break end
        Steam.sleep(0.01)
    end
    check(connected, "client sees Connected after the reload")
else
    check(not ok and type(err) == "string", "steam backend after reload: init fails cleanly")
end
Steam.shutdown()
print(passed .. " passed, " .. failed .. " failed")
