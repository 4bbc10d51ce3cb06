#!/bin/sh
# t0501-cluster.sh - a real one-node SLURM cluster (cluster.sh): jobs wrapped in etrec and
# not, an array, a failure and a GPU job run under it, and the real sacct lists them all.
# Fails (never skips) when the cluster cannot start: the packages are part of bootstrap.
# SACCT_FIXTURE_DIR, when set, receives the sacct outputs (tests/slurm/fixtures/).
# Then the real sacct output and the etrec logs go into a fresh store (etest db add-sacct,
# etest db add) and etest report counts every job once.
. "$SHELL_LIB"
# The daemons print Start and End on their local clock: UTC, the report's zone below.
export TZ=UTC
. "$SLURM_TESTS/cluster.sh"
SLURM_EXIT_HOOK='cd / && rm -rf "$TRASH"'
T0=$(date +%s)

mkdir bin && cp "$SLURM_TESTS/../recorder/nvidia-smi-standin" bin/nvidia-smi && chmod +x bin/nvidia-smi

# The cluster runs in this shell (a test body is a subshell): started here, checked below.
slurm_cluster_start "$TRASH/cluster" 2>start.err
START_RC=$?
test_expect_success 'a one-node cluster with accounting starts' '
	cat start.err && test $START_RC -eq 0 && slurm_alive slurmd
'
if [ $START_RC -ne 0 ]; then
	say "FAIL - no cluster: the remaining checks cannot run"
	TEST_FAILED=$((TEST_FAILED + 1))
	test_done
	exit 1
fi
START_S=$(( $(date +%s) - T0 ))

# Submit: the job ids go to files named after the job.
submit() { _name=$1; shift; timeout 30 sbatch --parsable -J "$_name" -o "$TRASH/$_name.%A_%a.out" -D "$TRASH" "$@" >"$_name.id"; }
# About 2 s of CPU, so that accounting (sampling each second) sees the job's memory.
write_script busy.sh <<'END'
end=$(( $(date +%s) + 2 ))
while [ "$(date +%s)" -lt "$end" ]; do :; done
END
mkdir logs
test_expect_success 'five kinds of job are accepted by sbatch' '
	submit wrapped -A physics -n 1 --mem=100M --export=ALL,ETREC_DIR="$TRASH/logs" --wrap "\"$ETREC\" -- \"$TRASH/busy.sh\"" &&
	submit plain -n 2 --mem-per-cpu=50M --wrap "\"$TRASH/busy.sh\"" &&
	submit array -n 1 --mem=20M --array=1-3 --export=ALL,ETREC_DIR="$TRASH/logs" --wrap "srun \"$ETREC\" -- echo task \$SLURM_ARRAY_TASK_ID" &&
	submit failing -n 1 --mem=20M --wrap "exit 3" &&
	submit gpu -n 1 --mem=50M --gres=gpu:1 --wrap "PATH=\"$TRASH/bin:\$PATH\" \"$ETREC\" -o \"$TRASH/gpu.log\" -- sh -c \"echo \\\$CUDA_VISIBLE_DEVICES >$TRASH/gpu.cvd; sleep 1\"" &&
	for j in wrapped plain array failing gpu; do grep -Eqx "[0-9]+" $j.id || exit 1; done
'

# Every job ends within 90 s (they take about 1 s each on an idle machine).
jobs_done() { _q=$(timeout 10 squeue -h -o %i) && test -z "$_q"; }
test_expect_success 'every job ends' '
	SLURM_WAIT_S=90 slurm_wait 90 "the jobs to end" jobs_done || { squeue; false; }
'

FORMAT=Cluster,JobID,JobIDRaw,User,Account,Partition,NodeList,NNodes,NCPUS,State,ExitCode,Submit,Start,End,Elapsed,TotalCPU,CPUTime,ReqMem,MaxRSS,AllocTRES,ConsumedEnergyRaw
run_sacct() { timeout 30 sacct --allusers --parsable2 --starttime=now-1days --endtime=now+1days "$@"; }
# Accounting has every job final (slurmctld sends it to slurmdbd within seconds).
sacct_final() {
	run_sacct -X --noheader --format=State >states || return 1
	test "$(wc -l <states)" -eq 7 && ! grep -Eq "RUNNING|PENDING" states
}
test_expect_success 'sacct lists the seven jobs, all final' '
	slurm_wait 60 "sacct to list the 7 jobs" sacct_final || { cat states; false; }
'
run_sacct --format="$FORMAT" >sacct.txt 2>sacct.err
run_sacct --format=ALL >sacct-all.txt 2>>sacct.err
if [ -n "${SACCT_FIXTURE_DIR:-}" ]; then
	cp sacct.txt "$SACCT_FIXTURE_DIR/sacct-cluster.txt"
	cp sacct-all.txt "$SACCT_FIXTURE_DIR/sacct-cluster-all.txt"
fi

# row JOBID: the sacct row of that job (not its steps).
row() { awk -F'|' -v id="$1" 'NR > 1 && $2 == id' sacct.txt; }
col() { printf '%s\n' "$1" | cut -d'|' -f"$2"; }
test_expect_success 'the header and the cluster name are the requested ones' '
	test "$(head -n 1 sacct.txt)" = "$(echo $FORMAT | tr , "|")" &&
	test "$(awk -F"|" "NR > 1 { print \$1 }" sacct.txt | sort -u)" = ettest
'
# header KEY LOG: the value of the header's scheduler variable KEY.
header() { sed -n 2p "$2" | python3 -c 'import json, sys; print(json.load(sys.stdin)["scheduler"].get(sys.argv[1], "(unset)"))' "$1"; }
test_expect_success 'the wrapped job: completed, account physics, its etrec log named after it' '
	id=$(cat wrapped.id) && r=$(row "$id") && test -n "$r" &&
	test "$(col "$r" 10)" = COMPLETED && test "$(col "$r" 5)" = physics &&
	test "$(col "$r" 4)" = root && test "$(col "$r" 6)" = debug &&
	! col "$r" 16 | grep -q "^00:00\.0" &&  # TotalCPU: the busy loop, 0.1 s at least
	set -- logs/etrec-ettest-$id.batch-$(hostname -s)-*.log && test -f "$1" &&
	head -n 1 "$1" | grep -q "^etrec-log 1" && grep -q "^S," "$1" &&
	sed -n 2p "$1" | grep -q "\"version\":\"1.2\"" &&
	test "$(header SLURM_CLUSTER_NAME "$1")" = ettest && test "$(header SLURM_JOB_ID "$1")" = $id &&
	test "$(header SLURM_JOB_ACCOUNT "$1")" = physics && test "$(header SLURM_JOB_PARTITION "$1")" = debug &&
	test "$(header SLURM_JOB_USER "$1")" = root && test "$(header SLURM_CPUS_ON_NODE "$1")" = 1 &&
	test "$(header SLURM_MEM_PER_NODE "$1")" = 100 && test "$(header SLURM_STEP_ID "$1")" = "(unset)"
'
test_expect_success 'the plain job: 2 CPUs, 50M per CPU, a step with MaxRSS' '
	id=$(cat plain.id) && r=$(row "$id") && test "$(col "$r" 9)" = 2 &&
	test "$(col "$r" 10)" = COMPLETED && col "$r" 20 | grep -q "cpu=2" &&
	col "$r" 20 | grep -q "mem=100M" &&
	awk -F"|" -v s="$id.batch" "\$2 == s && \$19 != \"\"" sacct.txt | grep -q .
'
test_expect_success 'the array: three tasks A_1..A_3, each its own raw id' '
	a=$(cat array.id) &&
	for t in 1 2 3; do r=$(row "${a}_$t") && test -n "$r" && test "$(col "$r" 10)" = COMPLETED || exit 1; done &&
	test "$(awk -F"|" -v a="$a" "\$2 ~ \"^\" a \"_[0-9]+\$\" { print \$3 }" sacct.txt | sort -u | wc -l)" -eq 3 &&
	for t in 1 2 3; do
		set -- logs/etrec-ettest-${a}_$t.0-*.log && test -f "$1" &&
		test "$(header SLURM_ARRAY_JOB_ID "$1")" = $a && test "$(header SLURM_ARRAY_TASK_ID "$1")" = $t &&
		test "$(header SLURM_STEP_ID "$1")" = 0 &&
		test "$(header SLURM_JOB_ID "$1")" = "$(col "$(row "${a}_$t")" 3)" || exit 1
	done
'
test_expect_success 'the failing job: FAILED with exit code 3' '
	r=$(row "$(cat failing.id)") && test "$(col "$r" 10)" = FAILED && test "$(col "$r" 11)" = 3:0
'
test_expect_success 'the GPU job: one typed GPU allocated, seen by the job and by etrec' '
	r=$(row "$(cat gpu.id)") && test "$(col "$r" 10)" = COMPLETED &&
	col "$r" 20 | grep -q "gres/gpu:standin=1" && col "$r" 20 | grep -q "gres/gpu=1" &&
	test "$(cat gpu.cvd)" = 0 && grep -q "NVIDIA" gpu.log &&
	test "$(header SLURM_JOB_GPUS gpu.log)" = 0 && test "$(header CUDA_VISIBLE_DEVICES gpu.log)" = 0
'
test_expect_success 'sacct --format ALL has the same jobs' '
	test "$(awk -F"|" "NR > 1" sacct-all.txt | wc -l)" -eq "$(awk -F"|" "NR > 1" sacct.txt | wc -l)" &&
	head -n 1 sacct-all.txt | tr "|" "\n" | grep -qx ConsumedEnergyRaw
'
test_expect_success 'the sacct reader folds the live output into the seven jobs' '
	"$SACCT_DUMP" sacct.txt >dump.txt && test "$(wc -l <dump.txt)" -eq 7 &&
	"$SACCT_DUMP" sacct-all.txt >dump-all.txt && test "$(wc -l <dump-all.txt)" -eq 7 &&
	grep -q "job=$(cat gpu.id) .* gpus=1 gpu_type=standin" dump.txt &&
	grep -q "job=$(cat plain.id) .* req_mem_mib=100 " dump.txt
'

# The store: the real accounting and the logs of the wrapped jobs (the wrapped job, the
# three array tasks' steps, the GPU job); the plain and the failing job have none.
test_expect_success 'sacct output and etrec logs into a store: 7 jobs, 5 runs' '
	"$ETEST" db add-sacct --db e2e.sqlite sacct.txt >out && cat out &&
	grep -qx "etest db add-sacct: 7 added, 0 updated, 0 unchanged (e2e.sqlite: 7 jobs)" out &&
	"$ETEST" db add-sacct --db e2e.sqlite - <sacct-all.txt >out &&
	grep -qx "etest db add-sacct: 0 added, 0 updated, 7 unchanged (e2e.sqlite: 7 jobs)" out &&
	"$ETEST" db add --db e2e.sqlite logs gpu.log >out && cat out &&
	grep -qx "etest db add: 5 added, 0 replaced, 0 unchanged, 0 failed (e2e.sqlite: 5 runs)" out &&
	test "$(sqlite3 e2e.sqlite "SELECT count(*) FROM runs WHERE slurm_cluster = '\''ettest'\'' AND slurm_job_id IS NOT NULL")" -eq 5
'
# The estimate of a job without a log (Green Algorithms' defaults: no cluster file):
#   (12 W x TotalCPU + 0.3725 W/GB x ReqMem (GB) x Elapsed + 200 W x GPUs x Elapsed) x PUE 1.67
# With the recorded fixtures/sacct-cluster.txt: the plain job 12 x 1.052 s / 3600 = 0.00350667
# Wh + 0.3725 x 100/1024 GB x 2 s / 3600 = 0.00002021 Wh; the failing job 12 x 0.001 / 3600 =
# 0.00000333 Wh (Elapsed 0); (0.00350667 + 0.00002021 + 0.00000333) x 1.67 = 0.00589545 Wh.
# The live run has its own TotalCPU and Elapsed: expected.py SACCT_FILE JOBID... computes the same.
cat >expected.py <<'END'
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
head = rows[0]
col = {name: i for i, name in enumerate(head)}
def secs(t):
    days = 0
    if "-" in t:
        d, t = t.split("-", 1)
        days = int(d)
    parts = [float(x) for x in t.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return days * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2]
def mib(t):
    return float(t[:-1]) * {"K": 1 / 1024, "M": 1, "G": 1024}[t[-1]]
ids = sys.argv[2:]
wh = 0.0
for r in rows[1:]:
    if r[col["JobID"]] in ids:
        wh += 12 * secs(r[col["TotalCPU"]]) / 3600
        wh += 0.3725 * mib(r[col["ReqMem"]]) / 1024 * secs(r[col["Elapsed"]]) / 3600
print(repr(wh * 1.67))
END
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
near() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-6 * max(abs(b), 1e-9))' "$1" "$2" ||
	{ say "$1 is not $2"; return 1; }; }
FROM=$(date -u -d yesterday +%F) TO=$(date -u -d tomorrow +%F)
test_expect_success 'etest report: every job once, the wrapped from their logs, the others estimated by hand' '
	"$ETEST" report --db e2e.sqlite --from $FROM --to $TO --tz UTC --intensity 50 --json rep.json >rep.txt &&
	cat rep.txt &&
	test "$(json rep.json "d[\"totals\"][\"runs\"]")" -eq 5 &&
	test "$(json rep.json "d[\"slurm_accounting\"][\"jobs_with_logs\"]")" -eq 5 &&
	test "$(json rep.json "d[\"slurm_accounting\"][\"jobs_estimated\"]")" -eq 2 &&
	near "$(json rep.json "d[\"totals\"][\"scheduler_estimates\"][\"energy_wh\"]")" \
	     "$(python3 expected.py sacct.txt $(cat plain.id) $(cat failing.id))" &&
	near "$(python3 expected.py "$SLURM_TESTS/fixtures/sacct-cluster.txt" 2 4)" 0.00589545 &&
	# the GPU job has its log: no GPU-hour is estimated
	test "$(json rep.json "d[\"totals\"][\"scheduler_estimates\"][\"gpu_hours\"]")" = 0.0 &&
	grep -q "2 jobs without an etrec log, estimated from accounting with the ga formula" rep.txt
'
# Allocated CPU-hours (CPUTime): the logged jobs' against all, from sacct.txt.
test_expect_success 'the coverage figures: CPU-hours and allocated CPU-hours, logs against estimates' '
	cpu_s() { awk -F"|" -v ids=" $* " "NR > 1 && index(ids, \" \" \$2 \" \")" sacct.txt | cut -d"|" -f17 |
		python3 -c "import sys; print(sum(sum(float(x) * 60 ** i for i, x in enumerate(reversed(l.strip().split(\":\")))) for l in sys.stdin))"; } &&
	a=$(cat array.id) &&
	logged=$(cpu_s $(cat wrapped.id) $(cat gpu.id) ${a}_1 ${a}_2 ${a}_3) &&
	estimated=$(cpu_s $(cat plain.id) $(cat failing.id)) &&
	near "$(json rep.json "d[\"slurm_accounting\"][\"allocated_cpu_hours_with_logs\"]")" "$(python3 -c "print($logged / 3600)")" &&
	near "$(json rep.json "d[\"slurm_accounting\"][\"allocated_cpu_share_logs\"]")" "$(python3 -c "print($logged / ($logged + $estimated))")" &&
	logs_h=$(json rep.json "d[\"totals\"][\"coverage\"][\"cpu_hours_logs\"]") &&
	est_h=$(json rep.json "d[\"totals\"][\"coverage\"][\"cpu_hours_estimates\"]") &&
	near "$est_h" "$(awk -F"|" -v p=$(cat plain.id) -v f=$(cat failing.id) "NR > 1 && (\$2 == p || \$2 == f)" sacct.txt | cut -d"|" -f16 |
		python3 -c "import sys; print(sum(sum(float(x) * 60 ** i for i, x in enumerate(reversed(l.strip().split(\":\")))) for l in sys.stdin) / 3600)")" &&
	near "$(json rep.json "d[\"totals\"][\"coverage\"][\"cpu_share_logs\"]")" "$(python3 -c "print($logs_h / ($logs_h + $est_h))")"
'
test_expect_success 'etest report --by account and --by partition' '
	"$ETEST" report --db e2e.sqlite --from $FROM --to $TO --tz UTC --intensity 50 --by account --json acc.json >/dev/null &&
	test "$(json acc.json "sorted((g[\"group\"], g[\"runs\"], g[\"scheduler_estimates\"][\"jobs\"]) for g in d[\"groups\"])")" = \
		"[('"'"'physics'"'"', 1, 0), ('"'"'root'"'"', 4, 2)]" &&
	"$ETEST" report --db e2e.sqlite --from $FROM --to $TO --tz UTC --intensity 50 --by partition --format csv >part.csv &&
	test "$(grep -c "^\"partition\",\"debug\",\"ga\",5,0,.*,2," part.csv)" -eq 1 && test "$(wc -l <part.csv)" -eq 2
'
test_expect_success 'stopping the cluster ends every daemon it started' '
	pids=$(for p in $SLURM_PIDS; do echo "${p#*:}"; done) &&
	test -n "$pids" && slurm_cluster_stop &&
	for p in $pids; do ! kill -0 $p 2>/dev/null || { echo "daemon $p still runs"; exit 1; }; done
'
say "timing: cluster started in ${START_S} s, whole test $(( $(date +%s) - T0 )) s"
test_done
