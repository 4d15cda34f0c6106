"""The inputs the test_numpy_*.py suites check pgas's NumPy functions on: maps of every kind
(block, cyclic, block-cyclic, 2-D grids, overlap, a subset of the ranks), uneven sizes and
sizes smaller than the rank count (empty parts), random values of every dtype the same on
every rank (the serial oracle is NumPy on the same global array)."""
import numpy as np

import pgas as pg

P = pg.Np
DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint64, np.uint32, np.uint16, np.uint8,
          np.complex128, np.complex64, np.bool_]
REAL = [np.float64, np.float32, np.int64, np.int32, np.uint64, np.uint8, np.bool_]
FLOAT = [np.float64, np.float32]


def subset():
    """The last ceil(P/2) ranks: ranks outside the map take part in every collective."""
    return list(range(P // 2, P))


def maps_1d():
    return [pg.dmap([P]), pg.dmap([P], "c"), pg.dmap([P], ("bc", 2)),
            pg.dmap([P], overlap=[1]), pg.dmap([len(subset())], procs=subset())]


def maps_2d():
    rows = 2 if P % 2 == 0 else 1
    return [pg.dmap([P, 1]), pg.dmap([1, P], "c"), pg.dmap([P, 1], ("bc", 2)),
            pg.dmap([rows, P // rows], ["b", "c"]), pg.dmap([P, 1], overlap=[1, 0]),
            pg.dmap([1, len(subset())], procs=subset())]


def maps_nd(ndim):
    """Maps of ndim dimensions: the rank grid along the first, or the last, dimension."""
    if ndim == 1:
        return maps_1d()
    if ndim == 2:
        return maps_2d()
    first = pg.dmap([P] + [1] * (ndim - 1))
    last = pg.dmap([1] * (ndim - 1) + [P], "c")
    return [first, last, pg.dmap([1] * (ndim - 1) + [len(subset())], procs=subset())]


# Uneven sizes, and sizes smaller than the rank count at 3-4 ranks (some parts empty).
SHAPES = {1: [(7,), (2,), (0,)], 2: [(5, 3), (2, 7), (1, 1)], 3: [(3, 2, 5)], 4: [(2, 3, 1, 4)]}


def values(shape, dtype, seed, nan=False):
    """Small random values of ``dtype`` (NaN at a few cells with nan=True, for float types)."""
    rng = np.random.default_rng(seed)
    a = np.round(rng.standard_normal(shape) * 3, 1)
    dt = np.dtype(dtype)
    if dt.kind == "c":
        a = a + 1j * np.round(rng.standard_normal(shape) * 3, 1)
    if dt.kind == "b":
        a = a > 0
    if dt.kind == "u":  # a negative float has no defined unsigned value
        a = np.abs(a)
    a = a.astype(dt)
    if nan and dt.kind in "fc" and a.size:
        a.flat[rng.integers(0, a.size, max(1, a.size // 4))] = np.nan
    return a


def cases(ndims=(1, 2, 3, 4), dtypes=DTYPES, nan=False):
    """(numpy array, darray of it) for every shape of ``ndims`` and map, each with 3 of the
    dtypes, rotating so that every dtype meets every map over the shapes (the full product is
    too slow at 4 ranks on the shared machine)."""
    seed = 0
    for ndim in ndims:
        for s, shape in enumerate(SHAPES[ndim]):
            for i, m in enumerate(maps_nd(ndim)):
                k = min(3, len(dtypes))
                for j in range(k):
                    dt = dtypes[(i * k + j + s) % len(dtypes)]
                    seed += 1
                    x = values(shape, dt, seed, nan)
                    yield x, pg.from_numpy(x, m)


def close(got, want, dtype=None):
    """got (a darray or a NumPy value) equals NumPy's ``want``: same shape and dtype, values
    equal up to rounding (NaN where NumPy has NaN)."""
    g = pg.agg_all(got) if isinstance(got, pg.darray) else np.asarray(got)
    w = np.asarray(want)
    if g.shape != w.shape or g.dtype != w.dtype:
        return False
    if w.dtype.kind in "fc":
        tol = 1e-4 if w.dtype in (np.float32, np.complex64) else 1e-10
        return bool(np.allclose(g, w, rtol=tol, atol=tol, equal_nan=True))
    return bool(np.array_equal(g, w))
