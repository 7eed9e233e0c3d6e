-- Echo client: connects, sends each line, prints the echoes, then hangs up.
--   lua5.4 examples/echo/client.lua [address] [line...]
-- Without lines on the command line it reads them from standard input.
local Steam = require "luasteam"

local address = arg[1] or "127.0.0.1:27020"
local lines = {}
for i = 2, #arg do lines[#lines + 1] = arg[i] end
if #lines == 0 then
    for line in io.lines() do lines[#lines + 1] = line end
end

assert(Steam.init())

local state = "None"
function Steam.sockets.onConnectionChanged(data)
    print(string.format("client: connection %d %s -> %s", data.connection, data.state_old, data.state))
    state = data.state
    if data.endDebug ~= "" then print("client: reason: " .. data.endDebug) end
end

-- The server may still be starting: retry for a few seconds.
local connection
for _ = 1, 10 do
    connection = assert(Steam.sockets.connectByIPAddress(address, { TimeoutInitial = 1000 }))
    state = "Connecting"
    while state == "Connecting" or state == "FindingRoute" do
        Steam.runCallbacks()
        Steam.sleep(0.01)
    end
    if state == "Connected" then break end
    Steam.sockets.closeConnection(connection)
end
if state ~= "Connected" then
    io.stderr:write("client: could not connect to " .. address .. "\n")
    os.exit(1)
end

for _, line in ipairs(lines) do
    print("client: send " .. line)
    Steam.sockets.sendMessageToConnection(connection, line)
end

local echoed = 0
local deadline = os.time() + 5
while echoed < #lines and os.time() <= deadline do
    Steam.runCallbacks()
    for _, m in ipairs(Steam.sockets.receiveMessagesOnConnection(connection) or {}) do
        print("client: got back " .. m.data)
        echoed = echoed + 1
    end
    Steam.sleep(0.01)
end

Steam.sockets.closeConnection(connection, true, 1000, "client finished")
-- Linger: give the close a moment to reach the server.
for _ = 1, 20 do Steam.runCallbacks(); Steam.sleep(0.01) end
Steam.shutdown()
print(string.format("client: %d of %d lines echoed", echoed, #lines))
os.exit(echoed == #lines and 0 or 1)
