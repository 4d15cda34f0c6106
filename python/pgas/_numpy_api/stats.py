"""NumPy's statistics on darrays whose results are small: ``bincount`` and ``histogram`` (each
rank counts its owned cells with NumPy's loop, one MPI_Allreduce of the counts; NumPy arrays
on every rank), ``cov`` and ``corrcoef`` (the centred data times its conjugate transpose by
pgas.linalg.matmul: a (k, k) darray on blocks of rows, k the number of variables). All
collective."""
from __future__ import annotations

import operator
from typing import Any

import numpy as np
from mpi4py import MPI

from .. import _context
from ..darray import _expand, darray
from . import implements, not_implemented
from ._common import local_elementwise

_TEST = "test_numpy_stats.py::test_{}"


def _allreduce(x: darray, counts: np.ndarray) -> np.ndarray:
    out = np.empty_like(counts)
    _context.comm_of(x._impl.context).Allreduce(counts, out, op=MPI.SUM)
    return out


def _owned_flat(x: Any) -> np.ndarray:
    return np.ascontiguousarray(x.owned).reshape(-1)


@implements(np.bincount, test=_TEST.format("bincount"))
def bincount(x, /, weights=None, minlength=0):
    """numpy.bincount of a 1-D non-negative integer darray (weights: a darray of x's shape, any
    map): a NumPy array on every rank."""
    if not isinstance(x, darray):
        raise not_implemented(np.bincount, "x must be the darray")
    if x.ndim != 1:
        raise ValueError("object too deep for desired array")
    if x.dtype.kind not in "iub":
        raise TypeError("Cannot cast array data from dtype('float64') to dtype('int64') "
                        "according to the rule 'safe'" if x.dtype.kind == "f" else
                        f"Cannot cast array data from dtype('{x.dtype}') to dtype('int64') "
                        f"according to the rule 'safe'")
    minlength = operator.index(minlength)
    if minlength < 0:
        raise ValueError("'minlength' must not be negative")
    if x.size and int(x.min()) < 0:
        raise ValueError("'list' argument must have no negative elements")
    length = max(minlength, int(x.max()) + 1 if x.size else 0)
    mine = _owned_flat(x).astype(np.int64)
    if weights is None:
        return _allreduce(x, np.bincount(mine, minlength=length).astype(np.int64))
    w = weights if isinstance(weights, darray) else np.asarray(weights)
    if np.shape(w) != x.shape:
        raise ValueError("The weights and list don't have the same length.")
    wl = local_elementwise(lambda a, b: np.broadcast_to(b, np.shape(a)).astype(np.float64),
                           (x, w), dtype=np.float64)  # the weights on x's map
    # NumPy's dtype for the whole array on every rank (float64; int64 for an empty array even
    # with weights), not each part's.
    want = np.bincount(np.zeros(min(x.size, 1), np.int64),
                       weights=np.zeros(min(x.size, 1))).dtype
    counts = np.bincount(mine, weights=_owned_flat(wl), minlength=length).astype(want)
    return _allreduce(x, counts)


@implements(np.histogram, test=_TEST.format("histogram"))
def histogram(a, bins=10, range=None, density=None, weights=None):
    """numpy.histogram: (counts, bin edges), NumPy arrays on every rank. The range defaults to
    the global min and max; NumPy's binning runs on each rank's owned cells, so the counts are
    NumPy's exactly."""
    if not isinstance(a, darray):
        raise not_implemented(np.histogram, "a must be the darray")
    if weights is not None:
        raise not_implemented(np.histogram, "weights= is not supported")
    if isinstance(bins, str):
        raise not_implemented(np.histogram, "bin estimators (bins as a string)")
    if range is None and np.ndim(bins) == 0:
        if a.size:
            lo, hi = a.min(), a.max()
            if not (np.isfinite(lo) and np.isfinite(hi)):
                raise ValueError(f"autodetected range of [{lo}, {hi}] is not finite")
            range = (lo, hi)
        else:
            range = (0, 1)
    mine = _owned_flat(a)
    # NumPy's edges and its argument errors, from an empty stand-in with the same range.
    _, edges = np.histogram(np.empty(0, a.dtype), bins=bins, range=range)
    counts, _ = np.histogram(mine, bins=edges if np.ndim(bins) else bins, range=range)
    counts = _allreduce(a, counts.astype(np.int64))
    if density:
        widths = np.diff(edges)
        return counts / widths / counts.sum(), edges
    return counts, edges


def _centred(m: Any, y: Any, rowvar: bool, dtype: Any):
    """X (variables x observations) as a darray, minus each variable's mean."""
    if not isinstance(m, darray):
        raise not_implemented(np.cov, "m must be the darray")
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None:
        raise not_implemented(np.cov, "y= is not supported (stack the variables)")
    x = m if m.ndim == 2 else _expand(m, [0])
    if not rowvar and x.shape[0] != 1:
        x = x.T
    want = np.result_type(x.dtype, np.float64) if dtype is None else np.dtype(dtype)
    x = x if x.dtype == want else x.astype(want)
    mean = x.mean(axis=1)
    return local_elementwise(np.subtract, (x, _expand(mean, [1]))), want


@implements(np.cov, test=_TEST.format("cov_corrcoef"))
def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """numpy.cov: a (k, k) darray (pgas.linalg.matmul of the centred data), a 0-d NumPy array
    for one variable."""
    if fweights is not None or aweights is not None:
        raise not_implemented(np.cov, "fweights= and aweights= are not supported")
    from .. import linalg

    xc, want = _centred(m, y, rowvar, dtype)
    n = xc.shape[1]
    ddof = (0 if bias else 1) if ddof is None else ddof
    fact = max(n - ddof, 0)
    if fact <= 0:
        import warnings

        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = linalg.matmul(xc, np.conjugate(xc).T)
        c = c / (fact if fact > 0 else 0.0)
    c = c if c.dtype == want else c.astype(want)
    if c.shape == (1, 1):
        return np.asarray(c[0, 0])
    return c


@implements(np.corrcoef, test=_TEST.format("cov_corrcoef"))
def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """numpy.corrcoef: cov normalised by the standard deviations, the real part clipped to
    [-1, 1]; a (k, k) darray."""
    c = cov(x, y, rowvar, dtype=dtype)
    if not isinstance(c, darray):
        return c / c
    from .creation import diag
    from .math import outer

    d = diag(c)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.sqrt(outer(d, d).real if d.dtype.kind == "c" else outer(d, d))
        r = c / scale
    if r.dtype.kind == "c":
        return local_elementwise(lambda v: np.clip(v.real, -1, 1) + 1j * np.clip(v.imag, -1, 1),
                                 (r,))
    return np.clip(r, -1, 1)
