#!/usr/bin/env python3
# sigcount.py - test helper: writes its process group to READY, counts the SIGINTs it
# receives; once the first arrived it waits 0.5 s for duplicates, exits 10 + count.
import os
import signal
import sys
import time

count = 0


def on_int(signum, frame):
    global count
    count += 1


signal.signal(signal.SIGINT, on_int)
with open(sys.argv[1] + ".tmp", "w") as f:   # ready: the handler is in place
    f.write("%d\n" % os.getpgid(0))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
deadline = time.time() + 10
while time.time() < deadline and count == 0:
    time.sleep(0.02)
time.sleep(0.5)
sys.exit(10 + count)
