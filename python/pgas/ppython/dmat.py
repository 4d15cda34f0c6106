"""pPython's ``dmat`` module: functions on distributed arrays (pgas darrays) that also accept
NumPy arrays, so that a program runs with ``map=1`` too.

Return conventions follow pPython (they differ from pgas's own methods in places):
``local`` returns a copy, ``put_local`` returns the array, ``global_block_range(s)`` return
integer NumPy arrays, and index information includes the overlap cells a rank holds.
"""
from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple, Union

import numpy as np

import pgas as _pg

__all__ = ["local", "put_local", "global_ind", "global_block_range", "global_block_ranges",
           "agg", "agg_all", "synch", "dcomplex", "size", "ndims", "fft"]

Dims = Union[None, int, Sequence[int]]


def _dims(dim: Dims, ndim: int) -> List[int]:
    if dim is None:
        return list(range(ndim))
    if isinstance(dim, (int, np.integer)):
        return [int(dim)]
    return [int(d) for d in dim]


def local(d: Any, keep_local: int = 1) -> np.ndarray:
    """A copy of this rank's part, overlap cells included (pPython returns a copy, so that
    changing it leaves the array alone until ``put_local``). Local.
    ``keep_local`` is accepted for pPython's sake; pgas never frees the array early."""
    return np.copy(d.local) if isinstance(d, _pg.darray) else np.copy(d)


def put_local(x: Any, x_local: Any) -> Any:
    """Store ``x_local`` as this rank's part and return the array (pPython: ``X =
    put_local(X, Xloc)``). A complex ``x_local`` into a real array gives a complex array, as in
    pPython. Local, except that a wrong shape on any rank raises on every rank."""
    if isinstance(x, _pg.darray):
        values = np.asarray(x_local)
        if values.dtype.kind == "c" and x.dtype.kind != "c":
            x = x.astype(np.complex128 if x.dtype != np.float32 else np.complex64)
        x.put_local(values if values.ndim else values[()])
        return x
    values = np.asarray(x_local)
    out = np.zeros(np.shape(x), dtype=np.result_type(np.asarray(x).dtype, values.dtype))
    out[...] = values
    return out


def global_ind(d: Any, dim: Dims = None) -> Any:
    """Global indices of this rank's part (overlap included): one int array for an int
    ``dim``, else a list of arrays, one per dimension (``[myI, myJ] = global_ind(A)``). Local."""
    if isinstance(d, _pg.darray):
        dims = _dims(dim, d.ndim)
        per_dim = [d.global_ind(k) for k in dims]
    else:
        shape = np.shape(d)
        dims = _dims(dim, len(shape))
        per_dim = [np.arange(shape[k]) for k in dims]
    return per_dim[0] if isinstance(dim, (int, np.integer)) else per_dim


def global_block_range(d: Any, dim: Dims = None) -> Optional[np.ndarray]:
    """``[[first, last], ...]`` (inclusive, overlap included), one row per requested dimension,
    as an int array; ``None`` where this rank holds nothing (pPython). Block dimensions only.
    ``global_block_range(A, 1)[0]`` is ``[first, last]`` along dimension 1. Local."""
    if not isinstance(d, _pg.darray):
        shape = np.shape(d)
        return np.array([[0, shape[k] - 1] for k in _dims(dim, len(shape))], dtype=int)
    dims = _dims(dim, d.ndim)
    for k in dims:
        if d.map.dist[k] != "b":
            raise ValueError(f"global_block_range: dimension {k} is {d.map.dist[k]!r}, "
                             f"not a block dimension")
    if 0 in d.local.shape:
        return None
    held = [d.global_ind(k) for k in dims]
    return np.array([[int(h[0]), int(h[-1])] for h in held], dtype=int)


def global_block_ranges(d: Any, dim: Dims = None) -> Any:
    """For every rank of the map, in grid (row-major) order: ``[rank, first, last]`` of the
    cells it holds along a block dimension (overlap included; ``[rank, 0, -1]`` if none). One
    int array for an int ``dim`` (pPython's shape ``(num_procs, 3)``), else a list. Local."""
    if not isinstance(d, _pg.darray):
        shape = np.shape(d)
        rows = [np.array([[0, 0, shape[k] - 1]], dtype=int) for k in _dims(dim, len(shape))]
        return rows[0] if isinstance(dim, (int, np.integer)) else rows
    out = []
    for k in _dims(dim, d.ndim):
        if d.map.dist[k] != "b":
            raise ValueError(f"global_block_ranges: dimension {k} is {d.map.dist[k]!r}, "
                             f"not a block dimension")
        table = np.zeros((len(d.map.procs), 3), dtype=int)
        for row, rank in enumerate(d.map.procs):
            held = d.map.global_ind(d.shape, k, rank)
            table[row] = (rank, held[0], held[-1]) if len(held) else (rank, 0, -1)
        out.append(table)
    return out[0] if isinstance(dim, (int, np.integer)) else out


def agg(d: Any, leader: Optional[int] = None) -> Any:
    """The whole array on the leader (default ``pgas.ppython.leader``, 0), this rank's part
    elsewhere (pPython). NumPy input comes back unchanged. Collective."""
    if not isinstance(d, _pg.darray):
        return d
    if leader is None:
        from . import leader as default_leader
        leader = default_leader
    return _pg.agg(d, leader)


def agg_all(d: Any, leader: Optional[int] = None) -> Any:
    """The whole array on every rank. ``leader`` is accepted for pPython's sake. Collective."""
    return _pg.agg_all(d) if isinstance(d, _pg.darray) else d


def synch(d: Any) -> Any:
    """Refresh overlap cells from their owners and return the array (``A = synch(A)``).
    Collective."""
    return _pg.synch(d)


def dcomplex(real: Any, imag: Any) -> Any:
    """``real + 1j * imag`` for darrays (same map as ``real``) or NumPy arrays."""
    return real + 1j * imag


def size(d: Any) -> Tuple[int, ...]:
    """The global shape. Local."""
    return tuple(d.shape) if isinstance(d, _pg.darray) else np.shape(d)


def ndims(d: Any) -> int:
    return len(size(d))


def fft(x: np.ndarray, n: Any = None, dim: int = 0) -> np.ndarray:
    """MATLAB-style ``fft(x, n, dim)`` on a local NumPy array (pPython's ``fft(Xloc, [], 1)``):
    ``n`` of ``[]`` or ``None`` means the length along ``dim``."""
    length = None if n is None or (isinstance(n, (list, tuple)) and not n) else int(n)
    return np.fft.fft(x, n=length, axis=dim)
