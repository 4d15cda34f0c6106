"""NumPy's math on darrays against NumPy: round, real/imag/angle, clip, 3-argument where, the
nan-reductions, ptp, average, cumsum/cumprod, diff, trace, tril/triu, dot/vdot/inner/outer.
Every dtype, 1-D to 4-D, every kind of map, uneven and empty parts, NaN. Every rank asserts."""
import warnings

import numpy as np
import pytest

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import P, REAL, cases, close, maps_1d, maps_2d, values


def _same_error(f_numpy, f_pgas):
    """Both raise the same exception type, or neither does (then True)."""
    try:
        f_numpy()
        want = None
    except Exception as e:  # noqa: BLE001  (the type is what is compared)
        want = type(e)
    if want is None:
        return True
    return raises_everywhere(want, "", f_pgas)


def test_round():
    bad = []
    for x, a in cases():
        for d in (0, 1, -1):
            if x.dtype == np.bool_:
                continue
            for f in (np.round, np.around):
                got = f(a, d)
                if got.map != a.map or not close(got, f(x, d)):
                    bad.append((x.shape, x.dtype, d, a.map))
    assert all_ranks_agree(not bad), bad[:5]


def test_real_imag_angle():
    bad = []
    for x, a in cases():
        for f in (np.real, np.imag, np.angle, lambda v: np.angle(v, deg=True)):
            if f(x).dtype == np.float16:  # angle of uint8: a dtype pgas does not hold
                if not raises_everywhere(TypeError, "got float16.*astype", lambda: f(a)):
                    bad.append(("float16", x.shape, a.map))
                continue
            got = f(a)
            if got.map != a.map or not close(got, f(x)):
                bad.append((x.shape, x.dtype, a.map))
    assert all_ranks_agree(not bad), bad[:5]


def test_clip():
    bad = []
    for x, a in cases(dtypes=REAL):
        lo = values(x.shape[-1:], x.dtype, 3) if x.ndim else 0
        for args in ((-1, 2), (None, 1), (0, None), (lo, 5), (pg.from_numpy(lo, maps_1d()[1])
                                                                if x.ndim else 0, None)):
            npargs = tuple(pg.agg_all(b) if isinstance(b, pg.darray) else b for b in args)
            if x.dtype == np.bool_ and any(b is not None and np.ndim(b) == 0 for b in args):
                npargs = tuple(b if b is None or np.ndim(b) else bool(b) for b in npargs)
                args = npargs
            got = np.clip(a, *args)
            if got.map != a.map or not close(got, np.clip(x, *npargs)):
                bad.append((x.shape, x.dtype, npargs, a.map))
        if not close(np.clip(a, min=0, max=1), np.clip(x, min=0, max=1)):
            bad.append(("min=max=", x.shape, x.dtype))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.ones((3, 3), map=pg.dmap([P, 1]))
    assert _same_error(lambda: np.clip(np.ones(3), 0, 1, a_min=2),
                       lambda: np.clip(a, 0, 1, a_min=2))


def test_where():
    bad = []
    for x, a in cases():
        cond = values(x.shape, np.bool_, 11)
        c = pg.from_numpy(cond, a.map)
        other = values(x.shape, x.dtype, 12)
        o = pg.from_numpy(other, maps_2d()[1]) if x.ndim == 2 else other
        for args, npargs in (((c, a, o), (cond, x, other)), ((a > 0, a, -1), (x > 0, x, -1)),
                             ((cond, 0.5, a), (cond, 0.5, x)), ((c, a, 2), (cond, x, 2))):
            got = np.where(*args)
            if not close(got, np.where(*npargs)):
                bad.append((x.shape, x.dtype, a.map))
    assert all_ranks_agree(not bad), bad[:5]
    x = values((4, 5), np.float64, 1)
    a = pg.from_numpy(x, pg.dmap([P, 1]))
    row = pg.from_numpy(x[0], pg.dmap([P], "c"))
    assert close(np.where(a > 0, row, a), np.where(x > 0, x[0], x))
    assert raises_everywhere(ValueError, "both or neither", lambda: np.where(a > 0, a))
    got, want = np.where(a > 0), np.where(x > 0)
    assert len(got) == 2 and all(close(g, w) for g, w in zip(got, want))


NAN_FUNCS = [np.nansum, np.nanprod, np.nanmin, np.nanmax, np.nanargmin, np.nanargmax,
             np.nanmean, np.nanvar, np.nanstd]


@pytest.mark.parametrize("f", NAN_FUNCS, ids=lambda f: f.__name__)
def test_nan_reductions(f):
    bad = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for x, a in cases(ndims=(1, 2, 3), nan=True):
            if x.dtype.kind == "c" and f in (np.nanmin, np.nanmax, np.nanargmin, np.nanargmax):
                continue
            for axis in [None] + list(range(x.ndim)):
                try:
                    want = f(x, axis=axis)
                except ValueError as e:  # empty or all-NaN: pgas raises it too
                    if not raises_everywhere(ValueError, "", lambda: f(a, axis=axis)):
                        bad.append((f.__name__, x.shape, x.dtype, axis, "no error", e))
                    continue
                got = f(a, axis=axis)
                if not close(got, want):
                    bad.append((f.__name__, x.shape, x.dtype, axis, a.map))
        x = values((4, 3), np.float64, 2)
        x[:, 1] = np.nan
        a = pg.from_numpy(x, pg.dmap([1, P], "c"))
        if f in (np.nanargmin, np.nanargmax):
            ok = raises_everywhere(ValueError, "All-NaN", lambda: f(a, axis=0))
        else:
            ok = close(f(a, axis=0), f(x, axis=0)) and close(f(a, axis=1, keepdims=True),
                                                             f(x, axis=1, keepdims=True))
        if not ok:
            bad.append(("all-NaN column", f.__name__))
    assert all_ranks_agree(not bad), bad[:5]


def test_nan_reductions_warn_like_numpy():
    x = np.full((3, 2), np.nan)
    a = pg.from_numpy(x, pg.dmap([P, 1]))
    for f in (np.nanmin, np.nanmax, np.nanmean):
        with pytest.warns(RuntimeWarning):
            f(a)
    with pytest.warns(RuntimeWarning):
        np.nanvar(a, ddof=7)


def test_ptp():
    bad = []
    for x, a in cases(ndims=(1, 2, 3), dtypes=[np.float64, np.float32, np.int64, np.int32]):
        for axis in [None] + list(range(x.ndim)):
            if not _same_error(lambda: np.ptp(x, axis=axis), lambda: np.ptp(a, axis=axis)):
                bad.append(("error", x.shape, axis))
                continue
            try:
                want = np.ptp(x, axis=axis)
            except ValueError:
                continue
            if not close(np.ptp(a, axis=axis), want):
                bad.append((x.shape, x.dtype, axis, a.map))
    assert all_ranks_agree(not bad), bad[:5]
    b = pg.zeros(3, map=pg.dmap([P]), dtype=bool)
    assert raises_everywhere(TypeError, "", lambda: np.ptp(b))


def test_average():
    bad = []
    for x, a in cases(ndims=(1, 2, 3), dtypes=[np.float64, np.float32, np.int64, np.complex128]):
        if not x.size:
            continue
        w_full = np.abs(values(x.shape, np.float64, 5)) + 0.5
        for axis in [None] + list(range(x.ndim)):
            for returned in (False, True):
                got = np.average(a, axis=axis, returned=returned)
                want = np.average(x, axis=axis, returned=returned)
                pairs = zip(got, want) if returned else [(got, want)]
                if not all(close(g, w) for g, w in pairs):
                    bad.append(("plain", x.shape, x.dtype, axis, returned))
            for w in (w_full, pg.from_numpy(w_full, a.map)):
                got = np.average(a, axis=axis, weights=w)
                if not close(got, np.average(x, axis=axis, weights=w_full)):
                    bad.append(("weights", x.shape, x.dtype, axis))
            if axis is not None:
                w1 = np.arange(1.0, x.shape[axis] + 1)
                for w in (w1, pg.from_numpy(w1, maps_1d()[2])):
                    got = np.average(a, axis=axis, weights=w, returned=True)
                    want = np.average(x, axis=axis, weights=w1, returned=True)
                    if not (close(got[0], want[0]) and close(got[1], want[1])):
                        bad.append(("1-d weights", x.shape, x.dtype, axis))
    assert all_ranks_agree(not bad), bad[:5]
    x = values((4, 3), np.float64, 1)
    a = pg.from_numpy(x, pg.dmap([P, 1]))
    for w in (np.ones(3), np.ones((2, 2)), np.ones(4), np.zeros((4, 3))):
        for axis in (None, 0, 1):
            assert _same_error(lambda: np.average(x, axis=axis, weights=w),
                               lambda: np.average(a, axis=axis, weights=w))


def test_cumsum_cumprod():
    bad = []
    for x, a in cases():
        for f in (np.cumsum, np.cumprod):
            for axis in list(range(x.ndim)) + [None]:
                for dt in (None, np.float64):
                    if x.dtype.kind == "c" and dt is not None:
                        continue
                    got = f(a, axis=axis, dtype=dt)
                    if (got.map != a.map and (axis is not None or x.ndim == 1)) or \
                            not close(got, f(x, axis=axis, dtype=dt)):
                        bad.append((f.__name__, x.shape, x.dtype, axis, dt, a.map))
    assert all_ranks_agree(not bad), bad[:5]


def test_diff():
    bad = []
    for x, a in cases():
        for axis in range(-x.ndim, x.ndim):
            for n in (0, 1, 2):
                if not _same_error(lambda: np.diff(x, n, axis), lambda: np.diff(a, n, axis)):
                    bad.append(("error", x.shape, n, axis))
                    continue
                try:
                    want = np.diff(x, n, axis)
                except (ValueError, TypeError):
                    continue
                if not close(np.diff(a, n, axis), want):
                    bad.append((x.shape, x.dtype, n, axis, a.map))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.ones(4, map=pg.dmap([P]))
    assert raises_everywhere(ValueError, "non-negative", lambda: np.diff(a, -1))


def test_trace():
    bad = []
    for x, a in cases(ndims=(2,)):
        for offset in (0, 1, -1, 5):
            for dt in (None, np.float64):
                if x.dtype.kind == "c" and dt is not None:
                    continue
                want = np.trace(x, offset, dtype=dt)
                got = np.trace(a, offset, dtype=dt)
                if np.asarray(got).dtype != want.dtype or not close(got, want):
                    bad.append((x.shape, x.dtype, offset, a.map))
        if not close(np.trace(a, 1, axis1=1, axis2=0), np.trace(x, 1, axis1=1, axis2=0)):
            bad.append(("axes", x.shape))
    assert all_ranks_agree(not bad), bad[:5]


def test_tril_triu():
    bad = []
    for x, a in cases(ndims=(2, 3, 4)):
        for f in (np.tril, np.triu):
            for k in (0, 1, -2):
                got = f(a, k)
                if got.map != a.map or not close(got, f(x, k)):
                    bad.append((f.__name__, x.shape, x.dtype, k, a.map))
    assert all_ranks_agree(not bad), bad[:5]


def test_dot_vdot_inner_outer():
    bad = []
    for dt in (np.float64, np.float32, np.complex128, np.int64):
        for mv in maps_1d():
            u, v = values((6,), dt, 1), values((6,), dt, 2)
            a, b = pg.from_numpy(u, mv), pg.from_numpy(v, maps_1d()[1])
            for f in (np.dot, np.vdot, np.inner):
                if not close(f(a, b), f(u, v)) or not close(f(a, v), f(u, v)):
                    bad.append((f.__name__, dt, mv))
            for p, q in ((a, b), (a, v), (u, b)):
                got = np.outer(p, q)
                if not close(got, np.outer(u, v)):
                    bad.append(("outer", dt, mv))
            if not close(np.dot(a, 3), np.dot(u, 3)):
                bad.append(("scalar", dt))
        for m in maps_2d()[:4]:
            x, y = values((5, 4), dt, 3), values((4, 3), dt, 4)
            A, B = pg.from_numpy(x, m), pg.from_numpy(y, maps_2d()[0])
            z = values((4,), dt, 5)
            Z = pg.from_numpy(z, maps_1d()[0])
            for got, want in ((np.dot(A, B), np.dot(x, y)), (np.dot(A, Z), np.dot(x, z)),
                              (np.dot(Z, B), np.dot(z, y)), (np.inner(A, A), np.inner(x, x)),
                              (np.vdot(A, A), np.vdot(x, x))):
                if not close(got, want):
                    bad.append(("2-d", dt, m, np.shape(want)))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.ones(3, map=pg.dmap([P]))
    assert raises_everywhere(ValueError, "not aligned", lambda: np.dot(a, pg.ones(4, map=pg.dmap([P]))))


def test_ediff1d_trapezoid_isin():
    bad = []
    for x, a in cases(ndims=(1, 2, 3), dtypes=[np.float64, np.int64, np.complex128]):
        for kw in ({}, {"to_begin": [5]}, {"to_end": [1, 2], "to_begin": 0}):
            if not close(np.ediff1d(a, **kw), np.ediff1d(x, **kw)):
                bad.append(("ediff1d", x.shape, x.dtype, kw, a.map))
        for axis in range(-x.ndim, x.ndim):
            n = x.shape[axis]
            xs = np.linspace(0, 1, n) ** 2
            for kw in ({}, {"dx": 0.5}, {"x": xs}, {"x": pg.from_numpy(xs, maps_1d()[1])}):
                npkw = {k: (xs if k == "x" else v) for k, v in kw.items()}
                if not close(np.trapezoid(a, axis=axis, **kw), np.trapezoid(x, axis=axis, **npkw)):
                    bad.append(("trapezoid", x.shape, x.dtype, axis, tuple(kw)))
        tests = [0, 1, 2.5, -0.5]
        for invert in (False, True):
            if not close(np.isin(a, tests, invert=invert), np.isin(x, tests, invert=invert)):
                bad.append(("isin", x.shape, x.dtype))
    assert all_ranks_agree(not bad), bad[:5]
