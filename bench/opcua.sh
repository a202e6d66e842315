#!/usr/bin/env bash
# OPC UA throughput of `outpost run` (the distribution's launcher and JVM options): one `opcua`
# source of N Double items at a 100 ms interval, from an Eclipse Milo server in its own JVM on
# loopback whose every item has a new value each time it is sampled or read, publishing to a local
# Mosquitto. "served" is what the server produced (samples taken for the subscription, or values
# returned by Read); "delivered" is the samples that reached a subscriber of the broker (its own JVM).
# CPU, RSS and threads are the gateway's alone. Prints one Markdown table row.
# The threads of the gateway that used most CPU in the window go to stderr. BENCH_GATEWAY_OPTS adds
# JVM options to the launcher's, e.g. "-XX:StartFlightRecording=filename=/tmp/opcua.jfr,settings=profile".
#   bench/opcua.sh [--poll] [ITEMS] [SECONDS]        defaults: subscribe, 1000 items, 60 s
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
mode=subscribe
if [ "${1:-}" = --poll ]; then
    mode=poll
    shift
fi
items=${1:-1000}
seconds=${2:-60}
warmup=10
[ -f target/dist/lib/outpost.jar ] || mvn -q -DskipTests package
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="target/test-classes:target/classes:$(cat target/bench.cp)"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mqtt=$(free_port)
plc=$(free_port)
start_mosquitto "$mqtt"
java -Xmx256m -cp "$cp" io.outpost.bench.OpcUaBenchServer "$plc" "$items" "$work/served" > "$work/server.log" 2>&1 &
server=$!
sleep 1
java -Xmx64m -cp "$cp" io.outpost.bench.TelemetryCounter "tcp://127.0.0.1:$mqtt" outpost/bench-opcua/telemetry \
    "$work/delivered" > "$work/counter.log" 2>&1 &
wait_for "$work/served" 60 0
wait_for "$work/delivered" 60 0

{
    printf 'gateway:\n  id: bench-opcua\n  data_dir: %s/data\nsources:\n' "$work"
    printf '  - name: plc\n    type: opcua\n    endpoint: opc.tcp://127.0.0.1:%s/bench\n    mode: %s\n    interval: 100ms\n    tags:\n' \
        "$plc" "$mode"
    for i in $(seq 0 $((items - 1))); do
        printf '      - { name: v%d, node: "ns=2;s=v%d" }\n' "$i" "$i"
    done
    printf 'uplink:\n  url: tcp://127.0.0.1:%s\n' "$mqtt"
} > "$work/outpost.yaml"

if [ -n "${BENCH_GATEWAY_OPTS:-}" ]; then
    launcher_opts
    export OUTPOST_JAVA_OPTS="$DEFAULT_OPTS $BENCH_GATEWAY_OPTS"
fi
target/dist/bin/outpost run -c "$work/outpost.yaml" > "$work/outpost.log" 2>&1 &
pid=$!
wait_for "$work/delivered" 60 1
sleep "$warmup"
served0=$(cat "$work/served")
delivered0=$(cat "$work/delivered")
load0=$(cut -d' ' -f1-3 /proc/loadavg)
server_ticks0=$(awk '{print $14 + $15}' /proc/$server/stat)
window_open $pid
watch_process $pid "$seconds"
served1=$(cat "$work/served")
delivered1=$(cat "$work/delivered")
window_close $pid
echo "load average at the window's start: $load0, at its end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
awk -v a="$server_ticks0" -v b="$(awk '{print $14 + $15}' /proc/$server/stat)" -v h="$(getconf CLK_TCK)" -v t="$elapsed" \
    'BEGIN { printf "the OPC UA server used %.1f %% of one core\n", 100 * (b - a) / h / t }' >&2
kill $pid
wait $pid || true
if grep -q -E 'WARN|ERROR' "$work/outpost.log"; then
    echo "the gateway logged warnings:" >&2
    grep -E 'WARN|ERROR' "$work/outpost.log" | head -20 >&2
fi
rate() { awk -v a="$1" -v b="$2" -v t="$elapsed" 'BEGIN { printf "%.0f", (b - a) / t }'; }
printf '| outpost run, opcua %s, %d items at 100 ms, %d s | %s values/s served | %s samples/s delivered (%d in the window) | CPU %s%% of one core | RSS max %d MB, at end %d MB | %d threads |\n' \
    "$mode" "$items" "$seconds" \
    "$(rate "$served0" "$served1")" "$(rate "$delivered0" "$delivered1")" $((delivered1 - delivered0)) \
    "$cpu_pct" \
    $((rss_max_kb / 1024)) $((rss_last_kb / 1024)) "$threads"
