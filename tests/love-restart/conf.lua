-- Headless, like examples/love-chat/headless: no window, graphics or sound, so it runs in CI.
function love.conf(t)
    t.identity = "luasteam-love-restart"
    t.version = "11.4"
    t.console = true
    t.window = false
    for _, m in ipairs({ "audio", "data", "font", "graphics", "image", "joystick", "keyboard",
        "math", "mouse", "physics", "sound", "system", "thread", "touch", "video", "window" }) do
        t.modules[m] = false
    end
    -- Kept: event (love.event.quit) and timer (the main loop's dt).
    t.modules.event = true
    t.modules.timer = true
end
