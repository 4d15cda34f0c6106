"""Reductions of a darray against NumPy on the same local data (issue 11's rows).

    mpirun -n 2 python bench/bench_reductions.py            # 4096 x 4096 float64, block rows
    mpirun -n 1 python bench/bench_reductions.py --n 2048 --dtypes float64 float32 int64 int32

Every rank times pgas's reduction of the darray (which includes the allreduce over the ranks)
and NumPy's of a plain copy of its local part, interleaved (pgas, NumPy, pgas, NumPy, ...),
best of --repeats, so that a loaded machine slows both alike. Reported: ratio = numpy_time /
pgas_time (>= 1.0: pgas at least as fast), from the rank where pgas fares worst; one markdown
row per reduction, whole and along each axis.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import pgas as pg

NAMES = ("sum", "prod", "min", "max", "argmin", "argmax", "mean", "var", "std", "any", "all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--dtypes", nargs="+", default=["float64"])
    parser.add_argument("--ops", nargs="+", default=list(NAMES))
    args = parser.parse_args()
    comm = pg.comm()
    m = pg.dmap([pg.Np, 1])
    if pg.Pid == 0:
        print(f"{args.n} x {args.n} on block rows, {pg.Np} rank(s); best of {args.repeats}")
        print("| dtype | reduction | pgas ms | NumPy ms | NumPy / pgas |")
        print("| --- | --- | ---: | ---: | ---: |")
    for dtype in args.dtypes:
        a = pg.rand(args.n, args.n, map=m, seed=1)
        if dtype != "float64":
            a = (a * 100).astype(dtype)
        local = np.ascontiguousarray(a.local).copy()
        for name in args.ops:
            for axis in (None, 0, 1):
                best_pgas = best_numpy = float("inf")
                for _ in range(args.repeats):
                    comm.Barrier()
                    t = time.perf_counter()
                    getattr(a, name)(axis=axis)
                    best_pgas = min(best_pgas, time.perf_counter() - t)
                    t = time.perf_counter()
                    getattr(local, name)(axis=axis)
                    best_numpy = min(best_numpy, time.perf_counter() - t)
                worst = min(comm.allgather((best_numpy / best_pgas, best_pgas, best_numpy)))
                if pg.Pid == 0:
                    ratio, tp, tn = worst
                    call = f"A.{name}()" if axis is None else f"A.{name}(axis={axis})"
                    print(f"| {dtype} | `{call}` | {tp * 1e3:.2f} | {tn * 1e3:.2f} | "
                          f"{ratio:.2f} |", flush=True)


if __name__ == "__main__":
    main()
