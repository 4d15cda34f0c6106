"""A 2-D blur: block rows with overlap (halo) rows, A.synch(), a stencil on A.local.

    mpirun -n 4 python examples/blur.py                 # 96 x 80 image, radius 1, 3 passes
    mpirun -n 4 python examples/blur.py 2000 1000 --radius 2 --passes 5

Each pass replaces every interior cell by the mean of the (2r+1) x (2r+1) box centred on it
(cells closer than r to the border keep their value), and is checked against NumPy.

Why it is written this way: a pgas overlap is on the HIGH side only (SPEC §1) -- a block
holds the k = 2r rows that follow it, never the rows before it. So a rank cannot evaluate a
centred box at its first rows. It can evaluate the FORWARD box, whose window starts at the
output cell and reaches k rows down:

    forward[i, j] = mean(image[i : i+k+1, j : j+k+1])      (i <= n-k-1, j <= m-k-1)

For every row i it owns, the rows i .. i+k are either its own or its overlap rows, so after
A.synch() the forward box of its own rows is purely local. The centred box is the forward box
moved by r in each direction, centred[i, j] = forward[i-r, j-r]; that shift is a relabelling
of global indices, which pgas does as a slice assignment

    A[r:n-r, r:m-r] = F[0:n-2r, 0:m-2r]

moving only the rows whose owner changes (about r rows per rank boundary).
"""
from __future__ import annotations

import argparse
import sys
from typing import List

import numpy as np
from mpi4py import MPI
from numpy.lib.stride_tricks import sliding_window_view

import pgas as pg


def forward_box(block: np.ndarray, width: int) -> np.ndarray:
    """Mean over each width x width window anchored at its top-left cell ('valid' part)."""
    means: np.ndarray = sliding_window_view(block, (width, width)).mean(axis=(-2, -1))
    return means


def blur_numpy(image: np.ndarray, radius: int) -> np.ndarray:
    """The reference: one centred blur pass on the whole image."""
    n, m = image.shape
    out = image.copy()
    out[radius:n - radius, radius:m - radius] = forward_box(image, 2 * radius + 1)
    return out


def blur_pass(A: pg.darray, F: pg.darray, radius: int) -> None:
    """One centred pass on A (block rows, overlap 2r rows), with F (block rows) as scratch."""
    n, m = A.shape
    width = 2 * radius + 1
    A.synch()                                           # halo rows take their owners' values
    held = A.local                                      # own rows, then the overlap rows
    owned_rows = F.local.shape[0]                       # F has the same rows, without overlap
    window = forward_box(held, width) if held.shape[0] >= width and m >= width else \
        np.empty((0, max(m - width + 1, 0)))
    # Own rows whose whole window lies inside the image (the last rows of the image have none).
    rows = min(owned_rows, window.shape[0])
    F.local[:rows, :window.shape[1]] = window[:rows]
    A[radius:n - radius, radius:m - radius] = F[0:n - 2 * radius, 0:m - 2 * radius]


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=96)
    parser.add_argument("cols", nargs="?", type=int, default=80)
    parser.add_argument("--radius", type=int, default=1)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    n, m, r = args.rows, args.cols, args.radius
    if r < 1 or n <= 2 * r or m <= 2 * r:
        parser.error("need radius >= 1 and an image larger than the blur box")

    with_halo = pg.dmap([pg.Np, 1], overlap=[2 * r, 0])  # each block also holds 2r rows below
    A = pg.rand((n, m), map=with_halo, seed=7)
    F = pg.zeros((n, m), map=pg.dmap([pg.Np, 1]))       # same owned rows, no halo
    for _ in range(args.passes):
        blur_pass(A, F, r)

    expected = pg.rand((n, m), seed=7)                  # the same values, as NumPy
    for _ in range(args.passes):
        expected = blur_numpy(expected, r)
    result = pg.agg(A)                                  # the whole image on rank 0 only
    error = float(np.abs(result - expected).max()) if pg.Pid == 0 else 0.0
    ok = pg.comm().bcast(error < 1e-12, root=0)
    if pg.Pid == 0:
        print(f"blur: {n} x {m} image, radius {r}, {args.passes} passes on {pg.Np} rank(s); "
              f"max |pgas - NumPy| = {error:.2e}")
        print("blur:", "answer matches NumPy" if ok else "WRONG ANSWER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
