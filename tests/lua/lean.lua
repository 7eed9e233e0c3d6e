-- The lean path: sendPayloads and receivePayloads, sentence by sentence.
local H = dofile(arg[0]:match("(.*/)") .. "harness.lua")
local Steam = require "luasteam"
local S = Steam.sockets

assert(Steam.init())

local a, b = assert(S.createSocketPair())

local function drain(conn, into, want)
    local got = {}
    local deadline = H.now(Steam) + 5
    while #got < want and H.now(Steam) < deadline do
        local n = assert(S.receivePayloads(conn, into))
        for i = 1, n do got[#got + 1] = into[i] end
        if n == 0 then H.sleep(0.005) end
    end
    return got
end

H.test("sendPayloads sends every string in order and says OK", function()
    local sent, result = S.sendPayloads(a, { "one", "two", "three" })
    H.eq(sent, 3, "sent")
    H.eq(result, "OK", "result")
    local got = drain(b, {}, 3)
    H.eq(table.concat(got, ","), "one,two,three", "order")
end)

H.test("sendPayloads: a non-string entry raises naming it, and nothing is sent", function()
    H.raises(function() S.sendPayloads(a, { "x", 2, "y" }) end, "bad argument #2 to 'sendPayloads' (payloads[2]: string expected, got number)")
    H.eq(S.sendPayloads(a, { "after" }), 1, "then one more")
    local got = drain(b, {}, 1)
    H.eq(got[1], "after", "nothing of the bad call arrived")
end)

H.test("sendPayloads to an id that is not a connection sends none and says why", function()
    local sent, result = S.sendPayloads(987654, { "a", "b" })
    H.eq(sent, 0, "sent")
    H.eq(result, "InvalidParam", "result")
    H.raises(function() S.sendPayloads(a, { "x" }, "NoSuchFlag") end, "unknown send flag 'NoSuchFlag'")
end)

H.test("receivePayloads writes oldest first and leaves later entries alone", function()
    assert(S.sendPayloads(a, { "p1", "p2" }))
    local inbox = { "old1", "old2", "old3", "old4" }
    local got = {}
    local deadline = H.now(Steam) + 5
    local n = 0
    while n == 0 and H.now(Steam) < deadline do
        n = assert(S.receivePayloads(b, inbox))
        if n == 0 then H.sleep(0.005) end
    end
    if n == 1 then -- the second may arrive a moment later
        got[1] = inbox[1]
    end
    H.truthy(n >= 1, "something arrived")
    H.eq(inbox[1], "p1", "oldest first")
    H.eq(inbox[3], "old3", "entry after n untouched")
    H.eq(inbox[4], "old4", "entry after n untouched")
    if n == 1 then drain(b, {}, 1) end
    H.eq(S.receivePayloads(b, {}), 0, "0 when nothing waits")
end)

H.test("receivePayloads takes up to max, beyond 1024 too", function()
    local list = {}
    for i = 1, 3000 do list[i] = "m" .. i end
    H.eq(S.sendPayloads(a, list), 3000, "sent")
    local inbox = {}
    local total = 0
    local deadline = H.now(Steam) + 5
    while total < 3000 and H.now(Steam) < deadline do
        local n = assert(S.receivePayloads(b, inbox, 2))
        H.truthy(n <= 2, "at most max")
        for i = 1, n do
            total = total + 1
            if inbox[i] ~= "m" .. total then error("message " .. total .. " is " .. tostring(inbox[i])) end
        end
        if n == 0 then H.sleep(0.002) end
    end
    H.eq(total, 3000, "all, in order")
    H.eq(S.sendPayloads(a, list), 3000, "sent again")
    local got, deadline2 = 0, H.now(Steam) + 5
    while got < 3000 and H.now(Steam) < deadline2 do
        got = got + assert(S.receivePayloads(b, inbox, 5000))
        if got < 3000 then H.sleep(0.01) end
    end
    H.eq(got, 3000, "with max 5000")
end)

H.test("receivePayloads on an id that is not a connection returns nil and a message", function()
    local n, message = S.receivePayloads(987654, {})
    H.eq(n, nil, "nil")
    H.eq(message, "987654 is not a connection", "message")
end)

S.closeConnection(a)
S.closeConnection(b)
Steam.shutdown()
H.done()
