#!/usr/bin/env bash
# Runs one benchmark main from src/test/java/io/outpost/bench with the test class path.
#   bench/java.sh StoreBenchmark [args...]
#   bench/java.sh UplinkBenchmark [records] [inflight] [consumer]
#   bench/java.sh DeliveryBenchmark [records] [inflight]
#   bench/java.sh EncodingBenchmark [seconds per round] [rounds]
#   bench/java.sh RecordSizeBenchmark [polls]
#   bench/java.sh ModelBenchmark [windows per kind] [timed runs] [warm-up runs]
#   bench/java.sh SamplePathBenchmark [polls per round] [rounds]
# BENCH_JAVA_OPTS replaces the JVM options (default -Xmx512m).
set -euo pipefail
cd "$(dirname "$0")/.."
main=$1
shift
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
exec java -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider ${BENCH_JAVA_OPTS:--Xmx512m} \
    -cp "target/test-classes:target/classes:$(cat target/bench.cp)" "io.outpost.bench.$main" "$@"
