# lib.sh - a small shell test library, sourced by tests/shell/t*.sh.
# Each test_expect_success runs a body in a subshell; the script ends with test_done,
# which prints "N passed, N failed" and exits non-zero if anything failed.
set -u
TEST_PASSED=0
TEST_FAILED=0
TEST_NAME=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/et-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1

say() { printf '%s\n' "$*"; }

# test_expect_success "description" 'body'
# The body runs under set -e, which ignores a failure inside an && list but its last
# command, or of a negated (!) command: a check that is not the body's last must end with
# `|| exit 1` (tests/shell/check_bodies.py, run by ctest, finds those that do not).
test_expect_success() {
	( set -e; eval "$2" ) >"$TRASH/.out" 2>&1
	_rc=$?
	if [ $_rc -eq 0 ]; then
		TEST_PASSED=$((TEST_PASSED + 1)); say "ok - $1"
	else
		TEST_FAILED=$((TEST_FAILED + 1)); say "FAIL - $1"; sed 's/^/    /' "$TRASH/.out"
	fi
}

# test_cmp expected actual: fail with a diff when they differ.
test_cmp() { diff -u "$1" "$2"; }

# write_script path <<EOF ... : an executable /bin/sh script.
write_script() {
	mkdir -p "$(dirname "$1")"
	{ echo '#!/bin/sh'; cat; } >"$1"
	chmod +x "$1"
}

# skip_all "why": skip the whole script (counts as passed with a note).
skip_all() { say "skip all - $1"; say "0 passed, 0 failed, 1 skipped"; exit 0; }

# man_covers_help MANPAGE MIN_OPTIONS CMD...: every long option CMD --help prints (at
# least MIN_OPTIONS of them) appears in MANPAGE, which has every section a man page needs.
man_covers_help() {
	_man=$1 _min=$2; shift 2
	"$@" --help | grep -oE -- "--[a-z][a-z-]*" | sort -u >"$TRASH/.opts" || return 1
	test "$(wc -l <"$TRASH/.opts")" -ge "$_min" || { say "only $(wc -l <"$TRASH/.opts") options in --help"; return 1; }
	sed "s/\\\\//g" "$_man" >"$TRASH/.man" || return 1
	while read -r _opt; do
		grep -q -- "$_opt" "$TRASH/.man" || { say "$_man lacks $_opt"; return 1; }
	done <"$TRASH/.opts"
	for _s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES ENVIRONMENT EXAMPLES; do
		grep -q "^\.SH \"*$_s" "$_man" || { say "$_man: no section $_s"; return 1; }
	done
}

test_done() {
	say "$TEST_PASSED passed, $TEST_FAILED failed"
	[ "$TEST_FAILED" -eq 0 ]
}
