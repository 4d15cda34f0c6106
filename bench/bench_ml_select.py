"""Model selection and GaussianNB: pgas on the ranks of this mpirun vs scikit-learn in one
process. GridSearchCV of Ridge over 8 alphas with 5 folds (pgas with n_jobs=1: every fit on
all ranks; n_jobs=2: two groups of ranks side by side on sub-communicators; scikit-learn with
n_jobs=2, its default joblib/loky processes), and GaussianNB.fit. The same data on both sides
(make_regression / make_classification, generated on every rank, block rows for pgas).
Prints the median and best of `repeat` runs per case.

  OPENBLAS_NUM_THREADS=1 mpirun -n 2 python bench/bench_ml_select.py pgas 400000 32
  OPENBLAS_NUM_THREADS=1 python bench/bench_ml_select.py sklearn 400000 32
"""
import sys
import time

import numpy as np

which, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 3
ALPHAS = {"alpha": list(np.logspace(-3, 3, 8))}


def data():
    from sklearn import datasets

    Xr, yr = datasets.make_regression(n_samples=n, n_features=d, noise=5.0, random_state=0)
    Xc, yc = datasets.make_classification(n_samples=n, n_features=d, n_informative=d // 2,
                                          n_classes=4, random_state=0)
    return Xr, yr, Xc, yc.astype(np.float64)


def timed(f):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), float(min(times))


Xr, yr, Xc, yc = data()
if which == "pgas":
    import pgas as pg
    from pgas.ml.model_selection import GridSearchCV
    from pgas.ml.linear_model import Ridge
    from pgas.ml.naive_bayes import GaussianNB

    rows = pg.dmap([pg.Np, 1])
    Xrd, yrd = pg.from_numpy(Xr, rows), pg.from_numpy(yr, pg.dmap([pg.Np]))
    Xcd, ycd = pg.from_numpy(Xc, rows), pg.from_numpy(yc, pg.dmap([pg.Np]))

    def sync(f):
        def run():
            f()
            pg.comm().Barrier()
        return run

    cases = [("GridSearchCV(Ridge) n_jobs=1",
              sync(lambda: GridSearchCV(Ridge(), ALPHAS, cv=5).fit(Xrd, yrd))),
             ("GridSearchCV(Ridge) n_jobs=2",
              sync(lambda: GridSearchCV(Ridge(), ALPHAS, cv=5, n_jobs=2).fit(Xrd, yrd))),
             ("GaussianNB.fit", sync(lambda: GaussianNB().fit(Xcd, ycd)))]
    for name, f in cases:
        med, best = timed(f)
        if pg.Pid == 0:
            print(f"pgas {pg.Np} ranks  {name:32s} median {med:.3f} s  best {best:.3f} s  "
                  f"({n} x {d})", flush=True)
else:
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV
    from sklearn.naive_bayes import GaussianNB

    cases = [("GridSearchCV(Ridge) n_jobs=2",
              lambda: GridSearchCV(Ridge(), ALPHAS, cv=5, n_jobs=2).fit(Xr, yr)),
             ("GridSearchCV(Ridge) n_jobs=1",
              lambda: GridSearchCV(Ridge(), ALPHAS, cv=5).fit(Xr, yr)),
             ("GaussianNB.fit", lambda: GaussianNB().fit(Xc, yc))]
    for name, f in cases:
        med, best = timed(f)
        print(f"sklearn            {name:32s} median {med:.3f} s  best {best:.3f} s  "
              f"({n} x {d})", flush=True)
