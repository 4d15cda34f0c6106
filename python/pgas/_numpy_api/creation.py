"""NumPy's creation functions for darrays.

With a darray argument (``np.zeros_like(A)``, ``np.full_like(A, 7)``, ``np.diag(v)``,
``np.meshgrid(x, y)``) NumPy dispatches to us. NumPy's creation functions that take no array
(``np.linspace``, ``np.eye``, ``np.tri``, ``np.indices``...) never see a darray: their
distributed forms are ``pg.linspace(..., map=m)``, ``pg.eye(..., map=m)`` and so on, with
NumPy's signature plus ``map=`` and ``comm=``; without a map they return NumPy's own result,
so a program runs with and without maps. Every value is computed where it lives, from its
global index: no communication except where a darray argument has to move. All collective.
"""
from __future__ import annotations

import numbers
import operator
from typing import Any, Callable, List, Optional, Sequence

import numpy as np

from .. import _context
from ..darray import (_broadcast_local, _empty, _expand, _local_operand, darray, impl_class,
                      supported_dtype)
from ..maps import dmap
from . import implements, not_implemented, provides

__all__ = ["linspace", "logspace", "geomspace", "eye", "identity", "tri", "indices",
           "meshgrid"]

_TEST = "test_numpy_creation.py::test_{}"


# ---- *_like: the same map -----------------------------------------------------------------

def _like_shape(numpy_function: Any, a: darray, shape: Any):
    if shape is None:
        return a.shape
    s = (operator.index(shape),) if isinstance(shape, numbers.Integral) else \
        tuple(operator.index(n) for n in shape)
    if len(s) != a.ndim:
        raise not_implemented(numpy_function, f"shape={s} has {len(s)} dimensions and "
                              f"the darray's map {a.ndim}; give a shape of {a.ndim} dimensions")
    if any(n < 0 for n in s):
        raise ValueError("negative dimensions are not allowed")
    return s


def _like(numpy_function: Any, kind: str, a: Any, dtype: Any, order: str, shape: Any,
          device: Any, fill: Any = None) -> darray:
    if not isinstance(a, darray):
        raise not_implemented(numpy_function, "the prototype must be the darray")
    if order not in ("K", "A", "C"):
        raise not_implemented(numpy_function, f"order={order!r}: darrays are C order")
    if device not in (None, "cpu"):
        raise ValueError(f"Device not understood. Only \"cpu\" is allowed, but received: "
                         f"{device}")
    dt = supported_dtype(a.dtype if dtype is None else dtype)
    s = _like_shape(numpy_function, a, shape)
    cls, ctx = impl_class(dt), a._impl.context
    if kind == "full":
        if isinstance(fill, darray) or np.ndim(fill):
            raise not_implemented(numpy_function, "fill_value must be a scalar")
        return darray(cls.full(list(s), a.map._map, dt.type(fill), ctx), a.map)
    return darray(getattr(cls, kind)(list(s), a.map._map, ctx), a.map)


@implements(np.zeros_like, test=_TEST.format("like"))
def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.zeros_like: zeros on A's map (A's dtype unless ``dtype``). Collective."""
    return _like(np.zeros_like, "zeros", a, dtype, order, shape, device)


@implements(np.ones_like, test=_TEST.format("like"))
def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.ones_like: ones on A's map. Collective."""
    return _like(np.ones_like, "ones", a, dtype, order, shape, device)


@implements(np.empty_like, test=_TEST.format("like"))
def empty_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.empty_like: uninitialised on A's map. Collective."""
    return _like(np.empty_like, "empty", a, dtype, order, shape, device)


@implements(np.full_like, test=_TEST.format("like"))
def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.full_like: ``fill_value`` (a scalar) on A's map. Collective."""
    return _like(np.full_like, "full", a, dtype, order, shape, device, fill_value)


# ---- values from global indices ----------------------------------------------------------------

def _check_map(name: str, map: Any, ndim: int) -> None:
    if not isinstance(map, dmap):
        raise TypeError(f"{name}: map must be a pg.dmap (or None for a NumPy array), got {map!r}")
    if map.ndim != ndim:
        raise ValueError(f"{name}: the result has {ndim} dimension(s), the map {map.ndim}")


def _from_indices(name: str, shape: Sequence[int], map: dmap, dtype: Any, comm: Any,
                  values: Callable[..., np.ndarray]) -> darray:
    """A darray whose cell at global index (i, j, ...) is ``values(I, J, ...)`` evaluated on
    this rank's held indices (open-mesh int64 arrays, NumPy broadcasting). Collective."""
    _check_map(name, map, len(shape))
    dt = supported_dtype(dtype)
    out = darray(impl_class(dt).empty(list(shape), map._map, _context.context_for(comm)), map)
    if out.local.size:
        out.local[...] = values(*np.ix_(*out._held_indices()))
    return out


def _count(name: str, n: Any, what: str) -> int:
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"{name}: {what} must be non-negative, got {n}")
    return n


def _linspace_values(i: np.ndarray, start, stop, num: int, endpoint: bool, dt: np.dtype,
                     dtype: np.dtype, integer_dtype: bool) -> np.ndarray:
    """NumPy's linspace at indices ``i`` (its arithmetic step by step, so the values are
    NumPy's bit for bit)."""
    div = (num - 1) if endpoint else num
    delta = np.subtract(stop, start, dtype=type(dt))
    y = i.astype(dt)
    if div > 0:
        step = delta / div
        if step == 0:
            y /= div
            y *= delta
        else:
            y *= step
    else:
        y = y * delta
    y += start
    if endpoint and num > 1:
        y[i == num - 1] = stop
    if integer_dtype:
        np.floor(y, out=y)
    return y.astype(dtype, copy=False)


def _scalar_ends(name: str, *values: Any) -> None:
    for v in values:
        if isinstance(v, darray) or np.ndim(v):
            raise NotImplementedError(f"pgas.{name} with map=: start and stop must be scalars "
                                      f"(array-valued ends are not implemented)")


@provides("linspace", test=_TEST.format("linspace"))
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None, map=None, comm=None):
    """numpy.linspace; with ``map`` (1-D) a darray, each rank computing its cells. Collective
    with a map, else NumPy's result."""
    if map is None:
        return np.linspace(start, stop, num, endpoint, retstep, dtype, axis, device=device)
    _scalar_ends("linspace", start, stop)
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    if axis not in (0, -1):
        raise np.exceptions.AxisError(axis, 1)
    dt = np.result_type(start, stop, float(num))
    integer_dtype = dtype is not None and np.issubdtype(dtype, np.integer)
    dtype = dt if dtype is None else np.dtype(dtype)
    out = _from_indices("linspace", (num,), map, dtype, comm,
                        lambda i: _linspace_values(i, start, stop, num, endpoint, dt, dtype,
                                                   integer_dtype))
    if retstep:
        div = (num - 1) if endpoint else num
        step = np.subtract(stop, start, dtype=type(dt)) / div if div > 0 else np.nan
        return out, step
    return out


@provides("logspace", test=_TEST.format("logspace"))
def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, *, map=None,
             comm=None):
    """numpy.logspace: ``base ** linspace(start, stop, num)``; with ``map`` (1-D) a darray.
    Collective with a map, else NumPy's result."""
    if map is None:
        return np.logspace(start, stop, num, endpoint, base, dtype, axis)
    _scalar_ends("logspace", start, stop, base)
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis, map=map, comm=comm)
    want = np.power(base, np.empty(0, y.dtype)).dtype if dtype is None else np.dtype(dtype)
    out = _empty(y.shape, y.map, supported_dtype(want), y._impl.context)
    out.local[...] = np.power(base, y.local).astype(want, copy=False)
    return out


@provides("geomspace", test=_TEST.format("geomspace"))
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0, *, map=None, comm=None):
    """numpy.geomspace; with ``map`` (1-D) a darray (NumPy's steps, endpoints exact).
    Collective with a map, else NumPy's result."""
    if map is None:
        return np.geomspace(start, stop, num, endpoint, dtype, axis)
    _scalar_ends("geomspace", start, stop)
    start = np.asanyarray(start) * 1.0
    stop = np.asanyarray(stop) * 1.0
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    dt = np.result_type(start, stop, float(num), np.zeros((), dtype))
    dtype = dt if dtype is None else np.dtype(dtype)
    start = start.astype(dt, copy=True)
    stop = stop.astype(dt, copy=True)
    out_sign = np.sign(start)
    start /= out_sign
    stop = stop / out_sign
    result = logspace(np.log10(start)[()], np.log10(stop)[()], num=num, endpoint=endpoint,
                      base=10.0, dtype=dt, axis=axis, map=map, comm=comm)
    i = result.global_ind(0)
    local = result.local
    local[i == 0] = start
    if num > 1 and endpoint:
        local[i == num - 1] = stop
    local *= out_sign
    return result if result.dtype == dtype else result.astype(dtype)


@provides("eye", test=_TEST.format("eye_identity_tri"))
def eye(N, M=None, k=0, dtype=float, order="C", *, device=None, like=None, map=None,
        comm=None):
    """numpy.eye; with ``map`` (2-D) a darray. Collective with a map, else NumPy's result."""
    if map is None:
        return np.eye(N, M, k, dtype, order, device=device, like=like)
    if order != "C":
        raise NotImplementedError(f"pgas.eye: order={order!r}: darrays are C order")
    n = _count("eye", N, "N")
    m = n if M is None else _count("eye", M, "M")
    k = operator.index(k)
    return _from_indices("eye", (n, m), map, dtype, comm,
                         lambda i, j: (j - i == k).astype(dtype))


@provides("identity", test=_TEST.format("eye_identity_tri"))
def identity(n, dtype=None, *, like=None, map=None, comm=None):
    """numpy.identity; with ``map`` (2-D) a darray. Collective with a map, else NumPy's."""
    if map is None:
        return np.identity(n, dtype, like=like)
    return eye(n, dtype=float if dtype is None else dtype, map=map, comm=comm)


@provides("tri", test=_TEST.format("eye_identity_tri"))
def tri(N, M=None, k=0, dtype=float, *, like=None, map=None, comm=None):
    """numpy.tri (ones at and below diagonal ``k``); with ``map`` (2-D) a darray. Collective
    with a map, else NumPy's result."""
    if map is None:
        return np.tri(N, M, k, dtype, like=like)
    n = _count("tri", N, "N")
    m = n if M is None else _count("tri", M, "M")
    k = operator.index(k)
    return _from_indices("tri", (n, m), map, dtype, comm, lambda i, j: (j <= i + k).astype(dtype))


@provides("indices", test=_TEST.format("indices"))
def indices(dimensions, dtype=int, sparse=False, *, map=None, comm=None):
    """numpy.indices; with ``map`` (of ``len(dimensions)`` dimensions: the grid's layout) a
    darray of shape ``(len(dimensions), *dimensions)`` whose first axis is held whole by every
    rank of the map (``sparse=True``: a tuple of darrays of shape (1, .., n_i, .., 1) on the map).
    Collective with a map, else NumPy's result."""
    if map is None:
        return np.indices(dimensions, dtype, sparse)
    dims = tuple(_count("indices", n, "dimensions") for n in dimensions)
    _check_map("indices", map, len(dims))
    if sparse:
        out = []
        for d, n in enumerate(dims):
            shape = tuple(n if e == d else 1 for e in range(len(dims)))
            out.append(_from_indices("indices", shape, map, dtype, comm,
                                     lambda *ij, d=d: np.broadcast_to(ij[d], np.broadcast_shapes(
                                         *[x.shape for x in ij])).astype(dtype)))
        return tuple(out)
    full_map = dmap([1] + list(map.grid), ["b"] + list(map.dist), list(map.procs),
                    [0] + list(map.overlap))

    def values(d, *ij):  # d: the held rows of axis 0; ij: open-mesh indices, leading unit axis
        rest = np.broadcast_shapes(*[x.shape[1:] for x in ij])
        return np.stack([np.broadcast_to(x[0], rest) for x in ij])[d.ravel()].astype(dtype)

    return _from_indices("indices", (len(dims),) + dims, full_map, dtype, comm, values)


def _meshgrid_map(map: Optional[dmap], procs: Sequence[int], ndim: int) -> dmap:
    if map is not None:
        _check_map("meshgrid", map, ndim)
        return map
    return dmap([len(procs)] + [1] * (ndim - 1), procs=list(procs))


def _meshgrid(xi: Sequence[Any], copy: bool, sparse: bool, indexing: str, map: Optional[dmap],
              comm: Any) -> List[darray]:
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    ndim = len(xi)
    if any(isinstance(x, darray) and x.ndim != 1 for x in xi):
        raise not_implemented(np.meshgrid, "darray inputs must be 1-D")
    xs = [x if isinstance(x, darray) else np.asarray(x).reshape(-1) for x in xi]
    lengths = [x.shape[0] for x in xs]
    axes = list(range(ndim))
    if indexing == "xy" and ndim > 1:
        axes[0], axes[1] = 1, 0  # x varies along axis 1, y along axis 0
    shape = [0] * ndim
    for k, ax in enumerate(axes):
        shape[ax] = lengths[k]
    first = next((x for x in xs if isinstance(x, darray)), None)
    if first is not None:
        procs = first.map.procs
    else:
        procs = range((_context.default_comm() if comm is None else comm).Get_size())
    out = []
    for k, x in enumerate(xs):
        unit = [d for d in range(ndim) if d != axes[k]]
        if sparse:
            if isinstance(x, darray):
                out.append(_expand(x.copy(), unit))
            else:
                out.append(x.reshape([lengths[k] if d == axes[k] else 1 for d in range(ndim)]))
            continue
        m = _meshgrid_map(map, procs, ndim)
        ctx = first._impl.context if first is not None else _context.context_for(comm)
        dt = supported_dtype(x.dtype)
        target = _empty(shape, m, dt, ctx)
        operand = _expand(x, unit) if isinstance(x, darray) else \
            x.reshape([lengths[k] if d == axes[k] else 1 for d in range(ndim)])
        if isinstance(operand, darray):
            target.local[...] = _broadcast_local(operand, target)
        else:
            target.local[...] = _local_operand(operand, target)
        out.append(target)
    return out


@implements(np.meshgrid, test=_TEST.format("meshgrid"))
def _meshgrid_dispatched(*xi, copy=True, sparse=False, indexing="xy"):
    """numpy.meshgrid of 1-D darrays: a tuple of darrays on ``dmap([P, 1, ...])`` over the first
    darray's ranks (``sparse=True``: the inputs with unit axes, on their maps); each rank
    receives only the input cells its part repeats. Collective."""
    return tuple(_meshgrid(xi, copy, sparse, indexing, None, None))


@provides("meshgrid", test=_TEST.format("meshgrid"))
def meshgrid(*xi, copy=True, sparse=False, indexing="xy", map=None, comm=None):
    """numpy.meshgrid; with ``map`` (of ``len(xi)`` dimensions) a tuple of darrays on it.
    Collective with a map or darray inputs, else NumPy's result."""
    if map is None and not any(isinstance(x, darray) for x in xi):
        return np.meshgrid(*xi, copy=copy, sparse=sparse, indexing=indexing)
    return tuple(_meshgrid(xi, copy, sparse, indexing, map, comm))


# ---- diag --------------------------------------------------------------------------------------

def _row_map(m: dmap) -> dmap:
    """The 2-D map whose rows are laid out over all of m's ranks as m's first dimension is
    (block, cyclic or block-cyclic), columns held whole."""
    return dmap([m.num_procs, 1], [m.dist[0], "b"], list(m.procs))


@implements(np.diag, test=_TEST.format("diag"))
def diag(v, k=0):
    """numpy.diag. A 1-D darray v gives the 2-D darray with v on diagonal ``k``, rows laid out
    as v is (``dmap([P, 1], [v's dist, 'b'])`` over v's ranks; v moves once, n cells). A 2-D
    darray gives its diagonal ``k`` as a 1-D darray laid out like the rows of
    ``dmap([P, 1], [A's first dist, 'b'])``; A is first redistributed onto that row map
    (no move when it is already row-distributed). Collective."""
    k = operator.index(k)
    if not isinstance(v, darray):
        raise not_implemented(np.diag, "the array must be the darray")
    if v.ndim == 1:
        n = v.shape[0]
        size = n + abs(k)
        off = max(0, -k)  # row of v[0]
        rows = _row_map(v.map)
        out = darray(impl_class(v.dtype).zeros([size, size], rows._map, v._impl.context), rows)
        along = dmap([rows.grid[0]], [rows.dist[0]], list(rows.procs))
        w = _empty((size,), along, v.dtype, v._impl.context)
        w[off:off + n] = v
        r = out.global_ind(0)
        has = (r >= off) & (r < off + n)
        out.local[np.nonzero(has)[0], r[has] + k] = w.local[has]
        return out
    if v.ndim != 2:
        raise ValueError("Input must be 1- or 2-d.")
    rows_n, cols_n = v.shape
    length = max(0, min(rows_n, cols_n - k) if k >= 0 else min(rows_n + k, cols_n))
    start = max(0, -k)  # the row of the first diagonal cell
    rows = _row_map(v.map)
    a = v if v.map == rows else v.remap(rows)
    along = dmap([rows.grid[0]], [rows.dist[0]], list(rows.procs))
    w = _empty((rows_n,), along, v.dtype, v._impl.context)
    r = w.global_ind(0)
    has = (r >= start) & (r < start + length)
    w.local[has] = a.local[np.nonzero(has)[0], r[has] + k]
    return w[start:start + length]


# pgas's own constructors are the distributed forms of NumPy's (construct.py, SPEC §2).
def _register_constructors() -> None:
    from .. import construct
    from . import PROVIDED, Entry

    for name, test in (("zeros", "test_darray.py::test_constructors_every_dtype"),
                       ("ones", "test_darray.py::test_constructors_every_dtype"),
                       ("full", "test_darray.py::test_constructors_every_dtype"),
                       ("arange", "test_darray.py::test_pppython_shape_spelling_and_any_ndim")):
        PROVIDED[name] = Entry(getattr(construct, name), test)


_register_constructors()
