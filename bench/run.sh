#!/usr/bin/env bash
# Runs every benchmark; paste its output into bench/RESULTS.md with the command.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/cpp}
echo "== maps planning (bench/bench_maps_planning.cpp)"
"$BUILD/bench/bench_maps_planning"
echo "== parallel HDF5 I/O (bench/bench_io.sh: bench_io.cpp on 2 ranks, h5py, dd)"
BUILD="$BUILD" bash bench/bench_io.sh
