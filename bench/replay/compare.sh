#!/bin/sh
# compare.sh BASE_ETEST NEW_ETEST LOG... - checks that two etest builds print byte-identical
# JSON and CSV for `--model all` (also --scope user, --intensity-resolution quarter) on each log.
set -u
base=$1 new=$2
shift 2
export ETEST_CACHE=/nonexistent/cache.sqlite
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for log in "$@"; do
	for opts in "" "--scope user" "--intensity-resolution quarter" "--intensity 50"; do
		for fmt in json csv; do
			# shellcheck disable=SC2086
			"$base" --model all $opts --format "$fmt" "$log" >"$tmp/a" 2>"$tmp/ae"
			ra=$?
			# shellcheck disable=SC2086
			"$new" --model all $opts --format "$fmt" "$log" >"$tmp/b" 2>"$tmp/be"
			rb=$?
			n=$((n + 1))
			if [ $ra -ne $rb ] || ! cmp -s "$tmp/a" "$tmp/b" || ! cmp -s "$tmp/ae" "$tmp/be"; then
				echo "DIFFER: $log $opts --format $fmt (exit $ra vs $rb)"
				fail=1
			fi
		done
	done
done
echo "$n comparisons, $([ $fail -eq 0 ] && echo all identical || echo SOME DIFFER)"
exit $fail
