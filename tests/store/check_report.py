#!/usr/bin/env python3
"""check_report.py - compare an `etest report --format json` with the sum of single-log
`etest --format json` results, computed here independently.

usage: check_report.py REPORT.json BY PERIOD LOG.json...
  BY      user | host | tag:KEY
  PERIOD  YYYY-MM (a month: a day counts when its Paris date starts with it)
          or "all" (whole runs: each model's total energy_wh and co2e_g)
Each LOG.json (or LOG.json::GROUP, naming its group for tag:KEY) is `etest --format json --model <the same models>` of one distinct run.
A day's energy comes from the model's intensity days (Europe/Paris local days, which
the report's Europe/Paris month is made of), its CO2e is energy_wh / 1000 x g_per_kwh.
Exits 1 with a message on the first difference above 1e-9 relative.
"""
import json
import sys


def group_of(run, by):
    if by in ("user", "host"):
        return run[by]
    raise SystemExit("check_report: --by %s: name each log's group as LOG.json::GROUP" % by)


def main():
    report_path, by, period = sys.argv[1:4]
    rep = json.load(open(report_path))
    expect = {}    # (group, model) -> [energy_wh, co2e_g, runs]
    for arg in sys.argv[4:]:
        # the single-log JSON has no tags: for --by tag:KEY the test names each log's
        # group as LOG.json::GROUP
        path, _, group = arg.partition("::")
        doc = json.load(open(path))
        for run in doc["runs"]:
            key = group if group else group_of(run, by)
            touched = False
            for m in run["models"]:
                if period == "all":
                    e, c = m["energy_wh"], m["co2e_g"]
                    touched = True
                else:
                    days = [d for d in m["intensity"]["days"] if d["date"].startswith(period)]
                    e = sum(d["energy_wh"] for d in days)
                    c = sum(d["energy_wh"] / 1000.0 * d["g_per_kwh"] for d in days)
                    touched = touched or bool(days)
                acc = expect.setdefault((key, m["model"]), [0.0, 0.0, 0])
                acc[0] += e
                acc[1] += c
            if touched:
                for m in run["models"]:
                    expect[(key, m["model"])][2] += 1
    got = {}
    for g in rep["groups"]:
        for m in g["models"]:
            got[(g["group"], m["model"])] = [m["energy_wh"], m["co2e_g"], g["runs"]]
    expect = {k: v for k, v in expect.items() if v[2] > 0}
    if set(expect) != set(got):
        raise SystemExit("groups differ: expected %s, got %s" % (sorted(expect), sorted(got)))

    def close(a, b):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))

    for k in sorted(expect):
        e, g = expect[k], got[k]
        if not (close(e[0], g[0]) and close(e[1], g[1]) and e[2] == g[2]):
            raise SystemExit("%s: expected energy %.12g Wh, %.12g gCO2e, %d runs; report says "
                             "%.12g Wh, %.12g gCO2e, %d runs" % (k, e[0], e[1], e[2], g[0], g[1], g[2]))
    # the totals are the sum of the groups
    for m in rep["totals"]["models"]:
        s = sum(v[0] for k, v in got.items() if k[1] == m["model"])
        if not close(s, m["energy_wh"]):
            raise SystemExit("total %s: %.12g Wh, groups add up to %.12g Wh" % (m["model"], m["energy_wh"], s))
    print("check_report: %d groups x models agree" % len(expect))


if __name__ == "__main__":
    main()
