#!/usr/bin/env bash
# Start-up of a packaged release without and with its AppCDS archive (lib/outpost.jsa, made as the
# package's postinst makes it: OUTPOST_CDS_DUMP=yes): wall time of `outpost version`, and of
# `outpost run` from its launch to READY=1 on a notify socket (the store open, the sources started:
# what systemd waits for), with the RSS at that moment. N starts of each, alternating nothing else.
#   bench/startup.sh [STARTS]        default 10
# OUTPOST_RELEASE: the release tree to time (default: the amd64 package's, target/pkg/amd64/root/usr/lib/outpost,
# made by mvn -Pdeb -DskipTests package); it is copied, so the archive is made in the copy.
set -euo pipefail
[ -n "${BENCH_BOUNDED:-}" ] || BENCH_BOUNDED=1 exec timeout 900 "$0" "$@"
cd "$(dirname "$0")/.."
starts=${1:-10}
source_release=${OUTPOST_RELEASE:-target/pkg/amd64/root/usr/lib/outpost}
[ -x "$source_release/bin/outpost" ] || { echo "no release at $source_release: mvn -Pdeb -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$source_release" "$work/release"

python3 - "$work/release" "$work" "$starts" <<'PY'
import os, socket, statistics, subprocess, sys, time
release, work, starts = sys.argv[1], sys.argv[2], int(sys.argv[3])
launcher = os.path.join(release, "bin", "outpost")
config = os.path.join(work, "outpost.yaml")
with open(config, "w") as f:
    f.write(f"""gateway:
  id: startup
  data_dir: {work}/data
  admin_socket: {work}/admin.sock
sources:
  - name: sim
    type: simulator
    tags:
      - {{ name: wave, signal: sine, period: 10s, amplitude: 1.0, interval: 100ms }}
uplink:
  url: tcp://127.0.0.1:1
""")
env = {k: v for k, v in os.environ.items() if not k.startswith(("OUTPOST_", "NOTIFY_", "WATCHDOG_", "JDK_JAVA_OPTIONS"))}

def version_ms():
    t0 = time.monotonic()
    subprocess.run([launcher, "version"], env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.monotonic() - t0) * 1000

def ready_ms():
    path = os.path.join(work, "notify.sock")
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(60)
    t0 = time.monotonic()
    p = subprocess.Popen([launcher, "run", "-c", config], env=dict(env, NOTIFY_SOCKET=path),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if b"READY=1" in s.recv(4096):
                ms = (time.monotonic() - t0) * 1000
                break
        with open(f"/proc/{p.pid}/status") as status:
            rss = next(int(l.split()[1]) for l in status if l.startswith("VmRSS"))
    finally:
        p.terminate()
        p.wait(60)
        s.close()
    return ms, rss / 1024

def row(label, runs):
    ms = [r[0] for r in runs]
    rss = [r[1] for r in runs if r[1] is not None]
    print(f"| {label} | {statistics.median(ms):,.0f} ms | {min(ms):,.0f} | {max(ms):,.0f} | "
          + (f"{statistics.median(rss):.0f} MB |" if rss else "|"))

results = {}
for mode in ("without the archive", "with the archive"):
    if mode == "with the archive":
        t0 = time.monotonic()
        subprocess.run([launcher], env=dict(env, OUTPOST_CDS_DUMP="yes"), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        dump = (time.monotonic() - t0) * 1000
        size = os.path.getsize(os.path.join(release, "lib", "outpost.jsa")) / 1e6
    results[mode] = ([(version_ms(), None) for _ in range(starts)], [ready_ms() for _ in range(starts)])
print(f"| run ({starts} starts each) | median | min | max | RSS at READY=1 (median) |")
print("|---|---:|---:|---:|---:|")
for mode, (version, ready) in results.items():
    row(f"`outpost version`, {mode}", version)
    row(f"`outpost run` → READY=1, {mode}", ready)
print(f"\nArchive: {size:.1f} MB, made in {dump:,.0f} ms (OUTPOST_CDS_DUMP=yes).")
PY
