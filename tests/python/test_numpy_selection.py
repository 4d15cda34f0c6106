"""Selection on darrays against NumPy: A[mask] (a 1-D darray in C order) and A[mask] = v,
A[idx] / A[:, idx] both ways, nonzero/flatnonzero/argwhere/count_nonzero/where(c)/extract,
take/put, place/putmask/copyto, select/choose. Every dtype, 1-D to 4-D, every kind of map
(the mask on another map than the array too), uneven and empty parts. Every rank asserts."""
import numpy as np

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import P, cases, close, maps_1d, maps_nd, values


def _same_error(f_numpy, f_pgas):
    try:
        f_numpy()
        return True
    except Exception as e:  # noqa: BLE001
        return raises_everywhere(type(e), "", f_pgas)


def _other_map(x, a):
    ms = maps_nd(x.ndim)
    return ms[(ms.index(a.map) + 1) % len(ms)] if a.map in ms else ms[0]


def test_mask_indexing():
    bad = []
    for x, a in cases():
        mask = values(x.shape, np.bool_, x.size + 3)
        for key in (pg.from_numpy(mask, a.map), pg.from_numpy(mask, _other_map(x, a)), mask):
            got = a[key]
            if got.ndim != 1 or not close(got, x[mask]):
                bad.append(("get", x.shape, x.dtype, a.map))
        if not close(a[a > 0] if x.dtype.kind not in "bc" else a[a != 0],
                     x[x > 0] if x.dtype.kind not in "bc" else x[x != 0]):
            bad.append(("a > 0", x.shape, x.dtype))
        b, y = a.copy(), x.copy()
        b[pg.from_numpy(mask, _other_map(x, a))] = 1
        y[mask] = 1
        if not close(b, y):
            bad.append(("set scalar", x.shape, x.dtype, a.map))
        k = int(mask.sum())
        v = values((k,), x.dtype, 5)
        for val in (v, pg.from_numpy(v, maps_1d()[1])):
            b, y = a.copy(), x.copy()
            b[pg.from_numpy(mask, a.map)] = val
            y[mask] = v
            if not close(b, y):
                bad.append(("set values", x.shape, x.dtype, a.map))
        if not _same_error(lambda: x.__setitem__(mask, np.zeros(k + 1, x.dtype)),
                           lambda: a.__setitem__(pg.from_numpy(mask, a.map),
                                                 np.zeros(k + 1, x.dtype))):
            bad.append(("set error", x.shape))
    assert all_ranks_agree(not bad), bad[:5]


def test_fancy_indexing():
    bad = []
    for x, a in cases():
        for axis in range(x.ndim):
            n = x.shape[axis]
            head = (slice(None),) * axis
            for idx in ([0, n - 1, 0] if n else [], np.array([[n - 1, 0], [0, 0]]) if n else [],
                        [-1] if n else [], np.arange(n)[::-1]):
                idx = np.asarray(idx, dtype=np.int64)
                got, want = a[head + (idx,)], x[head + (idx,)]
                if not close(got, want):
                    bad.append(("get", x.shape, axis, idx.tolist(), a.map))
                if idx.ndim == 1:
                    d = pg.from_numpy(idx, maps_1d()[2])
                    if not close(a[head + (d,)], want):
                        bad.append(("darray idx", x.shape, axis, a.map))
                b, y = a.copy(), x.copy()
                vals = values(want.shape, x.dtype, 3)
                b[head + (idx,)] = vals
                y[head + (idx,)] = vals
                if len(set(idx.ravel().tolist())) == idx.size and not close(b, y):
                    bad.append(("set", x.shape, axis, a.map))
            if n:
                if not _same_error(lambda: x[head + ([n],)], lambda: a[head + ([n],)]):
                    bad.append(("error", x.shape, axis))
                bmask = np.arange(n) % 2 == 0
                if not close(a[head + (bmask,)], x[head + (bmask,)]):
                    bad.append(("bool axis", x.shape, axis))
    assert all_ranks_agree(not bad), bad[:5]


def test_nonzero_family():
    bad = []
    for x, a in cases():
        for got, want in ((np.flatnonzero(a), np.flatnonzero(x)),
                          (np.argwhere(a), np.argwhere(x)),
                          (np.count_nonzero(a), np.count_nonzero(x))):
            if not close(got, want.astype(np.int64) if isinstance(want, np.ndarray) else want):
                bad.append((x.shape, x.dtype, a.map, np.shape(want)))
        for got, want in zip(np.nonzero(a), np.nonzero(x)):
            if not close(got, want.astype(np.int64)):
                bad.append(("nonzero", x.shape, x.dtype))
        for got, want in zip(np.where(a), np.where(x)):
            if not close(got, want.astype(np.int64)):
                bad.append(("where", x.shape, x.dtype))
        for axis in range(x.ndim):
            if not close(np.count_nonzero(a, axis=axis),
                         np.count_nonzero(x, axis=axis).astype(np.int64)):
                bad.append(("count axis", x.shape, axis))
        cond = values(x.shape, np.bool_, 4)
        if not close(np.extract(pg.from_numpy(cond, _other_map(x, a)), a), np.extract(cond, x)):
            bad.append(("extract", x.shape, x.dtype))
    assert all_ranks_agree(not bad), bad[:5]


def test_take_put():
    bad = []
    for x, a in cases():
        if not x.size:
            continue
        idx = np.array([0, x.size - 1, 1 % x.size, 0])
        for got, want in ((np.take(a, idx), np.take(x, idx)),
                          (np.take(a, idx.reshape(2, 2)), np.take(x, idx.reshape(2, 2))),
                          (np.take(a, pg.from_numpy(idx, maps_1d()[1])), np.take(x, idx)),
                          (np.take(a, [x.size + 2, -1], mode="wrap"),
                           np.take(x, [x.size + 2, -1], mode="wrap")),
                          (np.take(a, [x.size + 2, -7], mode="clip"),
                           np.take(x, [x.size + 2, -7], mode="clip")),
                          (np.take(a, [0, -1], axis=-1), np.take(x, [0, -1], axis=-1))):
            if not close(got, want):
                bad.append(("take", x.shape, x.dtype, a.map))
        if not close(np.take(a, 0, axis=0), np.take(x, 0, axis=0)) and x.ndim > 1:
            bad.append(("take scalar", x.shape))
        b, y = a.copy(), x.copy()
        v = values((3,), x.dtype, 8)
        np.put(b, [0, -1, x.size // 2, 0], v)
        np.put(y, [0, -1, x.size // 2, 0], v)
        if not close(b, y):
            bad.append(("put", x.shape, x.dtype, a.map))
        if not _same_error(lambda: np.take(x, [x.size]), lambda: np.take(a, [x.size])) or \
                not _same_error(lambda: np.put(y, [x.size], 1), lambda: np.put(b, [x.size], 1)):
            bad.append(("errors", x.shape))
    assert all_ranks_agree(not bad), bad[:5]


def test_place_putmask_copyto():
    bad = []
    for x, a in cases(dtypes=[np.float64, np.int32, np.complex64, np.bool_]):
        mask = values(x.shape, np.bool_, 6)
        vals = values((3,), x.dtype, 7)
        b, y = a.copy(), x.copy()
        np.place(b, pg.from_numpy(mask, _other_map(x, a)), vals)
        np.place(y, mask, vals)
        if not close(b, y):
            bad.append(("place", x.shape, x.dtype, a.map))
        b, y = a.copy(), x.copy()
        np.putmask(b, mask, vals)
        np.putmask(y, mask, vals)
        if not close(b, y):
            bad.append(("putmask", x.shape, x.dtype, a.map))
        src = values(x.shape, x.dtype, 9)
        b, y = a.copy(), x.copy()
        np.copyto(b, pg.from_numpy(src, _other_map(x, a)), where=pg.from_numpy(mask, a.map))
        np.copyto(y, src, where=mask)
        if not close(b, y):
            bad.append(("copyto where", x.shape, x.dtype))
        b, y = a.copy(), x.copy()
        np.copyto(b, src)
        np.copyto(y, src)
        if not close(b, y):
            bad.append(("copyto", x.shape, x.dtype))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros(4, map=pg.dmap([P]), dtype=np.int64)
    assert _same_error(lambda: np.copyto(np.zeros(4, np.int64), np.ones(4)),
                       lambda: np.copyto(a, np.ones(4)))


def test_select_choose():
    bad = []
    for x, a in cases(ndims=(1, 2, 3), dtypes=[np.float64, np.int64, np.complex128]):
        c1, c2 = values(x.shape, np.bool_, 1), values(x.shape, np.bool_, 2)
        d1 = pg.from_numpy(c1, _other_map(x, a))
        got = np.select([d1, c2], [a, 2 * a], default=-1)
        if not close(got, np.select([c1, c2], [x, 2 * x], default=-1)):
            bad.append(("select", x.shape, x.dtype, a.map))
        which = np.asarray(values(x.shape, np.int64, 3) % 2 == 0, dtype=np.int64)
        w = pg.from_numpy(which, a.map)
        if not close(np.choose(w, [a, 0]), np.choose(which, [x, 0])):
            bad.append(("choose", x.shape, x.dtype, a.map))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros(4, map=pg.dmap([P]))
    assert raises_everywhere(ValueError, "same length", lambda: np.select([a > 0], [a, a]))
