"""STREAM in pPython's style (pStream): copy, scale, add and triad on the local parts of
distributed vectors, timed, and validated against the scalar recurrence.

    mpirun -n 4 python examples/ppython/pStream.py [N] [Ntrial]
"""
import sys
from timeit import default_timer as timer

import numpy as np

import pgas.ppython as GPC
from pgas.ppython.dmat import agg_all, local, put_local
from pgas.ppython.map import Dmap, zeros

Np, Pid = GPC.Np, GPC.Pid
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2**16 * Np
Ntrial = int(sys.argv[2]) if len(sys.argv) > 2 else 4
q = 3.0

ABCmap = Dmap([1, Np], {}, range(Np))
SyncMap = Dmap([1, Np], {}, range(Np))
Aloc = local(zeros(1, N, map=ABCmap)) + 1.0     # local(): the part itself, no second buffer
Bloc = local(zeros(1, N, map=ABCmap)) + 2.0
Cloc = local(zeros(1, N, map=ABCmap))

times = np.zeros(4)
for trial in range(Ntrial):
    tic = timer(); Cloc[:, :] = Aloc; times[0] += timer() - tic                # copy
    tic = timer(); Bloc[:, :] = q * Cloc; times[1] += timer() - tic            # scale
    tic = timer(); Cloc[:, :] = Aloc + Bloc; times[2] += timer() - tic         # add
    tic = timer(); Aloc[:, :] = Bloc + q * Cloc; times[3] += timer() - tic     # triad

a, b, c = 1.0, 2.0, 0.0
for trial in range(Ntrial):
    c = a; b = q * c; c = a + b; a = b + q * c
err = max(np.abs(Aloc - a).max(initial=0), np.abs(Bloc - b).max(initial=0),
          np.abs(Cloc - c).max(initial=0))
ok_local = float(err <= 1e-13 * abs(a))
ok = agg_all(put_local(zeros(1, Np, map=SyncMap), ok_local))
bandwidth = 8 * N * np.array([2, 2, 3, 3]) * Ntrial / np.maximum(times, 1e-12) / 1e9
if Pid == 0:
    print(f"Np={Np} N={N}: copy/scale/add/triad {np.round(bandwidth, 2)} GB/s per rank")
    print("Validation Passed" if ok.all() else "Validation Failed")
sys.exit(0 if ok.all() else 1)
