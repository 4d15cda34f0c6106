"""kNN classification and DBSCAN: pgas on the ranks of this mpirun vs scikit-learn in one process
(n_jobs and its BLAS threads set by the caller). Same data for both (make_blobs, seeded).

  knn:    n_train x d training rows (8 blobs), n_query queries, k = 5, brute force
  dbscan: n x 2 make_blobs (5 centres, std 0.5), eps = 0.05, min_samples = 10

  OPENBLAS_NUM_THREADS=1 mpirun -n 2 python bench/bench_ml_neighbors.py pgas knn 200000 200000 16
  OPENBLAS_NUM_THREADS=2 python bench/bench_ml_neighbors.py sklearn knn 200000 200000 16
  OPENBLAS_NUM_THREADS=1 mpirun -n 2 python bench/bench_ml_neighbors.py pgas dbscan 200000
  OPENBLAS_NUM_THREADS=2 python bench/bench_ml_neighbors.py sklearn dbscan 200000

Prints one line: the best of --repeat (argv[-1] when it is "r<k>") fits, after a barrier (the
slowest rank), and a checksum of the answer, so that the two sides can be compared.
"""
import sys
import time

import numpy as np
from sklearn.datasets import make_blobs

which, task = sys.argv[1], sys.argv[2]
args = [a for a in sys.argv[3:] if not a.startswith("r")]
repeat = int(sys.argv[-1][1:]) if sys.argv[-1].startswith("r") else 2


def knn_data(n_train, n_query, d):
    X, y = make_blobs(n_samples=n_train + n_query, n_features=d, centers=8, cluster_std=6.0,
                      random_state=0)
    return X[:n_train], y[:n_train], X[n_train:]


def dbscan_data(n):
    return make_blobs(n_samples=n, n_features=2, centers=5, cluster_std=0.5, random_state=0)[0]


def report(times, check):
    print(f"{which:8s} {task} {' '.join(args)} best={min(times):.3f}s check={check}", flush=True)


if which == "pgas":
    import pgas as pg

    comm = pg.comm()
    times = []
    if task == "knn":
        n_train, n_query, d = map(int, args)
        X, y, Q = knn_data(n_train, n_query, d)
        rows = pg.dmap([pg.Np, 1])
        Xd, Qd = pg.from_numpy(X, rows), pg.from_numpy(Q, rows)
        yd = pg.from_numpy(y.astype(np.float64), pg.dmap([pg.Np]))
        del X, Q
        for _ in range(repeat):
            comm.Barrier()
            t0 = time.perf_counter()
            pred = pg.ml.KNeighborsClassifier(5, algorithm="brute").fit(Xd, yd).predict(Qd)
            comm.Barrier()
            times.append(time.perf_counter() - t0)
        check = float(pred.sum())
    else:
        n = int(args[0])
        Xd = pg.from_numpy(dbscan_data(n), pg.dmap([pg.Np, 1]))
        for _ in range(repeat):
            comm.Barrier()
            t0 = time.perf_counter()
            labels = pg.ml.DBSCAN(eps=0.05, min_samples=10).fit(Xd).labels_
            comm.Barrier()
            times.append(time.perf_counter() - t0)
        check = (int(labels.max()) + 1, int((labels == -1).sum()))
    if pg.Pid == 0:
        report(times, check)
else:
    from sklearn.cluster import DBSCAN
    from sklearn.neighbors import KNeighborsClassifier

    times = []
    if task == "knn":
        n_train, n_query, d = map(int, args)
        X, y, Q = knn_data(n_train, n_query, d)
        for _ in range(repeat):
            t0 = time.perf_counter()
            pred = KNeighborsClassifier(5, algorithm="brute", n_jobs=2).fit(X, y).predict(Q)
            times.append(time.perf_counter() - t0)
        check = float(pred.sum())
    else:
        X = dbscan_data(int(args[0]))
        for _ in range(repeat):
            t0 = time.perf_counter()
            labels = DBSCAN(eps=0.05, min_samples=10, n_jobs=2).fit(X).labels_
            times.append(time.perf_counter() - t0)
        check = (int(labels.max()) + 1, int((labels == -1).sum()))
    report(times, check)
