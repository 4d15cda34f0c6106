"""np.isclose, np.allclose, np.array_equal, np.array_equiv on darrays against NumPy: every
dtype, 1-D to 4-D, every kind of map, NaN, darray with darray of another map, with NumPy arrays
and scalars, broadcasting. Every rank asserts."""
import numpy as np

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import DTYPES, P, cases, close, maps_1d, maps_2d, values


def _perturbed(x, seed):
    """x with a few cells moved by more than the tolerance, and the rest by less."""
    rng = np.random.default_rng(seed)
    if x.dtype.kind == "b":
        return x.copy()
    y = (x + (rng.random(x.shape) * 1e-9).astype(x.dtype)) if x.dtype.kind in "fc" else x.copy()
    if y.size:
        y.flat[rng.integers(0, y.size)] += 1
    return y.astype(x.dtype)


def test_isclose():
    bad = []
    for x, a in cases(nan=True):
        y = _perturbed(x, x.size)
        other = maps_2d()[1] if x.ndim == 2 else a.map
        b = pg.from_numpy(y, other)
        for kw in ({}, {"equal_nan": True}, {"rtol": 0.5, "atol": 2}):
            got = np.isclose(a, b, **kw)
            if got.map != a.map or not close(got, np.isclose(x, y, **kw)):
                bad.append((x.shape, x.dtype, kw, a.map))
        if not close(np.isclose(a, y), np.isclose(x, y)):  # a NumPy operand
            bad.append(("numpy", x.shape, x.dtype))
        if not close(np.isclose(a, 1), np.isclose(x, 1)):  # a scalar
            bad.append(("scalar", x.shape, x.dtype))
    assert all_ranks_agree(not bad), bad[:5]


def test_isclose_broadcasts_and_rejects_what_numpy_rejects():
    x = values((6, 4), np.float64, 1)
    row = values((4,), np.float64, 2)
    a = pg.from_numpy(x, pg.dmap([P, 1]))
    r = pg.from_numpy(row, pg.dmap([P], "c"))
    assert close(np.isclose(a, r), np.isclose(x, row))
    assert close(np.isclose(r, a), np.isclose(row, x))
    assert raises_everywhere(ValueError, "broadcast",
                             lambda: np.isclose(a, pg.zeros(5, map=pg.dmap([P]))))


def test_allclose():
    bad = []
    for x, a in cases(nan=True):
        for y in (x.copy(), _perturbed(x, 7)):
            b = pg.from_numpy(y, maps_1d()[1]) if x.ndim == 1 else y
            for kw in ({}, {"equal_nan": True}):
                got = np.allclose(a, b, **kw)
                if type(got) is not bool or got != np.allclose(x, y, **kw):
                    bad.append((x.shape, x.dtype, kw))
    assert all_ranks_agree(not bad), bad[:5]


def test_array_equal():
    bad = []
    for x, a in cases(nan=True):
        same = pg.from_numpy(x, maps_2d()[2]) if x.ndim == 2 else a.copy()
        changed = _perturbed(x, 3)
        for other, y in ((a, x), (same, x), (changed, changed), (x, x)):
            for kw in ({}, {"equal_nan": True}):
                got = np.array_equal(a, other, **kw)
                if type(got) is not bool or got != np.array_equal(x, y, **kw):
                    bad.append((x.shape, x.dtype, kw))
        if np.array_equal(a, x[..., :0] if x.ndim else x) != np.array_equal(x, x[..., :0]):
            bad.append(("shape", x.shape))
    assert all_ranks_agree(not bad), bad[:5]


def test_array_equiv():
    x = values((5, 3), np.int64, 4)
    a = pg.from_numpy(x, pg.dmap([P, 1], ("bc", 2)))
    row = pg.from_numpy(x[2], pg.dmap([P]))
    assert all_ranks_agree(np.array_equiv(a, pg.from_numpy(x, pg.dmap([1, P], "c"))) is True)
    assert all_ranks_agree(np.array_equiv(a, row) == np.array_equiv(x, x[2]))
    tiled = np.tile(x[2], (5, 1))
    t = pg.from_numpy(tiled, pg.dmap([P, 1]))
    assert all_ranks_agree(np.array_equiv(t, row) is True and np.array_equiv(tiled, x[2]))
    assert all_ranks_agree(np.array_equiv(a, np.zeros(4)) is False)
    assert all_ranks_agree(np.array_equiv(a, x[:, :1] + 0) == np.array_equiv(x, x[:, :1]))
    for dt in DTYPES:
        y = values((7,), dt, 5)
        b = pg.from_numpy(y, pg.dmap([P], "c"))
        assert all_ranks_agree(np.array_equiv(b, y) is True)
