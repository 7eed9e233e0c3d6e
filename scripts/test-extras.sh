#!/usr/bin/env bash
# Checks that luasteam fits the Lua world beyond the core suite; scripts/test.sh calls it after
# the modules are built into dist/ and the end-to-end tests ran:
#   * the end-to-end tests on Lua 5.2 and 5.3, both backends (builds dist/lua52-*, lua53-*);
#   * the LÖVE chat example's headless self-test (examples/love-chat/headless), its P2P form in
#     two LÖVE processes (examples/love-chat/headless-p2p) and examples/p2p/peer.lua;
#   * luasteam loaded again in one process: a LÖVE restart (tests/love-restart) and, for every
#     build in dist/, tests/reload/unload.lua (the interpreter unloads the module, then loads it);
#   * `luarocks make` with luasteam-dev-1.rockspec into a temporary tree, then require it;
#   * the LuaLS stubs: emmylua_check finds no error in examples/ and tests/lua/, and does find
#     the deliberate one in tests/luals/;
#   * ldd: no build in dist/ misses a shared library.
# Installs what it needs when missing (LÖVE, LuaRocks, the Lua 5.4 headers, emmylua_check).
# Ends with the line "extras: N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

EMMYLUA_CHECK_VERSION=0.25.1
passed=0; failed=0; failures=()
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL $*"; }
step() { echo; echo "=== extras: $*"; }
now() { date +%s; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "install what is missing"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
missing=""
for p in love luarocks liblua5.4-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing Debian packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null || bad "apt-get install$missing"
fi
if ! emmylua_check --version 2>/dev/null | grep -q "$EMMYLUA_CHECK_VERSION"; then
    t=$(now)
    echo "installing emmylua_check $EMMYLUA_CHECK_VERSION from crates.io (several minutes on 2 cores)"
    cargo install -q emmylua_check --locked --version "$EMMYLUA_CHECK_VERSION" || bad "cargo install emmylua_check"
    echo "emmylua_check installed in $(( $(now) - t )) s"
fi

step "Lua 5.2 and 5.3: builds and end-to-end tests"
built=1
for lua in lua52 lua53; do
    scripts/build.sh "$lua" standalone || { bad "build $lua standalone"; built=0; }
    scripts/build.sh "$lua" steam || { bad "build $lua steam"; built=0; }
done
if [ "$built" = 1 ]; then
    scripts/test-lua.sh lua5.2 lua5.3 >"$tmp/lua.log" 2>&1
    cat "$tmp/lua.log"
    line=$(grep -E '^lua: [0-9]+ passed, [0-9]+ failed$' "$tmp/lua.log" | tail -n 1)
    if [ -n "$line" ]; then
        p=${line#lua: }; p=${p%% passed*}; f=${line#*, }; f=${f%% failed*}
        passed=$((passed + p)); failed=$((failed + f))
        [ "$f" = 0 ] || failures+=("Lua 5.2/5.3 end-to-end tests")
    else
        bad "Lua 5.2/5.3 end-to-end tests gave no summary"
    fi
fi

step "LÖVE: examples/love-chat/headless"
# No display and no sound card are needed: the headless conf.lua turns window, graphics and
# audio off. XDG_RUNTIME_DIR only silences SDL's complaint when it is unset.
if [ -f dist/luajit-standalone/luasteam.so ]; then
    mkdir -p "$tmp/xdg" && chmod 700 "$tmp/xdg"
    XDG_RUNTIME_DIR="$tmp/xdg" SDL_AUDIODRIVER=dummy LOVE_CHAT_PORT=27120 \
        timeout 60 love examples/love-chat/headless >"$tmp/love.log" 2>&1
    rc=$?
    sed 's/^/    /' "$tmp/love.log"
    if [ "$rc" = 0 ] && grep -q '^love-chat: ok' "$tmp/love.log"; then
        ok "love-chat headless self-test"
    else
        bad "love-chat headless self-test (exit $rc)"
    fi
else
    bad "love-chat: dist/luajit-standalone/luasteam.so missing (scripts/build.sh luajit standalone)"
fi

step "LÖVE: examples/love-chat/headless-p2p (two LÖVE processes, P2P by identity)"
if [ -f dist/luajit-standalone/luasteam.so ]; then
    mkdir -p "$tmp/xdg" && chmod 700 "$tmp/xdg"
    export XDG_RUNTIME_DIR="$tmp/xdg" SDL_AUDIODRIVER=dummy
    LOVE_CHAT_ROLE=host LOVE_CHAT_SIGNALING=127.0.0.1:27130 timeout 60 love examples/love-chat/headless-p2p \
        >"$tmp/love-p2p-host.log" 2>&1 &
    p2p_host=$!
    sleep 1
    LOVE_CHAT_ROLE=guest LOVE_CHAT_SIGNALING=127.0.0.1:27130 timeout 60 love examples/love-chat/headless-p2p \
        >"$tmp/love-p2p-guest.log" 2>&1
    rc_guest=$?
    wait $p2p_host
    rc_host=$?
    sed 's/^/    /' "$tmp/love-p2p-host.log" "$tmp/love-p2p-guest.log"
    if [ "$rc_host" = 0 ] && [ "$rc_guest" = 0 ] && grep -q ': ok' "$tmp/love-p2p-host.log" \
        && grep -q ': ok' "$tmp/love-p2p-guest.log"; then
        ok "love-chat P2P: two LÖVE processes joined by identity through the local signaling service"
    else
        bad "love-chat P2P (host exit $rc_host, guest exit $rc_guest)"
    fi
else
    bad "love-chat P2P: dist/luajit-standalone/luasteam.so missing"
fi

step "examples/p2p/peer.lua (two plain Lua processes, P2P by identity)"
if [ -f dist/lua54-standalone/luasteam.so ]; then
    LUA_CPATH="$PWD/dist/lua54-standalone/?.so" LUASTEAM_SIGNALING=127.0.0.1:27131 \
        timeout 60 lua5.4 examples/p2p/peer.lua host alice >"$tmp/p2p-host.log" 2>&1 &
    p2p_host=$!
    sleep 1
    LUA_CPATH="$PWD/dist/lua54-standalone/?.so" LUASTEAM_SIGNALING=127.0.0.1:27131 \
        timeout 60 lua5.4 examples/p2p/peer.lua join bob alice "hi alice" >"$tmp/p2p-join.log" 2>&1
    rc_join=$?
    wait $p2p_host
    rc_host=$?
    sed 's/^/    /' "$tmp/p2p-host.log" "$tmp/p2p-join.log"
    if [ "$rc_host" = 0 ] && [ "$rc_join" = 0 ] && grep -q "got 'hello back from alice'" "$tmp/p2p-join.log"; then
        ok "examples/p2p: bob joined str:alice and they talked"
    else
        bad "examples/p2p (host exit $rc_host, join exit $rc_join)"
    fi
else
    bad "examples/p2p: dist/lua54-standalone/luasteam.so missing"
fi

step "LÖVE: tests/love-restart (luasteam required again after love.event.quit(\"restart\"))"
# The restart closes the Lua state (unloading its C modules) and runs main.lua in a new one in
# the same process; the second run connects over 127.0.0.1. The first run marks the process
# with LUASTEAM_LOVE_RESTART_SECOND_RUN, so it must not be set here.
if [ -f dist/luajit-standalone/luasteam.so ]; then
    mkdir -p "$tmp/xdg" && chmod 700 "$tmp/xdg"
    env -u LUASTEAM_LOVE_RESTART_SECOND_RUN XDG_RUNTIME_DIR="$tmp/xdg" SDL_AUDIODRIVER=dummy \
        LOVE_RESTART_PORT=27140 timeout 60 love tests/love-restart >"$tmp/love-restart.log" 2>&1
    rc=$?
    sed 's/^/    /' "$tmp/love-restart.log"
    if [ "$rc" = 0 ] && grep -q '^love-restart: ok' "$tmp/love-restart.log"; then
        ok "love-restart: luasteam works after a LÖVE restart"
    else
        bad "love-restart (exit $rc)"
    fi
else
    bad "love-restart: dist/luajit-standalone/luasteam.so missing (scripts/build.sh luajit standalone)"
fi

step "reload: tests/reload/unload.lua (the module unloaded and loaded again in one process)"
declare -A interp_of=([lua51]=lua5.1 [lua52]=lua5.2 [lua53]=lua5.3 [lua54]=lua5.4 [luajit]=luajit)
reload_port=27160
for so in dist/*/luasteam.so; do
    [ -f "$so" ] || continue
    d=$(dirname "$so"); build=${d#dist/}; interp=${interp_of[${build%-*}]:-}
    [ -n "$interp" ] && command -v "$interp" >/dev/null || continue
    reload_port=$((reload_port + 2))
    LUA_CPATH="$PWD/$d/?.so" LUASTEAM_PORT_BASE=$reload_port timeout 60 "$interp" tests/reload/unload.lua \
        >"$tmp/reload-$build.log" 2>&1
    rc=$?
    if [ "$rc" = 0 ] && grep -qE '^[0-9]+ passed, 0 failed$' "$tmp/reload-$build.log"; then
        ok "reload $build in $interp: $(tail -n 1 "$tmp/reload-$build.log")"
    else
        sed 's/^/    /' "$tmp/reload-$build.log"
        bad "reload $build in $interp (exit $rc)"
    fi
done

step "LuaRocks: luarocks make into a temporary tree"
t=$(now)
if luarocks --lua-version 5.4 --tree "$tmp/rocks" make >"$tmp/rocks.log" 2>&1; then
    echo "luarocks make took $(( $(now) - t )) s"
    out=$(eval "$(luarocks --lua-version 5.4 --tree "$tmp/rocks" path)" && cd "$tmp" && lua5.4 -e '
        local Steam = require "luasteam"
        assert(Steam.backend == "standalone", "backend " .. tostring(Steam.backend))
        assert(Steam.init())
        Steam.shutdown()
        io.write(package.searchpath("luasteam", package.cpath))' 2>&1)
    if [ "${out#"$tmp/rocks/"}" != "$out" ]; then
        ok "luarocks make; require loads $out"
    else
        bad "require after luarocks make: $out"
    fi
else
    sed 's/^/    /' "$tmp/rocks.log"
    bad "luarocks make"
fi

step "LuaLS stubs: emmylua_check"
# .emmyrc.json (what editors use too) makes a wrong argument type or count an error. The
# end-to-end tests pass wrong arguments on purpose and keep ids in upvalues whose assignments
# the checker cannot follow, so examples/ and tests/lua/ are checked with those kept as
# warnings; the chat example, meant to be copied, is checked strictly. A require that does
# not resolve is an error in both: without the stubs the check would prove nothing.
# (With more than one -c file emmylua_check resolves relative library paths elsewhere, hence
# one complete file with an absolute path.)
cat >"$tmp/relaxed.emmyrc.json" <<EOF
{
  "runtime": { "version": "LuaJIT" },
  "workspace": { "library": ["$PWD/generated/stubs"] },
  "diagnostics": {
    "globals": ["love"],
    "severity": { "unresolved-require": "error" }
  }
}
EOF
emmy() { # name expect(pass|fail) log config dirs...
    local name=$1 expect=$2 log=$3 config=$4 t rc summary
    shift 4
    t=$(now)
    emmylua_check -c "$config" "$@" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^ +[0-9]+ (errors?|warnings?|hints?)$' "$log" | tr -s ' ' | sed 's/^ //' | paste -s -d, -)
    if [ "$expect" = pass ] && [ "$rc" = 0 ]; then
        ok "$name: no errors (${summary:-nothing reported}; $(( $(now) - t )) s)"
    elif [ "$expect" = fail ] && [ "$rc" != 0 ] && grep -q '^error: .*param-type-mismatch' "$log"; then
        ok "$name: caught"
        grep -A1 '^error' "$log" | sed 's/^/    /'
    else
        sed 's/^/    /' "$log"
        bad "$name (exit $rc)"
    fi
}
if command -v emmylua_check >/dev/null; then
    emmy "emmylua_check examples/ tests/lua/" pass "$tmp/emmy.log" "$tmp/relaxed.emmyrc.json" examples tests/lua
    emmy "emmylua_check examples/love-chat/ (strict)" pass "$tmp/emmy-chat.log" .emmyrc.json examples/love-chat
    emmy "emmylua_check tests/luals/misuse.lua (must fail)" fail "$tmp/emmy-misuse.log" .emmyrc.json tests/luals
else
    bad "emmylua_check is not installed"
fi

step "ldd: every build in dist/ finds its libraries"
for so in dist/*/luasteam.so; do
    [ -f "$so" ] || continue
    if ldd "$so" | grep -q 'not found'; then
        ldd "$so" | sed 's/^/    /'
        bad "ldd $so: a library is not found"
    else
        ok "ldd $so"
    fi
done
if [ -f dist/lua54-steam/luasteam.so ]; then
    if ldd dist/lua54-steam/luasteam.so | grep -q "libsteam_api.so => $PWD/dist/lua54-steam/libsteam_api.so"; then
        ok "dist/lua54-steam/luasteam.so finds libsteam_api.so beside it (\$ORIGIN)"
    else
        bad "dist/lua54-steam/luasteam.so does not find libsteam_api.so beside it"
    fi
fi

echo
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "extras: $passed passed, $failed failed"
[ "$failed" = 0 ]
