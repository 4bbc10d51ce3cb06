#!/bin/sh
# fuzz.sh [SECONDS] - build the log reader's libFuzzer target with clang (build-fuzz/)
# and run it for a bounded time (default 60 s), seeded with the test logs.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
CC=clang cmake -S . -B build-fuzz -DET_FUZZ=ON -DETREC_STATIC=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz --target fuzz_log_read -j"$(nproc 2>/dev/null || echo 2)"
corpus=build-fuzz/fuzz-corpus
mkdir -p "$corpus"
for f in tests/estimator/logs/*.log tests/estimator/invalid/*/input.log \
	 tests/estimator/estimated/*/input.log tests/fuzz/corpus/*; do
	cp "$f" "$corpus/$(echo "$f" | tr / _)"
done
exe=$(find build-fuzz -name fuzz_log_read -type f -perm -u+x | head -n 1)
"$exe" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=1024 "$corpus"
