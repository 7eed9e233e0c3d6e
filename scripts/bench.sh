#!/usr/bin/env bash
# Benchmarks of the Lua binding (docs/performance.rst):
#
#   scripts/bench.sh [--runs N] [--ffi] [LUA...]     LUA: lua5.4 (default), lua5.1, luajit, ...
#       Throughput: BENCH_MESSAGES (100000) reliable BENCH_BYTES (64)-byte messages client ->
#       server over 127.0.0.1 in one process, N times (BENCH_RUNS, 3) alternately from Rust on
#       GameNetworkingSockets' flat C API (runtime/benches/throughput.rs, "raw") and from Lua
#       through luasteam (tests/bench/throughput.lua); prints every run, the medians and the
#       median ratio Lua/raw, then the per-call guard rail (tests/bench/percall.lua). --ffi
#       adds a third loop to the alternation: Rust through luasteam's own FFI layer.
#       A run whose server socket lost datagrams to the kernel (full receive buffer; the
#       run counts them itself, and RcvbufErrors/InErrors of /proc/net/snmp, machine-wide,
#       are read around it) is flagged and left out of the medians, unless every run of its
#       kind was hit; drops elsewhere on the machine during a run are only mentioned.
#   scripts/bench.sh --soak [LUA...]
#       Soak: 1M messages through send/receive (tests/bench/soak.lua), printing the process's
#       RSS before, half-way and after.
#   scripts/bench.sh --love
#       LÖVE 11.4 headless: the throughput loop through luasteam against LÖVE's own enet
#       (tests/bench/love/), and the raw baseline beside them, msg/s of each, N runs
#       alternately.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
runs=${BENCH_RUNS:-3}
mode=throughput
ffi=0
interps=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --runs=*) runs=${1#*=}; shift ;;
        --ffi) ffi=1; shift ;;
        --soak) mode=soak; shift ;;
        --love) mode=love; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *) interps+=("$1"); shift ;;
    esac
done
case "$runs" in ''|*[!0-9]*|0) echo "bench: --runs wants a positive number" >&2; exit 2 ;; esac
[ ${#interps[@]} -gt 0 ] || interps=(lua5.4)
declare -A feature=([lua5.1]=lua51 [lua5.2]=lua52 [lua5.3]=lua53 [lua5.4]=lua54 [luajit]=luajit)
for interp in "${interps[@]}"; do
    [ -n "${feature[$interp]:-}" ] || { echo "bench: unknown interpreter '$interp'" >&2; exit 2; }
    command -v "$interp" >/dev/null || { echo "bench: '$interp' is not installed" >&2; exit 2; }
done
export BENCH_MESSAGES=${BENCH_MESSAGES:-100000} BENCH_BYTES=${BENCH_BYTES:-64}
port=${BENCH_PORT:-45100}
next_port() { port=$((port + 1)); }

# "InErrors RcvbufErrors" of the Udp line of /proc/net/snmp; "- -" when unreadable.
udp_counters() {
    awk '$1 == "Udp:" {
        if (!seen) { for (i = 2; i <= NF; i++) col[$i] = i; seen = 1; next }
        print $col["InErrors"], $col["RcvbufErrors"]; found = 1
    } END { if (!found) print "- -" }' /proc/net/snmp 2>/dev/null || echo "- -"
}

# The median of the arguments; "nan" without any.
median() {
    printf '%s\n' "$@" | sort -g | awk 'NF { a[++n] = $1 }
        END { if (!n) print "nan"; else if (n % 2) print a[(n + 1) / 2]; else print (a[n / 2] + a[n / 2 + 1]) / 2 }'
}

# From "... (R msg/s; cpu C s; drops D; refused F)": "R C D".
rate_cpu_drops() {
    sed -nE 's/.*\(([0-9.]+) msg\/s; cpu ([0-9.]+) s; drops ([0-9]+)[^)]*\).*/\1 \2 \3/p' <<<"$1"
}

# run KIND COMMAND...: runs one measurement and prints its line. The run reports the datagrams
# the kernel dropped on its own server socket; /proc/net/snmp's counters, read around it, count
# the whole machine's. A run with drops of its own is flagged (its figure includes the
# retransmissions) and recorded in hit_rates_KIND / hit_cpus_KIND, the others in rates_KIND /
# cpus_KIND; drops elsewhere on the machine during the run are only mentioned.
run() {
    local kind=$1 out before after flag="" r c d ie0 rb0 ie1 rb1 all
    shift
    before=$(udp_counters)
    out=$(BENCH_PORT=$port "$@") || { echo "bench: the $kind run failed: $*" >&2; exit 1; }
    after=$(udp_counters)
    next_port
    read -r r c d <<<"$(rate_cpu_drops "$out")"
    [ -n "$r" ] || { echo "bench: cannot read the $kind run's output: $out" >&2; exit 1; }
    read -r ie0 rb0 <<<"$before"
    read -r ie1 rb1 <<<"$after"
    all=0
    if [ "$ie0" != - ] && [ "$ie1" != - ]; then
        all=$((rb1 - rb0 > ie1 - ie0 ? rb1 - rb0 : ie1 - ie0))
    fi
    if [ "$d" -gt 0 ]; then
        flag="  [UDP drops: $d on this run's socket; machine: RcvbufErrors +$((rb1 - rb0)), InErrors +$((ie1 - ie0)); left out of the median]"
        eval "hit_rates_$kind+=($r); hit_cpus_$kind+=($c)"
    else
        [ "$all" -le 0 ] || flag="  [UDP drops elsewhere on the machine meanwhile: +$all; none on this run's socket; kept]"
        eval "rates_$kind+=($r); cpus_$kind+=($c)"
    fi
    printf '  %s%s\n' "$out" "$flag"
}

# summary KIND: "median msg/s and median CPU s" of the clean runs, or of all when every run
# was hit by drops (then marked).
summary_rate=""
summary_cpu=""
summary() {
    local kind=$1 note=""
    eval "local -a r=(\"\${rates_$kind[@]}\") c=(\"\${cpus_$kind[@]}\")"
    eval "local -a hr=(\"\${hit_rates_$kind[@]}\") hc=(\"\${hit_cpus_$kind[@]}\")"
    if [ ${#r[@]} -eq 0 ]; then
        r=("${hr[@]}"); c=("${hc[@]}")
        note=" (every run was hit by UDP drops: median of those)"
    elif [ ${#hr[@]} -gt 0 ]; then
        note=" (${#hr[@]} run(s) left out: UDP drops)"
    fi
    summary_rate=$(median "${r[@]}")
    summary_cpu=$(median "${c[@]}")
    printf '  median %-5s %8.0f msg/s, cpu %.3f s for %d messages, over %d run(s)%s\n' "$kind" \
        "$summary_rate" "$summary_cpu" "$BENCH_MESSAGES" "${#r[@]}" "$note"
}

build_module() {
    scripts/build.sh "${feature[$1]}" standalone >/dev/null
}

# Builds the raw baseline (runtime/benches/throughput.rs) and prints its path.
raw_baseline() {
    echo "building the raw baseline (cargo bench --no-run)" >&2
    local exe
    exe=$(cargo bench --no-run -q -p luasteam --bench throughput --message-format=json 2>/dev/null |
        grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
    [ -x "$exe" ] || { echo "bench: cannot build the raw baseline" >&2; exit 1; }
    echo "$exe"
}

throughput() {
    local exe
    exe=$(raw_baseline)
    echo "$BENCH_MESSAGES reliable $BENCH_BYTES-byte messages over 127.0.0.1, $runs run(s) each, alternating"
    for interp in "${interps[@]}"; do
        build_module "$interp"
        local cpath="$PWD/dist/${feature[$interp]}-standalone/?.so"
        echo "== $interp"
        rates_raw=() cpus_raw=() hit_rates_raw=() hit_cpus_raw=()
        rates_lua=() cpus_lua=() hit_rates_lua=() hit_cpus_lua=()
        rates_ffi=() cpus_ffi=() hit_rates_ffi=() hit_cpus_ffi=()
        rates_lean=() cpus_lean=() hit_rates_lean=() hit_cpus_lean=()
        for i in $(seq 1 "$runs"); do
            echo " run $i/$runs"
            run raw "$exe" raw
            [ "$ffi" = 0 ] || run ffi "$exe" ffi
            run lua env LUA_CPATH="$cpath" "$interp" tests/bench/throughput.lua
            run lean env BENCH_LEAN=1 BENCH_LABEL=lean LUA_CPATH="$cpath" "$interp" tests/bench/throughput.lua
        done
        summary raw
        local raw_rate=$summary_rate raw_cpu=$summary_cpu
        if [ "$ffi" = 1 ]; then
            summary ffi
            awk -v f="$summary_rate" -v r="$raw_rate" 'BEGIN {
                printf "  ratio ffi/raw: %.2f of the raw message rate\n", f / r }'
        fi
        summary lua
        awk -v l="$summary_rate" -v r="$raw_rate" -v lc="$summary_cpu" -v rc="$raw_cpu" -v i="$interp" 'BEGIN {
            printf "  ratio Lua/raw (%s): %.2f of the raw message rate; %.2f times the raw CPU time per message\n", i, l / r, lc / rc }'
        summary lean
        awk -v l="$summary_rate" -v r="$raw_rate" -v lc="$summary_cpu" -v rc="$raw_cpu" -v i="$interp" 'BEGIN {
            printf "  ratio lean/raw (%s): %.2f of the raw message rate; %.2f times the raw CPU time per message\n", i, l / r, lc / rc }'
        echo " per-call guard rail ($interp)"
        env LUA_CPATH="$cpath" "$interp" tests/bench/percall.lua | sed 's/^/  /' ||
            { echo "bench: the per-call run failed" >&2; exit 1; }
    done
}

soak() {
    for interp in "${interps[@]}"; do
        build_module "$interp"
        echo "== $interp"
        local before after out
        before=$(udp_counters)
        out=$(BENCH_PORT=$port LUA_CPATH="$PWD/dist/${feature[$interp]}-standalone/?.so" \
            "$interp" tests/bench/soak.lua) || { echo "bench: the soak run failed" >&2; exit 1; }
        after=$(udp_counters)
        next_port
        sed 's/^/  /' <<<"$out"
        [ "$before" = "$after" ] || echo "  (kernel UDP drops during the soak: InErrors RcvbufErrors $before -> $after)"
    done
}

love_bench() {
    command -v love >/dev/null || { echo "bench: LÖVE ('love') is not installed" >&2; exit 2; }
    build_module luajit
    local exe
    exe=$(raw_baseline)
    rates_luasteam=() cpus_luasteam=() hit_rates_luasteam=() hit_cpus_luasteam=()
    rates_enet=() cpus_enet=() hit_rates_enet=() hit_cpus_enet=()
    rates_raw=() cpus_raw=() hit_rates_raw=() hit_cpus_raw=()
    echo "LÖVE: $BENCH_MESSAGES reliable $BENCH_BYTES-byte messages over 127.0.0.1, $runs run(s) each, alternating"
    echo "(raw: the Rust baseline on GameNetworkingSockets, outside LÖVE: the ceiling of any binding)"
    for i in $(seq 1 "$runs"); do
        echo " run $i/$runs"
        run luasteam env LOVE_BENCH=luasteam BENCH_LABEL=luasteam LUASTEAM_CPATH="$PWD/dist/luajit-standalone/?.so" \
            love tests/bench/love
        run enet env LOVE_BENCH=enet love tests/bench/love
        run raw "$exe" raw
    done
    summary luasteam
    local l=$summary_rate
    summary enet
    local e=$summary_rate
    summary raw
    awk -v l="$l" -v e="$e" -v r="$summary_rate" 'BEGIN {
        printf "  ratio luasteam/enet: %.2f; raw GameNetworkingSockets/enet: %.2f; luasteam/raw: %.2f\n", l / e, r / e, l / r }'
}

case "$mode" in
    throughput) throughput ;;
    soak) soak ;;
    love) love_bench ;;
esac
