# psutil_loop.py - the benchmark's psutil baseline: the paper's per-user sampling
# (process_iter with username, cpu_percent, memory_info) at etrec's interval.
"""usage: /usr/bin/python3 psutil_loop.py SAMPLES INTERVAL_S -> "cpu_s_per_sample samples" """
import getpass
import resource
import sys
import time

import psutil


def cpu_s():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main():
    samples, interval = int(sys.argv[1]), float(sys.argv[2])
    user = getpass.getuser()
    start = cpu_s()
    for _ in range(samples):
        cpu = 0.0
        rss = 0
        for p in psutil.process_iter(["pid", "username", "cpu_percent", "memory_info"]):
            if p.info["username"] == user:
                cpu += p.info["cpu_percent"] or 0.0
                if p.info["memory_info"] is not None:
                    rss += p.info["memory_info"].rss
        psutil.cpu_times()
        psutil.virtual_memory()
        time.sleep(interval)
    print("%.9f %d" % ((cpu_s() - start) / samples, samples))


if __name__ == "__main__":
    main()
