#!/usr/bin/env bash
# Runs the end-to-end Lua tests in real interpreters against the modules in dist/.
#   scripts/test-lua.sh [INTERPRETER...]      default: lua5.1 lua5.4 luajit
# Each test file gets its own port range, so files can run in parallel without clashes.
set -uo pipefail
cd "$(dirname "$0")/.."

interps=("$@")
[ ${#interps[@]} -gt 0 ] || interps=(lua5.1 lua5.4 luajit)
files=(connect timeout handlers multi misuse messages status utils lossy burst claims errors lifetimes methods deadpeer lean fastpath p2p breadth p2p_messages)
declare -A feature=([lua5.1]=lua51 [lua5.2]=lua52 [lua5.3]=lua53 [lua5.4]=lua54 [luajit]=luajit)

passed=0; failed=0; failures=()
logdir=$(mktemp -d)
# Below the kernel's ephemeral range (32768-60999), so no client socket of a test running in
# parallel can hold a port a test is about to listen on.
port=20000

run() { # name log-file command...
    local name=$1 log=$2; shift 2
    if "$@" >"$log" 2>&1; then :; fi
    local line p f
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); failures+=("$name (no summary; crashed?)")
        echo "FAIL $name: no summary line"; sed 's/^/    /' "$log"; return
    fi
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" != 0 ]; then failures+=("$name"); echo "FAIL $name"; sed 's/^/    /' "$log"
    else echo "ok   $name ($p)"; grep '^#' "$log" | sed 's/^/    /'; fi
}

for interp in "${interps[@]}"; do
    dist="dist/${feature[$interp]}-standalone"
    if [ ! -f "$dist/luasteam.so" ]; then
        echo "FAIL $interp: $dist/luasteam.so missing (run scripts/build.sh ${feature[$interp]} standalone)"
        failed=$((failed + 1)); failures+=("$interp build"); continue
    fi
    export LUA_CPATH="$PWD/$dist/?.so"
    pids=()
    for f in "${files[@]}"; do
        port=$((port + 20))
        ( passed=0; failed=0; failures=(); LUASTEAM_PORT_BASE=$port run "$interp $f" "$logdir/$interp-$f.log" timeout 120 "$interp" "tests/lua/$f.lua"; \
          echo "$passed $failed" >"$logdir/$interp-$f.count"; printf '%s\n' "${failures[@]}" >"$logdir/$interp-$f.fail" ) \
          >"$logdir/$interp-$f.out" &
        pids+=($!)
    done
    # Two processes: server and client in separate interpreters.
    port=$((port + 20))
    ( passed=0; failed=0; failures=(); export LUASTEAM_PORT_BASE=$port
      timeout 60 "$interp" tests/lua/proc_server.lua >"$logdir/$interp-srv.log" 2>&1 &
      srv=$!
      run "$interp proc_client" "$logdir/$interp-cli.log" timeout 60 "$interp" tests/lua/proc_client.lua
      wait $srv
      run "$interp proc_server" "$logdir/$interp-srv-result.log" cat "$logdir/$interp-srv.log"
      echo "$passed $failed" >"$logdir/$interp-proc.count"; printf '%s\n' "${failures[@]}" >"$logdir/$interp-proc.fail"
    ) >"$logdir/$interp-proc.out" &
    pids+=($!)
    wait "${pids[@]}"
    cat "$logdir/$interp"-*.out
    for c in "$logdir/$interp"-*.count; do
        read -r p f <"$c"; passed=$((passed + p)); failed=$((failed + f))
    done
    for c in "$logdir/$interp"-*.fail; do
        while IFS= read -r l; do [ -n "$l" ] && failures+=("$l"); done <"$c"
    done
done

# LuaJIT with its compiler off (as some platforms run it): the C API functions stay.
for interp in "${interps[@]}"; do
    [ "$interp" = luajit ] && [ -f dist/luajit-standalone/luasteam.so ] || continue
    for f in fastpath messages; do
        port=$((port + 20))
        LUA_CPATH="$PWD/dist/luajit-standalone/?.so" LUASTEAM_PORT_BASE=$port \
            run "luajit -joff $f" "$logdir/joff-$f.log" timeout 120 luajit -joff "tests/lua/$f.lua"
    done
done

if true; then
    # The steam builds without a Steam client, for the interpreters asked for.
    for interp in "${interps[@]}"; do
        d="dist/${feature[$interp]}-steam"
        [ -f "$d/luasteam.so" ] || continue
        LUA_CPATH="$PWD/$d/?.so" run "$interp steam_backend" "$logdir/$interp-steam.log" timeout 60 "$interp" tests/lua/steam_backend.lua
        LUA_CPATH="$PWD/$d/?.so" run "$interp steam errors" "$logdir/$interp-steam-errors.log" timeout 60 "$interp" tests/lua/errors.lua
    done
fi

rm -rf "$logdir"
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "lua: $passed passed, $failed failed"
[ "$failed" = 0 ]
