#!/bin/sh
# run.sh BUILD_DIR [MB [LOGS [SAMPLES]]] - every figure of issue 10 in one command, each as a
# ratio to a baseline measured in the same run: etest (replay/run.sh) and etrec
# (recorder/run.sh). Defaults: a 1000 MB log, 10000 one-hour logs, 100 samples.
set -eu
build=${1:?usage: bench/run.sh BUILD_DIR [MB [LOGS [SAMPLES]]]}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/etest-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
sh "$here/replay/run.sh" "$build/bench/gen_replay_log" "$build/estimator/cli/etest" \
	"$build/bench/bench_replay_csv_floor" "$work" "${2:-1000}" "${3:-10000}"
sh "$here/recorder/run.sh" "$build" "${4:-100}"
