#!/usr/bin/env python3
"""gen_slurm_logs.py - write etrec logs of SLURM jobs (docs/log-format.md 1.1, the header's
scheduler object) that join jobs of fixtures/sacct-cluster.txt, for the accounting tests.

usage: gen_slurm_logs.py DIR

Each log: one CPU busy for 60 s (interval 10 s, user_hz 100), so 60 CPU-seconds of the
job = 1/60 CPU-hour, starting 2026-11-30T08:34:46Z, no GPU.
  a.log  SLURM_CLUSTER_NAME ettest, SLURM_JOB_ID 1, account physics, partition debug
  b.log  ettest, SLURM_JOB_ID 7 (the array task 3_2's raw id), no account or partition
  c.log  ettest, only SLURM_ARRAY_JOB_ID 3 and SLURM_ARRAY_TASK_ID 3 (task 3_3)
"""
import json
import os
import sys

LAUNCH_MS = 1796027686000   # 2026-11-30T08:34:46Z


def log(pid, scheduler):
    header = {
        "format": "etrec-log", "version": "1.1", "etrec_version": "gen_slurm_logs",
        "host": "vm", "kernel": "Linux 6.1.0-18-amd64", "arch": "x86_64",
        "cpu_model": "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", "sockets": 1,
        "physical_cores": 2, "logical_cpus": 2, "user_hz": 100, "page_size": 4096,
        "mem_total_kib": 8000000, "uid": 0, "user": "root", "command": ["./busy"],
        "cwd": "/root", "tags": {}, "interval_ms": 10000, "idle_ms": 0,
        "start_utc_ms": LAUNCH_MS, "start_mono_ms": 5000 + pid, "pid": pid,
        "scheduler": scheduler, "cgroup_cpu_stat": None, "gpus": [],
        "gpu_source": "none: --gpu none",
    }
    lines = ["etrec-log 1", json.dumps(header, separators=(",", ":")),
             "C,S,t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib,job_nproc,user_cpu_jiffies,"
             "user_rss_kib,user_nproc,user_cgroup_usec,sys_busy_jiffies,sys_total_jiffies,"
             "mem_total_kib,mem_available_kib",
             "C,E,t_mono_ms,t_utc_ms,event,detail",
             "C,X,t_mono_ms,t_utc_ms,status,code,etrec_exit,job_utime_s,job_stime_s,job_maxrss_kib,"
             "etrec_utime_s,etrec_stime_s,etrec_maxrss_kib,smi_utime_s,smi_stime_s"]
    mono = 5000 + pid
    lines.append("E,%d,%d,launch,%d" % (mono, LAUNCH_MS, pid + 1))
    for i in range(7):
        j = i * 1000   # 100 jiffies a second: one CPU busy
        lines.append("S,%d,%d,%d,1048576,1,%d,1048576,1,NA,%d,%d,8000000,6000000"
                     % (mono + i * 10000, LAUNCH_MS + i * 10000, j, j, j, 2 * j))
    lines.append("X,%d,%d,exited,0,0,60.00,0.00,1048576,0.01,0.01,2000,0,0"
                 % (mono + 60000, LAUNCH_MS + 60000))
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    logs = {
        "a.log": (101, {"SLURM_CLUSTER_NAME": "ettest", "SLURM_JOB_ID": "1", "SLURM_JOB_USER": "root",
                        "SLURM_JOB_ACCOUNT": "physics", "SLURM_JOB_PARTITION": "debug"}),
        "b.log": (102, {"SLURM_CLUSTER_NAME": "ettest", "SLURM_JOB_ID": "7", "SLURM_ARRAY_JOB_ID": "3",
                        "SLURM_ARRAY_TASK_ID": "2"}),
        "c.log": (103, {"SLURM_CLUSTER_NAME": "ettest", "SLURM_ARRAY_JOB_ID": "3",
                        "SLURM_ARRAY_TASK_ID": "3"}),
    }
    for name, (pid, sched) in logs.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(log(pid, sched))


main()
