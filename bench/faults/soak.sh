#!/usr/bin/env bash
# Soak: `outpost run` (the distribution's launcher) with TAGS simulator tags every INTERVAL (default
# 1,000 tags at 1s: 1,000 samples/s, all made in one tick a second) publishing to a local Mosquitto
# for DURATION_S seconds (default 3600). The run is cut into cycles of CYCLE_S seconds (default
# 600); each cycle begins with the broker stopped for OUTAGE_S seconds (default 60) and then up for
# the rest. Every SAMPLE_S seconds (default 10) it samples the daemon's RSS (VmRSS), open file
# handles (/proc/PID/fd), threads and the telemetry queue depth (status over the admin socket) into
# OUT_DIR/samples.tsv (default target/soak). At the end a table per cycle, and the checks:
#   - the queue is back to zero in every cycle after the broker's return: until it is, its depth is
#     read every half second (the drain time); records of the current second may be waiting at any
#     one 10 s sample, so those do not decide it;
#   - RSS (cycle mean) and open fds (cycle max) of the last cycle are within ±TOLERANCE_PCT % (10)
#     of the first cycle after warm-up (cycle 2; cycle 1 is JIT, heap growth and the first outage).
# Exit 1 when a check fails.
#   bench/faults/soak.sh                                     the hour
#   DURATION_S=180 CYCLE_S=60 OUTAGE_S=15 bench/faults/soak.sh   a 3-minute try
set -euo pipefail
duration=${DURATION_S:-3600}
# The whole run is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout $((duration + 600)) "$0" "$@"
cd "$(dirname "$0")/../.."
. bench/lib.sh
tags=${TAGS:-1000}
interval=${INTERVAL:-1s}
cycle=${CYCLE_S:-600}
outage=${OUTAGE_S:-60}
every=${SAMPLE_S:-10}
tolerance=${TOLERANCE_PCT:-10}
out=${OUT_DIR:-target/soak}
[ "$outage" -lt "$cycle" ] || { echo "OUTAGE_S ($outage) must be shorter than CYCLE_S ($cycle)" >&2; exit 2; }
cycles=$((duration / cycle))
[ "$cycles" -ge 3 ] || { echo "DURATION_S / CYCLE_S must be at least 3 cycles (warm-up, first, last)" >&2; exit 2; }
bench_setup
mkdir -p "$out"

mqtt=$(free_port)
start_mosquitto "$mqtt"
broker=$!
simulator_config soak "$tags" "$interval" "$mqtt" > "$work/soak.yaml"
sock="$work/soak.sock"
"$dist/bin/outpost" run -c "$work/soak.yaml" > "$out/outpost.log" 2>&1 &
pid=$!
end=$((SECONDS + 90))
until grep -qs 'event=uplink-up' "$out/outpost.log"; do
    kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ] || { echo "never connected"; cat "$out/outpost.log"; exit 1; }
    sleep 0.2
done
echo "soak: $tags tags every $interval, $cycles cycles of $cycle s (broker down the first $outage s of each)," \
    "samples every $every s into $out/samples.tsv; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# sample CYCLE PHASE T: one line of samples.tsv; fails if the daemon has exited.
sample() {
    kill -0 $pid 2>/dev/null || { echo "outpost exited:"; tail -30 "$out/outpost.log"; exit 1; }
    local rss fds threads depth load
    rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
    threads=$(awk '/^Threads/ {print $2}' /proc/$pid/status)
    fds=$(find /proc/$pid/fd -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    depth=$(admin_status "$sock" lanes.telemetry.depth 2>/dev/null || echo NA)
    load=$(cut -d' ' -f1 /proc/loadavg)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$rss" "$fds" "$threads" "$depth" "$load" >> "$out/samples.tsv"
}

printf 'cycle\tphase\tt_s\trss_kb\tfds\tthreads\tdepth\tload1\n' > "$out/samples.tsv"
printf 'cycle\tdrained_s\n' > "$out/drained.tsv"
start=$SECONDS
for c in $(seq 1 "$cycles"); do
    c0=$((start + (c - 1) * cycle))
    kill $broker
    wait $broker 2>/dev/null || true
    echo "cycle $c: broker stopped at +$((SECONDS - start)) s" >&2
    restarted=
    next=$c0
    while [ $SECONDS -lt $((c0 + cycle)) ]; do
        if [ -z "$restarted" ] && [ $SECONDS -ge $((c0 + outage)) ]; then
            /usr/sbin/mosquitto -c "$work/mosquitto.conf" >> "$work/mosquitto.log" 2>&1 &
            broker=$!
            restarted=$SECONDS
            drained=
            echo "cycle $c: broker started at +$((SECONDS - start)) s" >&2
        fi
        if [ -n "$restarted" ] && [ -z "$drained" ] &&
            [ "$(admin_status "$sock" lanes.telemetry.depth 2>/dev/null || echo NA)" = 0 ]; then
            drained=$((SECONDS - restarted))
            printf '%s\t%s\n' "$c" "$drained" >> "$out/drained.tsv"
            echo "cycle $c: queue empty $drained s after the broker's return" >&2
        fi
        if [ $SECONDS -ge $next ]; then
            sample "$c" "$([ -n "$restarted" ] && echo up || echo down)" $((SECONDS - start))
            next=$((next + every))
        fi
        sleep 0.5
    done
done
kill $pid
wait $pid 2>/dev/null || true

# Per cycle: RSS mean/max (MB), fds min/max, threads max, the queue's peak (10 s samples), the time
# from the broker's return to an empty queue, the queue at the cycle's last sample, the load average.
awk -F'\t' -v tol="$tolerance" '
    FNR == 1 { next }
    FILENAME ~ /drained/ { zero[$1] = $2; next }
    { c = $1; n[c]++; rss[c] += $4; if ($4 > rmax[c]) rmax[c] = $4
      if (!(c in fmin) || $5 < fmin[c]) fmin[c] = $5; if ($5 > fmax[c]) fmax[c] = $5
      if ($6 > tmax[c]) tmax[c] = $6
      if ($7 != "NA" && $7 > dmax[c]) dmax[c] = $7
      last[c] = $7; load[c] += $8; if (c > cycles) cycles = c }
    END {
        printf "| cycle | RSS mean MB | RSS max MB | fds min-max | threads max | queue peak | queue empty after return | queue at last sample | load avg |\n"
        printf "|---|---|---|---|---|---|---|---|---|\n"
        fail = 0
        for (c = 1; c <= cycles; c++) {
            drained = (c in zero) ? sprintf("%d s", zero[c]) : "never"
            if (!(c in zero)) fail = 1
            printf "| %d%s | %.1f | %.1f | %d-%d | %d | %d | %s | %s | %.1f |\n", c, c == 1 ? " (warm-up)" : "",
                rss[c] / n[c] / 1024, rmax[c] / 1024, fmin[c], fmax[c], tmax[c], dmax[c], drained, last[c], load[c] / n[c]
        }
        r = 100 * (rss[cycles] / n[cycles] - rss[2] / n[2]) / (rss[2] / n[2])
        f = 100 * (fmax[cycles] - fmax[2]) / fmax[2]
        printf "RSS mean, cycle %d against cycle 2: %+.1f %%; open fds max: %+.1f %% (limit ±%d %%)\n", cycles, r, f, tol
        if (r > tol || r < -tol || f > tol || f < -tol) fail = 1
        print fail ? "FAIL" : "PASS"
        exit fail
    }' "$out/drained.tsv" "$out/samples.tsv" | tee "$out/table.md"
[ "$(tail -1 "$out/table.md")" = PASS ]
