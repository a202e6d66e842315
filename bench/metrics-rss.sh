#!/usr/bin/env bash
# RSS added by the metrics endpoint: `outpost run` with the same simulator job (TAGS tags every 100 ms,
# published to a local Mosquitto) without `metrics` and with `metrics.listen` scraped every 5 s (as a
# Prometheus would, text format), alternating off, on, off, on, each a warm-up after the first
# record stored and then a window of RSS samples every 5 s (mean, max and at the end) and threads.
#   bench/metrics-rss.sh [WARMUP_S] [WINDOW_S]     defaults: 20, 40; TAGS (default 100)
set -euo pipefail
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 1200 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
warmup=${1:-20}
window=${2:-40}
tags=${TAGS:-100}
bench_setup

mqtt=$(free_port)
start_mosquitto "$mqtt"

echo "| metrics (${window} s after ${warmup} s, $tags tags every 100 ms) | RSS mean (max, end) | threads | scrapes | scrape bytes |"
echo "|---|---:|---:|---:|---:|"
n=0
for mode in off on off on; do
    n=$((n + 1))
    id=bench-metrics-$n
    simulator_config "$id" "$tags" 100ms "$mqtt" > "$work/$id.yaml"
    port=
    if [ "$mode" = on ]; then
        port=$(free_port)
        printf 'metrics:\n  listen: 127.0.0.1:%s\n' "$port" >> "$work/$id.yaml"
    fi
    "$dist/bin/outpost" run -c "$work/$id.yaml" > "$work/$id.log" 2>&1 &
    pid=$!
    end=$((SECONDS + 60))
    until grep -qs 'event=uplink-up' "$work/$id.log"; do
        kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ] || { echo "$mode: never connected"; cat "$work/$id.log"; exit 1; }
        sleep 0.2
    done
    scrapes=0
    bytes=0
    if [ -n "$port" ]; then
        ( while kill -0 $pid 2>/dev/null; do
              curl -s "http://127.0.0.1:$port/metrics" -o "$work/scrape" && echo ok >> "$work/scrapes-$n"
              sleep 5
          done ) &
    fi
    sleep "$warmup"
    watch_process $pid "$window" 5
    if [ -n "$port" ]; then
        scrapes=$(wc -l < "$work/scrapes-$n")
        bytes=$(wc -c < "$work/scrape")
    fi
    kill $pid
    wait $pid || true
    printf '| %s | %d MB (%d, %d) | %d | %s | %s |\n' "$mode" $((rss_mean_kb / 1024)) $((rss_max_kb / 1024)) \
        $((rss_last_kb / 1024)) "$threads" "$scrapes" "$bytes"
done
