#!/usr/bin/env python3
"""gen_lab.py - write a generated lab's etrec logs (docs/log-format.md) for the store tests.

usage: gen_lab.py DIR                 the October 2022 lab below (Europe/Paris)
       gen_lab.py --many N DIR        N one-hour logs at 10 s (0-4 GPUs) over a month
       gen_lab.py --grow-first DIR    the first half of grow.log only (it grows later)

The lab: several users, hosts and tags; runs crossing 2022-10-01 and 2022-11-01 (local),
one across the end of daylight saving time (2022-10-30 03:00 CEST -> 02:00 CET), a
truncated log, a corrupt file, a copy of a log under another folder, a log outside the
month, and grow.log, written half first (--grow-first) and whole later.
Everything is deterministic (a seeded generator).
"""
import json
import os
import random
import sys

UTC_2022_10_01_PARIS = 1664575200000   # 2022-10-01T00:00+02:00 in ms


def header(host, user, uid, pid, start_ms, n_gpus, tags, command, interval_ms, mono0):
    return {
        "format": "etrec-log", "version": "1.0", "etrec_version": "gen_lab",
        "host": host, "kernel": "Linux 6.1.0-18-amd64", "arch": "x86_64",
        "cpu_model": "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", "sockets": 2,
        "physical_cores": 32, "logical_cpus": 64, "user_hz": 100, "page_size": 4096,
        "mem_total_kib": 197632000, "uid": uid, "user": user, "command": command,
        "cwd": "/home/" + user, "tags": tags, "interval_ms": interval_ms,
        "idle_ms": 2000 if n_gpus else 0, "start_utc_ms": start_ms, "start_mono_ms": mono0,
        "pid": pid, "scheduler": {}, "cgroup_cpu_stat": None,
        "gpus": [{"index": i, "uuid": "GPU-%s-%d" % (host, i), "name": "Tesla V100-SXM2-32GB",
                  "power_limit_w": 300} for i in range(n_gpus)],
        "gpu_source": "nvidia-smi /usr/bin/nvidia-smi" if n_gpus else "none: --gpu none",
    }


def log_lines(rng, host, user, uid, pid, launch_ms, duration_s, n_gpus, tags, command,
              interval_ms=10000, complete=True):
    """The lines of one log; launch at launch_ms (UTC), samples every interval_ms."""
    mono0 = 1000 + pid
    idle = 2000 if n_gpus else 0
    start_ms = launch_ms - idle
    lines = ["etrec-log 1",
             json.dumps(header(host, user, uid, pid, start_ms, n_gpus, tags, command, interval_ms, mono0),
                        separators=(",", ":")),
             "C,S,t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib,job_nproc,user_cpu_jiffies,"
             "user_rss_kib,user_nproc,user_cgroup_usec,sys_busy_jiffies,sys_total_jiffies,"
             "mem_total_kib,mem_available_kib",
             "C,G,t_mono_ms,t_utc_ms,phase,gpu_index,power_w,power_limit_w,util_pct,mem_used_mib,"
             "job_procs,job_mem_mib,user_procs,user_mem_mib",
             "C,E,t_mono_ms,t_utc_ms,event,detail",
             "C,X,t_mono_ms,t_utc_ms,status,code,etrec_exit,job_utime_s,job_stime_s,job_maxrss_kib,"
             "etrec_utime_s,etrec_stime_s,etrec_maxrss_kib,smi_utime_s,smi_stime_s"]
    mono = mono0
    if n_gpus:
        lines.append("E,%d,%d,idle_start," % (mono, start_ms))
        for k in (500, 1500):
            for g in range(n_gpus):
                lines.append("G,%d,%d,idle,%d,%d,300,0,0,0,0,0,0" % (mono + k, start_ms + k, g, 40 + 5 * g))
        lines.append("E,%d,%d,idle_end," % (mono + idle, launch_ms))
    mono = mono0 + idle
    lines.append("E,%d,%d,launch,%d" % (mono, launch_ms, pid + 1))
    job = usr = busy = total = 0
    n = int(duration_s * 1000 // interval_ms)
    cores = rng.choice([1, 4, 16])
    for i in range(n + 1):
        t_mono = mono + i * interval_ms
        t_utc = launch_ms + i * interval_ms
        if i:
            dj = int(cores * 100 * interval_ms / 1000 * rng.uniform(0.5, 1.0))
            job += dj
            usr += dj + rng.randint(0, 50)
            total += 64 * 100 * interval_ms // 1000
            busy += min(dj + rng.randint(0, 2000), 64 * 100 * interval_ms // 1000)
        rss = rng.randint(1, 8) * 1048576
        lines.append("S,%d,%d,%d,%d,%d,%d,%d,%d,NA,%d,%d,197632000,150000000"
                     % (t_mono, t_utc, job, rss, 2, usr, rss + 4096, 3, busy, total))
        for g in range(n_gpus):
            p = rng.uniform(60, 290)
            lines.append("G,%d,%d,run,%d,%.1f,300,%d,4000,1,3900,1,3900"
                         % (t_mono, t_utc, g, p, rng.randint(0, 100)))
    end_mono = mono + n * interval_ms
    end_utc = launch_ms + n * interval_ms
    if complete:
        lines.append("X,%d,%d,exited,0,0,%.2f,0.50,2200000,0.05,0.03,2000,0.1,0.05"
                     % (end_mono, end_utc, job / 100.0 - 0.5))
    return lines


def write(path, lines, partial_tail=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
        if partial_tail:
            f.write("S,1,2,3")   # a last line cut short: the log of a killed machine


def h(hours):
    return int(hours * 3600 * 1000)


def lab(root):
    rng = random.Random(8)
    t0 = UTC_2022_10_01_PARIS
    runs = [
        # name, host, user, uid, pid, launch, duration_s, gpus, tags, command, complete
        ("alice/cross-start.log", "node1", "alice", 1001, 100, t0 - h(1), 7200, 1,
         {"project": "vision"}, ["/opt/conda/bin/python", "train.py", "--token=SECRET"], True),
        ("bob/dst.log", "gpu1", "bob", 1002, 200, t0 + h(29 * 24 + 2), 3 * 3600, 2,
         {"project": "nlp"}, ["./bench", "--size", "4"], True),
        ("carol/cross-end.log", "node2", "carol", 1003, 300, t0 + h(31 * 24), 7200, 0,
         {"project": "vision"}, ["make", "-j16"], True),
        ("alice/trunc.log", "node2", "alice", 1001, 400, t0 + h(5 * 24 + 9.25), 3000, 1,
         {}, ["python3", "eval.py"], False),
        ("dave/mid1.log", "node1", "dave", 1004, 500, t0 + h(12 * 24 + 14), 5400, 4,
         {"project": "nlp"}, ["srun", "python", "x.py"], True),
        ("dave/mid2.log", "node3", "dave", 1004, 501, t0 + h(20 * 24 + 3.25), 1800, 0,
         {"project": "misc"}, ["gzip", "data"], True),
        ("carol/november.log", "node2", "carol", 1003, 600, t0 + h(36 * 24), 3600, 0,
         {"project": "vision"}, ["make"], True),
    ]
    for name, host, user, uid, pid, launch, dur, gpus, tags, cmd, complete in runs:
        lines = log_lines(rng, host, user, uid, pid, launch, dur, gpus, tags, cmd, complete=complete)
        write(os.path.join(root, name), lines, partial_tail=not complete)
    # a copy of bob's log under another folder: one run
    with open(os.path.join(root, "bob/dst.log")) as f:
        text = f.read()
    os.makedirs(os.path.join(root, "copies"), exist_ok=True)
    with open(os.path.join(root, "copies/bob-dst-copy.log"), "w") as f:
        f.write(text)
    # a corrupt file
    with open(os.path.join(root, "corrupt.log"), "w") as f:
        f.write("this is not an etrec log\n")
    # files that are not logs are not read
    with open(os.path.join(root, "README.txt"), "w") as f:
        f.write("lab logs\n")
    grow(root, whole=True)


def grow(root, whole):
    rng = random.Random(80)
    lines = log_lines(rng, "node3", "erin", 1005, 700, UTC_2022_10_01_PARIS + h(15 * 24 + 10), 5400, 1,
                      {"project": "misc"}, ["julia", "sim.jl"])
    if not whole:   # the run still going: no X record, the first half of the samples
        lines = lines[:len(lines) // 2]
    write(os.path.join(root, "erin/grow.log"), lines)


def many(n, root):
    rng = random.Random(10000)
    month = 31 * 24 * 3600 * 1000
    for i in range(n):
        launch = UTC_2022_10_01_PARIS + rng.randrange(0, month - h(1), 1000)
        user = "user%02d" % rng.randrange(40)
        host = "node%02d" % rng.randrange(20)
        lines = log_lines(rng, host, user, 2000 + i % 40, 10000 + i, launch, 3600, rng.randrange(5),
                          {"project": "p%d" % rng.randrange(5)}, ["python", "job%d.py" % i])
        write(os.path.join(root, "d%02d" % (i % 100), "run%05d.log" % i), lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--many"]:
        many(int(args[1]), args[2])
    elif args[:1] == ["--grow-first"]:
        grow(args[1], whole=False)
    else:
        lab(args[0])
