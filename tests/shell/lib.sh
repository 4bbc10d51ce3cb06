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
test_expect_success() {
	if ( set -e; eval "$2" ) >"$TRASH/.out" 2>&1; then
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

test_done() {
	say "$TEST_PASSED passed, $TEST_FAILED failed"
	[ "$TEST_FAILED" -eq 0 ]
}
