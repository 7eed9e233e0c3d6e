-- The windowed chat. The headless self-test has its own conf.lua in headless/.
function love.conf(t)
    t.identity = "luasteam-love-chat"
    t.version = "11.4"
    t.window.title = "luasteam chat"
    t.window.width = 640
    t.window.height = 400
    -- A chat needs neither sound nor physics.
    t.modules.audio = false
    t.modules.sound = false
    t.modules.physics = false
    t.modules.joystick = false
    t.modules.video = false
end
