#!/bin/sh
# t_fetch.sh - `etest intensity fetch` against a local stand-in of the ODRE API serving
# the real 2024-07-03 export sample: storage, idempotence, retry, malformed body,
# timeout, empty page, dataset ranking, usage errors.
. "$ET_SHELL_LIB"
. "$(dirname "$ET_ODRE_SERVER")/server.sh"
CLI=$ET_INTENSITY_CLI
SAMPLE=$ET_TEST_FIXTURES/odre_v2.1_records_api_sample_2024-07-03.json
TR=eco2mix-national-tr
CONS=eco2mix-national-cons-def
unset ETEST_CACHE XDG_CACHE_HOME
json_rows "$SAMPLE" $TR >sample.rows

test_expect_success 'fetch stores exactly the served rows, in a new directory' '
	start_server --body "$SAMPLE"
	"$CLI" fetch --from 2024-07-03 --to 2024-07-04 --dataset $TR --base-url "$BASE/" \
		--cache new/dir/c.sqlite >out 2>err
	stop_server
	cat out err
	grep "fetched 97 points for 2024-07-03..2024-07-04: 97 new, 0 replaced, 0 already cached" out
	cache_rows new/dir/c.sqlite >got
	test $(wc -l <got) -eq 97
	test_cmp sample.rows got
	test $(wc -l <requests.log) -eq 1
	grep "^/api/explore/v2.1/catalog/datasets/$TR/exports/json?select=date_heure%2Ctaux_co2&where=" requests.log
	# Paris days 2024-07-03..04 are 2024-07-02T22:00Z .. 2024-07-04T22:00Z.
	grep "date%272024-07-02T22%3A00%3A00%2B00%3A00%27" requests.log
	grep "date%272024-07-04T22%3A00%3A00%2B00%3A00%27" requests.log
	grep "timezone=UTC" requests.log
	expect_status 1 grep "request 1 of" err
'

test_expect_success 'a second fetch adds nothing' '
	start_server --body "$SAMPLE"
	"$CLI" fetch --from 2024-07-03 --to 2024-07-04 --dataset $TR --base-url "$BASE" \
		--cache new/dir/c.sqlite >out 2>err
	stop_server
	grep "fetched 97 points .*: 0 new, 0 replaced, 97 already cached" out
	cache_rows new/dir/c.sqlite >got
	test_cmp sample.rows got
'

test_expect_success 'HTTP 500 then success: retried after a backoff' '
	start_server --body "$SAMPLE" --fail-first 1
	"$CLI" fetch --from 2024-07-03 --to 2024-07-04 --dataset $TR --base-url "$BASE" \
		--cache retry.sqlite >out 2>err
	stop_server
	cat err
	grep "datasets/$TR/exports/json: HTTP 500; retrying in 1 s (attempt 2 of 4)" err
	test $(wc -l <requests.log) -eq 2
	cache_rows retry.sqlite >got
	test_cmp sample.rows got
'

test_expect_success 'HTTP 500 every time: exit 1 after the retries' '
	start_server --body "$SAMPLE" --fail-first 99
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache fail.sqlite --retries 1 >out 2>err
	stop_server
	cat err
	grep "^etest: $BASE/api/explore/v2.1/catalog/datasets/$TR/exports/json: HTTP 500: {\"error_code\": \"InternalError\"}; using shipped data up to 2023-01-31$" err
	test $(wc -l <requests.log) -eq 2
'

test_expect_success 'malformed body: clear error, cache unchanged' '
	echo "<html>Bad Gateway</html>" >bad.json
	cache_rows new/dir/c.sqlite >before
	start_server --body bad.json
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-04 --dataset $TR --base-url "$BASE" \
		--cache new/dir/c.sqlite >out 2>err
	stop_server
	cat err
	grep "^etest: $BASE/api/explore/v2.1/catalog/datasets/$TR/exports/json: malformed response: .*; using shipped and cached data up to 2024-07-04$" err
	cache_rows new/dir/c.sqlite >after
	test_cmp before after
'

test_expect_success 'exit status 1 on a data error' '
	start_server --body bad.json
	set +e
	"$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" --cache x.sqlite 2>err
	status=$?
	set -e
	stop_server
	test $status -eq 1
'

test_expect_success 'timeout: says so, with the data it falls back on' '
	start_server --body "$SAMPLE" --delay 5
	set +e
	"$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache timeout.sqlite --timeout 1 --retries 0 >out 2>err
	status=$?
	set -e
	stop_server
	cat err
	test $status -eq 1
	grep "^etest: cannot reach $BASE/api/explore/v2.1/catalog/datasets/$TR/exports/json: timeout after 1 s; using shipped data up to 2023-01-31$" err
'

test_expect_success 'timeouts are retried too' '
	start_server --body "$SAMPLE" --delay 3
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache timeout.sqlite --timeout 1 --retries 1 >out 2>err
	stop_server
	grep "timeout after 1 s; retrying in 1 s (attempt 2 of 2)" err
	test $(wc -l <requests.log) -eq 2
'

test_expect_success 'no connection at all (SYN dropped): one attempt, error at the connect timeout' '
	start_server --no-accept
	t0=$(date +%s)
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache blackhole.sqlite --timeout 2 --retries 3 >out 2>err
	t1=$(date +%s)
	stop_server
	cat err
	grep "^etest: cannot reach $BASE/api/explore/v2.1/catalog/datasets/$TR/exports/json: no connection after 2 s; using shipped data up to 2023-01-31$" err
	expect_status 1 grep retrying err
	# One 2 s attempt; retried, it would take 4 x 2 s + 1 + 2 + 4 s of backoff = 15 s.
	echo "took $((t1 - t0)) s"
	test $((t1 - t0)) -le 6
'

test_expect_success 'nobody listening: cannot reach' '
	start_server --body "$SAMPLE"
	stop_server
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache refused.sqlite --retries 0 >out 2>err
	grep "^etest: cannot reach $BASE/api/explore/v2.1/catalog/datasets/$TR/exports/json: .*; using shipped data up to 2023-01-31$" err
'

test_expect_success 'empty page: nothing stored, no error' '
	echo "[]" >empty.json
	start_server --body empty.json
	"$CLI" fetch --from 2024-07-03 --to 2024-07-04 --dataset $TR --base-url "$BASE" \
		--cache empty.sqlite >out 2>err
	stop_server
	grep "fetched 0 points for 2024-07-03..2024-07-04: 0 new" out
	grep "no data returned for 2024-07-03..2024-07-04" err
	cache_rows empty.sqlite >got
	test ! -s got
'

test_expect_success 'auto: consolidated first, real-time after it never replaces it' '
	start_server --body-for $CONS="$SAMPLE" --body-for $TR="$SAMPLE"
	ETEST_CACHE=$PWD/auto.sqlite "$CLI" fetch --from 2024-07-03 --to 2024-07-04 --base-url "$BASE" >out 2>err
	stop_server
	cat out err
	sed -n 1p requests.log | grep "datasets/$CONS/exports/json"
	sed -n 2p requests.log | grep "datasets/$TR/exports/json"
	json_rows "$SAMPLE" $CONS >want
	cache_rows auto.sqlite >got
	test_cmp want got
	# The stand-in serves the window asked for, like ODRE: real-time from the Paris day
	# of the last consolidated value (2024-07-04, from 07-03T22:00Z), 9 points.
	grep "106 points .*: 97 new, 0 replaced, 9 already cached; cache $PWD/auto.sqlite" out
'

test_expect_success 'values out of 0-2000 g/kWh, repeated instants and points outside the days: dropped, reported' '
	cat >hostile.json <<-EOF
	[{"date_heure": "2024-07-03T00:00:00+00:00", "taux_co2": 1e300},
	 {"date_heure": "2024-07-03T00:15:00+00:00", "taux_co2": 99999},
	 {"date_heure": "2024-07-03T00:30:00+00:00", "taux_co2": 14},
	 {"date_heure": "2024-07-03T00:30:00+00:00", "taux_co2": 500},
	 {"date_heure": "2024-07-03T00:45:00+00:00", "taux_co2": 15},
	 {"date_heure": "2024-07-03T00:45:00+00:00", "taux_co2": 15},
	 {"date_heure": "9999-07-03T00:45:00+00:00", "taux_co2": 20},
	 {"date_heure": "0001-07-03T00:45:00+00:00", "taux_co2": 20},
	 {"date_heure": "2024-07-03T01:00:00+00:00", "taux_co2": 16}]
	EOF
	start_server --body hostile.json --ignore-where
	"$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache hostile.sqlite >out 2>err
	stop_server
	cat out err
	grep "^etest: kept 3 of the 9 values received; dropped 2 outside 0-2000 g/kWh, 2 outside the requested days, 2 repeating an instant already received (1 with another value; the first value kept)$" err
	grep "fetched 3 points for 2024-07-03..2024-07-03: 3 new" out
	cache_rows hostile.sqlite >got
	# 00:30Z keeps 14 (the first), 00:45Z 15, 01:00Z 16; nothing from 9999 or 0001.
	printf "%s\n" "1719966600,14,$TR" "1719967500,15,$TR" "1719968400,16,$TR" >want
	test_cmp want got
'

test_expect_success 'a redirect to ftp:// is refused, the FTP server never contacted' '
	start_server --redirect-ftp
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache ftp.sqlite --retries 0 >out 2>err
	sleep 0.3
	stop_server
	cat err requests.log
	grep "^etest: $BASE/api/explore/v2.1/catalog/datasets/$TR/exports/json: redirected to a scheme other than http or https: refused" err
	expect_status 1 grep "FTP" requests.log
'

test_expect_success 'a body over 64 MiB is refused without being read' '
	start_server --huge 70000000
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache huge.sqlite --retries 0 >out 2>err
	stop_server
	cat err
	grep "exports/json: response larger than 64 MiB: refused (a month of data is about 200 KB)" err
'

test_expect_success 'a gzip bomb (100 KB expanding to 80 MB) is refused at 64 MiB' '
	start_server --gzip-bomb 80000000
	expect_status 1 "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR --base-url "$BASE" \
		--cache bomb.sqlite --retries 0 >out 2>err
	stop_server
	cat err
	grep "exports/json: response larger than 64 MiB once decompressed: refused" err
	test ! -s bomb.sqlite || test -z "$(cache_rows bomb.sqlite)"
'

test_expect_success 'the default cache is under XDG_CACHE_HOME' '
	start_server --body "$SAMPLE"
	XDG_CACHE_HOME=$PWD/xdg "$CLI" fetch --from 2024-07-03 --to 2024-07-03 --dataset $TR \
		--base-url "$BASE" >out 2>err
	stop_server
	test -s xdg/energytrack/intensity.sqlite
'

test_expect_success 'usage errors exit 2' '
	set +e
	"$CLI" fetch --from 2024-13-01 --cache u.sqlite 2>err1; s1=$?
	"$CLI" fetch --bogus 2>err2; s2=$?
	"$CLI" fetch --from 2024-07-04 --to 2024-07-03 --cache u.sqlite 2>err3; s3=$?
	"$CLI" fetch --dataset nope 2>err4; s4=$?
	"$CLI" fetch --base-url ftp://x 2>err5; s5=$?
	"$CLI" frobnicate 2>err6; s6=$?
	set -e
	test "$s1 $s2 $s3 $s4 $s5 $s6" = "2 2 2 2 2 2"
	grep "bad --from .2024-13-01." err1
	grep "unknown option .--bogus." err2
	grep "unknown dataset .nope." err4
	"$CLI" fetch --help >help
	grep -e "--base-url URL" help
	grep -e "--timeout S" help
'

test_done
