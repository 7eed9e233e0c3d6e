-- A small chat over luasteam in LÖVE 11.4.
--   love examples/love-chat host [address] [name]      address defaults to [::]:27020
--   love examples/love-chat join [address] [name]      address defaults to 127.0.0.1:27020
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
    local address = args[2] or (mode == "host" and "[::]:27020" or "127.0.0.1:27020")
    local name = args[3] or (mode == "host" and "host" or "guest")
    love.keyboard.setKeyRepeat(true)
    chat = Chat.new(Steam, name)
    local ok, err = Steam.init()
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
    else
        ok, err = false, "unknown mode '" .. mode .. "' (host or join)"
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
