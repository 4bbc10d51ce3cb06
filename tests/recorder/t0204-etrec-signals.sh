#!/bin/sh
# t0204-etrec-signals.sh - signals and damage: terminal SIGINT/SIGQUIT reach the
# command once and etrec ends as the command did (a shell loop stops on ^C), SIGTERM/
# SIGHUP are forwarded, kill -9 of etrec leaves a readable log, and an unwritable log
# never disturbs the command.
. "$SHELL_LIB"
: "${ETREC:?}" "${RECORDER_TESTS:?}"
check() { python3 "$RECORDER_TESTS/logcheck.py" check "$@" >/dev/null; }
get() { python3 "$RECORDER_TESTS/logcheck.py" get "$@"; }
pty_run() { python3 "$RECORDER_TESTS/pty_run.py" "$@"; }
wait_file() { n=0; while ! test -e "$1"; do sleep 0.05; n=$((n + 1)); test $n -lt 200 || return 1; done; }

test_expect_success 'SIGINT to the process group reaches the command exactly once' '
	setsid "$ETREC" -q -o int.log -i 0.1 python3 "$RECORDER_TESTS/sigcount.py" ready &
	pid=$! && wait_file ready && pgid=$(cat ready) &&
	test "$pgid" != "$(ps -o pgid= -p $$ | tr -d " ")" &&
	python3 -c "import os, signal, sys; os.killpg(int(sys.argv[1]), signal.SIGINT)" "$pgid" || { kill $pid; exit 1; }
	rc=0; wait $pid || rc=$?
	test $rc -eq 11 && check int.log && test "$(get int.log X code)" = 11
'
test_expect_success '^C typed at a real terminal reaches a handling command once' '
	test "$(pty_run pty1 INT tty.out -- "$ETREC" -q -o ptyc.log -i 0.1 \
		python3 "$RECORDER_TESTS/sigcount.py" pty1)" = "exit 11" &&
	check ptyc.log && test "$(get ptyc.log X status)" = exited
'
test_expect_success '^C kills a plain command at the terminal: etrec dies of SIGINT too' '
	test "$(pty_run pty2 INT tty.out -- sh -c "touch pty2; exec sleep 5")" = "signal 2" &&
	test "$(pty_run pty3 INT tty.out -- "$ETREC" -q -o ptyk.log -i 0.1 \
		sh -c "touch pty3; exec sleep 5")" = "signal 2" &&
	check ptyk.log && test "$(get ptyk.log X status)" = signaled &&
	test "$(get ptyk.log X code)" = 2 && test "$(get ptyk.log X etrec_exit)" = 130
'
test_expect_success '^\\ (QUIT) at the terminal: etrec dies of SIGQUIT like the command, no core' '
	mkdir q && cd q &&
	test "$(pty_run pty4 QUIT ../tty.out -- sh -c "ulimit -c unlimited; exec \"\$1\" -q -o q.log -i 0.1 sh -c \"touch pty4; exec sleep 5\"" sh "$ETREC")" = "signal 3" &&
	check q.log && test "$(get q.log X code)" = 3 && test "$(get q.log X etrec_exit)" = 131
'
if command -v bash >/dev/null; then
test_expect_success '^C stops a shell loop of etrec runs, as it stops a loop of the command' '
	loop="for i in 1 2; do \"\$1\" -q --force -o loop.log sh -c \"touch pty5; exec sleep 5\"; echo after \$i; done" &&
	test "$(pty_run pty5 INT loop.out -- bash -c "$loop" bash "$ETREC")" = "signal 2" &&
	! grep -q after loop.out
'
fi
test_expect_success 'SIGTERM to etrec is forwarded to the command, end record written' '
	"$ETREC" -q -o term.log -i 0.1 sh -c "trap \"exit 42\" TERM; touch ready2; while :; do sleep 0.05; done" &
	pid=$! && wait_file ready2 && kill -TERM $pid || { kill $pid; exit 1; }
	rc=0; wait $pid || rc=$?
	test $rc -eq 42 && check term.log &&
	grep -q "^E,[0-9]*,[0-9]*,signal,SIGTERM$" term.log && test "$(get term.log X code)" = 42
'
test_expect_success 'SIGHUP is forwarded; a command dying of it gives 129' '
	"$ETREC" -q -o hup.log -i 0.1 sh -c "touch ready3; exec sleep 5" &
	pid=$! && wait_file ready3 && sleep 0.1 && kill -HUP $pid || { kill $pid; exit 1; }
	rc=0; wait $pid || rc=$?
	test $rc -eq 129 && check hup.log && test "$(get hup.log X status)" = signaled &&
	grep -q ",signal,SIGHUP$" hup.log
'
test_expect_success 'kill -9 of etrec mid-run leaves complete lines' '
	mkdir bin && cp "$RECORDER_TESTS/nvidia-smi-standin" bin/nvidia-smi || exit 1
	PATH=$PWD/bin:$PATH "$ETREC" -q -o k9.log -i 0.1 --idle 0.2 sleep 120 &
	pid=$!
	sh "$RECORDER_TESTS/wait_lines.sh" k9.log "^S," 3 || true
	kill -9 $pid || exit 1
	wait $pid || true
	child=$(grep ",launch," k9.log | cut -d, -f5) && kill "$child" || exit 1
	n=0; while pgrep -f "$PWD/bin/nvidia-smi" >/dev/null; do sleep 0.1; n=$((n + 1)); test $n -lt 100; done
	check k9.log --truncated-ok &&
	test "$(get k9.log X status count)" = 0 && test "$(get k9.log S t_mono_ms count)" -ge 3 &&
	test "$(tail -c 1 k9.log | od -An -c | tr -d " ")" = "\\n"
'
test_expect_success 'a cut log (no final newline) is still readable up to its last full line' '
	head -c -7 k9.log >cut.log && check cut.log --truncated-ok &&
	! check cut.log
'
test_expect_success 'log on a full disk: command undisturbed, one warning, its status' '
	rc=0; "$ETREC" -o /dev/full --force -i 0.1 sh -c "sleep 0.3; echo out; exit 5" >out 2>err || rc=$?
	test $rc -eq 5 && test "$(cat out)" = out && test $(wc -l <err) -eq 1 &&
	grep -q "^etrec: warning: cannot write log ./dev/full.: No space left on device" err
'
test_expect_success 'log directory deleted mid-run: command undisturbed, one warning, its status' '
	mkdir gone || exit 1
	rc=0
	"$ETREC" -o gone/run.log -i 0.1 --gpu none sh -c "sleep 0.4; rm -rf \"$PWD/gone\"; sleep 0.5; echo out; exit 4" \
		>out 2>err || rc=$?
	test $rc -eq 4 && test "$(cat out)" = out && test $(wc -l <err) -eq 1 &&
	grep -q "^etrec: warning: log .*gone/run.log. was deleted (or its directory); recording stops" err
'
test_expect_success 'a terminating signal during the idle baseline stops before launch' '
	PATH=$PWD/bin:$PATH "$ETREC" -q -o idle.log -i 0.1 --idle 30 touch launched &
	pid=$!
	sh "$RECORDER_TESTS/wait_lines.sh" idle.log ",idle_start," 1 || true
	kill -TERM $pid
	rc=0; wait $pid || rc=$?
	test $rc -eq 143 && ! test -e launched && check idle.log --no-launch &&
	test "$(get idle.log X status)" = not_launched
'
test_done
