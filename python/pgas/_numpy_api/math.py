"""NumPy's math beyond ufuncs on darrays: rounding and complex parts, clip and 3-argument
where (elementwise: the result takes the map of the leftmost darray of the broadcast shape),
the nan-reductions (NaN replaced by the reduction's identity on the local parts, then the C++
reductions), ptp, average, cumsum/cumprod (a distributed scan along the axis), diff, trace,
tril/triu, and the products that map onto reductions or pgas.linalg (dot, vdot, inner, outer).
All collective."""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from mpi4py import MPI

from .. import _context
from ..darray import _empty, _expand, darray, supported_dtype
from ..maps import dmap
from . import implements, not_implemented
from ._common import axis_index, check_no_out, local_elementwise, stand_in

_NoValue = np._NoValue
_TEST = "test_numpy_math.py::test_{}"


def _only_darray(func: Any, a: Any) -> darray:
    if not isinstance(a, darray):
        raise not_implemented(func, "the array argument must be the darray")
    return a


# ---- elementwise -----------------------------------------------------------------------------

@implements(np.round, np.around, test=_TEST.format("round"))
def round_(a, decimals=0, out=None):
    """numpy.round / around: on A's map, A's dtype. Collective only in that every rank works."""
    check_no_out("round", out)
    return local_elementwise(lambda x: np.round(x, decimals), (_only_darray(np.round, a),))


@implements(np.real, test=_TEST.format("real_imag_angle"))
def real(val):
    """numpy.real: a new darray on A's map (NumPy returns a view; pgas a copy)."""
    return local_elementwise(np.real, (_only_darray(np.real, val),))


@implements(np.imag, test=_TEST.format("real_imag_angle"))
def imag(val):
    """numpy.imag: a new darray on A's map (zeros for real dtypes, as NumPy)."""
    return local_elementwise(np.imag, (_only_darray(np.imag, val),))


@implements(np.angle, test=_TEST.format("real_imag_angle"))
def angle(z, deg=False):
    """numpy.angle: radians (degrees with ``deg=True``) on A's map."""
    return local_elementwise(lambda x: np.angle(x, deg), (_only_darray(np.angle, z),))


@implements(np.clip, test=_TEST.format("clip"))
def clip(a, a_min=_NoValue, a_max=_NoValue, out=None, *, min=_NoValue, max=_NoValue,
         **kwargs):
    """numpy.clip: bounds are scalars, NumPy arrays or darrays (any maps) that broadcast. The
    result is on the map of the leftmost darray of the broadcast shape. Collective."""
    check_no_out("clip", out)
    if kwargs:
        raise not_implemented(np.clip, "ufunc keyword arguments are not supported")
    # NumPy's errors for the bound arguments (both spellings, neither given...) first.
    args = {k: stand_in(v) for k, v in (("a_min", a_min), ("a_max", a_max), ("min", min),
                                        ("max", max)) if v is not _NoValue}
    np.clip(stand_in(a), **args)
    lo = a_min if a_min is not _NoValue else (min if min is not _NoValue else None)
    hi = a_max if a_max is not _NoValue else (max if max is not _NoValue else None)
    operands = [a] + [b for b in (lo, hi) if b is not None]

    def f(x, *bounds):
        it = iter(bounds)
        low = next(it) if lo is not None else None
        high = next(it) if hi is not None else None
        return np.clip(x, low, high)
    return local_elementwise(f, operands)


@implements(np.where, test=_TEST.format("where"))
def where(condition, x=_NoValue, y=_NoValue):
    """numpy.where(condition, x, y): elementwise choice, operands broadcast (darrays of any map,
    NumPy arrays, scalars); the result is on the map of the leftmost darray of the broadcast
    shape. The 1-argument form is np.nonzero(condition). Collective."""
    if x is _NoValue and y is _NoValue:
        from .selection import nonzero

        return nonzero(condition)
    if x is _NoValue or y is _NoValue:
        raise ValueError("either both or neither of x and y should be given")
    return local_elementwise(np.where, (condition, x, y))


# ---- reductions --------------------------------------------------------------------------------

def _keep(value: Any, a: darray, axis: Any, keepdims: Any) -> Any:
    if keepdims is _NoValue or not keepdims:
        return value
    if isinstance(value, darray):
        return _expand(value, [axis_index(axis, a.ndim)])
    return np.full((1,) * a.ndim, value)


def _check_plain(func: Any, out: Any, **options: Any) -> None:
    check_no_out(func.__name__, out)
    for name, value in options.items():
        if value is not _NoValue:
            raise not_implemented(func, f"{name}= is not supported")


def _replace_nan(a: darray, value: Any):
    """(a with NaN cells replaced by ``value``, the NaN mask) for inexact dtypes; (a, None)
    otherwise (NumPy's _replace_nan). Local work on each part."""
    if a.dtype.kind not in "fc":
        return a, None
    return (local_elementwise(lambda x: np.where(np.isnan(x), value, x), (a,)),
            local_elementwise(np.isnan, (a,)))


def _count_valid(mask: darray, axis: Any) -> Any:
    return (~mask).sum(axis=axis)


@implements(np.nansum, test=_TEST.format("nan_reductions"))
def nansum(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
           where=_NoValue):
    """numpy.nansum: sum with NaN as zero."""
    _check_plain(np.nansum, out, initial=initial, where=where)
    arr, _ = _replace_nan(_only_darray(np.nansum, a), 0)
    return _keep(arr.sum(axis=axis, dtype=dtype), a, axis, keepdims)


@implements(np.nanprod, test=_TEST.format("nan_reductions"))
def nanprod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
            where=_NoValue):
    """numpy.nanprod: product with NaN as one."""
    _check_plain(np.nanprod, out, initial=initial, where=where)
    arr, _ = _replace_nan(_only_darray(np.nanprod, a), 1)
    return _keep(arr.prod(axis=axis, dtype=dtype), a, axis, keepdims)


def _nan_extreme(func: Any, name: str, a: Any, axis: Any, out: Any, keepdims: Any,
                 initial: Any, where: Any) -> Any:
    _check_plain(func, out, initial=initial, where=where)
    a = _only_darray(func, a)
    fill = np.inf if name == "min" else -np.inf
    arr, mask = _replace_nan(a, fill)
    value = getattr(arr, name)(axis=axis)
    if mask is None:
        return _keep(value, a, axis, keepdims)
    all_nan = mask.all(axis=axis)
    if isinstance(value, darray):
        if all_nan.any():
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
            value = local_elementwise(lambda v, m: np.where(m, np.nan, v), (value, all_nan))
    elif all_nan:
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
        value = a.dtype.type(np.nan)
    return _keep(value, a, axis, keepdims)


@implements(np.nanmin, test=_TEST.format("nan_reductions"))
def nanmin(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.nanmin: NaN ignored; an all-NaN slice gives NaN and a RuntimeWarning."""
    return _nan_extreme(np.nanmin, "min", a, axis, out, keepdims, initial, where)


@implements(np.nanmax, test=_TEST.format("nan_reductions"))
def nanmax(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.nanmax: NaN ignored; an all-NaN slice gives NaN and a RuntimeWarning."""
    return _nan_extreme(np.nanmax, "max", a, axis, out, keepdims, initial, where)


def _nan_arg(func: Any, name: str, a: Any, axis: Any, out: Any, keepdims: Any) -> Any:
    check_no_out(func.__name__, out)
    a = _only_darray(func, a)
    arr, mask = _replace_nan(a, np.inf if name == "argmin" else -np.inf)
    if mask is not None and mask.size and bool(mask.all(axis=axis).any() if axis is not None
                                               else mask.all()):
        raise ValueError("All-NaN slice encountered")
    return _keep(getattr(arr, name)(axis=axis), a, axis, keepdims)


@implements(np.nanargmin, test=_TEST.format("nan_reductions"))
def nanargmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """numpy.nanargmin: NaN ignored; ValueError on an all-NaN slice (every rank)."""
    return _nan_arg(np.nanargmin, "argmin", a, axis, out, keepdims)


@implements(np.nanargmax, test=_TEST.format("nan_reductions"))
def nanargmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """numpy.nanargmax: NaN ignored; ValueError on an all-NaN slice (every rank)."""
    return _nan_arg(np.nanargmax, "argmax", a, axis, out, keepdims)


def _divide(total: Any, count: Any) -> Any:
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count


def _any(x: Any) -> bool:
    return bool(x.any()) if isinstance(x, darray) else bool(np.any(x))


@implements(np.nanmean, test=_TEST.format("nan_reductions"))
def nanmean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """numpy.nanmean: the mean of the non-NaN cells; NaN and a RuntimeWarning for a slice
    without any."""
    _check_plain(np.nanmean, out, where=where)
    a = _only_darray(np.nanmean, a)
    arr, mask = _replace_nan(a, 0)
    if mask is None:
        return _keep(a.mean(axis=axis, dtype=dtype), a, axis, keepdims)
    if dtype is not None and np.dtype(dtype).kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    count = _count_valid(mask, axis)
    total = arr.sum(axis=axis, dtype=dtype)
    avg = _divide(total, count)
    if _any(count == 0):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    if not isinstance(avg, darray):
        avg = total.dtype.type(avg)
    elif avg.dtype != total.dtype:
        avg = avg.astype(total.dtype)
    return _keep(avg, a, axis, keepdims)


@implements(np.nanvar, test=_TEST.format("nan_reductions"))
def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
           mean=_NoValue, correction=_NoValue):
    """numpy.nanvar: the variance of the non-NaN cells (two passes: the mean, then the squared
    deviations); NaN and a RuntimeWarning where ddof >= the count."""
    _check_plain(np.nanvar, out, where=where, mean=mean, correction=correction)
    a = _only_darray(np.nanvar, a)
    arr, mask = _replace_nan(a, 0)
    if mask is None:
        return _keep(a.var(axis=axis, dtype=dtype, ddof=ddof), a, axis, keepdims)
    count = _count_valid(mask, axis)
    total = arr.sum(axis=axis, dtype=dtype)
    avg = _divide(total, count)
    centre = _expand(avg, [axis_index(axis, a.ndim)]) if isinstance(avg, darray) else avg
    dev = local_elementwise(lambda x, m, c: np.where(m, 0, x - c), (arr, mask, centre))
    sq = local_elementwise(lambda d: (d * np.conj(d)).real if np.iscomplexobj(d) else d * d,
                           (dev,))
    dof = count - ddof
    var = _divide(sq.sum(axis=axis, dtype=dtype), dof)
    if _any(dof <= 0):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=2)
        var = local_elementwise(lambda v, d: np.where(d <= 0, np.nan, v), (var, dof)) \
            if isinstance(var, darray) else type(var)(np.nan)
    want = np.var(np.ones(1, a.dtype), dtype=dtype).dtype
    if isinstance(var, darray):
        var = var if var.dtype == want else var.astype(want)
    else:
        var = want.type(var)
    return _keep(var, a, axis, keepdims)


@implements(np.nanstd, test=_TEST.format("nan_reductions"))
def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
           mean=_NoValue, correction=_NoValue):
    """numpy.nanstd: the square root of nanvar."""
    var = nanvar(a, axis=axis, dtype=dtype, out=out, ddof=ddof, where=where, mean=mean,
                 correction=correction)
    return _keep(np.sqrt(var), a, axis, keepdims)


@implements(np.ptp, test=_TEST.format("ptp"))
def ptp(a, axis=None, out=None, keepdims=_NoValue):
    """numpy.ptp: max - min (NumPy's TypeError for bool)."""
    check_no_out("ptp", out)
    a = _only_darray(np.ptp, a)
    if a.dtype == np.bool_:
        np.subtract(np.ones(1, bool), np.ones(1, bool))  # NumPy's TypeError
    return _keep(np.subtract(a.max(axis=axis), a.min(axis=axis)), a, axis, keepdims)


@implements(np.average, test=_TEST.format("average"))
def average(a, axis=None, weights=None, returned=False, *, keepdims=_NoValue):
    """numpy.average: the mean, or the weighted mean with weights of a's shape or 1-D along
    ``axis`` (NumPy arrays or darrays, brought onto a's map); ZeroDivisionError when the
    weights sum to zero; ``returned=True`` adds the sum of the weights."""
    a = _only_darray(np.average, a)
    ax = axis_index(axis, a.ndim)
    if weights is None:
        avg = a.mean(axis=ax)
        scl = np.dtype(avg.dtype).type(a.size / (avg.size if isinstance(avg, darray) else 1))
    else:
        wshape = weights.shape if isinstance(weights, darray) else np.shape(weights)
        wdtype = weights.dtype if isinstance(weights, darray) else np.asarray(weights).dtype
        if a.dtype.kind in "biu":
            result_dtype = np.result_type(a.dtype, wdtype, "f8")
        else:
            result_dtype = np.result_type(a.dtype, wdtype)
        if wshape != a.shape:
            if ax is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            if wshape != (a.shape[ax],):
                raise ValueError("Shape of weights must be consistent with shape of a along "
                                 "specified axis.")
            others = [d for d in range(a.ndim) if d != ax]
            if isinstance(weights, darray):
                weights = _expand(weights, others)
            else:
                weights = np.asarray(weights).reshape([a.shape[ax] if d == ax else 1
                                                       for d in range(a.ndim)])
        # The weights on a's map, in the result dtype (a broadcast: no rank gathers them).
        w = local_elementwise(lambda x, v: np.broadcast_to(v, np.shape(x)).astype(result_dtype),
                              (a, weights), dtype=result_dtype)
        scl = w.sum(axis=ax)
        if _any(scl == 0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        weighted = local_elementwise(lambda x, v: np.multiply(x, v, dtype=result_dtype), (a, w))
        avg = _divide(weighted.sum(axis=ax), scl)
        if not isinstance(avg, darray):
            avg = result_dtype.type(avg)
    if returned and isinstance(avg, darray) and not isinstance(scl, darray):
        scl = local_elementwise(lambda v: np.full(np.shape(v), scl), (avg,))
    avg, scl = _keep(avg, a, ax, keepdims), _keep(scl, a, ax, keepdims)
    return (avg, scl) if returned else avg


# ---- scans -------------------------------------------------------------------------------------

def _fiber(work_map: dmap, ax: int, comm: Any) -> Any:
    """The communicator of this rank's grid line along ``ax`` (ranks ordered by their grid
    coordinate along it), COMM_NULL for ranks outside the map. Collective over ``comm``."""
    coords = work_map.grid_coords()
    if coords is None:
        return comm.Split(MPI.UNDEFINED, 0)
    grid = list(work_map.grid)
    others = [c for d, c in enumerate(coords) if d != ax]
    color = int(np.ravel_multi_index(others, [g for d, g in enumerate(grid) if d != ax])) \
        if others else 0
    return comm.Split(color, coords[ax])


def _scan(func: Any, name: str, a: Any, axis: Any, dtype: Any, out: Any) -> darray:
    """cumsum / cumprod along an axis: each rank scans its part (NumPy's loop), then adds
    (multiplies by) the exclusive scan of the part totals of the ranks before it on its grid
    line along the axis: one MPI_Exscan of one slice per rank. A cyclic or block-cyclic axis,
    or overlap, is first redistributed to blocks along the axis (and the result back)."""
    check_no_out(name, out)
    a = _only_darray(func, a)
    if axis is None:  # NumPy scans the raveled array
        if a.ndim != 1:
            from .shape import ravel

            a = ravel(a)
        axis = 0
    ax = axis_index(axis, a.ndim)
    want = supported_dtype(getattr(np, name)(np.empty((0,) * a.ndim, a.dtype), axis=ax,
                                             dtype=dtype).dtype)
    m = a.map
    work_map = dmap(list(m.grid), ["b" if d == ax else dist for d, dist in enumerate(m.dist)],
                    list(m.procs))
    src = a if m == work_map else a.remap(work_map)
    ctx = a._impl.context
    result = _empty(a.shape, work_map, want, ctx)
    local = getattr(np, name)(src.local, axis=ax, dtype=want)
    fiber = _fiber(work_map, ax, _context.comm_of(ctx))
    if fiber != MPI.COMM_NULL:
        identity = 0 if name == "cumsum" else 1
        if local.shape[ax]:
            total = np.ascontiguousarray(np.take(local, [-1], axis=ax))
        else:
            total = np.full([1 if d == ax else n for d, n in enumerate(local.shape)], identity,
                            dtype=want)
        before = np.empty_like(total)
        fiber.Exscan(total, before, op=MPI.SUM if name == "cumsum" else MPI.PROD)
        if fiber.Get_rank() == 0:
            before[...] = identity
        fiber.Free()
        if name == "cumsum":
            local += before
        else:
            local *= before
    result.local[...] = local
    return result if m == work_map else result.remap(m)


@implements(np.cumsum, test=_TEST.format("cumsum_cumprod"))
def cumsum(a, axis=None, dtype=None, out=None):
    """numpy.cumsum along an axis, on A's map (axis=None: of the raveled array, on blocks)."""
    return _scan(np.cumsum, "cumsum", a, axis, dtype, out)


@implements(np.cumprod, test=_TEST.format("cumsum_cumprod"))
def cumprod(a, axis=None, dtype=None, out=None):
    """numpy.cumprod along an axis, on A's map (axis=None: of the raveled array, on blocks)."""
    return _scan(np.cumprod, "cumprod", a, axis, dtype, out)


# ---- differences, diagonals, triangles -----------------------------------------------------------

@implements(np.diff, test=_TEST.format("diff"))
def diff(a, n=1, axis=-1, prepend=_NoValue, append=_NoValue):
    """numpy.diff: ``a[1:] - a[:-1]`` along ``axis``, ``n`` times (``!=`` for bool); each step
    is two slices (redistributions of A's cells that change owner) and a subtraction. The
    result is on the map of A's slice ``a[1:]``."""
    a = _only_darray(np.diff, a)
    if prepend is not _NoValue or append is not _NoValue:
        raise not_implemented(np.diff, "prepend= and append= are not supported")
    if n == 0:
        return a
    if n < 0:
        raise ValueError("order must be non-negative but got " + repr(n))
    ax = axis_index(axis, a.ndim)
    op = np.not_equal if a.dtype == np.bool_ else np.subtract
    for _ in range(n):
        head = (slice(None),) * ax
        a = op(a[head + (slice(1, None),)], a[head + (slice(None, -1),)])
    return a


@implements(np.trace, test=_TEST.format("trace"))
def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """numpy.trace of a 2-D darray: each rank sums its owned cells on the diagonal, one
    allreduce; a NumPy scalar on every rank."""
    check_no_out("trace", out)
    a = _only_darray(np.trace, a)
    if a.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    if a.ndim > 2 or {axis_index(axis1, a.ndim), axis_index(axis2, a.ndim)} != {0, 1}:
        raise not_implemented(np.trace, "only 2-D darrays (axis1, axis2 = 0, 1)")
    if axis_index(axis1, 2) == 1:
        offset = -offset
    want = np.trace(np.zeros((1, 1), a.dtype), dtype=dtype).dtype
    owned = a.owned
    rows = a.global_ind(0)[:owned.shape[0]]
    cols = a.global_ind(1)[:owned.shape[1]]
    on = cols[None, :] - rows[:, None] == offset
    mine = owned[on].sum(dtype=want)
    return want.type(_context.comm_of(a._impl.context).allreduce(mine, op=MPI.SUM))


def _triangle(func: Any, m: Any, k: Any, keep_lower: bool) -> darray:
    m = _only_darray(func, m)
    if m.ndim < 2:
        raise not_implemented(func, "1-D input (NumPy broadcasts it to a square matrix)")
    out = m.copy()
    i = m.global_ind(m.ndim - 2)[:, None]
    j = m.global_ind(m.ndim - 1)[None, :]
    drop = (j > i + k) if keep_lower else (j < i + k)
    out.local[..., drop] = 0
    return out


@implements(np.tril, test=_TEST.format("tril_triu"))
def tril(m, k=0):
    """numpy.tril: cells above diagonal ``k`` of the last two axes set to zero; A's map, no
    communication."""
    return _triangle(np.tril, m, k, True)


@implements(np.triu, test=_TEST.format("tril_triu"))
def triu(m, k=0):
    """numpy.triu: cells below diagonal ``k`` of the last two axes set to zero; A's map, no
    communication."""
    return _triangle(np.triu, m, k, False)


# ---- products ------------------------------------------------------------------------------------

def _shape(x: Any):
    return x.shape if isinstance(x, darray) else np.shape(x)


def _as_darray_like(x: Any, other: darray) -> darray:
    """A NumPy operand (the same on every rank) as a darray for pgas.linalg."""
    if isinstance(x, darray):
        return x
    from ..construct import from_numpy

    arr = np.asarray(x)
    grid = [other.map.num_procs] + [1] * (arr.ndim - 1)
    return from_numpy(arr, dmap(grid, procs=list(other.map.procs)),
                      comm=_context.comm_of(other._impl.context))


def _inner_1d(func: Any, a: Any, b: Any) -> Any:
    if _shape(a) != _shape(b):
        raise ValueError(f"shapes {_shape(a)} and {_shape(b)} not aligned: {_shape(a)[0]} "
                         f"(dim 0) != {_shape(b)[0]} (dim 0)")
    want = np.result_type(*[x.dtype if isinstance(x, darray) else np.asarray(x).dtype
                            for x in (a, b)])
    return want.type(local_elementwise(np.multiply, (a, b)).sum())


@implements(np.dot, test=_TEST.format("dot_vdot_inner_outer"))
def dot(a, b, out=None):
    """numpy.dot: scalars and 0-d multiply; 1-D·1-D a NumPy scalar; 2-D·2-D, 2-D·1-D and
    1-D·2-D pgas.linalg.matmul (ScaLAPACK; integer operands are computed in float64 and
    converted back). Higher dimensions are not implemented."""
    check_no_out("dot", out)
    if any(not isinstance(x, darray) and np.ndim(x) == 0 for x in (a, b)):
        # NumPy's dot makes the scalar an array: no weak Python scalars (float32 . 3 is float64)
        want = np.dot(*[np.zeros((1,) * x.ndim, x.dtype) if isinstance(x, darray) else x
                        for x in (a, b)]).dtype
        return np.multiply(*[x.astype(want) if isinstance(x, darray) and x.dtype != want
                             else x for x in (a, b)])
    sa, sb = _shape(a), _shape(b)
    if len(sa) == 1 and len(sb) == 1:
        return _inner_1d(np.dot, a, b)
    if len(sa) > 2 or len(sb) > 2:
        raise not_implemented(np.dot, "operands of more than 2 dimensions")
    if sa[-1] != sb[0]:
        raise ValueError(f"shapes {sa} and {sb} not aligned: {sa[-1]} (dim {len(sa) - 1}) != "
                         f"{sb[0]} (dim 0)")
    from .. import linalg

    first = a if isinstance(a, darray) else b
    want = np.dot(np.zeros((1,) * len(sa), np.asarray(stand_in(a)).dtype),
                  np.zeros((1,) * len(sb), np.asarray(stand_in(b)).dtype)).dtype
    result = linalg.matmul(_as_darray_like(a, first), _as_darray_like(b, first))
    return result if result.dtype == want else result.astype(want)


@implements(np.vdot, test=_TEST.format("dot_vdot_inner_outer"))
def vdot(a, b, /):
    """numpy.vdot for operands of the same shape: sum(conj(a) * b), a NumPy scalar."""
    if _shape(a) != _shape(b):
        raise not_implemented(np.vdot, "operands of different shapes (NumPy flattens them)")
    want = np.vdot(np.zeros(1, np.asarray(stand_in(a)).dtype),
                   np.zeros(1, np.asarray(stand_in(b)).dtype)).dtype
    return want.type(local_elementwise(lambda x, y: np.multiply(np.conj(x), y), (a, b)).sum())


@implements(np.inner, test=_TEST.format("dot_vdot_inner_outer"))
def inner(a, b, /):
    """numpy.inner: 1-D·1-D a NumPy scalar; 2-D, 2-D as ``a @ b.T`` (pgas.linalg.matmul)."""
    sa, sb = _shape(a), _shape(b)
    if len(sa) == 1 and len(sb) == 1:
        return _inner_1d(np.inner, a, b)
    if len(sa) == 2 and len(sb) == 2 and isinstance(b, darray):
        if sa[1] != sb[1]:
            raise ValueError(f"shapes {sa} and {sb} not aligned: {sa[1]} (dim 1) != {sb[1]} "
                             f"(dim 1)")
        return dot(a, b.T)
    raise not_implemented(np.inner, "only 1-D with 1-D, or 2-D with a 2-D darray")


@implements(np.outer, test=_TEST.format("dot_vdot_inner_outer"))
def outer(a, b, out=None):
    """numpy.outer of 1-D operands: the (m, n) darray ``a[:, None] * b[None, :]``, rows laid
    out as a is (the first darray's map with an unsplit second axis); each rank receives only
    the cells of b it needs."""
    check_no_out("outer", out)
    if len(_shape(a)) != 1 or len(_shape(b)) != 1:
        raise not_implemented(np.outer, "only 1-D operands (NumPy flattens others)")
    col = _expand(a, [1]) if isinstance(a, darray) else np.asarray(a).reshape(-1, 1)
    row = _expand(b, [0]) if isinstance(b, darray) else np.asarray(b).reshape(1, -1)
    if not isinstance(col, darray):  # the result takes b's layout along columns then
        return local_elementwise(np.multiply, (row, col))
    return local_elementwise(np.multiply, (col, row))


@implements(np.ediff1d, test=_TEST.format("ediff1d_trapezoid_isin"))
def ediff1d(ary, to_end=None, to_begin=None):
    """numpy.ediff1d: differences of the raveled array, with NumPy values before and after."""
    from .shape import concatenate, ravel

    flat = ravel(_only_darray(np.ediff1d, ary))
    d = diff(flat) if flat.size else flat
    parts = [np.asarray(p, dtype=ary.dtype).ravel() for p in (to_begin,) if p is not None] + \
        [d] + [np.asarray(p, dtype=ary.dtype).ravel() for p in (to_end,) if p is not None]
    return concatenate(parts) if len(parts) > 1 else d


@implements(np.trapezoid, test=_TEST.format("ediff1d_trapezoid_isin"))
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """numpy.trapezoid: the trapezoidal rule along ``axis`` (slices, ufuncs, a sum)."""
    y = _only_darray(np.trapezoid, y)
    ax = axis_index(axis, y.ndim)
    head = (slice(None),) * ax
    upper, lower = y[head + (slice(1, None),)], y[head + (slice(None, -1),)]
    if x is None:
        d = dx
    else:
        xd = np.diff(x) if not isinstance(x, darray) else diff(x)
        if np.ndim(xd) == 1 and y.ndim > 1:
            shape = [1] * y.ndim
            shape[ax] = -1
            xd = np.asarray(xd).reshape(shape) if not isinstance(xd, darray) else \
                _expand(xd, [e for e in range(y.ndim) if e != ax])
        d = xd
    return np.sum(d * (upper + lower) / 2.0, axis=ax)


@implements(np.isin, test=_TEST.format("ediff1d_trapezoid_isin"))
def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    """numpy.isin of a darray against NumPy test elements (the same on every rank): a bool
    darray on the element's map."""
    if isinstance(test_elements, darray):
        raise not_implemented(np.isin, "test_elements as a darray")
    tests = np.asarray(test_elements)
    return local_elementwise(lambda x: np.isin(x, tests, assume_unique=assume_unique,
                                               invert=invert, kind=kind),
                             (_only_darray(np.isin, element),), dtype=np.bool_)
