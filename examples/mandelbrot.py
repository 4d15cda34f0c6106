"""A Mandelbrot image with cyclic rows, so that every rank gets a fair share of the work.

    mpirun -n 4 python examples/mandelbrot.py                  # 240 x 320 pixels
    mpirun -n 4 python examples/mandelbrot.py 1200 1600 --iterations 200 --png mandel.png

Each pixel counts the iterations z -> z^2 + c takes to leave |z| <= 2. The cost of a row
depends on where it is: rows through the set's body take every iteration, rows near the top
and bottom escape at once. Dealt out in blocks, the middle ranks would do most of the work;
dealt out cyclically (row i on rank i % Np), each rank gets rows from everywhere. The program
prints the work (total iterations) of the busiest rank over the mean for both layouts.

Each rank computes its own rows with NumPy on W.local; the image is checked on rank 0 against
the same computation done by NumPy on the whole image, and the verdict is broadcast.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

import numpy as np

import pgas as pg

# The window of the complex plane that is drawn.
RE_MIN, RE_MAX, IM_MIN, IM_MAX = -2.2, 0.8, -1.2, 1.2


def plane(rows: np.ndarray, cols: np.ndarray, height: int, width: int) -> np.ndarray:
    """c for the given global pixel rows and columns."""
    im = IM_MIN + (IM_MAX - IM_MIN) * rows / max(height - 1, 1)
    re = RE_MIN + (RE_MAX - RE_MIN) * cols / max(width - 1, 1)
    return re[None, :] + 1j * im[:, None]


def escape_counts(c: np.ndarray, iterations: int) -> np.ndarray:
    """Iterations before |z| > 2 (``iterations`` if it never escapes), for every c."""
    z = np.zeros_like(c)
    counts = np.full(c.shape, iterations, dtype=np.int64)
    active = np.ones(c.shape, dtype=bool)
    for i in range(iterations):
        z[active] = z[active] ** 2 + c[active]
        escaped = active & (np.abs(z) > 2.0)
        counts[escaped] = i
        active &= ~escaped
        if not active.any():
            break
    return counts


def imbalance(work_per_rank: np.ndarray) -> float:
    """Busiest rank's work over the mean (1.0 is perfect balance)."""
    return float(work_per_rank.max() / max(work_per_rank.mean(), 1e-300))


def write_png(image: np.ndarray, path: str) -> Optional[str]:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: no PNG written"
    plt.imsave(path, image, cmap="magma", origin="lower")
    return None


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("height", nargs="?", type=int, default=240)
    parser.add_argument("width", nargs="?", type=int, default=320)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--png", metavar="PATH", help="also write the image (needs matplotlib)")
    args = parser.parse_args(argv)
    height, width = args.height, args.width

    cyclic_rows = pg.dmap([pg.Np, 1], dist=["c", "b"])
    W = pg.zeros((height, width), map=cyclic_rows, dtype=np.int64)
    my_rows, my_cols = W.global_ind()                   # rows i with i % Np == rank
    W.local[...] = escape_counts(plane(my_rows, my_cols, height, width), args.iterations)
    my_work = int(W.local.sum())                        # iterations this rank performed

    work = np.array(pg.comm().gather(my_work, root=0))
    image = pg.agg(W)                                   # the whole image on rank 0 only
    ok = True
    if pg.Pid == 0:
        expected = escape_counts(plane(np.arange(height), np.arange(width), height, width),
                                 args.iterations)
        ok = bool(np.array_equal(image, expected))
        row_work = expected.sum(axis=1)
        block_work = np.array([part.sum() for part in np.array_split(row_work, pg.Np)])
        print(f"mandelbrot: {height} x {width} pixels, {args.iterations} iterations on "
              f"{pg.Np} rank(s)")
        print(f"mandelbrot: busiest rank / mean work: cyclic rows {imbalance(work):.2f}, "
              f"block rows would be {imbalance(block_work):.2f}")
        if args.png:
            problem = write_png(image, args.png)
            print(f"mandelbrot: {problem}" if problem else f"mandelbrot: wrote {args.png}")
    ok = pg.comm().bcast(ok, root=0)
    if pg.Pid == 0:
        print("mandelbrot:", "image matches NumPy" if ok else "WRONG IMAGE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
