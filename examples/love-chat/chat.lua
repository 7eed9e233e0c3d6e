-- The chat itself, without any LÖVE call: the windowed program (main.lua) and the headless
-- self-test (headless/main.lua) both drive it.
--
-- One host listens; guests connect to it. A guest sends its lines to the host; the host shows
-- them and passes them on to every other guest, so everybody sees every line.
--
--   local Chat = require "chat"
--   local chat = Chat.new(Steam, "alice")
--   chat:host("[::]:27020")            -- or chat:join("127.0.0.1:27020")
--   -- every frame:
--   Steam.runCallbacks()
--   chat:update()
--   chat:say("hello")
---@class Chat
---@field Steam luasteam the table `require "luasteam"` returned
---@field name string the player's name, put in front of their lines
---@field lines string[] everything shown so far, oldest first
---@field peers table<integer, string> host: connection id -> remote address, for connected guests
---@field socket luasteam.ListenSocket? host: the listen socket
---@field server integer? guest: the connection to the host
---@field connected boolean guest: the connection to the host is established
---@field onLine? fun(line: string) called with every line added to `lines`
local Chat = {}
Chat.__index = Chat

--- Where luasteam.so is looked for: $LUASTEAM_CPATH if set (a package.cpath pattern such as
--- "/opt/luasteam/?.so"), otherwise the LuaJIT standalone build of this repository, found
--- relative to the love-chat folder `dir`.
function Chat.setCPath(dir)
    local pattern = os.getenv("LUASTEAM_CPATH")
    if not pattern or pattern == "" then
        pattern = dir .. "/../../dist/luajit-standalone/?.so"
    end
    package.cpath = pattern .. ";" .. package.cpath
end

-- Steam.sockets.onConnectionChanged is one function per process, but a process may run a host
-- and a guest at once (the headless self-test does): events are routed to the chat that owns
-- the connection, or the listen socket that received it.
local owners = {}   -- connection id -> chat
local hosts = {}    -- chats that listen

local function route(data)
    local chat = owners[data.connection]
    if not chat and data.listenSocket then
        for _, h in ipairs(hosts) do
            if h.socket == data.listenSocket then chat = h end
        end
    end
    if chat then chat:onConnectionChanged(data) end
end

--- A chat for the player `name`, on an initialised `Steam` (the table `require "luasteam"`
--- returns).
---@param Steam luasteam
---@param name string
---@return Chat
function Chat.new(Steam, name)
    Steam.sockets.onConnectionChanged = route
    local chat = setmetatable({}, Chat)
    chat.Steam, chat.name = Steam, name
    chat.lines, chat.peers, chat.connected = {}, {}, false
    return chat
end

--- Adds a line to the log; `onLine`, if set, hears about it too.
function Chat:log(line)
    self.lines[#self.lines + 1] = line
    if self.onLine then self.onLine(line) end
end

--- Starts listening on `address` ("[::]:27020" for port 27020 on every interface).
function Chat:host(address)
    local socket, err = self.Steam.sockets.createListenSocketIP(address)
    if not socket then return nil, err end
    self.socket = socket
    hosts[#hosts + 1] = self
    self:log("* hosting on " .. address)
    return true
end

--- Connects to the host at `address` ("127.0.0.1:27020").
function Chat:join(address)
    local connection, err = self.Steam.sockets.connectByIPAddress(address)
    if not connection then return nil, err end
    self.server = connection
    owners[connection] = self
    self:log("* connecting to " .. address)
    return true
end

--- Listens for peer-to-peer connections on `virtualPort` (default 0): players join by this
--- process's identity (see `Steam.init`'s `identity`), with no address to give out.
function Chat:hostP2P(virtualPort)
    local socket, err = self.Steam.sockets.createListenSocketP2P(virtualPort or 0)
    if not socket then return nil, err end
    self.socket = socket
    hosts[#hosts + 1] = self
    self:log("* hosting peer-to-peer as " .. tostring(self.Steam.sockets.getIdentity()))
    return true
end

--- Connects peer-to-peer to the host whose identity is `identity` ("str:alice").
function Chat:joinP2P(identity, virtualPort)
    local connection, err = self.Steam.sockets.connectP2P(identity, virtualPort or 0)
    if not connection then return nil, err end
    self.server = connection
    owners[connection] = self
    self:log("* connecting to " .. identity)
    return true
end

--- Who a connection event is from: its identity, or its address.
local function peer_name(data)
    return data.identity or data.remoteAddress
end

function Chat:onConnectionChanged(data)
    local S = self.Steam.sockets
    if data.state == "Connecting" and data.listenSocket then
        owners[data.connection] = self
        local result = S.acceptConnection(data.connection)
        if result ~= "OK" then self:log("* could not accept " .. peer_name(data) .. ": " .. result) end
    elseif data.state == "Connected" then
        if data.connection == self.server then
            self.connected = true
            self:log("* connected")
        else
            self.peers[data.connection] = peer_name(data)
            self:log("* " .. peer_name(data) .. " joined")
        end
    elseif data.state == "ClosedByPeer" or data.state == "ProblemDetectedLocally" then
        -- The id stays valid until we close it too.
        S.closeConnection(data.connection)
        owners[data.connection] = nil
        if data.connection == self.server then
            self.server, self.connected = nil, false
            self:log("* disconnected: " .. data.endDebug)
        else
            self.peers[data.connection] = nil
            self:log("* " .. peer_name(data) .. " left")
        end
    end
end

--- Sends a line to the other players and shows it here.
function Chat:say(text)
    local line = self.name .. ": " .. text
    local S = self.Steam.sockets
    if self.socket then
        for connection in pairs(self.peers) do S.sendMessageToConnection(connection, line) end
    elseif self.connected and self.server then
        local result = S.sendMessageToConnection(self.server, line)
        if result ~= "OK" then
            self:log("* not sent: " .. result)
            return false
        end
    else
        self:log("* not connected yet")
        return false
    end
    self:log(line)
    return true
end

--- Takes the messages that arrived. Call it every frame, after Steam.runCallbacks().
function Chat:update()
    local S = self.Steam.sockets
    if self.server then
        for _, message in ipairs(S.receiveMessagesOnConnection(self.server) or {}) do
            self:log(message.data)
        end
    end
    for connection in pairs(self.peers) do
        for _, message in ipairs(S.receiveMessagesOnConnection(connection) or {}) do
            self:log(message.data)
            -- Pass it on to the other guests.
            for other in pairs(self.peers) do
                if other ~= connection then S.sendMessageToConnection(other, message.data) end
            end
        end
    end
end

--- Says goodbye to everybody and stops listening.
function Chat:close()
    local S = self.Steam.sockets
    for connection in pairs(self.peers) do
        S.closeConnection(connection, true, 1000, self.name .. " closed the chat")
        owners[connection] = nil
    end
    self.peers = {}
    if self.server then
        S.closeConnection(self.server, true, 1000, self.name .. " left")
        owners[self.server] = nil
        self.server, self.connected = nil, false
    end
    if self.socket then
        S.closeListenSocket(self.socket)
        for i, h in ipairs(hosts) do
            if h == self then table.remove(hosts, i) break end
        end
        self.socket = nil
    end
end

return Chat
