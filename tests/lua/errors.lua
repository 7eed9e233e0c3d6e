-- The shape of luasteam's errors, on every interpreter and both backends: a Lua string that
-- starts with the calling line's position, as Lua's own libraries raise them; and a handler's
-- error value leaves runCallbacks unchanged.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local unpack = table.unpack or unpack
local chunk = debug.getinfo(1, "S").short_src

--- Calls f(...) from a line of this file (never as a tail call); returns the error and the
--- position prefix it must start with, or nil if f returned.
local function call(f, ...)
    local args = { n = select("#", ...), ... }
    local line
    local ok, err = pcall(function()
        line = debug.getinfo(1, "l").currentline + 1
        f(unpack(args, 1, args.n))
    end)
    if ok then return nil end
    return err, chunk .. ":" .. line .. ": "
end

local function check_shape(what, err, prefix)
    H.eq(type(err), "string", what .. ": error type")
    H.truthy(err:sub(1, #prefix) == prefix, what .. ": starts with '" .. prefix .. "': " .. err)
    H.truthy(not err:find("runtime error", 1, true), what .. ": no 'runtime error': " .. err)
    H.truthy(not err:find("traceback", 1, true), what .. ": no traceback inside: " .. err)
end

-- Every documented function of every module, except the three that work before init.
local function functions()
    local list = {}
    local skip = { init = true, shutdown = true, sleep = true }
    for _, module in ipairs({ "", "sockets", "networkingUtils" }) do
        local t = module == "" and Steam or Steam[module]
        local names = {}
        for name, v in pairs(t) do
            if type(v) == "function" and not name:match("^on%u") and not skip[name] then
                names[#names + 1] = name
            end
        end
        table.sort(names)
        for _, name in ipairs(names) do
            list[#list + 1] = { (module == "" and "" or module .. ".") .. name, t[name] }
        end
    end
    return list
end

H.test("before init every function raises a string with the caller's position", function()
    local n = 0
    for _, entry in ipairs(functions()) do
        local err, prefix = call(entry[2], 1, "x")
        H.truthy(err, entry[1] .. " raised before init")
        check_shape(entry[1], err, prefix)
        H.truthy(err:find("not initialised", 1, true) or err:find("bad argument", 1, true)
            or err:find("not available", 1, true), entry[1] .. ": says why: " .. err)
        n = n + 1
    end
    H.truthy(n >= 20, "checked " .. n .. " functions")
    print("# " .. n .. " functions checked before init")
end)

H.test("argument errors read as luaL_argerror words them", function()
    local err, prefix = call(Steam.sleep, nil)
    check_shape("sleep(nil)", err, prefix)
    H.eq(err, prefix .. "bad argument #1 to 'sleep' (number expected, got nil)", "sleep(nil)")
    err, prefix = call(Steam.sleep)
    H.eq(err, prefix .. "bad argument #1 to 'sleep' (number expected, got no value)", "sleep()")
    err, prefix = call(Steam.sleep, -1)
    check_shape("sleep(-1)", err, prefix)
    -- The message is a plain string: it concatenates and matches like any other.
    H.truthy(("failed: " .. err):match("bad argument #1 to 'sleep'"), "string operations work")
end)

if not Steam.init() then
    print("# " .. Steam.backend .. " backend did not initialise: the checks after init are skipped")
    H.done()
    return
end

H.test("after init, wrong argument types raise strings with the caller's position", function()
    local weird = coroutine.create(function() end)
    local n = 0
    for _, entry in ipairs(functions()) do
        if entry[1] ~= "runCallbacks" then
            for position = 1, 4 do
                local args = { n = 4, 1, "127.0.0.1:1", 1, "x" }
                args[position] = weird
                local err, prefix = call(entry[2], unpack(args, 1, args.n))
                if err then
                    check_shape(entry[1] .. " with a thread as #" .. position, err, prefix)
                    n = n + 1
                end
            end
        end
    end
    H.truthy(n >= 20, "errors checked: " .. n)
    print("# " .. n .. " argument errors checked after init")
end)

H.test("an unknown option key raises a string with the caller's position", function()
    local err, prefix = call(Steam.sockets.createListenSocketIP, H.addr(0), { NoSuchKey = 1 })
    check_shape("createListenSocketIP options", err, prefix)
    H.truthy(err:find("NoSuchKey", 1, true), "names the key: " .. err)
end)

--- Two clients knock on a listen socket; returns what must be closed.
local function knock(n)
    local s = assert(Steam.sockets.createListenSocketIP(H.addr(n)))
    local c1 = assert(Steam.sockets.connectByIPAddress(H.addr(n)))
    local c2 = assert(Steam.sockets.connectByIPAddress(H.addr(n)))
    H.sleep(0.3)
    return function()
        Steam.sockets.onConnectionChanged = nil
        Steam.sockets.closeConnection(c1)
        Steam.sockets.closeConnection(c2)
        Steam.sockets.closeListenSocket(s)
        Steam.runCallbacks()
    end
end

H.test("a table raised in a handler arrives unchanged; the later events stay queued", function()
    local raised = { code = 42 }
    local got = 0
    Steam.sockets.onConnectionChanged = function()
        got = got + 1
        if got == 1 then error(raised) end
    end
    local close = knock(1)
    local ok, err = pcall(Steam.runCallbacks)
    H.eq(ok, false, "runCallbacks raised")
    H.truthy(rawequal(err, raised), "the very table: " .. tostring(err))
    H.eq(got, 1, "stopped after the failing handler")
    Steam.runCallbacks()
    H.truthy(got >= 2, "the rest delivered on the next call (" .. got .. ")")
    close()
end)

H.test("a handler's string error arrives exactly as the handler raised it", function()
    local line
    Steam.sockets.onConnectionChanged = function()
        line = debug.getinfo(1, "l").currentline + 1
        error("boom in handler")
    end
    local close = knock(2)
    local ok, err = pcall(Steam.runCallbacks)
    H.eq(ok, false, "runCallbacks raised")
    H.eq(err, chunk .. ":" .. line .. ": boom in handler", "message")
    close()
end)

H.test("other error values (numbers, false, level 0 strings) arrive unchanged", function()
    for i, value in ipairs({ 7, false, "plain" }) do
        Steam.sockets.onConnectionChanged = function() error(value, 0) end
        local close = knock(2 + i)
        local ok, err = pcall(Steam.runCallbacks)
        H.eq(ok, false, "runCallbacks raised")
        H.eq(err, value, "raised value")
        close()
    end
end)

Steam.shutdown()
H.done()
