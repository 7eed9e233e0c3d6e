-- Minimal test harness for luasteam's end-to-end tests (plain Lua 5.1-5.4, LuaJIT, LÖVE).
-- Each test file `return`s nothing; it calls H.test(name, fn) and finally H.done().

local H = {}

H.passed, H.failed = 0, 0
H.port_base = tonumber(os.getenv("LUASTEAM_PORT_BASE") or "24000")

--- A port for this test file; files get disjoint ranges from the driver.
function H.port(n)
    return H.port_base + (n or 0)
end

function H.addr(n)
    return "127.0.0.1:" .. H.port(n)
end

local function sleep(seconds)
    if jit then
        local ok, ffi = pcall(require, "ffi")
        if ok then
            if not H._usleep then
                pcall(ffi.cdef, "int usleep(unsigned int usec);")
                H._usleep = ffi.C.usleep
            end
            H._usleep(seconds * 1e6)
            return
        end
    end
    os.execute("sleep " .. seconds)
end
H.sleep = sleep

--- Seconds on a clock finer than os.time(): the library's own timestamp once initialised.
function H.now(Steam)
    local utils = Steam and Steam.networkingUtils
    if utils and utils.getLocalTimestamp then
        local ok, t = pcall(utils.getLocalTimestamp)
        if ok then return t / 1e6 end
    end
    return os.time()
end

--- Calls Steam.runCallbacks() until cond() is true or `timeout` seconds pass.
function H.pump(Steam, cond, timeout)
    local deadline = H.now(Steam) + (timeout or 5)
    repeat
        Steam.runCallbacks()
        if cond() then return true end
        sleep(0.01)
    until H.now(Steam) > deadline
    return cond()
end

function H.eq(actual, expected, what)
    if actual ~= expected then
        error(string.format("%s: expected %s, got %s", what or "value", tostring(expected), tostring(actual)), 2)
    end
end

function H.truthy(v, what)
    if not v then error((what or "condition") .. " is false", 2) end
    return v
end

--- Asserts that fn raises an error whose message contains `pattern` (plain text).
function H.raises(fn, pattern)
    local ok, err = pcall(fn)
    if ok then error("expected an error containing '" .. pattern .. "', got none", 2) end
    if type(err) ~= "string" then
        error("expected a string error containing '" .. pattern .. "', got a " .. type(err) .. ": " .. tostring(err), 2)
    end
    if err:find("runtime error", 1, true) or err:find("stack traceback", 1, true) then
        error("an error message carries mlua's wrapping: " .. err, 2)
    end
    if not tostring(err):find(pattern, 1, true) then
        error("expected an error containing '" .. pattern .. "', got: " .. tostring(err), 2)
    end
    return err
end

function H.test(name, fn)
    local ok, err = xpcall(fn, debug.traceback)
    if ok then
        H.passed = H.passed + 1
        print("ok - " .. name)
    else
        H.failed = H.failed + 1
        print("FAIL - " .. name .. "\n" .. tostring(err))
    end
end

--- Records every connection event in order, per connection id.
function H.recorder()
    local r = { events = {}, by_conn = {} }
    function r.handler(data)
        r.events[#r.events + 1] = data
        local list = r.by_conn[data.connection] or {}
        list[#list + 1] = data
        r.by_conn[data.connection] = list
    end
    function r.last(conn)
        local list = r.by_conn[conn]
        return list and list[#list]
    end
    function r.state(conn)
        local e = r.last(conn)
        return e and e.state
    end
    function r.find(pred)
        for _, e in ipairs(r.events) do
            if pred(e) then return e end
        end
    end
    return r
end

--- A P2P signaling channel made of files in `dir`, for the onSignal hook: each identity has a
--- file that its peers append base64 blobs to, one a line. Sets Steam.sockets.onSignal and
--- returns a function that feeds the complete lines that arrived for `me` to
--- receivedP2PCustomSignal (call it every pass of the loop).
function H.file_signals(Steam, dir, me)
    local function file(identity) return dir .. "/" .. identity:gsub("[^%w]", "_") end
    Steam.sockets.onSignal = function(data)
        local f = assert(io.open(file(data.identity), "a"))
        f:write(data.blob, "\n")
        f:close()
    end
    local offset, mine = 0, file(me)
    return function()
        local f = io.open(mine, "r")
        if not f then return end
        f:seek("set", offset)
        local text = f:read("*a") or ""
        f:close()
        local last = 0
        for line, stop in text:gmatch("([^\n]*)\n()") do
            Steam.sockets.receivedP2PCustomSignal(line)
            last = stop - 1
        end
        offset = offset + last
    end
end

function H.done()
    print(string.format("%d passed, %d failed", H.passed, H.failed))
    -- Closing the state (5.2+) also exercises the runtime's cleanup on state close.
    os.exit(H.failed == 0 and 0 or 1, true)
end

return H
