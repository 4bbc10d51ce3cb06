#!/bin/sh
# t0402-install.sh - `cmake --install` into a fresh prefix gives both programs, the man
# pages and data/ with its SOURCES.md; the installed etest reads the installed data, not
# the source tree's (shown by hiding the installed copy: it then fails).
. "$SHELL_LIB"
: "${BUILD_DIR:?}"
export ETEST_CACHE=/nonexistent/cache.sqlite

test_expect_success 'cmake --install puts binaries, man pages and data in the prefix' '
	cmake --install "$BUILD_DIR" --prefix "$PWD/inst" >install.out &&
	test -x inst/bin/etrec && test -x inst/bin/etest &&
	for m in etrec.1 etest.1 etest-intensity.1 etest-db.1 etest-report.1; do test -s inst/share/man/man1/$m || exit 1; done &&
	test -s inst/share/energytrack/SOURCES.md &&
	test -s inst/share/energytrack/intensity/fr_rte_eco2mix_daily_co2_2012-2023.csv &&
	test -s inst/share/energytrack/power/codecarbon/cpu_power.csv
'
test_expect_success 'the installed etest reads the installed data' '
	inst/bin/etest intensity show 2022-01-01..2022-01-01 --format csv >show.csv &&
	grep -q "^2022-01-01,33.7,24,daily mean," show.csv &&
	mv inst/share/energytrack/intensity inst/share/energytrack/hidden &&
	! inst/bin/etest intensity show 2022-01-01..2022-01-01 >out 2>err &&
	grep -q "inst/bin/../share/energytrack/intensity/.*cannot open" err &&
	mv inst/share/energytrack/hidden inst/share/energytrack/intensity
'
test_expect_success 'the installed etrec records and the installed etest replays' '
	inst/bin/etrec -q --gpu none -i 0.2 -o run.log -- sh -c "echo hello" >out &&
	test "$(cat out)" = hello &&
	inst/bin/etest run.log --model ga --intensity 50 --format csv >run.csv &&
	test "$(wc -l <run.csv)" -eq 2 && grep -q ",\"ga\"," run.csv
'
test_done
