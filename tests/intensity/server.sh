# server.sh - start and stop tests/intensity/odre_server.py from a shell test (sourced).
# start_server ARGS...: sets PORT and SERVER_PID; requests go to requests.log.
start_server() {
	rm -f port requests.log
	python3 "$ET_ODRE_SERVER" --port-file port --log requests.log --lifetime 20 "$@" &
	SERVER_PID=$!
	i=0
	while [ ! -s port ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	PORT=$(cat port)
	BASE=http://127.0.0.1:$PORT
}
stop_server() { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }

# cache_rows FILE: "utc_s,g_per_kwh,dataset" lines of the cache, in time order.
cache_rows() {
	python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute("select utc_s, g_per_kwh, dataset from intensity order by utc_s"):
    print("%d,%g,%s" % r)' "$1"
}

# json_rows FILE DATASET: the same lines expected from an ODRE JSON body.
json_rows() {
	python3 -c 'import json,sys,datetime
rows = {}
for r in json.load(open(sys.argv[1])):
    if r["taux_co2"] is not None:
        t = int(datetime.datetime.fromisoformat(r["date_heure"]).timestamp())
        rows.setdefault(t, r["taux_co2"])
for t in sorted(rows):
    print("%d,%g,%s" % (t, rows[t], sys.argv[2]))' "$1" "$2"
}

# expect_status N CMD...: run CMD and fail unless it exits with status N (a plain
# command, so that `set -e` in a test body sees the failure, unlike `! CMD`).
expect_status() {
	want=$1
	shift
	set +e
	"$@"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || { echo "exit status $got, want $want: $*" >&2; return 1; }
}
