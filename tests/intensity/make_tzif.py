#!/usr/bin/env python3
# make_tzif.py OUT FOOTER TYPES TIMES - write a TZif v2 file (RFC 8536) for the zone
# tests: TYPES "3600,7200" (UT offsets, s), TIMES "t:type,t:type" (UTC s, type index),
# FOOTER the rule after the table ("" for none). The v1 block is left empty.
import struct
import sys

out, footer, types, times = sys.argv[1:5]
offs = [int(x) for x in types.split(",")]
trans = [tuple(int(y) for y in x.split(":")) for x in times.split(",")] if times else []
empty = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, 1) + struct.pack(">lBB", 0, 0, 0) + b"\0"
head = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, len(trans), len(offs), 1)
body = b"".join(struct.pack(">q", t) for t, _ in trans) + bytes(i for _, i in trans)
body += b"".join(struct.pack(">lBB", o, 0, 0) for o in offs) + b"\0"
with open(out, "wb") as f:
    f.write(empty + head + body + b"\n" + footer.encode() + b"\n")
