#!/bin/sh
# t0304-etest-rapl.sh - etest on format 1.2 logs: the RAPL input line of the tools that read
# RAPL, eit's "cannot run" (no figure, exit 0, the other models intact) on a log without
# RAPL, in the table, the JSON and the PDF. Needs ETEST, GOLDEN (tests/models/golden).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
R=$GOLDEN/rapl_pmon/input.log
OLD=$GOLDEN/constant/input.log

# The log's figures by hand (tests/models/golden/rapl_pmon/expected.md, test_integrate.c):
# package-0 2800 J = 0.777778 Wh, the top-level zones but psys the same; eit CPU 1650 J =
# 0.4583 Wh, GPU 1125 J = 0.3125 Wh, RAM 100 J = 0.02778 Wh.
test_expect_success 'a log with RAPL: each tool says it read RAPL, and which zones' '
	"$ETEST" --intensity 50 --model codecarbon,carbontracker,eit "$R" >out &&
	grep -q "^  input cpu_rapl_wh = 0.777778 Wh, measured: RAPL package zones, summed as CodeCarbon 2.x does .*package-0, core, dram, psys.* \[codecarbon\]$" out &&
	grep -q "^  input cpu_rapl_wh = 0.777778 Wh, measured: RAPL top-level zones but psys.* \[carbontracker\]$" out &&
	grep -q "^  eit  *0.4583  *0.3125  *0.02778 " out &&
	! grep -q "cpu_tdp_package_w" out
'
test_expect_success 'eit on a log without RAPL: cannot run, no figure, the others intact, exit 0' '
	"$ETEST" --intensity 50 --model eit,ga "$OLD" >out &&
	grep -q "^  eit  *cannot run on this log: no RAPL energy in the log" out &&
	grep -q "^  ga  *0.2611 " out &&
	"$ETEST" --intensity 50 --model eit,ga --format json "$OLD" >out.json &&
	python3 -c "
import json
m = json.load(open(\"out.json\"))[\"runs\"][0][\"models\"]
assert m[0][\"model\"] == \"eit\" and m[0][\"energy_wh\"] is None and m[0][\"co2e_g\"] is None, m[0]
assert \"no RAPL energy\" in m[0][\"unavailable\"]
assert m[1][\"energy_wh\"] > 0 and \"unavailable\" not in m[1]
" &&
	"$ETEST" --intensity 50 --model eit,ga --pdf r.pdf "$OLD" >/dev/null &&
	pdftotext r.pdf - | tr -s " \n" "  " | grep -q "eit: cannot run on this log"
'
test_expect_success 'etest models lists eit, not in --model all' '
	"$ETEST" models >out &&
	grep -q "^eit  *experiment-impact-tracker.*(not in --model all)$" out &&
	"$ETEST" --intensity 50 --format csv "$R" >all.csv && ! grep -q ",\"eit\"," all.csv
'
test_done
