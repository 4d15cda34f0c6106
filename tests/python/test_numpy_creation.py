"""Creation on darrays against NumPy: np.zeros_like/ones_like/empty_like/full_like keep the map;
pg.linspace/logspace/geomspace/eye/identity/tri/indices/meshgrid with map= are NumPy's values
(without a map NumPy's own result); np.diag both ways. Every kind of map, uneven and empty
parts. Every rank asserts."""
import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import DTYPES, P, cases, close, maps_1d, maps_2d, values


def test_like():
    bad = []
    for x, a in cases():
        for f, args in ((np.zeros_like, ()), (np.ones_like, ()), (np.full_like, (3,))):
            for dt in (None, np.float32, np.complex128):
                got = f(a, *args, dtype=dt)
                if got.map != a.map or not close(got, f(x, *args, dtype=dt)):
                    bad.append((f.__name__, x.shape, x.dtype, dt, a.map))
        e = np.empty_like(a)
        if e.map != a.map or e.shape != x.shape or e.dtype != x.dtype:
            bad.append(("empty_like", x.shape))
        s = np.zeros_like(a, shape=tuple(n + 1 for n in x.shape))
        if s.map != a.map or not close(s, np.zeros_like(x, shape=tuple(n + 1 for n in x.shape))):
            bad.append(("shape=", x.shape))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros((3, 4), map=pg.dmap([P, 1]))
    assert raises_everywhere(TypeError, "pgas arrays hold", lambda: np.zeros_like(a, dtype=np.float16))
    assert raises_everywhere(NotImplementedError, "numpy.ones_like.*shape",
                             lambda: np.ones_like(a, shape=(12,)))
    assert raises_everywhere(NotImplementedError, "numpy.full_like.*fill_value",
                             lambda: np.full_like(a, np.arange(4)))


LINSPACE_ARGS = [(0, 1, 7), (2.5, -3, 10), (0, 10, 1), (0, 10, 0), (-1, 1, 5),
                 (0, 5, 4)]


@pytest.mark.parametrize("endpoint", [True, False])
def test_linspace(endpoint):
    bad = []
    for m in maps_1d():
        for start, stop, num in LINSPACE_ARGS:
            for dt in (None, np.float32, np.int64, np.complex128):
                want = np.linspace(start, stop, num, endpoint=endpoint, dtype=dt)
                got = pg.linspace(start, stop, num, endpoint=endpoint, dtype=dt, map=m)
                if got.map != m or not close(got, want):
                    bad.append((start, stop, num, dt, m))
                if not np.array_equal(pg.agg_all(got), want):  # NumPy's values bit for bit
                    bad.append(("exact", start, stop, num, dt, m))
        got, step = pg.linspace(0, 1, 9, endpoint=endpoint, retstep=True, map=m)
        want, wstep = np.linspace(0, 1, 9, endpoint=endpoint, retstep=True)
        if not close(got, want) or step != wstep:
            bad.append(("retstep", m))
    assert all_ranks_agree(not bad), bad[:5]
    assert isinstance(pg.linspace(0, 1, 5), np.ndarray)
    assert raises_everywhere(ValueError, "must be non-negative",
                             lambda: pg.linspace(0, 1, -1, map=pg.dmap([P])))
    assert raises_everywhere(ValueError, "1 dimension",
                             lambda: pg.linspace(0, 1, 4, map=pg.dmap([P, 1])))


def test_logspace():
    bad = []
    for m in maps_1d():
        for start, stop, num in LINSPACE_ARGS:
            for base in (10.0, 2, np.e):
                for dt in (None, np.float32):
                    want = np.logspace(start, stop, num, base=base, dtype=dt)
                    got = pg.logspace(start, stop, num, base=base, dtype=dt, map=m)
                    if got.map != m or not close(got, want):
                        bad.append((start, stop, num, base, dt, m))
    assert all_ranks_agree(not bad), bad[:5]
    assert isinstance(pg.logspace(0, 1, 5), np.ndarray)


def test_geomspace():
    bad = []
    for m in maps_1d():
        for start, stop, num in [(1, 1000, 4), (-1, -1e3, 7), (2, 3, 1), (1, 2, 0),
                                 (1j, 1000j, 5), (8, 2, 6)]:
            for endpoint in (True, False):
                want = np.geomspace(start, stop, num, endpoint=endpoint)
                got = pg.geomspace(start, stop, num, endpoint=endpoint, map=m)
                if got.map != m or not close(got, want):
                    bad.append((start, stop, num, endpoint, m))
    assert all_ranks_agree(not bad), bad[:5]
    assert raises_everywhere(ValueError, "cannot include zero",
                             lambda: pg.geomspace(0, 1, 4, map=pg.dmap([P])))


def test_eye_identity_tri():
    bad = []
    for m in maps_2d():
        for n, mm, k in [(5, None, 0), (4, 7, 2), (6, 3, -1), (1, None, 0), (3, 2, 5)]:
            for dt in (float, np.int32, np.complex64, bool):
                if not close(pg.eye(n, mm, k, dtype=dt, map=m), np.eye(n, mm, k, dtype=dt)):
                    bad.append(("eye", n, mm, k, dt, m))
                if not close(pg.tri(n, mm, k, dtype=dt, map=m), np.tri(n, mm, k, dtype=dt)):
                    bad.append(("tri", n, mm, k, dt, m))
        if not close(pg.identity(5, map=m), np.identity(5)) or \
                pg.identity(3, dtype=np.int64, map=m).dtype != np.int64:
            bad.append(("identity", m))
    assert all_ranks_agree(not bad), bad[:5]
    assert isinstance(pg.eye(3), np.ndarray) and isinstance(pg.tri(3), np.ndarray)
    assert raises_everywhere(ValueError, "non-negative", lambda: pg.eye(-1, map=pg.dmap([P, 1])))


def test_indices():
    bad = []
    for m in maps_2d():
        for dims in [(4, 3), (2, 7), (1, 1)]:
            for dt in (int, np.float32):
                got = pg.indices(dims, dtype=dt, map=m)
                if not close(got, np.indices(dims, dtype=dt)) or got.map.grid[1:] != m.grid:
                    bad.append((dims, dt, m))
                for g, w in zip(pg.indices(dims, dtype=dt, sparse=True, map=m),
                                np.indices(dims, dtype=dt, sparse=True)):
                    if not close(g, w):
                        bad.append(("sparse", dims, dt, m))
    for m in [pg.dmap([P, 1, 1]), pg.dmap([1, 1, P], "c")]:
        if not close(pg.indices((3, 2, 5), map=m), np.indices((3, 2, 5))):
            bad.append(("3-d", m))
    assert all_ranks_agree(not bad), bad[:5]


def test_meshgrid():
    bad = []
    xs, ys, zs = values((5,), np.float64, 1), values((3,), np.int64, 2), values((2,), np.float32, 3)
    for mx in maps_1d():
        for my in maps_1d()[:3]:
            x, y = pg.from_numpy(xs, mx), pg.from_numpy(ys, my)
            for indexing in ("xy", "ij"):
                for sparse in (False, True):
                    got = np.meshgrid(x, y, indexing=indexing, sparse=sparse)
                    want = np.meshgrid(xs, ys, indexing=indexing, sparse=sparse)
                    if len(got) != 2 or not all(close(g, w) for g, w in zip(got, want)):
                        bad.append((indexing, sparse, mx, my))
            got = np.meshgrid(x, y, pg.from_numpy(zs, mx))
            if not all(close(g, w) for g, w in zip(got, np.meshgrid(xs, ys, zs))):
                bad.append(("3", mx))
    for m in maps_2d():
        got = pg.meshgrid(xs, ys, map=m)
        if not all(g.map == m and close(g, w) for g, w in zip(got, np.meshgrid(xs, ys))):
            bad.append(("map=", m))
    assert all_ranks_agree(not bad), bad[:5]
    assert raises_everywhere(ValueError, "indexing",
                             lambda: np.meshgrid(pg.zeros(3, map=pg.dmap([P])), indexing="q"))


def test_diag():
    bad = []
    for dt in DTYPES:
        for m in maps_1d():
            for n in (5, 1, 0):
                v = values((n,), dt, n)
                a = pg.from_numpy(v, m)
                for k in (0, 2, -3):
                    if not close(np.diag(a, k), np.diag(v, k)):
                        bad.append(("1-d", dt, n, k, m))
        for m in maps_2d():
            for shape in ((5, 3), (2, 7), (4, 4)):
                x = values(shape, dt, 9)
                a = pg.from_numpy(x, m)
                for k in (0, 1, -2, 6, -6):
                    if not close(np.diag(a, k), np.diag(x, k)):
                        bad.append(("2-d", dt, shape, k, m))
    assert all_ranks_agree(not bad), bad[:5]
    assert raises_everywhere(ValueError, "1- or 2-d",
                             lambda: np.diag(pg.zeros((2, 2, 2), map=pg.dmap([P, 1, 1]))))
