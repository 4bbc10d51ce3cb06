#!/bin/sh
# t0302-etest-files.sh - etest on a shared, hostile machine (issue 13): outputs never
# overwrite an input, never mix two writers, never follow a planted link, are 0600; a
# FIFO log is refused, a log given twice is warned; text from a log never drives the
# terminal and always makes valid JSON.
# Needs ETEST (the binary) and LOGS (tests/estimator/logs).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
G=$LOGS/two-gpus.log

test_expect_success 'an output that is a log is refused before anything is written' '
	cp "$G" run.log && cp "$G" keep.log || exit 1
	rc=0; "$ETEST" --intensity 50 run.log --csv run.log >out 2>err || rc=$?
	test $rc -eq 2 && grep -q "^etest: --csv run.log is the log run.log: refusing to write over a recording$" err &&
	cmp run.log keep.log && test ! -s out &&
	ln -s run.log link.json || exit 1
	rc=0; "$ETEST" --intensity 50 run.log --json link.json >out 2>err || rc=$?
	test $rc -eq 2 && grep -q "is the log run.log" err && cmp run.log keep.log &&
	mkdir sub || exit 1
	rc=0; "$ETEST" --intensity 50 sub/../run.log --codecarbon-csv ./run.log >out 2>err || rc=$?
	test $rc -eq 2 && cmp run.log keep.log || exit 1
	rc=0; "$ETEST" --intensity 50 run.log --json o.json --csv ./o.json >out 2>err || rc=$?
	test $rc -eq 2 && grep -q "name the same file" err && test ! -e o.json
'
test_expect_success 'a log given twice (same device and inode) is warned' '
	cp "$G" twice.log && ln twice.log hard.log &&
	"$ETEST" --intensity 50 --model ga --format csv twice.log ./hard.log >out 2>err &&
	grep -q "^etest: warning: ./hard.log is the same file as twice.log: given twice" err &&
	"$ETEST" --intensity 50 --model ga --format csv twice.log "$G" >out 2>err &&
	! grep -q "given twice" err
'
test_expect_success 'a FIFO given as a log is refused at once, not waited on' '
	mkfifo fifo.log || exit 1
	rc=0; timeout 20 "$ETEST" --intensity 50 fifo.log "$G" >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -q "^etest: fifo.log: a FIFO, not a log file: etest reads logs from regular files$" err &&
	grep -q "two-gpus" out
'
test_expect_success 'output files are 0600 and no temporary file is left' '
	mkdir outs && umask 022 &&
	"$ETEST" --intensity 50 --json outs/r.json --csv outs/r.csv --codecarbon-csv outs/e.csv "$G" >/dev/null &&
	test "$(stat -c %a outs/r.json outs/r.csv outs/e.csv | sort -u)" = 600 &&
	test "$(ls outs | wc -l)" -eq 3
'
test_expect_success 'a link planted in a shared folder (by another uid) is never followed' '
	mkdir -m 1777 shared && echo precious >victim && chmod 644 victim &&
	ln -s "$PWD/victim" shared/out.csv.tmp && ln -s "$PWD/victim" shared/out.json &&
	if [ "$(id -u)" = 0 ]; then chown -h nobody shared/out.csv.tmp shared/out.json; fi &&
	"$ETEST" --intensity 50 --csv shared/out.csv --json shared/out.json "$G" >/dev/null &&
	test "$(cat victim)" = precious &&
	test -f shared/out.csv && test ! -L shared/out.csv &&
	test -f shared/out.json && test ! -L shared/out.json && grep -q etest_version shared/out.json
'
test_expect_success 'two etest writing the same --csv: the last one wins whole' '
	set -- && for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do set -- "$@" "$G"; done &&
	"$ETEST" --intensity 50 --pue 1.2 --csv a.csv "$@" >/dev/null &&
	"$ETEST" --intensity 50 --pue 1.5 --csv b.csv "$@" >/dev/null &&
	! cmp -s a.csv b.csv &&
	for round in 1 2 3 4 5 6 7 8 9 10; do
		"$ETEST" --intensity 50 --pue 1.2 --csv race.csv "$@" >/dev/null & p1=$!
		"$ETEST" --intensity 50 --pue 1.5 --csv race.csv "$@" >/dev/null & p2=$!
		wait $p1 && wait $p2 || exit 1
		cmp -s race.csv a.csv || cmp -s race.csv b.csv || { echo "round $round: mixed"; exit 1; }
	done &&
	test -z "$(ls | grep "^race.csv.")"
'
# A log whose GPU name, command and etrec warning hold terminal escapes, a bell, a C1
# control and bytes that are not UTF-8.
make_hostile() {
	esc=$(printf "\033") bel=$(printf "\007") bad=$(printf "\377\376")
	sed -e "s/\"Tesla V100-SXM2-32GB\"/\"T4\\\\u001b[31mRED\"/" \
	    -e "s/\"train.py\"/\"\\\\u001b]0;pwned\\\\u0007\\\\u009b\"/" "$G" |
	sed -e "/^E,.*,launch,/a\\
E,3001,1709287200001,warning,${esc}[2Jclear${bel} and ${bad} bytes" >"$1"
}
test_expect_success 'control characters from a log are shown, not sent to the terminal' '
	make_hostile hostile.log &&
	"$ETEST" --intensity 50 hostile.log >out 2>err &&
	! grep -q "$(printf "\033")" out && ! grep -q "$(printf "\007")" out &&
	grep -q "T4\\\\x1b\[31mRED" out && grep -q "\\\\x1b\]0;pwned\\\\x07\\\\xc2\\\\x9b" out &&
	grep -q "warning: etrec (line 14): \\\\x1b\[2Jclear\\\\x07 and" out &&
	"$ETEST" --intensity 50 --format csv hostile.log >out 2>err &&
	! grep -q "$(printf "\033")" err && grep -q "etrec (line 14): \\\\x1b\[2Jclear" err
'
test_expect_success 'bytes that are not UTF-8 (a warning, a file name) still make valid JSON' '
	make_hostile hostile.log && cp hostile.log "$(printf "bad\377name.log")" &&
	"$ETEST" --intensity 50 --model ga --format json "$(printf "bad\377name.log")" >out.json 2>err &&
	python3 -c "
import json
r=json.load(open(\"out.json\", encoding=\"utf-8\"))[\"runs\"][0]
assert r[\"log\"]==\"bad\ufffdname.log\", r[\"log\"]
w=[w for w in r[\"warnings\"] if \"clear\" in w][0]
assert w.endswith(\"clear\x07 and \ufffd\ufffd bytes\"), repr(w)
"
'
test_done
