#!/bin/sh
# t0205-etrec-hardening.sh - etrec on a hostile shared machine and careless input: links
# planted under the log's name, FIFOs, log permissions, closed standard descriptors,
# invalid UTF-8 and control characters, duplicate tag keys, and an nvidia-smi that prints
# out-of-range numbers, floods its pipe or lists one GPU many times (issue 13).
. "$SHELL_LIB"
: "${ETREC:?}" "${RECORDER_TESTS:?}"
check() { python3 "$RECORDER_TESTS/logcheck.py" check "$@" >/dev/null; }
get() { python3 "$RECORDER_TESTS/logcheck.py" get "$@"; }
header() { python3 "$RECORDER_TESTS/logcheck.py" header "$@"; }
mode_of() { stat -c %a "$1"; }
mkdir bin && cp "$RECORDER_TESTS/nvidia-smi-standin" bin/nvidia-smi && chmod +x bin/nvidia-smi
STANDIN=$PWD/bin/nvidia-smi
export ETREC_GPU_PROBE_TIMEOUT_MS=3000
unset ETREC_MODE ETREC_DIR
# A uid that no process of this test runs as: the "other user" of a shared folder.
OTHER_UID=54321

# --- symbolic links, hard links, FIFOs (issue 13 findings 4 and 10) ---
test_expect_success 'setup: a world-writable shared folder and a precious file outside it' '
	mkdir shared && chmod 0777 shared && mkdir sticky && chmod 1777 sticky &&
	echo precious >victim && chmod 0644 victim
'
if [ "$(id -u)" = 0 ]; then
test_expect_success 'a link planted by another uid is never followed, even with --force' '
	ln -s "$PWD/victim" shared/run.log && chown -h $OTHER_UID:$OTHER_UID shared/run.log &&
	test "$(stat -c %u shared/run.log)" = $OTHER_UID || exit 1
	rc=0; "$ETREC" --force -o shared/run.log touch ran 2>err || rc=$?
	test $rc -eq 125 && test "$(cat victim)" = precious && ! test -e ran &&
	grep -q "^etrec: cannot create log .shared/run.log.: it is a symbolic link" err &&
	test -L shared/run.log
'
test_expect_success 'the same in a sticky folder (/tmp-like)' '
	ln -s "$PWD/victim" sticky/run.log && chown -h $OTHER_UID:$OTHER_UID sticky/run.log || exit 1
	rc=0; "$ETREC" --force -o sticky/run.log touch ran 2>err || rc=$?
	test $rc -eq 125 && test "$(cat victim)" = precious && ! test -e ran &&
	grep -q "symbolic link" err
'
else
say "skip - a link owned by another uid needs root (chown -h); the links below are ours"
fi
test_expect_success 'a link of our own is refused too, with or without --force, and says so' '
	ln -s "$PWD/victim" shared/own.log || exit 1
	for force in "" --force; do
		rc=0; "$ETREC" $force -o shared/own.log true 2>err || rc=$?
		test $rc -eq 125 && grep -q "symbolic link" err && ! grep -q "file exists" err || exit 1
	done
	test "$(cat victim)" = precious
'
test_expect_success 'a dangling link is not followed: its target is not created' '
	ln -s "$PWD/created-through-link" shared/dangling.log || exit 1
	rc=0; "$ETREC" --force -o shared/dangling.log true 2>err || rc=$?
	test $rc -eq 125 && ! test -e created-through-link && grep -q "symbolic link" err
'
test_expect_success '--force replaces a hard-linked file without touching its other name' '
	echo other-name >hard && ln hard shared/hard.log &&
	"$ETREC" -q --force -o shared/hard.log -i 0.1 true &&
	test "$(cat hard)" = other-name && check shared/hard.log &&
	test "$(stat -c %h shared/hard.log)" = 1
'
test_expect_success 'a FIFO as the log is refused at once (125), nothing launched' '
	mkfifo fifo.log || exit 1
	for force in "" --force; do
		rc=0; timeout -k 2 10 "$ETREC" $force -o fifo.log touch ran 2>err || rc=$?
		test $rc -eq 125 && grep -q "FIFO" err && ! test -e ran || { echo "rc $rc"; cat err; exit 1; }
	done
'
test_expect_success 'a directory as the log is refused (125); /dev/null is accepted with --force' '
	mkdir adir || exit 1
	rc=0; "$ETREC" --force -o adir touch ran 2>err || rc=$?
	test $rc -eq 125 && grep -q "directory" err && ! test -e ran &&
	"$ETREC" -q --force -o /dev/null true && test -c /dev/null
'

# --- permissions (finding 5) ---
test_expect_success 'a new log is 0600 whatever the umask' '
	(umask 022 && "$ETREC" -q -o m1.log true) && test "$(mode_of m1.log)" = 600 &&
	(umask 000 && "$ETREC" -q -o m2.log true) && test "$(mode_of m2.log)" = 600
'
test_expect_success '--force gives a replaced 0644 log the new mode' '
	echo old >m3.log && chmod 0644 m3.log &&
	"$ETREC" -q --force -o m3.log true && test "$(mode_of m3.log)" = 600 && check m3.log
'
test_expect_success '--mode and ETREC_MODE choose group-readable; --mode wins' '
	(umask 077 && "$ETREC" -q --mode 0640 -o m4.log true) && test "$(mode_of m4.log)" = 640 &&
	ETREC_MODE=0640 "$ETREC" -q -o m5.log true && test "$(mode_of m5.log)" = 640 &&
	ETREC_MODE=640 "$ETREC" -q --mode=0600 -o m6.log true && test "$(mode_of m6.log)" = 600 &&
	ETREC_MODE=0660 "$ETREC" -q -o m7.log true && test "$(mode_of m7.log)" = 660
'
test_expect_success 'bad modes are refused with 125 before the launch' '
	for m in 0666 0777 0646 0700 0644x 8 0400 0200 4600 06400 00600 abc "" 640.0; do
		rc=0; "$ETREC" --mode "$m" -o bad.log touch ran 2>err || rc=$?
		test $rc -eq 125 && grep -q "^etrec: bad --mode" err && ! test -e ran && ! test -e bad.log ||
			{ echo "--mode $m gave $rc"; exit 1; }
		test -z "$m" && continue
		rc=0; ETREC_MODE=$m "$ETREC" -o bad.log touch ran 2>err || rc=$?
		test $rc -eq 125 && grep -q "^etrec: bad ETREC_MODE" err && ! test -e ran ||
			{ echo "ETREC_MODE=$m gave $rc"; exit 1; }
	done
	ETREC_MODE=0777 "$ETREC" --help >/dev/null
'
if [ "$(id -u)" = 0 ]; then
test_expect_success 'a setgid lab folder (man page example): logs of its group, 0640' '
	mkdir lab && chgrp $OTHER_UID lab && chmod 2770 lab &&
	ETREC_DIR=$PWD/lab ETREC_MODE=0640 "$ETREC" -q true &&
	f=$(ls lab/*.log) && test "$(mode_of "$f")" = 640 && test "$(stat -c %g "$f")" = $OTHER_UID
'
fi

# --- closed standard descriptors (finding 9) ---
# etrec with the redirections $1 (closing some of 0-2); it warns (a missing nvidia-smi)
# and its command writes on its standard error.
run_with_closed() {
	rm -f fd.log fd2.txt
	eval "\"\$ETREC\" -o fd.log -i 0.1 --nvidia-smi /no/such/nvidia-smi \
		sh -c 'readlink /proc/self/fd/2 >fd2.txt; printf \"%s-%s\\n\" to stderr >&2' $1"
}
for closed in "2>&-" "1>&- 2>&-" "0<&- 1>&- 2>&-"; do
test_expect_success "started with $closed: no message in the log, the command gets /dev/null" '
	run_with_closed "$closed" &&
	check fd.log && ! grep -q "^etrec:" fd.log && ! grep -q to-stderr fd.log &&
	grep -q "^E,.*,warning,nvidia-smi .*is not an executable file" fd.log &&
	test "$(cat fd2.txt)" = /dev/null
'
done

# --- UTF-8 and control characters (findings 7 and 8, terminal escapes) ---
test_expect_success 'invalid bytes in a command name: valid UTF-8 in the log, visible on stderr' '
	rc=0; "$ETREC" -o nf.log "$(printf "no-such-\\377-\\033[31m")" 2>err || rc=$?
	test $rc -eq 127 && check nf.log --no-launch &&
	grep -q "cannot execute .no-such-$(printf "\\357\\277\\275")- \[31m" nf.log &&
	grep -q "no-such-\\\\xff-\\\\x1b\[31m" err && ! grep -q "$(printf "\\033")" err
'
test_expect_success 'control characters in an option error are shown as \xNN' '
	rc=0; "$ETREC" "$(printf -- "--bo\\033]0;gus\\007")" true 2>err || rc=$?
	test $rc -eq 125 && grep -q "^etrec: unknown option .--bo\\\\x1b\]0;gus\\\\x07.$" err
'
test_expect_success 'a long argument is cut on a character boundary (4096 bytes)' '
	arg="x$(awk "BEGIN { for (i = 0; i < 3000; i++) printf \"\\303\\251\" }")" &&
	"$ETREC" -q -o long.log true "$arg" && check long.log &&
	python3 -c "import json,sys; h=json.loads(open(sys.argv[1],encoding=\"utf-8\").read().split(\"\\n\")[1]); a=h[\"command\"][1]; \
sys.exit(0 if len(a.encode())==4095 and a.endswith(\"\\u00e9\") and \"\\ufffd\" not in a else 1)" long.log
'
test_expect_success 'nvidia-smi names and lines with invalid or cut characters: valid UTF-8 log' '
	STANDIN_MODE=utf8 "$ETREC" -o u8.log -i 0.2 --idle 0 --nvidia-smi "$STANDIN" sleep 0.6 2>err &&
	check u8.log && header u8.log gpus >gpus &&
	python3 - u8.log <<-EOF &&
	import json, sys
	lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
	gpus = json.loads(lines[1])["gpus"]
	assert gpus[0]["name"] == "\u00e9" * 63, gpus[0]["name"]
	assert gpus[1]["name"] == "NVIDIA \ufffd\ufffd H200\u001b[31m", gpus[1]["name"]
	warn = [l for l in lines if ",warning,nvidia-smi query-gpu printed an unparsable" in l]
	assert len(warn) == 1 and warn[0].endswith("x" + "\u00e9" * 99 + "\x27"), warn
	EOF
	! grep -q "$(printf "\\033")" err
'
test_expect_success 'tag keys that become the same (U+FFFD, 255-byte cut) are refused: 125' '
	rc=0; "$ETREC" -o t1.log --tag "$(printf "k\\377")=1" --tag "$(printf "k\\376")=2" touch ran 2>err || rc=$?
	test $rc -eq 125 && grep -q "same key" err && ! test -e ran && ! test -e t1.log || exit 1
	rc=0; "$ETREC" -o t2.log --tag "$(printf "k\\357\\277\\275")=1" --tag "$(printf "k\\377")=2" true 2>err || rc=$?
	test $rc -eq 125 && grep -q "same key" err || exit 1
	long=$(awk "BEGIN { for (i = 0; i < 255; i++) printf \"a\" }")
	rc=0; "$ETREC" -o t3.log --tag "${long}b=1" --tag "${long}c=2" true 2>err || rc=$?
	test $rc -eq 125 && grep -q "cut to 255 bytes" err || exit 1
	"$ETREC" -q -o t4.log --tag "${long}=1" --tag "$(printf "k\\377")=2" --tag "a=3" true && check t4.log &&
	test "$(header t4.log tags | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")" = 3
'

# --- nvidia-smi: numbers out of range, floods, duplicate GPUs (finding 6, should-fix) ---
test_expect_success 'inf, nan, 1e308, 1e400 and negative readings are NA, one warning per field' '
	echo $$ >pidfile &&
	STANDIN_MODE=range STANDIN_PIDFILE=$PWD/pidfile "$ETREC" -o range.log -i 0.2 --idle 0.4 \
		--nvidia-smi "$STANDIN" sh "$RECORDER_TESTS/wait_lines.sh" range.log "^G,.*,run,1," 6 2>err &&
	check range.log &&
	awk -F, "\$1 == \"G\" { for (i = 6; i <= 13; i++) if (\$i != \"NA\" && \$i !~ /^[0-9]+(\.[0-9]+)?\$/ || length(\$i) > 12) bad = 1 }
		END { exit bad }" range.log &&
	test "$(header range.log gpus | python3 -c "import json,sys; print([g[\"power_limit_w\"] for g in json.load(sys.stdin)])")" = "[None, None]" &&
	grep -q "^G,.*,run,0,NA,NA,35,4000," range.log && grep -q "^G,.*,run,1,NA,NA,NA,NA," range.log &&
	for what in "power.draw" "power.limit (" "utilization.gpu" "memory.used" "used_memory" "GPU(s), the first GPU 0, a power.limit"; do
		test "$(grep -c ",warning,\"\?nvidia-smi gave .*$what" range.log)" = 1 || { echo "$what"; exit 1; }
	done
'
test_expect_success 'an nvidia-smi that floods its pipe (yes) does not make etrec burn a CPU' '
	STANDIN_MODE=flood "$ETREC" -o flood.log -i 0.2 --idle 0 --nvidia-smi "$STANDIN" sleep 3 2>err &&
	check flood.log &&
	cpu=$(python3 -c "print($(get flood.log X etrec_utime_s) + $(get flood.log X etrec_stime_s))") &&
	echo "etrec CPU over a 3 s run: $cpu s" &&
	python3 -c "import sys; sys.exit(0 if $cpu < 0.6 else 1)" &&
	test "$(grep -c "printed more than 64 KiB in one interval" flood.log)" -ge 1 &&
	test "$(grep -c "query-gpu printed more than 64 KiB" flood.log)" = 1 &&
	grep -q "^G,.*,run,0,61.23,400.00,35,4000," flood.log &&
	# query-compute-apps repeats one line in one endless block: more than the 256 kept, so
	# the job and user columns are NA (not a count of the first 256), with one warning
	test "$(grep -c ",warning,nvidia-smi query-compute-apps listed more than 256 processes at once" flood.log)" = 1 &&
	grep -q "^G,.*,run,0,61.23,400.00,35,4000,NA,NA,NA,NA$" flood.log &&
	# pmon repeats one process line in one endless sample: more lines than etrec keeps, so
	# GPU 0'"'"'s sums are NA (a partial sum would be wrong), with one warning
	test "$(grep -c ",warning,nvidia-smi pmon listed more than 512 processes at once" flood.log)" = 1 &&
	test "$(grep -c "^P,[0-9]*,[0-9]*,0," flood.log)" -ge 1 &&
	! grep "^P,[0-9]*,[0-9]*,0," flood.log | grep -v ",0,NA,NA,NA,NA,NA,NA,NA$"
'
test_expect_success 'a GPU listed 64 times by the probe is one GPU, with a warning' '
	STANDIN_MODE=dup-index "$ETREC" -o dup.log -i 0.2 --idle 0 --nvidia-smi "$STANDIN" sleep 0.5 2>err &&
	check dup.log &&
	test "$(header dup.log gpus | python3 -c "import json,sys; print([g[\"index\"] for g in json.load(sys.stdin)])")" = "[0, 1]" &&
	grep -q "^etrec: warning: nvidia-smi listed GPU index 0 (or its uuid) more than once: 63 duplicate" err &&
	test "$(grep "^G,.*,run,0," dup.log | wc -l)" = "$(grep "^G,.*,run,1," dup.log | wc -l)"
'
# More processes of the user than etrec may keep stat files open for: it raises its own
# soft limit, but only once the command runs, so the command inherits the one it was given.
if [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -gt 90 ]; then
test_expect_success 'the command keeps its soft open-file limit, however many processes etrec walks' '
	: >sleepers || exit 1
	for i in $(seq 40); do sleep 60 & echo $! >>sleepers; done
	rc=0; (ulimit -Sn 90 && exec "$ETREC" -q -o nofile.log -i 0.1 --gpu none sh -c "ulimit -Sn >nofile.out; sleep 0.3") || rc=$?
	kill $(cat sleepers) && test $rc = 0 && check nofile.log &&
	echo "the command'"'"'s soft limit: $(cat nofile.out)" && test "$(cat nofile.out)" = 90
'
else
	say "skip - the open-file limit: the hard limit is 90 or less"
fi
test_done
