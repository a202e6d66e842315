#!/usr/bin/env bash
# What the store costs at 10,000 samples/s: `outpost run` (the distribution's launcher and JVM
# options) with N simulator tags at 100 ms (no deadband, so every sample is stored: 20 records of 500
# samples a second at N = 1000), publishing to a local Mosquitto that acknowledges each record.
# For each distribution given (so a before and an after run back to back in one invocation):
#   - samples/s stored (from `outpost status --json`) and the gateway's and `store-writer`'s CPU over
#     a window of SECONDS, without tracing;
#   - then `strace -c` on the `store-writer` thread alone for STRACE_SECONDS (tracing slows it, so
#     its CPU is not measured then): the calls of its I/O syscalls, per second.
# Prints one Markdown table row per distribution; the busiest threads of each go to stderr.
#   bench/store-io.sh [SECONDS] [DIST_DIR...]     defaults: 30 s, target/dist
# STORE_IO_TAGS (1000) and STRACE_SECONDS (10) change the load and the trace window.
set -euo pipefail
# The whole run is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
seconds=${1:-30}
[ $# -gt 0 ] && shift
dists=("$@")
[ ${#dists[@]} -gt 0 ] || dists=(target/dist)
tags=${STORE_IO_TAGS:-1000}
strace_seconds=${STRACE_SECONDS:-10}
command -v strace > /dev/null || { echo "strace is missing (apt-get install strace)" >&2; exit 1; }
[ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
mqtt=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$mqtt" > "$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &

# stored CONFIG DIST: samples the running gateway has stored so far.
stored() {
    timeout 30 "$2/bin/outpost" status --json -c "$1" 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["samples"]["stored"])'
}

# tid_of PID NAME: the id of PID's thread called NAME.
tid_of() {
    grep -lx "$2" /proc/"$1"/task/*/comm | head -1 | awk -F/ '{print $5}'
}

# calls SYSCALL: the calls of SYSCALL in the strace summary, 0 when it made none.
calls() {
    # columns: % time, seconds, usecs/call, calls, [errors,] syscall
    awk -v s="$1" '$NF == s { print $4; found = 1 } END { if (!found) print 0 }' "$work/strace" | head -1
}

printf '| distribution | samples/s stored | gateway CPU | store-writer CPU | store-writer syscalls/s (pread64, pwrite64, fdatasync, fsync, all) | load average |\n'
printf '|---|---:|---:|---:|---|---|\n'
n=0
for dist in "${dists[@]}"; do
    n=$((n + 1))
    conf="$work/outpost-$n.yaml"
    {
        printf 'gateway:\n  id: bench-store-io\n  data_dir: %s/data-%d\n  admin_socket: %s/admin-%d.sock\n' \
            "$work" "$n" "$work" "$n"
        printf 'sources:\n  - name: sim\n    type: simulator\n    tags:\n'
        for i in $(seq 1 "$tags"); do
            printf '      - { name: t%d, signal: sine, period: %ds, interval: 100ms }\n' "$i" $((10 + i % 50))
        done
        printf 'uplink:\n  url: tcp://127.0.0.1:%s\n' "$mqtt"
    } > "$conf"
    "$dist/bin/outpost" run -c "$conf" > "$work/outpost-$n.log" 2>&1 &
    pid=$!
    sleep 10
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    stored0=$(stored "$conf" "$dist")
    echo "== $dist" >&2
    window_open $pid
    watch_process $pid "$seconds"
    window_close $pid
    stored1=$(stored "$conf" "$dist")
    writer_cpu=$(BUSIEST_LIMIT=100000 busiest_threads "$work/threads0" "$work/threads1" "$elapsed" | awk '$3 == "store-writer" {print $1}')
    tid=$(tid_of $pid store-writer)
    timeout -s INT "$strace_seconds" strace -c -p "$tid" -o "$work/strace" 2>/dev/null || true
    echo "strace -c -p <store-writer> for $strace_seconds s:" >&2
    cat "$work/strace" >&2
    kill $pid
    wait $pid || true
    printf '| %s | %s | %s %% | %s %% | %s, %s, %s, %s, %s | %s |\n' "$dist" \
        "$(awk -v a="$stored0" -v b="$stored1" -v t="$elapsed" 'BEGIN { printf "%.0f", (b - a) / t }')" \
        "$cpu_pct" "${writer_cpu:-0}" \
        "$(awk -v c="$(calls pread64)" -v t="$strace_seconds" 'BEGIN { printf "%.0f", c / t }')" \
        "$(awk -v c="$(calls pwrite64)" -v t="$strace_seconds" 'BEGIN { printf "%.1f", c / t }')" \
        "$(awk -v c="$(calls fdatasync)" -v t="$strace_seconds" 'BEGIN { printf "%.1f", c / t }')" \
        "$(awk -v c="$(calls fsync)" -v t="$strace_seconds" 'BEGIN { printf "%.1f", c / t }')" \
        "$(awk -v c="$(calls total)" -v t="$strace_seconds" 'BEGIN { printf "%.0f", c / t }')" \
        "$load"
done
