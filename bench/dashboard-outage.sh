#!/usr/bin/env bash
# What the Grafana dashboard shows over a broker outage, as a picture: `outpost run` (TAGS simulator
# tags every 100 ms, default 20) publishing to a local Mosquitto, scraped every second by a real
# Prometheus (Debian `prometheus`); the broker is stopped for OUTAGE_S seconds (default 30) after
# 30 s and started again; then the dashboard's queries are read over the run through the HTTP API
# (query_range) and drawn with matplotlib (Debian `python3-matplotlib`) into OUT (default
# docs/grafana/outage.png).
#   bench/dashboard-outage.sh
set -euo pipefail
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
. bench/lib.sh
tags=${TAGS:-20}
outage=${OUTAGE_S:-30}
out=${OUT:-docs/grafana/outage.png}
bench_setup

mqtt=$(free_port)
metrics=$(free_port)
prom=$(free_port)
start_mosquitto "$mqtt"
broker=$!
simulator_config outage "$tags" 100ms "$mqtt" > "$work/outage.yaml"
printf 'metrics:\n  listen: 127.0.0.1:%s\n' "$metrics" >> "$work/outage.yaml"
printf 'global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: outpost\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' \
    "$metrics" > "$work/prometheus.yml"
/usr/bin/prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address=127.0.0.1:"$prom" > "$work/prometheus.log" 2>&1 &
"$dist/bin/outpost" run -c "$work/outage.yaml" > "$work/outpost.log" 2>&1 &
pid=$!
end=$((SECONDS + 60))
until grep -qs 'event=uplink-up' "$work/outpost.log"; do
    kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ] || { echo "never connected"; cat "$work/outpost.log"; exit 1; }
    sleep 0.2
done
start=$(date +%s)
sleep 30
kill $broker
wait $broker 2>/dev/null || true
down=$(date +%s)
echo "broker stopped at +$((down - start)) s" >&2
sleep "$outage"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
up=$(date +%s)
echo "broker started at +$((up - start)) s" >&2
sleep 40
finish=$(date +%s)

/usr/bin/python3 - "$prom" "$start" "$finish" "$down" "$up" "$out" <<'PY'
import json, sys, urllib.parse, urllib.request
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

prom, start, end, down, up, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
def series(q):
    url = "http://127.0.0.1:%s/api/v1/query_range?%s" % (prom, urllib.parse.urlencode(
        {"query": q, "start": start, "end": end, "step": 1}))
    result = json.load(urllib.request.urlopen(url))["data"]["result"]
    return [([float(t) - start for t, _ in r["values"]], [float(v) for _, v in r["values"]], r["metric"]) for r in result]

panels = [
    ("Samples per second", [('sum(rate(outpost_samples_read_total[5s]))', "read"),
                            ('sum(rate(outpost_samples_stored_total[5s]))', "stored")], None),
    ("Records acknowledged per second", [('sum by (lane) (rate(outpost_records_acknowledged_total{lane="telemetry"}[5s]))', "telemetry")], None),
    ("Queue (telemetry)", [('outpost_queue_records{lane="telemetry"}', "records")], None),
    ("Oldest waiting record (s)", [('outpost_queue_oldest_age_seconds{lane="telemetry"}', "telemetry")], None),
    ("Link up", [('outpost_uplink_up', "up")], None),
    ("Resident memory (MB)", [('process_resident_memory_bytes / 1e6', "RSS")], None),
]
fig, axes = plt.subplots(len(panels), 1, figsize=(9, 2.0 * len(panels)), sharex=True)
for ax, (title, queries, _) in zip(axes, panels):
    for q, label in queries:
        for x, y, _ in series(q):
            ax.plot(x, y, label=label)
    ax.axvspan(down - start, up - start, color="0.85", label="broker down")
    ax.set_title(title, fontsize=9, loc="left")
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, loc="upper right")
axes[-1].set_xlabel("seconds", fontsize=8)
fig.tight_layout()
fig.savefig(out, dpi=80)
print("wrote", out)
PY
