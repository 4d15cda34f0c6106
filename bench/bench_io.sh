#!/usr/bin/env bash
# Parallel HDF5 I/O against h5py (serial) and dd on the same file system (issue 5).
# bench/bench_io.sh [MiB=2048] [dir=/tmp] [reps=3]; BUILD names the CMake build tree.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/cpp}
MIB=${1:-2048}
DIR=${2:-/tmp}
REPS=${3:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
mpirun -n 2 --oversubscribe "$BUILD/bench/bench_io" "$MIB" "$DIR" "$REPS"
python3 bench/bench_io_h5py.py "$MIB" "$DIR" "$REPS"
# dd: 16 MiB blocks, the write flushed to disk (conv=fsync) like a save; the read from the page
# cache, like the reads above (the file was just written).
count=$(( ${MIB%.*} / 16 ))
best_w=0; best_r=0
for _ in $(seq "$REPS"); do
  w=$(dd if=/dev/zero of="$DIR/dd_bench_io.bin" bs=16M count="$count" conv=fsync 2>&1 | tail -1)
  r=$(dd if="$DIR/dd_bench_io.bin" of=/dev/null bs=16M 2>&1 | tail -1)
  # "N bytes (...) copied, S s, ..." -> GB/s from bytes and seconds
  gw=$(awk '{printf "%.2f", $1 / $(NF-3) / 1e9}' <<<"$w")
  gr=$(awk '{printf "%.2f", $1 / $(NF-3) / 1e9}' <<<"$r")
  best_w=$(awk -v a="$best_w" -v b="$gw" 'BEGIN{print (b > a) ? b : a}')
  best_r=$(awk -v a="$best_r" -v b="$gr" 'BEGIN{print (b > a) ? b : a}')
done
rm -f "$DIR/dd_bench_io.bin"
echo "| dd bs=16M (conv=fsync for the write) | | $best_w | $best_r |"
