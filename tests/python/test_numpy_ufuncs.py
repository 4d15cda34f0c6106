"""Every NumPy ufunc reaches darray.__array_ufunc__ and matches NumPy, for every pgas dtype the
ufunc accepts (docs/numpy-coverage.md lists them as "yes (ufunc)"); a ufunc whose result
dtype pgas cannot hold raises TypeError. Every rank asserts."""
import warnings

import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import DTYPES, P, close

UFUNCS = sorted({getattr(np, n) for n in dir(np) if isinstance(getattr(np, n), np.ufunc)},
                key=lambda u: u.__name__)
HELD = {np.dtype(d) for d in DTYPES}


def _inputs(dtype, nin, shape):
    """Values inside every ufunc's domain: (0.1, 0.9) for inexact types, 1..4 for integers."""
    rng = np.random.default_rng(nin)
    out = []
    for i in range(nin):
        if np.dtype(dtype).kind in "fc":
            v = 0.1 + 0.8 * rng.random(shape)
            if np.dtype(dtype).kind == "c":
                v = v + 0.3j * rng.random(shape)
        elif np.dtype(dtype).kind == "b":
            v = rng.random(shape) > 0.5
        else:
            v = rng.integers(1, 5, shape)
        out.append(v.astype(dtype))
    return out


@pytest.mark.parametrize("ufunc", [u for u in UFUNCS if u.signature is None],
                         ids=lambda u: u.__name__)
def test_every_ufunc_matches_numpy(ufunc):
    bad, tried = [], 0
    maps = [pg.dmap([P, 1]), pg.dmap([1, P], ("bc", 2)), pg.dmap([P, 1], overlap=[1, 0])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for dt in DTYPES:
            xs = _inputs(dt, ufunc.nin, (5, 3))
            try:
                want = ufunc(*xs)
            except TypeError:
                continue  # NumPy has no loop for this dtype
            wants = want if isinstance(want, tuple) else (want,)
            for m in maps:
                ds = [pg.from_numpy(x, m) for x in xs]
                if any(w.dtype not in HELD for w in wants):
                    if not raises_everywhere(TypeError, "pgas arrays hold", lambda: ufunc(*ds)):
                        bad.append((dt, "no TypeError for an unheld result dtype"))
                    continue
                tried += 1
                got = ufunc(*ds)
                gots = got if isinstance(got, tuple) else (got,)
                if len(gots) != len(wants) or not all(close(g, w) for g, w in zip(gots, wants)):
                    bad.append((dt, m))
    assert all_ranks_agree(not bad), bad[:5]


def test_matmul_is_the_linalg_product():
    x = np.arange(12.0).reshape(4, 3)
    a = pg.from_numpy(x, pg.dmap([P, 1]))
    assert close(np.matmul(a, a.T), x @ x.T)


@pytest.mark.parametrize("gufunc", [u for u in UFUNCS if u.signature is not None and
                                    u is not np.matmul], ids=lambda u: u.__name__)
def test_other_generalized_ufuncs_raise_naming_themselves(gufunc):
    a = pg.ones((4, 3), map=pg.dmap([P, 1]))
    assert raises_everywhere(NotImplementedError, rf"numpy\.{gufunc.__name__} \(a generalized",
                             lambda: gufunc(*([a] * gufunc.nin)))
