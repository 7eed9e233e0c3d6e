-- The message loop of runtime/benches/throughput.rs, driven from Lua through luasteam.
-- Prints `lua: N messages of B bytes in T s (R msg/s; cpu C s)`, T wall time, C the process's
-- CPU time (every thread) over the loop; scripts/bench.sh compares it with the Rust baseline.
local Steam = require "luasteam"
local count = tonumber(os.getenv("BENCH_MESSAGES") or "100000")
local size = tonumber(os.getenv("BENCH_BYTES") or "64")
local address = "127.0.0.1:" .. (os.getenv("BENCH_PORT") or "45101")
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
local clock = os.clock
local wall = Steam.networkingUtils and Steam.networkingUtils.getLocalTimestamp
local t0, c0 = wall and wall() or 0, clock()
local sent, received = 0, 0
local give_up = os.time() + 60
while received < count do
    if os.time() > give_up then
        local st = Steam.sockets.getConnectionRealTimeStatus(client)
        io.stderr:write(string.format("lua: stalled at %d of %d sent; client %s, pending reliable %s, unacked %s\n",
            received, sent, st and st.state, st and st.pendingReliable, st and st.sentUnackedReliable))
        os.exit(1)
    end
    while sent < count and sent - received < 10000 do
        if send(client, payload, "Reliable") ~= "OK" then break end
        sent = sent + 1
    end
    local got = receive(server, 1024)
    received = received + #got
    if #got == 0 then
        Steam.runCallbacks()
        Steam.sleep(0.0002)
    end
end
-- Wall time when networkingUtils is there; CPU time of the process otherwise.
local cpu = clock() - c0
local secs = wall and (wall() - t0) / 1e6 or cpu
print(string.format("lua: %d messages of %d bytes in %.3f s (%.0f msg/s; cpu %.3f s)", count, size, secs,
    count / secs, cpu))
Steam.sockets.closeListenSocket(listen)
Steam.shutdown()
