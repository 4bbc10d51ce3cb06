#!/bin/sh
# run.sh - etrec's CPU cost per sample against two baselines measured in the same run: the
# floor (floor.c: the same /proc reads in a minimal C loop) and a psutil loop, with 77,
# 1,000 and 3,000 processes of the user, then 77 of the user beside 3,000 of another uid.
# usage: bench/recorder/run.sh BUILD_DIR [SAMPLES]   (ETREC=path measures another etrec)
# As root it creates two users (etbench, etbench2), measures as etbench and removes both at
# the end; as another user it measures that user and skips the other-uid case.
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
	duration=$(awk -v n="$samples" -v i="$interval" 'BEGIN { printf "%.1f", n * i }')
	${as_user:-env} "$etrec" -q --gpu none -o "$work/bench.log" --force -i "$interval" sleep "$duration"
	set -- $(awk -F, '$1 == "S" { n++ } $1 == "X" { cpu = $10 + $11 }
		END { printf "%.9f %d\n", cpu / n, n }' "$work/bench.log")
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

echo "CPU time (user+sys) per sample, $samples samples every $interval s, uid $uid"
for n in 77 1000 3000; do
	have=$(count "$uid")
	if [ "$have" -lt "$n" ]; then
		sleepers "$measured" $((n - have - 1))
	else
		echo "(this user already has $have processes)"
	fi
	measure "$(count "$uid") processes of the user"
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
