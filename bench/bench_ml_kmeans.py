"""KMeans benchmark (issue 12): k=8 Lloyd iterations from an explicit init on make_blobs rows
(float64), pgas on P ranks against scikit-learn on P threads, interleaved in one run.

    python bench/bench_ml_kmeans.py [--rows 1000000] [--features 16] [--ranks 2] [--repeat 3]
    python bench/bench_ml_kmeans.py --weak 250000 --max-ranks 4   # weak scaling, rows per rank

The driver (this script without --worker) runs scikit-learn in-process (threadpoolctl limits
it to --ranks threads) and pgas as `mpirun -n <ranks> python bench_ml_kmeans.py --worker`,
alternately, and prints the best time of each and their ratio. Both fit the same data from the
same centres with tol=0 and max_iter=30, so they run the same iterations (printed). The pgas
worker also times one read of its local rows (NumPy sum) per rank: the memory-bandwidth bound
of an iteration, which reads X once.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np


def data(rows, features, seed=0):
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(n_samples=rows, n_features=features, centers=8, cluster_std=4.0,
                      random_state=seed)
    init = X[np.random.RandomState(1).choice(rows, 8, replace=False)].copy()
    return X, init


def worker(args):
    import pgas as pg

    rows = args.rows if not args.weak else args.weak * pg.Np
    # Every rank makes the blobs it needs from the same seed, then keeps its block of rows.
    X, init = data(rows, args.features)
    Xd = pg.from_numpy(X, pg.dmap([pg.Np, 1]))
    del X
    best, best_read = float("inf"), float("inf")
    for _ in range(args.repeat):
        pg.comm().Barrier()
        t0 = time.perf_counter()
        km = pg.ml.KMeans(8, init=init, n_init=1, max_iter=30, tol=0.0).fit(Xd)
        pg.comm().Barrier()
        best = min(best, time.perf_counter() - t0)
        local = Xd.local
        pg.comm().Barrier()
        t0 = time.perf_counter()
        local.sum()
        pg.comm().Barrier()
        best_read = min(best_read, time.perf_counter() - t0)
    if pg.Pid == 0:
        print(json.dumps({"time": best, "n_iter": km.n_iter_, "inertia": km.inertia_,
                          "read": best_read, "ranks": pg.Np, "rows": rows}))


def run_pgas(args, ranks, extra):
    cmd = ["mpirun", "--oversubscribe", "-n", str(ranks), sys.executable, __file__, "--worker",
           "--features", str(args.features), "--repeat", str(args.repeat)] + extra
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_sklearn(args, X, init):
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    best = float("inf")
    with threadpool_limits(limits=args.ranks):
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            km = KMeans(8, init=init, n_init=1, max_iter=30, tol=0.0).fit(X)
            best = min(best, time.perf_counter() - t0)
    return {"time": best, "n_iter": km.n_iter_, "inertia": km.inertia_}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--features", type=int, default=16)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--weak", type=int, default=0, help="rows per rank: weak scaling")
    ap.add_argument("--max-ranks", type=int, default=4)
    ap.add_argument("--worker", action="store_true")
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    if args.weak:
        print(f"weak scaling: {args.weak} rows per rank x {args.features} features, k=8, "
              "30 iterations (ranks beyond the cores are oversubscribed)")
        base = None
        for p in range(1, args.max_ranks + 1):
            r = run_pgas(args, p, ["--weak", str(args.weak)])
            per_iter = r["time"] / r["n_iter"]
            base = base or per_iter
            print(f"  {p} ranks: {r['rows']} rows, {per_iter * 1e3:.2f} ms/iteration "
                  f"({r['n_iter']} iterations), efficiency {base / per_iter:.2f}")
        return
    X, init = data(args.rows, args.features)
    print(f"KMeans k=8, {args.rows} x {args.features} float64 make_blobs, explicit init, "
          f"max_iter=30 tol=0; pgas on {args.ranks} ranks vs scikit-learn on {args.ranks} "
          f"threads, {args.rounds} interleaved rounds, best of {args.repeat} each")
    sk, pg_ = [], []
    for _ in range(args.rounds):
        sk.append(run_sklearn(args, X, init))
        pg_.append(run_pgas(args, args.ranks, ["--rows", str(args.rows)]))
    s = min(r["time"] for r in sk)
    p = min(r["time"] for r in pg_)
    read = min(r["read"] for r in pg_)
    n_iter = pg_[0]["n_iter"]
    print(f"  scikit-learn: {s:.3f} s ({sk[0]['n_iter']} iterations, inertia "
          f"{sk[0]['inertia']:.6e})")
    print(f"  pgas:         {p:.3f} s ({n_iter} iterations, inertia {pg_[0]['inertia']:.6e})")
    print(f"  ratio sklearn/pgas: {s / p:.2f}x")
    print(f"  per iteration: pgas {p / n_iter * 1e3:.2f} ms; one read of X (all ranks at once) "
          f"{read * 1e3:.2f} ms = the memory-bandwidth bound; pgas at {read / (p / n_iter):.2f} "
          "of it")


if __name__ == "__main__":
    main()
