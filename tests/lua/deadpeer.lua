-- A peer process killed with SIGKILL (no goodbye on the wire) is reported as
-- ProblemDetectedLocally; how soon depends on whether this side sends anything that expects a
-- reply (see TimeoutConnected in spec/sockets.rst). The peer is tests/lua/deadpeer_peer.lua,
-- run by the same interpreter in another process: it connects, sends 5 reliable messages,
-- then idles until killed.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets
assert(Steam.init())

local TIMEOUT_MS = 2000
local dir = arg[0]:match("(.*/)")
local interp = arg[-1]

local rec = H.recorder()
local accepted = {}
S.onConnectionChanged = function(d)
    rec.handler(d)
    if d.state == "Connecting" and d.listenSocket then
        S.acceptConnection(d.connection)
        accepted[#accepted + 1] = d.connection
    end
end

--- Starts the peer against H.addr(n), waits until its connection is Connected here and its 5
--- messages arrived, and returns that connection and the peer's process id.
local function start_peer(n)
    local pidfile, first = os.tmpname(), #accepted + 1
    -- sh writes its own pid, then exec keeps that pid for the interpreter.
    os.execute(string.format("sh -c 'echo $$ > %s; exec %s %sdeadpeer_peer.lua %d 60' >/dev/null 2>&1 &",
        pidfile, interp, dir, n))
    local conn, got = nil, 0
    local ok = H.pump(Steam, function()
        conn = conn or accepted[first]
        if conn and rec.state(conn) == "Connected" then
            got = got + #assert(S.receiveMessagesOnConnection(conn, 100))
        end
        return got >= 5
    end, 15)
    local f = io.open(pidfile)
    local pid = f and f:read("*n")
    if f then f:close() end
    os.remove(pidfile)
    if not ok and pid then os.execute("kill -9 " .. pid) end
    H.truthy(ok, "the peer connected and its 5 messages arrived (got " .. got .. ")")
    return conn, H.truthy(pid, "the peer's pid")
end

--- Kills the peer, then pumps (calling `each` every pass) until `conn` is
--- ProblemDetectedLocally; returns the seconds that took.
local function kill_and_wait(conn, pid, each)
    os.execute("kill -9 " .. pid)
    local start = H.now(Steam)
    H.truthy(H.pump(Steam, function()
        if each then each() end
        return rec.state(conn) == "ProblemDetectedLocally"
    end, 25), "ProblemDetectedLocally; got " .. tostring(rec.state(conn)))
    return H.now(Steam) - start
end

H.test("a receive-only side detects a killed peer within 10 s + TimeoutConnected + 1.5 s", function()
    local ls = assert(S.createListenSocketIP(H.addr(0), { TimeoutConnected = TIMEOUT_MS }))
    local conn, pid = start_peer(0)
    -- This side sends nothing: the library probes the peer only after 10 s of silence.
    local elapsed = kill_and_wait(conn, pid)
    print(string.format("# silent side: ProblemDetectedLocally %.2f s after kill -9 (TimeoutConnected = %d)",
        elapsed, TIMEOUT_MS))
    H.truthy(elapsed >= TIMEOUT_MS / 1000, "not before TimeoutConnected: " .. elapsed .. " s")
    H.truthy(elapsed <= 10 + TIMEOUT_MS / 1000 + 1.5 + 1, "within 10 s + TimeoutConnected + 1.5 s (+1 s slack): "
        .. elapsed .. " s")
    H.eq(rec.last(conn).endReason, 5003, "endReason (k_ESteamNetConnectionEnd_Misc_Timeout)")
    H.truthy(#rec.last(conn).endDebug > 0, "endDebug explains the failure")
    S.closeConnection(conn)
    S.closeListenSocket(ls)
end)

H.test("a side sending its own reliable heartbeat detects a killed peer within TimeoutConnected + 2 s", function()
    local ls = assert(S.createListenSocketIP(H.addr(1), { TimeoutConnected = TIMEOUT_MS }))
    local conn, pid = start_peer(1)
    -- What the documentation recommends: a small reliable message every 250 ms starts the
    -- library's reply clock, so TimeoutConnected counts from the first unanswered one.
    local next_beat = 0
    local elapsed = kill_and_wait(conn, pid, function()
        local t = H.now(Steam)
        if t >= next_beat and rec.state(conn) == "Connected" then
            S.sendMessageToConnection(conn, "", "Reliable")
            next_beat = t + 0.25
        end
    end)
    print(string.format("# heartbeat every 250 ms: ProblemDetectedLocally %.2f s after kill -9 (TimeoutConnected = %d)",
        elapsed, TIMEOUT_MS))
    H.truthy(elapsed >= TIMEOUT_MS / 1000, "not before TimeoutConnected: " .. elapsed .. " s")
    H.truthy(elapsed <= TIMEOUT_MS / 1000 + 2, "within TimeoutConnected + 2 s: " .. elapsed .. " s")
    S.closeConnection(conn)
    S.closeListenSocket(ls)
end)

Steam.shutdown()
H.done()
