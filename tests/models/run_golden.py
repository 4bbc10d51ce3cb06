#!/usr/bin/env python3
# run_golden.py - replay one golden case (tests/models/golden/<case>/input.log) with etest
# and compare every model's Wh and gCO2e with the hand-computed expected.json.
#
# usage: run_golden.py ETEST CASE_DIR
# expected.json: {"log": path relative to the case (optional, default input.log), "args":
#   [...] (optional, default --model all --format json --intensity 50 --pue 1.5), "complete": bool, "duration_s": s, "warnings_contain": [substrings],
#   "models": {"<model>": {"cpu_wh":..,"gpu_wh":..,"ram_wh":..,"energy_wh":..,"co2e_g":..}}}
# Prints "N passed, N failed" and exits 1 on any failure.
import json
import math
import os
import subprocess
import sys

DEFAULT_ARGS = ["--model", "all", "--format", "json", "--intensity", "50", "--pue", "1.5"]
REL_TOL = 1e-6
ABS_TOL = 1e-9
FIELDS = ("cpu_wh", "gpu_wh", "ram_wh", "energy_wh", "co2e_g", "pue", "intensity_g_per_kwh")


def main():
    etest, case = sys.argv[1], sys.argv[2]
    with open(os.path.join(case, "expected.json")) as f:
        want = json.load(f)
    log = os.path.join(case, want.get("log", "input.log"))
    cmd = [etest, log] + want.get("args", DEFAULT_ARGS)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: " + what)

    check(proc.returncode == 0, "etest exit status %d, stderr: %s" % (proc.returncode, proc.stderr.strip()))
    try:
        got = json.loads(proc.stdout)
        run = got["runs"][0]
    except (ValueError, KeyError, IndexError) as e:
        print("FAIL: no run in etest's JSON (%s); stdout: %s; stderr: %s"
              % (e, proc.stdout[:400], proc.stderr.strip()))
        print("%d passed, %d failed" % (passed, failed + 1))
        return 1

    if "complete" in want:
        check(run.get("complete") == want["complete"],
              "complete = %r, want %r" % (run.get("complete"), want["complete"]))
    if "duration_s" in want:
        check(math.isclose(run.get("duration_s", -1), want["duration_s"], rel_tol=REL_TOL, abs_tol=ABS_TOL),
              "duration_s = %r, want %r" % (run.get("duration_s"), want["duration_s"]))
    warnings = " | ".join(run.get("warnings", []))
    for text in want.get("warnings_contain", []):
        check(text in warnings, "no warning contains %r (warnings: %s)" % (text, warnings))

    models = {m.get("model"): m for m in run.get("models", [])}
    for name, fields in want["models"].items():
        m = models.get(name)
        check(m is not None, "model %s missing from the output" % name)
        if m is None:
            continue
        for key in FIELDS:
            if key not in fields:
                continue
            value = m.get(key)
            ok = isinstance(value, (int, float)) and math.isclose(
                value, fields[key], rel_tol=REL_TOL, abs_tol=ABS_TOL)
            check(ok, "%s %s = %r, want %r" % (name, key, value, fields[key]))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
