-- P2P connections by identity on the standalone backend, between this process and a peer
-- process (tests/lua/p2p_peer.lua, run by the same interpreter): over the onSignal hook with
-- signals carried in files, and over luasteam's local signaling service; identities on both
-- sides, 10000 reliable messages in order, a peer killed with SIGKILL.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

local dir = arg[0]:match("(.*/)")
local interp = arg[-1]
local tag = tostring(H.port(0))
local ME, PEER = "str:p2p-server-" .. tag, "str:p2p-peer-" .. tag
local SERVICE = H.addr(0)
local VPORT = 5

H.test("identities: the default, init options and their errors", function()
    assert(Steam.init())
    H.eq(S.getIdentity(), "ip:::1", "GameNetworkingSockets' anonymous localhost identity")
    local c, err = S.connectP2P(PEER, VPORT)
    H.eq(c, nil, "connectP2P without an identity of our own")
    H.truthy(err:find("needs an identity", 1, true), err)
    H.raises(function() Steam.init{ identity = "bogus" } end, "'bogus' is not an identity")
    H.raises(function() Steam.init{ identity = 5 } end, "option 'identity' must be a string")
    H.raises(function() Steam.init{ idenity = "str:x" } end, "unknown option 'idenity'")
    H.raises(function() Steam.init{ signaling = "nowhere" } end, "bad argument #1 to 'init'")
    local ok, msg = Steam.init{ identity = "str:someone-else" }
    H.eq(ok, false, "a running library keeps its identity")
    H.truthy(msg:find("already runs as ip:::1", 1, true), msg)
    Steam.shutdown()
    assert(Steam.init{ identity = ME })
    H.eq(S.getIdentity(), ME, "getIdentity")
    H.eq(Steam.init{ identity = ME }, true, "init again with the same identity")
    H.raises(function() S.connectP2P("ip:not-an-address", VPORT) end, "bad argument #1 to 'connectP2P'")
    H.raises(function() S.connectP2P("765", VPORT) end, "SteamID")
    local blob_ok, blob_err = S.receivedP2PCustomSignal("not a signal")
    H.eq(blob_ok, nil, "a blob that is not base64")
    H.truthy(blob_err:find("base64", 1, true), blob_err)
    blob_ok, blob_err = S.receivedP2PCustomSignal("bm90IGEgc2lnbmFs")
    H.eq(blob_ok, nil, "base64 that is not a signal")
    H.truthy(#blob_err > 0, "a message")
    Steam.shutdown()
end)

local rec = H.recorder()
local accepted = {}
local function handlers()
    S.onConnectionChanged = function(d)
        rec.handler(d)
        if d.state == "Connecting" and d.listenSocket then
            H.eq(d.identity, PEER, "the peer's identity in the Connecting event")
            S.acceptConnection(d.connection)
            accepted[#accepted + 1] = d.connection
        end
    end
end

--- Starts the peer; returns its pid.
local function start_peer(mode, where)
    local pidfile = os.tmpname()
    os.execute(string.format("sh -c 'echo $$ > %s; exec %s %sp2p_peer.lua %s %s %s %d %s 60' >/dev/null 2>&1 &",
        pidfile, interp, dir, mode, PEER, ME, VPORT, where))
    local pid
    H.pump(Steam, function()
        local f = io.open(pidfile)
        pid = f and f:read("*n")
        if f then f:close() end
        return pid ~= nil
    end, 5)
    os.remove(pidfile)
    return H.truthy(pid, "the peer's pid")
end

--- Waits for the peer's connection, its identity message and `count` numbered messages in
--- order (poll: the signal carrier, if any). Returns the connection.
local function receive_from_peer(count, poll)
    local conn, seen, n, first = nil, nil, 0, #accepted + 1
    local ok = H.pump(Steam, function()
        if poll then poll() end
        conn = conn or accepted[first]
        if conn and rec.state(conn) == "Connected" then
            for _, m in ipairs(assert(S.receiveMessagesOnConnection(conn, 1000))) do
                if not seen then
                    seen = m.data
                else
                    n = n + 1
                    if m.data ~= tostring(n) then error("message " .. n .. " arrived as " .. m.data) end
                end
            end
        end
        return n >= count
    end, 40)
    H.truthy(ok, "connected and received " .. count .. " messages (got " .. n .. ", state "
        .. tostring(conn and rec.state(conn)) .. ")")
    H.eq(seen, "identity " .. ME, "the identity the peer sees for us")
    local connected = rec.find(function(e) return e.connection == conn and e.state == "Connected" end)
    H.eq(connected.identity, PEER, "data.identity when Connected")
    H.eq(assert(S.getConnectionInfo(conn)).identity, PEER, "getConnectionInfo().identity")
    return conn
end

H.test("P2P by identity over the onSignal hook (signals carried in files)", function()
    local carrier = os.tmpname()
    os.remove(carrier)
    os.execute("mkdir -p " .. carrier)
    assert(Steam.init{ identity = ME })
    handlers()
    local poll = H.file_signals(Steam, carrier, ME)
    local ls = assert(S.createListenSocketP2P(VPORT))
    local pid = start_peer("hook", carrier)
    local ok, err = pcall(function()
        local conn = receive_from_peer(10, poll)
        S.closeConnection(conn, false, 1000, "done")
    end)
    os.execute("kill -9 " .. pid .. " 2>/dev/null")
    os.execute("rm -rf " .. carrier)
    S.closeListenSocket(ls)
    Steam.shutdown()
    assert(ok, err)
end)

H.test("P2P by identity over the local signaling service: 10000 reliable messages in order, then kill -9", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    handlers()
    local ls = assert(S.createListenSocketP2P(VPORT, { TimeoutConnected = 2000 }))
    local pid = start_peer("service", SERVICE)
    local ok, err = pcall(function()
        local started = H.now(Steam)
        local conn = receive_from_peer(10000)
        print(string.format("# connected and 10000 messages received in %.2f s", H.now(Steam) - started))
        os.execute("kill -9 " .. pid)
        local killed = H.now(Steam)
        -- A reliable heartbeat makes the library notice the silence (see TimeoutConnected).
        H.truthy(H.pump(Steam, function()
            if rec.state(conn) == "Connected" then S.sendMessageToConnection(conn, "ping", "Reliable") end
            return rec.state(conn) == "ProblemDetectedLocally" or rec.state(conn) == "ClosedByPeer"
        end, 20), "the killed peer is reported; state " .. tostring(rec.state(conn)))
        H.eq(rec.state(conn), "ProblemDetectedLocally", "state after kill -9")
        H.eq(rec.last(conn).identity, PEER, "data.identity of the failure")
        print(string.format("# ProblemDetectedLocally %.2f s after kill -9", H.now(Steam) - killed))
        S.closeConnection(conn)
    end)
    os.execute("kill -9 " .. pid .. " 2>/dev/null")
    S.closeListenSocket(ls)
    Steam.shutdown()
    assert(ok, err)
end)

H.done()
