"""NumPy's sorting and order statistics on darrays.

``sort``/``argsort`` along an axis the map does not split: each rank sorts its part (NumPy's
loop), no communication. Along a split axis of a 2-D+ darray: a corner turn to a map that keeps
the axis whole, the local sort, and back. A 1-D darray (and ``axis=None``, the raveled array)
is sorted by a distributed sample sort: each rank sorts its part, regular samples from every
rank (a few per rank, allgathered) pick P - 1 splitters, each rank sends each of its cells to
the rank of its bucket (one scatter_flat into a (P, cap) darray, a row per rank), each rank
sorts its bucket, and the buckets are laid out on blocks in order (cells that stay are copied
in place, the rest sent). The bucket keys are (value, rank, position in the rank's sorted
part) for ``sort`` and (value, global index) for ``argsort``, so ties split between buckets
evenly and ``argsort`` is NumPy's ``kind='stable'`` order; NaN sorts last as in NumPy.
``median``/``percentile``/``quantile`` (method 'linear') sort, then read the one or two cells
each quantile needs: exact, no gather. All collective."""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np
from mpi4py import MPI

from .. import _context
from ..darray import _empty, darray
from ..maps import dmap
from . import implements, not_implemented
from ._common import axis_index
from .selection import _deliver
from .shape import ravel

_TEST = "test_numpy_sorting.py::test_{}"


def _boundaries(values: np.ndarray, rank: int, split_v: np.ndarray, split_r: np.ndarray,
                split_j: np.ndarray) -> np.ndarray:
    """For each splitter key (value, rank, position): how many of this rank's sorted cells
    have a smaller key (value, this rank, their position). Ties of value are ordered by rank,
    then by position in the rank's sorted part, so equal values split between buckets."""
    lo = np.searchsorted(values, split_v, "left")
    hi = np.searchsorted(values, split_v, "right")
    return np.where(split_r > rank, hi, np.where(split_r < rank, lo, np.clip(split_j, lo, hi)))


def _runs_key(values: np.ndarray, gidx: np.ndarray, n: int) -> np.ndarray:
    """A strictly increasing int key of (value, global index) over cells sorted by (value,
    global index): the run of equal values times n, plus the index."""
    same = values[1:] == values[:-1]
    if values.dtype.kind in "fc":
        same |= np.isnan(values[1:]) & np.isnan(values[:-1])
    run = np.concatenate([[0], np.cumsum(~same)])
    return run.astype(np.int64) * n + gidx


def _boundaries_by_index(values: np.ndarray, gidx: np.ndarray, split_v: np.ndarray,
                         split_g: np.ndarray, n: int) -> np.ndarray:
    """For each splitter (value, global index): how many of this rank's cells, sorted by
    (value, global index), have a smaller key: argsort's buckets, so that ties keep NumPy's
    stable order (by global index) across buckets too."""
    if values.size == 0:
        return np.zeros(split_v.shape, np.int64)
    lo = np.searchsorted(values, split_v, "left")
    hi = np.searchsorted(values, split_v, "right")
    key = _runs_key(values, gidx, n)
    run_of = np.where(hi > lo, key[np.minimum(lo, values.size - 1)] // n, 0)
    return np.where(hi > lo, np.searchsorted(key, run_of * n + split_g, "left"), lo)


def _sample_sort(a: darray, with_indices: bool) -> Tuple[darray, Any]:
    """(sorted values, their global indices or None) of a 1-D darray, both 1-D on blocks over
    a's ranks."""
    ctx = a._impl.context
    comm = _context.comm_of(ctx)
    n = a.size
    procs = list(a.map.procs)
    p = len(procs)
    if n == 0:
        out = _empty((0,), dmap([p], procs=procs), a.dtype, ctx)
        return out, (_empty((0,), out.map, np.int64, ctx) if with_indices else None)
    owned = np.ascontiguousarray(a.owned)
    me = comm.Get_rank()
    if with_indices:  # local cells are in increasing global index: stable = NumPy's ties
        gidx = a.global_ind(0)[:owned.shape[0]].astype(np.int64)
        order = np.argsort(owned, kind="stable")
        values, gidx = owned[order], gidx[order]
    else:
        values, gidx = np.sort(owned), None
    # Splitters: regular samples of every rank's sorted part (at most 4 P per rank).
    take = min(values.size, 4 * p)
    at = (np.arange(take) * values.size) // max(take, 1)
    samples = comm.allgather((values[at], at if gidx is None else gidx[at]))
    sv = np.concatenate([v for v, _ in samples])
    sr = np.concatenate([np.full(len(j), r, np.int64) for r, (_, j) in enumerate(samples)])
    sj = np.concatenate([j for _, j in samples]).astype(np.int64)
    if not sv.size:
        bounds = np.zeros(p - 1, np.int64)
    elif gidx is None:  # sort: keys (value, rank, position in the rank's sorted part)
        so = np.lexsort((sj, sr) + _value_keys(sv))
        pick = so[(np.arange(1, p) * sv.size) // p]
        bounds = _boundaries(values, me, sv[pick], sr[pick], sj[pick])
    else:  # argsort: keys (value, global index)
        so = np.lexsort((sj,) + _value_keys(sv))
        pick = so[(np.arange(1, p) * sv.size) // p]
        bounds = _boundaries_by_index(values, gidx, sv[pick], sj[pick], n)
    bounds = np.concatenate([[0], bounds, [values.size]]).astype(np.int64)
    counts = np.diff(bounds)  # this rank's cells per bucket
    totals = np.empty_like(counts)
    comm.Allreduce(counts, totals, op=MPI.SUM)
    before = np.zeros_like(counts)
    comm.Exscan(counts, before, op=MPI.SUM)
    if me == 0:
        before[...] = 0
    cap = max(int(totals.max()) if totals.size else 0, 1)
    rows = dmap([p, 1], procs=procs)
    bucket = np.repeat(np.arange(p, dtype=np.int64), counts)
    within = np.arange(values.size, dtype=np.int64) - np.repeat(bounds[:-1], counts)
    flat = bucket * cap + before[bucket] + within
    held_values = _empty((p, cap), rows, a.dtype, ctx)
    held_values._impl.scatter_flat(flat, values)
    if with_indices:
        held_index = _empty((p, cap), rows, np.int64, ctx)
        held_index._impl.scatter_flat(flat, gidx)
    coords = rows.grid_coords()
    out = _empty((n,), dmap([p], procs=procs), a.dtype, ctx)
    out_index = _empty((n,), out.map, np.int64, ctx) if with_indices else None
    if coords is not None:
        b = coords[0]
        mine = slice(0, int(totals[b]))
        v = held_values.local[0, mine]
        if with_indices:  # NumPy's stable order: ties by global index
            g = held_index.local[0, mine]
            o = np.lexsort((g,) + _value_keys(v))
            v, g = v[o], g[o]
        else:
            v, g = np.sort(v), None
        start = int(totals[:b].sum())
    else:
        v, g, start = np.empty(0, a.dtype), np.empty(0, np.int64), 0
    _deliver(out, start, v)
    if with_indices:
        _deliver(out_index, start, g)
    return out, out_index


def _value_keys(v: np.ndarray) -> tuple:
    """np.lexsort keys (least significant first) that order values as np.sort does (NaN
    last)."""
    if v.dtype.kind == "f":
        nan = np.isnan(v)
        return (np.where(nan, 0, v), nan)
    return (v,)


def _whole_axis_map(m: dmap, axis: int) -> dmap:
    """m with ``axis`` unsplit: its grid extent moves to the largest other dimension."""
    grid = list(m.grid)
    if grid[axis] == 1 and m.overlap[axis] == 0:
        return m
    others = [d for d in range(len(grid)) if d != axis]
    target = max(others, key=lambda d: grid[d])
    grid[target] *= grid[axis]
    grid[axis] = 1
    dist = list(m.dist)
    dist[axis] = "b"
    overlap = [0] * len(grid)
    return dmap(grid, dist, list(m.procs), overlap)


def _sort_along(a: darray, axis: int, kind: str) -> darray:
    m = _whole_axis_map(a.map, axis)
    src = a if m == a.map else a.remap(m)
    out = _empty(a.shape, m, a.dtype if kind == "sort" else np.int64, a._impl.context)
    if kind == "sort":
        out.local[...] = np.sort(src.local, axis=axis)
    else:
        out.local[...] = np.argsort(src.local, axis=axis, kind="stable")
    return out if m == a.map else out.remap(a.map)


def _check(func: Any, a: Any, kind: Any, order: Any) -> darray:
    if not isinstance(a, darray):
        raise not_implemented(func, "the array must be the darray")
    if order is not None:
        raise not_implemented(func, "order= (structured arrays)")
    if a.dtype.kind == "c":
        raise not_implemented(func, "complex values")
    return a


@implements(np.sort, test=_TEST.format("sort_argsort"))
def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """numpy.sort: on A's map (axis=None: 1-D on blocks). A 1-D darray: distributed sample
    sort; along an unsplit axis: local; along a split axis: a corner turn and back."""
    a = _check(np.sort, a, kind, order)
    if axis is None:
        return _sample_sort(ravel(a), False)[0]
    ax = axis_index(axis, a.ndim)
    if a.ndim == 1:
        out = _sample_sort(a, False)[0]
        return out if out.map == a.map else out.remap(a.map)
    return _sort_along(a, ax, "sort")


@implements(np.argsort, test=_TEST.format("sort_argsort"))
def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """numpy.argsort in NumPy's stable order (ties by index), an int64 darray laid out as
    np.sort's result."""
    a = _check(np.argsort, a, kind, order)
    if axis is None:
        return _sample_sort(ravel(a), True)[1]
    ax = axis_index(axis, a.ndim)
    if a.ndim == 1:
        out = _sample_sort(a, True)[1]
        return out if out.map == a.map else out.remap(a.map)
    return _sort_along(a, ax, "argsort")


# ---- order statistics ----------------------------------------------------------------------------

def _lerp(lo: Any, hi: Any, t: Any) -> Any:
    """NumPy's _lerp (the 'linear' method), bit for bit."""
    diff = np.subtract(hi, lo)
    out = np.add(lo, diff * t)
    out = np.where(np.asarray(t) >= 0.5, np.subtract(hi, diff * (1 - np.asarray(t))), out)
    return out


def _quantile(func: Any, a: Any, q: Any, axis: Any, method: str, keepdims: bool,
              numpy_q: Any = None) -> Any:
    if method != "linear":
        raise not_implemented(func, f"method={method!r} (only 'linear')")
    if keepdims:
        raise not_implemented(func, "keepdims=True")
    a = _check(func, a, None, None)
    qs = np.asarray(q, dtype=np.float64)
    if np.any((qs < 0) | (qs > 1)) or np.any(np.isnan(qs)):
        raise ValueError("Quantiles must be in the range [0, 1]")
    # NumPy's result dtype (a Python float q is weak: float32 data stays float32).
    want = np.asarray(func(np.zeros(1, a.dtype), q if numpy_q is None else numpy_q)
                      if func is not np.median else np.median(np.zeros(1, a.dtype))).dtype
    if axis is None or a.ndim == 1:
        if axis is not None:
            axis_index(axis, 1)
        s = _sample_sort(ravel(a) if a.ndim > 1 else a, False)[0]
        n = s.size
        if n == 0:
            raise IndexError("index -1 is out of bounds for axis 0 with size 0")
        virtual = qs * (n - 1)
        lo_i = np.floor(virtual).astype(np.int64)
        hi_i = np.minimum(lo_i + 1, n - 1)
        t = virtual - lo_i
        cells = s._impl.gather_flat(np.concatenate([lo_i.ravel(), hi_i.ravel(), [n - 1]]))
        lo_v, hi_v = cells[:lo_i.size].reshape(qs.shape), cells[lo_i.size:-1].reshape(qs.shape)
        result = np.asarray(_lerp(lo_v.astype(want), hi_v.astype(want), t)).astype(want)
        if a.dtype.kind == "f" and np.isnan(cells[-1]):  # NaN sorts last: NumPy gives NaN
            result = np.full(qs.shape, np.nan, want)
        return want.type(result) if result.ndim == 0 else result
    ax = axis_index(axis, a.ndim)
    if qs.ndim:
        raise not_implemented(func, "several quantiles along an axis")
    s = sort(a, axis=ax)
    n = a.shape[ax]
    if n == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    virtual = float(qs) * (n - 1)
    lo_i = int(np.floor(virtual))
    hi_i = min(lo_i + 1, n - 1)
    t = virtual - lo_i
    head = (slice(None),) * ax
    lo_v, hi_v, last = s[head + (lo_i,)], s[head + (hi_i,)], s[head + (n - 1,)]
    lo_v = lo_v if lo_v.dtype == want else lo_v.astype(want)
    hi_v = hi_v if hi_v.dtype == want else hi_v.astype(want)
    from ._common import local_elementwise

    operands = (lo_v, hi_v, last)

    def f(lo, hi, la):
        r = np.asarray(_lerp(lo, hi, want.type(t))).astype(want)
        if a.dtype.kind == "f":
            r = np.where(np.isnan(la), np.nan, r)
        return r
    return local_elementwise(f, operands, dtype=want)


@implements(np.quantile, test=_TEST.format("median_percentile_quantile"))
def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None, interpolation=None):
    """numpy.quantile (method 'linear'): exact, by a distributed sort; NumPy values on every
    rank for axis=None, a darray along an axis (one quantile)."""
    if out is not None or weights is not None or interpolation is not None:
        raise not_implemented(np.quantile, "out=, weights= and interpolation=")
    return _quantile(np.quantile, a, q, axis, method, keepdims)


@implements(np.percentile, test=_TEST.format("median_percentile_quantile"))
def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None, interpolation=None):
    """numpy.percentile: quantile(a, q / 100)."""
    if out is not None or weights is not None or interpolation is not None:
        raise not_implemented(np.percentile, "out=, weights= and interpolation=")
    qs = np.true_divide(q, 100)
    if np.any((np.asarray(qs) < 0) | (np.asarray(qs) > 1)):
        raise ValueError("Percentiles must be in the range [0, 100]")
    return _quantile(np.percentile, a, qs, axis, method, keepdims, numpy_q=q)


@implements(np.median, test=_TEST.format("median_percentile_quantile"))
def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """numpy.median: quantile(a, 0.5), NaN when the data has NaN."""
    if out is not None:
        raise not_implemented(np.median, "out=")
    return _quantile(np.median, a, 0.5, axis, "linear", keepdims)


@implements(np.unique, test=_TEST.format("unique_nanmedian"))
def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):
    """numpy.unique (values only): the sorted raveled array, compacted to the first of each run
    of equal values (NaNs one run with ``equal_nan``); a 1-D darray on blocks."""
    if return_index or return_inverse or return_counts or axis is not None:
        raise not_implemented(np.unique, "return_index=, return_inverse=, return_counts= and "
                                         "axis=")
    from .selection import _compact

    s = sort(ar, axis=None)
    if s.size < 2:
        return s
    first = _empty(s.shape, s.map, np.bool_, s._impl.context)
    first[0:1] = True
    new = np.not_equal(s[1:], s[:-1])
    if equal_nan and s.dtype.kind == "f":
        new = new & ~(np.isnan(s[1:]) & np.isnan(s[:-1]))
    first[1:] = new
    return _compact(s, first)


@implements(np.nanmedian, test=_TEST.format("unique_nanmedian"))
def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """numpy.nanmedian with axis=None: the median of the non-NaN cells (a compaction, then the
    sort); NaN and a RuntimeWarning when there are none."""
    if out is not None or keepdims or axis is not None:
        raise not_implemented(np.nanmedian, "axis=, out= and keepdims=")
    a = _check(np.nanmedian, a, None, None)
    if a.dtype.kind != "f":
        return median(a)
    from .selection import _compact
    from .shape import ravel as _ravel

    flat = _ravel(a) if a.ndim > 1 else a
    kept = _compact(flat, ~np.isnan(flat))
    if kept.size == 0:
        import warnings

        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=2)
        return a.dtype.type(np.nan)
    return median(kept)
