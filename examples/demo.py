"""The make-run demo: maps, distributed arrays, ScaLAPACK and parallel HDF5, on however many
ranks.

    mpirun -n 4 python examples/demo.py

It grows with the library: each layer adds its part. It checks its own answers and exits
non-zero if any rank finds one wrong.
"""
import os
import sys
import tempfile

import numpy as np

import pgas as pg

shape = (10, 8)
maps = {
    "block rows": pg.dmap([pg.Np, 1]),
    "cyclic columns": pg.dmap([1, pg.Np], "c"),
    "2-D block-cyclic (2x2 blocks)": pg.dmap([pg.Np // 2 or 1, 2 if pg.Np > 1 else 1], ("bc", 2)),
    "block rows, overlap 1": pg.dmap([pg.Np, 1], overlap=[1, 0]),
}

ok = True
for name, m in maps.items():
    if pg.Pid == 0:
        print(f"--- {name}")
        m.show(shape)
    # Every rank checks: the owner of each index it holds, said by the map, is the rank
    # whose owned index lists contain it.
    rows, cols = m.global_ind(shape)
    for i in rows[:3]:
        for j in cols[:3]:
            rank, local = m.owner(shape, (int(i), int(j)))
            ok &= m.to_global(shape, local, rank) == (i, j)

index = (7, 5)
for name, m in maps.items():
    rank, local = m.owner(shape, index)
    if pg.Pid == 0:
        print(f"{name}: element {index} lives on rank {rank} at local index {local}")

# --- distributed arrays: a map, a redistribution, a ufunc, a reduction (issue 4)
A = pg.rand(shape, map=maps["block rows"], seed=1)           # same values on any rank count
B = pg.zeros(shape, map=maps["2-D block-cyclic (2x2 blocks)"])
B[:, :] = A                                                  # redistribution between maps
C = np.sqrt(B) * 2.0 + 1.0                                   # ufuncs run on each local part
total = C.sum()                                              # a NumPy scalar on every rank
column_max = pg.agg_all(C.max(axis=0))                       # a reduction along an axis
a = pg.rand(shape, seed=1)                                   # the same array, as NumPy
ok &= bool(np.isclose(total, (np.sqrt(a) * 2.0 + 1.0).sum(), rtol=1e-12))
ok &= bool(np.array_equal(pg.agg_all(B), a))
ok &= bool(np.allclose(column_max, (np.sqrt(a) * 2.0 + 1.0).max(axis=0), rtol=1e-12))
if pg.Pid == 0:
    print(f"darray: {A.shape} block rows -> 2-D block-cyclic; this rank holds {B.local.shape}; "
          f"sum(2 sqrt(A) + 1) = {total:.6f} (NumPy agrees: {bool(ok)})")

# --- ScaLAPACK: solve a system given on block rows (issue 7)
n = 200
M = pg.rand((n, n), map=maps["block rows"], seed=2) + n * np.eye(n)   # diagonally dominant
rhs = pg.ones((n,), map=pg.dmap([pg.Np]))
x = pg.linalg.solve(M, rhs)                                  # p?gesv on a block-cyclic copy
m_np = pg.rand((n, n), seed=2) + n * np.eye(n)
x_everywhere = pg.agg_all(x)                                 # collective: every rank calls it
ok &= bool(np.allclose(x_everywhere, np.linalg.solve(m_np, np.ones(n)), rtol=1e-10))
if pg.Pid == 0:
    print(f"linalg: solved a {n} x {n} system on {pg.Np} rank(s); x[:3] = {x_everywhere[:3]}")

# --- parallel HDF5: save on this map, read back on another (issue 5)
directory = pg.comm().bcast(tempfile.mkdtemp(prefix="pgas-demo-") if pg.Pid == 0 else None)
path = os.path.join(directory, "demo.h5")
pg.io.save(path, "C", C, attrs={"what": "2 sqrt(A) + 1"})
D = pg.io.load(path, "C", map=maps["cyclic columns"])
ok &= bool(np.array_equal(pg.agg_all(D), pg.agg_all(C)))
ok &= pg.io.info(path)["C"]["attrs"]["what"] == "2 sqrt(A) + 1"
if pg.Pid == 0:
    print(f"io: saved C {C.shape} on {C.map} collectively; read back with cyclic columns, "
          f"equal: {bool(ok)}")

# --- ml: HDF5 -> scale -> PCA -> KMeans -> labels back to HDF5 (issue 12, examples/ml_pipeline.py)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ml_pipeline  # noqa: E402

ml_path = os.path.join(directory, "ml.h5")
ml_pipeline.make_blobs_file(ml_path)
ok &= ml_pipeline.run(ml_path)
pg.comm().Barrier()
if pg.Pid == 0:
    os.remove(path)
    os.remove(ml_path)
    os.rmdir(directory)

ok = pg.comm().allreduce(bool(ok), op=__import__("mpi4py").MPI.LAND)
if pg.Pid == 0:
    print("demo:", "all answers check out" if ok else "WRONG ANSWERS")
sys.exit(0 if ok else 1)
