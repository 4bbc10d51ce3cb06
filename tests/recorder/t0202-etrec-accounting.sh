#!/bin/sh
# t0202-etrec-accounting.sh - the job's CPU time agrees with the kernel's totals and
# with the workload's own count (short-lived processes, orphans); the user scope and
# its cgroup counter; RSS of a known allocation; etrec's own RSS under 2 MiB (static).
. "$SHELL_LIB"
: "${ETREC:?}" "${RECORDER_TESTS:?}" "${RSS_HOG:?}"
get() { python3 "$RECORDER_TESTS/logcheck.py" get "$@"; }
# within PCT a b: |a-b| <= PCT% of b
within() { python3 -c "import sys; a,b,p=map(float,sys.argv[1:]); sys.exit(0 if abs(a-b) <= p/100*b else 1)" "$2" "$3" "$1" ||
	{ echo "$2 and $3 differ by more than $1%"; return 1; }; }

test_expect_success 'job CPU of 500 short processes and 4 orphans matches within 2%' '
	"$ETREC" -q -o cpu.log -i 0.1 python3 "$RECORDER_TESTS/cpu_workload.py" 500 4 0.25 own.txt &&
	python3 "$RECORDER_TESTS/logcheck.py" check cpu.log &&
	hz=$(python3 "$RECORDER_TESTS/logcheck.py" header cpu.log user_hz) &&
	jiffies=$(get cpu.log S job_cpu_jiffies last) &&
	job_s=$(python3 -c "print($jiffies / $hz)") &&
	kernel_s=$(python3 -c "print($(get cpu.log X job_utime_s) + $(get cpu.log X job_stime_s))") &&
	own_s=$(cat own.txt) &&
	echo "log $job_s s, kernel $kernel_s s, workload $own_s s" &&
	within 2 "$job_s" "$kernel_s" && within 2 "$job_s" "$own_s" &&
	python3 -c "import sys; sys.exit(0 if $own_s > 1.0 else 1)"
'
test_expect_success 'the orphans were sampled as part of the job while they ran' '
	max=$(get cpu.log S job_nproc max) && test "$max" -ge 5
'
# 600 processes of 2 ms each (below one jiffy: only the kernel'"'"'s wait4 totals see
# them whole), 4 orphans that each leave 3 burning children behind when they exit
# (re-parented to etrec in turn), sampled every 0.5 s so that most processes are born
# and reaped between two samples.
test_expect_success 'job CPU of 600 sub-jiffy processes and orphans of orphans matches within 2%' '
	"$ETREC" -q -o cpu2.log -i 0.5 python3 "$RECORDER_TESTS/cpu_workload.py" 600 4 0.2 own2.txt 3 2 &&
	python3 "$RECORDER_TESTS/logcheck.py" check cpu2.log &&
	! grep -q ",warning," cpu2.log &&
	hz=$(python3 "$RECORDER_TESTS/logcheck.py" header cpu2.log user_hz) &&
	job_s=$(python3 -c "print($(get cpu2.log S job_cpu_jiffies last) / $hz)") &&
	kernel_s=$(python3 -c "print($(get cpu2.log X job_utime_s) + $(get cpu2.log X job_stime_s))") &&
	own_s=$(cat own2.txt) &&
	echo "log $job_s s, kernel $kernel_s s, workload $own_s s" &&
	within 2 "$job_s" "$kernel_s" && within 2 "$job_s" "$own_s" &&
	python3 -c "import sys; sys.exit(0 if $own_s > 2.0 else 1)"
'
test_expect_success 'user scope: counters grow and cover the job' '
	first=$(get cpu.log S user_cpu_jiffies first) && last=$(get cpu.log S user_cpu_jiffies last) &&
	test "$last" -gt "$first" && test "$(get cpu.log S user_nproc max)" -ge 5
'
test_expect_success 'user scope: cgroup usage_usec recorded while readable, NA after, one warning' '
	d=$PWD/cg/user.slice/user-$(id -u).slice && mkdir -p "$d" &&
	printf "usage_usec 1000\nuser_usec 600\nsystem_usec 400\n" >"$d/cpu.stat" &&
	w="sh $RECORDER_TESTS/wait_lines.sh cg.log ^S," &&
	ETREC_CGROUP_ROOT=$PWD/cg "$ETREC" -q -o cg.log -i 0.1 sh -c "$w 3;
		printf \"usage_usec 5000\n\" >\"$d/cpu.stat\"; $w 6; rm \"$d/cpu.stat\"; $w 9" &&
	python3 "$RECORDER_TESTS/logcheck.py" check cg.log &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header cg.log cgroup_cpu_stat)" = "$d/cpu.stat" &&
	test "$(get cg.log S user_cgroup_usec first)" = 1000 &&
	test "$(get cg.log S user_cgroup_usec max)" = 5000 &&
	test "$(get cg.log S user_cgroup_usec last)" = NA &&
	test "$(grep -c ",warning,cannot read $d/cpu.stat" cg.log)" = 1
'
test_expect_success 'user scope: no readable cgroup: null in the header, NA, no warning' '
	ETREC_CGROUP_ROOT=$PWD/no-cgroup "$ETREC" -q -o nocg.log -i 0.1 sleep 0.3 &&
	test "$(python3 "$RECORDER_TESTS/logcheck.py" header nocg.log cgroup_cpu_stat)" = null &&
	test "$(get nocg.log S user_cgroup_usec max)" = NA && ! grep -q ",warning," nocg.log
'
test_expect_success 'RSS of a process touching 64 MiB' '
	"$ETREC" -q -o rss.log -i 0.1 "$RSS_HOG" 64 1.5 &&
	max=$(get rss.log S job_rss_kib max) && echo "max job_rss_kib $max" &&
	test "$max" -ge 65536 && test "$max" -le $((65536 + 24576)) &&
	test "$(get rss.log X job_maxrss_kib)" -ge 65536 &&
	test "$(get rss.log S job_rss_kib last)" -eq 0
'
if [ "${ETREC_STATIC:-OFF}" = ON ]; then
test_expect_success 'etrec is statically linked: no shared library needed, no interpreter' '
	readelf -d "$ETREC" >dyn 2>&1 || true
	! grep -q "(NEEDED)" dyn && ! readelf -l "$ETREC" | grep -q "Requesting program interpreter"
'
test_expect_success 'etrec itself stays under 2 MiB of RSS' '
	"$ETREC" -q -o self.log -i 0.1 python3 "$RECORDER_TESTS/cpu_workload.py" 100 2 0.1 own3.txt &&
	kib=$(get self.log X etrec_maxrss_kib) && echo "etrec_maxrss_kib $kib" && test "$kib" -lt 2048
'
fi
test_done
