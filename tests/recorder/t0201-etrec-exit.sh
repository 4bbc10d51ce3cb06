#!/bin/sh
# t0201-etrec-exit.sh - etrec's exit-code contract, argument passing, stdio
# passthrough, --help/--version, log creation rules and the man page's option list.
. "$SHELL_LIB"
: "${ETREC:?}" "${RECORDER_TESTS:?}" "${MAN_PAGE:?}"
check() { python3 "$RECORDER_TESTS/logcheck.py" check "$@" >/dev/null; }
get() { python3 "$RECORDER_TESTS/logcheck.py" get "$@"; }

test_expect_success 'exit status 0 and a complete log' '
	"$ETREC" -q -o ok.log -i 0.1 true &&
	check ok.log &&
	test "$(get ok.log X status)" = exited &&
	test "$(get ok.log X etrec_exit)" = 0
'
test_expect_success 'exit status 3 is passed through' '
	rc=0; "$ETREC" -q -o three.log sh -c "exit 3" || rc=$?
	test $rc -eq 3 && check three.log && test "$(get three.log X code)" = 3
'
test_expect_success 'death by signal gives 128+N and a signaled end record' '
	rc=0; "$ETREC" -q -o sig.log sh -c "kill -USR1 \$\$" || rc=$?
	test $rc -eq 138 && check sig.log &&
	test "$(get sig.log X status)" = signaled && test "$(get sig.log X code)" = 10
'
test_expect_success 'a command that is not found gives 127' '
	rc=0; "$ETREC" -o nf.log no-such-command-xyz 2>err || rc=$?
	test $rc -eq 127 && grep -q "no-such-command-xyz" err &&
	check nf.log --no-launch && test "$(get nf.log X status)" = exec_failed
'
test_expect_success 'a file that is not executable gives 126' '
	echo "echo hi" >notexec && chmod -x notexec || exit 1
	rc=0; "$ETREC" -o ne.log ./notexec 2>err || rc=$?
	test $rc -eq 126 && check ne.log --no-launch && test "$(get ne.log X code)" = 126
'
test_expect_success 'a bad option gives 125, one clear line and the --help hint' '
	rc=0; "$ETREC" --bogus true 2>err || rc=$?
	test $rc -eq 125 && test $(wc -l <err) -eq 2 &&
	grep -q "^etrec: unknown option .--bogus.$" err &&
	grep -q "^etrec: try .etrec --help.$" err
'
test_expect_success 'bad values and a missing command give 125' '
	"$ETREC" -q -o tenth.log -i 0.1 true || exit 1
	for args in "-i 0.01 true" "-i 0.099 true" "-i 0 true" "-i inf true" "-i nan true" "-i 1x true" "-i abc true" "--idle -1 true" "--gpu maybe true" \
	            "--tag novalue true" "-o" "-q"; do
		rc=0; "$ETREC" $args 2>err || rc=$?
		test $rc -eq 125 || { echo "args: $args gave $rc"; exit 1; }
		grep -q "^etrec: try" err
	done
'
test_expect_success 'an existing log is refused (125) unless --force' '
	echo keep >exists.log || exit 1
	rc=0; "$ETREC" -o exists.log true 2>err || rc=$?
	test $rc -eq 125 && grep -q "file exists" err && test "$(cat exists.log)" = keep &&
	"$ETREC" -q --force -o exists.log true && check exists.log
'
test_expect_success 'an uncreatable log gives 125 and does not run the command' '
	rc=0; "$ETREC" -o no/such/dir/x.log touch ran 2>err || rc=$?
	test $rc -eq 125 && ! test -e ran
'
test_expect_success 'options after the command belong to the command' '
	"$ETREC" -q -o args.log printf "%s|" -o y "two words" "" >out &&
	test "$(cat out)" = "-o|y|two words||" &&
	python3 "$RECORDER_TESTS/logcheck.py" header args.log command >cmd &&
	test "$(cat cmd)" = "[\"printf\", \"%s|\", \"-o\", \"y\", \"two words\", \"\"]"
'
test_expect_success '-- ends the options' '
	"$ETREC" -q -o dd.log -- sh -c "echo \$0" -x >out && test "$(cat out)" = -x
'
test_expect_success 'stdin and stdout pass through, etrec prints nothing itself' '
	printf "line1\nline2\n" >in &&
	"$ETREC" -q -o io.log -i 0.1 -- sh -c "cat; echo err >&2" <in >out 2>err &&
	printf "line1\nline2\n" >expect && test_cmp expect out &&
	test "$(cat err)" = err
'
test_expect_success 'the environment and working directory are untouched' '
	mkdir sub && (cd sub && FOO=bar "$ETREC" -q -o ../env.log sh -c "echo \$FOO; pwd") >out &&
	test "$(sed -n 1p out)" = bar && test "$(sed -n 2p out)" = "$PWD/sub"
'
test_expect_success 'the child inherits no descriptor of etrec' '
	sh -c "ls /proc/\$\$/fd" | sort -n >expect &&
	"$ETREC" -q -o fd.log sh -c "ls /proc/\$\$/fd" | sort -n >out &&
	test_cmp expect out
'
test_expect_success 'default log name in $ETREC_DIR' '
	mkdir logs && ETREC_DIR=$PWD/logs "$ETREC" -q true &&
	ls logs >names && test $(wc -l <names) -eq 1 &&
	grep -Eq "^etrec-[^-]+.*-[0-9]{8}T[0-9]{6}Z-[0-9]+\.log$" names &&
	check "logs/$(cat names)"
'
test_expect_success 'tags and scheduler variables go into the header' '
	SLURM_JOB_ID=4242 "$ETREC" -q -o tag.log --tag project=demo --tag "note=a \"quoted\" one" true &&
	python3 "$RECORDER_TESTS/logcheck.py" header tag.log tags.project >p &&
	test "$(cat p)" = demo &&
	python3 "$RECORDER_TESTS/logcheck.py" header tag.log tags.note >n &&
	test "$(cat n)" = "a \"quoted\" one" &&
	python3 "$RECORDER_TESTS/logcheck.py" header tag.log scheduler.SLURM_JOB_ID >s &&
	test "$(cat s)" = 4242
'
test_expect_success 'every scheduler variable goes into the header, and only those' '
	env SLURM_JOB_ID=11 SLURM_JOB_ACCOUNT=acct SLURM_JOB_PARTITION=gpu SLURM_PROCID=0 \
	    OAR_JOB_ID=22 PBS_JOBID=33.server CUDA_VISIBLE_DEVICES=1,3 SLURM_NODELIST=n[1-2] \
	    "$ETREC" -q -o sched.log true &&
	python3 "$RECORDER_TESTS/logcheck.py" header sched.log scheduler >got &&
	echo "{\"SLURM_JOB_ID\": \"11\", \"SLURM_JOB_ACCOUNT\": \"acct\", \"SLURM_JOB_PARTITION\": \"gpu\", \"SLURM_PROCID\": \"0\", \"OAR_JOB_ID\": \"22\", \"PBS_JOBID\": \"33.server\", \"CUDA_VISIBLE_DEVICES\": \"1,3\"}" >want &&
	test_cmp want got &&
	env -u SLURM_JOB_ID -u SLURM_JOB_ACCOUNT -u SLURM_JOB_PARTITION -u SLURM_PROCID \
	    -u OAR_JOB_ID -u PBS_JOBID -u CUDA_VISIBLE_DEVICES "$ETREC" -q -o nosched.log true &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header nosched.log scheduler)" = "{}" &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header nosched.log tags)" = "{}"
'
test_expect_success 'SLURM job variables and the allocated GPUs go into the header (format 1.1)' '
	env SLURM_CLUSTER_NAME=lab SLURM_JOB_ID=77 SLURM_ARRAY_JOB_ID=70 SLURM_ARRAY_TASK_ID=3 \
	    SLURM_STEP_ID=0 SLURM_JOB_USER=alice SLURM_JOB_ACCOUNT=physics SLURM_JOB_PARTITION=gpu \
	    SLURM_PROCID=0 SLURM_JOB_NODELIST="n[1-2]" SLURM_CPUS_ON_NODE=8 SLURM_JOB_CPUS_PER_NODE="8(x2)" \
	    SLURM_MEM_PER_NODE=16000 SLURM_JOB_GPUS=0,1 SLURM_STEP_GPUS=1 GPU_DEVICE_ORDINAL=1 \
	    CUDA_VISIBLE_DEVICES=0 SLURM_NODELIST="n[1-2]" SLURM_TASK_PID=1 \
	    "$ETREC" -q -o slurm.log true &&
	python3 "$RECORDER_TESTS/logcheck.py" header slurm.log scheduler >got &&
	echo "{\"SLURM_CLUSTER_NAME\": \"lab\", \"SLURM_JOB_ID\": \"77\", \"SLURM_ARRAY_JOB_ID\": \"70\", \"SLURM_ARRAY_TASK_ID\": \"3\", \"SLURM_STEP_ID\": \"0\", \"SLURM_JOB_USER\": \"alice\", \"SLURM_JOB_ACCOUNT\": \"physics\", \"SLURM_JOB_PARTITION\": \"gpu\", \"SLURM_PROCID\": \"0\", \"SLURM_JOB_NODELIST\": \"n[1-2]\", \"SLURM_CPUS_ON_NODE\": \"8\", \"SLURM_JOB_CPUS_PER_NODE\": \"8(x2)\", \"SLURM_MEM_PER_NODE\": \"16000\", \"SLURM_JOB_GPUS\": \"0,1\", \"SLURM_STEP_GPUS\": \"1\", \"GPU_DEVICE_ORDINAL\": \"1\", \"CUDA_VISIBLE_DEVICES\": \"0\"}" >want &&
	test_cmp want got &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header slurm.log version)" = 1.2
'
test_expect_success 'under SLURM the default log name carries the cluster, job, array task and step' '
	mkdir slogs &&
	env SLURM_CLUSTER_NAME=lab SLURM_JOB_ID=77 SLURM_ARRAY_JOB_ID=70 SLURM_ARRAY_TASK_ID=3 SLURM_STEP_ID=0 \
	    ETREC_DIR=$PWD/slogs "$ETREC" -q true &&
	env -u SLURM_CLUSTER_NAME -u SLURM_ARRAY_JOB_ID -u SLURM_ARRAY_TASK_ID -u SLURM_STEP_ID SLURM_JOB_ID=78 \
	    ETREC_DIR=$PWD/slogs "$ETREC" -q true &&
	env SLURM_CLUSTER_NAME="../x y" SLURM_JOB_ID=79 SLURM_STEP_ID=batch \
	    ETREC_DIR=$PWD/slogs "$ETREC" -q true &&
	ls slogs >names && cat names && test $(wc -l <names) -eq 3 &&
	host=$(hostname | tr "/ " "__") &&
	grep -Eq "^etrec-lab-70_3\.0-$host-[0-9]{8}T[0-9]{6}Z-[0-9]+\.log$" names &&
	grep -Eq "^etrec-78\.batch-$host-[0-9]{8}T[0-9]{6}Z-[0-9]+\.log$" names &&
	grep -Eq "^etrec-\.\._x_y-79\.batch-$host-[0-9]{8}T[0-9]{6}Z-[0-9]+\.log$" names &&
	for f in slogs/*; do check "$f" || exit 1; done
'
test_expect_success 'the header holds the facts of this machine, user and run' '
	before=$(date +%s) &&
	"$ETREC" -q -o facts.log -i 0.1 true &&
	h() { python3 "$RECORDER_TESTS/logcheck.py" header facts.log "$1"; } &&
	test "$(h host)" = "$(hostname)" &&
	test "$(h kernel)" = "$(uname -s) $(uname -r)" && test "$(h arch)" = "$(uname -m)" &&
	test "$(h cpu_model)" = "$(sed -n "s/^model name[[:space:]]*: *//p" /proc/cpuinfo | head -1)" &&
	test "$(h logical_cpus)" = "$(getconf _NPROCESSORS_ONLN)" &&
	test "$(h user_hz)" = "$(getconf CLK_TCK)" && test "$(h page_size)" = "$(getconf PAGESIZE)" &&
	test "$(h mem_total_kib)" = "$(awk "/^MemTotal:/ { print \$2 }" /proc/meminfo)" &&
	test "$(h uid)" = "$(id -u)" && test "$(h user)" = "$(id -un)" &&
	test "$(h cwd)" = "$(pwd -P)" && test "$(h interval_ms)" = 100 &&
	test "$(h idle_ms)" = 0 && test "$(h command)" = "[\"true\"]" &&
	start=$(h start_utc_ms) && test $((start / 1000)) -ge "$before" &&
	test $((start / 1000)) -le $(($(date +%s) + 1)) &&
	test "$(h sockets)" -ge 1 && test "$(h physical_cores)" -ge 1 &&
	test "$(h physical_cores)" -le "$(h logical_cpus)"
'
test_expect_success '--help goes to stdout with exit 0; --version too' '
	"$ETREC" --help >out 2>err && test ! -s err && grep -q "^usage: etrec" out &&
	"$ETREC" --version >v && grep -Eq "^etrec [0-9]+\.[0-9]+\.[0-9]+ " v
'
test_expect_success 'the man page documents every long option of --help' '
	man_covers_help "$MAN_PAGE" 9 "$ETREC"
'
test_done
