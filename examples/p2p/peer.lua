-- Two plain Lua processes talking peer to peer by identity, with no address given anywhere:
-- luasteam's local signaling service (started by whichever process comes first) introduces
-- them, and GameNetworkingSockets' ICE connects them.
--   lua5.4 examples/p2p/peer.lua host alice                      # waits for one message, answers
--   lua5.4 examples/p2p/peer.lua join bob alice "hi alice"       # joins str:alice, prints the answer
-- Signaling service: $LUASTEAM_SIGNALING (default 127.0.0.1:27997). Exits 0 on success, 1 on
-- failure or after 20 s. Needs the standalone backend and a network interface other than
-- loopback (ICE does not use 127.0.0.1).
local Steam = require "luasteam"
local S = Steam.sockets

local mode, name, other, text = arg[1], arg[2], arg[3], arg[4]
if (mode ~= "host" and mode ~= "join") or not name or (mode == "join" and not other) then
    io.stderr:write("usage: peer.lua host NAME | peer.lua join NAME HOSTNAME [TEXT]\n")
    os.exit(2)
end

local ok, err = Steam.init({
    identity = "str:" .. name,
    signaling = os.getenv("LUASTEAM_SIGNALING") or "127.0.0.1:27997",
})
if not ok then
    io.stderr:write("cannot start: " .. tostring(err) .. "\n")
    os.exit(1)
end

local connection, listen
function S.onConnectionChanged(data)
    if data.state == "Connecting" and data.listenSocket then
        print(name .. ": " .. data.identity .. " knocks")
        S.acceptConnection(data.connection)
        connection = data.connection
    elseif data.state == "Connected" then
        print(name .. ": connected to " .. data.identity)
    elseif data.state == "ClosedByPeer" or data.state == "ProblemDetectedLocally" then
        S.closeConnection(data.connection)
        if data.connection == connection then connection = nil end
    end
end

if mode == "host" then
    listen = assert(S.createListenSocketP2P(0))
    print(name .. ": listening as " .. S.getIdentity())
else
    connection = assert(S.connectP2P("str:" .. other, 0))
    assert(S.sendMessageToConnection(connection, text or ("hello from " .. name)) == "OK")
end

local deadline = os.time() + 20
local status = 1
while os.time() < deadline do
    Steam.runCallbacks()
    local got = connection and S.receiveMessagesOnConnection(connection) or {}
    for _, m in ipairs(got) do
        print(name .. ": got '" .. m.data .. "'")
        if mode == "host" then
            S.sendMessageToConnection(connection, "hello back from " .. name)
            -- Let the answer go out before closing.
            for _ = 1, 100 do Steam.runCallbacks(); Steam.sleep(0.01) end
            S.closeConnection(connection, true)
        end
        status = 0
    end
    if status == 0 then break end
    Steam.sleep(0.01)
end
if listen then S.closeListenSocket(listen) end
Steam.shutdown()
os.exit(status)
