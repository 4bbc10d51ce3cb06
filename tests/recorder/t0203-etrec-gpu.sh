#!/bin/sh
# t0203-etrec-gpu.sh - the GPU path against a stand-in nvidia-smi first on PATH: two
# GPUs with [N/A]/[Not Supported], loop mode, compute processes of the job; and the
# failure modes (exits at once, hangs, garbage, driver error), which are warnings only.
. "$SHELL_LIB"
: "${ETREC:?}" "${RECORDER_TESTS:?}"
check() { python3 "$RECORDER_TESTS/logcheck.py" check "$@" >/dev/null; }
get() { python3 "$RECORDER_TESTS/logcheck.py" get "$@"; }
mkdir bin && cp "$RECORDER_TESTS/nvidia-smi-standin" bin/nvidia-smi && chmod +x bin/nvidia-smi
export PATH="$PWD/bin:$PATH"
export ETREC_GPU_PROBE_TIMEOUT_MS=1500
# wait_lines LOG REGEX N: as a command, run until LOG holds N lines matching REGEX
wait_lines() { sh "$RECORDER_TESTS/wait_lines.sh" "$@"; }
# G records of one GPU and phase, as "col=value" lines
g_of() { awk -F, -v gpu="$2" -v ph="$3" '$1=="G" && $4==ph && $5==gpu' "$1"; }

test_expect_success 'two GPUs: header, idle baseline, run samples, missing markers' '
	: >pidfile && echo 60 >power &&
	STANDIN_PIDFILE=$PWD/pidfile STANDIN_POWER_FILE=$PWD/power "$ETREC" -o gpu.log -i 0.2 --idle 0.5 \
		sh -c "echo \$\$ >\"$PWD/pidfile.tmp\"; mv \"$PWD/pidfile.tmp\" \"$PWD/pidfile\";
		       echo 61.23 >\"$PWD/power\"; sh \"$RECORDER_TESTS/wait_lines.sh\" gpu.log ^S, 6" 2>err &&
	g_of gpu.log 0 idle | cut -d, -f6 | grep -v NA | sort -u >idle_w && echo 60.00 >want && test_cmp want idle_w &&
	g_of gpu.log 0 run | cut -d, -f6 | grep -v NA | tail -n 1 >run_w && echo 61.23 >want && test_cmp want run_w &&
	test ! -s err && check gpu.log &&
	python3 "$RECORDER_TESTS/logcheck.py" header gpu.log gpus >gpus &&
	grep -q "\"uuid\": \"GPU-22b2c6ac-2d49-4863-197c-9c469071178a\"" gpus &&
	grep -q "\"name\": \"NVIDIA H200\", \"power_limit_w\": null" gpus &&
	grep -q "\"power_limit_w\": 400.0" gpus &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header gpu.log idle_ms)" = 500 &&
	grep -q "^E,[0-9]*,[0-9]*,idle_start," gpu.log && grep -q "^E,[0-9]*,[0-9]*,idle_end," gpu.log &&
	g_of gpu.log 0 idle | grep -q ",idle,0,60.00,400.00,35,4000," &&
	g_of gpu.log 0 run | grep -q ",run,0,61.23,400.00,35,4000,1,1234,1,1234$" &&
	g_of gpu.log 1 run | grep -q ",run,1,NA,NA,NA,639,0,0,[01],\(NA\|0\)$" &&
	! grep -q "^G.*,run,1,0\.00," gpu.log &&
	test "$(get gpu.log S t_mono_ms count)" -ge 6
'
test_expect_success 'default idle baseline is 3 s when a GPU is found' '
	"$ETREC" -q -o idle.log -i 0.5 true &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header idle.log idle_ms)" = 3000 &&
	test "$(g_of idle.log 0 idle | wc -l)" -ge 5
'
test_expect_success '--gpu none samples no GPU' '
	"$ETREC" -q -o none.log --gpu none true && check none.log &&
	test "$(get none.log G gpu_index count)" = 0 &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header none.log gpu_source)" = "none: --gpu none"
'
test_expect_success 'no nvidia-smi on PATH: header says so, no warning' '
	PATH=/usr/bin:/bin "$ETREC" -o nosmi.log true 2>err && test ! -s err && check nosmi.log &&
	grep -q "\"gpu_source\":\"none: nvidia-smi not found on PATH\"" nosmi.log
'
test_expect_success '--nvidia-smi with a missing path warns and goes on' '
	"$ETREC" -o miss.log --nvidia-smi /no/such/nvidia-smi true 2>err &&
	grep -q "^etrec: warning: nvidia-smi ./no/such/nvidia-smi. is not an executable" err &&
	check miss.log && grep -q "^E,.*,warning,nvidia-smi" miss.log
'
test_expect_success 'loop mode exits at once: a warning, CPU samples go on' '
	STANDIN_MODE=exit "$ETREC" -o exit.log -i 0.2 --idle 0 sh "$RECORDER_TESTS/wait_lines.sh" exit.log "^S," 4 2>err &&
	check exit.log &&
	grep -q "nvidia-smi query-gpu exited with status 1" err &&
	grep -q "^E,.*,warning,nvidia-smi query-gpu exited with status 1" exit.log &&
	test "$(get exit.log S t_mono_ms count)" -ge 4 &&
	test "$(get exit.log G power_w max)" = NA
'
test_expect_success 'loop mode hangs: "printed nothing" warning once, samples go on' '
	STANDIN_MODE=hang "$ETREC" -o hang.log -i 0.2 --idle 0 sh "$RECORDER_TESTS/wait_lines.sh" hang.log "^S," 7 2>err &&
	check hang.log &&
	test "$(grep -c "printed nothing" hang.log)" = 1 && grep -q "more than 3 intervals" err &&
	test "$(get hang.log S t_mono_ms count)" -ge 7
'
test_expect_success 'the GPU query hangs too: probe times out, no GPU, command runs' '
	STANDIN_MODE=hang-all "$ETREC" -o hangall.log -i 0.2 sh -c "echo ran" >out 2>err &&
	test "$(cat out)" = ran && check hangall.log &&
	grep -q "did not answer within 1500 ms" err &&
	test "$(get hangall.log G gpu_index count)" = 0
'
test_expect_success 'garbage lines: one warning per stream, NA values, samples go on' '
	STANDIN_MODE=garbage "$ETREC" -o garbage.log -i 0.2 --idle 0 sh "$RECORDER_TESTS/wait_lines.sh" garbage.log "^S," 5 2>err &&
	check garbage.log &&
	test "$(grep -c "query-gpu printed an unparsable line" garbage.log)" = 1 &&
	test "$(get garbage.log G power_w max)" = NA &&
	test "$(get garbage.log S t_mono_ms count)" -ge 5
'
test_expect_success 'driver error at probe: warning with the banner, no GPU' '
	STANDIN_MODE=failed "$ETREC" -o failed.log true 2>err && check failed.log &&
	grep -q "NVIDIA-SMI has failed because it couldn.t communicate" err &&
	grep -q "\"gpu_source\":\"none: nvidia-smi: NVIDIA-SMI has failed" failed.log
'
test_expect_success 'GPU list query exits with an error and no output: warning, no GPU' '
	STANDIN_MODE=probe-exit "$ETREC" -o pexit.log -i 0.2 true 2>err && check pexit.log &&
	grep -q "^etrec: warning: no GPU sampling: nvidia-smi exited with status 3$" err &&
	test "$(get pexit.log G gpu_index count)" = 0 &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header pexit.log gpus)" = "[]"
'
test_expect_success 'GPU list query prints garbage: warning quoting it, no GPU' '
	STANDIN_MODE=probe-garbage "$ETREC" -o pgarb.log -i 0.2 true 2>err && check pgarb.log &&
	grep -q "printed no GPU line (got .<html>not a GPU list</html>.)" err &&
	test "$(get pgarb.log G gpu_index count)" = 0
'
test_expect_success 'driver error in loop mode: banner warned once, exit warned' '
	STANDIN_MODE=failed-loop "$ETREC" -q -o floop.log -i 0.2 --idle 0 \
		sh "$RECORDER_TESTS/wait_lines.sh" floop.log "warning,nvidia-smi query-gpu exited" 1 2>err &&
	test ! -s err && check floop.log &&
	test "$(grep -c "warning,nvidia-smi query-gpu: NVIDIA-SMI has failed" floop.log)" = 1 &&
	grep -q "warning,nvidia-smi query-gpu exited with status 9" floop.log
'
test_expect_success 'nvidia-smi helpers are not part of the job, and are reaped' '
	"$ETREC" -q -o helpers.log -i 0.2 --idle 0 sleep 0.6 &&
	test "$(get helpers.log S job_nproc max)" = 1 &&
	smi=$(get helpers.log X smi_utime_s) && python3 -c "import sys; sys.exit(0 if $smi >= 0 else 1)" &&
	sleep 0.2 && ! pgrep -f "$PWD/bin/nvidia-smi" >/dev/null
'
# pmon: per-process utilisation sums (P records). The other process on GPU 0 belongs to
# nobody when this test can make one (root), else to this user.
other_uid=$(id -u) other=
if [ "$(id -u)" = 0 ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups sleep 120 2>/dev/null &
	other=$! && sleep 0.2
	if [ "$(stat -c %u /proc/$other 2>/dev/null)" = 65534 ]; then other_uid=65534; else other=; fi
fi
[ -n "$other" ] || { sleep 120 & other=$!; }
test_expect_success 'pmon: P records sum sm and mem over the job, the user and all, "-" as 0' '
	: >pidfile2 &&
	STANDIN_PIDFILE=$PWD/pidfile2 STANDIN_OTHER_PID=$other "$ETREC" -q -o pmon.log -i 0.5 --idle 0 \
		sh -c "echo \$\$ >\"$PWD/pidfile2.tmp\"; mv \"$PWD/pidfile2.tmp\" \"$PWD/pidfile2\";
		       sh \"$RECORDER_TESTS/wait_lines.sh\" pmon.log \"^P,[0-9]*,[0-9]*,0,45,\" 3" &&
	check pmon.log &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header pmon.log gpu_process_source)" = "nvidia-smi pmon" &&
	test "$(grep -c "^P," pmon.log)" = $((2 * $(get pmon.log S t_mono_ms count))) &&
	# GPU 0: the job 45 % sm, 12 % mem; the other 30 % sm, "-" mem (0): all 75 and 12,
	# 2 processes; the user 45 and 12 (the other is nobody'"'"'s), or 75 and 12 (its own)
	if [ $other_uid = 65534 ]; then user="45,12"; else user="75,12"; fi &&
	test "$(grep -c "^P,[0-9]*,[0-9]*,0,45,12,$user,75,12,2$" pmon.log)" -ge 3 &&
	! grep "^P,[0-9]*,[0-9]*,0," pmon.log | grep -v ",0,45,12,$user,75,12,2$" | grep -v ",0,0,0,[0-9]*,[0-9]*,[0-9]*,[0-9]*,[0-9]$" | grep -v ",NA,NA,NA,NA,NA,NA,NA$" &&
	# GPU 1: pmon prints "-" for the pid: no process, every sum 0
	grep "^P,[0-9]*,[0-9]*,1," pmon.log | tail -n 1 | grep -q ",1,0,0,0,0,0,0,0$" &&
	! grep ",warning," pmon.log
'
test_expect_success 'pmon: an sm utilisation out of range gives NA sums, one warning' '
	: >pidfile3 &&
	STANDIN_MODE=range STANDIN_PIDFILE=$PWD/pidfile3 "$ETREC" -q -o pmonr.log -i 0.5 --idle 0 \
		sh -c "echo \$\$ >\"$PWD/pidfile3.tmp\"; mv \"$PWD/pidfile3.tmp\" \"$PWD/pidfile3\";
		       sh \"$RECORDER_TESTS/wait_lines.sh\" pmonr.log \"^P,[0-9]*,[0-9]*,0,NA,12,NA,12,NA,12,1$\" 2" &&
	test "$(grep -c ",warning,nvidia-smi pmon gave an sm or mem utilisation that is not a number" pmonr.log)" = 1
'
test_expect_success 'no GPU: no pmon, the header says why' '
	"$ETREC" -q -o nopmon.log --gpu none true && check nopmon.log &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header nopmon.log gpu_process_source)" = "none: --gpu none" &&
	test "$(get nopmon.log P gpu_index count)" = 0
'
kill $other 2>/dev/null
test_done
