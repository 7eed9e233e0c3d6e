-- Guard rail for the binding's per-call cost: ns per call of a cheap luasteam function,
-- Steam.sockets.getConnectionUserData(connection), against builtin C functions taking one
-- argument and returning one value:
--   io.type(x)   a plain C function on every interpreter (LuaJIT calls it from a trace by
--                stitching, as it calls luasteam's functions): the baseline of the ratio;
--   math.abs(x)  a plain C function on Lua 5.x; on LuaJIT a fast function the JIT compiles
--                inline, so it shows the loop alone there.
-- Rounds alternate the three loops; each prints its median over the rounds. Time is the
-- process's CPU time (os.clock), which other processes on a busy machine do not inflate.
--   BENCH_CALLS (1000000 per loop), BENCH_ROUNDS (5)
-- Prints lines starting with `percall:`; scripts/bench.sh shows them.
local Steam = require "luasteam"
local calls = tonumber(os.getenv("BENCH_CALLS") or "1000000")
local rounds = tonumber(os.getenv("BENCH_ROUNDS") or "5")
assert(Steam.init())
-- An in-memory pair: a real connection id, no UDP traffic.
local conn = assert(Steam.sockets.createSocketPair())
Steam.sockets.setConnectionUserData(conn, 42)
assert(Steam.sockets.getConnectionUserData(conn) == 42)

local clock = os.clock
local function timed(f, arg)
    local t = clock()
    for _ = 1, calls do f(arg) end
    return (clock() - t) / calls * 1e9
end
local candidates = {
    { name = "luasteam getConnectionUserData", f = Steam.sockets.getConnectionUserData, arg = conn },
    { name = "io.type (bare C function)", f = io.type, arg = conn },
    { name = jit and "math.abs (compiled inline by LuaJIT)" or "math.abs (bare C function)",
        f = math.abs, arg = conn },
}
for _, c in ipairs(candidates) do c.ns = {}; timed(c.f, c.arg) end -- warm up (and JIT)
for _ = 1, rounds do
    for _, c in ipairs(candidates) do c.ns[#c.ns + 1] = timed(c.f, c.arg) end
end
local function median(t)
    local s = {}
    for i, v in ipairs(t) do s[i] = v end
    table.sort(s)
    local n = #s
    return n % 2 == 1 and s[(n + 1) / 2] or (s[n / 2] + s[n / 2 + 1]) / 2
end
for _, c in ipairs(candidates) do
    c.median = median(c.ns)
    print(string.format("percall: %-40s %8.1f ns/call (median of %d rounds of %d calls)", c.name,
        c.median, rounds, calls))
end
print(string.format("percall: ratio getConnectionUserData / io.type: %.1f", candidates[1].median / candidates[2].median))
Steam.shutdown()
