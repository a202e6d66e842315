#!/usr/bin/env bash
# RSS of `outpost run` (the distribution's launcher, its default JVM options) with N simulator tags
# at 1 Hz, publishing to a local Mosquitto. Prints one Markdown table row.
#   bench/rss.sh [TAGS] [SECONDS]        defaults: 1000 tags, 120 s
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
tags=${1:-1000}
seconds=${2:-120}
[ -f target/dist/lib/outpost.jar ] || mvn -q -DskipTests package

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(free_port)
start_mosquitto "$port"

simulator_config bench-rss "$tags" 1s "$port" > "$work/outpost.yaml"

target/dist/bin/outpost run -c "$work/outpost.yaml" > "$work/outpost.log" 2>&1 &
pid=$!
sleep 5
watch_process $pid "$seconds"
cpu=$(awk '{print $14 + $15}' /proc/$pid/stat)
hz=$(getconf CLK_TCK)
kill $pid
wait $pid || true
printf '| outpost run, %d simulator tags at 1 Hz, %d s | RSS max %d MB, at end %d MB | %d threads | CPU %s%% of one core |\n' \
    "$tags" "$seconds" $((rss_max_kb / 1024)) $((rss_last_kb / 1024)) "$threads" \
    "$(awk -v c="$cpu" -v h="$hz" -v s="$seconds" 'BEGIN { printf "%.1f", 100 * c / h / (s + 5) }')"
