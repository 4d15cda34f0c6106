"""pPython's ``utils`` module: redistribution helpers, messages, and ``Np()`` / ``Pid()``."""
from __future__ import annotations

from typing import Any, Dict, Tuple

import numpy as np

import pgas as _pg

from .messages import BcastMsg, ProbeMsg, RecvMsg, SendMsg, multicast

__all__ = ["transpose_grid", "remap", "Np", "Pid", "SendMsg", "RecvMsg", "BcastMsg",
           "ProbeMsg", "multicast", "partition_1d", "n_dim_find", "get_local_proc"]


def Np() -> int:
    """Number of ranks in the job (pPython's ``utils.Np()``; ``pgas.ppython.Np`` is the int).
    Local."""
    return _pg.Np


def Pid() -> int:
    """This process's rank (pPython's ``utils.Pid()``; ``pgas.ppython.Pid`` is the int). Local."""
    return _pg.Pid


def transpose_grid(B: Any) -> Any:
    """The same values over the transposed process grid (``[1, Np]`` <-> ``[Np, 1]``): a corner
    turn. Any 2-d map works (pPython's fast path covers block maps without overlap). NumPy input
    comes back unchanged. Collective."""
    return _pg.transpose_grid(B)


def remap(x: Any, new_map: Any) -> Any:
    """``x``'s values with ``new_map``'s layout: a new darray (only the cells whose owner
    changes move). With ``new_map=1`` the whole array as NumPy on every rank. Collective."""
    if not isinstance(new_map, _pg.dmap):
        return _pg.agg_all(x) if isinstance(x, _pg.darray) else np.array(x)
    return _pg.remap(x, new_map)


def partition_1d(n: int, m: int) -> Tuple[Dict[int, Dict[str, int]], np.ndarray]:
    """Split ``n`` elements over ``m`` processes, the remainder one each to the lowest ranks:
    ``(d_index, d_sizes)`` with ``d_index[p] = {'beg': first, 'end': last}`` (inclusive) and
    ``d_sizes[p]`` the count (floats, as pPython). Local."""
    n, m = int(n), int(m)
    if m < 1 or n < 0:
        raise ValueError(f"partition_1d: need n >= 0 and m >= 1, got n={n}, m={m}")
    sizes = np.full(m, n // m, dtype=np.int64) + (np.arange(m) < n % m)
    ends = np.cumsum(sizes) - 1
    begs = ends - sizes + 1
    index = {p: {"beg": int(b), "end": int(e)} for p, (b, e) in enumerate(zip(begs, ends))}
    return index, sizes.astype(float)


def n_dim_find(grid: Any, rank: Any) -> np.ndarray:
    """The position of ``rank`` in a process grid (an array of ranks, e.g. ``Dmap.proc_grid``),
    as an int array; ValueError if it is not there. Local."""
    where = np.argwhere(np.asarray(grid) == int(rank))
    if not len(where):
        raise ValueError(f"n_dim_find: rank {int(rank)} is not in the process grid")
    found: np.ndarray = where[0].astype(int)
    return found


def get_local_proc(d: Any, *args: Any) -> int:
    """The rank that owns global index ``ind`` of the distributed array ``d``:
    ``get_local_proc(d, ind)`` (pPython's ``get_local_proc(pitfalls, grid, ind)`` works with
    ``d`` in place of the pitfalls, the grid being ignored). Closed form in the maps layer;
    IndexError outside the array. Local."""
    if not args or len(args) > 2:
        raise TypeError("get_local_proc(d, ind) or get_local_proc(d, grid, ind)")
    ind = args[-1]
    if not isinstance(d, _pg.darray):
        raise TypeError(f"get_local_proc: expected a distributed array, got {type(d).__name__}")
    return int(d.map.owner(d.shape, [int(i) for i in np.ravel(ind)])[0])
