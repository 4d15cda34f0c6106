"""A parallel 1-D FFT by the corner-turn (four-step) method, with pg.transpose_grid.

    mpirun -n 4 python examples/fft.py              # N = 64 * 64 = 4096 points
    mpirun -n 4 python examples/fft.py 1024 512     # N = N1 * N2 = 524,288 points

A vector x of length N = N1 * N2 is viewed as an N1 x N2 matrix, x[N2*n1 + n2] = M[n1, n2].
With W_N = exp(-2 pi i / N), the DFT splits into two batches of short FFTs:

    X[k1 + N1*k2] = sum_n2 W_N2^(n2 k2) * W_N^(n2 k1) * ( sum_n1 W_N1^(n1 k1) M[n1, n2] )

    1. corner turn: block rows -> block columns (pg.transpose_grid), so every column is local;
    2. FFT each column (length N1) on the local part;
    3. multiply by the twiddle factors W_N^(n2 k1);
    4. corner turn back: block columns -> block rows;
    5. FFT each row (length N2) on the local part; the result Z[k1, k2] is X[k1 + N1*k2].

So X read in natural order is Z transposed: pg.transpose(Z) is an N2 x N1 darray (no data
moves) whose row-major order is X. Only the corner turns communicate; each is one all-to-all of
the whole array, which is what makes this the standard parallel 1-D FFT.
The answer is checked against numpy.fft.fft of the whole vector.
"""
from __future__ import annotations

import argparse
import sys
from typing import List

import numpy as np

import pgas as pg


def four_step_fft(M: pg.darray) -> pg.darray:
    """The DFT of the vector M.ravel() (M: N1 x N2, block rows), returned as an N2 x N1
    darray whose row-major order is the transform."""
    n1, n2 = M.shape
    by_columns = pg.transpose_grid(M)                   # corner turn: columns are now local
    part = by_columns.local
    part[...] = np.fft.fft(part, axis=0)                # FFTs of length N1, in place
    k1 = np.arange(n1)[:, None]
    my_n2 = by_columns.global_ind(1)[None, :]           # the global columns this rank has
    part *= np.exp(-2j * np.pi * (k1 * my_n2) / (n1 * n2))   # twiddle factors
    Z = pg.transpose_grid(by_columns)                   # corner turn back: rows are local
    Z.local[...] = np.fft.fft(Z.local, axis=1)          # FFTs of length N2
    return pg.transpose(Z)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n1", nargs="?", type=int, default=64)
    parser.add_argument("n2", nargs="?", type=int, default=64)
    args = parser.parse_args(argv)
    n1, n2 = args.n1, args.n2

    rows = pg.dmap([pg.Np, 1])
    M = pg.rand((n1, n2), map=rows, seed=1) + 1j * pg.rand((n1, n2), map=rows, seed=2)
    X = four_step_fft(M)

    x = pg.rand((n1, n2), seed=1) + 1j * pg.rand((n1, n2), seed=2)   # the same, as NumPy
    expected = np.fft.fft(x.ravel())
    result = pg.agg(X)                                  # whole transform on rank 0 only
    error = float(np.abs(result.ravel() - expected).max() / np.abs(expected).max()) \
        if pg.Pid == 0 else 0.0
    ok = pg.comm().bcast(error < 1e-12, root=0)
    if pg.Pid == 0:
        print(f"fft: N = {n1} x {n2} = {n1 * n2:,} points on {pg.Np} rank(s); "
              f"max relative error against numpy.fft.fft = {error:.1e}")
        print("fft:", "answer matches NumPy" if ok else "WRONG ANSWER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
