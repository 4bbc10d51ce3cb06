#!/bin/sh
# t_show.sh - `etest intensity show`: per-day rows from the shipped data and the cache,
# DST days counted right (23 h and 25 h), fallbacks labelled, csv and table formats.
. "$ET_SHELL_LIB"
. "$(dirname "$ET_ODRE_SERVER")/server.sh"
CLI=$ET_INTENSITY_CLI
export ETEST_CACHE="$PWD/none/intensity.sqlite"
unset XDG_CACHE_HOME
REC='shipped: RTE eco2mix, recomputed from the consolidated mix'

test_expect_success 'csv rows from the shipped data, DST days without double counting' '
	"$CLI" show 2022-03-26..2022-03-27 --format csv >out 2>err
	cat >want <<-EOF
	date,intensity_g_per_kwh,points,basis,source
	2022-03-26,56.4,24,daily mean,"$REC"
	2022-03-27,59.3,23,daily mean,"$REC"
	EOF
	test_cmp want out
	test ! -s err
	"$CLI" show 2022-10-30 --format csv >out
	grep "^2022-10-30,80.1,24,daily mean," out
'

test_expect_success 'the csv values are the hourly means, computed here independently' '
	"$CLI" show 2022-03-26..2022-03-27 --format csv | sed 1d | cut -d, -f1-3 >got
	# Mean of the distinct hourly values of each Paris day (23:00Z the day before to
	# 23:00Z, 22:00Z after the spring change), from the shipped hourly file.
	python3 - "$ET_TEST_DATA_DIR/intensity/fr_rte_eco2mix_hourly_2022.csv" >want <<-\EOF
	import csv, sys
	v = {}
	for r in csv.DictReader(open(sys.argv[1])):
	    v.setdefault(r["datetime_utc"], float(r["co2_g_per_kwh"]))
	def day(start, n):
	    ks = sorted(k for k in v if k >= start)[:n]
	    return sum(v[k] for k in ks) / n, n
	for d, start, n in (("2022-03-26", "2022-03-25T23", 24), ("2022-03-27", "2022-03-26T23", 23)):
	    m, n = day(start, n)
	    print("%s,%.1f,%d" % (d, m, n))
	EOF
	test_cmp want got
'

test_expect_success 'a day past the data: yearly figure, labelled, with a note' '
	"$CLI" show 2024-09-10 --format csv >out 2>err
	grep "^2024-09-10,44.18,0,yearly (life-cycle),\"shipped yearly figure of 2024: Ember via Our World in Data (life-cycle, not RTE.s direct taux_co2); a change of basis: .*no intensity cache yet\"$" out
	grep "1 day without daily RTE data in the shipped files or the cache (no cache yet" err
'

test_expect_success 'a day of 2023-02..2024-07 without daily data: the monthly mean of the mix' '
	"$CLI" show 2023-06-01 --format csv >out 2>err
	grep "^2023-06-01,30.21,0,monthly mean,\"shipped: RTE eco2mix monthly mean mix (real-time), taux_co2 formula applied, 2023-06; " out
	"$CLI" show 2024-07-20 --format csv >out 2>err
	grep "^2024-07-20,16.06,0,monthly mean (partial month)," out
'

test_expect_success 'the 2025 En-cours file: spring-forward day of 23 hours, 92 quarter-hours' '
	"$CLI" show 2025-03-30 --format csv >out
	grep "^2025-03-30,[0-9.]*,92,daily mean,shipped: RTE eco2mix taux_co2 as published (real-time data)$" out
'

test_expect_success 'published quarter-hours make the day when they cover it' '
	"$CLI" show 2021-12-01 --format csv >out
	grep "^2021-12-01,[0-9.]*,96,daily mean,shipped: RTE eco2mix taux_co2 as published (real-time data)$" out
'

test_expect_success 'table format has units and a header' '
	"$CLI" show 2022-03-27 >out
	grep "^date .*intensity .*points .*basis .*source" out
	grep "^2022-03-27 .* 59.3 g/kWh .* 23 .*daily mean" out
'

test_expect_success 'fetched DST days: 92 and 100 quarter-hours, none lost or doubled' '
	# A consolidated body over both changeover days, every quarter-hour at 40, but
	# the hour after the spring change at 100 and the repeated autumn hour at 10,
	# with one row sent twice (the source quirk).
	python3 - >dst.json <<-\EOF
	import json, datetime as dt
	rows = []
	def span(start, n, value_at):
	    t = dt.datetime.fromisoformat(start)
	    for i in range(n):
	        u = t + dt.timedelta(minutes=15 * i)
	        rows.append({"date_heure": u.isoformat(), "taux_co2": value_at(u)})
	span("2022-03-26T23:00:00+00:00", 92, lambda u: 100 if u.hour == 1 and u.day == 27 else 40)
	span("2022-10-29T22:00:00+00:00", 100, lambda u: 10 if u.hour == 0 and u.day == 30 else 40)
	rows.append(rows[10])
	print(json.dumps(rows))
	EOF
	start_server --body dst.json
	"$CLI" fetch --from 2022-03-27 --to 2022-10-30 --dataset eco2mix-national-cons-def \
		--base-url "$BASE" --cache dst.sqlite >out 2>err
	stop_server
	cat out err
	# The repeated row is reported and dropped before the cache sees it.
	grep "fetched 192 points .*: 192 new, 0 replaced, 0 already cached" out
	grep "^etest: kept 192 of the 193 values received; dropped 1 repeating an instant already received (0 with another value; the first value kept)$" err
	"$CLI" show 2022-03-27 --format csv --cache dst.sqlite >a
	"$CLI" show 2022-10-30 --format csv --cache dst.sqlite >b
	# 23 hours, one at 100 and 22 at 40: (100 + 22 x 40) / 23 = 980 / 23 = 42.6.
	grep "^2022-03-27,42.6,92,daily mean,\"fetched: RTE eco2mix taux_co2, consolidated (eco2mix-national-cons-def)\"$" a
	# 25 hours, one at 10 and 24 at 40: (10 + 24 x 40) / 25 = 970 / 25 = 38.8.
	grep "^2022-10-30,38.8,100,daily mean,\"fetched: RTE eco2mix taux_co2, consolidated" b
'

test_expect_success 'usage errors exit 2, help exits 0' '
	expect_status 2 "$CLI" show 2022-03-27..2022-03-01
	expect_status 2 "$CLI" show 2022-02-30
	expect_status 2 "$CLI" show
	expect_status 2 "$CLI" show 2022-03-01 --format xml
	expect_status 2 "$CLI"
	"$CLI" --help >help
	grep "etest intensity show FROM..TO" help
	"$CLI" show --help | grep -e "--format F"
'

test_expect_success 'an unreadable cache never blocks: a warning naming it, the shipped data, exit 0' '
	echo "not a database" >junk.sqlite
	"$CLI" show 2021-12-01 --cache junk.sqlite --format csv >out 2>err
	cat err
	grep "^etest: warning: the intensity cache junk.sqlite cannot be read (cannot read the cache: file is not a database); going on with the shipped data$" err
	grep "^2021-12-01,[0-9.]*,96,daily mean,shipped: RTE eco2mix taux_co2 as published (real-time data)$" out
'

test_done
