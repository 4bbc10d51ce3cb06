#!/usr/bin/env python3
"""pdf_check.py - helpers of t0503-store-pdf.sh.

usage: pdf_check.py strings REPORT.json   the texts the PDF must show for this JSON report
                                          (totals and group names, rounded as the table
                                          rounds them), one a line
       pdf_check.py ink PAGE.pgm          the non-white pixels of a binary PGM, width, height
"""
import json
import math
import sys


def num_s(v, prec):
    """prec significant digits, never an exponent (et_report_num's 's' style)."""
    mag = math.floor(math.log10(abs(v))) if v != 0 else 0
    return "%.*f" % (max(0, min(12, prec - 1 - mag)), v)


def scaled(v, units):
    """units (base, x1000, x1e6): 4 significant digits below 1000, else 3 decimals of the
    larger unit, as et_period_energy_str and et_period_co2_str."""
    if abs(v) >= 1e6:
        return "%.3f %s" % (v / 1e6, units[2])
    if abs(v) >= 1000:
        return "%.3f %s" % (v / 1000, units[1])
    return num_s(v, 4) + " " + units[0]


def energy(wh):
    return scaled(wh, ("Wh", "kWh", "MWh"))


def co2(g):
    return scaled(g, ("gCO2e", "kgCO2e", "tCO2e"))


def strings(path):
    r = json.load(open(path))
    t = r["totals"]
    m0 = t["models"][0]
    out = [energy(m0["energy_wh"]) + " (model " + m0["model"] + ", with the PUE)",
           co2(m0["co2e_g"]) + ", on average %.1f gCO2e/kWh" % m0["intensity_g_per_kwh"],
           "%d, of them %d incomplete" % (t["runs"], t["incomplete_runs"]),
           "%.1f h, %.1f h" % (t["cpu_hours"], t["gpu_hours"]),
           energy(t["gpu_idle_wh"]) + " (whole-board energy minus energy above idle"]
    if len(t["models"]) > 1:
        s = t["spread"]
        out.append("%s to %s, %s to %s (%d models)" % (energy(s["energy_wh_min"]), energy(s["energy_wh_max"]),
                                                        co2(s["co2e_g_min"]), co2(s["co2e_g_max"]),
                                                        len(t["models"])))
        for m in t["models"]:   # the models page: each model's total
            out.append("%s %s %s" % (m["model"], energy(m["energy_wh"]), co2(m["co2e_g"])))
    for g in r["groups"]:
        e = g["models"][0]
        out.append("%s %d %d %.1f %.1f %s %s %s" % (g["group"], g["runs"], g["incomplete_runs"], g["cpu_hours"],
                                                    g["gpu_hours"], energy(g["gpu_idle_wh"]),
                                                    energy(e["energy_wh"]), co2(e["co2e_g"])))
    out.append("total %d %d %.1f %.1f %s %s %s" % (t["runs"], t["incomplete_runs"], t["cpu_hours"], t["gpu_hours"],
                                                   energy(t["gpu_idle_wh"]), energy(m0["energy_wh"]),
                                                   co2(m0["co2e_g"])))
    print("\n".join(out))


def ink(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:   # P5 W H MAXVAL, whitespace-separated, comments skipped
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P5":
        raise SystemExit("pdf_check: %s is not a binary PGM" % path)
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos:pos + w * h]
    print(sum(1 for p in pixels if p < 240), w, h)


if __name__ == "__main__":
    {"strings": strings, "ink": ink}[sys.argv[1]](sys.argv[2])
