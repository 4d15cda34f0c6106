"""NumPy baseline for bench_linalg: matmul and solve at n on one process with T OpenBLAS
threads (the same total cores as T MPI ranks). python3 bench/bench_linalg_numpy.py N"""
import sys
import time

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
rng = np.random.default_rng(0)
a, b = rng.random((n, n)), rng.random((n, n))


def best_of(reps, f):
    best = 1e30
    for _ in range(reps):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


s = best_of(2, lambda: a @ b)
print(f"numpy matmul n={n} seconds={s:.3f} gflops={2 * n**3 / s / 1e9:.1f}")
a += n * np.eye(n)
x = rng.random(n)
s = best_of(2, lambda: np.linalg.solve(a, x))
print(f"numpy solve n={n} seconds={s:.3f} gflops={2 / 3 * n**3 / s / 1e9:.1f}")
try:
    from threadpoolctl import threadpool_info

    print("numpy BLAS:", [(i["internal_api"], i.get("architecture"), i["num_threads"])
                          for i in threadpool_info()])
except ImportError:
    pass
