"""sort/argsort (a distributed sample sort for 1-D, local or a corner turn along an axis) and
median/percentile/quantile against NumPy: every real dtype, duplicates, NaN, every kind of map,
uneven and empty parts. Every rank asserts."""
import warnings

import numpy as np

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import P, REAL, cases, close, maps_1d, values


def _with_ties(x):
    """x rounded to few distinct values (ties between ranks), for the non-bool dtypes."""
    return x if x.dtype == np.bool_ else (np.round(x.astype(np.float64) / 3) * 3).astype(x.dtype)


def test_sort_argsort():
    bad = []
    for x, a in cases(dtypes=REAL, nan=True):
        for y in (x, _with_ties(x)):
            b = pg.from_numpy(y, a.map)
            for axis in [None, -1] + list(range(y.ndim)):
                got = np.sort(b, axis=axis)
                if not close(got, np.sort(y, axis=axis)):
                    bad.append(("sort", y.shape, y.dtype, axis, b.map))
                if axis is not None and got.map != b.map:
                    bad.append(("map", y.shape, axis))
                want = np.argsort(y, axis=axis, kind="stable")
                if not close(np.argsort(b, axis=axis), want.astype(np.int64)):
                    bad.append(("argsort", y.shape, y.dtype, axis, b.map))
    assert all_ranks_agree(not bad), bad[:5]
    c = pg.zeros(3, map=pg.dmap([P]), dtype=np.complex128)
    assert raises_everywhere(NotImplementedError, "numpy.sort.*complex", lambda: np.sort(c))


def test_sort_of_a_large_array_with_many_duplicates_balances():
    x = np.random.default_rng(3).integers(0, 3, 4000)
    for m in maps_1d():
        a = pg.from_numpy(x, m)
        assert all_ranks_agree(close(np.sort(a), np.sort(x)))
        assert all_ranks_agree(close(np.argsort(a), np.argsort(x, kind="stable").astype(np.int64)))


def test_median_percentile_quantile():
    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for x, a in cases(ndims=(1, 2, 3), dtypes=[np.float64, np.float32, np.int64, np.int32],
                          nan=True):
            if not x.size:
                continue
            for axis in [None] + list(range(x.ndim)):
                pairs = [(np.median(a, axis=axis), np.median(x, axis=axis)),
                         (np.quantile(a, 0.3, axis=axis), np.quantile(x, 0.3, axis=axis)),
                         (np.percentile(a, 90, axis=axis), np.percentile(x, 90, axis=axis))]
                if axis is None:
                    pairs.append((np.quantile(a, [0, 0.25, 1]), np.quantile(x, [0, 0.25, 1])))
                for got, want in pairs:
                    if not close(got, want):
                        bad.append((x.shape, x.dtype, axis, a.map, got, want))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.from_numpy(values((5,), np.float64, 1), pg.dmap([P]))
    assert raises_everywhere(ValueError, "range", lambda: np.quantile(a, 1.5))
    assert raises_everywhere(NotImplementedError, "method", lambda: np.quantile(a, 0.5,
                                                                               method="lower"))


def test_unique_nanmedian():
    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for x, a in cases(dtypes=REAL, nan=True):
            for y in (x, _with_ties(x)):
                b = pg.from_numpy(y, a.map)
                if not close(np.unique(b), np.unique(y)):
                    bad.append(("unique", y.shape, y.dtype, b.map))
                if y.size and not close(np.nanmedian(b), np.nanmedian(y)):
                    bad.append(("nanmedian", y.shape, y.dtype, b.map))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros(3, map=pg.dmap([P]))
    assert raises_everywhere(NotImplementedError, "numpy.unique.*return_counts",
                             lambda: np.unique(a, return_counts=True))
