-- A small chat over luasteam in LÖVE 11.4.
--   love examples/love-chat host [address] [name]      address defaults to [::]:27020
--   love examples/love-chat join [address] [name]      address defaults to 127.0.0.1:27020
--   love examples/love-chat host-p2p [name]            peer-to-peer, as identity str:NAME
--   love examples/love-chat join-p2p HOSTNAME [name]   joins the peer-to-peer host str:HOSTNAME
-- Peer-to-peer players find each other through luasteam's local signaling service on
-- $LOVE_CHAT_SIGNALING (default 127.0.0.1:27999), which the first of them starts.
-- Type and press Enter to send; Escape quits. See README.md for where luasteam.so comes from.
local dir = love.filesystem.getSource()
package.path = dir .. "/?.lua;" .. package.path
local Chat = require "chat"
Chat.setCPath(dir)
local Steam = require "luasteam"

---@type Chat
local chat
local online = false -- Steam.init() succeeded
local input = ""

function love.load(args)
    local mode = args[1] or "host"
    local p2p = mode == "host-p2p" or mode == "join-p2p"
    local address, name
    if p2p then
        name = (mode == "host-p2p" and args[2] or args[3]) or (mode == "host-p2p" and "host" or "guest")
    else
        address = args[2] or (mode == "host" and "[::]:27020" or "127.0.0.1:27020")
        name = args[3] or (mode == "host" and "host" or "guest")
    end
    love.keyboard.setKeyRepeat(true)
    chat = Chat.new(Steam, name)
    local ok, err
    if p2p then
        ok, err = Steam.init({
            identity = "str:" .. name,
            signaling = os.getenv("LOVE_CHAT_SIGNALING") or "127.0.0.1:27999",
        })
    else
        ok, err = Steam.init()
    end
    if not ok then
        chat:log("* networking is not available: " .. tostring(err))
        return
    end
    online = true
    chat:log("* luasteam " .. Steam.backend .. " backend")
    if mode == "host" then
        ok, err = chat:host(address)
    elseif mode == "join" then
        ok, err = chat:join(address)
    elseif mode == "host-p2p" then
        ok, err = chat:hostP2P()
    elseif mode == "join-p2p" then
        if not args[2] then
            ok, err = false, "join-p2p needs the host's name"
        else
            ok, err = chat:joinP2P("str:" .. args[2])
        end
    else
        ok, err = false, "unknown mode '" .. mode .. "' (host, join, host-p2p or join-p2p)"
    end
    if not ok then chat:log("* " .. tostring(err)) end
end

function love.update()
    if online then
        Steam.runCallbacks()
        chat:update()
    end
end

function love.textinput(text)
    input = input .. text
end

function love.keypressed(key)
    if key == "return" and input ~= "" then
        chat:say(input)
        input = ""
    elseif key == "backspace" then
        -- Drop the last UTF-8 character: a lead byte and its continuation bytes.
        input = input:gsub("[%z\1-\127\194-\244][\128-\191]*$", "")
    elseif key == "escape" then
        love.event.quit()
    end
end

function love.draw()
    local height = love.graphics.getFont():getHeight() + 2
    local rows = math.floor(love.graphics.getHeight() / height) - 2
    local first = math.max(1, #chat.lines - rows + 1)
    for i = first, #chat.lines do
        love.graphics.print(chat.lines[i], 8, 4 + (i - first) * height)
    end
    love.graphics.print("> " .. input .. "_", 8, love.graphics.getHeight() - height - 4)
end

function love.quit()
    if not online then return end
    chat:close()
    -- Give the goodbyes a moment to leave before the library stops.
    for _ = 1, 10 do
        Steam.runCallbacks()
        love.timer.sleep(0.01)
    end
    Steam.shutdown()
end
