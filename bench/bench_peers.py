"""pgas and Heat side by side: the same operations, sizes and rank count (issue 11).

    make bench-peers                                    # both, 2 ranks, prints the table
    mpirun -n 2 python bench/bench_peers.py --lib pgas  # one library, one JSON line per op
    mpirun -n 2 build/peers-venv/bin/python bench/bench_peers.py --lib heat

Heat (with PyTorch's CPU build), dask-ml and scikit-learn live in their own virtualenv,
build/peers-venv (make bench-peers creates it); they are never a dependency of pgas. Each
operation: best of --repeats, the slowest rank's time, a barrier before each try. --compare
runs both libraries through mpirun and prints ratio = heat / pgas (> 1: pgas faster).
dask-ml's LogisticRegression is compared by bench/bench_dask_logistic.py (make bench-peers runs
both; Heat's table is n/a when Heat did not install in the peers venv).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def timed(fn, comm, repeats):
    best = float("inf")
    for _ in range(repeats):
        comm.Barrier()
        t = time.perf_counter()
        fn()
        comm.Barrier()
        best = min(best, time.perf_counter() - t)
    return max(comm.allgather(best))


def run_pgas(n, nm, repeats):
    import pgas as pg

    comm = pg.comm()
    rows, cols = pg.dmap([pg.Np, 1]), pg.dmap([1, pg.Np])
    a, b, c = (pg.rand(n, n, map=rows, seed=s) for s in (1, 2, 3))
    m1, m2 = pg.rand(nm, nm, map=rows, seed=4), pg.rand(nm, nm, map=rows, seed=5)
    rhs = pg.rand(nm, 1, map=rows, seed=6)
    spd = m1 + pg.from_numpy(nm * __import__("numpy").eye(nm), rows)
    ops = {
        "redistribute rows -> columns": lambda: pg.remap(a, cols),
        "a * b + c": lambda: a * b + c,
        "sum": lambda: a.sum(),
        "sum(axis=0)": lambda: a.sum(axis=0),
        "sum(axis=1)": lambda: a.sum(axis=1),
        f"matmul {nm}": lambda: pg.linalg.matmul(m1, m2),
        f"solve {nm}": lambda: pg.linalg.solve(spd, rhs),
    }
    return comm, {k: timed(f, comm, repeats) for k, f in ops.items()}


def run_heat(n, nm, repeats):
    import heat as ht
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    ht.random.seed(1)
    a, b, c = (ht.random.rand(n, n, split=0, dtype=ht.float64) for _ in range(3))
    m1, m2 = (ht.random.rand(nm, nm, split=0, dtype=ht.float64) for _ in range(2))
    rhs = ht.random.rand(nm, 1, split=0, dtype=ht.float64)
    spd = m1 + nm * ht.eye(nm, split=0, dtype=ht.float64)
    ops = {
        "redistribute rows -> columns": lambda: ht.resplit(a, 1),
        "a * b + c": lambda: a * b + c,
        "sum": lambda: a.sum(),
        "sum(axis=0)": lambda: a.sum(axis=0),
        "sum(axis=1)": lambda: a.sum(axis=1),
        f"matmul {nm}": lambda: ht.matmul(m1, m2),
    }
    if hasattr(ht.linalg, "solve"):
        ops[f"solve {nm}"] = lambda: ht.linalg.solve(spd, rhs)
    return comm, {k: timed(f, comm, repeats) for k, f in ops.items()}


def compare(args):
    here = os.path.abspath(__file__)
    results = {}
    for lib, python in (("pgas", args.pgas_python), ("heat", args.heat_python)):
        cmd = args.mpirun.split() + ["-n", str(args.np), python, here, "--lib", lib,
                                     "--n", str(args.n), "--nm", str(args.nm),
                                     "--repeats", str(args.repeats)]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        if out.returncode != 0:
            print(f"{lib} failed:\n{out.stderr[-2000:]}", file=sys.stderr)
            results[lib] = {}
            continue
        results[lib] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{args.np} ranks, {args.n}^2 float64 on block rows, matmul/solve {args.nm}^2; "
          f"best of {args.repeats}")
    print(f"| work | pgas | Heat | Heat / pgas |\n| --- | ---: | ---: | ---: |")
    for op in results.get("pgas", {}):
        p, h = results["pgas"][op], results.get("heat", {}).get(op)
        hs = f"{h * 1e3:.1f} ms" if h is not None else "n/a"
        ratio = f"{h / p:.2f}" if h is not None else "n/a"
        print(f"| {op} | {p * 1e3:.1f} ms | {hs} | {ratio} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", choices=["pgas", "heat"])
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--nm", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--np", type=int, default=2)
    parser.add_argument("--pgas-python", default=sys.executable)
    parser.add_argument("--heat-python", default="build/peers-venv/bin/python")
    parser.add_argument("--mpirun", default="mpirun --oversubscribe")
    args = parser.parse_args()
    if args.lib is None:
        compare(args)
        return
    comm, times = (run_pgas if args.lib == "pgas" else run_heat)(args.n, args.nm, args.repeats)
    if comm.Get_rank() == 0:
        print(json.dumps(times), flush=True)


if __name__ == "__main__":
    main()
