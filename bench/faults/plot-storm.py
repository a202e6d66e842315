#!/usr/bin/python3
"""Reconnects per second after the broker's return, from ReconnectStormBenchmark's CSV files.

    bench/faults/plot-storm.py OUT.png LABEL=FILE.csv [LABEL=FILE.csv ...]

Each CSV holds kind,ms_from_broker_back rows (`up`: a gateway connected, `attempt`: a connect attempt began).
Needs python3-matplotlib (Debian).
"""
import collections
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def series(path):
    ups = collections.Counter()
    attempts = collections.Counter()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            second = int(row["ms_from_broker_back"]) // 1000
            (ups if row["kind"] == "up" else attempts)[second] += 1
    return ups, attempts


def main():
    out, runs = sys.argv[1], sys.argv[2:]
    title = "reconnects after the broker's return (dotted: mean from the return to the last reconnect)"
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    for run in runs:
        label, path = run.split("=", 1)
        ups, attempts = series(path)
        last = max(ups) if ups else 0
        xs = list(range(0, last + 1))
        n = sum(ups.values())
        mean = n / max(1, last + 1)
        line, = top.step(xs, [ups[x] for x in xs], where="post", label=f"{label}: all {n} back after {last + 1} s")
        top.axhline(mean, color=line.get_color(), linestyle=":", linewidth=1)
        down = sorted(x for x in attempts if x < 0)
        if down:
            bottom.step(down, [attempts[x] for x in down], where="post", color=line.get_color(), label=label)
    top.set_ylabel("reconnects per second")
    top.set_title(title)
    top.legend()
    bottom.set_ylabel("connect attempts per second")
    bottom.set_xlabel("seconds from the broker's return (negative: while it was down)")
    bottom.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    main()
