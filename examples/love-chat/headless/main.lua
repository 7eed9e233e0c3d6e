-- Headless self-test of the LÖVE chat: one process hosts, joins itself over UDP on 127.0.0.1,
-- exchanges a line each way and quits with status 0; any failure or a 10 s timeout quits
-- with status 1.
--   love examples/love-chat/headless      port: $LOVE_CHAT_PORT (27120); timeout: $LOVE_CHAT_TIMEOUT (10 s)
local dir = love.filesystem.getSource():gsub("/headless/?$", "")
package.path = dir .. "/?.lua;" .. package.path
local Chat = require "chat"
Chat.setCPath(dir)
local Steam = require "luasteam"

local TIMEOUT = tonumber(os.getenv("LOVE_CHAT_TIMEOUT") or "10")
local port = tonumber(os.getenv("LOVE_CHAT_PORT") or "27120")
---@type Chat, Chat
local host, guest -- set in love.load
local elapsed = 0
local step = "connecting"

local function finish(status, message)
    print((status == 0 and "love-chat: ok" or "love-chat: FAIL") .. " - " .. message)
    if host then host:close() end
    if guest then guest:close() end
    Steam.shutdown()
    love.event.quit(status)
end

local function saw(chat, line)
    for _, l in ipairs(chat.lines) do
        if l == line then return true end
    end
    return false
end

function love.load()
    local ok, err = Steam.init()
    if not ok then return finish(1, "init: " .. tostring(err)) end
    print("love-chat: " .. _VERSION .. ", " .. tostring(jit and jit.version) .. ", luasteam " .. Steam.backend)
    host = Chat.new(Steam, "host")
    guest = Chat.new(Steam, "guest")
    host.onLine = function(line) print("  [host]  " .. line) end
    guest.onLine = function(line) print("  [guest] " .. line) end
    assert(host:host("127.0.0.1:" .. port))
    assert(guest:join("127.0.0.1:" .. port))
end

function love.update(dt)
    if step == "done" then return end
    elapsed = elapsed + dt
    if elapsed > TIMEOUT then
        local was = step
        step = "done"
        return finish(1, "timed out while " .. was)
    end
    Steam.runCallbacks()
    host:update()
    guest:update()
    if step == "connecting" and guest.connected and next(host.peers) then
        step = "guest speaks"
        assert(guest:say("hello from the guest"))
    elseif step == "guest speaks" and saw(host, "guest: hello from the guest") then
        step = "host answers"
        assert(host:say("hello from the host"))
    elseif step == "host answers" and saw(guest, "host: hello from the host") then
        step = "done"
        finish(0, "host and guest exchanged messages in " .. string.format("%.2f", elapsed) .. " s")
    end
end

-- Without a window LÖVE cannot show its error screen: print the error and quit with status 1.
function love.errorhandler(message)
    print("love-chat: FAIL - " .. debug.traceback(tostring(message), 2))
    return function() return 1 end
end
