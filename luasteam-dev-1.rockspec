-- Builds luasteam from this checkout with cargo for the Lua version LuaRocks is set up for:
--   luarocks --lua-version 5.4 make                         (standalone backend)
--   LUASTEAM_BACKEND=steam luarocks --lua-version 5.4 make  (Steam backend)
-- Needs cargo (Rust 1.80 or newer) and what scripts/setup.sh installs for the C++ build
-- (cmake, g++, protobuf, OpenSSL, libclang). The Lua version comes from the interpreter
-- LuaRocks uses, $(LUA): 5.1, 5.2, 5.3, 5.4 or LuaJIT.
rockspec_format = "3.0"
package = "luasteam"
version = "dev-1"
source = {
   url = "git+file://.",
}
description = {
   summary = "Valve's networking sockets (ISteamNetworkingSockets) for Lua",
   detailed = [[
luasteam lets Lua programs and LÖVE games open connections with Valve's networking
sockets: reliable and unreliable messages over UDP, encrypted, with the standalone
GameNetworkingSockets library or the one shipped with the Steam client.
]],
   license = "MIT",
}
dependencies = {
   "lua >= 5.1, < 5.5",
}
build = {
   type = "command",
   -- The cargo feature names the Lua version: lua51 .. lua54, or luajit.
   build_command = [[
feature=`"$(LUA)" -e 'io.write(jit and "luajit" or ("lua5" .. _VERSION:sub(7)))'` &&
backend=${LUASTEAM_BACKEND:-standalone} &&
echo "luasteam: cargo build --features $backend $feature" &&
cargo build --release -q -p luasteam --no-default-features --features "$backend $feature" &&
rm -rf target/luarocks && mkdir -p target/luarocks &&
cp target/release/libluasteam.so target/luarocks/luasteam.so &&
if [ "$backend" = steam ]; then
   cp "`find target/release/build -path '*steamworks-sys-*/out/libsteam_api.so' | head -n 1`" target/luarocks/
fi
]],
   -- libsteam_api.so (steam backend) goes beside luasteam.so, where its $ORIGIN rpath looks.
   install_command = [[
mkdir -p "$(LIBDIR)" && cp target/luarocks/* "$(LIBDIR)/"
]],
}
