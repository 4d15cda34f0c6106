"""File IO in pPython's style (IO): every rank writes its local part to its own file, named by
Pid, waits for the others, and reads back a part of another layout from the files; then the
same array goes to one parallel HDF5 file (pgas.io) and back. Validated against the array.

    mpirun -n 4 python examples/ppython/pIO.py [N] [M] [directory]
"""
import os
import sys
import tempfile

import numpy as np

import pgas as pg
import pgas.ppython as GPC
from pgas.ppython.dmat import agg_all, global_block_ranges, global_ind, local, put_local
from pgas.ppython.map import Dmap, rand, zeros
from pgas.ppython.utils import BcastMsg

Np, Pid = GPC.Np, GPC.Pid
N = int(sys.argv[1]) if len(sys.argv) > 1 else 8 * Np
M = int(sys.argv[2]) if len(sys.argv) > 2 else 6
directory = sys.argv[3] if len(sys.argv) > 3 else None
if directory is None:
    [directory] = BcastMsg(0, "dir", tempfile.mkdtemp(prefix="pIO.") if Pid == 0 else None)

Xmap = Dmap([Np, 1], {}, range(Np))
X = rand(N, M, map=Xmap, seed=21)
np.save(os.path.join(directory, f"pIO.{Pid}.npy"), local(X))      # one file per rank
ranges = global_block_ranges(X, 0)
BcastMsg(0, "written", None)                                         # wait for every writer

# Read back a column-block layout: this rank's columns, from every row file.
Ymap = Dmap([1, Np], {}, range(Np))
Y = zeros(N, M, map=Ymap)
myJ = np.asarray(global_ind(Y, 1)[0])
parts = [np.load(os.path.join(directory, f"pIO.{rank}.npy"))[:, myJ] for rank, first, last
         in ranges if last >= first]
Y = put_local(Y, np.concatenate(parts, axis=0) if parts else local(Y))

path = os.path.join(directory, "pIO.h5")
pg.io.save(path, "X", X)
Z = pg.io.load(path, "X", map=Ymap)

whole = rand(N, M, map=1, seed=21)
ok_local = bool(np.array_equal(local(Y), whole[:, myJ]) and np.array_equal(agg_all(Z), whole))
flags = agg_all(put_local(zeros(1, Np, map=Dmap([1, Np], {}, range(Np))), float(ok_local)))
ok = bool(flags.all())
BcastMsg(0, "read", None)                                            # everyone is done reading
if Pid == 0:
    if len(sys.argv) <= 3:
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))
        os.rmdir(directory)
    print("Validation Passed" if ok else "Validation Failed")
sys.exit(0 if ok else 1)
