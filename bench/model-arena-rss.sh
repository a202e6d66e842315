#!/usr/bin/env bash
# What ONNX Runtime's CPU arena and memory patterns cost in RSS on the shipped int8 model: two JVMs
# (the launcher's JVM options for `run`) side by side, at the same time, each opening one session as
# the gateway does (io.outpost.bench.ModelRssProbe), one with arena and memory patterns off (the
# gateway's options), one with both on (ONNX Runtime's default); RSS before the runtime is loaded,
# with the session open, and after RUNS single-window runs. Prints Markdown table rows.
#   bench/model-arena-rss.sh [RUNS] [ROUNDS]        defaults: 100000 runs, 3 rounds
set -euo pipefail
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-100000}
rounds=${2:-3}
[ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package
launcher_opts
test_classpath
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT

echo "| arena and memory patterns, $runs runs | RSS before the runtime | session open | after the runs | runtime + session + runs add | of which RssAnon |"
echo "|---|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
    for arena in off on; do
        # shellcheck disable=SC2086
        java $DEFAULT_OPTS -cp "$cp" io.outpost.bench.ModelRssProbe "$arena" "$runs" > "$work/$arena" &
    done
    wait
    for arena in off on; do
        read -r before opened after anon0 anon1 < "$work/$arena"
        awk -v r="$round" -v a="$arena" -v b="$before" -v o="$opened" -v f="$after" -v a0="$anon0" -v a1="$anon1" \
            'BEGIN { printf "| %s (round %d) | %.1f MB | %.1f MB | %.1f MB | %+.1f MB | %+.1f MB |\n",
                     a, r, b / 1024, o / 1024, f / 1024, (f - b) / 1024, (a1 - a0) / 1024 }'
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
