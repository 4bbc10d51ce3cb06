#!/bin/sh
# t_pdf.sh - etest --pdf / --png / --reference end to end: page counts, the PDF's text
# against the JSON output of the same command, no blank page for runs of every shape,
# PNG sizes, reference deviations computed by hand, and failures that leave nothing.
. "$ET_SHELL_LIB"
. "$(dirname "$0")/pdf_lib.sh"   # not_blank PDF MIN_INK, dejavu_only PDF

SRC=$ET_SOURCE_DIR
export ETEST_CACHE=/nonexistent/cache.sqlite TZ=Europe/Paris
etest() { "$ETEST" "$@"; }

# ink PNG: "pixels width height" of the non-white pixels of a PNG (test_draw ink)
ink() { "$TEST_DRAW" ink "$1"; }
# page_ink PDF: every page rendered at 100 dpi has more than 2 % ink (A4: 827 x 1170)
page_ink() { not_blank "$1" 19000; }

pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }

test_expect_success 'generated logs: 4 GPUs with idle, a gap, truncated, 1 sample, a week' '
	"$GEN_RUN_LOG" g4.log --gpus 4 --seconds 3600 &&
	"$GEN_RUN_LOG" gap.log --gpus 1 --seconds 1800 --gap 600:300 &&
	"$GEN_RUN_LOG" trunc.log --gpus 2 --seconds 900 --truncated &&
	"$GEN_RUN_LOG" one.log --gpus 0 --seconds 0 &&
	"$GEN_RUN_LOG" week.log --gpus 1 --seconds 604800 --interval-ms 60000 &&
	test "$(grep -c "^S," one.log)" -eq 1 && ! grep -q "^X," trunc.log
'

# Pages: summary, models, over time, intensity and inputs; "GPU by GPU" with 2 GPUs or more.
test_expect_success 'pdfinfo: 4 pages for a CPU-only run, 5 with 4 GPUs, 1 + each run for 3 logs' '
	etest "$SRC/examples/cpu-burn.log" --intensity 50 -q --pdf cpu.pdf >/dev/null &&
	test "$(pages cpu.pdf)" -eq 4 &&
	pdfinfo cpu.pdf | grep -Eq "^Page size: +595.2[0-9]* x 841.8[0-9]* pts \(A4\)" &&
	etest g4.log --intensity 50 -q --pdf g4.pdf >/dev/null &&
	test "$(pages g4.pdf)" -eq 5 &&
	etest "$SRC/examples/cpu-burn.log" g4.log "$SRC/tests/estimator/logs/truncated.log" --intensity 50 -q \
		--pdf three.pdf >/dev/null &&
	test "$(pages three.pdf)" -eq 14 &&
	pdftotext -f 1 -l 1 three.pdf first.txt && grep -q "the runs compared" first.txt &&
	grep -q "cpu-burn.log" first.txt && grep -q "g4.log" first.txt && grep -q "truncated.log" first.txt &&
	pdftotext -f 2 -l 2 three.pdf second.txt && grep -q "energytrack report" second.txt &&
	grep -q "page 2" second.txt && pdftotext -f 14 -l 14 three.pdf last.txt && grep -q "page 14" last.txt
'

# The numbers of the JSON output, rounded as the terminal table rounds them (4 significant
# digits; energy in Wh, or kWh with 3 decimals from 1 kWh; PUE and intensity 2 decimals).
cat >rows.py <<'PY'
import json, math, sys
def sig(v, p=4):
    mag = math.floor(math.log10(abs(v))) if v else 0
    return "%.*f" % (min(max(p - 1 - mag, 0), 12), v)
def energy(wh):
    return "%.3f kWh" % (wh / 1000) if abs(wh) >= 1000 else sig(wh) + " Wh"
for run in json.load(open(sys.argv[1]))["runs"]:
    for m in run["models"]:
        print(" ".join([m["model"], sig(m["cpu_wh"]), sig(m["gpu_wh"]), sig(m["ram_wh"]), "%.2f" % m["pue"],
                        energy(m["energy_wh"]), "%.2f" % m["intensity_g_per_kwh"], sig(m["co2e_g"])]))
PY

test_expect_success 'pdftotext: every model, with the numbers of --format json (the table rounding)' '
	for log in "$SRC/examples/gpu-standin.log" "$SRC/tests/models/golden/two_gpus_idle/input.log" g4.log; do
		etest "$log" --intensity 52.5 -q --format json --pdf run.pdf >run.json &&
		python3 rows.py run.json >rows.txt &&
		test "$(wc -l <rows.txt)" -eq 7 &&
		pdftotext -layout -f 1 -l 1 run.pdf p1.txt &&
		sed "s/  */ /g; s/^ //" p1.txt >p1.flat &&
		while read -r row; do
			grep -qxF -- "$row" p1.flat || { echo "$log: no row \"$row\""; cat p1.flat; exit 1; }
		done <rows.txt || exit 1
	done &&
	for m in ga greenalgorithms codecarbon codecarbon3 eco2ai carbontracker gpu; do
		grep -q "^$m " rows.txt && pdftotext run.pdf - | grep -q "^$m: " || { echo "no assumption for $m"; exit 1; }
	done
'

test_expect_success 'pdftoppm: no blank page (CPU only, 4 GPUs with idle, truncated, gap, 1 sample, a week)' '
	page_ink cpu.pdf && page_ink g4.pdf &&
	for l in trunc gap one week; do
		etest $l.log --intensity 50 -q --pdf $l.pdf >/dev/null && page_ink $l.pdf || { echo "in $l.pdf"; exit 1; }
	done &&
	pdftotext -layout -f 1 -l 1 trunc.pdf - | grep -q "the log is truncated" &&
	pdftotext -f 3 -l 3 week.pdf - | grep -q "local time, Europe/Paris"
'

# 8 runs of 7 models: the charts of the first pages take the room they need (3 pages,
# planned before the runs come), the runs' pages are numbered after them.
test_expect_success 'several runs: first pages as many as the charts need, then the runs, numbered in order' '
	etest "$SRC/examples/cpu-burn.log" g4.log "$SRC/tests/estimator/logs/truncated.log" one.log gap.log \
		trunc.log week.log "$SRC/examples/gpu-standin.log" --intensity 50 -q --pdf eight.pdf >/dev/null &&
	n=$(pages eight.pdf) &&
	pdftotext eight.pdf all.txt && ! grep -q "too many bars" all.txt &&
	for p in 1 2 3; do
		pdftotext -f $p -l $p eight.pdf - | grep -q "the runs compared" || { echo "page $p"; exit 1; }
	done &&
	pdftotext -f 4 -l 4 eight.pdf - | grep -q "energytrack report" &&
	pdftotext -f 3 -l 3 eight.pdf - | grep -q "week.log (7 d 0 h 0 min)" &&
	for p in 1 4 $n; do
		pdftotext -f $p -l $p eight.pdf - | grep -qx "page $p" || { echo "footer of page $p"; exit 1; }
	done
'

test_expect_success 'fonts embedded, the text selectable' '
	dejavu_only cpu.pdf && dejavu_only three.pdf
'

test_expect_success '--png DIR: each chart a 1200 x 600 PNG, written whole' '
	mkdir charts &&
	etest g4.log "$SRC/examples/cpu-burn.log" --intensity 50 -q --png charts >/dev/null &&
	for f in g4-models g4-cpu g4-memory g4-gpu g4-gpu0 g4-gpu3 g4-intensity cpu-burn-models cpu-burn-cpu \
		cpu-burn-memory cpu-burn-intensity; do
		set -- $(ink charts/$f.png) && test "$2" -eq 1200 && test "$3" -eq 600 && test "$1" -gt 10000 ||
			{ echo "$f.png: $*"; exit 1; }
	done &&
	! test -e charts/cpu-burn-gpu.png &&
	test "$(ls charts | grep -vc "\.png$")" -eq 0
'

# Two logs named a.log and one a-2.log: three sets of files, none written over another.
test_expect_success '--png DIR: logs of the same name get -2, -3..., never another run'"'"'s files' '
	mkdir x y twins &&
	cp "$SRC/examples/cpu-burn.log" x/a.log && cp "$SRC/examples/cpu-burn.log" y/a.log &&
	cp "$SRC/examples/cpu-burn.log" a-2.log &&
	etest x/a.log y/a.log a-2.log --intensity 50 -q --png twins >/dev/null &&
	ls twins | grep -- "-models\.png$" | sort >models.txt &&
	printf "%s\n" a-2-2-models.png a-2-models.png a-models.png >want.txt &&
	test_cmp want.txt models.txt
'

test_expect_success 'a missing output folder: exit 1, a clear message, nothing left behind' '
	mkdir out &&
	test_must_fail_1() { "$@"; test $? -eq 1; } &&
	test_must_fail_1 etest g4.log --intensity 50 -q --pdf out/missing/r.pdf >/dev/null 2>err.txt &&
	grep -q "out/missing/r.pdf" err.txt &&
	test_must_fail_1 etest g4.log --intensity 50 -q --png out/missing >/dev/null 2>err.txt &&
	grep -q "out/missing" err.txt &&
	: >out/file &&
	test_must_fail_1 etest g4.log --intensity 50 -q --png out/file >/dev/null 2>err.txt &&
	grep -q "not a folder" err.txt &&
	test_must_fail_1 etest g4.log --intensity 50 -q --json out/r.json --pdf out/missing/r.pdf >/dev/null 2>&1 &&
	test_must_fail_1 etest out/no.log --intensity 50 -q --pdf out/none.pdf >/dev/null 2>err.txt &&
	grep -q "no PDF written" err.txt &&
	test "$(ls out)" = file
'

test_expect_success 'an existing PDF is replaced; a failed run leaves the old one' '
	etest "$SRC/examples/cpu-burn.log" --intensity 50 -q --pdf keep.pdf >/dev/null &&
	cp keep.pdf old.pdf &&
	etest g4.log --intensity 50 -q --pdf keep.pdf >/dev/null && ! cmp -s keep.pdf old.pdf &&
	test "$(pages keep.pdf)" -eq 5 && test "$(ls keep.pdf* | wc -l)" -eq 1 &&
	cp keep.pdf old.pdf &&
	{ etest g4.log --intensity 50 -q --pdf keep.pdf --reference /nonexistent.csv >/dev/null 2>&1; test $? -eq 1; } &&
	cmp keep.pdf old.pdf && test "$(ls keep.pdf* | wc -l)" -eq 1 &&
	# a failure after the PDF was begun (the bad --reference above stops etest before):
	# the writer had opened its temporary file, which goes; keep.pdf stays as it was
	{ etest missing.log --intensity 50 -q --pdf keep.pdf >/dev/null 2>err.txt; test $? -eq 1; } &&
	grep -q "keep.pdf: no log could be estimated: no PDF written" err.txt &&
	cmp keep.pdf old.pdf && test "$(ls keep.pdf* | wc -l)" -eq 1
'

# ---- --reference ----
# ref.log: one GPU at a constant 200 W from the launch (Unix 1772442000) to the exit 100 s
# later, the job on it; --model gpu counts its whole power: 200 W x 100 s = 20,000 J =
# 5.5555... Wh before PUE (PUE 1.5: 8.3333... Wh).
{
	echo "etrec-log 1"
	echo "{\"format\":\"etrec-log\",\"version\":\"1.0\",\"etrec_version\":\"hand\",\"host\":\"h\",\"kernel\":\"k\",\"arch\":\"x86_64\",\"cpu_model\":\"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz\",\"sockets\":1,\"physical_cores\":4,\"logical_cpus\":8,\"user_hz\":100,\"page_size\":4096,\"mem_total_kib\":16777216,\"uid\":1000,\"user\":\"u\",\"command\":[\"run\"],\"cwd\":\"/\",\"tags\":{},\"interval_ms\":1000,\"idle_ms\":0,\"start_utc_ms\":1772442000000,\"start_mono_ms\":1000,\"pid\":1,\"scheduler\":{},\"cgroup_cpu_stat\":null,\"gpus\":[{\"index\":0,\"uuid\":\"GPU-0\",\"name\":\"Tesla V100\",\"power_limit_w\":300}],\"gpu_source\":\"nvidia-smi\"}"
	echo "C,S,t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib,job_nproc,user_cpu_jiffies,user_rss_kib,user_nproc,user_cgroup_usec,sys_busy_jiffies,sys_total_jiffies,mem_total_kib,mem_available_kib"
	echo "C,G,t_mono_ms,t_utc_ms,phase,gpu_index,power_w,power_limit_w,util_pct,mem_used_mib,job_procs,job_mem_mib,user_procs,user_mem_mib"
	echo "C,E,t_mono_ms,t_utc_ms,event,detail"
	echo "C,X,t_mono_ms,t_utc_ms,status,code,etrec_exit,job_utime_s,job_stime_s,job_maxrss_kib,etrec_utime_s,etrec_stime_s,etrec_maxrss_kib,smi_utime_s,smi_stime_s"
	echo "E,1000,1772442000000,launch,2"
	i=0
	while [ $i -le 100 ]; do
		echo "S,$((1000 + i * 1000)),$((1772442000000 + i * 1000)),$((i * 100)),1048576,1,$((i * 100)),1048576,1,NA,$((i * 100)),$((i * 800)),16777216,8000000"
		echo "G,$((1000 + i * 1000)),$((1772442000000 + i * 1000)),run,0,200.00,300.00,100,1000,1,1000,1,1000"
		i=$((i + 1))
	done
	echo "X,101000,1772442100000,exited,0,0,90,10,1048576,0.1,0.1,2048,0,0"
} >ref.log
# meter FROM TO WATTS_EXPR: a reading a second from Unix 1772442000+FROM to +TO, watts an
# awk expression of t (seconds since the launch)
meter() {
	awk -v a="$1" -v b="$2" "BEGIN { print \"timestamp,watts\"; for (t = a; t <= b; t++) printf \"%d,%.6f\\n\", 1772442000 + t, $3 }"
}

# dev MODEL FILE: the model's reference_deviation_pct in FILE (JSON)
dev() { python3 -c 'import json,sys; print(repr([m for m in json.load(open(sys.argv[2]))["runs"][0]["models"] if m["model"] == sys.argv[1]][0]["reference_deviation_pct"]))' "$1" "$2"; }
ref_field() { python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[2]))["runs"][0]["reference"][sys.argv[1]]))' "$1" "$2"; }
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9) }' || { echo "$1 is not $2"; return 1; }; }

test_expect_success '--reference: constant, ramped, idle given and auto, partial coverage (by hand)' '
	# (a) 300 W all along: 300 x 100 s = 30,000 J = 8.3333333333 Wh; the gpu model 5.5555555556 Wh:
	#     (5.5555555556 - 8.3333333333) / 8.3333333333 x 100 = (200 - 300) / 300 x 100 = -33.333333333 %
	meter -10 110 300 >a.csv &&
	etest ref.log --model gpu --pue 1.5 --intensity 50 -q --format json --reference a.csv >a.json &&
	near "$(dev gpu a.json)" -33.333333333333336 &&
	near "$(ref_field energy_wh a.json)" 8.333333333333334 &&
	near "$(ref_field energy_with_pue_wh a.json)" 12.5 &&
	# (b) the same less 100 W idle given: net 200 W, the model matches: 0 %
	etest ref.log --model gpu --intensity 50 -q --format json --reference a.csv --reference-idle 100 >b.json &&
	near "$(dev gpu b.json)" 0 && near "$(ref_field idle_wh b.json)" 2.7777777777777777 &&
	test "$(ref_field idle b.json)" = "'"'given'"'" &&
	# (c) ramped 100 + 2 t W: trapezoids are exact on a line, the mean over [0, 100] s is 200 W;
	#     less 50 W idle: 150 W mean, 15,000 J = 4.1666666667 Wh: (200 - 150) / 150 x 100 = 33.333333333 %
	meter -10 110 "100 + 2 * t" >c.csv &&
	etest ref.log --model gpu --intensity 50 -q --format json --reference c.csv --reference-idle 50W >c.json &&
	near "$(dev gpu c.json)" 33.333333333333336 && near "$(ref_field energy_wh c.json)" 4.166666666666667 &&
	# (d) auto idle: 80 W for 10 readings before the launch (t = -10..-1), 260 W from t = 0 on:
	#     the idle is their median, 80 W; net 180 W: (200 - 180) / 180 x 100 = 11.111111111 %
	meter -10 110 "t < 0 ? 80 : 260" >d.csv &&
	etest ref.log --model gpu --intensity 50 -q --format json --reference d.csv --reference-idle auto >d.json &&
	near "$(dev gpu d.json)" 11.111111111111111 && near "$(ref_field idle_w d.json)" 80 &&
	# (e) readings from t = 50 to 110 only: half the run covered (a warning); 300 W less 150 W idle
	#     over the 50 s covered = 7,500 J = 2.0833333333 Wh measured, scaled to the whole run
	#     (/ 0.5) 4.1666666667 Wh: (200 - 150) / 150 x 100 = 33.333333333 %
	meter 50 110 300 >e.csv &&
	etest ref.log --model gpu --intensity 50 --format json --reference e.csv --reference-idle 150 >e.json 2>e.err &&
	near "$(dev gpu e.json)" 33.333333333333336 && near "$(ref_field measured_wh e.json)" 2.0833333333333335 &&
	near "$(ref_field covered_share e.json)" 0.5 && grep -q "cover 50.0 %" e.err
'

test_expect_success '--reference: CSV columns, PDF page and chart; none without it; errors' '
	etest ref.log --model gpu,ga --intensity 50 -q --format csv --reference c.csv --reference-idle 50 >c.csv.out &&
	head -1 c.csv.out | grep -q ",reference_wh,reference_idle_w,reference_idle,reference_covered_share,reference_deviation_pct" &&
	grep "\"gpu\",0," c.csv.out | tr -d "\r" | grep -q ",4.166666667,50,\"given\",1,33.33333333$" &&
	etest ref.log --model gpu,ga --intensity 50 -q --format csv >plain.csv &&
	! grep -q reference plain.csv &&
	etest ref.log --model gpu,ga --intensity 50 -q --format json >plain.json &&
	! grep -q "\"reference\"\\|reference_deviation" plain.json && grep -q referenceValues plain.json &&
	etest ref.log --intensity 50 -q --reference c.csv --reference-idle 50 --pdf ref.pdf >/dev/null &&
	test "$(pages ref.pdf)" -eq 4 && page_ink ref.pdf &&
	pdftotext -layout ref.pdf ref.txt &&
	grep -q "Deviation of each model from the measured energy" ref.txt &&
	grep -q "Reference power" ref.txt && grep -Eq "^ *gpu .* 33\.3$" ref.txt &&
	cp ref.log ref2.log &&
	etest ref.log ref2.log --intensity 50 -q --reference c.csv --reference-idle 50 --pdf ref2.pdf >/dev/null &&
	pdftotext -f 1 -l 2 ref2.pdf - | grep -q "Deviation from the measured energy per run and model" &&
	grep -Eq "meter x PUE +1\.67 +6\.958 Wh *$" ref.txt &&
	{ etest ref.log -q --reference-idle 5 >/dev/null 2>err.txt; test $? -eq 2; } &&
	{ etest ref.log -q --reference a.csv --reference-idle lots >/dev/null 2>err.txt; test $? -eq 2; } &&
	meter 200 300 300 >late.csv &&
	{ etest ref.log -q --intensity 50 --reference late.csv >/dev/null 2>err.txt; test $? -eq 1; } &&
	grep -q "late.csv" err.txt &&
	printf "timestamp,watts\n1772442000,100\nbad,5\n" >bad.csv &&
	{ etest ref.log -q --intensity 50 --reference bad.csv >/dev/null 2>err.txt; test $? -eq 1; } &&
	grep -q "bad.csv:3" err.txt
'

# --intensity-resolution hour: the intensity page charts each hour of the run with the value
# the JSON gives it (intensity.steps[]), and the energy-weighted value used. The run,
# 2022-01-12 08:30-13:00 UTC, covers 5 UTC hours; fr_rte_eco2mix_hourly_2022.csv gives
# 08:00Z 80.2, 09:00Z 79.3, 10:00Z 77.3, 11:00Z 79.1, 12:00Z 76 g/kWh.
cat >hours.py <<'PY'
import json, re, sys
from datetime import datetime, timezone
model = json.load(open(sys.argv[1]))["runs"][0]["models"][0]
ci = model["intensity"]
steps = ci["steps"]
assert [s["start"] for s in steps] == ["2022-01-12T%02d:00:00.000Z" % h for h in range(8, 13)], steps
assert [s["g_per_kwh"] for s in steps] == [80.2, 79.3, 77.3, 79.1, 76.0], steps
assert all(s["minutes"] == 60 and s["basis"] == "hourly" and "RTE eco2mix" in s["source"] for s in steps)
# the weighted value is sum(g * e) / sum(e) over the hours, and the hours share the day's energy
e = sum(s["energy_wh"] for s in steps)
ge = sum(s["g_per_kwh"] * s["energy_wh"] for s in steps)
assert abs(e - ci["days"][0]["energy_wh"]) < 1e-9 * e, (e, ci["days"])
assert abs(ge / e - ci["g_per_kwh"]) < 1e-9 * ci["g_per_kwh"], (ge / e, ci["g_per_kwh"])
assert abs(ci["g_per_kwh"] - model["intensity_g_per_kwh"]) < 1e-12
# the PDF: under each hour's label (Paris time, TZ), its value, at the same x (pdftotext -bbox)
words = [(float(a), float(b), float(c), w) for a, b, c, w in
         re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', open(sys.argv[2]).read())]
clock = [b for a, b, c, w in words if re.fullmatch(r"\d\d:\d\d", w)]
row = max(set(clock), key=clock.count)   # the labels row (the axis title holds two times too)
for s in steps:
    t = datetime.strptime(s["start"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()
    label = datetime.fromtimestamp(t).strftime("%H:%M")
    value = "%.1f" % s["g_per_kwh"]
    xs = [(a + c) / 2 for a, b, c, w in words if w == label and b == row]
    assert len(xs) == 1, (label, xs)
    assert any(w == value and abs((a + c) / 2 - xs[0]) < 2 for a, b, c, w in words), (label, value)
print("%.1f" % ci["g_per_kwh"])
PY

test_expect_success '--intensity-resolution hour: the PDF charts each hour with the JSON value' '
	"$GEN_RUN_LOG" hours.log --gpus 1 --seconds 16200 --interval-ms 10000 --start-utc-ms 1641976200000 &&
	etest hours.log --intensity-resolution hour -q --format json --pdf hours.pdf >hours.json &&
	pdftotext -bbox -f 4 -l 4 hours.pdf hours.html &&
	used=$(python3 hours.py hours.json hours.html) &&
	test "$used" = 77.9 &&
	pdftotext -f 4 -l 4 hours.pdf hours.txt &&
	grep -q "Carbon intensity of each hour the run covered" hours.txt &&
	grep -q "energy-weighted, used: $used gCO2e/kWh" hours.txt &&
	grep -q "start of each hour, local time (CET), 2022-01-12 09:00 to 2022-01-12 13:00" hours.txt &&
	page_ink hours.pdf &&
	etest hours.log -q --format json --pdf days.pdf >days.json &&
	! grep -q "\"steps\"" days.json &&
	pdftotext -f 4 -l 4 days.pdf - | grep -q "Carbon intensity of each day the run covered"
'

# Two days at hour resolution: each hour's label names its day (09:00 alone would stand
# for 12, 13 and 14 January); the run starts 2022-01-12 08:30 UTC, 09:30 in Paris.
test_expect_success '--intensity-resolution hour over two days: every hour label unique, with its date' '
	"$GEN_RUN_LOG" days2.log --gpus 0 --seconds 172800 --interval-ms 60000 --start-utc-ms 1641976200000 &&
	etest days2.log --intensity-resolution hour -q --pdf days2.pdf >/dev/null &&
	pdftotext -f 4 -l 4 days2.pdf - | grep -E "^[0-9]+ Jan [0-9]{2}:00$" >labels.txt &&
	grep -qx "12 Jan 09:00" labels.txt && grep -qx "14 Jan 09:00" labels.txt &&
	test "$(wc -l <labels.txt)" -ge 12 && test -z "$(sort labels.txt | uniq -d)" || exit 1
	# the rotated labels leave a short plot: its axis title is the unit alone, full size
	pdftotext -f 4 -l 4 days2.pdf days2.txt &&
	grep -qx "gCO2e/kWh" days2.txt &&
	! grep -q "carbon intensity (gCO2e/kWh)" days2.txt
'

# A run within one hour (00:28 UTC, 01:28 in Paris): its one bar is "the hour", not a
# range from 01:00 to 01:00.
test_expect_success '--intensity-resolution hour on a run of seconds: the start of its one hour' '
	etest "$SRC/examples/cpu-burn.log" --intensity-resolution hour -q --pdf onehour.pdf >/dev/null &&
	pdftotext onehour.pdf - | grep -qx "start of the hour, local time (CET): 2026-11-22 01:00"
'

# eit on a log without RAPL has no figure: every page says so (no empty cell, no 0 Wh bar).
test_expect_success 'a model that cannot run on a log: "cannot run" and why, "n/a", never a figure' '
	etest --model ga,eit --intensity 50 --pdf noeit.pdf "$SRC/examples/cpu-burn.log" "$SRC/examples/gpu-standin.log" >/dev/null &&
	pdftotext -layout noeit.pdf noeit.txt &&
	test "$(grep -c "^ *eit  *cannot run  *-  *-  *-  *-  *-  *-$" noeit.txt)" -eq 2 &&
	test "$(grep -c "^eit cannot run on this log: no RAPL energy in the log" noeit.txt)" -eq 2 &&
	grep -q "^ *eit  *n/a  *n/a$" noeit.txt &&
	test "$(grep -c "^eit  *n/a$" noeit.txt)" -eq 2 &&
	! grep -q "^ *eit .*Wh" noeit.txt
'

test_done
