#!/bin/sh
# t0503-store-pdf.sh - `etest report --pdf` on the generated lab, read back with poppler:
# pages, the totals and groups of the JSON output in the text, embedded fonts, no blank
# page, command lines only with --show-commands, the file written whole or not at all.
# Needs ETEST (the binary) and SRC (the source tree).
. "$(dirname "$0")/../shell/lib.sh"
export ETEST_CACHE=/nonexistent/cache.sqlite
unset ETEST_DB
PDFCHECK="python3 $SRC/tests/store/pdf_check.py"

python3 "$SRC/tests/store/gen_lab.py" lab && rm lab/corrupt.log &&
"$ETEST" db add -q --db lab.sqlite lab >/dev/null || exit 1

# Text of a PDF, one line per row as laid out, runs of spaces made one.
pdf_text() {
	pdftotext -layout "$1" - | sed 's/  */ /g; s/^ //'
}

test_expect_success '--pdf with --model all: 3 A4 pages, 0600, beside the JSON of the same run' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --model all --format json --pdf lab.pdf >rep.json &&
	pdfinfo lab.pdf >info.txt &&
	grep -Eq "^Pages: +3$" info.txt &&
	grep -Eq "^Page size: +595.2[0-9]* x 841.8[0-9]* pts \(A4\)" info.txt &&
	test "$(stat -c %a lab.pdf)" = 600 &&
	test "$(ls | grep -c "lab.pdf.")" -eq 0
'
test_expect_success 'pdftotext: the totals, the spread, each model and each group as in the JSON' '
	pdf_text lab.pdf >text.txt &&
	$PDFCHECK strings rep.json >want.txt &&
	test "$(wc -l <want.txt)" -eq 19 &&     # 6 totals lines, 7 models, 5 users, the total row
	while read -r line; do
		grep -qF -- "$line" text.txt || { echo "missing in the PDF: $line"; exit 1; }
	done <want.txt &&
	# the mean per day: the month'\''s 3.510 kWh (3509.6 Wh) over its 31 local days = 113.2 Wh
	for w in "Energy and CO2e of 2022-10, by user" "2022-10-01 00:00 CEST to 2022-11-01 00:00 CET (Europe/Paris)" \
		"RTE eco2mix history, day resolution" "PUE 1.67, scope job" "Energy per day (model ga, with PUE): mean 113.2 Wh per day" \
		"local day (Europe/Paris)" "energy (kWh)" "The 7 largest runs (model ga)" "0.83 (truncated)" \
		"page 3"; do
		grep -qF -- "$w" text.txt || { echo "missing: $w"; exit 1; }
	done
'
test_expect_success 'the PDF rounds as the table: its total row is the table'\''s' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --model all >table.txt &&
	# total RUNS TRUNC CPU h GPU h IDLE Wh ga ENERGY kWh CO2E gCO2e
	set -- $(grep "^total " table.txt) &&
	test "$1 ${10}" = "total ga" && test "${12}" = kWh &&
	grep -qF "total $2 $3 $4 $6 $8 $9 ${11} ${12} ${13} ${14}" text.txt
'
test_expect_success 'pdffonts: DejaVu Sans regular and bold embedded, nothing else' '
	pdffonts lab.pdf >fonts.txt &&
	grep -Eq "DejaVuSans +TrueType.* yes +yes +yes" fonts.txt &&
	grep -Eq "DejaVuSans-Bold +TrueType.* yes +yes +yes" fonts.txt &&
	test "$(tail -n +3 fonts.txt | wc -l)" -eq 2
'
test_expect_success 'pdftoppm: no page is blank' '
	pdftoppm -r 50 -gray lab.pdf page &&
	for p in page-1.pgm page-2.pgm page-3.pgm; do
		set -- $($PDFCHECK ink "$p") &&
		test "$2" -eq 414 && test "$3" -eq 585 &&
		# more than 4 % of the 242,190 pixels darker than 240/255
		test "$1" -gt 9700 || { echo "$p: $1 pixels of ink"; exit 1; }
	done
'
test_expect_success 'the ink count can fail: a white image counts none, one dark row 414' '
	printf "P5\n# white\n414 585\n255\n" >white.pgm &&
	head -c 242190 /dev/zero | tr "\0" "\377" >>white.pgm &&
	set -- $($PDFCHECK ink white.pgm) && test "$1 $2 $3" = "0 414 585" &&
	printf "P5 414 1 255\n" >row.pgm && head -c 414 /dev/zero >>row.pgm &&
	set -- $($PDFCHECK ink row.pgm) && test "$1" -eq 414
'
test_expect_success 'an empty period: a PDF of 2 pages that says 0 runs' '
	"$ETEST" report --db lab.sqlite --month 2021-01 --pdf empty.pdf >/dev/null &&
	pdfinfo empty.pdf | grep -Eq "^Pages: +2$" &&
	pdf_text empty.pdf | grep -qF "0, of them 0 incomplete"
'
test_expect_success 'by tag:project: each group named, "(no project)" too' '
	"$ETEST" report --db lab.sqlite --month 2022-10 --by tag:project --format json --pdf tag.pdf >tag.json &&
	pdf_text tag.pdf >tag.txt &&
	$PDFCHECK strings tag.json >want.txt &&
	while read -r line; do
		grep -qF -- "$line" tag.txt || { echo "missing in the PDF: $line"; exit 1; }
	done <want.txt &&
	for g in vision nlp misc "(no project)"; do grep -q "^$g [0-9]" tag.txt || { echo "no group $g"; exit 1; }; done &&
	pdfinfo tag.pdf | grep -Eq "^Pages: +2$"
'
test_expect_success 'command lines only with --show-commands' '
	! grep -q "token=SECRET" text.txt &&
	grep -q "^4 python alice node1 project=vision" text.txt &&
	grep -qF "whole command lines may hold secrets" text.txt &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --show-commands --pdf shown.pdf >/dev/null &&
	pdf_text shown.pdf >shown.txt &&
	grep -qF "4. /opt/conda/bin/python train.py --token=SECRET" shown.txt &&
	! grep -qF "whole command lines may hold secrets" shown.txt
'
test_expect_success 'a missing folder: a clear message, exit 1, nothing left behind' '
	: >out && : >err && : >after.txt && ls -a >before.txt || exit 1
	rc=0; "$ETEST" report --db lab.sqlite --month 2022-10 --pdf nodir/lab.pdf >out 2>err || rc=$?
	test $rc -eq 1 &&
	grep -q "^etest: nodir/lab.pdf: .*No such file or directory" err &&
	ls -a >after.txt && test_cmp before.txt after.txt
'
test_expect_success 'a folder that cannot hold the file: exit 1, nothing left behind' '
	# A path under a regular file fails for every user, root included (ENOTDIR), where
	# a chmod 500 folder would not stop root: the failure path runs on every machine.
	echo data >notadir || exit 1
	rc=0; "$ETEST" report --db lab.sqlite --month 2022-10 --pdf notadir/lab.pdf >out 2>err || rc=$?
	cat err &&
	test $rc -eq 1 && grep -q "notadir/lab.pdf.*Not a directory" err &&
	test "$(ls -a | grep -c "lab\.pdf\.")" -eq 0 && test "$(cat notadir)" = data
'
test_expect_success 'an output naming the store is refused, the store kept' '
	cp lab.sqlite keep.sqlite || exit 1
	rc=0; "$ETEST" report --db lab.sqlite --month 2022-10 --pdf ./lab.sqlite >out 2>err || rc=$?
	test $rc -eq 2 && grep -q "^etest report: ./lab.sqlite is the store" err &&
	cmp lab.sqlite keep.sqlite
'
test_expect_success 'a link at the path is replaced, its target untouched' '
	echo keep >target.txt && ln -s target.txt link.pdf &&
	"$ETEST" report --db lab.sqlite --month 2022-10 --pdf link.pdf >/dev/null &&
	test "$(cat target.txt)" = keep && test -f link.pdf && ! test -L link.pdf &&
	pdfinfo link.pdf >/dev/null
'
test_done
