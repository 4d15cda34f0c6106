"""Python overhead of darray elementwise operations against NumPy on the same local data.

    mpirun -n 1 python bench/bench_python_overhead.py
    mpirun -n 2 python bench/bench_python_overhead.py --sizes 1000000 4000000

For each per-rank size, every rank times the same expression on its darrays (A + B, ...) and
on plain NumPy arrays holding the same local data, best of --repeats, the two interleaved so
that machine noise hits both alike. No operation here communicates: the ratio is the price of
the darray layer (dispatch through __array_ufunc__, allocating the result darray in C++) over
NumPy's own loop. Reported: ratio = numpy_time / pgas_time (1.0 = as fast as NumPy; the goal
is >= 0.9 at >= 1M elements per rank), from the rank with the lowest ratio.
"""
from __future__ import annotations

import argparse
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np

import pgas as pg

EXPRESSIONS: Dict[str, Callable[[Any, Any, Any], Any]] = {
    "a + b": lambda a, b, c: a + b,
    "a * b + c": lambda a, b, c: a * b + c,
    "np.sin(a)": lambda a, b, c: np.sin(a),
    "a += b": lambda a, b, c: a.__iadd__(b),
}


def best_times(expression: Callable[[Any, Any, Any], Any], ours: Tuple[Any, ...],
               theirs: Tuple[Any, ...], repeats: int) -> Tuple[float, float]:
    best_ours = best_theirs = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        expression(*ours)
        best_ours = min(best_ours, time.perf_counter() - start)
        start = time.perf_counter()
        expression(*theirs)
        best_theirs = min(best_theirs, time.perf_counter() - start)
    return best_ours, best_theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000, 4_000_000],
                        help="elements per rank")
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    comm = pg.comm()
    rows: List[str] = []
    for per_rank in args.sizes:
        m = pg.dmap([pg.Np])
        n = per_rank * pg.Np
        ours = tuple(pg.rand(n, map=m, seed=s) for s in (1, 2, 3))
        theirs = tuple(x.local.copy() for x in ours)   # the same local data, as NumPy
        for name, expression in EXPRESSIONS.items():
            comm.Barrier()
            t_ours, t_theirs = best_times(expression, ours, theirs, args.repeats)
            # The rank where pgas fares worst speaks for the job.
            ratio, t_theirs, t_ours = min(comm.allgather((t_theirs / t_ours, t_theirs, t_ours)))
            rows.append(f"| {pg.Np} | {per_rank:,} | `{name}` | {t_theirs * 1e3:.3f} | "
                        f"{t_ours * 1e3:.3f} | {ratio:.2f} |")
    if pg.Pid == 0:
        print("| ranks | elements/rank | expression | NumPy ms | pgas ms | NumPy/pgas |")
        print("| ---: | ---: | --- | ---: | ---: | ---: |")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
