"""NumPy's shape functions on darrays.

Without data movement (each rank keeps its cells): ``squeeze``, ``expand_dims``,
``atleast_1d/2d/3d`` (unit axes dropped or added, C++ without_unit_dim / with_unit_dim), and
``transpose`` with axes, ``swapaxes``, ``moveaxis``, ``permute_dims``, ``matrix_transpose``
(the map's grid, distributions and overlap are permuted with the axes, each rank transposes
its part). By one redistribution: ``reshape``/``ravel`` (C order, any maps: each owned cell goes
to the owner of the same flat index, C++ assign_flat), ``concatenate``/``stack``/``vstack``/
``hstack``/``column_stack`` (each input copied into its region of the result), ``flip`` (a
reversed region), ``roll`` (two region copies per axis), ``broadcast_to``. ``split``/
``array_split``/``hsplit``/``vsplit`` return slices (regions). All collective."""
from __future__ import annotations

import numbers
import operator
from typing import Any, List, Sequence, Tuple

import numpy as np
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from ..darray import _broadcast_value, _empty, _expand, _squeeze, darray, supported_dtype
from ..maps import dmap
from . import implements, not_implemented

_TEST = "test_numpy_shape.py::test_{}"


def _shape(x: Any) -> Tuple[int, ...]:
    return x.shape if isinstance(x, darray) else np.shape(x)


def _default_map(procs: Sequence[int], ndim: int) -> dmap:
    """The map of a result whose dimensions do not match the input's: blocks of the first axis
    over the input's ranks, the other axes whole."""
    return dmap([len(procs)] + [1] * (ndim - 1), procs=list(procs))


def _new_shape(size: int, shape: Any) -> Tuple[int, ...]:
    """NumPy's reshape target (one -1 inferred) or its ValueError."""
    if isinstance(shape, (numbers.Integral, np.integer)):
        shape = (shape,)
    dims = [operator.index(n) for n in shape]
    unknown = [d for d, n in enumerate(dims) if n == -1]
    if len(unknown) > 1:
        raise ValueError("can only specify one unknown dimension")
    if any(n < -1 for n in dims):
        raise ValueError("negative dimensions not allowed")
    known = int(np.prod([n for n in dims if n != -1], dtype=np.int64))
    if unknown:
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape array of size {size} into shape "
                             f"{_shape_text(dims)}")
        dims[unknown[0]] = size // known
    elif known != size:
        raise ValueError(f"cannot reshape array of size {size} into shape {_shape_text(dims)}")
    return tuple(dims)


def _shape_text(dims: Sequence[int]) -> str:
    return "(" + ", ".join(str(n) for n in dims) + ("," if len(dims) == 1 else "") + ")"


def reshape_to(a: darray, shape: Tuple[int, ...], map: Any = None) -> darray:
    """``a``'s values in C order in a darray of ``shape`` on ``map`` (default: a's map when the
    number of dimensions is kept, else blocks of the first axis over a's ranks): one sparse
    exchange of the cells whose owner changes. Collective."""
    if map is None:
        map = a.map if len(shape) == a.ndim else _default_map(a.map.procs, len(shape))
    if len(shape) == 0:
        return np.asarray(a[(0,) * a.ndim])
    out = _empty(shape, map, a.dtype, a._impl.context)
    out._impl.assign_flat(a._impl)
    return out


@implements(np.reshape, test=_TEST.format("reshape_ravel"))
def reshape(a, /, shape=None, order="C", *, newshape=None, copy=None):
    """numpy.reshape in C order: a new darray (always a copy), on a's map when the number of
    dimensions is kept, else on blocks of the first axis over a's ranks."""
    if not isinstance(a, darray):
        raise not_implemented(np.reshape, "the array must be the darray")
    if shape is None:
        shape = newshape
    if shape is None:
        raise TypeError("reshape() missing 1 required positional argument: 'shape'")
    if order not in ("C", "A"):
        raise not_implemented(np.reshape, f"order={order!r}: darrays are C order")
    if copy is False:
        raise not_implemented(np.reshape, "copy=False: a darray reshape always copies")
    return reshape_to(a, _new_shape(a.size, shape))


@implements(np.ravel, test=_TEST.format("reshape_ravel"))
def ravel(a, order="C"):
    """numpy.ravel in C order: a 1-D darray on blocks over a's ranks (a copy)."""
    if order not in ("C", "A", "K"):
        raise not_implemented(np.ravel, f"order={order!r}: darrays are C order")
    if a.ndim == 1:
        return a.copy()
    return reshape_to(a, (a.size,))


@implements(np.squeeze, test=_TEST.format("squeeze_expand_dims"))
def squeeze(a, axis=None):
    """numpy.squeeze: the unit axes dropped, no data moves (all of them: a 0-d NumPy array)."""
    if axis is None:
        dims = [d for d, n in enumerate(a.shape) if n == 1]
    else:
        dims = list(normalize_axis_tuple(axis, a.ndim))
        if any(a.shape[d] != 1 for d in dims):
            raise ValueError("cannot select an axis to squeeze out which has size not equal "
                             "to one")
    if not dims:
        return a.copy()
    if len(dims) == a.ndim:
        return np.asarray(a[(0,) * a.ndim])
    return _squeeze(a.copy(), dims)


@implements(np.expand_dims, test=_TEST.format("squeeze_expand_dims"))
def expand_dims(a, axis):
    """numpy.expand_dims: unit axes inserted, no data moves."""
    if not isinstance(axis, (tuple, list)):
        axis = (axis,)
    axes = normalize_axis_tuple(axis, a.ndim + len(axis))
    return _expand(a.copy(), sorted(axes))


def _atleast(a: Any, ndim: int) -> Any:
    if not isinstance(a, darray):
        return {1: np.atleast_1d, 2: np.atleast_2d, 3: np.atleast_3d}[ndim](a)
    if a.ndim >= ndim:
        return a
    if ndim == 3:  # NumPy: (n,) -> (1, n, 1); (m, n) -> (m, n, 1)
        return _expand(a, [0, 2]) if a.ndim == 1 else _expand(a, [2])
    return _expand(a, list(range(ndim - a.ndim)))


for _n, _f in ((1, np.atleast_1d), (2, np.atleast_2d), (3, np.atleast_3d)):
    def _make(n=_n, f=_f):
        def atleast(*arys):
            out = tuple(_atleast(x, n) for x in arys)
            return out[0] if len(out) == 1 else out
        atleast.__doc__ = f"numpy.{f.__name__}: unit axes added, no data moves."
        implements(f, test=_TEST.format("squeeze_expand_dims"))(atleast)
    _make()


def permuted(a: darray, axes: Sequence[int]) -> darray:
    """The axes of ``a`` permuted with no communication: the map's grid, distributions and
    overlap follow the axes (the rank at grid coordinates c sits at c[axes]) and each rank
    transposes its part. Collective (builds a darray)."""
    axes = list(axes)
    if axes == list(range(a.ndim)):
        return a.copy()
    m = a.map
    procs = np.asarray(m.procs).reshape(m.grid).transpose(axes).ravel()
    new_map = dmap([m.grid[d] for d in axes], [m.dist[d] for d in axes], procs.tolist(),
                   [m.overlap[d] for d in axes])
    out = _empty([a.shape[d] for d in axes], new_map, a.dtype, a._impl.context)
    out.local[...] = np.transpose(a.local, axes)
    return out


@implements(np.transpose, np.permute_dims, test=_TEST.format("transpose_swapaxes_moveaxis"))
def transpose(a, axes=None):
    """numpy.transpose / permute_dims: reversed axes, or the permutation ``axes``; no data
    moves (the map follows the axes)."""
    if axes is None:
        return a.transpose()
    axes = tuple(axes)
    if len(axes) != a.ndim:
        raise ValueError("axes don't match array")
    norm = normalize_axis_tuple(axes, a.ndim, "axes")  # AxisError, repeated axis
    return permuted(a, norm)


@implements(np.matrix_transpose, test=_TEST.format("transpose_swapaxes_moveaxis"))
def matrix_transpose(x, /):
    """numpy.matrix_transpose: the last two axes swapped; no data moves."""
    if x.ndim < 2:
        raise ValueError(f"Input array must be at least 2-dimensional, but it is {x.ndim}")
    return permuted(x, list(range(x.ndim - 2)) + [x.ndim - 1, x.ndim - 2])


@implements(np.swapaxes, test=_TEST.format("transpose_swapaxes_moveaxis"))
def swapaxes(a, axis1, axis2):
    """numpy.swapaxes; no data moves."""
    i, j = normalize_axis_index(axis1, a.ndim), normalize_axis_index(axis2, a.ndim)
    axes = list(range(a.ndim))
    axes[i], axes[j] = j, i
    return permuted(a, axes)


@implements(np.moveaxis, test=_TEST.format("transpose_swapaxes_moveaxis"))
def moveaxis(a, source, destination):
    """numpy.moveaxis; no data moves."""
    source = normalize_axis_tuple(source, a.ndim, "source")
    destination = normalize_axis_tuple(destination, a.ndim, "destination")
    if len(source) != len(destination):
        raise ValueError("`source` and `destination` arguments must have the same number "
                         "of elements")
    order = [n for n in range(a.ndim) if n not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return permuted(a, order)


@implements(np.rollaxis, test=_TEST.format("transpose_swapaxes_moveaxis"))
def rollaxis(a, axis, start=0):
    """numpy.rollaxis; no data moves."""
    n = a.ndim
    axis = normalize_axis_index(axis, n)
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise np.exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but "
                                      f"{start} was passed in")
    if axis < start:
        start -= 1
    if axis == start:
        return a.copy()
    axes = list(range(n))
    axes.remove(axis)
    axes.insert(start, axis)
    return permuted(a, axes)


# ---- joining -----------------------------------------------------------------------------------

def _join(arrays: List[Any], axis: int, dtype: Any, name: str) -> darray:
    """The inputs (darrays of any maps, NumPy arrays) side by side along ``axis`` in a darray
    on the first darray's map (made to the result's shape); each input is copied into its
    region: one redistribution per darray input, none for NumPy inputs."""
    shapes = [_shape(x) for x in arrays]
    ndim = len(shapes[0])
    if ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    for k, s in enumerate(shapes[1:], 1):
        if len(s) != ndim:
            raise ValueError(f"all the input arrays must have same number of dimensions, but "
                             f"the array at index 0 has {ndim} dimension(s) and the array at "
                             f"index {k} has {len(s)} dimension(s)")
    axis = normalize_axis_index(axis, ndim)
    for k, s in enumerate(shapes[1:], 1):
        for d in range(ndim):
            if d != axis and s[d] != shapes[0][d]:
                raise ValueError(f"all the input array dimensions except for the concatenation "
                                 f"axis must match exactly, but along dimension {d}, the array "
                                 f"at index 0 has size {shapes[0][d]} and the array at index "
                                 f"{k} has size {s[d]}")
    want = np.dtype(dtype) if dtype is not None else np.result_type(
        *[x.dtype if isinstance(x, darray) else np.asarray(x).dtype for x in arrays])
    supported_dtype(want)
    first = next(x for x in arrays if isinstance(x, darray))
    shape = list(shapes[0])
    shape[axis] = sum(s[axis] for s in shapes)
    m = first.map if first.ndim == ndim else _default_map(first.map.procs, ndim)
    out = _empty(shape, m, want, first._impl.context)
    start = 0
    for x, s in zip(arrays, shapes):
        n = s[axis]
        if n:
            key = tuple(slice(start, start + n) if d == axis else slice(None)
                        for d in range(ndim))
            out[key] = x.astype(want) if isinstance(x, darray) and x.dtype != want else \
                (x if isinstance(x, darray) else np.asarray(x, dtype=want))
        start += n
    return out


def _sequence(arrays: Any, name: str) -> List[Any]:
    arrays = list(arrays)
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    return arrays


def _check_plain(func: Any, out: Any, casting: str) -> None:
    if out is not None:
        raise not_implemented(func, "out= is not supported")
    if casting != "same_kind":
        raise not_implemented(func, "casting= other than 'same_kind'")


@implements(np.concatenate, np.concat, test=_TEST.format("concatenate_stack"))
def concatenate(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """numpy.concatenate (and concat): on the first darray's map; ``axis=None`` joins the
    raveled inputs."""
    _check_plain(np.concatenate, out, casting)
    arrays = _sequence(arrays, "concatenate")
    if axis is None:
        arrays = [ravel(x) if isinstance(x, darray) else np.ravel(x) for x in arrays]
        axis = 0
    return _join(arrays, axis, dtype, "concatenate")


def _unit_at(x: Any, axis: int) -> Any:
    return _expand(x, [axis]) if isinstance(x, darray) else np.expand_dims(x, axis)


@implements(np.stack, test=_TEST.format("concatenate_stack"))
def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """numpy.stack: the inputs (same shape) along a new axis, on the first darray's map with
    that axis added."""
    _check_plain(np.stack, out, casting)
    arrays = _sequence(arrays, "stack")
    shapes = {_shape(x) for x in arrays}
    if len(shapes) != 1:
        raise ValueError("all input arrays must have the same shape")
    axis = normalize_axis_index(axis, len(_shape(arrays[0])) + 1)
    return _join([_unit_at(x, axis) for x in arrays], axis, dtype, "stack")


@implements(np.vstack, np.row_stack if hasattr(np, "row_stack") else np.vstack,
            test=_TEST.format("concatenate_stack"))
def vstack(tup, *, dtype=None, casting="same_kind"):
    """numpy.vstack: 1-D inputs as rows, joined along axis 0."""
    _check_plain(np.vstack, None, casting)
    return _join([_atleast(x, 2) for x in _sequence(tup, "vstack")], 0, dtype, "vstack")


@implements(np.hstack, test=_TEST.format("concatenate_stack"))
def hstack(tup, *, dtype=None, casting="same_kind"):
    """numpy.hstack: along axis 1 (axis 0 for 1-D inputs)."""
    _check_plain(np.hstack, None, casting)
    arrays = [_atleast(x, 1) for x in _sequence(tup, "hstack")]
    return _join(arrays, 0 if len(_shape(arrays[0])) == 1 else 1, dtype, "hstack")


@implements(np.column_stack, test=_TEST.format("concatenate_stack"))
def column_stack(tup):
    """numpy.column_stack: 1-D inputs as columns, joined along axis 1."""
    arrays = [(_unit_at(x, 1) if len(_shape(x)) < 2 else x) for x in _sequence(tup, "")]
    return _join(arrays, 1, None, "column_stack")


# ---- reordering ----------------------------------------------------------------------------------

@implements(np.flip, test=_TEST.format("flip_roll"))
def flip(m, axis=None):
    """numpy.flip: the reversed region (a copy on m's map, one redistribution)."""
    axes = range(m.ndim) if axis is None else normalize_axis_tuple(axis, m.ndim)
    key = tuple(slice(None, None, -1) if d in axes else slice(None) for d in range(m.ndim))
    return m[key]


@implements(np.fliplr, test=_TEST.format("flip_roll"))
def fliplr(m):
    """numpy.fliplr: flip along axis 1."""
    if m.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return flip(m, 1)


@implements(np.flipud, test=_TEST.format("flip_roll"))
def flipud(m):
    """numpy.flipud: flip along axis 0."""
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return flip(m, 0)


@implements(np.roll, test=_TEST.format("flip_roll"))
def roll(a, shift, axis=None):
    """numpy.roll: per axis two region copies (one redistribution each) into a darray on a's
    map; ``axis=None`` rolls the raveled array and reshapes it back."""
    if axis is None:
        return reshape_to(roll(ravel(a), shift, 0), a.shape, a.map)
    axes = normalize_axis_tuple(axis, a.ndim, allow_duplicate=True)
    shifts = np.broadcast_to(shift, (len(axes),)) if np.ndim(shift) == 0 or \
        len(np.atleast_1d(shift)) == len(axes) else None
    if shifts is None:
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    total = [0] * a.ndim
    for ax, s in zip(axes, np.atleast_1d(shifts)):
        total[ax] += int(s)
    out = a
    for ax, s in enumerate(total):
        n = a.shape[ax]
        if n == 0 or s % n == 0:
            continue
        s %= n
        src = out
        out = _empty(a.shape, a.map, a.dtype, a._impl.context)
        whole = [(0, 1, k) for k in a.shape]
        for dest_start, src_start, count in ((s, 0, n - s), (0, n - s, s)):
            dest, source = list(whole), list(whole)
            dest[ax], source[ax] = (dest_start, 1, count), (src_start, 1, count)
            out._impl.assign_region(dest, src._impl, source)
    return out.copy() if out is a else out


@implements(np.broadcast_to, test=_TEST.format("broadcast_to_split"))
def broadcast_to(array, shape, subok=False):
    """numpy.broadcast_to: a new darray (NumPy returns a read-only view) on the input's map made
    to the shape; no rank gathers the input."""
    shape = (operator.index(shape),) if isinstance(shape, numbers.Integral) else \
        tuple(operator.index(n) for n in shape)
    try:
        np.broadcast_shapes(array.shape, shape)
        ok = tuple(np.broadcast_shapes(array.shape, shape)) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"operands could not be broadcast together with remapped shapes "
                         f"[original->remapped]: {_shape_text(array.shape)}  and requested "
                         f"shape {_shape_text(shape)}")
    if shape == array.shape:
        return array.copy()
    return _broadcast_value(array, shape)


def _split_points(n: int, sections: Any, equal: bool) -> List[int]:
    if isinstance(sections, (numbers.Integral, np.integer)):
        count = int(sections)
        if count <= 0:
            raise ValueError("number sections must be larger than 0.")
        if equal and n % count:
            raise ValueError("array split does not result in an equal division")
        each, extras = divmod(n, count)
        sizes = [0] + extras * [each + 1] + (count - extras) * [each]
        return list(np.cumsum(sizes))
    return [0] + [int(i) for i in sections] + [n]


def _split(a: darray, sections: Any, axis: int, equal: bool) -> List[darray]:
    axis = normalize_axis_index(axis, a.ndim)
    points = _split_points(a.shape[axis], sections, equal)
    head = (slice(None),) * axis
    return [a[head + (slice(lo, hi),)] for lo, hi in zip(points[:-1], points[1:])]


@implements(np.array_split, test=_TEST.format("broadcast_to_split"))
def array_split(ary, indices_or_sections, axis=0):
    """numpy.array_split: slices (each a darray on the region's map)."""
    return _split(ary, indices_or_sections, axis, False)


@implements(np.split, test=_TEST.format("broadcast_to_split"))
def split(ary, indices_or_sections, axis=0):
    """numpy.split: slices; ValueError when an integer does not divide the axis."""
    return _split(ary, indices_or_sections, axis, True)


@implements(np.hsplit, test=_TEST.format("broadcast_to_split"))
def hsplit(ary, indices_or_sections):
    """numpy.hsplit: split along axis 1 (0 for 1-D)."""
    return _split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0, True)


@implements(np.vsplit, test=_TEST.format("broadcast_to_split"))
def vsplit(ary, indices_or_sections):
    """numpy.vsplit: split along axis 0 (2-D and up)."""
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return _split(ary, indices_or_sections, 0, True)


# ---- repetition and padding ----------------------------------------------------------------------

@implements(np.tile, test=_TEST.format("tile_repeat_pad"))
def tile(A, reps):
    """numpy.tile: A with a unit axis before each axis, broadcast to the repetitions, then
    reshaped in C order (a broadcast and one exchange); on A's map when the number of
    dimensions is kept."""
    reps = (operator.index(reps),) if np.ndim(reps) == 0 else tuple(operator.index(r)
                                                                    for r in reps)
    nd = max(A.ndim, len(reps))
    a = _expand(A, list(range(nd - A.ndim))) if nd > A.ndim else A
    reps = (1,) * (nd - len(reps)) + reps
    if any(r < 0 for r in reps):
        raise ValueError("negative dimensions are not allowed")
    shape = tuple(r * n for r, n in zip(reps, a.shape))
    if all(r == 1 for r in reps):
        return a.copy()
    spread = _expand(a, [2 * d for d in range(nd)])  # (1, s1, 1, s2, ...)
    wide = tuple(x for r, n in zip(reps, a.shape) for x in (r, n))
    target = A.map if nd == A.ndim else None
    if 0 in wide:
        return _empty(shape, target or _default_map(A.map.procs, nd), A.dtype, A._impl.context)
    return reshape_to(_broadcast_value(spread, wide), shape, target)


@implements(np.repeat, test=_TEST.format("tile_repeat_pad"))
def repeat(a, repeats, axis=None):
    """numpy.repeat: an integer count is a unit axis after ``axis`` broadcast and merged (one
    exchange); counts per element are A[..., idx, ...] with NumPy's repeated indices."""
    if axis is None:
        a, axis = ravel(a), 0
    axis = normalize_axis_index(axis, a.ndim)
    if np.ndim(repeats) == 0:
        k = operator.index(repeats)
        if k < 0:
            raise ValueError("negative dimensions are not allowed")
        shape = a.shape[:axis] + (a.shape[axis] * k,) + a.shape[axis + 1:]
        if k == 1:
            return a.copy()
        if k == 0 or a.size == 0:
            return _empty(shape, a.map, a.dtype, a._impl.context)
        spread = _expand(a, [axis + 1])
        wide = a.shape[:axis + 1] + (k,) + a.shape[axis + 1:]
        return reshape_to(_broadcast_value(spread, wide), shape, a.map)
    from .selection import take_along

    counts = np.asarray(repeats)
    idx = np.repeat(np.arange(a.shape[axis]), counts)  # NumPy's errors for bad counts
    return take_along(a, idx, axis)


@implements(np.pad, test=_TEST.format("tile_repeat_pad"))
def pad(array, pad_width, mode="constant", **kwargs):
    """numpy.pad with mode='constant': a darray of the padded shape on the array's map, filled
    with the constants, the array copied into its region (one redistribution)."""
    if mode != "constant":
        raise not_implemented(np.pad, f"mode={mode!r} (only 'constant')")
    unknown = set(kwargs) - {"constant_values"}
    if unknown:
        raise ValueError(f"unsupported keyword arguments for mode 'constant': {unknown}")
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (array.ndim, 2))
    if (widths < 0).any():
        raise ValueError("index can't contain negative values")
    values = np.broadcast_to(np.asarray(kwargs.get("constant_values", 0)), (array.ndim, 2))
    shape = tuple(int(n + lo + hi) for n, (lo, hi) in zip(array.shape, widths))
    out = _empty(shape, array.map, array.dtype, array._impl.context)
    # NumPy fills the axes in order, later axes overwriting the corners.
    for d in range(array.ndim):
        for side, (lo, hi) in ((0, (0, widths[d, 0])), (1, (shape[d] - widths[d, 1], shape[d]))):
            if hi > lo:
                key = tuple(slice(lo, hi) if e == d else slice(None) for e in range(array.ndim))
                out[key] = np.asarray(values[d, side]).astype(array.dtype)
    inner = tuple(slice(int(lo), int(lo) + n) for n, (lo, _) in zip(array.shape, widths))
    if array.size:
        out[inner] = array
    return out
