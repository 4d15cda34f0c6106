"""Reductions of a darray against NumPy on the same local data (issue 11's rows).

    mpirun -n 2 python bench/bench_reductions.py            # 4096 x 4096 float64, block rows

Every rank times pgas's reduction of the darray (which includes the allreduce over the ranks)
and NumPy's of a plain copy of its local part, interleaved, best of --repeats. Reported:
ratio = numpy_time / pgas_time (>= 1.0: pgas at least as fast), from the rank where pgas fares
worst. Whole-array reductions and sum along each axis; every dtype with --dtypes.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import pgas as pg

OPS = {
    "A.sum(axis=1)": lambda a: a.sum(axis=1),
    "A.sum(axis=0)": lambda a: a.sum(axis=0),
    "A.sum()": lambda a: a.sum(),
    "A.max()": lambda a: a.max(),
    "A.argmax()": lambda a: a.argmax(),
    "A.mean()": lambda a: a.mean(),
    "A.var()": lambda a: a.var(),
    "A.min(axis=1)": lambda a: a.min(axis=1),
    "A.argmax(axis=1)": lambda a: a.argmax(axis=1),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dtypes", nargs="+", default=["float64"])
    args = parser.parse_args()
    comm = pg.comm()
    m = pg.dmap([pg.Np, 1])
    for dtype in args.dtypes:
        a = pg.rand(args.n, args.n, map=m, seed=1)
        if dtype != "float64":
            a = (a * 100).astype(dtype)
        local = np.ascontiguousarray(a.local).copy()
        for name, op in OPS.items():
            best_pgas = best_numpy = float("inf")
            for _ in range(args.repeats):
                comm.Barrier()
                t = time.perf_counter()
                op(a)
                best_pgas = min(best_pgas, time.perf_counter() - t)
                t = time.perf_counter()
                op(local)
                best_numpy = min(best_numpy, time.perf_counter() - t)
            ratio = min(comm.allgather(best_numpy / best_pgas))
            worst = comm.allgather((best_pgas, best_numpy))
            if pg.Pid == 0:
                tp, tn = max(worst, key=lambda w: w[0] / w[1])
                print(f"{dtype:8s} {name:18s} pgas {tp * 1e3:8.2f} ms  numpy {tn * 1e3:8.2f} ms"
                      f"  ratio {ratio:5.2f}", flush=True)


if __name__ == "__main__":
    main()
