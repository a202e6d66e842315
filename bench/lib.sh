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
