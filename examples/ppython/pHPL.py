"""An HPL-style LU solve in pPython's style: the augmented matrix [A | b] is distributed by
columns, cyclically; at each step the rank that owns the pivot column finds the pivot and the
multipliers and broadcasts them (BcastMsg), and every rank swaps rows and updates its own
columns. Back substitution runs on the leader. Validated by the scaled residual, as HPL does.

    mpirun -n 4 python examples/ppython/pHPL.py [N]
"""
import sys

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg, global_ind, local
from pgas.ppython.map import Dmap, rand
from pgas.ppython.utils import BcastMsg

Np, Pid = GPC.Np, GPC.Pid
N = int(sys.argv[1]) if len(sys.argv) > 1 else 12 * Np

Amap = Dmap([1, Np], "c", range(Np))             # column k lives on rank k % Np
Ab = rand(N, N + 1, map=Amap, seed=7) - 0.5       # [A | b], b the last column
Abloc = local(Ab)                                  # updated in place
myJ = np.array(global_ind(Ab, 1)[0])

for k in range(N):
    owner = k % Np
    if Pid == owner:
        col = Abloc[:, int(np.flatnonzero(myJ == k)[0])]
        p = k + int(np.argmax(np.abs(col[k:])))
        pivot_col = col.copy()
        pivot_col[[k, p]] = pivot_col[[p, k]]
        multipliers = pivot_col[k + 1:] / pivot_col[k]
    else:
        p, multipliers = None, None
    [p, multipliers] = BcastMsg(owner, k, p, multipliers)    # messages, as HPL's panel bcast
    Abloc[[k, p], :] = Abloc[[p, k], :]                      # row swap on every rank
    right = myJ > k                                           # the trailing columns I hold
    Abloc[k + 1:, right] -= np.outer(multipliers, Abloc[k, right])

LU = agg(Ab)
ok = True
if Pid == 0:
    U, y = np.triu(LU[:, :N]), LU[:, N]
    x = np.zeros(N)
    for i in range(N - 1, -1, -1):
        x[i] = (y[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    A0 = rand(N, N + 1, map=1, seed=7) - 0.5
    A, b = A0[:, :N], A0[:, N]
    resid = np.linalg.norm(A @ x - b, np.inf) / (
        np.finfo(float).eps * np.linalg.norm(A, np.inf) * np.linalg.norm(x, np.inf) * N)
    ok = bool(resid < 16.0 and np.allclose(x, np.linalg.solve(A, b), rtol=1e-8, atol=1e-10))
    print(f"N={N}: scaled residual {resid:.3f}")
    print("Validation Passed" if ok else "Validation Failed")
[ok] = BcastMsg(0, "hpl-ok", ok)
sys.exit(0 if ok else 1)
