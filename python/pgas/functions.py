"""pPython's free functions over darrays (SPEC §2). Each accepts a NumPy array too, where
it means something, so that a program runs with and without maps."""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .darray import darray
from .maps import dmap

__all__ = ["agg", "agg_all", "remap", "synch", "local", "put_local", "global_ind",
           "global_block_range", "global_block_ranges", "transpose", "transpose_grid"]


def agg(A: Any, leader: int = 0) -> np.ndarray:
    """The whole array on ``leader``, the local part elsewhere (pPython). Collective."""
    return A.agg(leader) if isinstance(A, darray) else A


def agg_all(A: Any) -> np.ndarray:
    """The whole array on every rank. Collective."""
    return A.agg_all() if isinstance(A, darray) else A


def remap(A: Any, map: dmap) -> darray:
    """A new array with ``map``'s layout and A's values; only cells whose owner changes
    cross the network. Collective."""
    if not isinstance(A, darray):
        from .construct import from_numpy

        return from_numpy(A, map)
    return A.remap(map)


def synch(A: Any) -> Any:
    """Refresh A's overlap cells from their owners; returns A. Collective."""
    if isinstance(A, darray):
        A.synch()
    return A


def local(A: Any) -> np.ndarray:
    """This rank's part (a view). Local."""
    return A.local if isinstance(A, darray) else A


def put_local(A: Any, x: Any) -> Any:
    """Replace this rank's part by x; returns A (pPython's style)."""
    if isinstance(A, darray):
        A.put_local(x)
        return A
    return np.broadcast_to(np.asarray(x, dtype=np.asarray(A).dtype), np.shape(A)).copy()


def global_ind(A: Any, dim: Optional[int] = None) -> Any:
    """Global indices of the local part, per dimension or along ``dim``. Local."""
    if isinstance(A, darray):
        return A.global_ind(dim)
    ind = [np.arange(n) for n in np.shape(A)]
    return ind if dim is None else ind[dim]


def global_block_range(A: Any, dim: int):
    if isinstance(A, darray):
        return A.global_block_range(dim)
    return (0, np.shape(A)[dim] - 1)


def global_block_ranges(A: Any, dim: int):
    if isinstance(A, darray):
        return A.global_block_ranges(dim)
    return [(0, 0, np.shape(A)[dim] - 1)]


def transpose(A: Any) -> Any:
    return A.transpose() if isinstance(A, darray) else np.transpose(A)


def transpose_grid(A: Any) -> Any:
    """The same values over the transposed process grid (a corner turn). Collective."""
    return A.transpose_grid() if isinstance(A, darray) else A
