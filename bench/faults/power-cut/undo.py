#!/usr/bin/env python3
"""The power cut itself, after the process was killed: every file the fault layer (unsynced.c) saw
written since its last fsync gets back the bytes those writes overwrote, newest first, and its size at
that sync. Prints one line per file put back.  undo.py LOG_DIR"""
import os
import struct
import sys

log_dir = sys.argv[1]
for name in sorted(os.listdir(log_dir)):
    log = os.path.join(log_dir, name)
    target = name.replace("%", "/")
    with open(log, "rb") as f:
        data = f.read()
    os.remove(log)
    if len(data) < 8 or not os.path.exists(target):
        continue
    (size,) = struct.unpack_from("<q", data, 0)
    records, at = [], 8
    while at + 16 <= len(data):
        off, length = struct.unpack_from("<qq", data, at)
        at += 16
        records.append((off, data[at:at + length]))
        at += length
    with open(target, "r+b") as f:
        for off, old in reversed(records):
            f.seek(off)
            f.write(old)
        f.truncate(size)
    print("power cut: %s back to its last sync (%d writes undone, %d bytes)" % (target, len(records), size))
