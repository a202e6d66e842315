# Shared by the bench scripts: source it.

# watch_process PID SECONDS: samples RSS and threads of PID every 2 s for SECONDS; fails if it exits.
# Sets rss_max_kb, rss_last_kb and threads.
watch_process() {
    local pid=$1 end=$((SECONDS + $2))
    rss_max_kb=0
    rss_last_kb=0
    threads=0
    while [ $SECONDS -lt $end ]; do
        kill -0 "$pid" 2>/dev/null || { echo "outpost exited early:"; cat "$work/outpost.log"; exit 1; }
        rss_last_kb=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status)
        threads=$(awk '/^Threads/ {print $2}' /proc/"$pid"/status)
        [ "$rss_last_kb" -gt "$rss_max_kb" ] && rss_max_kb=$rss_last_kb
        sleep 2
    done
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
        "$1" "$2" | sort -rn | head -12
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
    echo "busiest threads of the gateway (% of one core):" >&2
    busiest_threads "$work/threads0" "$work/threads1" "$elapsed" >&2
}
