#!/bin/sh
# t0206-etrec-cgroup-rapl.sh - log format 1.2 on the CPU side: the job scope from a fake
# cgroup v2 tree (ETREC_CGROUP_ROOT) and, where this machine lets root make one, from a
# real cgroup; RAPL energy from a fake powercap tree (ETREC_POWERCAP_ROOT) whose counters
# the job sets between samples, with a wrap and a failed read.
. "$SHELL_LIB"
: "${ETREC:?}" "${RECORDER_TESTS:?}"
get() { python3 "$RECORDER_TESTS/logcheck.py" get "$@"; }
hdr() { python3 "$RECORDER_TESTS/logcheck.py" header "$@"; }
check() { python3 "$RECORDER_TESTS/logcheck.py" check "$@" >/dev/null; }
within() { python3 -c "import sys; a,b,p=map(float,sys.argv[1:]); sys.exit(0 if abs(a-b) <= p/100*b else 1)" "$2" "$3" "$1" ||
	{ echo "$2 and $3 differ by more than $1%"; return 1; }; }
w="sh $RECORDER_TESTS/wait_lines.sh"
# etrec's cgroup, as the kernel names it: the fake tree mirrors it under its own root
rel=$(sed -n 's/^0:://p' /proc/self/cgroup)
[ "$rel" = / ] && rel=

test_expect_success 'fake cgroup: job scope from it, memory in KiB, NA once another process joins' '
	d=$PWD/fcg$rel && mkdir -p "$d" &&
	printf "usage_usec 1000000\nuser_usec 600000\nsystem_usec 400000\n" >"$d/cpu.stat" &&
	echo 1048576 >"$d/memory.current" && echo 2097152 >"$d/memory.peak" &&
	ETREC_CGROUP_ROOT=$PWD/fcg sh -c "echo \$\$ >\"$d/cgroup.procs\"; exec \"$ETREC\" -q -o cg.log -i 0.1 --gpu none sh -c \"
		echo \\\$\\\$ >>\\\"$d/cgroup.procs\\\"; $w cg.log ^S, 3;
		printf \\\"usage_usec 6000000\\\n\\\" >\\\"$d/cpu.stat\\\"; $w cg.log ^S, 6;
		echo 1 >>\\\"$d/cgroup.procs\\\"; $w cg.log ^S, 9\"" &&
	check cg.log &&
	test "$(hdr cg.log job_scope.source)" = cgroup && test "$(hdr cg.log job_scope.cgroup)" = "$d" &&
	test "$(get cg.log S job_cgroup_mem_kib first)" = 1024 &&
	test "$(get cg.log S job_cgroup_peak_kib max)" = 2048 &&
	test "$(get cg.log S job_cgroup_usec first)" = 0 &&
	# the cgroup used 6000000 - 1000000 = 5000000 us since the launch, etrec a few ms of it
	max=$(get cg.log S job_cgroup_usec max) && echo "job_cgroup_usec max $max" &&
	test "$max" -le 5000000 && test "$max" -ge 4800000 &&
	test "$(get cg.log S job_cgroup_usec last)" = NA &&
	test "$(get cg.log S job_cgroup_mem_kib last)" = NA &&
	test "$(grep -c ",warning,cgroup .* now holds 1 process(es) that are not the job.s (the first: pid 1)" cg.log)" = 1
'
test_expect_success 'fake cgroup holding another process before the launch: the /proc walk, and why' '
	d=$PWD/fcg2$rel && mkdir -p "$d" && printf "usage_usec 5\n" >"$d/cpu.stat" &&
	ETREC_CGROUP_ROOT=$PWD/fcg2 sh -c "printf \"1\n\$\$\n\" >\"$d/cgroup.procs\"; exec \"$ETREC\" -q -o cg2.log -i 0.1 --gpu none true" &&
	check cg2.log && test "$(hdr cg2.log job_scope.source)" = proc &&
	test "$(hdr cg2.log job_scope.why)" = "cgroup ${rel:-/} holds 1 other process" &&
	test "$(get cg2.log S job_cgroup_usec max)" = NA && ! grep -q ",warning," cg2.log
'
test_expect_success 'no cgroup v2 under the root: the /proc walk, no warning' '
	ETREC_CGROUP_ROOT=$PWD/none "$ETREC" -q -o cg3.log -i 0.1 --gpu none true && check cg3.log &&
	test "$(hdr cg3.log job_scope.source)" = proc &&
	test "$(hdr cg3.log job_scope.why)" = "no cgroup v2 at $PWD/none${rel}" && ! grep -q ",warning," cg3.log
'

# A real cgroup v2: as root, where the hierarchy is writable, make a child cgroup, run
# etrec alone in it, and compare with the kernel's totals for the job.
v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
real=$v2/etrec-t0206-$$
if [ "$(id -u)" = 0 ] && [ -n "$v2" ] && mkdir "$real" 2>/dev/null; then
test_expect_success 'real cgroup: job_cgroup_usec agrees with the kernel within 3%' '
	sh -c "echo \$\$ >\"$real/cgroup.procs\" && exec \"$ETREC\" -q -o real.log -i 0.2 --gpu none \
		python3 \"$RECORDER_TESTS/cpu_workload.py\" 300 4 0.25 own.txt" &&
	check real.log && test "$(hdr real.log job_scope.source)" = cgroup &&
	test "$(hdr real.log job_scope.cgroup)" = "$real" &&
	cg_s=$(python3 -c "print($(get real.log S job_cgroup_usec last) / 1e6)") &&
	kernel_s=$(python3 -c "print($(get real.log X job_utime_s) + $(get real.log X job_stime_s))") &&
	echo "cgroup $cg_s s, kernel $kernel_s s" && within 3 "$cg_s" "$kernel_s" &&
	! grep -q ",warning," real.log
'
rmdir "$real"
else
	say "skip - real cgroup: not root, or no writable cgroup v2 here"
fi

# A fake powercap tree: package-0 (range 0..999999 uJ) with its dram child, a psys
# zone without a readable counter, the control type itself and an MMIO twin (ignored).
mkzone() { mkdir -p "pc/$1" && echo "$2" >"pc/$1/name" && echo "$3" >"pc/$1/max_energy_range_uj" &&
	{ [ -z "${4:-}" ] || echo "$4" >"pc/$1/energy_uj"; }; }
test_expect_success 'fake RAPL: zones in the header, energy unwrapped, a failed read NA' '
	mkzone intel-rapl:0 package-0 999999 900000 && mkzone intel-rapl:0:0 dram 65532610987 7 &&
	mkzone intel-rapl:1 psys 999999 && mkzone intel-rapl-mmio:0 package-0 999999 5 &&
	mkdir -p pc/intel-rapl && e=$PWD/pc/intel-rapl:0/energy_uj &&
	z0="^R,[0-9]*,[0-9]*,0," &&
	ETREC_POWERCAP_ROOT=$PWD/pc "$ETREC" -q -o rapl.log -i 0.2 --gpu none sh -c "
		$w rapl.log $z0 2; echo 950000 >$e; $w rapl.log $z0 4; echo 100000 >$e;
		$w rapl.log $z0 6; echo garbage >$e; $w rapl.log $z0 8; echo 400000 >$e; $w rapl.log $z0 10" &&
	check rapl.log &&
	test "$(hdr rapl.log rapl.source)" = "powercap $PWD/pc" &&
	hdr rapl.log rapl.zones >zones &&
	echo "[{\"id\": 0, \"path\": \"intel-rapl:0\", \"name\": \"package-0\", \"parent\": null, \"max_energy_range_uj\": 999999}, {\"id\": 1, \"path\": \"intel-rapl:0:0\", \"name\": \"dram\", \"parent\": 0, \"max_energy_range_uj\": 65532610987}]" >want &&
	test_cmp want zones &&
	# package-0: 900000 -> 950000 (+50000) -> 100000 (a wrap: 999999 - 950000 + 100000 + 1
	# = 150000) -> unreadable (NA) -> 400000 (+300000 from the last good 100000) = 500000
	grep "^R,[0-9]*,[0-9]*,0," rapl.log | cut -d, -f5 | uniq >got &&
	printf "0\n50000\n200000\nNA\n500000\n" >want && test_cmp want got &&
	test "$(grep -c "^R,[0-9]*,[0-9]*,1,0$" rapl.log)" = "$(get rapl.log S t_mono_ms count)" &&
	test "$(grep -c ",warning,cannot read RAPL intel-rapl:0/energy_uj (not a counter)" rapl.log)" = 1
'
test_expect_success 'no RAPL zone, or no powercap at all: the header says why, no R record, no warning' '
	mkdir -p empty && ETREC_POWERCAP_ROOT=$PWD/empty "$ETREC" -q -o r2.log --gpu none true && check r2.log &&
	test "$(hdr r2.log rapl.source)" = "none: $PWD/empty has no intel-rapl zone" &&
	test "$(get r2.log R zone count)" = 0 && ! grep -q ",warning," r2.log &&
	ETREC_POWERCAP_ROOT=$PWD/nothing "$ETREC" -q -o r3.log --gpu none true && check r3.log &&
	test "$(hdr r3.log rapl.source)" = "none: cannot open $PWD/nothing: No such file or directory" &&
	mkdir -p pc2/intel-rapl:0 && echo package-0 >pc2/intel-rapl:0/name && echo 10 >pc2/intel-rapl:0/max_energy_range_uj &&
	ETREC_POWERCAP_ROOT=$PWD/pc2 "$ETREC" -q -o r4.log --gpu none true && check r4.log &&
	test "$(hdr r4.log rapl.source)" = "none: 1 zone found, energy_uj unreadable: No such file or directory"
'
# More zones than etrec keeps (32): 10 packages of 4 zones. The first 8 packages in path
# order are kept whole (readdir lists them in no order), and a part whose package has no
# readable counter (pc6: intel-rapl:0) is left out rather than passing for a package.
test_expect_success 'fake RAPL: beyond 32 zones, whole packages kept, never a part without its package' '
	for p in 0 1 2 3 4 5 6 7 8 9; do
		mkdir -p pc5/intel-rapl:$p && echo package-$p >pc5/intel-rapl:$p/name &&
		echo 999999 >pc5/intel-rapl:$p/max_energy_range_uj && echo 5 >pc5/intel-rapl:$p/energy_uj &&
		for c in 0 1 2; do
			z=pc5/intel-rapl:$p:$c && mkdir -p $z && echo part-$c >$z/name &&
			echo 999999 >$z/max_energy_range_uj && echo 5 >$z/energy_uj || exit 1
		done || exit 1
	done &&
	ETREC_POWERCAP_ROOT=$PWD/pc5 "$ETREC" -q -o r5.log --gpu none true && check r5.log &&
	hdr r5.log rapl.zones | python3 -c "
import json, sys
z = json.load(sys.stdin)
paths = [x[\"path\"] for x in z]
want = sorted(f\"intel-rapl:{p}\" + s for p in range(8) for s in (\"\", \":0\", \":1\", \":2\"))
print(len(z), \"zones\")
assert paths == want, paths
assert all((x[\"parent\"] is None) == (x[\"path\"].count(\":\") == 1) for x in z), z
" &&
	mkdir -p pc6/intel-rapl:0/ pc6/intel-rapl:0:0 pc6/intel-rapl:1 &&
	echo package-0 >pc6/intel-rapl:0/name && echo 999999 >pc6/intel-rapl:0/max_energy_range_uj &&
	echo dram >pc6/intel-rapl:0:0/name && echo 999999 >pc6/intel-rapl:0:0/max_energy_range_uj &&
	echo 7 >pc6/intel-rapl:0:0/energy_uj &&
	echo package-1 >pc6/intel-rapl:1/name && echo 999999 >pc6/intel-rapl:1/max_energy_range_uj &&
	echo 9 >pc6/intel-rapl:1/energy_uj &&
	ETREC_POWERCAP_ROOT=$PWD/pc6 "$ETREC" -q -o r6.log --gpu none true && check r6.log &&
	test "$(hdr r6.log rapl.zones | python3 -c "import json,sys; print(*[x[\"path\"] for x in json.load(sys.stdin)])")" = intel-rapl:1
'
test_expect_success 'the command inherits none of the cgroup and RAPL files etrec keeps open' '
	d=$PWD/fcg4$rel && mkdir -p "$d" && printf "usage_usec 5\n" >"$d/cpu.stat" &&
	echo 4096 >"$d/memory.current" && echo 8192 >"$d/memory.peak" &&
	sh -c "ls /proc/\$\$/fd" | sort -n >fd.expect &&
	ETREC_CGROUP_ROOT=$PWD/fcg4 ETREC_POWERCAP_ROOT=$PWD/pc sh -c "echo \$\$ >\"$d/cgroup.procs\";
		exec \"$ETREC\" -q -o fd.log --gpu none sh -c \"ls /proc/\\\$\\\$/fd\"" | sort -n >fd.got &&
	test "$(hdr fd.log job_scope.source)" = cgroup && test "$(get fd.log R zone count)" -ge 2 &&
	test_cmp fd.expect fd.got
'
test_done
