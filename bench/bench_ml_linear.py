"""Linear-model fits: pgas on the ranks of this mpirun vs scikit-learn in one process (its BLAS
threads set by the caller). Ridge and LogisticRegression (lbfgs) on make_classification rows,
Lasso on make_regression rows; the same data for both sides (made on rank 0 and scattered as
block rows for pgas). Prints one line per estimator: median and best of `--repeat` fits, and
the largest relative coefficient difference is checked separately by the tests, not here.

  OPENBLAS_NUM_THREADS=1 mpirun -n 2 python bench/bench_ml_linear.py pgas classify 2000000 32
  OPENBLAS_NUM_THREADS=2 python bench/bench_ml_linear.py sklearn classify 2000000 32
  OPENBLAS_NUM_THREADS=1 mpirun -n 2 python bench/bench_ml_linear.py pgas lasso 200000 200
  OPENBLAS_NUM_THREADS=2 python bench/bench_ml_linear.py sklearn lasso 200000 200
"""
import sys
import time

import numpy as np

import pgas as pg

which, task, n, d = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 3


def data():
    from sklearn import datasets

    if task == "classify":
        return datasets.make_classification(n_samples=n, n_features=d, n_informative=d // 2,
                                            random_state=0)
    return datasets.make_regression(n_samples=n, n_features=d, n_informative=d // 4,
                                    noise=5.0, random_state=0)


def estimators(mod):
    if task == "classify":
        return [("Ridge", lambda: mod.Ridge(alpha=1.0)),
                ("LogisticRegression", lambda: mod.LogisticRegression(max_iter=100))]
    return [("Lasso", lambda: mod.Lasso(alpha=0.5))]


def report(name, times, extra=""):
    times = sorted(times)
    print(f"{which:8s} ranks={pg.Np} n={n} d={d} {name:20s} median={np.median(times):.3f}s "
          f"best={times[0]:.3f}s {extra}", flush=True)


if which == "pgas":
    from pgas.ml import linear_model as mod

    comm = pg.comm()
    X, y = data() if pg.Pid == 0 else (None, None)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]), root=0)
    yd = pg.from_numpy(y.astype(np.float64) if pg.Pid == 0 else None, pg.dmap([pg.Np]), root=0)
    del X, y
    for name, make in estimators(mod):
        times = []
        for _ in range(repeat):
            comm.Barrier()
            t0 = time.perf_counter()
            est = make().fit(Xd, yd)
            comm.Barrier()
            times.append(time.perf_counter() - t0)  # after the barrier: the slowest rank
        if pg.Pid == 0:
            report(name, times, f"n_iter={getattr(est, 'n_iter_', None)} "
                   f"coef0={np.ravel(est.coef_)[0]:.6g}")
else:
    import warnings

    from sklearn import linear_model as mod

    X, y = data()
    for name, make in estimators(mod):
        times = []
        for _ in range(repeat):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t0 = time.perf_counter()
                est = make().fit(X, y)
                times.append(time.perf_counter() - t0)
        report(name, times, f"n_iter={getattr(est, 'n_iter_', None)} "
               f"coef0={np.ravel(est.coef_)[0]:.6g}")
