-- Deliberate misuse for the type check in scripts/test-extras.sh: emmylua_check must report
-- an error here, which shows that the stubs in generated/stubs/ really reach the checker.
-- This file is never run.
local Steam = require "luasteam"

-- acceptConnection takes an integer connection id, not a string.
Steam.sockets.acceptConnection("not a number")
