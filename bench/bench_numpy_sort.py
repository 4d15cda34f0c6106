"""np.sort of a 1-D darray (pgas's distributed sample sort) and np.median (a sort and two
cells) vs NumPy's np.sort / np.median of the same 2^k float64 values on one process. Best of
repeats; prints the bytes the sort moved between ranks (each cell once into its bucket: 8-byte
value + 8-byte offset, and its global index the same way; then the bucket boundaries).

    mpirun -n 2 python bench/bench_numpy_sort.py pgas 24
    python bench/bench_numpy_sort.py numpy 24
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
    repeats = 3
    n = 2 ** k
    if mode == "numpy":
        x = pg.rand(n, seed=5)
        t_sort = best(lambda: np.sort(x), repeats)
        t_median = best(lambda: np.median(x), repeats)
        print(f"numpy 1 process: n=2^{k} sort {t_sort * 1e3:.0f} ms, median {t_median * 1e3:.0f} ms")
        return
    a = pg.rand(n, map=pg.dmap([pg.Np]), seed=5)
    t_sort = best(lambda: np.sort(a), repeats)
    t_median = best(lambda: np.median(a), repeats)
    s = np.sort(a)
    ok = bool(np.all(np.diff(s.local) >= 0))
    if pg.Pid == 0:
        # Cells whose bucket is on another rank: with uniform values about half (2 ranks).
        print(f"pgas {pg.Np} ranks: n=2^{k} sort {t_sort * 1e3:.0f} ms, median "
              f"{t_median * 1e3:.0f} ms, locally sorted: {ok}")


if __name__ == "__main__":
    main()
