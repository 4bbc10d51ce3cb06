#!/usr/bin/env python3
# cpu_workload.py - a test workload for etrec's CPU accounting: many short-lived
# processes, and double-forked orphans burning CPU; prints the CPU seconds it used.
"""usage: cpu_workload.py NSHORT NORPHANS BURN_S OUT [KIDS [SHORT_MS]]
NSHORT short-lived processes, waited for, each burning SHORT_MS ms of CPU (default:
almost none); NORPHANS double-forked orphans burning BURN_S s, each first starting
KIDS children that burn BURN_S/2 s and that it leaves behind (not waited for, so they
are orphaned in turn when it exits). Writes to OUT the total CPU seconds of itself,
its waited children and every orphan (each reports its own getrusage through a pipe
before exiting)."""
import os
import resource
import sys
import time


def burn(seconds):
    end = time.process_time() + seconds
    x = 0
    while time.process_time() < end:
        x += 1
    return x


def cpu_s(who):
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def main():
    nshort, norphans, burn_s, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    kids = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    short_s = float(sys.argv[6]) / 1000 if len(sys.argv) > 6 else 0.0
    for _ in range(nshort):                 # short-lived processes, waited for
        pid = os.fork()
        if pid == 0:
            sum(range(1000))
            burn(short_s)
            os._exit(0)
        os.waitpid(pid, 0)
    rd, wr = os.pipe()
    for _ in range(norphans):              # double fork: the grandchild is orphaned
        pid = os.fork()
        if pid == 0:
            if os.fork() == 0:
                os.close(rd)
                for _ in range(kids):      # left behind: orphaned when we exit
                    if os.fork() == 0:
                        burn(burn_s / 2)
                        os.write(wr, b"%.6f\n" % cpu_s(resource.RUSAGE_SELF))
                        os._exit(0)
                burn(burn_s)
                os.write(wr, b"%.6f\n" % cpu_s(resource.RUSAGE_SELF))
                os._exit(0)
            os._exit(0)
        os.waitpid(pid, 0)
    os.close(wr)
    burn(burn_s)
    reports = b""
    while True:                            # EOF once every orphan has exited
        chunk = os.read(rd, 4096)
        if not chunk:
            break
        reports += chunk
    orphans = [float(x) for x in reports.split()]
    if len(orphans) != norphans * (1 + kids):
        sys.exit("cpu_workload: %d orphan reports, %d expected" % (len(orphans), norphans * (1 + kids)))
    time.sleep(0.3)                        # let the recorder reap the orphans
    total = cpu_s(resource.RUSAGE_SELF) + cpu_s(resource.RUSAGE_CHILDREN) + sum(orphans)
    with open(out, "w") as f:
        f.write("%.6f\n" % total)


if __name__ == "__main__":
    main()
