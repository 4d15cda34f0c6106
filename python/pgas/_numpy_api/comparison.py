"""NumPy's comparisons on darrays: ``isclose`` (a bool darray), ``allclose``, ``array_equal``,
``array_equiv`` (Python bools, the same on every rank). Operands may be darrays of any maps,
NumPy arrays or scalars; they broadcast as in NumPy. All collective."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..darray import darray
from . import implements
from ._common import local_elementwise

_TEST = "test_numpy_comparison.py::test_{}"


@implements(np.isclose, test=_TEST.format("isclose"))
def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """numpy.isclose: a bool darray on the map of the leftmost darray of the broadcast shape.
    Collective."""
    return local_elementwise(
        lambda x, y: np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan), (a, b))


@implements(np.allclose, test=_TEST.format("allclose"))
def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """numpy.allclose: a Python bool on every rank. Collective."""
    return bool(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


def _shape(x: Any):
    return x.shape if isinstance(x, darray) else np.shape(x)


def _equal(x, y, equal_nan: bool):
    same = np.equal(x, y)
    if equal_nan:
        x, y = np.asarray(x), np.asarray(y)
        if x.dtype.kind in "fc" and y.dtype.kind in "fc":
            same |= np.isnan(x) & np.isnan(y)
    return same


@implements(np.array_equal, test=_TEST.format("array_equal"))
def array_equal(a1, a2, equal_nan=False):
    """numpy.array_equal: True if the shapes are the same and every element is (NaN equal to
    NaN with ``equal_nan=True``). A Python bool on every rank. Collective."""
    if _shape(a1) != _shape(a2):
        return False
    return bool(local_elementwise(lambda x, y: _equal(x, y, equal_nan), (a1, a2),
                                  dtype=np.bool_).all())


@implements(np.array_equiv, test=_TEST.format("array_equiv"))
def array_equiv(a1, a2):
    """numpy.array_equiv: True if the shapes broadcast and every element of the broadcast is
    equal. A Python bool on every rank. Collective."""
    try:
        np.broadcast_shapes(_shape(a1), _shape(a2))
    except ValueError:
        return False
    return bool(local_elementwise(np.equal, (a1, a2), dtype=np.bool_).all())
