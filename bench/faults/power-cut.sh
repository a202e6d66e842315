#!/usr/bin/env bash
# Power cut: `outpost run` (TAGS simulator tags every INTERVAL, default 1,000 at 100ms: 10,000
# samples/s; no broker, so everything stays in the store) with its data directory under a fault layer
# that keeps, for every file, what the writes since its last fsync/fdatasync overwrote
# (bench/faults/power-cut/unsynced.c, LD_PRELOAD). CUTS times (default 10): run 2-6 s past the first
# stored sample, kill -9, then undo every unsynced write (power-cut/undo.py): the files are what a
# disk that lost its page cache would hold. Then the store is opened (PowerCutCheck) and the next run
# starts on it. Per cut: the records kept, whether their seqs are gap-free, the newest sample kept
# against the moment of the cut (what was lost), and whether the store opened as it was. Fails when
# a store was moved aside, seqs have a gap, or more than MAX_LOSS_MS (1000) of samples was lost.
#   bench/faults/power-cut.sh [cuts]
# Why this layer: the kernel here has no device mapper (no dm-flakey: `dmsetup targets` fails, no
# /lib/modules), and a loop-mounted ext4 alone loses nothing on kill -9 (the page cache survives the
# process). With dm-flakey, the same check runs with DATA_DIR on a flakey device (drop_writes) and
# the undo step replaced by `dmsetup suspend/load/resume` to the drop_writes table and a remount.
set -euo pipefail
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 1800 "$0" "$@"
cd "$(dirname "$0")/../.."
. bench/lib.sh
cuts=${1:-10}
tags=${TAGS:-1000}
interval=${INTERVAL:-100ms}
max_loss=${MAX_LOSS_MS:-1000}
bench_setup
test_classpath
gcc -O2 -shared -fPIC -o "$work/unsynced.so" bench/faults/power-cut/unsynced.c -ldl
# Nobody listens on this port: every record stays in the store.
simulator_config pc "$tags" "$interval" "$(free_port)" > "$work/pc.yaml"
data="$work/pc"
mkdir -p "$work/undo" "$data"
data=$(realpath "$data")
# The layer itself first: a file written, synced, written again: after the undo only the synced part is left.
LD_PRELOAD="$work/unsynced.so" POWERCUT_DIR="$data" POWERCUT_LOG="$work/undo" python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY, 0o600)
os.write(fd, b"synced;"); os.fsync(fd); os.write(fd, b"not synced"); os.pwrite(fd, b"XX", 0)' "$data/layer-check"
python3 bench/faults/power-cut/undo.py "$work/undo" > /dev/null
[ "$(cat "$data/layer-check")" = "synced;" ] ||
    { echo "the fault layer does not work here: $data/layer-check holds '$(cat "$data/layer-check")'"; exit 1; }
rm "$data/layer-check"
fail=0
echo "power cut: $tags tags every $interval, $cuts cuts; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '| cut | records kept | last seq | gap-free | lost: cut - newest sample kept (ms) | unsynced writes undone | store |\n|---|---|---|---|---|---|---|\n'
for i in $(seq 1 "$cuts"); do
    LD_PRELOAD="$work/unsynced.so" POWERCUT_DIR="$data" POWERCUT_LOG="$work/undo" \
        "$dist/bin/outpost" run -c "$work/pc.yaml" > "$work/run-$i.log" 2>&1 &
    pid=$!
    end=$((SECONDS + 90))
    until [ -S "$work/pc.sock" ] && [ "$(admin_status "$work/pc.sock" samples.stored 2>/dev/null || echo 0)" -gt 0 ]; do
        kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ] || { echo "run $i stored nothing:"; cat "$work/run-$i.log"; exit 1; }
        sleep 0.2
    done
    sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 2 + 4 * r / 32768 }')"
    cut_ms=$(date +%s%3N)
    kill -9 $pid
    wait $pid 2>/dev/null || true
    undone=$(python3 bench/faults/power-cut/undo.py "$work/undo" | tee -a "$work/undo.log" |
        sed -n 's/.*(\([0-9]*\) writes undone.*/\1/p' | awk '{ n++; w += $1 } END { printf "%d in %d files", w, n }')
    line=$(java -cp "$cp" -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider \
        io.outpost.bench.PowerCutCheck "$data" 2> "$work/check-$i.log" | tee "$work/check-$i.out" | grep "^records=") || true
    [ -n "$line" ] || { echo "the store check printed nothing:"; cat "$work/check-$i.out" "$work/check-$i.log"; exit 1; }
    eval "$(echo "$line" | tr ' ' '\n' | sed -n 's/^\(records\|last_seq\|gap_free\|newest_sample_ts\|recovered\)=\(.*\)$/\1=\2/p')"
    lost=$((cut_ms - newest_sample_ts))
    store=opened
    [ "$recovered" = none ] || { store="moved aside: $recovered"; fail=1; }
    grep -q 'event=store-recovered' "$work/run-$i.log" && { store="$store; the run before moved one aside"; fail=1; }
    [ "$gap_free" = true ] || fail=1
    [ "$lost" -le "$max_loss" ] || fail=1
    printf '| %d | %d | %d | %s | %d | %s | %s |\n' "$i" "$records" "$last_seq" "$gap_free" "$lost" "$undone" "$store"
    rm -f "$work/pc.sock"
done
echo "what the runs logged at start about the run before (events other than the usual ones):" >&2
grep -h 'event=' "$work"/run-*.log | grep -v -E 'event=(systemd-notify-off|store-opened|tag-times-loaded|started|admin-socket-listening|gateway-started|uplink-connect-failed|uplink-down|source-up|stopping)' \
    | sed 's/^[^ ]* \[[^]]*\] //' | cut -c1-200 | sort | uniq -c | sort -rn | head -10 >&2 || true
[ $fail = 0 ] && echo PASS || { echo FAIL; exit 1; }
