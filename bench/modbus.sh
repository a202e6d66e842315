#!/usr/bin/env bash
# Modbus TCP polling throughput of `outpost run` (the distribution's launcher and JVM options):
# one source of N uint16 holding registers polled at 10 Hz from a j2mod slave in its own JVM on
# loopback, a tenth of the registers changing every 100 ms, publishing to a local Mosquitto.
# Tags/s come from the registers the slave served; CPU and RSS are the gateway's alone.
# Prints one Markdown table row; the gateway's busiest threads in the window go to stderr.
#   bench/modbus.sh [REGISTERS] [SECONDS]        defaults: 1000 registers, 60 s
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
registers=${1:-1000}
seconds=${2:-60}
[ -f target/dist/lib/outpost.jar ] || mvn -q -DskipTests package
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mqtt=$(free_port)
plc=$(free_port)
start_mosquitto "$mqtt"
java -Xmx128m -cp "target/test-classes:target/classes:$(cat target/bench.cp)" io.outpost.bench.ModbusBenchSlave \
    "$plc" "$registers" "$work/served" > "$work/slave.log" 2>&1 &
sleep 2

modbus_config bench-modbus "$plc" "$registers" "$mqtt" > "$work/outpost.yaml"

target/dist/bin/outpost run -c "$work/outpost.yaml" > "$work/outpost.log" 2>&1 &
pid=$!
sleep 5
served0=$(cat "$work/served")
window_open $pid
watch_process $pid "$seconds"
served1=$(cat "$work/served")
window_close $pid
kill $pid
wait $pid || true
printf '| outpost run, %d registers at 10 Hz, %d s | %s tags/s | CPU %s%% of one core | RSS max %d MB, at end %d MB | %d threads |\n' \
    "$registers" "$seconds" \
    "$(awk -v a="$served0" -v b="$served1" -v t="$elapsed" 'BEGIN { printf "%.0f", (b - a) / t }')" \
    "$cpu_pct" \
    $((rss_max_kb / 1024)) $((rss_last_kb / 1024)) "$threads"
