#!/bin/sh
# wait_lines.sh LOG REGEX N - test helper, run as etrec's command (or beside it):
# returns once LOG holds N lines matching the grep REGEX (e.g. '^S,' for N samples), so
# that a test counts records instead of guessing how many fit in a sleep on a loaded
# machine. Exit 1 after 60 s.
log=$1 regex=$2 want=$3 tries=0
while :; do
	have=$(grep -c -- "$regex" "$log" 2>/dev/null) || have=${have:-0}
	[ "$have" -ge "$want" ] && exit 0
	tries=$((tries + 1))
	[ $tries -le 1200 ] || { echo "wait_lines: $log has $have lines matching $regex, not $want, after 60 s" >&2; exit 1; }
	sleep 0.05
done
