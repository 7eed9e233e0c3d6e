-- Headless peer-to-peer self-test of the LÖVE chat, two LÖVE processes: one hosts as identity
-- str:p2phost, the other joins it by that identity through luasteam's local signaling service
-- (no address given anywhere); the guest says a line, the host answers, both quit with status
-- 0. Any failure or a timeout quits with status 1.
--   LOVE_CHAT_ROLE=host love examples/love-chat/headless-p2p &
--   LOVE_CHAT_ROLE=guest love examples/love-chat/headless-p2p
-- Signaling: $LOVE_CHAT_SIGNALING (127.0.0.1:27998); timeout: $LOVE_CHAT_TIMEOUT (20 s).
local dir = love.filesystem.getSource():gsub("/headless%-p2p/?$", "")
package.path = dir .. "/?.lua;" .. package.path
local Chat = require "chat"
Chat.setCPath(dir)
local Steam = require "luasteam"

local role = os.getenv("LOVE_CHAT_ROLE") or "host"
local TIMEOUT = tonumber(os.getenv("LOVE_CHAT_TIMEOUT") or "20")
local signaling = os.getenv("LOVE_CHAT_SIGNALING") or "127.0.0.1:27998"
---@type Chat
local chat
local elapsed = 0
local step = "connecting"

local function finish(status, message)
    print("love-chat-p2p " .. role .. (status == 0 and ": ok" or ": FAIL") .. " - " .. message)
    if chat then chat:close() end
    -- The host lingers a moment so its answer is delivered before it goes.
    Steam.shutdown()
    love.event.quit(status)
end

local function saw(line)
    for _, l in ipairs(chat.lines) do
        if l == line then return true end
    end
    return false
end

function love.load()
    local ok, err = Steam.init({ identity = "str:p2p" .. role, signaling = signaling })
    if not ok then return finish(1, "init: " .. tostring(err)) end
    chat = Chat.new(Steam, role)
    chat.onLine = function(line) print("  [" .. role .. "] " .. line) end
    if role == "host" then
        assert(chat:hostP2P())
    else
        assert(chat:joinP2P("str:p2phost"))
    end
end

local lingering = 0

function love.update(dt)
    if step == "done" then return end
    elapsed = elapsed + dt
    if elapsed > TIMEOUT then
        local was = step
        step = "done"
        return finish(1, "timed out while " .. was)
    end
    Steam.runCallbacks()
    chat:update()
    if role == "guest" then
        if step == "connecting" and chat.connected then
            step = "speaking"
            assert(chat:say("hello over P2P"))
        elseif step == "speaking" and saw("host: hello back over P2P") then
            step = "done"
            finish(0, string.format("joined str:p2phost by identity and talked in %.2f s", elapsed))
        end
    else
        if step == "connecting" and saw("guest: hello over P2P") then
            step = "answering"
            assert(chat:say("hello back over P2P"))
        elseif step == "answering" then
            lingering = lingering + dt
            if lingering > 1 then
                step = "done"
                finish(0, string.format("a guest joined by identity and talked in %.2f s", elapsed))
            end
        end
    end
end

function love.errorhandler(message)
    print("love-chat-p2p " .. role .. ": FAIL - " .. debug.traceback(tostring(message), 2))
    return function() return 1 end
end
