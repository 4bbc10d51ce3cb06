#!/usr/bin/env python3
# make_log.py - writes input.log: the seed paper's 5-minute `sleep 300` on the Grid5000
# node (Figure 11, Sleep2) as etrec would have recorded it. Run once; the log is committed.
import json

HEADER = {
    "format": "etrec-log", "version": "1.0", "etrec_version": "0.1.0",
    "host": "gemini-1.lyon.grid5000.fr", "kernel": "Linux 5.10.0-28-amd64", "arch": "x86_64",
    "cpu_model": "Intel(R) Xeon(R) CPU E5-2698 v4 @ 2.20GHz",
    "sockets": 2, "physical_cores": 40, "logical_cpus": 80, "user_hz": 100,
    "page_size": 4096, "mem_total_kib": 504 * 1048576, "uid": 1000, "user": "nlemmers",
    "command": ["sleep", "300"], "cwd": "/home/nlemmers", "tags": {"paper": "sleep2"},
    "interval_ms": 10000, "idle_ms": 30000, "start_utc_ms": 1688464800000,
    "start_mono_ms": 5000000, "pid": 31000, "scheduler": {"OAR_JOB_ID": "1234567"},
    "cgroup_cpu_stat": None,
    "gpus": [{"index": 0, "uuid": "GPU-0b0e5c1a-42aa-4d2e-9c11-5eed00000001",
              "name": "Tesla V100-SXM2-32GB", "power_limit_w": 300.0}],
    "gpu_source": "nvidia-smi /usr/bin/nvidia-smi",
}
COLUMNS = [
    "C,S,t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib,job_nproc,user_cpu_jiffies,user_rss_kib,"
    "user_nproc,user_cgroup_usec,sys_busy_jiffies,sys_total_jiffies,mem_total_kib,mem_available_kib",
    "C,G,t_mono_ms,t_utc_ms,phase,gpu_index,power_w,power_limit_w,util_pct,mem_used_mib,job_procs,"
    "job_mem_mib,user_procs,user_mem_mib",
    "C,E,t_mono_ms,t_utc_ms,event,detail",
    "C,X,t_mono_ms,t_utc_ms,status,code,etrec_exit,job_utime_s,job_stime_s,job_maxrss_kib,"
    "etrec_utime_s,etrec_stime_s,etrec_maxrss_kib,smi_utime_s,smi_stime_s",
]
MONO0, UTC0 = HEADER["start_mono_ms"], HEADER["start_utc_ms"]
GPU_W = 42.0          # the V100's passive power on Grid5000 (paper, section 4)


def at(ms):
    return "%d,%d" % (MONO0 + ms, UTC0 + ms)


def main():
    lines = ["etrec-log 1", json.dumps(HEADER, separators=(",", ":"))] + COLUMNS
    lines.append("E,%s,idle_start," % at(0))
    for t in (0, 10000, 20000, 30000):
        lines.append("G,%s,idle,0,%.1f,300.0,0,0,0,0,0,0" % (at(t), GPU_W))
    lines.append("E,%s,idle_end," % at(30000))
    lines.append("E,%s,launch,31001" % at(30000))
    busy, total = 1000000, 80000000
    for k in range(31):               # launch + 0, 10, ..., 300 s
        t = 30000 + 10000 * k
        # sleep: no CPU time, 2048 KiB; the user: 5 jiffies and 64 MiB more (etrec,
        # a shell); the machine 1 % busy (800 of 80 CPUs x 100 Hz x 10 s).
        lines.append("S,%s,0,2048,1,%d,65536,6,NA,%d,%d,%d,%d"
                     % (at(t), 5 * k, busy + 800 * k, total + 80000 * k,
                        504 * 1048576, 500 * 1048576))
        lines.append("G,%s,run,0,%.1f,300.0,0,0,0,0,0,0" % (at(t), GPU_W))
    lines.append("X,%s,exited,0,0,0.0,0.0,2048,0.05,0.03,4096,0.9,0.6" % at(330000))
    with open("input.log", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
