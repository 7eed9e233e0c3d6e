#!/usr/bin/env bash
# Throughput benchmark: N reliable messages client -> server over 127.0.0.1, once driven from
# Rust through the FFI layer (the baseline) and once from Lua through luasteam, in the same run.
# Prints both and the ratio, which is what the Lua binding costs per message.
#   scripts/bench.sh [LUA]          LUA: lua5.4 (default), lua5.1, luajit
set -euo pipefail
cd "$(dirname "$0")/.."
interp=${1:-lua5.4}
declare -A feature=([lua5.1]=lua51 [lua5.4]=lua54 [luajit]=luajit)
scripts/build.sh "${feature[$interp]}" standalone >/dev/null
export BENCH_MESSAGES=${BENCH_MESSAGES:-100000} BENCH_BYTES=${BENCH_BYTES:-64}
rust=$(BENCH_PORT=45100 cargo bench -q -p luasteam --bench throughput | grep '^rust:') \
    || { echo "bench: the Rust baseline failed" >&2; exit 1; }
lua=$(BENCH_PORT=45101 LUA_CPATH="$PWD/dist/${feature[$interp]}-standalone/?.so" "$interp" tests/bench/throughput.lua) \
    || { echo "bench: the Lua run failed" >&2; exit 1; }
echo "$rust"
echo "$lua ($interp)"
r=$(echo "$rust" | sed -E 's/.*\(([0-9.]+) msg\/s\)/\1/')
l=$(echo "$lua" | sed -E 's/.*\(([0-9.]+) msg\/s\)/\1/')
awk -v r="$r" -v l="$l" 'BEGIN { printf "ratio: Lua runs at %.2f of the Rust baseline'"'"'s message rate\n", l / r }'
