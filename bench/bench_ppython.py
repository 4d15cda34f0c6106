"""pgas.ppython against pgas's native API on the same programs, and pg.rand against NumPy's
generator (issue 17). Every pair is run interleaved ``--repeats`` times and the median of each
is reported, as a ratio (goal: pPython-style within 10 % of native; pg.rand >= 1x NumPy).

    mpirun -n 2 python bench/bench_ppython.py [--stream N] [--fft N1 N2] [--blur NX NY]
                                              [--rand N] [--repeats R]
"""
from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, Dict, List, Tuple

import numpy as np

import pgas as pg
from pgas.ppython.dmat import dcomplex, fft, global_ind, local, put_local, synch
from pgas.ppython.map import Dmap, rand, zeros
from pgas.ppython.utils import transpose_grid

Np, Pid = pg.Np, pg.Pid
Q = 3.0


def timed(fn: Callable[[], object]) -> float:
    pg.comm().Barrier()
    start = time.perf_counter()
    fn()
    pg.comm().Barrier()
    return time.perf_counter() - start


# --- STREAM: pStream's four kernels on local parts vs the same on darrays --------------------
def stream_ppython(n: int, trials: int) -> Callable[[], None]:
    m = Dmap([1, Np], {}, range(Np))
    Aloc, Bloc, Cloc = (local(zeros(1, n, map=m)) + v for v in (1.0, 2.0, 0.0))

    def run() -> None:
        for _ in range(trials):
            Cloc[:, :] = Aloc
            Bloc[:, :] = Q * Cloc
            Cloc[:, :] = Aloc + Bloc
            Aloc[:, :] = Bloc + Q * Cloc
    return run


def stream_native(n: int, trials: int) -> Callable[[], None]:
    m = pg.dmap([1, Np])
    A, B, C = pg.full((1, n), 1.0, map=m), pg.full((1, n), 2.0, map=m), pg.zeros((1, n), map=m)

    def run() -> None:
        for _ in range(trials):
            C[...] = A
            B[...] = Q * C
            C[...] = A + B
            A[...] = B + Q * C
    return run


# --- FFT: pFFT's column FFT, twiddle, corner turn, row FFT --------------------------------
def fft_ppython(n1: int, n2: int) -> Callable[[], None]:
    Xmap = Dmap([1, Np], {}, range(Np))
    X0 = dcomplex(rand(n1, n2, map=Xmap, seed=1), rand(n1, n2, map=Xmap, seed=2))

    def run() -> None:
        X = put_local(X0.copy(), fft(local(X0), [], 0))
        k1, k2 = np.array(global_ind(X, 0)[0]), np.array(global_ind(X, 1)[0])
        X = put_local(X, local(X) * np.exp((-2j * np.pi / (n1 * n2)) * np.outer(k1, k2)))
        X = transpose_grid(X)
        X = put_local(X, fft(local(X), [], 1))
    return run


def fft_native(n1: int, n2: int) -> Callable[[], None]:
    X0 = pg.rand((n1, n2), map=pg.dmap([1, Np]), seed=1) + \
        1j * pg.rand((n1, n2), map=pg.dmap([1, Np]), seed=2)

    def run() -> None:
        X = X0.copy()
        X.local[...] = np.fft.fft(X.local, axis=0)
        k1, k2 = X.global_ind(0), X.global_ind(1)
        X.local[...] *= np.exp((-2j * np.pi / (n1 * n2)) * np.outer(k1, k2))
        X = pg.transpose_grid(X)
        X.local[...] = np.fft.fft(X.local, axis=1)
    return run


# --- blur: pBlurimage's filter passes with a halo -----------------------------------------
def _blur(im: np.ndarray, k: int) -> None:
    win = np.lib.stride_tricks.sliding_window_view(im, (k, k))
    im[: win.shape[0], : win.shape[1]] = win.mean(axis=(-2, -1))


def blur_ppython(nx: int, ny: int, k: int = 3, passes: int = 4) -> Callable[[], None]:
    im = rand(nx, ny, map=Dmap([Np, 1], {}, range(Np), [k - 1, 0]), seed=3)

    def run() -> None:
        nonlocal im
        for _ in range(passes):
            imLoc = local(im)
            _blur(imLoc, k)
            im = synch(put_local(im, imLoc))
    return run


def blur_native(nx: int, ny: int, k: int = 3, passes: int = 4) -> Callable[[], None]:
    im = pg.rand((nx, ny), map=pg.dmap([Np, 1], overlap=[k - 1, 0]), seed=3)

    def run() -> None:
        for _ in range(passes):
            _blur(im.local, k)
            im.synch()
    return run


# --- pg.rand vs NumPy's default generator on the same per-rank count -----------------------
def rand_pgas(n: int) -> Callable[[], None]:
    return lambda: pg.rand((n,), map=pg.dmap([Np]), seed=5)


def rand_numpy(n: int) -> Callable[[], None]:
    rng = np.random.default_rng(5)
    per_rank = pg.dmap([Np]).local_shape((n,))[0]
    return lambda: rng.random(per_rank)


def pair(name: str, first: Tuple[str, Callable[[], None]],
         second: Tuple[str, Callable[[], None]], repeats: int) -> Dict[str, float]:
    times: Dict[str, List[float]] = {first[0]: [], second[0]: []}
    first[1](); second[1]()                              # warm-up (plans, caches, pages)
    for _ in range(repeats):
        for label, fn in (first, second):
            times[label].append(timed(fn))
    med = {label: statistics.median(t) for label, t in times.items()}
    if Pid == 0:
        ratio = med[second[0]] / med[first[0]]
        print(f"{name:8s} {first[0]} {med[first[0]]:.4f} s  {second[0]} {med[second[0]]:.4f} s"
              f"  {second[0]}/{first[0]} time = {ratio:.3f}")
    return med


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--stream", type=int, default=4_000_000 * Np)
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--fft", type=int, nargs=2, default=[1024, 1024])
    p.add_argument("--blur", type=int, nargs=2, default=[1024, 1024])
    p.add_argument("--rand", type=int, default=20_000_000 * Np)
    p.add_argument("--repeats", type=int, default=7)
    a = p.parse_args()
    if Pid == 0:
        print(f"Np={Np} (times are medians of {a.repeats} interleaved runs; "
              f"ratio < 1.1 is the goal for ppython/native, numpy/pgas >= 1 for rand)")
    pair("stream", ("native", stream_native(a.stream, a.trials)),
         ("ppython", stream_ppython(a.stream, a.trials)), a.repeats)
    pair("fft", ("native", fft_native(*a.fft)), ("ppython", fft_ppython(*a.fft)), a.repeats)
    pair("blur", ("native", blur_native(*a.blur)), ("ppython", blur_ppython(*a.blur)),
         a.repeats)
    pair("rand", ("pgas", rand_pgas(a.rand)), ("numpy", rand_numpy(a.rand)), a.repeats)


if __name__ == "__main__":
    main()
