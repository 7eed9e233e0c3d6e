#!/usr/bin/env bash
# Runs tests/lua/lossy.lua N times per interpreter and reports the tally (the CI suite runs it
# once, in scripts/test-lua.sh).
#   scripts/lossy-soak.sh [N [INTERPRETER...]]      default: 20 runs, lua5.4 luajit
# LUASTEAM_LOSSY_COUNT sets the number of reliable messages per run (default 2000).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}; shift || true
interps=("$@")
[ ${#interps[@]} -gt 0 ] || interps=(lua5.4 luajit)
declare -A feature=([lua5.1]=lua51 [lua5.2]=lua52 [lua5.3]=lua53 [lua5.4]=lua54 [luajit]=luajit)
logdir=$(mktemp -d)
status=0
for interp in "${interps[@]}"; do
    dist="dist/${feature[$interp]}-standalone"
    [ -f "$dist/luasteam.so" ] || { echo "$dist/luasteam.so missing (scripts/build.sh ${feature[$interp]} standalone)"; exit 2; }
    ok=0
    for i in $(seq 1 "$runs"); do
        log="$logdir/$interp-$i.log"
        if LUA_CPATH="$PWD/$dist/?.so" LUASTEAM_PORT_BASE=$((21000 + i * 10)) timeout 120 "$interp" tests/lua/lossy.lua >"$log" 2>&1 \
            && grep -q '^[0-9]* passed, 0 failed$' "$log"; then
            ok=$((ok + 1))
        else
            echo "FAIL $interp run $i:"; sed 's/^/    /' "$log"
        fi
    done
    echo "$interp: $ok of $runs runs passed ($(grep -h '^# [0-9]* messages' "$logdir/$interp"-*.log | awk '{ s += $(NF-3) } END { if (NR) printf "mean %.2f s", s / NR }'))"
    [ "$ok" = "$runs" ] || status=1
done
rm -rf "$logdir"
exit $status
