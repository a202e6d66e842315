#!/usr/bin/env bash
# End-to-end latency and start-up of `outpost run` (the distribution's launcher and JVM options):
# one simulator source of 1,000 tags each making a sample every 100 ms (10,000 samples/s, every one
# a change, so every one stored in the durable store), publishing to a local Mosquitto; a consumer in
# its own JVM on the same machine (one clock: io.outpost.bench.LatencyConsumer) subscribed at QoS 1.
#   latency: for every sample delivered, received time minus the sample's ts (when the simulator made
#            it), over WINDOW_S after a 10 s warm-up; p50, p90, p99, p99.9, max. The gateway's CPU over
#            the window and its busiest threads go to stderr. Split at the record's own ts (when the
#            batcher cut it): made -> cut per sample, cut -> received per record.
#   start-up: STARTS times, a fresh data_dir each time: from just before `outpost run` is started to
#            the first telemetry record at the consumer.
# Prints Markdown table rows.
#   bench/latency.sh [WINDOW_S] [STARTS]        defaults: 60 s, 5 starts
set -euo pipefail
# The whole run is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
window=${1:-60}
starts=${2:-5}
warmup=10
tags=1000
[ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package
test_classpath

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
mqtt=$(free_port)
start_mosquitto "$mqtt"
consumer() { exec java -XX:+UseSerialGC -Xmx64m -cp "$cp" io.outpost.bench.LatencyConsumer "$@"; }

# Latency.
simulator_config bench-latency "$tags" 100ms "$mqtt" > "$work/latency.yaml"
consumer latency "tcp://127.0.0.1:$mqtt" outpost/bench-latency/telemetry "$warmup" "$window" "$work/latency" \
    > "$work/consumer.log" 2>&1 &
wait_for "$work/latency.ready" 60 1
target/dist/bin/outpost run -c "$work/latency.yaml" > "$work/outpost.log" 2>&1 &
pid=$!
sleep $((warmup + 2))
measure_window $pid "$window"
wait_for "$work/latency" 60 0
kill $pid
wait $pid || true
read -r records samples e2e before after < <(awk '{ printf "%s %s %s/%s/%s/%s/%s %s/%s/%s/%s/%s %s/%s/%s/%s/%s\n",
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 }' "$work/latency")
rate=$(awk -v s="$samples" -v t="$window" 'BEGIN { printf "%.0f", s / t }')
echo "| run | p50 / p90 / p99 / p99.9 / max (ms) | records | gateway CPU | RSS max |"
echo "|---|---|---:|---:|---:|"
printf '| sample made → received, %d simulator tags at 100 ms (%s samples/s), %d s | %s | %d | %s %% of one core | %d MB |\n' \
    "$tags" "$rate" "$window" "$e2e" "$records" "$cpu_pct" $((rss_max_kb / 1024))
printf '| of which sample made → record cut by the batcher (per sample) | %s | | | |\n' "$before"
printf '| of which record cut → received: store, uplink, broker (per record) | %s | | | |\n' "$after"

# Start-up.
times=()
for i in $(seq 1 "$starts"); do
    simulator_config "bench-start-$i" "$tags" 100ms "$mqtt" > "$work/start-$i.yaml"
    consumer first "tcp://127.0.0.1:$mqtt" "outpost/bench-start-$i/telemetry" "$work/first-$i" > "$work/consumer-$i.log" 2>&1 &
    wait_for "$work/first-$i.ready" 60 1
    start=$(date +%s%3N)
    target/dist/bin/outpost run -c "$work/start-$i.yaml" > "$work/start-$i.log" 2>&1 &
    pid=$!
    wait_for "$work/first-$i" 60 1 $pid
    times+=($(($(cat "$work/first-$i") - start)))
    kill $pid
    wait $pid || true
done
echo "load average after the starts: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| run | median | min | max | each |"
echo "|---|---:|---:|---:|---|"
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$starts" -v all="${times[*]}" '
    { t[NR] = $1 } END { printf "| start of outpost run → first record at the consumer, %d starts (fresh data_dir) | %d ms | %d ms | %d ms | %s ms |\n",
        n, t[int((n + 1) / 2)], t[1], t[n], all }'
