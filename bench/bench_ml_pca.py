"""PCA fit on n x d float64 rows: pgas on the ranks of this mpirun vs scikit-learn in one
process (its BLAS threads set by the caller). Same data for both: pg.randn(seed=1) scaled per
column (distinct variances). Prints one line per solver: median and best of `--repeat` fits.

  OPENBLAS_NUM_THREADS=1 mpirun -n 2 python bench/bench_ml_pca.py pgas 1000000 64
  OPENBLAS_NUM_THREADS=2 python bench/bench_ml_pca.py sklearn 1000000 64
"""
import sys
import time

import numpy as np

import pgas as pg

which, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 3
solvers = ["covariance_eigh", "full"]
scale = np.linspace(3.0, 0.5, d)


def report(solver, times, extra=""):
    times = sorted(times)
    print(f"{which:8s} ranks={pg.Np} n={n} d={d} solver={solver:16s} median={np.median(times):.3f}s "
          f"best={times[0]:.3f}s {extra}", flush=True)


if which == "pgas":
    from pgas.ml.decomposition import PCA

    X = pg.randn((n, d), map=pg.dmap([pg.Np, 1]), seed=1) * scale
    comm = pg.comm()
    for solver in solvers:
        times = []
        for _ in range(repeat):
            comm.Barrier()
            t0 = time.perf_counter()
            est = PCA(n_components=8, svd_solver=solver).fit(X)
            comm.Barrier()
            times.append(time.perf_counter() - t0)  # after the barrier: the slowest rank
        if pg.Pid == 0:
            report(solver, times, f"ev0={est.explained_variance_[0]:.6f}")
else:
    from sklearn.decomposition import PCA
    from mpi4py import MPI

    X = pg.randn((n, d), map=pg.dmap([1, 1]), seed=1, comm=MPI.COMM_SELF).local * scale
    for solver in solvers:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            est = PCA(n_components=8, svd_solver=solver).fit(X)
            times.append(time.perf_counter() - t0)
        report(solver, times, f"ev0={est.explained_variance_[0]:.6f}")
