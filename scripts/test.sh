#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: sets up, then runs
#   formatting and lints, cargo test (generator goldens, fixtures, runtime unit tests),
#   luasteam-codegen check, the strict Sphinx build, module builds for every tested
#   Lua version and both backends, the end-to-end Lua tests over UDP on 127.0.0.1, and every
#   **Example**:: block of spec/*.rst run as a test (scripts/test-examples.sh), and short
#   end-to-end scripts under valgrind (scripts/test-valgrind.sh).
# Ends with one line "N passed, N failed" over everything that counts tests.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
export PATH="$HOME/.cargo/bin:$PATH"
# Every module built for the tests checks each enum value it returns against the reference.
export LUASTEAM_FEATURES=checked-results

status=0
total_passed=0; total_failed=0
step() { echo; echo "=== $*"; }
fail() { echo "FAILED: $*"; status=1; total_failed=$((total_failed + 1)); }
# Adds the "test result: ... N passed; M failed" lines of a cargo test log to the totals.
count_cargo() {
    local p f
    p=$(sed -nE 's/^test result: .* ([0-9]+) passed; ([0-9]+) failed.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
    f=$(sed -nE 's/^test result: .* ([0-9]+) passed; ([0-9]+) failed.*/\2/p' "$1" | awk '{s+=$1} END {print s+0}')
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
}

step "cargo fmt --check"
cargo fmt --all -- --check || fail "cargo fmt (run: cargo fmt --all)"

step "cargo clippy (standalone and steam backends; Lua 5.1 and LuaJIT glue)"
cargo clippy -q --workspace --all-targets -- -D warnings || fail "clippy (standalone)"
cargo clippy -q -p luasteam --no-default-features --features "steam lua54" -- -D warnings || fail "clippy (steam)"
# The glue has code for Lua 5.1 and LuaJIT only (the collector pause around each call).
for lua in lua51 luajit; do
    cargo clippy -q -p luasteam --no-default-features --features "standalone $lua" -- -D warnings || fail "clippy ($lua)"
done

step "cargo test"
log=$(mktemp)
cargo test --workspace 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "cargo test"
count_cargo "$log"

step "cargo test (steam backend, no Steam client)"
cargo test -q -p luasteam --no-default-features --features "steam lua54" 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "cargo test (steam)"
count_cargo "$log"

step "luasteam-codegen check"
cargo run -q --release -p luasteam-codegen -- check || fail "generated files out of date"

step "sphinx-build -W -n"
.venv/bin/sphinx-build -q -W -n -b html docs docs/_build/html || fail "docs build"

step "build modules"
for combo in "lua51 standalone" "lua54 standalone" "luajit standalone" "lua51 steam" "lua54 steam" "luajit steam"; do
    scripts/build.sh $combo || fail "build $combo"
done

step "end-to-end Lua tests"
log=$(mktemp)
scripts/test-lua.sh lua5.1 lua5.4 luajit 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
line=$(grep -E '^lua: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -n "$line" ]; then
    p=${line#lua: }; p=${p%% passed*}; f=${line#*, }; f=${f%% failed*}
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
else
    fail "lua tests gave no summary"
fi

step "executable examples of spec/*.rst (standalone backend)"
log=$(mktemp)
LUASTEAM_CODEGEN=target/release/luasteam-codegen scripts/test-examples.sh lua5.1 lua5.4 luajit 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
line=$(grep -E '^examples: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -n "$line" ]; then
    p=${line#examples: }; p=${p%% passed*}; f=${line#*, }; f=${f%% failed*}
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
else
    fail "examples gave no summary"
fi

step "valgrind: end-to-end scripts under memcheck (tests/valgrind)"
log=$(mktemp)
scripts/test-valgrind.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
line=$(grep -E '^valgrind: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -n "$line" ]; then
    p=${line#valgrind: }; p=${p%% passed*}; f=${line#*, }; f=${f%% failed*}
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
else
    fail "valgrind gave no summary"
fi

step "extras: Lua 5.2/5.3 smoke, LÖVE headless, LuaRocks, LuaLS stubs check, ldd"
log=$(mktemp)
scripts/test-extras.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
line=$(grep -E '^extras: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -n "$line" ]; then
    p=${line#extras: }; p=${p%% passed*}; f=${line#*, }; f=${f%% failed*}
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
else
    fail "extras gave no summary"
fi

echo
[ "$status" = 0 ] && echo "all checks green" || echo "some checks FAILED (see above)"
echo "$total_passed passed, $total_failed failed"
exit $status
