#!/bin/sh
# demo.sh - install dependencies, build, and run the main job: estimate the shipped
# example logs with every model, then record a short real run with etrec and estimate it.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
ETREC=build/recorder/etrec
ETEST=build/estimator/cli/etest

echo "== etest on the shipped example logs (all models, PUE 1.67, French grid intensity of the run's days:"
echo "== RTE history where shipped or fetched, else a labelled yearly fallback) =="
"$ETEST" examples/cpu-burn.log examples/gpu-standin.log --pue 1.67 --model all

echo
echo "== a fresh recording: etrec -i 0.5 -o build/demo.log -- sh -c 'busy loop for 2 s' =="
rm -f build/demo.log
"$ETREC" -i 0.5 -o build/demo.log -- sh -c 'end=$(($(date +%s) + 2)); while [ "$(date +%s)" -lt "$end" ]; do :; done'
"$ETEST" build/demo.log --model all

echo
echo "== the RTE history etest uses, around the 2022 spring clock change (23-hour day) =="
"$ETEST" intensity show 2022-03-26..2022-03-28
