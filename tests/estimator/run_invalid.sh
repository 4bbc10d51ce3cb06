#!/bin/sh
# run_invalid.sh ETEST CASE_DIR - etest on CASE_DIR/input.log must exit 1 and print
# exactly CASE_DIR/error on stderr, and a good log given after it must still be processed.
set -u
etest=$1 dir=$2 good=$3
cd "$dir" || exit 1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$etest" --intensity 50 -q --model all --format csv input.log "$good" >"$out" 2>"$err"
rc=$?
fail=0
if [ "$rc" -ne 1 ]; then echo "exit status $rc, want 1"; fail=1; fi
if ! diff -u error "$err"; then echo "stderr differs from $dir/error"; fail=1; fi
if ! grep -q '"two-gpus.log"\|two-gpus.log' "$out"; then echo "the good log after it was not processed"; fail=1; fi
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
