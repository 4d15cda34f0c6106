"""pPython's ``map`` module: ``Dmap`` and the constructors that take ``map=``.

Every function here is collective when given a distributed map, as in pPython; with
``map=1`` (or no map) it returns a plain NumPy array.
"""
from __future__ import annotations

import numbers
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

import pgas as _pg

__all__ = ["Dmap", "inmap", "zeros", "ones", "rand", "check_gpu"]


def _dist_with_int_keys(dist_spec: Any) -> Any:
    """pPython writes per-dimension dicts with int or str keys ({'0': {...}}); pgas wants ints."""
    if isinstance(dist_spec, dict) and dist_spec and "dist" not in dist_spec \
            and "b_size" not in dist_spec:
        return {int(k): v for k, v in dist_spec.items()}
    return dist_spec


def check_gpu(gpu: Any, what: str) -> None:
    """pPython's ``gpu=`` switch: False is the CPU path pgas runs; True asks for CuPy arrays,
    which pgas does not have."""
    if gpu:
        raise NotImplementedError(f"{what}: gpu=True needs GPU arrays (pPython's CuPy path); "
                                  f"pgas runs on CPUs only, so pass gpu=False or leave it out")


class Dmap(_pg.dmap):
    """``Dmap(grid_spec, dist_spec, proc_list, overlap, order='C', gpu=False)`` as in pPython.

    A ``pg.dmap`` underneath, so it goes anywhere pgas takes a map. ``order='F'`` lays
    ``proc_list`` onto the grid in column-major order (pPython's option); pgas itself is
    row-major, so the ranks are reordered here. ``gpu=True`` raises (no GPU support).
    pPython's attributes ``dim``, ``grid_spec``, ``dist_spec``, ``proc_list`` are provided;
    pPython's ``grid`` (the array of ranks) is ``proc_grid`` here, because ``grid`` is pgas's
    grid shape. Local (no communication).
    """

    __slots__ = ()

    def __init__(self, grid_spec: Sequence[int], dist_spec: Any = None,
                 proc_list: Optional[Iterable[int]] = None,
                 overlap: Optional[Sequence[int]] = None, order: str = "C",
                 gpu: bool = False) -> None:
        check_gpu(gpu, "Dmap")
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


def _constructor_args(what: str, dims: Tuple[Any, ...], map: Any, dtype: Any, order: str,
                      gpu: bool) -> Tuple[Tuple[int, ...], Any, Any]:
    """pPython's forms: ``zeros(M, N, map=p)``, ``zeros([M, N], map=p)``, and pMatlab's
    positional ones, ``zeros(M, N, p)``, ``zeros(M, N, p, dtype)``, ``zeros(N, p)`` (N by N)."""
    check_gpu(gpu, what)
    if order not in ("C", "F"):
        raise ValueError(f"{what}: order: expected 'C' or 'F', got {order!r}")
    args = list(dims)
    if len(args) >= 2 and not isinstance(args[-1], (_pg.dmap, numbers.Integral, list, tuple)) \
            and isinstance(args[-2], _pg.dmap):
        dtype = args.pop()                       # zeros(M, N, p, dtype)
    if args and isinstance(args[-1], _pg.dmap):
        if map is not None:
            raise TypeError(f"{what}: the map is given twice (positionally and as map=)")
        map = args.pop()
        if len(args) == 1 and isinstance(args[0], numbers.Integral) and map.ndim == 2:
            args = [args[0], args[0]]            # zeros(N, p) is N by N, as in pMatlab
    if len(args) == 1 and not isinstance(args[0], numbers.Integral):
        args = [int(n) for n in args[0]]
    return tuple(args), map, dtype


def _in_order(x: Any, order: str) -> Any:
    """``order`` is NumPy's memory order: it changes no value and no index. A NumPy result
    (``map=1``) gets it; a distributed array's local parts stay C-ordered, because pgas's
    storage, its C++ kernels and its redistribution are row-major throughout. Local."""
    return np.asfortranarray(x) if order == "F" and isinstance(x, np.ndarray) else x


def zeros(*dims: Any, map: Any = None, dtype: Any = np.float64, order: str = "C",
          gpu: bool = False) -> Any:
    """``zeros(M, N, ..., map=p)`` (or ``zeros([M, N], map=p)``, ``zeros(M, N, p)``). With
    ``map=1`` or no map a NumPy array (in ``order``; see ``_in_order`` for darrays).
    Collective for a distributed map."""
    shape, m, dt = _constructor_args("zeros", dims, map, dtype, order, gpu)
    return _in_order(_pg.zeros(*shape, map=m, dtype=dt), order)


def ones(*dims: Any, map: Any = None, dtype: Any = np.float64, order: str = "C",
         gpu: bool = False) -> Any:
    """Like ``zeros``, filled with ones. Collective for a distributed map."""
    shape, m, dt = _constructor_args("ones", dims, map, dtype, order, gpu)
    return _in_order(_pg.ones(*shape, map=m, dtype=dt), order)


def rand(*dims: Any, map: Any = None, dtype: Any = np.float64, seed: Optional[int] = None,
         order: str = "C", gpu: bool = False) -> Any:
    """Uniform [0, 1). Unlike pPython's, the values depend only on (seed, global index): the
    same seed gives the same array on any number of ranks. Without a seed one is drawn.
    Collective (also with ``map=1``, where the seed is agreed on)."""
    shape, m, dt = _constructor_args("rand", dims, map, dtype, order, gpu)
    return _in_order(_pg.rand(*shape, map=m, dtype=dt, seed=seed), order)
