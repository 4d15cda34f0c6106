"""bincount, histogram, cov, corrcoef on darrays against NumPy: every kind of map, uneven and
empty parts, weights, complex data for cov. Every rank asserts."""
import warnings

import numpy as np

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import P, close, maps_1d, maps_2d, values


def test_bincount():
    bad = []
    for m in maps_1d():
        for n in (11, 2, 0):
            x = np.random.default_rng(n).integers(0, 6, n)
            a = pg.from_numpy(x, m)
            w = values((n,), np.float64, 3)
            for got, want in ((np.bincount(a), np.bincount(x)),
                              (np.bincount(a, minlength=9), np.bincount(x, minlength=9)),
                              (np.bincount(a, weights=pg.from_numpy(w, maps_1d()[1])),
                               np.bincount(x, weights=w)),
                              (np.bincount(a, weights=w), np.bincount(x, weights=w))):
                if not close(got, want):
                    bad.append((m, n))
    assert all_ranks_agree(not bad), bad[:5]
    neg = pg.from_numpy(np.array([1, -1, 2]), pg.dmap([P]))
    assert raises_everywhere(ValueError, "negative", lambda: np.bincount(neg))
    assert raises_everywhere(TypeError, "", lambda: np.bincount(pg.zeros(3, map=pg.dmap([P]))))


def test_histogram():
    bad = []
    for m in maps_2d():
        for shape in ((7, 5), (2, 3), (0, 3)):
            x = values(shape, np.float64, 5)
            a = pg.from_numpy(x, m)
            for kw in ({}, {"bins": 4}, {"bins": 3, "range": (-2, 2)}, {"bins": [-5, 0, 1, 9]},
                       {"bins": 5, "density": True}):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    got, want = np.histogram(a, **kw), np.histogram(x, **kw)
                if not (close(got[0], want[0].astype(got[0].dtype)) and close(got[1], want[1])):
                    bad.append((m, shape, kw))
    assert all_ranks_agree(not bad), bad[:5]
    x = np.array([1.0, np.nan])
    a = pg.from_numpy(x, pg.dmap([P]))
    assert raises_everywhere(ValueError, "not finite", lambda: np.histogram(a))


def test_cov_corrcoef():
    bad = []
    for m in maps_2d():
        for dt in (np.float64, np.complex128, np.int64):
            x = values((4, 9), dt, 7)
            a = pg.from_numpy(x, m)
            for kw in ({}, {"bias": True}, {"ddof": 2}):
                if not close(np.cov(a, **kw), np.cov(x, **kw)):
                    bad.append(("cov", m, dt, kw))
            if not close(np.cov(a, rowvar=False), np.cov(x, rowvar=False)):
                bad.append(("rowvar", m, dt))
            if not close(np.corrcoef(a), np.corrcoef(x)):
                bad.append(("corrcoef", m, dt))
    for m in maps_1d():
        v = values((8,), np.float64, 2)
        if not close(np.cov(pg.from_numpy(v, m)), np.cov(v)):
            bad.append(("1-d", m))
    assert all_ranks_agree(not bad), bad[:5]
