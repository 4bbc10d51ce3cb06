#!/bin/sh
# test.sh - install dependencies, build with warnings as errors, run every test; then
# rebuild with -fsanitize=address,undefined (etrec linked dynamically) and run them again.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build/release -DET_WERROR=ON
cmake --build build/release -j"$jobs"
ctest --test-dir build/release --output-on-failure -j"$jobs"

cmake -S . -B build/asan -DET_SANITIZE=ON -DET_WERROR=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build build/asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --test-dir build/asan --output-on-failure -j"$jobs"
