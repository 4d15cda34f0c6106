"""pPython's ``map`` module: ``Dmap`` and the constructors that take ``map=``.

Every function here is collective when given a distributed map, as in pPython; with
``map=1`` (or no map) it returns a plain NumPy array.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence

import numpy as np

import pgas as _pg

__all__ = ["Dmap", "inmap", "zeros", "ones", "rand"]


def _dist_with_int_keys(dist_spec: Any) -> Any:
    """pPython writes per-dimension dicts with int or str keys ({'0': {...}}); pgas wants ints."""
    if isinstance(dist_spec, dict) and dist_spec and "dist" not in dist_spec \
            and "b_size" not in dist_spec:
        return {int(k): v for k, v in dist_spec.items()}
    return dist_spec


class Dmap(_pg.dmap):
    """``Dmap(grid_spec, dist_spec, proc_list, overlap, order='C')`` as in pPython.

    A ``pg.dmap`` underneath, so it goes anywhere pgas takes a map. ``order='F'`` lays
    ``proc_list`` onto the grid in column-major order (pPython's option); pgas itself is
    row-major, so the ranks are reordered here. pPython's attributes ``dim``, ``grid_spec``,
    ``dist_spec``, ``proc_list`` are provided; pPython's ``grid`` (the array of ranks) is
    ``proc_grid`` here, because ``grid`` is pgas's grid shape.
    """

    __slots__ = ()

    def __init__(self, grid_spec: Sequence[int], dist_spec: Any = None,
                 proc_list: Optional[Iterable[int]] = None,
                 overlap: Optional[Sequence[int]] = None, order: str = "C") -> None:
        grid = [int(g) for g in grid_spec]
        procs = None if proc_list is None else [int(p) for p in proc_list]
        if order not in ("C", "F"):
            raise ValueError(f"order: expected 'C' or 'F', got {order!r}")
        if order == "F" and procs is not None and len(procs) == int(np.prod(grid)):
            procs = np.array(procs).reshape(grid, order="F").ravel(order="C").tolist()
        super().__init__(grid, _dist_with_int_keys(dist_spec), procs, overlap)

    @property
    def dim(self) -> int:
        return self.ndim

    @property
    def grid_spec(self) -> List[int]:
        return list(self.grid)

    @property
    def proc_list(self) -> List[int]:
        return list(self.procs)

    @property
    def dist_spec(self) -> Dict[int, Dict[str, Any]]:
        """Per dimension, pPython's ``{'dist': 'b'|'c'|'bc'[, 'b_size': k]}``."""
        out: Dict[int, Dict[str, Any]] = {}
        for d, dist in enumerate(self.dist):
            out[d] = {"dist": "bc", "b_size": dist[1]} if isinstance(dist, tuple) \
                else {"dist": dist}
        return out

    @property
    def proc_grid(self) -> np.ndarray:
        """The ranks laid onto the grid (pPython's ``Dmap.grid``)."""
        return np.array(self.procs, dtype=int).reshape(self.grid)

    def print(self) -> None:
        """Print the map's properties (pPython's ``Dmap.print``). Local."""
        print("Map Properties:")
        print(f"   Process grid (grid): {self.proc_grid}")
        print(f"   Map distribution specification (grid_spec): {self.grid_spec}")
        print(f"   Distribution type (dist_spec): {self.dist_spec}")
        print(f"   Process Pid list (proc_list): {self.proc_list}")
        print(f"   Overlap mapping (overlap): {list(self.overlap)}")


def inmap(m: Any, rank: int) -> bool:
    """Whether ``rank`` is one of the map's ranks. Local."""
    return isinstance(m, _pg.dmap) and m.inmap(rank)


def zeros(*dims: Any, map: Any = None, dtype: Any = np.float64) -> Any:
    """``zeros(M, N, ..., map=p)`` (or ``zeros([M, N], map=p)``)."""
    return _pg.zeros(*dims, map=map, dtype=dtype)


def ones(*dims: Any, map: Any = None, dtype: Any = np.float64) -> Any:
    return _pg.ones(*dims, map=map, dtype=dtype)


def rand(*dims: Any, map: Any = None, dtype: Any = np.float64, seed: Optional[int] = None) -> Any:
    """Uniform [0, 1). Unlike pPython's, the values depend only on (seed, global index): the
    same seed gives the same array on any number of ranks. Without a seed one is drawn."""
    return _pg.rand(*dims, map=map, dtype=dtype, seed=seed)
