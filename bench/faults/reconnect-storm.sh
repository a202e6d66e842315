#!/usr/bin/env bash
# A fleet's reconnect storm (ReconnectStormBenchmark): GATEWAYS uplinks in one JVM, one MQTT client
# each, on SPEC §2's default backoff, connected to one Mosquitto (Debian's, on a free loopback port);
# the broker is stopped for OUTAGE_S seconds and started again. Prints the reconnect rate's peak
# (1 s bins) against its mean from the broker's return to the last reconnect, and draws
# reconnects/s and failed attempts/s over time into OUT_PNG (python3-matplotlib).
#   bench/faults/reconnect-storm.sh [GATEWAYS] [OUTAGE_S] [OUT_PNG]    defaults: 1000, 30, target/reconnect-storm.png
# BEFORE_JAR=path/to/outpost.jar runs the same storm first with that build's classes (another
# build's target/dist/lib/outpost.jar), so the picture shows both, measured in one run.
set -euo pipefail
# The whole run is bounded: timeout stops it and every process it started.
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 1800 "$0" "$@"
cd "$(dirname "$0")/../.."
. bench/lib.sh
gateways=${1:-1000}
outage=${2:-30}
png=${3:-target/reconnect-storm.png}
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null ||
    { echo "needs python3-matplotlib: apt-get install -y python3-matplotlib" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
test_classpath
# A thousand clients: several threads each (Paho's, the uplink's), small stacks.
opts="-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider -Xmx2g -Xss256k"
runs=()
if [ -n "${BEFORE_JAR:-}" ]; then
    echo "== before: $BEFORE_JAR" >&2
    java $opts -cp "target/test-classes:$BEFORE_JAR:$cp" io.outpost.bench.ReconnectStormBenchmark \
        "$gateways" "$outage" "$work/before.csv" > "$work/before.log" 2>&1 || { tail -20 "$work/before.log" >&2; exit 1; }
    grep -E '^(\||all |broker )' "$work/before.log"
    runs+=("before=$work/before.csv")
fi
echo "== this build" >&2
java $opts -cp "$cp" io.outpost.bench.ReconnectStormBenchmark "$gateways" "$outage" "$work/now.csv" > "$work/now.log" 2>&1 ||
    { tail -20 "$work/now.log" >&2; exit 1; }
grep -E '^(\||all |broker )' "$work/now.log"
runs+=("this build=$work/now.csv")
/usr/bin/python3 bench/faults/plot-storm.py "$png" "${runs[@]}"
echo "picture: $png"
