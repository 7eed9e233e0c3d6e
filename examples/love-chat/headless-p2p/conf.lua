-- The headless self-test: no window, no graphics, no sound, so it runs on a machine without
-- a display (CI). Only the modules the chat and the main loop need stay on.
function love.conf(t)
    t.identity = "luasteam-love-chat-headless-p2p"
    t.version = "11.4"
    t.console = true
    t.window = false
    for _, m in ipairs({ "audio", "data", "font", "graphics", "image", "joystick", "keyboard",
        "math", "mouse", "physics", "sound", "system", "thread", "touch", "video", "window" }) do
        t.modules[m] = false
    end
    -- Kept: event (love.event.quit) and timer (the main loop's dt and sleep).
    t.modules.event = true
    t.modules.timer = true
end
