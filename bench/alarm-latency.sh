#!/usr/bin/env bash
# Alarm latency of `outpost run` (the distribution's launcher and JVM options): a reading that
# raises or clears an alarm → that alarm record received by a consumer at a local Mosquitto, in its
# own JVM on the same machine (one clock: io.outpost.bench.LatencyConsumer alarms). ALARMS (20)
# simulator `step` tags (0, then 1.0, periods 1.0 s, 1.1 s, ... read every 100 ms) each watched by an
# alarm `above: 0.5`: every step up raises one, every step down clears it (20: about 11 alarm records
# a second, several often in the same read).
# Beside them TELEMETRY_TAGS sine tags at 100 ms (every sample a change, so stored and sent: the
# backlog the alarm lane passes). For each alarm record over WINDOW_S after a 10 s warm-up: received
# time minus value_ts (when the simulator made the reading); split at the record's ts (when the
# alarm record was made); p50, p90, p99, p99.9, max. Beside it, over the same window, the telemetry
# samples of the same gateway (made → received), as bench/latency.sh measures them: a busy shared
# machine moves both. The gateway's CPU and busiest threads go to stderr.
#   bench/alarm-latency.sh [WINDOW_S] [TELEMETRY_TAGS] [ALARMS]        defaults: 60 s, 1000 tags, 20 alarms
# OUTPOST_DIST=DIR runs the distribution in DIR instead of target/dist (to compare two builds in one
# sitting: DIR/bin/outpost; the consumer still comes from this tree).
set -euo pipefail
# The whole run is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
window=${1:-60}
tags=${2:-1000}
warmup=10
alarms=${3:-20}
dist=${OUTPOST_DIST:-target/dist}
[ -f "$dist/lib/outpost.jar" ] || { [ -z "${OUTPOST_DIST:-}" ] && mvn -o -q -B -DskipTests package; } \
    || { echo "no distribution in $dist" >&2; exit 2; }
test_classpath

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
mqtt=$(free_port)
start_mosquitto "$mqtt"

{
    if [ "$tags" -gt 0 ]; then
        simulator_config bench-alarms "$tags" 100ms "$mqtt" | sed '/^uplink:/,$d'
    else
        printf 'gateway:\n  id: bench-alarms\n  data_dir: %s/bench-alarms\n  admin_socket: %s/bench-alarms.sock\nsources:\n' "$work" "$work"
    fi
    printf '  - name: steps\n    type: simulator\n    tags:\n'
    for i in $(seq 0 $((alarms - 1))); do
        printf '      - { name: s%d, signal: step, period: %dms, amplitude: 1.0, interval: 100ms }\n' "$i" $((1000 + 100 * i))
    done
    printf 'alarms:\n'
    for i in $(seq 0 $((alarms - 1))); do
        printf '  - { name: step-%d, tag: steps/s%d, above: 0.5, severity: minor }\n' "$i" "$i"
    done
    printf 'uplink:\n  url: tcp://127.0.0.1:%s\n' "$mqtt"
} > "$work/alarms.yaml"

java -XX:+UseSerialGC -Xmx64m -cp "$cp" io.outpost.bench.LatencyConsumer alarms "tcp://127.0.0.1:$mqtt" \
    outpost/bench-alarms "$warmup" "$window" "$work/latency" > "$work/consumer.log" 2>&1 &
wait_for "$work/latency.ready" 60 1
"$dist/bin/outpost" run -c "$work/alarms.yaml" > "$work/outpost.log" 2>&1 &
pid=$!
sleep $((warmup + 2))
measure_window $pid "$window"
wait_for "$work/latency" 60 0
kill $pid
wait $pid || true
read -r records e2e before after < <(awk '{ printf "%s %s/%s/%s/%s/%s %s/%s/%s/%s/%s %s/%s/%s/%s/%s\n",
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 }' "$work/latency")
read -r t_records t_samples t_e2e t_after < <(awk '{ printf "%s %s %s/%s/%s/%s/%s %s/%s/%s/%s/%s\n",
    $1, $2, $3, $4, $5, $6, $7, $13, $14, $15, $16, $17 }' "$work/latency.telemetry")
echo "| run | p50 / p90 / p99 / p99.9 / max (ms) | alarm records | gateway CPU | RSS max |"
echo "|---|---|---:|---:|---:|"
printf '| reading made → alarm record received, %d alarms beside %d telemetry tags at 100 ms, %d s | %s | %d | %s %% of one core | %d MB |\n' \
    "$alarms" "$tags" "$window" "$e2e" "$records" "$cpu_pct" $((rss_max_kb / 1024))
printf '| of which reading made → alarm record made | %s | | | |\n' "$before"
printf '| of which alarm record made → received: store, uplink, broker | %s | | | |\n' "$after"
printf '| same gateway, same window: telemetry sample made → received | %s | %d records, %d samples | | |\n' \
    "$t_e2e" "$t_records" "$t_samples"
printf '| of which telemetry record cut → received: store, uplink, broker | %s | | | |\n' "$t_after"
