#!/usr/bin/env bash
# Builds luasteam.so for one Lua version and one backend into dist/<lua>-<backend>/.
#   scripts/build.sh lua54 standalone       (lua51 lua52 lua53 lua54 luajit; standalone steam)
# The steam build also gets libsteam_api.so beside it (found through the $ORIGIN rpath).
set -euo pipefail
cd "$(dirname "$0")/.."
lua=${1:?usage: scripts/build.sh LUA BACKEND}
backend=${2:?usage: scripts/build.sh LUA BACKEND}
case "$lua" in lua51|lua52|lua53|lua54|luajit) ;; *) echo "unknown Lua version '$lua'" >&2; exit 2;; esac
case "$backend" in standalone|steam) ;; *) echo "unknown backend '$backend'" >&2; exit 2;; esac

# LUASTEAM_FEATURES adds cargo features: scripts/test.sh builds with checked-results.
cargo build --release -q -p luasteam --no-default-features --features "$backend $lua ${LUASTEAM_FEATURES:-}"
target="${CARGO_TARGET_DIR:-target}"
out="dist/$lua-$backend"
mkdir -p "$out"
cp "$target/release/libluasteam.so" "$out/luasteam.so"
if [ "$backend" = steam ]; then
    sdk=$(find "$target/release/build" -path '*steamworks-sys-*/out/libsteam_api.so' | head -n 1)
    cp "$sdk" "$out/libsteam_api.so"
fi
echo "built $out/luasteam.so"
