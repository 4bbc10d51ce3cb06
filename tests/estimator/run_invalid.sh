#!/bin/sh
# run_invalid.sh ETEST CASE_DIR - etest on CASE_DIR/input.log must exit 1 and print
# exactly CASE_DIR/error on stderr, and a good log given after it must still be processed,
# within 1 GiB of memory and 20 s.
set -u
etest=$1 dir=$2 good=$3
cd "$dir" || exit 1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# Under a memory limit (1 GiB; not under ASan, whose shadow memory needs far more
# address space) and a time limit: a log that blows up fails the test, not the machine.
limit_mem=
[ "${ET_ASAN:-0}" = 1 ] || limit_mem="ulimit -v 1048576;"
sh -c "$limit_mem"' exec timeout 20 "$0" --intensity 50 -q --model all --format csv input.log "$1"' \
	"$etest" "$good" >"$out" 2>"$err"
rc=$?
fail=0
if [ "$rc" -ne 1 ]; then echo "exit status $rc, want 1"; fail=1; fi
if ! diff -u error "$err"; then echo "stderr differs from $dir/error"; fail=1; fi
if ! grep -q '"two-gpus.log"\|two-gpus.log' "$out"; then echo "the good log after it was not processed"; fail=1; fi
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
