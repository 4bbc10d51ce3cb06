# cluster.sh - a real one-node SLURM cluster with accounting for the tests, sourced by them:
# munge, MariaDB, slurmdbd, slurmctld and slurmd as root, all under one temporary folder.
#
#   . cluster.sh
#   slurm_cluster_start DIR || exit 1   # DIR: an empty folder the cluster lives in
#   ... sbatch / sacct with SLURM_CONF exported by the start ...
#   slurm_cluster_stop                 # also run by the EXIT trap the start installs
#
# Call the start in the test's own shell, never in a subshell (a test_expect_success body,
# a pipeline, $(...)): it refuses, since its trap and pids would die with the subshell.
# The start replaces the shell's EXIT trap: put what else must run at exit (removing the
# test's folder) in SLURM_EXIT_HOOK, evaluated after the stop.
#
# No systemd, no /etc/slurm, no default munge socket: every daemon runs in the foreground
# in the background of this shell, on free TCP ports of 127.0.0.1, and is stopped by its
# pid. Each readiness wait is bounded (SLURM_WAIT_S seconds, 60 by default). A start that
# fails says why on stderr (with the daemon's log tail) and returns 1 after stopping what
# it started. Needs: slurmctld slurmd slurm-client slurmdbd mariadb-server munge (Debian 12).

SLURM_CLUSTER_NAME=ettest
SLURM_WAIT_S=${SLURM_WAIT_S:-60}
SLURM_PIDS=            # "name:pid ..." in start order
SLURM_DIR=

slurm_say() { printf 'cluster: %s\n' "$*" >&2; }

# slurm_wait SECONDS WHAT CMD...: run CMD every 0.25 s until it succeeds; 1 after SECONDS.
slurm_wait() {
	_w_end=$(( $(date +%s) + $1 )); _w_what=$2; shift 2
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$_w_end" ]; then
			slurm_say "timed out after ${SLURM_WAIT_S}s waiting for $_w_what"
			return 1
		fi
		sleep 0.25
	done
}

# Free TCP ports of 127.0.0.1, one a line (bound then released by the kernel's choice).
slurm_free_ports() {
	python3 -c '
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
for s in socks: print(s.getsockname()[1])
' "$1"
}

# slurm_spawn NAME LOG CMD...: start CMD in the background, remember its pid.
slurm_spawn() {
	_s_name=$1 _s_log=$2; shift 2
	"$@" >>"$_s_log" 2>&1 </dev/null &
	SLURM_PIDS="$SLURM_PIDS $_s_name:$!"
}

slurm_pid_of() {
	for _p in $SLURM_PIDS; do
		[ "${_p%%:*}" = "$1" ] && { echo "${_p#*:}"; return 0; }
	done
	return 1
}

# slurm_alive NAME: the daemon started as NAME still runs.
slurm_alive() { _a=$(slurm_pid_of "$1") && kill -0 "$_a" 2>/dev/null; }

# Why a start failed: the last lines of a log.
slurm_log_tail() { [ -f "$1" ] && tail -n 15 "$1" | sed 's/^/    /' >&2; return 1; }

slurm_check_tools() {
	_missing=
	for _t in munged mysqld_safe mysql_install_db mysql slurmdbd slurmctld slurmd sbatch \
		  sacct sacctmgr scontrol sinfo squeue scancel python3 mknod timeout munge unmunge; do
		command -v "$_t" >/dev/null 2>&1 || _missing="$_missing $_t"
	done
	if [ -n "$_missing" ]; then
		slurm_say "cannot start a SLURM cluster: missing$_missing (scripts/bootstrap.sh installs slurmctld slurmd slurm-client slurmdbd mariadb-server munge)"
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		slurm_say "cannot start a SLURM cluster: the daemons run as root, and this is uid $(id -u)"
		return 1
	fi
}

slurm_write_conf() {
	_d=$SLURM_DIR _host=$(hostname -s)
	cat >"$_d/etc/slurm.conf" <<EOF
ClusterName=$SLURM_CLUSTER_NAME
SlurmctldHost=$_host(127.0.0.1)
SlurmctldPort=$SLURM_CTLD_PORT
SlurmdPort=$SLURM_SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$_d/munge/munge.socket
CryptoType=crypto/munge
StateSaveLocation=$_d/state
SlurmdSpoolDir=$_d/spool
SlurmctldPidFile=$_d/run/slurmctld.pid
SlurmdPidFile=$_d/run/slurmd.pid
SlurmctldLogFile=$_d/log/slurmctld.log
SlurmdLogFile=$_d/log/slurmd.log
PlugStackConfig=$_d/etc/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$SLURM_DBD_PORT
AccountingStoragePass=$_d/munge/munge.socket
AccountingStorageTRES=gres/gpu,gres/gpu:standin
JobCompType=jobcomp/none
GresTypes=gpu
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$_host NodeAddr=127.0.0.1 CPUs=2 RealMemory=1024 Gres=gpu:standin:2 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
	: >"$_d/etc/plugstack.conf"
	# slurmd 22.05 drops a GPU whose line has no File=: character-device stand-ins.
	mknod "$_d/dev/nvidia0" c 195 0 && mknod "$_d/dev/nvidia1" c 195 1 || {
		slurm_say "cannot make the GPU device stand-ins with mknod in $_d/dev"; return 1; }
	cat >"$_d/etc/gres.conf" <<EOF
NodeName=$_host Name=gpu Type=standin File=$_d/dev/nvidia[0-1]
EOF
	(umask 077 && cat >"$_d/etc/slurmdbd.conf" <<EOF
AuthType=auth/munge
AuthInfo=socket=$_d/munge/munge.socket
DbdHost=localhost
DbdPort=$SLURM_DBD_PORT
SlurmUser=root
PidFile=$_d/run/slurmdbd.pid
LogFile=$_d/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$SLURM_DB_PORT
StorageUser=slurm
StoragePass=ettest
StorageLoc=slurm_acct_db
EOF
	)
}

slurm_start_munge() {
	_m=$SLURM_DIR/munge
	(umask 077 && dd if=/dev/urandom of="$_m/munge.key" bs=1024 count=1 2>/dev/null) || return 1
	slurm_spawn munged "$SLURM_DIR/log/munged.out" munged --foreground --force \
		--socket="$_m/munge.socket" --key-file="$_m/munge.key" \
		--pid-file="$_m/munged.pid" --log-file="$SLURM_DIR/log/munged.log" \
		--seed-file="$_m/munge.seed"
	slurm_wait "$SLURM_WAIT_S" munged sh -c \
		"munge -S '$_m/munge.socket' -n </dev/null | unmunge -S '$_m/munge.socket'" \
		|| { slurm_log_tail "$SLURM_DIR/log/munged.log"; slurm_log_tail "$SLURM_DIR/log/munged.out"; }
}

slurm_mysql() { timeout 10 mysql --no-defaults --socket="$SLURM_DIR/db/mysqld.sock" -uroot "$@"; }

slurm_start_mariadb() {
	_db=$SLURM_DIR/db
	timeout "$SLURM_WAIT_S" mysql_install_db --no-defaults --datadir="$_db/data" --user=root \
		--auth-root-authentication-method=normal --skip-test-db \
		>"$SLURM_DIR/log/mysql_install_db.log" 2>&1 \
		|| { slurm_say "mysql_install_db failed"; slurm_log_tail "$SLURM_DIR/log/mysql_install_db.log"; return 1; }
	slurm_spawn mysqld_safe "$SLURM_DIR/log/mysqld_safe.out" mysqld_safe --no-defaults \
		--user=root --datadir="$_db/data" --socket="$_db/mysqld.sock" \
		--port="$SLURM_DB_PORT" --bind-address=127.0.0.1 --pid-file="$_db/mysqld.pid" \
		--log-error="$SLURM_DIR/log/mysqld.log" --innodb-buffer-pool-size=32M \
		--innodb-log-file-size=8M --skip-name-resolve
	slurm_wait "$SLURM_WAIT_S" "MariaDB on $_db/mysqld.sock" slurm_mysql -e 'select 1' \
		|| { slurm_log_tail "$SLURM_DIR/log/mysqld.log"; return 1; }
	timeout "$SLURM_WAIT_S" mysql --no-defaults --socket="$SLURM_DIR/db/mysqld.sock" -uroot -e "CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY 'ettest';
		GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';" \
		|| { slurm_say "cannot create MariaDB's slurm user"; return 1; }
}

slurm_node_idle() { timeout 10 sinfo -h -N -o %T | grep -qx idle; }

slurm_start_slurm() {
	_l=$SLURM_DIR/log
	slurm_spawn slurmdbd "$_l/slurmdbd.out" slurmdbd -D
	slurm_wait "$SLURM_WAIT_S" slurmdbd timeout 10 sacctmgr -n list cluster \
		|| { slurm_log_tail "$_l/slurmdbd.log"; slurm_log_tail "$_l/slurmdbd.out"; return 1; }
	timeout "$SLURM_WAIT_S" sacctmgr -i add cluster "$SLURM_CLUSTER_NAME" >/dev/null \
		&& timeout "$SLURM_WAIT_S" sacctmgr -i add account physics Cluster="$SLURM_CLUSTER_NAME" >/dev/null \
		&& timeout "$SLURM_WAIT_S" sacctmgr -i add user root Account=physics Cluster="$SLURM_CLUSTER_NAME" >/dev/null \
		|| { slurm_say "sacctmgr could not add the cluster, account and user"; return 1; }
	slurm_spawn slurmctld "$_l/slurmctld.out" slurmctld -D -i
	slurm_wait "$SLURM_WAIT_S" slurmctld timeout 10 scontrol ping \
		|| { slurm_log_tail "$_l/slurmctld.log"; slurm_log_tail "$_l/slurmctld.out"; return 1; }
	slurm_spawn slurmd "$_l/slurmd.out" slurmd -D
	slurm_wait "$SLURM_WAIT_S" "the node to be idle" slurm_node_idle \
		|| { slurm_log_tail "$_l/slurmd.log"; slurm_log_tail "$_l/slurmd.out"; slurm_log_tail "$_l/slurmctld.log"; return 1; }
}

# slurm_cluster_start DIR: start everything under DIR (created if needed). Exports
# SLURM_CONF. Returns 0, or 1 after saying why and stopping what had started.
slurm_cluster_start() {
	SLURM_DIR=$1
	# In a subshell the EXIT trap and the pids die with it, leaving the daemons behind.
	if [ "$(exec sh -c 'echo $PPID')" != "$$" ]; then
		slurm_say "slurm_cluster_start must run in the test's own shell, not in a subshell"
		return 1
	fi
	trap 'slurm_cluster_stop; eval "${SLURM_EXIT_HOOK:-:}"' EXIT
	trap 'exit 130' INT TERM HUP
	slurm_check_tools || return 1
	mkdir -p "$SLURM_DIR" || return 1
	SLURM_DIR=$(cd "$SLURM_DIR" && pwd)
	# Unix socket paths hold at most 107 bytes.
	if [ ${#SLURM_DIR} -gt 80 ]; then
		slurm_say "cannot start a SLURM cluster in $SLURM_DIR: the path is too long for its sockets (80 bytes at most; set TMPDIR shorter)"
		return 1
	fi
	for _sub in etc munge db state spool run log dev; do
		mkdir -p "$SLURM_DIR/$_sub" || return 1
	done
	chmod 0700 "$SLURM_DIR/munge"
	set -- $(slurm_free_ports 4)
	[ $# -eq 4 ] || { slurm_say "no free TCP ports"; return 1; }
	SLURM_CTLD_PORT=$1 SLURM_SLURMD_PORT=$2 SLURM_DBD_PORT=$3 SLURM_DB_PORT=$4
	export SLURM_CONF="$SLURM_DIR/etc/slurm.conf"
	slurm_write_conf || return 1
	_t0=$(date +%s)
	if ! slurm_start_munge || ! slurm_start_mariadb || ! slurm_start_slurm; then
		slurm_say "the cluster did not start (logs in $SLURM_DIR/log)"
		slurm_cluster_stop
		return 1
	fi
	slurm_say "started in $(( $(date +%s) - _t0 )) s (cluster $SLURM_CLUSTER_NAME, node $(hostname -s), SLURM_CONF=$SLURM_CONF)"
}

# Stop one daemon by pid: TERM, up to 15 s, then KILL.
slurm_stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	_k=0
	while kill -0 "$1" 2>/dev/null && [ $_k -lt 60 ]; do sleep 0.25; _k=$((_k + 1)); done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# slurm_cluster_stop: cancel the jobs left, stop every daemon in reverse start order by
# pid (mysqld by its pid file, mysqld_safe after it). Safe to call twice.
slurm_cluster_stop() {
	[ -n "$SLURM_PIDS" ] || return 0
	if slurm_alive slurmctld; then
		timeout 10 scancel --cluster="$SLURM_CLUSTER_NAME" --user=root >/dev/null 2>&1 || :
	fi
	_rev=
	for _p in $SLURM_PIDS; do _rev="$_p $_rev"; done
	for _p in $_rev; do
		if [ "${_p%%:*}" = mysqld_safe ] && [ -f "$SLURM_DIR/db/mysqld.pid" ]; then
			slurm_stop_pid "$(cat "$SLURM_DIR/db/mysqld.pid")"
		fi
		slurm_stop_pid "${_p#*:}"
	done
	# A job step left behind by a killed slurmd: its slurmstepd names our spool folder.
	for _pid in $(pgrep -f "slurmstepd.*" 2>/dev/null); do
		grep -qa "$SLURM_DIR" "/proc/$_pid/environ" 2>/dev/null && kill -KILL "$_pid" 2>/dev/null
	done
	SLURM_PIDS=
	return 0
}
