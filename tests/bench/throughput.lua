-- The message loop of runtime/benches/throughput.rs, driven from Lua through luasteam.
-- Prints `lua: N messages of B bytes in T s (R msg/s; cpu C s; drops D)`, T wall time, C the
-- process's CPU time (every thread) over the loop, D the datagrams the kernel dropped on the
-- server's UDP socket (full receive buffer), plus the sends refused (`refused F`: the loop then
-- waits for messages to arrive); scripts/bench.sh compares it with the Rust baseline.
local Steam = require "luasteam"
local count = tonumber(os.getenv("BENCH_MESSAGES") or "100000")
local size = tonumber(os.getenv("BENCH_BYTES") or "64")
local window = tonumber(os.getenv("BENCH_WINDOW") or "1000") -- sent, not yet received, at most
local port = tonumber(os.getenv("BENCH_PORT") or "45101")
local address = "127.0.0.1:" .. port
assert(Steam.init())
-- Same options as the Rust baseline: receive limits the benchmark cannot overflow (past them
-- the library drops messages, reliable ones included), a large send buffer, and a send rate
-- far above the library's default, which would cap both sides alike.
local opts = {
    RecvBufferMessages = 1000000, RecvBufferSize = 256 * 1024 * 1024,
    SendBufferSize = 64 * 1024 * 1024,
    SendRateMin = 256 * 1024 * 1024, SendRateMax = 256 * 1024 * 1024,
}
local listen = assert(Steam.sockets.createListenSocketIP(address, opts))
local client = assert(Steam.sockets.connectByIPAddress(address, opts))
local server, connected = nil, 0
function Steam.sockets.onConnectionChanged(d)
    if d.state == "Connecting" and d.listenSocket then
        server = d.connection
        Steam.sockets.acceptConnection(server)
    elseif d.state == "Connected" then
        connected = connected + 1
    end
end
local deadline = os.time() + 10
while connected < 2 do
    assert(os.time() < deadline, "no connection")
    Steam.runCallbacks()
    Steam.sleep(0.001)
end

local payload = string.rep("\7", size)
local send, receive = Steam.sockets.sendMessageToConnection, Steam.sockets.receiveMessagesOnConnection
-- BENCH_LEAN=1: the lean path (sendPayloads of one reused list, as many as the window takes,
-- receivePayloads into one reused table).
local lean = os.getenv("BENCH_LEAN") == "1"
local sendPayloads, receivePayloads = Steam.sockets.sendPayloads, Steam.sockets.receivePayloads
local list, listed, inbox = {}, 0, {}
-- The reused list holding n payloads: sendPayloads reads up to the first nil.
local function payloads(n)
    if n < listed then
        list[n + 1] = nil
    else
        for i = listed + 1, n do list[i] = payload end
    end
    listed = n
    return list
end
local clock = os.clock
local wall = Steam.networkingUtils and Steam.networkingUtils.getLocalTimestamp
local t0, c0 = wall and wall() or 0, clock()
local sent, received, refused = 0, 0, 0
local give_up = os.time() + 60
while received < count do
    if os.time() > give_up then
        local st = Steam.sockets.getConnectionRealTimeStatus(client)
        io.stderr:write(string.format("lua: stalled at %d of %d sent; client %s, pending reliable %s, unacked %s\n",
            received, sent, st and st.state, st and st.pendingReliable, st and st.sentUnackedReliable))
        os.exit(1)
    end
    local got
    if lean then
        local n = math.min(count - sent, window - (sent - received))
        if n > 0 then
            local k, result = sendPayloads(client, payloads(n), "Reliable")
            sent = sent + k
            if result ~= "OK" then refused = refused + 1 end
        end
        got = receivePayloads(server, inbox, 1024)
    else
        while sent < count and sent - received < window do
            if send(client, payload, "Reliable") ~= "OK" then refused = refused + 1; break end
            sent = sent + 1
        end
        got = #receive(server, 1024)
    end
    received = received + got
    if got == 0 then
        Steam.runCallbacks()
        Steam.sleep(0.0002)
    end
end
-- Wall time when networkingUtils is there; CPU time of the process otherwise.
local cpu = clock() - c0
local secs = wall and (wall() - t0) / 1e6 or cpu
-- Drops on the UDP sockets bound to the listen port: the last column of /proc/net/udp{,6}.
local function socket_drops()
    local wanted, drops = string.format(":%04X", port), 0
    for _, name in ipairs({ "/proc/net/udp", "/proc/net/udp6" }) do
        local f = io.open(name, "r")
        if f then
            f:read("*l")
            for line in f:lines() do
                local fields = {}
                for w in line:gmatch("%S+") do fields[#fields + 1] = w end
                if fields[2] and fields[2]:sub(-#wanted) == wanted then
                    drops = drops + (tonumber(fields[#fields]) or 0)
                end
            end
            f:close()
        end
    end
    return drops
end
print(string.format("%s: %d messages of %d bytes in %.3f s (%.0f msg/s; cpu %.3f s; drops %d; refused %d)",
    os.getenv("BENCH_LABEL") or "lua", count, size, secs, count / secs, cpu, socket_drops(), refused))
Steam.sockets.closeListenSocket(listen)
Steam.shutdown()
