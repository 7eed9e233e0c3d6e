#!/usr/bin/env bash
# Runs every **Example**:: block of spec/*.rst in real interpreters against the standalone
# modules in dist/ (docs/dialect.rst, "Executable examples").
#   scripts/test-examples.sh [INTERPRETER...]      default: lua5.1 lua5.4 luajit
# Each example runs in a fresh interpreter after tests/examples/prelude.lua; an example of a
# function restricted to other backends (":backends: steam") is only compiled. The spec is read
# with `luasteam-codegen spec`: $LUASTEAM_CODEGEN, else the newest of target/{release,debug}/,
# else `cargo run`. Ends with one line "examples: N passed, M failed" (one per example and
# interpreter); exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

interps=("$@")
[ ${#interps[@]} -gt 0 ] || interps=(lua5.1 lua5.4 luajit)
declare -A feature=([lua5.1]=lua51 [lua5.2]=lua52 [lua5.3]=lua53 [lua5.4]=lua54 [luajit]=luajit)
timeout_s=${LUASTEAM_EXAMPLE_TIMEOUT:-10}

passed=0; failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

codegen=${LUASTEAM_CODEGEN:-}
if [ -z "$codegen" ]; then
    for c in target/release/luasteam-codegen target/debug/luasteam-codegen; do
        [ -x "$c" ] && { [ -z "$codegen" ] || [ "$c" -nt "$codegen" ]; } && codegen=$c
    done
fi
specs=(spec/*.rst)
if [ -n "$codegen" ]; then
    "$codegen" spec "${specs[@]}" >"$work/spec.json" 2>"$work/spec.err"
else
    cargo run -q -p luasteam-codegen -- spec "${specs[@]}" >"$work/spec.json" 2>"$work/spec.err"
fi
if [ ! -s "$work/spec.json" ] || ! python3 tests/examples/extract.py "$work/spec.json" "$work/ex"; then
    sed 's/^/    /' "$work/spec.err"
    echo "FAIL: could not read the examples of ${specs[*]}"
    echo "examples: $passed passed, $((failed + 1)) failed"
    exit 1
fi

for interp in "${interps[@]}"; do
    dist="dist/${feature[$interp]:-?}-standalone"
    if [ ! -f "$dist/luasteam.so" ]; then
        echo "FAIL $interp: $dist/luasteam.so missing (run scripts/build.sh ${feature[$interp]:-?} standalone)"
        failed=$((failed + 1)); continue
    fi
    export LUA_CPATH="$PWD/$dist/?.so"
    ran=0; checked=0; bad=0
    while IFS=$'\t' read -r mode file line name luafile; do
        log="$work/out.log"
        timeout "$timeout_s" "$interp" tests/examples/run.lua "$mode" "$file" "$line" "$luafile" >"$log" 2>&1
        rc=$?
        if [ $rc = 0 ] && grep -qx 'example ok' "$log"; then
            passed=$((passed + 1))
            if [ "$mode" = run ]; then ran=$((ran + 1)); else checked=$((checked + 1)); fi
            continue
        fi
        failed=$((failed + 1)); bad=$((bad + 1))
        if [ $rc = 124 ]; then msg="timed out after $timeout_s s"
        elif grep -q '^example error: ' "$log"; then msg=$(sed -n 's/^example error: //p' "$log" | head -n 1)
        else msg="exit status $rc"; fi
        echo "$file:$line: example failed on $interp: $msg"
        if [ "$mode" = run ]; then echo "    ($name, run after the prelude; output:)"
        else echo "    ($name, compiled only: restricted to other backends; output:)"; fi
        sed 's/^/    | /' "$log"
    done <"$work/ex/manifest.tsv"
    echo "$interp: $ran examples ran, $checked syntax-checked (steam only), $bad failed"
done

echo "examples: $passed passed, $failed failed"
[ "$failed" = 0 ]
