"""Boolean-mask compaction A[A > 0.5] (and A[mask] = 0): pgas on the ranks of the job vs NumPy's
x[x > 0.5] on one process, on the same 2^k float64 values (pg.rand's counter-based values, so
both sides hold the same array). Best of repeats; prints the time, the cells selected and the
bytes the compaction moved between ranks (8-byte value + 8-byte offset per cell that changes
rank).

    mpirun -n 2 python bench/bench_numpy_mask.py pgas 24
    python bench/bench_numpy_mask.py numpy 24
"""
import sys
import time

import numpy as np

import pgas as pg


def best(f, repeats):
    times = []
    for _ in range(repeats):
        pg.comm().Barrier()
        t = time.perf_counter()
        f()
        pg.comm().Barrier()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    mode, k = sys.argv[1], int(sys.argv[2])
    n = 2 ** k
    repeats = 5
    if mode == "numpy":
        x = pg.rand(n, seed=1)  # no map: NumPy, the same values
        mask = x > 0.5
        t = min(_numpy_time(x, mask) for _ in range(repeats))
        y = x.copy()
        t_set = min(_numpy_set_time(y, mask) for _ in range(repeats))
        print(f"numpy 1 process: n=2^{k} x[mask] {t * 1e3:.1f} ms, x[mask] = 0 "
              f"{t_set * 1e3:.1f} ms, selected {int(mask.sum())}")
        return
    a = pg.rand(n, map=pg.dmap([pg.Np]), seed=1)
    mask = a > 0.5
    t_get = best(lambda: a[mask], repeats)
    b = a.copy()
    t_set = best(lambda: b.__setitem__(mask, 0.0), repeats)
    picked = a[mask]
    # Bytes moved: selected cells whose place in the result is on another rank.
    lo, hi = a.global_block_range(0)
    before = pg.comm().exscan(int(mask.local.sum())) or 0
    mine = np.arange(before, before + int(mask.local.sum()))
    plo, phi = picked.global_block_range(0)
    moved = pg.comm().allreduce(int(((mine < plo) | (mine > phi)).sum()))
    if pg.Pid == 0:
        print(f"pgas {pg.Np} ranks: n=2^{k} A[mask] {t_get * 1e3:.1f} ms, A[mask] = 0 "
              f"{t_set * 1e3:.1f} ms, selected {picked.size}, moved {moved} cells = "
              f"{moved * 16 / 2**20:.1f} MiB")


def _numpy_set_time(y, mask):
    t = time.perf_counter()
    y[mask] = 0.0
    return time.perf_counter() - t


def _numpy_time(x, mask):
    t = time.perf_counter()
    x[mask]
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
