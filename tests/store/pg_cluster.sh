# pg_cluster.sh - a throwaway PostgreSQL server, sourced by t0503 and bench/store/pg.sh:
# pg_cluster_start DIR PORT initdb's a cluster in DIR (owned by postgres when run as root,
# initdb refusing root) and starts it on a Unix socket in DIR and 127.0.0.1:PORT;
# pg_cluster_stop DIR stops it by the pid in postmaster.pid. PGBIN: the server's binaries.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_cluster_start DIR PORT: 0, or 1 after printing why.
pg_cluster_start() {
	if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
		echo "no $PGBIN/initdb or pg_ctl: install postgresql (scripts/bootstrap.sh) or set PGBIN"
		return 1
	fi
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || { echo "no user postgres to run the server as"; return 1; }
		chown postgres: "$1" || return 1
	fi
	pg_as_owner "$PGBIN/initdb" -D "$1/data" -U postgres -A trust --auth-host=scram-sha-256 \
		--no-sync >"$1/initdb.log" 2>&1 || { cat "$1/initdb.log"; echo "initdb failed"; return 1; }
	pg_as_owner "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
		-o "-k $1 -p $2 -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40" \
		start >"$1/pg_ctl.log" 2>&1 ||
		{ cat "$1/pg_ctl.log" "$1/server.log"; echo "the server did not start"; return 1; }
}

# The postmaster's pid, or nothing.
pg_cluster_pid() {
	[ -f "$1/data/postmaster.pid" ] && head -n 1 "$1/data/postmaster.pid"
}

pg_cluster_stop() {
	pid=$(pg_cluster_pid "$1") || return 0
	kill -INT "$pid" 2>/dev/null || true   # fast shutdown
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null || true
	return 0
}

# A free TCP port on 127.0.0.1.
pg_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
