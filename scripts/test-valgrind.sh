#!/usr/bin/env bash
# Memory checks: short end-to-end scripts (tests/valgrind/*.lua) under valgrind, on Lua 5.4
# and 5.1, against the standalone modules in dist/. A run passes when its script passes and
# valgrind reports no error (no invalid read or write, 0 bytes definitely lost). The only
# suppressions are tests/valgrind/loader.supp's, each explained there.
#   scripts/test-valgrind.sh            prints "valgrind: N passed, N failed"
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0; failed=0
port=27300
declare -A build=([lua5.4]=lua54 [lua5.1]=lua51)
for interp in lua5.4 lua5.1; do
    so="$PWD/dist/${build[$interp]}-standalone"
    if [ ! -f "$so/luasteam.so" ]; then
        echo "FAIL $interp: $so/luasteam.so missing"; failed=$((failed + 1)); continue
    fi
    for script in tests/valgrind/*.lua; do
        port=$((port + 10))
        log=$(mktemp)
        LUA_CPATH="$so/?.so" LUASTEAM_PORT_BASE=$port timeout 300 valgrind -q \
            --suppressions=tests/valgrind/loader.supp --leak-check=full \
            --errors-for-leak-kinds=definite --error-exitcode=3 \
            "$interp" "$script" >"$log" 2>&1
        rc=$?
        name="$interp $(basename "$script")"
        if [ "$rc" = 0 ] && grep -qE '^[0-9]+ passed, 0 failed$' "$log"; then
            echo "ok   $name: $(grep -E '^[0-9]+ passed' "$log" | tail -n 1), valgrind clean"
            passed=$((passed + 1))
        else
            echo "FAIL $name (exit $rc)"; sed 's/^/    /' "$log"
            failed=$((failed + 1))
        fi
        rm -f "$log"
    done
done
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
