#!/bin/sh
# The AppCDS class list of a release: the classes `outpost run` loads in its first seconds (config,
# store, sources, uplink, admin socket), written by the JVM itself (-XX:DumpLoadedClassList) while
# the release's own launcher runs it. The package ships the list; the archive is made from it at
# install time, for the JVM installed there (packaging/README.md, AppCDS).
#   packaging/class-list.sh RELEASE_DIR OUT_FILE
set -eu
release=$1
out=$2
work=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# The job of the shipped default config, with nothing listening at the broker's address: the uplink
# connects, is refused and backs off, as on a gateway's first start before its broker is set.
cat > "$work/outpost.yaml" <<YAML
gateway:
  id: class-list
  data_dir: $work/data
  admin_socket: $work/admin.sock
sources:
  - name: sim
    type: simulator
    tags:
      - { name: temperature, signal: sine, period: 5m, amplitude: 20.0, interval: 100ms, deadband: 0.05 }
      - { name: pressure, signal: random-walk, amplitude: 0.5, interval: 100ms, deadband: "2%" }
      - { name: parts, signal: counter, amplitude: 1.0, interval: 100ms }
      - { name: vibration, signal: vibration, period: 5s, amplitude: 1.0, interval: 100ms }
uplink:
  url: tcp://127.0.0.1:1
YAML

# JDK_JAVA_OPTIONS adds to the launcher's options instead of replacing them (OUTPOST_JAVA_OPTS would).
JDK_JAVA_OPTIONS="-XX:DumpLoadedClassList=$work/classes.lst" "$release/bin/outpost" run -c "$work/outpost.yaml" \
    > "$work/run.log" 2>&1 &
pid=$!
waited=0
until [ -S "$work/admin.sock" ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 120 ]; then
        echo "class-list.sh: outpost run did not come up in $waited s:" >&2
        cat "$work/run.log" >&2
        exit 1
    fi
    sleep 1
    waited=$((waited + 1))
done
# A few batches stored and a few connect attempts made, then an orderly stop (its classes too).
sleep 5
kill -TERM "$pid"
wait "$pid" || true
pid=
[ -s "$work/classes.lst" ] || { echo "class-list.sh: the JVM wrote no class list" >&2; cat "$work/run.log" >&2; exit 1; }
mv "$work/classes.lst" "$out"
echo "class-list.sh: $(grep -c '^[a-zA-Z]' "$out") classes in $out"
