"""NumPy's reductions and array queries on darrays: ``np.sum(A, axis=0)`` is ``A.sum(axis=0)``
(the C++ reductions, darray/…/reductions.hpp); ``np.shape``, ``np.ndim``, ``np.size``,
``np.copy``, ``np.astype`` read or copy the darray. ``keepdims=True`` keeps the reduced axis as
a unit axis: a darray for an integer axis, a small NumPy array of ones in the shape for
``axis=None`` (NumPy's value there is one cell)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..darray import _expand, darray
from . import implements, not_implemented
from ._common import axis_index

_NoValue = np._NoValue
_TEST = "test_numpy_dispatch.py::test_reductions_match_numpy"


def _given(**kw: Any) -> dict:
    return {k: v for k, v in kw.items() if v is not _NoValue}


def _reduction(name: str, numpy_function: Any, a: Any, axis: Any, keepdims: Any, **kw: Any) -> Any:
    if not isinstance(a, darray):
        raise not_implemented(numpy_function, "only the array argument may be a darray")
    value = getattr(a, name)(axis=axis, **_given(**kw))
    if keepdims is _NoValue or not keepdims:
        return value
    if isinstance(value, darray):
        return _expand(value, [axis_index(axis, a.ndim)])
    return np.full((1,) * a.ndim, value)


def _make(name: str, numpy_function: Any, with_dtype: bool, with_ddof: bool = False) -> None:
    if with_ddof:
        def reduce(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *,
                   where=_NoValue, mean=_NoValue, correction=_NoValue):
            if mean is not _NoValue or correction is not _NoValue:
                raise not_implemented(numpy_function, "mean= and correction= are not supported")
            return _reduction(name, numpy_function, a, axis, keepdims, dtype=dtype, out=out,
                              ddof=ddof, where=where)
    elif with_dtype:
        def reduce(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
                   where=_NoValue):
            return _reduction(name, numpy_function, a, axis, keepdims, dtype=dtype, out=out,
                              initial=initial, where=where)
    elif name in ("argmin", "argmax"):
        def reduce(a, axis=None, out=None, *, keepdims=_NoValue):
            return _reduction(name, numpy_function, a, axis, keepdims, out=out)
    elif name in ("any", "all"):
        def reduce(a, axis=None, out=None, keepdims=_NoValue, *, where=_NoValue):
            return _reduction(name, numpy_function, a, axis, keepdims, out=out, where=where)
    else:
        def reduce(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
            return _reduction(name, numpy_function, a, axis, keepdims, out=out, initial=initial,
                              where=where)
    reduce.__name__ = name
    reduce.__doc__ = f"numpy.{numpy_function.__name__} on a darray: A.{name}. Collective."
    implements(numpy_function, test=_TEST)(reduce)


for _name in ("sum", "prod"):
    _make(_name, getattr(np, _name), with_dtype=True)
for _name, _f in (("min", np.min), ("max", np.max), ("min", np.amin), ("max", np.amax)):
    _make(_name, _f, with_dtype=False)
for _name in ("argmin", "argmax", "any", "all"):
    _make(_name, getattr(np, _name), with_dtype=False)
_make("var", np.var, with_dtype=True, with_ddof=True)
_make("std", np.std, with_dtype=True, with_ddof=True)


def _mean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """numpy.mean on a darray: A.mean. Collective."""
    return _reduction("mean", np.mean, a, axis, keepdims, dtype=dtype, out=out, where=where)


implements(np.mean, test=_TEST)(_mean)

_QUERY_TEST = "test_numpy_dispatch.py::test_queries_and_copies"


@implements(np.shape, test=_QUERY_TEST)
def _shape(a):
    """numpy.shape: A.shape. Local."""
    return a.shape


@implements(np.ndim, test=_QUERY_TEST)
def _ndim(a):
    """numpy.ndim: A.ndim. Local."""
    return a.ndim


@implements(np.size, test=_QUERY_TEST)
def _size(a, axis=None):
    """numpy.size: A.size, or the length along ``axis``. Local."""
    return a.size if axis is None else a.shape[axis_index(axis, a.ndim)]


@implements(np.copy, test=_QUERY_TEST)
def _copy(a, order="K", subok=False):
    """numpy.copy: A.copy() (same map). Collective only in that every rank copies its part."""
    if order not in ("K", "A", "C"):
        raise not_implemented(np.copy, f"order={order!r}: darrays are C order")
    return a.copy()


@implements(np.astype, test=_QUERY_TEST)
def _astype(x, dtype, /, *, copy=True, device=None):
    """numpy.astype: A.astype(dtype) (same map; copy=False returns A when the dtype is A's). Local
    conversion, no communication."""
    if not copy and np.dtype(dtype) == x.dtype:
        return x
    return x.astype(dtype)


@implements(np.iscomplexobj, test=_QUERY_TEST)
def _iscomplexobj(x):
    """numpy.iscomplexobj: whether A's dtype is complex. Local."""
    return x.dtype.kind == "c"


@implements(np.isrealobj, test=_QUERY_TEST)
def _isrealobj(x):
    """numpy.isrealobj: whether A's dtype is not complex. Local."""
    return x.dtype.kind != "c"


@implements(np.result_type, test=_QUERY_TEST)
def _result_type(*arrays_and_dtypes):
    """numpy.result_type with darrays among the arguments (their dtypes count). Local."""
    return np.result_type(*[x.dtype if isinstance(x, darray) else x for x in arrays_and_dtypes])
