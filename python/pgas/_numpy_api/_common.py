"""What every group of the NumPy API needs: an elementwise function applied to the local parts
of broadcast operands (darrays of any map, NumPy arrays, scalars), with NumPy's dtype and
broadcasting rules and errors decided before any data moves."""
from __future__ import annotations

import numbers
from typing import Any, Callable, Optional, Sequence

import numpy as np

from ..darray import (_axis, _broadcast_shape, _empty, _local_operand, _result_map, darray,
                      supported_dtype)

__all__ = ["local_elementwise", "is_darray", "axis_index", "stand_in", "check_no_out"]


def is_darray(x: Any) -> bool:
    return isinstance(x, darray)


def stand_in(x: Any) -> Any:
    """An empty NumPy array of x's dtype and ndim (a scalar stays as it is): NumPy's dtype
    rules and its TypeErrors on it cost nothing."""
    if isinstance(x, darray):
        return np.empty((0,) * x.ndim, dtype=x.dtype)
    if np.ndim(x):
        return np.empty((0,) * np.ndim(x), dtype=np.asarray(x).dtype)
    return x


def local_elementwise(f: Callable[..., np.ndarray], operands: Sequence[Any],
                      dtype: Optional[Any] = None) -> darray:
    """``f(*operands)`` for elementwise ``f``: the result takes the map of the leftmost darray
    operand of the broadcast shape (as ufuncs do, SPEC §2), every other operand is brought onto
    it (a redistribution or a broadcast, never a gather), then ``f`` runs on the local parts.
    The result's dtype is NumPy's for ``f`` on empty stand-ins, unless ``dtype`` is given.
    Collective."""
    arrays = [x for x in operands if isinstance(x, darray)]
    ctx = arrays[0]._impl.context
    if any(x._impl.context.user_handle != ctx.user_handle for x in arrays[1:]):
        raise ValueError("the operands live on different communicators")
    shape = _broadcast_shape([x.shape if isinstance(x, darray) else np.shape(x)
                              for x in operands])
    want = np.asarray(f(*[stand_in(x) for x in operands])).dtype if dtype is None else \
        np.dtype(dtype)
    supported_dtype(want)
    out = _empty(shape, _result_map(tuple(operands), shape), want, ctx)
    locals_ = [_local_operand(x, out) for x in operands]  # collective: every rank
    out.local[...] = f(*locals_)
    return out


def axis_index(axis: Any, ndim: int) -> Optional[int]:
    """None, or NumPy's normalised axis (AxisError when out of range, TypeError when not an
    integer)."""
    if axis is None:
        return None
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (numbers.Integral, np.integer)):
        raise TypeError(f"'{type(axis).__name__}' object cannot be interpreted as an integer")
    return _axis(axis, ndim)


def check_no_out(name: str, out: Any) -> None:
    if out is not None:
        raise NotImplementedError(f"numpy.{name} on a darray: out= is not supported "
                                  f"(assign the result: B[...] = np.{name}(A, ...))")
