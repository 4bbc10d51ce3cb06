#!/usr/bin/env python3
# cpu_workload.py - a test workload for etrec's CPU accounting: many short-lived
# processes, and double-forked orphans burning CPU; prints the CPU seconds it used.
"""usage: cpu_workload.py NSHORT NORPHANS BURN_S OUT
Writes to OUT the total CPU seconds of itself, its waited children and the orphans
(each orphan reports its own getrusage through a pipe before exiting)."""
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
    for _ in range(nshort):                 # short-lived processes, waited for
        pid = os.fork()
        if pid == 0:
            sum(range(1000))
            os._exit(0)
        os.waitpid(pid, 0)
    rd, wr = os.pipe()
    for _ in range(norphans):              # double fork: the grandchild is orphaned
        pid = os.fork()
        if pid == 0:
            if os.fork() == 0:
                os.close(rd)
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
    if len(orphans) != norphans:
        sys.exit("cpu_workload: %d orphan reports, %d expected" % (len(orphans), norphans))
    time.sleep(0.3)                        # let the recorder reap the orphans
    total = cpu_s(resource.RUSAGE_SELF) + cpu_s(resource.RUSAGE_CHILDREN) + sum(orphans)
    with open(out, "w") as f:
        f.write("%.6f\n" % total)


if __name__ == "__main__":
    main()
