-- Headless, like tests/love-restart: no window, graphics or sound.
function love.conf(t)
    t.identity = "luasteam-bench"
    t.version = "11.4"
    t.console = true
    t.window = false
    for _, m in ipairs({ "audio", "data", "font", "graphics", "image", "joystick", "keyboard",
        "math", "mouse", "physics", "sound", "system", "thread", "touch", "video", "window" }) do
        t.modules[m] = false
    end
    t.modules.event = true
    t.modules.timer = true
end
