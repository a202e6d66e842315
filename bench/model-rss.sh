#!/usr/bin/env bash
# What a model costs in RSS: two `outpost run` (the distribution's launcher and JVM options for
# `run`) side by side, at the same time, against one local Mosquitto, on the same job: one simulator
# source with the shipped model's signal (`vibration`, period 1 s, amplitude 1.0, every 20 ms) and
# TAGS sine tags at 1 s. "with model" adds the shipped int8 model on the vibration tag (window 32,
# every 1 s, as conf/models/README.md configures it) and an alarm on its score; "without" has neither,
# so it never loads ONNX Runtime. After WARMUP_S from the first record stored, over WINDOW_S: RSS
# (mean, max and at the end of samples every 5 s), RssAnon and RssFile at the end, threads, CPU, and
# the model's runs; then the difference. Prints Markdown table rows.
#   bench/model-rss.sh [WARMUP_S] [WINDOW_S] [TAGS]        defaults: 20, 60, 1000
set -euo pipefail
# The whole run is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
warmup=${1:-20}
window=${2:-60}
tags=${3:-1000}
[ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package
model=$PWD/target/dist/conf/models/vibration-anomaly-int8.onnx

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
mqtt=$(free_port)
start_mosquitto "$mqtt"

# config ID [SECTION...]: the job's config on stdout, each SECTION appended as it is.
config() {
    local id=$1
    shift
    simulator_config "$id" "$tags" 1s "$mqtt" | sed '/^uplink:/,$d'
    printf '      - { name: vibration, signal: vibration, period: 1s, amplitude: 1.0, interval: 20ms }\n'
    printf 'uplink:\n  url: tcp://127.0.0.1:%s\n' "$mqtt"
    printf '%s\n' "$@"
}
config without > "$work/without.yaml"
config with "models:
  - { name: vibration-anomaly, file: $model, inputs: [sim/vibration], window: 32, every: 1s, output: sim/anomaly_score }
alarms:
  - { name: bearing, tag: sim/anomaly_score, above: 0.01, clear: 0.005, for: 5s, severity: minor }" > "$work/with.yaml"

declare -A pid
for id in without with; do
    target/dist/bin/outpost run -c "$work/$id.yaml" > "$work/$id.log" 2>&1 &
    pid[$id]=$!
done
for id in without with; do
    end=$((SECONDS + 60))
    until [ -S "$work/$id.sock" ] && [ "$(admin_status "$work/$id.sock" samples.stored 2>/dev/null || echo 0)" -gt 0 ]; do
        kill -0 "${pid[$id]}" 2>/dev/null && [ $SECONDS -lt $end ] || { echo "$id: nothing stored"; cat "$work/$id.log"; exit 1; }
        sleep 0.2
    done
done
sleep "$warmup"
grep -q onnxruntime /proc/"${pid[with]}"/maps || { echo "with: ONNX Runtime is not mapped"; exit 1; }
! grep -q onnxruntime /proc/"${pid[without]}"/maps || { echo "without: ONNX Runtime is mapped"; exit 1; }
load0=$(cut -d' ' -f1-3 /proc/loadavg)
cpu0_with=$(awk '{print $14 + $15}' /proc/"${pid[with]}"/stat)
cpu0_without=$(awk '{print $14 + $15}' /proc/"${pid[without]}"/stat)
# Both sampled in the same seconds: one watcher each, in the background.
watchers=()
for id in without with; do
    (watch_process "${pid[$id]}" "$window" 5
     echo "$rss_mean_kb $rss_max_kb $rss_last_kb $threads" > "$work/$id.rss") &
    watchers+=($!)
done
wait "${watchers[@]}"
hz=$(getconf CLK_TCK)
echo "| gateway (${window} s after ${warmup} s, side by side) | RSS mean (max, end) | RssAnon end | RssFile end | threads | CPU (% of one core) | model runs |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for id in without with; do
    read -r mean max last threads < "$work/$id.rss"
    anon=$(awk '/^RssAnon/ {print $2}' /proc/"${pid[$id]}"/status)
    file=$(awk '/^RssFile/ {print $2}' /proc/"${pid[$id]}"/status)
    cpu0=cpu0_$id
    cpu=$(awk -v a="${!cpu0}" -v b="$(awk '{print $14 + $15}' /proc/"${pid[$id]}"/stat)" -v h="$hz" -v t="$window" \
        'BEGIN { printf "%.1f", 100 * (b - a) / h / t }')
    runs=-
    [ "$id" = without ] || runs=$(admin_status "$work/$id.sock" models.0.runs)
    printf '| %s model | %.1f MB (%.1f, %.1f) | %.1f MB | %.1f MB | %d | %s | %s |\n' "$id" \
        "$(awk -v k="$mean" 'BEGIN { print k / 1024 }')" "$(awk -v k="$max" 'BEGIN { print k / 1024 }')" \
        "$(awk -v k="$last" 'BEGIN { print k / 1024 }')" "$(awk -v k="$anon" 'BEGIN { print k / 1024 }')" \
        "$(awk -v k="$file" 'BEGIN { print k / 1024 }')" "$threads" "$cpu" "$runs"
    echo "$mean $max $last $anon $file" > "$work/$id.sum"
done
read -r m0 x0 l0 a0 f0 < "$work/without.sum"
read -r m1 x1 l1 a1 f1 < "$work/with.sum"
awk -v m0="$m0" -v m1="$m1" -v x0="$x0" -v x1="$x1" -v l0="$l0" -v l1="$l1" -v a0="$a0" -v a1="$a1" -v f0="$f0" -v f1="$f1" \
    'BEGIN { printf "| the model adds | %+.1f MB (%+.1f, %+.1f) | %+.1f MB | %+.1f MB | | | |\n",
             (m1 - m0) / 1024, (x1 - x0) / 1024, (l1 - l0) / 1024, (a1 - a0) / 1024, (f1 - f0) / 1024 }'
echo "load average at the window's start: $load0, at its end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for id in without with; do
    kill "${pid[$id]}"
    wait "${pid[$id]}" || true
    if grep -q -E 'WARN|ERROR' "$work/$id.log"; then
        echo "$id logged warnings:" >&2
        grep -E 'WARN|ERROR' "$work/$id.log" | head -5 >&2
    fi
done
