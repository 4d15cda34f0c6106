"""STREAM on distributed vectors: copy, scale, add, triad (McCalpin's four kernels).

    mpirun -n 4 python examples/stream.py                 # 200,000 elements, checked
    mpirun -n 2 python examples/stream.py 4000000 --bench # bandwidth per rank vs NumPy

Three vectors are spread over all ranks in blocks. Every kernel is written once, for
anything NumPy-shaped, and runs on the darrays as it would on NumPy arrays: each rank works
on its own block, nothing crosses the network (STREAM measures memory, not MPI).

The answer is checked on every rank against the same kernels run by NumPy on this rank's
slice of the global vectors, and the verdict is all-reduced: the program exits 1 if any rank
is wrong. With --bench it also times the same kernels on plain NumPy arrays of the same
per-rank length (one process's worth of NumPy) and prints both bandwidths.
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable, Dict, List

import numpy as np
from mpi4py import MPI

import pgas as pg

SCALAR = 3.0


# ---- the four kernels: the same code for darrays and NumPy arrays -------------------------
def copy(a: Any, b: Any, c: Any) -> None:
    c[...] = a                                  # c = a


def scale(a: Any, b: Any, c: Any) -> None:
    np.multiply(c, SCALAR, out=b)               # b = q c


def add(a: Any, b: Any, c: Any) -> None:
    np.add(a, b, out=c)                         # c = a + b


def triad(a: Any, b: Any, c: Any) -> None:
    np.multiply(c, SCALAR, out=a)               # a = b + q c, in two passes without
    np.add(a, b, out=a)                         # a temporary (as NumPy users write it)


KERNELS: Dict[str, Callable[[Any, Any, Any], None]] = {
    "copy": copy, "scale": scale, "add": add, "triad": triad}
# Bytes STREAM counts per element (reads + writes of 8-byte doubles), whatever the code does.
BYTES_PER_ELEMENT = {"copy": 16, "scale": 16, "add": 24, "triad": 24}


def initial_values(index: np.ndarray) -> List[np.ndarray]:
    """a, b, c as functions of the global index, so any rank can build its slice."""
    a = 1.0 + (index % 10) / 10.0
    return [a, np.full(index.shape, 2.0), np.zeros(index.shape)]


def run(vectors: List[Any], trials: int, timed: bool) -> Dict[str, float]:
    """Run the kernels ``trials`` times in STREAM's order; the best time of each kernel."""
    best = {name: float("inf") for name in KERNELS}
    comm = pg.comm()
    for _ in range(trials):
        for name, kernel in KERNELS.items():
            if timed:
                comm.Barrier()  # every rank starts the kernel together
            start = time.perf_counter()
            kernel(*vectors)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=200_000, help="global vector length")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--bench", action="store_true",
                        help="time the kernels, and NumPy on the same per-rank length")
    args = parser.parse_args(argv)

    block = pg.dmap([pg.Np])
    index = pg.arange(args.n, map=block, dtype=np.float64)
    a = 1.0 + (index % 10) / 10.0                   # operators on darrays: no data moves
    b = pg.full((args.n,), 2.0, map=block)
    c = pg.zeros(args.n, map=block)

    best = run([a, b, c], args.trials, timed=args.bench)

    # Check: NumPy runs the same kernels on this rank's slice of the global vectors.
    mine = a.global_ind(0)
    expected = initial_values(mine.astype(np.float64))
    run(expected, args.trials, timed=False)
    ok = all(np.allclose(x.local, e, rtol=1e-12, atol=0) for x, e in zip((a, b, c), expected))
    ok = pg.comm().allreduce(bool(ok), op=MPI.LAND)

    local_n = len(mine)
    if args.bench:
        numpy_best = run(initial_values(np.arange(local_n, dtype=np.float64)), args.trials,
                         timed=True)
        # The slowest rank decides a parallel kernel's time.
        slowest = {k: pg.comm().allreduce(v, op=MPI.MAX) for k, v in best.items()}
        if pg.Pid == 0:
            print(f"STREAM: {args.n:,} elements over {pg.Np} rank(s), {local_n:,} on rank 0, "
                  f"best of {args.trials}")
            print(f"{'kernel':>6} {'pgas MB/s/rank':>15} {'NumPy MB/s':>11} {'ratio':>6}")
            for name in KERNELS:
                moved = BYTES_PER_ELEMENT[name] * local_n
                ours, theirs = moved / slowest[name] / 1e6, moved / numpy_best[name] / 1e6
                print(f"{name:>6} {ours:15.0f} {theirs:11.0f} {ours / theirs:6.2f}")
    elif pg.Pid == 0:
        print(f"STREAM: {args.n:,} elements over {pg.Np} rank(s), {args.trials} trials")
    if pg.Pid == 0:
        print("stream:", "answers match NumPy" if ok else "WRONG ANSWERS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
