# lib.sh - the timing helpers of run.sh and ab.sh (sourced; $t names time(1)'s output file).

# CPU seconds (user+sys) of a command, its output thrown away.
cpu() {
	/usr/bin/time -f "%U %S" -o "$t" "$@" >/dev/null
	awk '{ print $1 + $2 }' "$t"
}
# The same for N calls of a command in one loop (time(1) counts in 10 ms steps: a short
# command is timed over many calls).
cpu_n() {
	n=$1
	shift
	cpu sh -c 'n=$1; shift; i=0; while [ $i -lt $n ]; do "$@" >/dev/null; i=$((i + 1)); done' sh "$n" "$@"
}
add() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }
