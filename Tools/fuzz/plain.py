#!/usr/bin/env python3
"""Turns signed changesets into the plain form the `resign` fuzz mode reads.

Plain form: magic, version, header length, header, then the body records
UNcompressed, and no trailer (the fuzz target compresses and re-signs).

    plain.py OUT_DIR FILE...
"""
import os
import sys
import zlib


def varint(data, at):
    value, shift = 0, 0
    while True:
        b = data[at]
        value |= (b & 0x7F) << shift
        at += 1
        if b < 0x80:
            return value, at
        shift += 7


def plain(data):
    if data[:8] != b"\x89CAUCUS\n":
        raise ValueError("not a changeset")
    length, header_start = varint(data, 9)
    body_start = header_start + length
    body = zlib.decompress(data[body_start:len(data) - 100])
    return data[:body_start] + body


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        with open(os.path.join(out, os.path.basename(path) + ".plain"), "wb") as f:
            f.write(plain(data))


if __name__ == "__main__":
    main()
