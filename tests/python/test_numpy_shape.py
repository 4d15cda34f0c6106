"""NumPy's shape functions on darrays against NumPy: reshape/ravel (C order between any maps),
squeeze/expand_dims/atleast_nd, transpose with axes/swapaxes/moveaxis/rollaxis (no data moves:
the map follows), concatenate/stack/vstack/hstack/column_stack, flip/roll, broadcast_to,
split/array_split. Every dtype, 1-D to 4-D, every kind of map, uneven and empty parts. Every
rank asserts."""
import numpy as np

import pgas as pg
from conftest import all_ranks_agree, raises_everywhere
from numpy_cases import DTYPES, P, cases, close, maps_1d, maps_2d, maps_nd, values


def _same_error(f_numpy, f_pgas):
    try:
        f_numpy()
        return True
    except Exception as e:  # noqa: BLE001
        return raises_everywhere(type(e), "", f_pgas)


def _targets(shape):
    n = int(np.prod(shape))
    out = [(n,), (1, n), (n, 1), (-1,)]
    if n % 2 == 0:
        out += [(2, -1), (2, n // 2, 1)]
    if n % 6 == 0:
        out += [(3, 2, -1), (1, 2, 3, -1)]
    return out


def test_reshape_ravel():
    bad = []
    for x, a in cases():
        for target in _targets(x.shape):
            want = x.reshape(target)
            for got in (np.reshape(a, target), a.reshape(target), a.reshape(*target)):
                if not close(got, want):
                    bad.append((x.shape, x.dtype, target, a.map))
            if len(target) == x.ndim and np.reshape(a, target).map != a.map:
                bad.append(("map kept", x.shape, target))
            for m in maps_nd(len(want.shape))[:2]:
                if not close(a.reshape(target, map=m), want):
                    bad.append(("map=", x.shape, target, m))
        for got in (np.ravel(a), a.ravel(), a.flatten()):
            if not close(got, x.ravel()):
                bad.append(("ravel", x.shape, x.dtype, a.map))
        for target in ((x.size + 1,), (-1, -1), (-2,)):
            if not _same_error(lambda: x.reshape(target), lambda: np.reshape(a, target)):
                bad.append(("error", x.shape, target))
    assert all_ranks_agree(not bad), bad[:5]


def test_squeeze_expand_dims():
    bad = []
    for x, a in cases():
        for axis in [0, -1, (0, -1)] if x.ndim > 1 else [0, -1]:
            got, want = np.expand_dims(a, axis), np.expand_dims(x, axis)
            if not close(got, want):
                bad.append(("expand", x.shape, axis))
            if not close(np.squeeze(got, axis), x):
                bad.append(("squeeze axis", x.shape, axis))
        y = x.reshape((1,) + x.shape + (1,))
        b = pg.from_numpy(y, maps_nd(y.ndim)[0]) if y.ndim <= 4 else None
        if b is not None and not close(np.squeeze(b), np.squeeze(y)):
            bad.append(("squeeze", y.shape))
        for f in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
            if not close(f(a), f(x)):
                bad.append((f.__name__, x.shape))
        if not _same_error(lambda: np.squeeze(x, 0) if x.shape[0] != 1 else None,
                           lambda: np.squeeze(a, 0) if x.shape[0] != 1 else None):
            bad.append(("squeeze error", x.shape))
    assert all_ranks_agree(not bad), bad[:5]


def test_transpose_swapaxes_moveaxis():
    bad = []
    for x, a in cases():
        nd = x.ndim
        perms = [tuple(range(nd))[::-1], tuple(np.roll(range(nd), 1))]
        for axes in perms:
            for got in (np.transpose(a, axes), np.permute_dims(a, axes)):
                if not close(got, np.transpose(x, axes)):
                    bad.append(("transpose", x.shape, axes, a.map))
        if nd >= 2:
            pairs = [(np.swapaxes(a, 0, -1), np.swapaxes(x, 0, -1)),
                     (np.moveaxis(a, 0, -1), np.moveaxis(x, 0, -1)),
                     (np.moveaxis(a, [0, 1], [-1, 0]), np.moveaxis(x, [0, 1], [-1, 0])),
                     (np.rollaxis(a, -1), np.rollaxis(x, -1)),
                     (np.matrix_transpose(a), np.matrix_transpose(x))]
            for got, want in pairs:
                if not close(got, want):
                    bad.append(("axes", x.shape, a.map))
        for axes in [(0,) * nd, tuple(range(nd + 1)), (nd,) + tuple(range(1, nd))]:
            if not _same_error(lambda: np.transpose(x, axes), lambda: np.transpose(a, axes)):
                bad.append(("error", x.shape, axes))
    assert all_ranks_agree(not bad), bad[:5]


def test_concatenate_stack():
    bad = []
    for dt in DTYPES:
        for ma in maps_2d():
            x, y = values((5, 3), dt, 1), values((2, 3), np.float64, 2)
            a, b = pg.from_numpy(x, ma), pg.from_numpy(y, maps_2d()[1])
            z = values((5, 4), dt, 3)
            c = pg.from_numpy(z, maps_2d()[2])
            pairs = [(np.concatenate([a, b]), np.concatenate([x, y])),
                     (np.concatenate([a, y, a], axis=0), np.concatenate([x, y, x])),
                     (np.concatenate((a, c), axis=1), np.concatenate((x, z), axis=1)),
                     (np.concatenate([a, b], axis=None), np.concatenate([x, y], axis=None)),
                     (np.concatenate([a, b], dtype=np.complex128),
                      np.concatenate([x, y], dtype=np.complex128)),
                     (np.stack([a, a, x]), np.stack([x, x, x])),
                     (np.stack([a, a], axis=-1), np.stack([x, x], axis=-1)),
                     (np.vstack([a, b]), np.vstack([x, y])), (np.hstack([a, c]), np.hstack([x, z])),
                     (np.column_stack([a, c]), np.column_stack([x, z]))]
            for got, want in pairs:
                if not close(got, want):
                    bad.append((dt, ma, want.shape))
            if np.concatenate([a, b]).map != a.map:
                bad.append(("map", ma))
        for mv in maps_1d():
            u, v = values((4,), dt, 4), values((0,), dt, 5)
            p, q = pg.from_numpy(u, mv), pg.from_numpy(v, mv)
            for got, want in ((np.concatenate([p, q, p]), np.concatenate([u, v, u])),
                              (np.vstack([p, p]), np.vstack([u, u])),
                              (np.hstack([p, u]), np.hstack([u, u])),
                              (np.column_stack([p, p]), np.column_stack([u, u])),
                              (np.stack([p, p], axis=1), np.stack([u, u], axis=1))):
                if not close(got, want):
                    bad.append(("1-d", dt, mv, want.shape))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros((3, 2), map=pg.dmap([P, 1]))
    x = np.zeros((3, 2))
    for f, g in ((lambda: np.concatenate([x, np.zeros((3, 3))]),
                  lambda: np.concatenate([a, np.zeros((3, 3))])),
                 (lambda: np.concatenate([x, np.zeros(3)]), lambda: np.concatenate([a, np.zeros(3)])),
                 (lambda: np.stack([x, np.zeros((2, 3))]), lambda: np.stack([a, np.zeros((2, 3))])),
                 (lambda: np.concatenate([x, x], axis=2), lambda: np.concatenate([a, a], axis=2))):
        assert _same_error(f, g)


def test_flip_roll():
    bad = []
    for x, a in cases():
        for axis in [None, 0, -1] + ([(0, 1)] if x.ndim > 1 else []):
            if not close(np.flip(a, axis), np.flip(x, axis)):
                bad.append(("flip", x.shape, axis, a.map))
            for shift in (1, -2, 7) if not isinstance(axis, tuple) else ((1, -1), 3):
                got = np.roll(a, shift, axis)
                if not close(got, np.roll(x, shift, axis)) or got.map != a.map:
                    bad.append(("roll", x.shape, axis, shift, a.map))
        if x.ndim >= 2 and not (close(np.fliplr(a), np.fliplr(x)) and
                                close(np.flipud(a), np.flipud(x))):
            bad.append(("lr/ud", x.shape))
    assert all_ranks_agree(not bad), bad[:5]


def test_broadcast_to_split():
    bad = []
    for x, a in cases(ndims=(1, 2)):
        target = (2,) + x.shape
        if not close(np.broadcast_to(a, target), np.broadcast_to(x, target)):
            bad.append(("broadcast_to", x.shape, a.map))
        n = x.shape[0]
        for sections in (1, 2, 3, [1, 3], [0, 5, 2]):
            try:
                want = np.array_split(x, sections)
            except ValueError:
                continue
            got = np.array_split(a, sections)
            if len(got) != len(want) or not all(close(g, w) for g, w in zip(got, want)):
                bad.append(("array_split", x.shape, sections))
            if not _same_error(lambda: np.split(x, sections), lambda: np.split(a, sections)):
                bad.append(("split error", x.shape, sections))
        if x.ndim == 2 and n % 1 == 0:
            for f in (np.hsplit, np.vsplit):
                if not _same_error(lambda: f(x, 1), lambda: f(a, 1)) or \
                        not all(close(g, w) for g, w in zip(f(a, 1), f(x, 1))):
                    bad.append((f.__name__, x.shape))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros((3, 2), map=pg.dmap([P, 1]))
    assert raises_everywhere(ValueError, "broadcast", lambda: np.broadcast_to(a, (3, 3)))


def test_tile_repeat_pad():
    bad = []
    for x, a in cases(ndims=(1, 2, 3)):
        for reps in (2, (2, 1), (1, 3), (2, 1, 2)):
            if not close(np.tile(a, reps), np.tile(x, reps)):
                bad.append(("tile", x.shape, reps, a.map))
        for axis in [None] + list(range(x.ndim)):
            for r in (0, 1, 3):
                if not close(np.repeat(a, r, axis), np.repeat(x, r, axis)):
                    bad.append(("repeat", x.shape, axis, r, a.map))
            if axis is not None and x.shape[axis]:
                counts = np.arange(x.shape[axis]) % 3
                if not close(np.repeat(a, counts, axis), np.repeat(x, counts, axis)):
                    bad.append(("repeat counts", x.shape, axis))
        for width, kw in ((1, {}), (((1, 2),) * x.ndim, {"constant_values": 7}),
                          ((0, 3), {"constant_values": ((1, 2),) * x.ndim})):
            got, want = np.pad(a, width, **kw), np.pad(x, width, **kw)
            if not close(got, want) or got.map != a.map:
                bad.append(("pad", x.shape, width, kw, a.map))
    assert all_ranks_agree(not bad), bad[:5]
    a = pg.zeros(3, map=pg.dmap([P]))
    assert raises_everywhere(NotImplementedError, "numpy.pad.*edge", lambda: np.pad(a, 1, "edge"))
