#!/usr/bin/env bash
# The main demo, from a fresh Debian 12 machine: sets up, builds the Lua 5.4 module on the
# standalone backend and runs examples/echo: a server and a client, two Lua processes,
# talking over 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
scripts/build.sh lua54 standalone
export LUA_CPATH="$PWD/dist/lua54-standalone/?.so"
port=${LUASTEAM_DEMO_PORT:-27020}

lua5.4 examples/echo/server.lua "127.0.0.1:$port" --once &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
lua5.4 examples/echo/client.lua "127.0.0.1:$port" "hello from Lua" "binary-safe messages" "goodbye"
wait $server
trap - EXIT
echo "demo: the two Lua peers talked over 127.0.0.1:$port"
