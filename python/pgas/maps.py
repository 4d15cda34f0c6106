"""Maps: how an array is spread over ranks (SPEC §1).

``dmap`` is the user-facing value; the index math is the C++ ``pgas::maps::Map``
underneath. This module only turns the many accepted spellings of a spec (ours and
pPython's) into that object, and draws pictures.
"""
from __future__ import annotations

import numbers
import operator
from typing import Any, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from . import _core

__all__ = ["dmap", "Dmap"]


def _value_error(message: str) -> ValueError:
    """A ValueError whose message carries the rank, like the C++ core's."""
    return ValueError(_core.with_rank(message))


def _as_int(value: Any, field: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise _value_error(f"{field}: expected an integer, got {value!r}")
    return operator.index(value)


def _as_int_list(values: Any, field: str) -> List[int]:
    if isinstance(values, numbers.Integral) and not isinstance(values, bool):
        return [_as_int(values, field)]
    try:
        items = list(values)
    except TypeError:
        raise _value_error(f"{field}: expected a sequence of integers, got {values!r}") from None
    return [_as_int(v, f"{field}[{i}]") for i, v in enumerate(items)]


_BC_HINT = "write ('bc', k) or {'dist': 'bc', 'b_size': k}"


def _one_dist(spec: Any, field: str) -> "_core.maps.DimDist":
    """One dimension's distribution from any accepted spelling."""
    if isinstance(spec, _core.maps.DimDist):
        return spec
    if isinstance(spec, str):
        key = spec.lower()
        if key == "b":
            return _core.maps.DimDist.block()
        if key == "c":
            return _core.maps.DimDist.cyclic()
        if key == "bc":
            raise _value_error(f"{field}: 'bc' needs a block size: {_BC_HINT}")
        raise _value_error(f"{field}: unknown distribution {spec!r}; use 'b', 'c' or ('bc', k)")
    if isinstance(spec, dict):
        if not spec:
            return _core.maps.DimDist.block()
        kind = spec.get("dist", "b")
        if isinstance(kind, str) and kind.lower() == "bc":
            if "b_size" not in spec:
                raise _value_error(f"{field}: 'bc' needs a block size: {_BC_HINT}")
            return _core.maps.DimDist.block_cyclic(_as_int(spec["b_size"], f"{field} block size"))
        return _one_dist(kind, field)
    if isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str) \
            and spec[0].lower() == "bc":
        return _core.maps.DimDist.block_cyclic(_as_int(spec[1], f"{field} block size"))
    raise _value_error(f"{field}: cannot read distribution {spec!r}; use 'b', 'c' or ('bc', k)")


def _is_single_spec(spec: Any) -> bool:
    if isinstance(spec, (str, _core.maps.DimDist)):
        return True
    if isinstance(spec, dict):
        return not spec or "dist" in spec or "b_size" in spec
    return isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str) \
        and spec[0].lower() == "bc"


def _parse_dist(dist: Any, ndim: int) -> List["_core.maps.DimDist"]:
    if dist is None:
        return [_core.maps.DimDist.block()] * ndim
    if _is_single_spec(dist):
        return [_one_dist(dist, "dist")] * ndim
    if isinstance(dist, dict):  # pPython's per-dimension dict {0: {...}, 1: {...}}
        out = [_core.maps.DimDist.block()] * ndim
        for key, value in dist.items():
            d = _as_int(key, "dist key")
            if not 0 <= d < ndim:
                raise _value_error(f"dist: dimension {d} outside a {ndim}-d grid")
            out[d] = _one_dist(value, f"dist[{d}]")
        return out
    if isinstance(dist, (list, tuple)):
        if len(dist) != ndim:
            raise _value_error(f"dist: {len(dist)} entries for a {ndim}-d grid")
        return [_one_dist(v, f"dist[{d}]") for d, v in enumerate(dist)]
    raise _value_error(f"dist: cannot read {dist!r}")


def _communicator_size() -> int:
    # The world's: a map may be meant for any communicator (comm= of a constructor), and no
    # communicator pgas uses has more ranks than the world.
    from mpi4py import MPI

    return MPI.COMM_WORLD.Get_size()


class dmap:
    """A map: process grid x per-dimension distribution x overlap (SPEC §1).

    ``dmap(grid, dist=None, procs=None, overlap=None)``; ``Dmap`` is the same class with
    pPython's name. All methods are local (no communication); construction checks the spec
    identically on every rank, so a bad spec raises ``ValueError`` on every rank.
    """

    __slots__ = ("_map",)

    def __init__(self, grid: Any, dist: Any = None, procs: Optional[Iterable[int]] = None,
                 overlap: Optional[Sequence[int]] = None) -> None:
        grid_list = _as_int_list(grid, "grid")
        dists = _parse_dist(dist, len(grid_list))
        procs_list = [] if procs is None else _as_int_list(procs, "procs")
        overlap_list = [] if overlap is None else _as_int_list(overlap, "overlap")
        self._map = _core.maps.Map(grid_list, dists, procs_list, overlap_list)
        self._map.check_fits(_communicator_size())

    @classmethod
    def _from_core(cls, core: "_core.maps.Map") -> "dmap":
        out = cls.__new__(cls)
        out._map = core
        return out

    # --- the spec ----------------------------------------------------------------
    @property
    def grid(self) -> Tuple[int, ...]:
        return tuple(self._map.grid)

    @property
    def dist(self) -> Tuple[Any, ...]:
        """Per dimension: 'b', 'c' or ('bc', k)."""
        return tuple(d.kind if d.kind != "bc" else ("bc", d.block_size) for d in self._map.dist)

    @property
    def procs(self) -> Tuple[int, ...]:
        return tuple(self._map.procs)

    @property
    def overlap(self) -> Tuple[int, ...]:
        return tuple(self._map.overlap)

    @property
    def ndim(self) -> int:
        return self._map.ndim

    @property
    def num_procs(self) -> int:
        return len(self._map.procs)

    def inmap(self, rank: Optional[int] = None) -> bool:
        """Whether ``rank`` (default: this rank) is one of the map's ranks."""
        return self._map.grid_coords(_rank_or_mine(rank)) is not None

    def grid_coords(self, rank: Optional[int] = None) -> Optional[Tuple[int, ...]]:
        coords = self._map.grid_coords(_rank_or_mine(rank))
        return None if coords is None else tuple(coords)

    # --- what the map answers for a global shape -----------------------------------
    def local_shape(self, shape: Sequence[int], rank: Optional[int] = None,
                    overlap: bool = True) -> Tuple[int, ...]:
        """Local shape of ``rank`` (default: this rank); with overlap cells unless told not."""
        shape = _shape(shape)
        r = _rank_or_mine(rank)
        return tuple(self._map.local_shape(shape, r) if overlap else self._map.owned_shape(shape, r))

    def owner(self, shape: Sequence[int], index: Sequence[int]) -> Tuple[int, Tuple[int, ...]]:
        """(rank, local index) of the owner of a global index; IndexError if out of range."""
        rank, local = self._map.owner(_shape(shape), _as_int_list(index, "index"))
        return rank, tuple(local)

    def to_global(self, shape: Sequence[int], local: Sequence[int],
                  rank: Optional[int] = None) -> Tuple[int, ...]:
        return tuple(self._map.to_global(_shape(shape), _rank_or_mine(rank),
                                         _as_int_list(local, "local")))

    def to_local(self, shape: Sequence[int], index: Sequence[int],
                 rank: Optional[int] = None) -> Optional[Tuple[int, ...]]:
        out = self._map.to_local(_shape(shape), _rank_or_mine(rank), _as_int_list(index, "index"))
        return None if out is None else tuple(out)

    def owned_runs(self, shape: Sequence[int], rank: Optional[int] = None,
                   overlap: bool = False) -> List[List["_core.maps.Runs"]]:
        """Per dimension, the compact Runs of global indices ``rank`` owns (overlap cells
        left out). ``overlap=True`` is ``held_runs`` (kept for pgas.ppython; use held_runs)."""
        if overlap:
            return self.held_runs(shape, rank)
        return self._map.owned(_shape(shape), _rank_or_mine(rank))

    def held_runs(self, shape: Sequence[int],
                  rank: Optional[int] = None) -> List[List["_core.maps.Runs"]]:
        """Per dimension, the compact Runs of global indices ``rank`` holds: owned cells and
        overlap cells. Local."""
        return self._map.held(_shape(shape), _rank_or_mine(rank))

    def exchanged_runs(self, shape: Sequence[int], other: "dmap", rank: Optional[int] = None,
                       other_rank: Optional[int] = None) -> List[List["_core.maps.Runs"]]:
        """Per dimension, the compact Runs of the cells that ``rank`` owns under this map and
        ``other_rank`` holds (owned or overlap) under ``other``: what the first sends the second
        when an array moves from this map to ``other``. Closed form; the cost grows with the
        Runs returned, not with the shape. Local."""
        if not isinstance(other, dmap):
            raise TypeError(f"other must be a pg.dmap, got {type(other).__name__}")
        return _core.maps.exchanged_cells(self._map, _rank_or_mine(rank), other._map,
                                     _rank_or_mine(other_rank), _shape(shape))

    def receivers(self, shape: Sequence[int], other: "dmap",
                  rank: Optional[int] = None) -> List[int]:
        """The ranks of ``other`` that hold a cell ``rank`` owns under this map, sorted. Local."""
        if not isinstance(other, dmap):
            raise TypeError(f"other must be a pg.dmap, got {type(other).__name__}")
        return list(_core.maps.receivers(self._map, _rank_or_mine(rank), other._map, _shape(shape)))

    def senders(self, shape: Sequence[int], other: "dmap",
                rank: Optional[int] = None) -> List[int]:
        """The ranks of this map that own a cell ``rank`` holds under ``other``, sorted. Local."""
        if not isinstance(other, dmap):
            raise TypeError(f"other must be a pg.dmap, got {type(other).__name__}")
        return list(_core.maps.senders(self._map, other._map, _rank_or_mine(rank), _shape(shape)))

    def global_ind(self, shape: Sequence[int], dim: Optional[int] = None,
                   rank: Optional[int] = None) -> Any:
        """Global indices of ``rank``'s local part (overlap included), per dimension, as
        int64 arrays; one array when ``dim`` is given."""
        arrays = list(_core.darray.held_global_indices(self._map, _shape(shape), _rank_or_mine(rank)))
        if dim is None:
            return arrays
        return arrays[_as_int(dim, "dim")]

    def show(self, shape: Sequence[int], png: Optional[str] = None, file: Any = None) -> str:
        """Print (to ``file``, default stdout) and return a text picture of which rank owns
        each cell; with ``png=path`` also write a picture (needs matplotlib). Local."""
        shape = _shape(shape)
        text = self._map.show(shape)
        print(text, end="", file=file)
        if png is not None:
            from ._show_png import write_png

            write_png(self, shape, png)
        return text

    # --- a value ------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        return isinstance(other, dmap) and self._map == other._map

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._map)

    def __repr__(self) -> str:
        dist = ", ".join(repr(d) for d in self.dist)
        return (f"dmap(grid={list(self.grid)}, dist=[{dist}], procs={_short(self.procs)}, "
                f"overlap={list(self.overlap)})")

    def __reduce__(self):
        return (_rebuild, (self.grid, self.dist, self.procs, self.overlap))


Dmap = dmap


def _rebuild(grid, dist, procs, overlap) -> dmap:
    return dmap(grid, list(dist), procs, overlap)


def _short(procs: Tuple[int, ...]) -> str:
    if procs == tuple(range(len(procs))) and len(procs) > 4:
        return f"range(0, {len(procs)})"
    return str(list(procs))


def _shape(shape: Any) -> List[int]:
    dims = _as_int_list(shape, "shape")
    for d, n in enumerate(dims):
        if n < 0:
            raise _value_error(f"shape[{d}] = {n} must be >= 0")
    return dims


def _rank_or_mine(rank: Optional[int]) -> int:
    if rank is None:
        # This rank in the default communicator (pg.rank()), which pg.init(comm=sub) changes:
        # the rank arrays made without comm= see, not the world rank.
        from . import _context

        return _context.default_comm().Get_rank()
    return _as_int(rank, "rank")
