#!/usr/bin/env python3
# logcheck.py - a strict reader of etrec logs for the tests: checks every record kind
# against docs/log-format.md, and extracts column values for the shell tests.
"""usage: logcheck.py check LOG [--truncated-ok] [--no-launch]
       logcheck.py get LOG KIND COLUMN [first|last|min|max|count|all]
       logcheck.py header LOG KEY"""
import csv
import io
import json
import sys

HEADER_KEYS = {
    "format": str, "version": str, "etrec_version": str, "host": (str, type(None)),
    "kernel": (str, type(None)), "arch": (str, type(None)), "cpu_model": (str, type(None)),
    "sockets": int, "physical_cores": int, "logical_cpus": int, "user_hz": int,
    "page_size": int, "mem_total_kib": (int, type(None)), "uid": int,
    "user": (str, type(None)), "command": list, "cwd": (str, type(None)), "tags": dict,
    "interval_ms": int, "idle_ms": int, "start_utc_ms": int, "start_mono_ms": int,
    "pid": int, "scheduler": dict, "cgroup_cpu_stat": (str, type(None)), "gpus": list,
    "gpu_source": str, "job_scope": dict, "rapl": dict, "gpu_process_source": str,
}
COLUMNS = {
    "S": ["t_mono_ms", "t_utc_ms", "job_cpu_jiffies", "job_rss_kib", "job_nproc",
          "user_cpu_jiffies", "user_rss_kib", "user_nproc", "user_cgroup_usec",
          "sys_busy_jiffies", "sys_total_jiffies", "mem_total_kib", "mem_available_kib",
          "job_cgroup_usec", "job_cgroup_mem_kib", "job_cgroup_peak_kib"],
    "G": ["t_mono_ms", "t_utc_ms", "phase", "gpu_index", "power_w", "power_limit_w",
          "util_pct", "mem_used_mib", "job_procs", "job_mem_mib", "user_procs", "user_mem_mib"],
    "E": ["t_mono_ms", "t_utc_ms", "event", "detail"],
    "X": ["t_mono_ms", "t_utc_ms", "status", "code", "etrec_exit", "job_utime_s",
          "job_stime_s", "job_maxrss_kib", "etrec_utime_s", "etrec_stime_s",
          "etrec_maxrss_kib", "smi_utime_s", "smi_stime_s"],
    "R": ["t_mono_ms", "t_utc_ms", "zone", "energy_uj"],
    "P": ["t_mono_ms", "t_utc_ms", "gpu_index", "job_sm_pct", "job_mem_pct", "user_sm_pct",
          "user_mem_pct", "all_sm_pct", "all_mem_pct", "all_procs"],
}
COUNTERS = ["job_cpu_jiffies", "user_cpu_jiffies", "user_cgroup_usec",
            "sys_busy_jiffies", "sys_total_jiffies", "job_cgroup_usec"]
EVENTS = {"idle_start", "idle_end", "launch", "signal", "warning"}
STATUSES = {"exited", "signaled", "exec_failed", "not_launched"}


class LogError(Exception):
    pass


def need(cond, lineno, text):
    if not cond:
        raise LogError(f"line {lineno}: {text}")


def integer(v, lineno, col, na_ok=False):
    if v == "NA" and na_ok:
        return None
    need(v.isdigit(), lineno, f"{col}: integer expected, got {v!r}")
    return int(v)


def number(v, lineno, col, na_ok=True):
    if v == "NA" and na_ok:
        return None
    try:
        x = float(v)
    except ValueError:
        raise LogError(f"line {lineno}: {col}: number expected, got {v!r}")
    need(x == x and x >= 0, lineno, f"{col}: non-negative number expected, got {v!r}")
    return x


def parse(path, truncated_ok=False, launch_expected=True):
    """Return (header, records) where records maps kind -> list of dicts."""
    data = open(path, "rb").read()
    text = data.decode("utf-8")          # must be UTF-8
    lines = text.split("\n")
    truncated = lines[-1] != ""
    if truncated:
        need(truncated_ok, len(lines), "last line has no final newline")
    lines = lines[:-1]
    need(len(lines) >= 2, 1, "no header")
    need(lines[0] == "etrec-log 1", 1, f"bad magic {lines[0]!r}")
    header = json.loads(lines[1])
    for key, typ in HEADER_KEYS.items():
        need(key in header, 2, f"header key {key} missing")
        need(isinstance(header[key], typ) and not isinstance(header[key], bool), 2,
             f"header key {key} has type {type(header[key]).__name__}")
    need(header["format"] == "etrec-log" and header["version"] == "1.2", 2, "bad format/version")
    scope = header["job_scope"]
    need(scope.get("source") in ("cgroup", "proc") and
         set(scope) == ({"source", "cgroup"} if scope["source"] == "cgroup" else {"source", "why"}) and
         all(isinstance(v, str) and v for v in scope.values()), 2, f"bad job_scope {scope}")
    rapl = header["rapl"]
    need(set(rapl) == {"source", "zones"} and isinstance(rapl["zones"], list), 2, f"bad rapl {rapl}")
    need(rapl["source"].startswith("powercap ") == bool(rapl["zones"]) and
         (rapl["zones"] or rapl["source"].startswith("none: ")), 2, f"bad rapl source {rapl}")
    for i, z in enumerate(rapl["zones"]):
        need(set(z) == {"id", "path", "name", "parent", "max_energy_range_uj"} and z["id"] == i and
             (z["parent"] is None or (isinstance(z["parent"], int) and z["parent"] < i)) and
             isinstance(z["max_energy_range_uj"], int) and z["max_energy_range_uj"] > 0, 2,
             f"bad rapl zone {z}")
    need(header["gpu_process_source"] == "nvidia-smi pmon" or
         header["gpu_process_source"].startswith("none: "), 2, "bad gpu_process_source")
    need(all(isinstance(a, str) for a in header["command"]) and header["command"], 2, "bad command")
    need(header["user_hz"] > 0 and header["interval_ms"] >= 100, 2, "bad user_hz/interval_ms")
    for g in header["gpus"]:
        need(set(g) == {"index", "uuid", "name", "power_limit_w"}, 2, f"bad gpu entry {g}")
    gpu_indexes = {g["index"] for g in header["gpus"]}

    names = {}
    records = {k: [] for k in COLUMNS}
    launches = 0
    last_mono = -1
    prev = {}
    energy = {}
    last_kind = None
    last_s_mono = None
    ended = False
    for lineno, line in enumerate(lines[2:], start=3):
        need(not ended, lineno, "record after the X record")
        fields = next(csv.reader(io.StringIO(line), strict=True))
        kind = fields[0]
        if kind == "C":
            need(not any(records.values()), lineno, "C line after a record")
            need(fields[1] in COLUMNS and fields[1] not in names, lineno, f"bad C line {line!r}")
            need(fields[2:] == COLUMNS[fields[1]], lineno, f"columns of {fields[1]} differ")
            names[fields[1]] = fields[2:]
            continue
        need(kind in names, lineno, f"record kind {kind!r} without C line")
        need(len(fields) - 1 == len(names[kind]), lineno,
             f"{kind}: {len(fields) - 1} fields for {len(names[kind])} columns")
        rec = dict(zip(names[kind], fields[1:]))
        mono = integer(rec["t_mono_ms"], lineno, "t_mono_ms")
        integer(rec["t_utc_ms"], lineno, "t_utc_ms")
        need(mono >= last_mono, lineno, "t_mono_ms goes backwards")
        last_mono = mono
        if kind == "S":
            need(launches == 1, lineno, "S record before the launch event")
            for col in COLUMNS["S"][2:]:
                v = integer(rec[col], lineno, col, na_ok=col in (
                    "user_cgroup_usec", "sys_busy_jiffies", "sys_total_jiffies",
                    "mem_total_kib", "mem_available_kib", "job_cgroup_usec",
                    "job_cgroup_mem_kib", "job_cgroup_peak_kib"))
                if header["job_scope"]["source"] == "proc" and col.startswith("job_cgroup_"):
                    need(v is None, lineno, f"{col} without a cgroup job scope")
                if col in COUNTERS and v is not None and col in prev:
                    need(v >= prev[col], lineno, f"counter {col} decreased")
                if v is not None:
                    prev[col] = v
        elif kind == "G":
            need(rec["phase"] in ("idle", "run"), lineno, "bad phase")
            need(rec["phase"] == "run" or launches == 0, lineno, "idle G record after launch")
            need(integer(rec["gpu_index"], lineno, "gpu_index") in gpu_indexes, lineno,
                 "gpu_index not in header")
            for col in COLUMNS["G"][4:]:
                number(rec[col], lineno, col)
        elif kind == "R":
            need(last_kind in ("S", "R") and mono == last_s_mono, lineno, "R record not right after its S")
            zone = integer(rec["zone"], lineno, "zone")
            need(zone < len(header["rapl"]["zones"]), lineno, "zone not in header")
            e = integer(rec["energy_uj"], lineno, "energy_uj", na_ok=True)
            if e is not None:
                need(e >= energy.get(zone, 0), lineno, "energy_uj decreased")
                if zone not in energy:
                    need(e == 0, lineno, "first energy_uj of a zone is not 0")
                energy[zone] = e
        elif kind == "P":
            need(header["gpu_process_source"] == "nvidia-smi pmon", lineno, "P record without pmon")
            need(last_kind in ("G", "P"), lineno, "P record not after the G records")
            need(integer(rec["gpu_index"], lineno, "gpu_index") in gpu_indexes, lineno,
                 "gpu_index not in header")
            for col in COLUMNS["P"][3:9]:
                number(rec[col], lineno, col)
            integer(rec["all_procs"], lineno, "all_procs", na_ok=True)
        elif kind == "E":
            need(rec["event"] in EVENTS, lineno, f"bad event {rec['event']!r}")
            if rec["event"] == "launch":
                launches += 1
                need(launches == 1, lineno, "second launch event")
                integer(rec["detail"], lineno, "launch pid")
            if rec["event"] in ("warning", "signal"):
                need(rec["detail"] != "", lineno, "empty detail")
        elif kind == "X":
            need(rec["status"] in STATUSES, lineno, "bad status")
            code = integer(rec["code"], lineno, "code")
            ex = integer(rec["etrec_exit"], lineno, "etrec_exit")
            if rec["status"] == "exited":
                need(ex == code, lineno, "etrec_exit != code")
            elif rec["status"] == "signaled":
                need(ex == 128 + code, lineno, "etrec_exit != 128+signal")
            for col in COLUMNS["X"][5:]:
                need(number(rec[col], lineno, col, na_ok=False) is not None, lineno, col)
            ended = True
        if kind == "S":
            last_s_mono = mono
        last_kind = kind
        records[kind].append(rec)
    if launch_expected:
        need(launches == 1, len(lines), "no launch event")
        need(records["S"], len(lines), "no S record")
    if not truncated_ok:
        need(ended, len(lines), "no X record")
    return header, records


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, path = argv[1], argv[2]
    try:
        if cmd == "check":
            header, recs = parse(path, "--truncated-ok" in argv, "--no-launch" not in argv)
            print(" ".join(f"{k}={len(v)}" for k, v in recs.items()))
            return 0
        header, recs = parse(path, truncated_ok=True, launch_expected=False)
    except (LogError, ValueError, csv.Error) as e:
        print(f"logcheck: {path}: {e}", file=sys.stderr)
        return 1
    if cmd == "header":
        v = header
        for part in argv[3].split("."):
            v = v[int(part)] if isinstance(v, list) else v[part]
        print(json.dumps(v) if not isinstance(v, str) else v)
        return 0
    if cmd == "get":
        kind, col = argv[3], argv[4]
        how = argv[5] if len(argv) > 5 else "last"
        vals = [r[col] for r in recs[kind]]
        if how == "count":
            print(len(vals))
        elif how == "all":
            print("\n".join(vals))
        elif not vals:
            return 1
        elif how in ("first", "last"):
            print(vals[0] if how == "first" else vals[-1])
        else:
            nums = [float(v) for v in vals if v != "NA"]
            x = (min(nums) if how == "min" else max(nums)) if nums else None
            print("NA" if x is None else int(x) if x.is_integer() else x)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
