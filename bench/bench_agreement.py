"""What checking collective arguments costs (docs/failure-model.md, issue 15 item 2).

    mpirun -n N python bench/bench_agreement.py [--elements 1000000] [--repeats 30]

For each 1M-element operation, the time with the check (pgas as shipped) against the same
operation with ``pgas._agreement.check_same`` replaced by a no-op (the baseline), interleaved
repeat by repeat so that the load of a shared machine hits both alike; the median of each is
reported, and their ratio. Also the check alone (one argument, and five), in microseconds.
"""
import argparse
import statistics
import time

import numpy as np
from mpi4py import MPI

import pgas as pg
from pgas import _agreement

comm = MPI.COMM_WORLD
parser = argparse.ArgumentParser()
parser.add_argument("--elements", type=int, default=1_000_000)
parser.add_argument("--repeats", type=int, default=30)
args = parser.parse_args()

side = int(round(args.elements ** 0.5))
rows = pg.dmap([pg.Np, 1])
cols = pg.dmap([1, pg.Np], "c")
A = pg.rand((side, side), map=rows, seed=1)
B = pg.rand((side, side), map=rows, seed=2)
checked = _agreement.check_same


def no_check(*_args, **_kwargs):
    return None


operations = {
    "remap (block rows -> cyclic columns)": lambda: A.remap(cols),
    "A.sum(axis=0)": lambda: A.sum(axis=0),
    "A[1:, :] (a region)": lambda: A[1:, :],
    "B[...] = A (same map)": lambda: B.__setitem__(Ellipsis, A),
    "pg.zeros": lambda: pg.zeros((side, side), map=rows),
}


def timed(f):
    comm.Barrier()
    start = time.perf_counter()
    f()
    comm.Barrier()
    return time.perf_counter() - start


if pg.Pid == 0:
    print(f"{pg.Np} rank(s), {side}x{side} float64 = {side * side} elements, median of {args.repeats}, "
          f"interleaved; loaded shared machine")
for name, op in operations.items():
    op()  # plans, caches
    with_check, without = [], []
    for _ in range(args.repeats):
        _agreement.check_same = checked
        with_check.append(timed(op))
        _agreement.check_same = no_check
        without.append(timed(op))
    _agreement.check_same = checked
    w, b = statistics.median(with_check), statistics.median(without)
    if pg.Pid == 0:
        print(f"  {name:40s} checked {w * 1e3:8.3f} ms   unchecked {b * 1e3:8.3f} ms   "
              f"ratio {w / b:6.3f}")

ctx = A._impl.context
for label, kwargs in (("1 argument", {"map": rows}),
                      ("5 arguments", {"shape": (side, side), "map": rows, "dtype": np.float64,
                                       "seed": 7, "axis": 0})):
    n = 2000
    comm.Barrier()
    start = time.perf_counter()
    for _ in range(n):
        _agreement.check_same(ctx, "bench", **kwargs)
    per = (time.perf_counter() - start) / n
    if pg.Pid == 0:
        print(f"  check_same alone, {label:12s}: {per * 1e6:7.2f} us")
