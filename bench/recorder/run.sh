#!/bin/sh
# run.sh - etrec's CPU cost per sample against two baselines measured in the same run: the
# floor (floor.c: the same /proc reads in a minimal C loop) and a psutil loop, with 77,
# 1,000 and 3,000 processes of the user, then 77 of the user beside 3,000 of another uid.
# usage: bench/recorder/run.sh BUILD_DIR [SAMPLES]   (ETREC=path measures another etrec)
# As root it creates two users (etbench, etbench2), measures as etbench and removes both at
# the end; as another user it measures that user and skips the other-uid case.
# As root on a writable cgroup v2, it also measures etrec alone in a cgroup of its own
# (job_scope "cgroup": cgroup.procs, cpu.stat and memory files read at each sample on top
# of the /proc walk) against etrec outside one, interleaved, at 77 processes.
set -eu
build=${1:?usage: run.sh BUILD_DIR [SAMPLES]}
samples=${2:-100}
here=$(cd "$(dirname "$0")" && pwd)
etrec=${ETREC:-$build/recorder/etrec}
floor=$build/bench/bench_recorder_floor
interval=0.1
for f in "$etrec" "$floor"; do
	[ -x "$f" ] || { echo "run.sh: $f missing: build the project first" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/etrec-bench.XXXXXX")
chmod 755 "$work"
groups=
made_users=
cleanup() {
	for g in $groups; do /bin/kill -s TERM -- "-$g" 2>/dev/null || true; done
	sleep 0.5
	for u in $made_users; do userdel "$u" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

as_user=
measured=
other=
if [ "$(id -u)" = 0 ]; then
	for u in etbench etbench2; do
		if ! id "$u" >/dev/null 2>&1; then
			useradd -M -r -s /usr/sbin/nologin "$u"
			made_users="$made_users $u"
		fi
	done
	chown etbench "$work"
	as_user="setpriv --reuid=etbench --regid=etbench --clear-groups"
	measured=etbench
	other=etbench2
fi
uid=$(${as_user:-env} id -u)
count() { ps -U "$1" --no-headers -o pid | wc -l; }

# Start n idle processes of user $1 ("" = this one) in a session of their own.
sleepers() {
	u=$1 n=$2
	[ "$n" -gt 0 ] || return 0
	want=$(($(count "${u:-$(id -u)}") + n))
	if [ -n "$u" ]; then
		setsid setpriv --reuid="$u" --regid="$u" --clear-groups sh -c \
			'i=0; while [ $i -lt '"$n"' ]; do sleep 3600 & i=$((i + 1)); done; wait' &
	else
		setsid sh -c 'i=0; while [ $i -lt '"$n"' ]; do sleep 3600 & i=$((i + 1)); done; wait' &
	fi
	groups="$groups $!"
	k=0
	while [ "$(count "${u:-$(id -u)}")" -lt "$want" ] && [ $k -lt 600 ]; do sleep 0.2; k=$((k + 1)); done
}

measure() {
	label=$1
	set -- $(etrec_per_sample "")
	e=$1
	set -- $(${as_user:-env} "$floor" "$samples" "$interval")
	f=$1
	p=
	if /usr/bin/python3 -c "import psutil" 2>/dev/null; then
		set -- $(${as_user:-env} /usr/bin/python3 "$here/psutil_loop.py" "$samples" "$interval")
		p=$1
	fi
	awk -v l="$label" -v e="$e" -v f="$f" -v p="$p" 'BEGIN {
		printf "%-34s etrec %7.1f us  floor %7.1f us  ", l, e * 1e6, f * 1e6
		if (p != "") printf "psutil %8.1f us  ", p * 1e6
		printf "etrec/floor %.2fx", e / f
		if (p != "") printf "  psutil/etrec %.1fx", p / e
		printf "\n" }'
}

# etrec's CPU per sample (s) and the job_scope source of its log; $1: a cgroup to run in, or "".
etrec_per_sample() {
	duration=$(awk -v n="$samples" -v i="$interval" 'BEGIN { printf "%.1f", n * i }')
	if [ -n "$1" ]; then
		sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$1" ${as_user:-env} "$etrec" -q \
			--gpu none -o "$work/cg.log" --force -i "$interval" sleep "$duration"
	else
		${as_user:-env} "$etrec" -q --gpu none -o "$work/cg.log" --force -i "$interval" sleep "$duration"
	fi
	awk -F, 'NR == 2 { s = ($0 ~ /"job_scope":\{"source":"cgroup"/) ? "cgroup" : "proc" }
		$1 == "S" { n++ } $1 == "X" { cpu = $10 + $11 } END { printf "%.9f %s\n", cpu / n, s }' "$work/cg.log"
}

# The cgroup path's cost: etrec in a cgroup of its own vs outside, 3 runs each, interleaved.
measure_cgroup() {
	v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	cg=$v2/etrec-bench-$$
	if [ "$(id -u)" != 0 ] || [ -z "$v2" ] || ! mkdir "$cg" 2>/dev/null; then
		echo "(not root or no writable cgroup v2: the cgroup case is skipped)"
		return 0
	fi
	ins= outs= scope=
	for k in 1 2 3; do
		set -- $(etrec_per_sample "$cg") && ins="$ins $1" && scope=$2
		set -- $(etrec_per_sample "") && outs="$outs $1"
	done
	rmdir "$cg" 2>/dev/null || true
	echo "$ins" "$outs" | awk -v s="$scope" '{
		split($1 " " $2 " " $3, a); split($4 " " $5 " " $6, b)
		# medians of 3
		ma = a[1] + a[2] + a[3] - (a[1] < a[2] ? (a[1] < a[3] ? a[1] : a[3]) : (a[2] < a[3] ? a[2] : a[3])) - (a[1] > a[2] ? (a[1] > a[3] ? a[1] : a[3]) : (a[2] > a[3] ? a[2] : a[3]))
		mb = b[1] + b[2] + b[3] - (b[1] < b[2] ? (b[1] < b[3] ? b[1] : b[3]) : (b[2] < b[3] ? b[2] : b[3])) - (b[1] > b[2] ? (b[1] > b[3] ? b[1] : b[3]) : (b[2] > b[3] ? b[2] : b[3]))
		printf "%-34s etrec %7.1f us  outside %7.1f us  in/out %.2fx  (%+.1f us per sample; job_scope %s)\n",
			"etrec alone in a cgroup v2", ma * 1e6, mb * 1e6, ma / mb, (ma - mb) * 1e6, s }'
}

echo "CPU time (user+sys) per sample, $samples samples every $interval s, uid $uid"
for n in 77 1000 3000; do
	case_n=$n   # sleepers() sets n
	have=$(count "$uid")
	if [ "$have" -lt "$n" ]; then
		sleepers "$measured" $((n - have - 1))
	else
		echo "(this user already has $have processes)"
	fi
	measure "$(count "$uid") processes of the user"
	if [ "$case_n" = 77 ]; then measure_cgroup; fi
done
for g in $groups; do /bin/kill -s TERM -- "-$g" 2>/dev/null || true; done
groups=
if [ -n "$other" ]; then
	k=0
	while [ "$(count "$uid")" -gt 0 ] && [ $k -lt 100 ]; do sleep 0.2; k=$((k + 1)); done
	sleepers "$measured" 76
	sleepers "$other" 3000
	measure "$(count "$uid") of the user, $(count "$other") of another uid"
else
	echo "(not root: the case with 3,000 processes of another uid is skipped)"
fi
