"""A 1-D FFT of length N = N1 * N2 done the parallel way, in pPython's style (pFFT): FFTs of
the columns where columns are local, twiddle factors from global_ind, a corner turn
(transpose_grid), FFTs of the rows. Validated against NumPy's FFT of the whole vector.

    mpirun -n 4 python examples/ppython/pFFT.py [N1] [N2]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import (agg_all, cos, dcomplex, fft, global_ind, local, put_local, sin)
from pgas.ppython.map import Dmap, rand, zeros
from pgas.ppython.utils import transpose_grid

Np, Pid = GPC.Np, GPC.Pid
N1 = int(sys.argv[1]) if len(sys.argv) > 1 else 16 * Np
N2 = int(sys.argv[2]) if len(sys.argv) > 2 else 8 * Np
N = N1 * N2

# x[N2 * n1 + n2] viewed as an N1 x N2 matrix: rand is counter-based over the row-major global
# index, so the distributed matrix *is* the vector laid out that way.
Xmap = Dmap([1, Np], {}, range(Np))               # columns (n2) local to a rank
X = dcomplex(rand(N1, N2, map=Xmap, seed=1), rand(N1, N2, map=Xmap, seed=2))

Xloc = fft(local(X), [], 0)                         # FFT over n1: B[k1, n2]
k1 = np.array(global_ind(X, 0)[0])                  # pPython's idiom: a list of index arrays
n2 = np.array(global_ind(X, 1)[0])
omega = (-2 * np.pi / N) * np.outer(k1, n2)
Xloc = Xloc * dcomplex(cos(omega), sin(omega))      # twiddle factors W_N^(n2 k1)
X = put_local(X, Xloc)

X = transpose_grid(X)                               # corner turn: rows (k1) local
X = put_local(X, fft(local(X), [], 1))              # FFT over n2: C[k1, k2] = F[k1 + N1 k2]

# Validate this rank's part against NumPy (the whole vector is small here).
x = rand(N1, N2, map=1, seed=1) + 1j * rand(N1, N2, map=1, seed=2)
F = np.fft.fft(x.ravel())
[myK1, myK2] = global_ind(X)
expected = F[np.add.outer(myK1, N1 * np.asarray(myK2))]
Errloc = np.abs(local(X) - expected).max(initial=0) / np.sqrt(N)
Err = agg_all(put_local(zeros(1, Np, map=Xmap), Errloc))
ok = bool(Err.max() < 1e-12)
if Pid == 0:
    print(f"N = {N1} x {N2}: max error {Err.max():.2e}")
    print("Validation Passed" if ok else "Validation Failed")
sys.exit(0 if ok else 1)
