-- The throughput loop inside LÖVE 11.4 (LuaJIT), headless, through one of two libraries:
--   LOVE_BENCH=luasteam  tests/bench/throughput.lua itself, run here (luasteam from
--                        $LUASTEAM_CPATH, or dist/luajit-standalone/ of this checkout)
--   LOVE_BENCH=enet      the same loop on LÖVE's own enet: reliable sends from a client host's
--                        peer to a server host over 127.0.0.1, the server taking up to 1024
--                        received packets per round
-- Same environment as throughput.lua (BENCH_MESSAGES, BENCH_BYTES, BENCH_PORT, BENCH_WINDOW);
-- prints `luasteam: ...` or `enet: ...` in its format and quits with status 0 (1 on failure).
--   LOVE_BENCH=enet love tests/bench/love          (scripts/bench.sh --love runs both)
local which = os.getenv("LOVE_BENCH") or "luasteam"

-- Datagrams the kernel dropped on the UDP sockets bound to local `port`: the last column of
-- /proc/net/udp{,6} (as in throughput.lua).
local function socket_drops(port)
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

local function enet_loop()
    local enet = require "enet"
    local count = tonumber(os.getenv("BENCH_MESSAGES") or "100000")
    local size = tonumber(os.getenv("BENCH_BYTES") or "64")
    local window = tonumber(os.getenv("BENCH_WINDOW") or "1000")
    local port = tonumber(os.getenv("BENCH_PORT") or "45103")
    local address = "127.0.0.1:" .. port
    local server = assert(enet.host_create(address))
    local client = assert(enet.host_create())
    local peer = client:connect(address)
    local connected, deadline = 0, os.time() + 10
    while connected < 2 do
        assert(os.time() < deadline, "no connection")
        for _, host in ipairs({ server, client }) do
            local e = host:service(1)
            while e do
                if e.type == "connect" then connected = connected + 1 end
                e = host:service(0)
            end
        end
    end
    local payload = string.rep("\7", size)
    local sleep, now, clock = love.timer.sleep, love.timer.getTime, os.clock
    local sent, received = 0, 0
    local t0, c0 = now(), clock()
    local give_up = os.time() + 60
    while received < count do
        assert(os.time() <= give_up, string.format("stalled at %d of %d sent", received, sent))
        while sent < count and sent - received < window do
            peer:send(payload, 0, "reliable")
            sent = sent + 1
        end
        -- The client host sends what is queued and takes the acknowledgements.
        local e = client:service(0)
        while e do e = client:service(0) end
        local got = 0
        e = server:service(0)
        while e do
            if e.type == "receive" then
                assert(#e.data == size, "wrong payload size")
                got = got + 1
            end
            if got >= 1024 then break end
            e = server:service(0)
        end
        received = received + got
        if got == 0 then sleep(0.0002) end
    end
    local secs, cpu = now() - t0, clock() - c0
    print(string.format("enet: %d messages of %d bytes in %.3f s (%.0f msg/s; cpu %.3f s; drops %d; refused 0)",
        count, size, secs, count / secs, cpu, socket_drops(port)))
    peer:disconnect_now()
    client:flush()
end

local function luasteam_loop()
    local dir = love.filesystem.getSource()
    local cpath = os.getenv("LUASTEAM_CPATH")
    if not cpath or cpath == "" then cpath = dir .. "/../../../dist/luajit-standalone/?.so" end
    package.cpath = cpath .. ";" .. package.cpath
    dofile(dir .. "/../throughput.lua")
end

function love.load()
    local ok, err = pcall(which == "enet" and enet_loop or luasteam_loop)
    if not ok then
        io.stderr:write("love bench (" .. which .. "): " .. tostring(err) .. "\n")
    end
    io.stdout:flush()
    love.event.quit(ok and 0 or 1)
end
