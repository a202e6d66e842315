# Shared by the bench scripts: source it.

# watch_process PID SECONDS [INTERVAL]: samples RSS and threads of PID every INTERVAL s (default 2)
# for SECONDS; fails if it exits. Sets rss_max_kb, rss_last_kb, rss_mean_kb (mean of the samples)
# and threads.
watch_process() {
    local pid=$1 end=$((SECONDS + $2)) interval=${3:-2} sum=0 n=0
    rss_max_kb=0
    rss_last_kb=0
    threads=0
    while [ $SECONDS -lt $end ]; do
        kill -0 "$pid" 2>/dev/null || { echo "process $pid exited early:"; cat "$work"/*.log; exit 1; }
        rss_last_kb=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status)
        threads=$(awk '/^Threads/ {print $2}' /proc/"$pid"/status)
        [ "$rss_last_kb" -gt "$rss_max_kb" ] && rss_max_kb=$rss_last_kb
        sum=$((sum + rss_last_kb))
        n=$((n + 1))
        sleep "$interval"
    done
    rss_mean_kb=$((sum / n))
}

# free_port: a TCP port free on 127.0.0.1 now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_mosquitto PORT: a Mosquitto of its own on 127.0.0.1:PORT (no persistence), in the background.
start_mosquitto() {
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$1" > "$work/mosquitto.conf"
    /usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
}

# wait_for FILE SECONDS MIN [PID]: until FILE's first field is a count of at least MIN; fails after
# SECONDS, or as soon as PID (when given) has exited.
wait_for() {
    local end=$((SECONDS + $2))
    local count
    until count=$(cut -d' ' -f1 "$1" 2>/dev/null) && [[ $count =~ ^[0-9]+$ ]] && [ "$count" -ge "$3" ]; do
        [ $SECONDS -lt $end ] || { echo "nothing in $1 after $2 s:"; cat "$work"/*.log; exit 1; }
        [ -z "${4:-}" ] || kill -0 "$4" 2>/dev/null || { echo "process $4 exited:"; cat "$work"/*.log; exit 1; }
        sleep 0.2
    done
}

# test_classpath: compiles the test classes and sets cp to the class path the bench mains in
# src/test/java/io/outpost/bench run with (test scope).
test_classpath() {
    mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
    cp="target/test-classes:target/classes:$(cat target/bench.cp)"
}

# launcher_opts: sets DEFAULT_OPTS to the JVM options of the distribution's launcher for `run` (its
# LIMITS of the `*)` case, then DEFAULT_OPTS).
launcher_opts() {
    eval "$(sed -n 's/^ *\*) \(LIMITS=.*\) ;;$/\1/p; /^DEFAULT_OPTS=/,/[^\\]$/p' target/dist/bin/outpost)"
}

# thread_ticks PID: one line per thread of PID, "utime+stime name" (clock ticks), for busiest_threads.
thread_ticks() {
    # The name is in parentheses and may hold spaces; utime and stime are the 12th and 13th fields
    # after it.
    awk '{ open = index($0, "("); match($0, /\) [A-Za-z] /); split(substr($0, RSTART + 2), f, " ")
           print f[12] + f[13], substr($0, open + 1, RSTART - open - 1) }' /proc/"$1"/task/*/stat 2>/dev/null || true
}

# busiest_threads BEFORE AFTER SECONDS: the threads (summed by name) that used most CPU between two
# thread_ticks snapshots, in % of one core.
busiest_threads() {
    awk -v hz="$(getconf CLK_TCK)" -v t="$3" '
        { n = $0; sub(/^[^ ]+ /, "", n) }
        NR == FNR { before[n] += $1; next }
        { after[n] += $1 }
        END { for (n in after) { d = after[n] - before[n]; if (d > 0) printf "%6.1f %%  %s\n", 100 * d / hz / t, n } }' \
        "$1" "$2" | sort -rn | head -"${BUSIEST_LIMIT:-12}"
}

# machine_ticks: "busy total" clock ticks of all CPUs since boot, from /proc/stat.
machine_ticks() {
    awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

# window_open PID / window_close PID: a measuring window over PID's CPU time. window_close sets
# elapsed (s) and cpu_pct (% of one core) and prints to stderr how busy the whole machine was (all
# processes, the bench's own included) and PID's busiest threads in the window.
window_open() {
    machine_ticks0=$(machine_ticks)
    thread_ticks "$1" > "$work/threads0"
    window_ticks0=$(awk '{print $14 + $15}' /proc/"$1"/stat)
    window_start=$(date +%s.%N)
}

window_close() {
    local ticks1 end
    end=$(date +%s.%N)
    ticks1=$(awk '{print $14 + $15}' /proc/"$1"/stat)
    thread_ticks "$1" > "$work/threads1"
    elapsed=$(awk -v s="$window_start" -v e="$end" 'BEGIN { print e - s }')
    cpu_pct=$(awk -v a="$window_ticks0" -v b="$ticks1" -v h="$(getconf CLK_TCK)" -v t="$elapsed" \
        'BEGIN { printf "%.1f", 100 * (b - a) / h / t }')
    echo "machine: $(machine_ticks) $machine_ticks0" | awk '{ printf "%s CPU busy over the window: %.0f %% of %d cores\n",
        $1, 100 * ($2 - $4) / ($3 - $5), cores }' cores="$(nproc)" >&2
    echo "busiest threads of process $1 (% of one core):" >&2
    busiest_threads "$work/threads0" "$work/threads1" "$elapsed" >&2
}

# measure_window PID SECONDS: window_open, watch_process and window_close over SECONDS, then the load
# average at the window's start and end to stderr.
measure_window() {
    local load0
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    window_open "$1"
    watch_process "$1" "$2"
    window_close "$1"
    echo "load average at the window's start: $load0, at its end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

# modbus_config ID MODBUS_PORT REGISTERS MQTT_PORT [UPLINK_LINE...]: an Outpost config on stdout, one
# modbus-tcp source "plc" of REGISTERS uint16 holding registers at poll_interval 100ms, admin socket
# and data in $work/ID, each UPLINK_LINE added under uplink: as it is (e.g. "encoding: compact").
modbus_config() {
    local id=$1 port=$2 registers=$3 mqtt=$4 i line
    shift 4
    printf 'gateway:\n  id: %s\n  data_dir: %s/%s\n  admin_socket: %s/%s.sock\nsources:\n' "$id" "$work" "$id" "$work" "$id"
    printf '  - name: plc\n    type: modbus-tcp\n    host: 127.0.0.1\n    port: %s\n    poll_interval: 100ms\n    timeout: 1s\n    tags:\n' "$port"
    for i in $(seq 0 $((registers - 1))); do
        printf '      - { name: r%d, address: %d, type: uint16 }\n' "$i" "$i"
    done
    printf 'uplink:\n  url: tcp://127.0.0.1:%s\n' "$mqtt"
    for line in "$@"; do
        printf '  %s\n' "$line"
    done
}

# admin_status SOCKET KEY.PATH: one field of the running gateway's status report, read from its admin
# socket (no JVM started), e.g. admin_status "$work/g.sock" samples.stored (a number indexes a list:
# models.0.runs).
admin_status() {
    python3 - "$1" "$2" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(b"status\n")
reply = b""
while not reply.endswith(b"\n"):
    chunk = s.recv(65536)
    if not chunk:
        break
    reply += chunk
value = json.loads(reply)
for key in sys.argv[2].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value)
PY
}

# simulator_config ID TAGS INTERVAL MQTT_PORT: an Outpost config on stdout, one simulator source "sim"
# of TAGS sine tags (periods 10-59 s) each making a sample every INTERVAL (all in one tick), no
# deadband, admin socket and data in $work/ID.
simulator_config() {
    local id=$1 tags=$2 interval=$3 mqtt=$4 i
    printf 'gateway:\n  id: %s\n  data_dir: %s/%s\n  admin_socket: %s/%s.sock\nsources:\n' "$id" "$work" "$id" "$work" "$id"
    printf '  - name: sim\n    type: simulator\n    tags:\n'
    for i in $(seq 1 "$tags"); do
        printf '      - { name: t%d, signal: sine, period: %ds, interval: %s }\n' "$i" $((10 + i % 50)) "$interval"
    done
    printf 'uplink:\n  url: tcp://127.0.0.1:%s\n' "$mqtt"
}

# bench_setup: builds the distribution if it is missing, sets dist (OUTPOST_DIST or target/dist) and
# work (a temporary folder removed at exit, with every background job of the script killed).
bench_setup() {
    [ -f target/dist/lib/outpost.jar ] || mvn -o -q -B -DskipTests package
    dist=${OUTPOST_DIST:-target/dist}
    work=$(mktemp -d)
    trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
    trap 'exit 143' TERM INT
}
