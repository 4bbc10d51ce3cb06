#!/bin/sh
# run_estimated.sh ETEST CASE_DIR - a bad log that must still be estimated: etest on
# CASE_DIR/input.log (--intensity 50 --pue 1 --model ga --format json) must exit 0 within
# 1 GiB of memory and 20 s, and its JSON run must satisfy every line of CASE_DIR/expected:
#   PATH = NUMBER      a number of the run (dotted path, list indexes as numbers), to 1e-9
#   PATH = null        unknown
#   PATH ~ TEXT        a string that contains TEXT
#   warning ~ TEXT     some warning contains TEXT
#   no warning ~ TEXT  no warning contains TEXT
# Lines starting with '#' say how each figure was worked out by hand.
set -u
etest=$1 dir=$2
cd "$dir" || exit 1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
limit_mem=
[ "${ET_ASAN:-0}" = 1 ] || limit_mem="ulimit -v 1048576;"
sh -c "$limit_mem"' exec timeout 20 "$0" --intensity 50 --pue 1 --model ga --format json input.log' \
	"$etest" >"$out" 2>"$err"
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "exit status $rc, want 0"; cat "$err"; echo "0 passed, 1 failed"; exit 1
fi
python3 - "$out" expected <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
failed = 0
def get(path):
    v = run
    for k in path.split("."):
        v = v[int(k)] if isinstance(v, list) else v[k]
    return v
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    try:
        if line.startswith("warning ~ "):
            ok = any(line[10:] in w for w in run["warnings"])
        elif line.startswith("no warning ~ "):
            ok = not any(line[13:] in w for w in run["warnings"])
        elif " ~ " in line:
            path, text = line.split(" ~ ", 1)
            ok = text in get(path)
        else:
            path, want = line.split(" = ", 1)
            got = get(path)
            if want == "null":
                ok = got is None
            else:
                ok = got is not None and abs(got - float(want)) <= 1e-9 * max(1, abs(float(want)))
    except (KeyError, IndexError, TypeError, ValueError) as e:
        ok = False
    if not ok:
        failed = 1
        print("FAIL:", line)
if failed:
    print(json.dumps(run, indent=1)[:6000])
print("%d passed, %d failed" % (1 - failed, failed))
sys.exit(failed)
PY
