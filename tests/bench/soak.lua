-- Soak: pushes BENCH_SOAK_MESSAGES (1000000) reliable messages of BENCH_BYTES (64) bytes client
-- -> server over 127.0.0.1 with sendMessageToConnection / receiveMessagesOnConnection (the loop
-- of throughput.lua) and prints the process's resident memory (VmRSS of /proc/self/status)
-- and the Lua heap before the first message, half-way and at the end, then after a full
-- garbage collection. A binding that leaks per message shows RSS growing from half-way to the
-- end; the Lua heap shows what is garbage not collected yet. Not a test: it prints, it does not
-- judge. Lines start with `soak:`.   port: BENCH_PORT (45102)
local Steam = require "luasteam"
local count = tonumber(os.getenv("BENCH_SOAK_MESSAGES") or "1000000")
local size = tonumber(os.getenv("BENCH_BYTES") or "64")
local window = tonumber(os.getenv("BENCH_WINDOW") or "1000") -- sent, not yet received, at most
local address = "127.0.0.1:" .. (os.getenv("BENCH_PORT") or "45102")

local function rss_kb()
    local f = assert(io.open("/proc/self/status", "r"))
    local text = f:read("*a")
    f:close()
    return tonumber(text:match("VmRSS:%s*(%d+)%s*kB"))
end
local function checkpoint(label, sent, received)
    print(string.format("soak: %-14s %8d kB RSS, Lua heap %8.0f kB (%d sent, %d received)", label,
        rss_kb(), collectgarbage("count"), sent, received))
end

assert(Steam.init())
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
local half = math.floor(count / 2)
local sent, received, halfway = 0, 0, false
local t0 = os.time()
checkpoint("before", sent, received)
while received < count do
    if os.time() - t0 > 600 then
        io.stderr:write(string.format("soak: stalled at %d of %d sent\n", received, sent))
        os.exit(1)
    end
    while sent < count and sent - received < window do
        if send(client, payload, "Reliable") ~= "OK" then break end
        sent = sent + 1
    end
    local got = receive(server, 1024)
    received = received + #got
    if #got == 0 then
        Steam.runCallbacks()
        Steam.sleep(0.0002)
    end
    if not halfway and received >= half then
        halfway = true
        checkpoint("half-way", sent, received)
    end
end
checkpoint("after", sent, received)
collectgarbage("collect")
checkpoint("after full GC", sent, received)
print(string.format("soak: %d messages in %d s", count, os.time() - t0))
Steam.sockets.closeListenSocket(listen)
Steam.shutdown()
