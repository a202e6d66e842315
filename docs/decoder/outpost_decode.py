#!/usr/bin/env python3
"""Reference decoder of Outpost records (docs/protocol.md), for consumers.

Reads JSON records and compact telemetry records alike and gives back the JSON record
(SPEC section 4): the header fields gw, seq, boot, ts and a list of samples, each with
t (tag), ts (ms since the epoch), v (value) and q (quality).

Needs Python 3.7+ and cbor2 (Debian: apt-get install python3-cbor2; elsewhere: pip install cbor2).

As a library:
    from outpost_decode import decode
    record = decode(payload)            # payload: the MQTT message's bytes
    for s in record["samples"]: ...

As a command, one JSON record per line on stdout for each file given (each file one payload):
    python3 outpost_decode.py [--exact] FILE...
    python3 outpost_decode.py < payload.bin
--exact writes NaN and infinite floats as the bare tokens NaN, Infinity, -Infinity (which Python's
json module reads) instead of the JSON record's strings "NaN", "Infinity", "-Infinity", so a float
stays a float.
"""
import json
import math
import sys
import zlib

try:
    import cbor2
except ImportError:  # reported when a compact record needs it, so JSON records decode without it
    cbor2 = None

# A compact record starts with the self-described CBOR tag (RFC 8949 section 3.4.6); JSON starts with "{".
SELF_DESCRIBED_CBOR = b"\xd9\xd9\xf7"
FORMAT_VERSION = 1
QUALITIES = ("good", "uncertain", "bad")  # the codes of q: 0, 1, 2


class RecordError(ValueError):
    """A payload that is not a record this decoder knows."""


def is_compact(payload):
    return payload[:3] == SELF_DESCRIBED_CBOR


def header(payload):
    """gw, seq, boot and ts of any record, without inflating a compact one: enough to dedupe."""
    record = _cbor(payload) if is_compact(payload) else json.loads(payload)
    return {key: record[key] for key in ("gw", "seq", "boot", "ts")}


def decode(payload, exact=False):
    """Any record as the JSON record's dict. A compact record's samples come tag after tag, each tag's in
    time order. NaN and infinities are the strings "NaN", "Infinity", "-Infinity" unless exact is true."""
    if not is_compact(payload):
        return json.loads(payload)
    record = _cbor(payload)
    if record.get("fmt") != FORMAT_VERSION:
        raise RecordError("compact record of format %r; this decoder knows %d" % (record.get("fmt"), FORMAT_VERSION))
    body = cbor2.loads(zlib.decompress(record["z"]))
    tags, counts, deltas, qualities, values = (body[k] for k in ("tags", "counts", "ts", "q", "v"))
    if len(tags) != len(counts) or not len(deltas) == len(qualities) == len(values) == sum(counts):
        raise RecordError("compact record %r: columns of different lengths" % record["seq"])
    samples = []
    at = 0
    for tag, count in zip(tags, counts):
        ts = record["ts"]  # a tag's first ts is a delta from the record's ts, each later one from the one before
        integer = 0  # a tag's integers are deltas from its previous integer in the record, its first from 0
        for _ in range(count):
            ts += deltas[at]
            v = values[at]
            if isinstance(v, int) and not isinstance(v, bool):
                integer = _int64(integer + v)
                v = integer
            elif isinstance(v, float) and not exact and not math.isfinite(v):
                v = "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
            samples.append({"t": tag, "ts": ts, "v": v, "q": QUALITIES[qualities[at]]})
            at += 1
    return {"gw": record["gw"], "seq": record["seq"], "boot": record["boot"], "ts": record["ts"], "samples": samples}


def _int64(n):
    """The sum in 64-bit two's complement, as the encoder's subtraction wrapped."""
    return (n + 2**63) % 2**64 - 2**63


def _cbor(payload):
    if cbor2 is None:
        raise RecordError("compact records need the cbor2 package: apt-get install python3-cbor2 (or pip install cbor2)")
    return cbor2.loads(payload)


def main(argv):
    exact = "--exact" in argv
    files = [a for a in argv if a != "--exact"]
    payloads = [open(f, "rb").read() for f in files] if files else [sys.stdin.buffer.read()]
    try:
        for payload in payloads:
            line = json.dumps(decode(payload, exact), ensure_ascii=False, allow_nan=exact, separators=(",", ":"))
            sys.stdout.buffer.write(line.encode("utf-8") + b"\n")
    except RecordError as e:
        print("outpost_decode: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
