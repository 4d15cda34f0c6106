"""numpy.linalg on darrays: the functions pgas.linalg implements (ScaLAPACK, docs/linalg.md),
reached with NumPy's names and signatures (``np.linalg.solve(A, b)`` is
``pg.linalg.solve(A, b)``). Operands that are NumPy arrays (the same on every rank) are laid out
on blocks of rows over the darray's ranks first. All collective."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import linalg
from ..darray import darray
from . import implements, not_implemented
from .math import _as_darray_like, outer
from .shape import matrix_transpose

_TEST = "test_numpy_linalg.py::test_numpy_linalg_dispatches_to_pgas_linalg"


def _pair(func: Any, a: Any, b: Any):
    first = a if isinstance(a, darray) else b
    return _as_darray_like(a, first), _as_darray_like(b, first)


@implements(np.linalg.matmul, test=_TEST)
def matmul(x1, x2, /):
    """numpy.linalg.matmul: pgas.linalg.matmul (1-D and 2-D operands)."""
    return linalg.matmul(*_pair(np.linalg.matmul, x1, x2))


@implements(np.linalg.solve, test=_TEST)
def solve(a, b):
    """numpy.linalg.solve: pgas.linalg.solve (b of shape (n,) or (n, k))."""
    return linalg.solve(*_pair(np.linalg.solve, a, b))


@implements(np.linalg.inv, test=_TEST)
def inv(a):
    """numpy.linalg.inv: pgas.linalg.inv."""
    return linalg.inv(a)


@implements(np.linalg.det, test=_TEST)
def det(a):
    """numpy.linalg.det: pgas.linalg.det (a NumPy scalar on every rank)."""
    return linalg.det(a)


@implements(np.linalg.cholesky, test=_TEST)
def cholesky(a, /, *, upper=False):
    """numpy.linalg.cholesky: pgas.linalg.cholesky (``upper=True``: its conjugate transpose)."""
    low = linalg.cholesky(a)
    return np.conjugate(low.T) if upper else low


@implements(np.linalg.qr, test=_TEST)
def qr(a, mode="reduced"):
    """numpy.linalg.qr for modes 'reduced', 'complete', 'r': pgas.linalg.qr."""
    return linalg.qr(a, mode)


@implements(np.linalg.svd, test=_TEST)
def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """numpy.linalg.svd: pgas.linalg.svd ((U, S, Vh), or S alone; S a NumPy array)."""
    return linalg.svd(a, full_matrices, compute_uv, hermitian)


@implements(np.linalg.eigh, test=_TEST)
def eigh(a, UPLO="L"):
    """numpy.linalg.eigh: pgas.linalg.eigh ((w, v), w a NumPy array)."""
    return linalg.eigh(a, UPLO)


@implements(np.linalg.eigvalsh, test=_TEST)
def eigvalsh(a, UPLO="L"):
    """numpy.linalg.eigvalsh: pgas.linalg.eigvalsh (a NumPy array on every rank)."""
    return linalg.eigvalsh(a, UPLO)


@implements(np.linalg.lstsq, test=_TEST)
def lstsq(a, b, rcond=None):
    """numpy.linalg.lstsq: pgas.linalg.lstsq ((x, residuals, rank, s))."""
    return linalg.lstsq(*_pair(np.linalg.lstsq, a, b), rcond)


@implements(np.linalg.norm, test=_TEST)
def norm(x, ord=None, axis=None, keepdims=False):
    """numpy.linalg.norm over the whole array: pgas.linalg.norm."""
    if not isinstance(x, darray):
        raise not_implemented(np.linalg.norm, "x must be the darray")
    return linalg.norm(x, ord, axis, keepdims)


@implements(np.linalg.matrix_transpose, test=_TEST)
def _matrix_transpose(x, /):
    """numpy.linalg.matrix_transpose: the last two axes swapped; no data moves."""
    return matrix_transpose(x)


@implements(np.linalg.outer, test=_TEST)
def _outer(x1, x2, /):
    """numpy.linalg.outer of 1-D operands (numpy.outer)."""
    if len(np.shape(x1) if not isinstance(x1, darray) else x1.shape) != 1 or \
            len(np.shape(x2) if not isinstance(x2, darray) else x2.shape) != 1:
        raise ValueError("Input arrays must be one-dimensional")
    return outer(x1, x2)
