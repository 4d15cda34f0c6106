"""NumPy's selection on darrays: boolean-mask indexing ``A[mask]`` (a 1-D darray in C order,
as NumPy) and ``A[mask] = v``; integer-array (fancy) indexing on one axis ``A[idx]``,
``A[:, idx]`` both ways; ``nonzero``/``flatnonzero``/``argwhere``/``count_nonzero``/
``where(c)``/``extract``; ``take``/``put``; ``place``/``putmask``/``copyto``; ``select``/``choose``.

The moves are the C++ cells-by-flat-index exchanges (darray/…/flat_cells.hpp): a mask and the
array are laid out in C order on blocks (one exchange each, none when they already are), each
rank counts its true cells, an exclusive scan over the ranks gives each its place in the
result, and one exchange sends the selected cells there. Fancy indexing fetches each result
cell from its owner (gather_flat: requests and replies) or sends each assigned value to its
owner (scatter_flat). Results are 1-D darrays on blocks over the array's ranks (``nonzero``:
one per dimension, ``argwhere``: (count, ndim) on blocks of rows) unless said otherwise.
All collective."""
from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np
from mpi4py import MPI

from .. import _context
from ..darray import _empty, _local_operand, darray
from ..maps import dmap
from . import implements, not_implemented
from ._common import local_elementwise
from .shape import _default_map, reshape_to

_TEST = "test_numpy_selection.py::test_{}"


def _blocks(a: darray) -> dmap:
    return _default_map(a.map.procs, 1)


def _flat_on_blocks(x: darray, m: dmap) -> darray:
    """x raveled in C order on the 1-D map m (no move when x already is that)."""
    if x.ndim == 1 and x.map == m:
        return x
    return reshape_to(x, (x.size,), m)


def _place(m: dmap, ctx: Any, local_count: int) -> Tuple[int, int]:
    """(the number of selected cells before this rank's block on the 1-D block map m, the
    total): an exclusive scan in block order, and a sum. Collective over the communicator."""
    comm = _context.comm_of(ctx)
    coords = m.grid_coords()
    fiber = comm.Split(0 if coords is not None else MPI.UNDEFINED,
                       coords[0] if coords is not None else 0)
    before = 0
    if fiber != MPI.COMM_NULL:
        before = fiber.exscan(local_count) or 0
        fiber.Free()
    return int(before), int(comm.allreduce(local_count))


def _compact(values: darray, mask: darray) -> darray:
    """values[mask] for a bool darray mask of values' shape: a 1-D darray in C order."""
    m = _blocks(values)
    flat_mask = _flat_on_blocks(mask if mask.dtype == np.bool_ else mask.astype(bool), m)
    flat_values = _flat_on_blocks(values, m)
    keep = flat_mask.local
    picked = flat_values.local[keep]
    before, total = _place(m, values._impl.context, int(picked.size))
    out = _empty((total,), m, values.dtype, values._impl.context)
    _deliver(out, before, picked)
    return out


def _block_start(x: darray) -> int:
    """The first global index this rank holds of a 1-D darray on blocks (0 if none). Local."""
    runs = x.map.owned_runs(x.shape)
    return int(runs[0][0].start) if runs and runs[0] and runs[0][0].size else 0


def _deliver(out: darray, before: int, picked: np.ndarray) -> None:
    """out[before:before + len(picked)] = picked for a 1-D out on blocks: the part of the range
    this rank holds is copied in place, only the rest is sent (scatter_flat). Collective."""
    lo, held = _block_start(out), out.local.shape[0]
    start, stop = max(lo, before), min(lo + held, before + picked.size)
    if stop > start:
        out.local[start - lo:stop - lo] = picked[start - before:stop - before]
        positions = np.concatenate([np.arange(before, start, dtype=np.int64),
                                    np.arange(stop, before + picked.size, dtype=np.int64)])
        values = np.concatenate([picked[:start - before], picked[stop - before:]])
        out._impl.scatter_flat(positions, values)
    else:
        out._impl.scatter_flat(np.arange(before, before + picked.size, dtype=np.int64), picked)


def _as_mask(a: darray, key: Any) -> darray:
    if isinstance(key, darray):
        if key.shape != a.shape:
            raise IndexError(f"boolean index did not match indexed array along axis 0; size of "
                             f"axis is {a.shape[0]} but size of corresponding boolean axis is "
                             f"{key.shape[0] if key.ndim else 1}" if key.ndim and
                             key.shape[0] != a.shape[0] else
                             f"boolean index of shape {key.shape} does not match the array's "
                             f"shape {a.shape}")
        return key
    arr = np.asarray(key)
    if arr.shape != a.shape:
        raise IndexError(f"boolean index of shape {arr.shape} does not match the array's shape "
                         f"{a.shape}")
    out = _empty(a.shape, a.map, np.bool_, a._impl.context)
    out.local[...] = _local_operand(arr, out)
    return out


def _flat_positions(mask: darray, m: dmap) -> Tuple[np.ndarray, int, int]:
    """This rank's true cells of the mask laid out on m: (their flat indices, the count before
    this rank, the total)."""
    flat_mask = _flat_on_blocks(mask, m)
    mine = _block_start(flat_mask) + np.flatnonzero(flat_mask.local)
    before, total = _place(m, mask._impl.context, int(mine.size))
    return mine.astype(np.int64), before, total


def mask_setitem(a: darray, key: Any, value: Any) -> None:
    """A[mask] = value: a scalar (or one value) goes to every true cell; otherwise the values
    (a 1-D darray or NumPy array, one per true cell, in C order) are sent to the owners."""
    mask = _as_mask(a, key)
    if mask.dtype != np.bool_:
        mask = mask.astype(bool)
    if not isinstance(value, darray) and np.size(value) == 1:
        here = _local_operand(mask, a) if mask.map != a.map else mask.local
        a.local[np.asarray(here, dtype=bool)] = np.asarray(value, dtype=a.dtype).reshape(())
        return
    m = _blocks(a)
    flat, before, total = _flat_positions(mask, m)
    size = value.size if isinstance(value, darray) else np.size(value)
    if size != total:
        raise ValueError(f"NumPy boolean array indexing assignment cannot assign {size} input "
                         f"values to the {total} output values where the mask is true")
    where = np.arange(before, before + flat.size, dtype=np.int64)
    if isinstance(value, darray):
        v = value if value.ndim == 1 else _flat_on_blocks(value, _blocks(value))
        vals = v.astype(a.dtype)._impl.gather_flat(where) if v.dtype != a.dtype else \
            v._impl.gather_flat(where)
    else:
        vals = np.asarray(value, dtype=a.dtype).reshape(-1)[where]
    a._impl.scatter_flat(flat, vals)


# ---- fancy indexing on one axis -----------------------------------------------------------------

def _is_array_like(k: Any) -> bool:
    return isinstance(k, (darray, np.ndarray, list))


def _one_axis(a: darray, key: Any) -> Tuple[int, Any]:
    """(axis, index array) of a key with one integer array and full slices elsewhere."""
    parts = key if isinstance(key, tuple) else (key,)
    if any(p is Ellipsis for p in parts):
        e = parts.index(Ellipsis)
        parts = parts[:e] + (slice(None),) * (a.ndim - len(parts) + 1) + parts[e + 1:]
    arrays = [d for d, p in enumerate(parts) if _is_array_like(p)]
    others = [p for d, p in enumerate(parts) if d not in arrays]
    if len(arrays) != 1 or any(p != slice(None) for p in others) or len(parts) > a.ndim:
        raise NotImplementedError(
            "pgas implements integer-array indexing on one axis with full slices elsewhere "
            "(A[idx], A[:, idx]) and boolean masks of the array's shape; got "
            f"{key!r:.80}")
    return arrays[0], parts[arrays[0]]


def _index_values(idx: Any, n: int, axis: int) -> np.ndarray:
    """A replicated integer index array, negatives wrapped; NumPy's IndexError out of range."""
    arr = np.asarray(idx)
    if arr.dtype == np.bool_:
        if arr.ndim != 1 or arr.shape[0] != n:
            raise IndexError(f"boolean index did not match indexed array along axis {axis}; "
                             f"size of axis is {n} but size of corresponding boolean axis is "
                             f"{arr.shape[0] if arr.ndim else 1}")
        arr = np.nonzero(arr)[0]
    if arr.size == 0:
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise IndexError("arrays used as indices must be of integer (or boolean) type")
    bad = (arr < -n) | (arr >= n)
    if bad.any():
        raise IndexError(f"index {int(arr[bad].flat[0])} is out of bounds for axis {axis} "
                         f"with size {n}")
    return np.where(arr < 0, arr + n, arr).astype(np.int64)


def _source_flat(a: darray, axis: int, idx_ndim: int, out: darray,
                 picked: np.ndarray) -> np.ndarray:
    """Flat indices into ``a`` of out's held cells, where out's axes axis..axis+idx_ndim-1
    run over the index array and ``picked`` (shaped to broadcast against out's open mesh of
    held indices) holds the index values there."""
    cells = list(np.ix_(*out._held_indices()))
    strides = [int(np.prod(a.shape[d + 1:], dtype=np.int64)) for d in range(a.ndim)]
    flat = picked * strides[axis]
    for d in range(axis):
        flat = flat + cells[d] * strides[d]
    for d in range(axis + 1, a.ndim):
        flat = flat + cells[d - 1 + idx_ndim] * strides[d]
    return np.ascontiguousarray(np.broadcast_to(flat, out.local_shape), dtype=np.int64)


def take_along(a: darray, idx: Any, axis: int, result_map: Optional[dmap] = None) -> darray:
    """A[(:,)*axis + (idx,)]: each rank fetches its result cells from their owners (NumPy
    index arrays are the same on every rank; a 1-D darray index is read where needed)."""
    n = a.shape[axis]
    if isinstance(idx, darray):
        if idx.ndim != 1:
            raise NotImplementedError("a darray index array must be 1-D")
        if idx.dtype.kind not in "iu":
            raise IndexError("arrays used as indices must be of integer (or boolean) type")
        shape = a.shape[:axis] + idx.shape + a.shape[axis + 1:]
        out = _empty(shape, result_map or a.map, a.dtype, a._impl.context)
        picked = idx._impl.gather_flat(out.global_ind(axis).astype(np.int64)).astype(np.int64)
        first_bad = _first(_context.comm_of(a._impl.context), picked[(picked < -n) | (picked >= n)])
        if first_bad is not None:
            raise IndexError(f"index {first_bad} is out of bounds for axis {axis} with size {n}")
        picked = np.where(picked < 0, picked + n, picked)
        idx_ndim = 1
        mesh = [1] * out.ndim
        mesh[axis] = -1
        picked = picked.reshape(mesh)
    else:
        values = _index_values(idx, n, axis)
        shape = a.shape[:axis] + values.shape + a.shape[axis + 1:]
        m = result_map or (a.map if values.ndim == 1 else _default_map(a.map.procs, len(shape)))
        out = _empty(shape, m, a.dtype, a._impl.context)
        idx_ndim = values.ndim
        held = out._held_indices()[axis:axis + idx_ndim]
        picked = values[np.ix_(*held)] if idx_ndim else values
        picked = np.asarray(picked).reshape([1] * axis + list(np.shape(picked)) +
                                            [1] * (out.ndim - axis - idx_ndim))
    flat = _source_flat(a, axis, idx_ndim, out, picked)
    got = a._impl.gather_flat(flat.ravel())
    if out.local.size:
        out.local[...] = got.reshape(out.local_shape)
    return out


def _first(comm: Any, bad: np.ndarray) -> Optional[int]:
    """The first bad index of the lowest rank that has one, on every rank (or None)."""
    got = comm.allgather(int(bad[0]) if bad.size else None)
    return next((g for g in got if g is not None), None)


def fancy_getitem(a: darray, key: Any) -> Any:
    """``A[mask]`` or ``A[..., idx, ...]`` (one integer array, full slices elsewhere)."""
    if isinstance(key, darray) and key.dtype == np.bool_ or \
            (isinstance(key, (np.ndarray, list)) and np.asarray(key).dtype == np.bool_ and
             np.ndim(key) == a.ndim and a.ndim > 1) or \
            (isinstance(key, np.ndarray) and key.dtype == np.bool_ and key.shape == a.shape):
        return _compact(a, _as_mask(a, key))
    axis, idx = _one_axis(a, key)
    return take_along(a, idx, axis)


def fancy_setitem(a: darray, key: Any, value: Any) -> None:
    """``A[mask] = v`` or ``A[..., idx, ...] = v``."""
    if isinstance(key, darray) and key.dtype == np.bool_ or \
            (isinstance(key, np.ndarray) and key.dtype == np.bool_ and key.shape == a.shape):
        mask_setitem(a, key, value)
        return
    axis, idx = _one_axis(a, key)
    if isinstance(idx, darray):
        raise NotImplementedError("assignment through a darray index array is not "
                                  "implemented; use a NumPy index array")
    values = _index_values(idx, a.shape[axis], axis)
    target = a.shape[:axis] + values.shape + a.shape[axis + 1:]
    # The target cells split in C order over the array's ranks: each rank sends its share.
    size = int(np.prod(target, dtype=np.int64))
    rank, ranks = a._impl.context.rank, a._impl.context.size
    lo, hi = size * rank // ranks, size * (rank + 1) // ranks
    mine = np.arange(lo, hi, dtype=np.int64)
    cells = np.unravel_index(mine, target) if target else ()
    strides = [int(np.prod(a.shape[d + 1:], dtype=np.int64)) for d in range(a.ndim)]
    k = values.ndim
    flat = values[tuple(cells[axis:axis + k])] * strides[axis] if k else \
        np.full(mine.shape, values * strides[axis])
    for d in range(axis):
        flat = flat + cells[d] * strides[d]
    for d in range(axis + 1, a.ndim):
        flat = flat + cells[d - 1 + k] * strides[d]
    if isinstance(value, darray):
        if value.shape != target:
            from ..darray import _broadcast_value

            value = _broadcast_value(value, target)
        vals = value.astype(a.dtype)._impl.gather_flat(mine) if value.dtype != a.dtype else \
            value._impl.gather_flat(mine)
    else:
        try:
            v = np.broadcast_to(np.asarray(value, dtype=a.dtype), target)
        except ValueError:
            raise ValueError(f"shape mismatch: value array of shape {np.shape(value)} could not "
                             f"be broadcast to indexing result of shape {target}") from None
        vals = v.reshape(-1)[mine] if size else np.empty(0, a.dtype)
    a._impl.scatter_flat(np.asarray(flat, dtype=np.int64), np.asarray(vals, dtype=a.dtype))


# ---- functions -----------------------------------------------------------------------------------

def _nonzero_mask(a: darray) -> darray:
    return a if a.dtype == np.bool_ else local_elementwise(lambda x: x != 0, (a,), np.bool_)


@implements(np.flatnonzero, test=_TEST.format("nonzero_family"))
def flatnonzero(a):
    """numpy.flatnonzero: the flat indices of the nonzero cells, a 1-D int64 darray."""
    mask = _nonzero_mask(a)
    m = _blocks(a)
    flat, before, total = _flat_positions(mask, m)
    out = _empty((total,), m, np.int64, a._impl.context)
    _deliver(out, before, flat)
    return out


@implements(np.nonzero, test=_TEST.format("nonzero_family"))
def nonzero(a):
    """numpy.nonzero: a tuple of 1-D int64 darrays (one per dimension) on one block map."""
    flat = flatnonzero(a)
    parts = np.unravel_index(flat.local, a.shape)
    out = []
    for p in parts:
        d = _empty(flat.shape, flat.map, np.int64, a._impl.context)
        d.local[...] = p
        out.append(d)
    return tuple(out)


@implements(np.argwhere, test=_TEST.format("nonzero_family"))
def argwhere(a):
    """numpy.argwhere: a (count, ndim) int64 darray on blocks of rows."""
    flat = flatnonzero(a)
    m = _default_map(a.map.procs, 2)
    out = _empty((flat.shape[0], a.ndim), m, np.int64, a._impl.context)
    if out.local.size:
        out.local[...] = np.stack(np.unravel_index(flat.local, a.shape), axis=1)
    return out


@implements(np.count_nonzero, test=_TEST.format("nonzero_family"))
def count_nonzero(a, axis=None, *, keepdims=False):
    """numpy.count_nonzero: a Python int (axis=None) or an int64 darray along an axis."""
    mask = _nonzero_mask(a)
    if axis is None:
        if keepdims:
            return np.full((1,) * a.ndim, int(mask.sum()))
        return int(mask.sum())
    if isinstance(axis, tuple):
        raise not_implemented(np.count_nonzero, "a tuple of axes")
    out = mask.sum(axis=axis)
    if keepdims:
        from ..darray import _expand

        out = _expand(out, [axis % a.ndim])
    return out


@implements(np.extract, test=_TEST.format("nonzero_family"))
def extract(condition, arr):
    """numpy.extract for a condition of arr's shape: arr[condition != 0]."""
    if not isinstance(arr, darray) or np.shape(condition) != arr.shape:
        raise not_implemented(np.extract, "condition and arr must have the same shape, arr a "
                                          "darray")
    cond = condition if isinstance(condition, darray) else _as_mask(
        arr, np.asarray(condition) != 0)
    return _compact(arr, _nonzero_mask(cond))


@implements(np.take, test=_TEST.format("take_put"))
def take(a, indices, axis=None, out=None, mode="raise"):
    """numpy.take: ``axis=None`` indexes the raveled array (the result has the indices' shape:
    on the indices' map for a darray, else blocks over a's ranks); an axis is A[..., idx, ...].
    ``mode='wrap'``/``'clip'`` for NumPy indices."""
    if out is not None:
        raise not_implemented(np.take, "out= is not supported")
    if not isinstance(a, darray):
        raise not_implemented(np.take, "the array must be the darray")
    if not isinstance(indices, darray):
        idx = np.asarray(indices)
        n = a.size if axis is None else a.shape[axis % a.ndim]
        if mode == "wrap":
            idx = np.mod(idx, n) if n else idx
        elif mode == "clip":
            idx = np.clip(idx, 0, n - 1)
        if idx.ndim == 0:
            flat_a = a if axis is not None else _flat_on_blocks(a, _blocks(a))
            got = take_along(flat_a if axis is None else a, idx.reshape(1),
                             0 if axis is None else axis % a.ndim)
            return got[(0,)] if axis is None else np.squeeze(got, axis % a.ndim)
        indices = idx
    elif mode != "raise":
        raise not_implemented(np.take, "mode= with a darray of indices")
    if axis is None:
        return take_along(_flat_on_blocks(a, _blocks(a)), indices, 0)
    from numpy.lib.array_utils import normalize_axis_index

    return take_along(a, indices, normalize_axis_index(axis, a.ndim))


@implements(np.put, test=_TEST.format("take_put"))
def put(a, ind, v, mode="raise"):
    """numpy.put: a.flat[ind] = v (v repeated when shorter), ind and v NumPy (the same on
    every rank); each rank sends its share of the pairs to the owners. Returns None."""
    if not isinstance(a, darray) or isinstance(ind, darray) or isinstance(v, darray):
        raise not_implemented(np.put, "the array must be the darray, ind and v NumPy")
    idx = np.asarray(ind).reshape(-1)
    n = a.size
    if mode == "wrap":
        idx = np.mod(idx, n) if n else idx
    elif mode == "clip":
        idx = np.clip(idx, 0, n - 1)
    elif idx.size and ((idx < -n) | (idx >= n)).any():
        bad = idx[(idx < -n) | (idx >= n)][0]
        raise IndexError(f"index {bad} is out of bounds for axis 0 with size {n}")
    idx = np.where(idx < 0, idx + n, idx).astype(np.int64)
    vals = np.resize(np.asarray(v, dtype=a.dtype), idx.shape)
    rank, ranks = a._impl.context.rank, a._impl.context.size
    lo, hi = idx.size * rank // ranks, idx.size * (rank + 1) // ranks
    # Later pairs win in NumPy: only the last pair of each index is sent.
    last = np.unique(idx[::-1], return_index=True)[1]
    keep = np.zeros(idx.size, bool)
    keep[idx.size - 1 - last] = True
    share = np.arange(lo, hi)
    share = share[keep[share]]
    a._impl.scatter_flat(idx[share], vals[share])


@implements(np.place, test=_TEST.format("place_putmask_copyto"))
def place(arr, mask, vals):
    """numpy.place: arr[mask] = the first values of vals, repeated as needed."""
    m = _as_mask(arr, mask) if not isinstance(mask, darray) else mask
    m = _nonzero_mask(m)
    count = int(m.sum())
    v = np.asarray(vals).reshape(-1)
    if count and v.size == 0:
        raise ValueError("Cannot insert from an empty array!")
    mask_setitem(arr, m, np.resize(v, count) if count else np.empty(0, arr.dtype))


@implements(np.putmask, test=_TEST.format("place_putmask_copyto"))
def putmask(a, mask, values):
    """numpy.putmask: a.flat[n] = values[n % len(values)] where mask.flat[n]."""
    m = _nonzero_mask(_as_mask(a, mask) if not isinstance(mask, darray) else mask)
    v = np.asarray(values).reshape(-1) if not isinstance(values, darray) else None
    if v is None:
        if values.shape == a.shape:
            mask_setitem(a, m, _compact(values, m))
            return
        raise not_implemented(np.putmask, "darray values of another shape than a")
    if v.size == 0:
        return
    flat = flatnonzero(m)
    out = _empty(flat.shape, flat.map, a.dtype, a._impl.context)
    out.local[...] = v[flat.local % v.size]
    mask_setitem(a, m, out)


@implements(np.copyto, test=_TEST.format("place_putmask_copyto"))
def copyto(dst, src, casting="same_kind", where=True):
    """numpy.copyto: dst[...] = src where ``where`` (broadcast; NumPy's casting check)."""
    if not isinstance(dst, darray):
        raise not_implemented(np.copyto, "dst must be the darray")
    sdt = src.dtype if isinstance(src, darray) else np.asarray(src).dtype
    if not np.can_cast(sdt, dst.dtype, casting=casting) and not (
            not isinstance(src, darray) and np.ndim(src) == 0 and casting == "same_kind" and
            np.can_cast(np.result_type(dst.dtype, src), dst.dtype, casting)):
        raise TypeError(f"Cannot cast array data from dtype('{sdt}') to dtype('{dst.dtype}') "
                        f"according to the rule '{casting}'")
    if where is True:
        dst[...] = src
        return
    new = local_elementwise(lambda d, s, w: np.where(w, s, d).astype(dst.dtype),
                            (dst, src, where), dtype=dst.dtype)
    dst[...] = new


@implements(np.select, test=_TEST.format("select_choose"))
def select(condlist, choicelist, default=0):
    """numpy.select: elementwise over broadcast conditions and choices (darrays of any maps,
    NumPy arrays, scalars)."""
    condlist, choicelist = list(condlist), list(choicelist)
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if not condlist:
        raise ValueError("select with an empty condition list is not possible")
    n = len(condlist)
    for k, c in enumerate(condlist):  # NumPy's check, before anything moves
        dt = c.dtype if isinstance(c, darray) else np.asarray(c).dtype
        if dt != np.bool_:
            raise TypeError(f"invalid entry {k} in condlist: should be boolean ndarray")
    return local_elementwise(lambda *xs: np.select(list(xs[:n]), list(xs[n:2 * n]), xs[2 * n]),
                             condlist + choicelist + [default])


@implements(np.choose, test=_TEST.format("select_choose"))
def choose(a, choices, out=None, mode="raise"):
    """numpy.choose: elementwise over broadcast a and choices."""
    if out is not None:
        raise not_implemented(np.choose, "out= is not supported")
    choices = list(choices)
    return local_elementwise(lambda x, *cs: np.choose(x, cs, mode=mode), [a] + choices)
