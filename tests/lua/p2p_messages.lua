-- Steam.messages (ISteamNetworkingMessages) on the standalone backend, between this process
-- and peer processes (tests/lua/p2p_messages_peer.lua, run by the same interpreter) that
-- find each other by identity through luasteam's local signaling service: argument checks;
-- a session the peer opens and we accept, messages both ways on a channel; a session we
-- open that the peer accepts; one the peer refuses; a peer killed with SIGKILL.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local M = Steam.messages

local dir = arg[0]:match("(.*/)")
local interp = arg[-1]
local tag = tostring(H.port(0))
local ME = "str:msg-main-" .. tag
local SERVICE = H.addr(0)

H.test("arguments and a peer without a session", function()
    H.raises(function() M.sendMessageToUser("str:x", "a") end,
        "sendMessageToUser: luasteam is not initialised")
    H.raises(function() M.receiveMessagesOnChannel(0) end,
        "receiveMessagesOnChannel: luasteam is not initialised")
    H.raises(function() M.sendMessageToUser(5, "a") end,
        "bad argument #1 to 'sendMessageToUser' (string expected, got number)")
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    H.raises(function() M.sendMessageToUser("bogus", "a") end,
        "bad argument #1 to 'sendMessageToUser' ('bogus' is not an identity")
    H.raises(function() M.sendMessageToUser("765", "a") end, "SteamID")
    H.raises(function() M.sendMessageToUser("str:x", "a", "Sometimes") end, "unknown send flag 'Sometimes'")
    H.raises(function() M.sendMessageToUser("str:x", "a", nil, 2^40) end,
        "bad argument #4 to 'sendMessageToUser' (channel 1099511627776 out of range")
    H.raises(function() M.receiveMessagesOnChannel(-2^40) end, "out of range")
    H.raises(function() M.receiveMessagesOnChannel(0, -1) end, "max must not be negative")
    H.raises(function() M.closeChannelWithUser("str:x", 2^33) end, "out of range")
    local none = assert(M.receiveMessagesOnChannel(7))
    H.eq(#none, 0, "nothing on channel 7")
    local info = assert(M.getSessionConnectionInfo("str:nobody"))
    H.eq(info.state, "None", "no session: state")
    H.eq(info.identity, "", "no session: identity")
    H.eq(info.ping, -1, "no session: ping")
    H.eq(M.acceptSessionWithUser("str:nobody"), false, "accept without a session")
    H.eq(M.closeSessionWithUser("str:nobody"), false, "close without a session")
    H.eq(M.closeChannelWithUser("str:nobody", 0), false, "close a channel without a session")
    Steam.shutdown()
end)

local peers = 0
--- Starts a peer in `mode`; returns its identity, pid and a function reading its report.
local function start_peer(mode)
    peers = peers + 1
    local peer = "str:msg-peer-" .. tag .. "-" .. peers
    local report = os.tmpname()
    local pidfile = os.tmpname()
    os.execute(string.format("sh -c 'echo $$ > %s; exec %s %sp2p_messages_peer.lua %s %s %s %s 60 %s' >/dev/null 2>&1 &",
        pidfile, interp, dir, mode, peer, ME, SERVICE, report))
    local pid, counts
    local function read()
        local f = io.open(report)
        local line = f and f:read("*l")
        if f then f:close() end
        if not line then return nil end
        local r, n, fl = line:match("requests=(%d+) received=(%d+) failures=(%d+)")
        counts = { requests = tonumber(r), received = tonumber(n), failures = tonumber(fl) }
        return counts
    end
    H.truthy(H.pump(Steam, function()
        local f = io.open(pidfile)
        pid = f and f:read("*n")
        if f then f:close() end
        return pid ~= nil and read() ~= nil
    end, 10), "the peer started and listens")
    os.remove(pidfile)
    return peer, pid, read, function() os.execute("kill -9 " .. pid .. " 2>/dev/null"); os.remove(report) end
end

local requests, failures = {}, {}
local function handlers(accept)
    requests, failures = {}, {}
    M.onSessionRequest = function(d)
        requests[#requests + 1] = d.identity
        if accept then H.eq(M.acceptSessionWithUser(d.identity), true, "acceptSessionWithUser") end
    end
    M.onSessionFailed = function(d)
        failures[#failures + 1] = d
    end
end

--- Waits for the session with `peer` to be Connected; prints how long that took.
local function connected(peer)
    local started = H.now(Steam)
    local ok = H.pump(Steam, function()
        return assert(M.getSessionConnectionInfo(peer)).state == "Connected"
    end, 20)
    print(string.format("# Connected %.2f s later", H.now(Steam) - started))
    return ok
end

--- Waits for a message on `channel`; returns it.
local function receive(channel, seconds)
    local got
    H.pump(Steam, function()
        got = got or assert(M.receiveMessagesOnChannel(channel))[1]
        return got ~= nil
    end, seconds or 20)
    return got
end

H.test("a session the peer opens, accepted in onSessionRequest; messages both ways", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    assert(M.receiveMessagesOnChannel(2)) -- listen for sessions
    handlers(true)
    local started = H.now(Steam)
    local peer, _, _, stop = start_peer("greet")
    local ok, err = pcall(function()
        local hello = H.truthy(receive(2), "the peer's hello on channel 2")
        print(string.format("# first message %.2f s after the peer started", H.now(Steam) - started))
        H.eq(hello.data, "hello from " .. peer, "data")
        H.eq(hello.identity, peer, "message.identity")
        H.eq(hello.channel, 2, "message.channel")
        H.eq(type(hello.messageNumber), "number", "messageNumber")
        H.eq(type(hello.receiveTime), "number", "receiveTime")
        H.eq(#requests, 1, "one session request")
        H.eq(requests[1], peer, "data.identity of the request")
        local info = assert(M.getSessionConnectionInfo(peer))
        print("# session state at the first message: " .. info.state)
        H.eq(info.identity, peer, "info.identity")
        H.truthy(connected(peer), "the session becomes Connected")
        info = assert(M.getSessionConnectionInfo(peer))
        H.eq(info.identity, peer, "info.identity")
        H.eq(info.endReason, 0, "info.endReason")
        H.truthy(info.ping >= 0, "info.ping " .. info.ping)
        H.truthy(#info.description > 0, "info.description")
        H.eq(M.sendMessageToUser(peer, "hi \0 there", "Reliable", 2), "OK", "reply")
        local echo = H.truthy(receive(2), "the peer's answer")
        H.eq(echo.data, "echo hi \0 there on 2", "the answer, zero byte included")
        H.eq(#assert(M.receiveMessagesOnChannel(0)), 0, "nothing on another channel")
        H.eq(M.sendMessageToUser(peer, "bye", "Reliable", 0), "OK", "bye")
        H.eq(#failures, 0, "no session failed")
    end)
    stop()
    Steam.shutdown()
    assert(ok, err)
end)

H.test("a session we open, accepted by the peer; 200 messages in order on two channels", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    handlers(true)
    local peer, _, report, stop = start_peer("echo")
    local ok, err = pcall(function()
        for i = 1, 100 do
            H.eq(M.sendMessageToUser(peer, tostring(i), nil, 1), "OK", "send " .. i)
            H.eq(M.sendMessageToUser(peer, tostring(i), { "Reliable", "NoNagle" }, 3), "OK", "send " .. i)
        end
        local got = { [1] = {}, [3] = {} }
        H.truthy(H.pump(Steam, function()
            for _, channel in ipairs{ 1, 3 } do
                for _, m in ipairs(assert(M.receiveMessagesOnChannel(channel))) do
                    H.eq(m.identity, peer, "identity")
                    H.eq(m.channel, channel, "channel")
                    local list = got[channel]
                    H.eq(m.data, "echo " .. (#list + 1) .. " on " .. channel, "in order")
                    list[#list + 1] = m.data
                end
            end
            return #got[1] == 100 and #got[3] == 100
        end, 30), "200 answers (" .. #got[1] .. " and " .. #got[3] .. ")")
        H.eq(#requests, 0, "no request: we opened the session")
        H.eq(report().requests, 1, "the peer was asked once")
        H.eq(M.sendMessageToUser(peer, "bye"), "OK", "bye")
    end)
    stop()
    Steam.shutdown()
    assert(ok, err)
end)

H.test("a request handler that sends to the peer accepts the session", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    handlers(true)
    local peer, _, _, stop = start_peer("reply")
    local ok, err = pcall(function()
        H.eq(M.sendMessageToUser(peer, "ping", "Reliable", 1), "OK", "ping")
        local got = {}
        H.truthy(H.pump(Steam, function()
            for _, m in ipairs(assert(M.receiveMessagesOnChannel(1))) do got[#got + 1] = m.data end
            return #got >= 2
        end, 20), "two answers (" .. #got .. ")")
        H.eq(got[1], "welcome", "the handler's message")
        H.eq(got[2], "echo ping on 1", "the echo")
        H.eq(#failures, 0, "not refused")
        M.sendMessageToUser(peer, "bye")
    end)
    stop()
    Steam.shutdown()
    assert(ok, err)
end)

H.test("a session the peer does not accept is refused: our onSessionFailed, nothing arrives", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    handlers(true)
    local peer, _, report, stop = start_peer("refuse")
    local ok, err = pcall(function()
        local started = H.now(Steam)
        H.eq(M.sendMessageToUser(peer, "knock", "Reliable", 0), "OK", "queued before the session exists")
        H.truthy(H.pump(Steam, function() return #failures > 0 end, 30), "onSessionFailed")
        print(string.format("# refused: onSessionFailed %.2f s after sending (%d %s)",
            H.now(Steam) - started, failures[1].endReason, failures[1].endDebug))
        H.eq(failures[1].identity, peer, "data.identity")
        H.eq(failures[1].endReason, 1001, "data.endReason (the peer's CloseSessionWithUser)")
        H.eq(failures[1].endDebug, "CloseSessionWithUser", "data.endDebug")
        H.eq(report().requests, 1, "the peer was asked")
        H.eq(report().received, 0, "the peer received nothing")
        local info = assert(M.getSessionConnectionInfo(peer))
        print("# session after the refusal: " .. info.state .. " " .. info.endReason .. " " .. info.endDebug)
        H.eq(M.sendMessageToUser(peer, "again", "Reliable", 0), "ConnectFailed", "a broken session")
        H.eq(#assert(M.receiveMessagesOnChannel(0)), 0, "no answer")
    end)
    stop()
    Steam.shutdown()
    assert(ok, err)
end)

H.test("without an onSessionRequest handler, or with one that raises, we refuse: the peer's onSessionFailed", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    assert(M.receiveMessagesOnChannel(2)) -- listen for sessions
    handlers(true)
    M.onSessionRequest = nil
    local _, _, report, stop = start_peer("greet")
    local ok, err = pcall(function()
        H.truthy(H.pump(Steam, function() return report().failures > 0 end, 20),
            "the peer's onSessionFailed")
        H.eq(#assert(M.receiveMessagesOnChannel(2)), 0, "its hello never arrives")
    end)
    stop()
    -- A handler that raises: runCallbacks raises its error, and the session is refused.
    M.onSessionRequest = function(d) error("not now, " .. d.identity) end
    local peer2, _, report2, stop2 = start_peer("greet")
    local ok2, err2 = pcall(function()
        local raised
        local deadline = H.now(Steam) + 20
        while report2().failures == 0 and H.now(Steam) < deadline do
            local fine, e = pcall(Steam.runCallbacks)
            if not fine then raised = e end
            Steam.sleep(0.01)
        end
        H.truthy(raised and tostring(raised):find("not now, " .. peer2, 1, true), "the handler's error: " .. tostring(raised))
        H.eq(report2().failures, 1, "the peer's onSessionFailed")
        H.eq(#assert(M.receiveMessagesOnChannel(2)), 0, "its hello never arrives")
    end)
    stop2()
    Steam.shutdown()
    assert(ok, err)
    assert(ok2, err2)
end)

H.test("a peer killed with SIGKILL is reported to onSessionFailed (by the next connection)", function()
    assert(Steam.init{ identity = ME, signaling = SERVICE })
    -- Global, so the session's connections (made by the library) take them.
    assert(Steam.networkingUtils.setGlobalConfigValue("TimeoutConnected", 2000))
    assert(Steam.networkingUtils.setGlobalConfigValue("TimeoutInitial", 3000))
    handlers(true)
    local peer, pid, _, stop = start_peer("echo")
    local ok, err = pcall(function()
        H.eq(M.sendMessageToUser(peer, "ping", "Reliable", 0), "OK", "ping")
        H.truthy(receive(0), "the peer answers")
        H.truthy(connected(peer), "the session becomes Connected")
        os.execute("kill -9 " .. pid)
        local killed = H.now(Steam)
        local last = 0
        -- Reliable messages in flight make the library notice the silence.
        H.truthy(H.pump(Steam, function()
            if #failures == 0 and H.now(Steam) - last > 0.25 then
                last = H.now(Steam)
                M.sendMessageToUser(peer, "anyone?", "Reliable", 0)
            end
            return #failures > 0
        end, 30), "onSessionFailed after kill -9")
        print(string.format("# killed peer: onSessionFailed %.2f s after kill -9 (%d %s)",
            H.now(Steam) - killed, failures[1].endReason, failures[1].endDebug))
        H.eq(failures[1].identity, peer, "data.identity")
        -- The connection that timed out (TimeoutConnected) counts as idle for the library,
        -- which reports nothing and opens a new one for the next message: that one times out
        -- connecting (TimeoutInitial), and is reported.
        H.eq(failures[1].endReason, 5003, "data.endReason (k_ESteamNetConnectionEnd_Misc_Timeout)")
        H.truthy(failures[1].endDebug:find("attempting to connect", 1, true), failures[1].endDebug)
        local after = H.now(Steam) - killed
        H.truthy(after > 4 and after < 9, "about TimeoutConnected + TimeoutInitial: " .. after)
        H.eq(assert(M.getSessionConnectionInfo(peer)).state, "ProblemDetectedLocally", "session state")
        H.eq(M.sendMessageToUser(peer, "again"), "ConnectFailed", "a broken session")
        H.eq(M.sendMessageToUser(peer, "again", { "Reliable", "AutoRestartBrokenSession" }), "OK",
            "AutoRestartBrokenSession")
        H.eq(assert(M.getSessionConnectionInfo(peer)).state ~= "ProblemDetectedLocally", true,
            "a new session")
    end)
    stop()
    Steam.shutdown()
    assert(ok, err)
end)

H.done()
