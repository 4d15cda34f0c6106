"""pPython's ``dmat`` module: functions on distributed arrays (pgas darrays) that also accept
NumPy arrays, so that a program runs with ``map=1`` too.

Return conventions follow pPython (they differ from pgas's own methods in places):
``local`` returns the local part itself (no copy; writes reach the array), ``put_local``
returns the array and takes a local part of the right size in any shape, ``global_ind(A, dim)``
is a list of index arrays, ``find`` returns global indices, and index information includes
the overlap cells a rank holds. Every function says whether it is collective or local.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
from mpi4py import MPI

import pgas as _pg
from pgas import _context

__all__ = ["Dmat", "local", "put_local", "global_ind", "global_block_range",
           "global_block_ranges", "grid", "grid_global_ind", "agg", "agg_all", "oagg",
           "agg_by_topology", "agg_in_node", "synch", "find", "cos", "sin", "dcomplex",
           "double", "uint8", "uint16", "uint32", "uint64", "unfun", "mtimes", "summation",
           "size", "ndims", "fft", "display", "print_falls", "print_pitfalls"]

Dims = Union[None, int, Sequence[int]]

#: pPython's class of distributed arrays is pgas's darray.
Dmat = _pg.darray


def _dims(dim: Dims, ndim: int) -> List[int]:
    if dim is None:
        return list(range(ndim))
    if isinstance(dim, (int, np.integer)):
        return [int(dim)]
    return [int(d) for d in dim]


def _comm_of(d: Any) -> Any:
    return _context.comm_of(d._impl.context)


# --- the local part ------------------------------------------------------------------------

def local(d: Any, keep_local: int = 1) -> Any:
    """This rank's part, overlap cells included: the array's own storage, not a copy (as
    pPython), so ``local(zeros(...))`` costs no second buffer and writes reach the array.
    NumPy input comes back as it is. ``keep_local`` is accepted for pPython's sake. Local."""
    return d.local if isinstance(d, _pg.darray) else d


def _fit(values: np.ndarray, shape: Tuple[int, ...], what: str) -> np.ndarray:
    """``values`` in ``shape``: as it is, broadcast, or (same number of cells, another shape)
    reshaped in C order, as pPython's ``put_local`` accepts a 1-D vector for a (1, n) part."""
    if values.shape == shape or values.ndim == 0:
        return values
    if values.size == int(np.prod(shape)):
        return values.reshape(shape)
    try:
        return np.broadcast_to(values, shape)
    except ValueError:
        raise ValueError(f"{what}: a local part of shape {values.shape} does not fit this "
                         f"rank's part of shape {shape}") from None


def put_local(x: Any, x_local: Any) -> Any:
    """Store ``x_local`` as this rank's part and return the array (``X = put_local(X, Xloc)``).
    ``x_local`` may be a scalar (fills), have the local shape, or have as many cells in
    another shape (reshaped in C order). A complex ``x_local`` into a real array gives a
    complex array, as in pPython. Local, except that a part that does not fit on any rank
    raises ValueError on every rank."""
    values = np.asarray(x_local)
    if isinstance(x, _pg.darray):
        fits = values.ndim == 0 or values.size == int(np.prod(x.local_shape)) or \
            _broadcasts(values.shape, x.local_shape)
        if not _comm_of(x).allreduce(fits, op=MPI.LAND):
            _fit(values, x.local_shape, "put_local")      # raises here with the shapes
            raise ValueError("put_local: another rank's local part does not fit its part")
        if values.dtype.kind == "c" and x.dtype.kind != "c":
            x = x.astype(np.complex128 if x.dtype != np.float32 else np.complex64)
        part = x.local
        if _same_buffer(values, part):
            return x                      # local(x) changed in place: already stored
        part[...] = _fit(values, part.shape, "put_local")
        return x
    shape = np.shape(x)
    out = np.zeros(shape, dtype=np.result_type(np.asarray(x).dtype, values.dtype))
    out[...] = _fit(values, shape, "put_local")
    return out


def _same_buffer(a: np.ndarray, b: np.ndarray) -> bool:
    return (a.dtype == b.dtype and a.shape == b.shape and a.strides == b.strides
            and a.__array_interface__["data"][0] == b.__array_interface__["data"][0])


def _broadcasts(src: Tuple[int, ...], dst: Tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(src, dst)
    except ValueError:
        return False
    return np.broadcast_shapes(src, dst) == tuple(dst)


# --- index information ---------------------------------------------------------------------

def _blocks(indices: np.ndarray) -> List[np.ndarray]:
    """Split held indices where they stop being consecutive (block-cyclic blocks)."""
    if indices.size == 0:
        return [indices]
    cuts = np.flatnonzero(np.diff(indices) != 1) + 1
    return np.split(indices, cuts) if cuts.size else [indices]


def global_ind(d: Any, dim: Dims = None) -> Any:
    """Global indices of this rank's part (overlap included), computed for this rank only.

    ``global_ind(A, dim)`` with an int ``dim`` is what pPython returns: a list of index arrays,
    one per block the rank holds along ``dim`` (block and cyclic dimensions: one array, so
    ``global_ind(A, 1)[0]`` is every index along 1; block-cyclic: one per block). Without
    ``dim`` (or with a list of dimensions) it is one flat int array per dimension
    (``[myI, myJ] = global_ind(A)``). Local."""
    if isinstance(d, _pg.darray):
        held = [d.global_ind(k) for k in _dims(dim, d.ndim)]
        if isinstance(dim, (int, np.integer)):
            return _blocks(held[0]) if d.map.dist[int(dim)] not in ("b", "c") else [held[0]]
        return held
    shape = np.shape(d)
    per_dim = [np.arange(shape[k]) for k in _dims(dim, len(shape))]
    return [per_dim[0]] if isinstance(dim, (int, np.integer)) else per_dim


def _last_of(runs: List[Any]) -> int:
    return int(max(r.start + r.stride * (r.count - 1) + r.length - 1 for r in runs))


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
    if 0 in d.local_shape:
        return None
    held = [d.global_ind(k) for k in dims]
    return np.array([[int(h[0]), int(h[-1])] for h in held], dtype=int)


def global_block_ranges(d: Any, dim: Dims = None) -> Any:
    """For every rank of the map, in grid (row-major) order: ``[rank, first, last]`` of the
    cells it holds along a block dimension (overlap included; ``[rank, 0, -1]`` if none). One
    int array for an int ``dim`` (pPython's shape ``(num_procs, 3)``), else a list. Computed
    from each rank's index runs (closed form), never from index arrays. Local."""
    if not isinstance(d, _pg.darray):
        shape = np.shape(d)
        rows = [np.array([[0, 0, shape[k] - 1]], dtype=int) for k in _dims(dim, len(shape))]
        return rows[0] if isinstance(dim, (int, np.integer)) else rows
    dims = _dims(dim, d.ndim)
    for k in dims:
        if d.map.dist[k] != "b":
            raise ValueError(f"global_block_ranges: dimension {k} is {d.map.dist[k]!r}, "
                             f"not a block dimension")
    tables = [np.zeros((len(d.map.procs), 3), dtype=int) for _ in dims]
    for row, rank in enumerate(d.map.procs):
        runs = d.map.held_runs(d.shape, rank)
        for table, k in zip(tables, dims):
            held = [r for r in runs[k] if r.count and r.length]
            table[row] = (rank, held[0].start, _last_of(held)) if held else (rank, 0, -1)
    return tables[0] if isinstance(dim, (int, np.integer)) else tables


def grid(d: Any) -> np.ndarray:
    """The ranks laid onto the process grid (pPython's ``d.map.grid``); ``[[0]]`` for NumPy
    input. Local."""
    m = d.map if isinstance(d, _pg.darray) else d
    if isinstance(m, _pg.dmap):
        return np.array(m.procs, dtype=int).reshape(m.grid)
    return np.zeros((1,) * max(np.ndim(d), 1), dtype=int)


def grid_global_ind(d: Any) -> Dict[Any, Any]:
    """For every position of the process grid, the global indices that rank holds: nested
    dicts ``out[i][j]...`` whose leaves map ``'0'``, ``'1'``, ... to int arrays, as pPython.
    This describes the whole array, so it costs O(size) — for a rank's own part use
    ``global_ind``. Local."""
    if not isinstance(d, _pg.darray):
        raise TypeError("grid_global_ind: expected a distributed array")
    ranks = grid(d)
    out: Dict[Any, Any] = {}
    for coords in np.ndindex(*ranks.shape):
        held = d.map.global_ind(d.shape, None, int(ranks[coords]))
        node = out
        for c in coords[:-1]:
            node = node.setdefault(c, {})
        node[coords[-1]] = {str(k): h for k, h in enumerate(held)}
    return out


# --- whole arrays --------------------------------------------------------------------------

def agg(d: Any, leader: Optional[int] = None) -> Any:
    """The whole array on the leader (default ``pgas.ppython.leader``, 0), this rank's part
    elsewhere (pPython). NumPy input comes back unchanged. Collective."""
    if not isinstance(d, _pg.darray):
        return d
    if leader is None:
        from . import leader as default_leader
        leader = default_leader
    return _pg.agg(d, int(leader))


#: pPython's older aggregation, its node-local and topology-aware ones: the same result as
#: ``agg`` (pgas's gather already goes straight to the leader).
oagg = agg
agg_by_topology = agg
agg_in_node = agg


def agg_all(d: Any, leader: Optional[int] = None) -> Any:
    """The whole array on every rank. ``leader`` is accepted for pPython's sake. Collective."""
    return _pg.agg_all(d) if isinstance(d, _pg.darray) else d


def synch(d: Any) -> Any:
    """Refresh overlap cells from their owners and return the array (``A = synch(A)``).
    Collective."""
    return _pg.synch(d)


def _find_order(m: Any) -> np.ndarray:
    """The map's ranks in the order pPython's ``find`` concatenates their results: over the
    process grid with the first grid coordinate varying fastest (its loop runs over grid
    columns, then rows: column-major, MATLAB's order)."""
    return np.asarray(m.procs, dtype=np.int64).reshape(m.grid).ravel(order="F")


def find(x: Any) -> List[np.ndarray]:
    """Global indices of the non-zero cells, one int array per dimension (``[i, j] =
    find(A)``; ``[i] = find(v)`` for a vector), in pPython's order: each rank's non-zeros in
    row-major order of its local part, the ranks one after the other in column-major order of
    the process grid (see ``_find_order``). So for a ``[1, Np]`` or ``[Np]`` grid the result is
    grouped by rank, and for ``[Np, 1]`` row blocks it is NumPy's row-major order. Each rank
    looks only at the cells it owns (an overlap copy is not found twice). Every rank gets the
    whole result, including ranks outside the map (pPython gives those empty lists). NumPy
    input: ``np.nonzero``'s row-major order, as pPython. Collective."""
    if not isinstance(x, _pg.darray):
        return [np.asarray(i) for i in np.nonzero(np.asarray(x))]
    mine = np.nonzero(x.owned)
    held = x.global_ind()
    flat = np.zeros(mine[0].size if x.ndim else 0, dtype=np.int64)
    for k, local_i in enumerate(mine):
        flat = flat * x.shape[k] + held[k][local_i]
    comm = _comm_of(x)
    counts = np.array(comm.allgather(flat.size), dtype=np.int64)
    # Each rank's block lands where pPython's order puts it: displacements, not a reshuffle.
    order = _find_order(x.map)
    displs = np.zeros(counts.size, dtype=np.int64)
    displs[order] = np.cumsum(counts[order]) - counts[order]
    everything = np.empty(int(counts.sum()), dtype=np.int64)
    comm.Allgatherv(flat, [everything, counts, displs, MPI.INT64_T])
    return [np.asarray(i, dtype=np.int64) for i in np.unravel_index(everything, x.shape)]


# --- elementwise and conversions -----------------------------------------------------------

def cos(x: Any) -> Any:
    """Cosine, cell by cell (a darray stays on its map). Collective for darrays."""
    return np.cos(x)


def sin(x: Any) -> Any:
    """Sine, cell by cell (a darray stays on its map). Collective for darrays."""
    return np.sin(x)


def dcomplex(real: Any, imag: Any) -> Any:
    """``real + 1j * imag`` for darrays (same map as ``real``) or NumPy arrays. Collective for
    darrays."""
    return real + 1j * imag


def double(x: Any) -> Any:
    """The values as float64 (a new array on the same map). Collective for darrays."""
    return x.astype(np.float64) if isinstance(x, _pg.darray) else np.asarray(x, np.float64)


def _unsigned(x: Any, dtype: Any) -> Any:
    """NumPy's conversion to an unsigned type: a darray of that dtype on x's map, or a NumPy
    array."""
    if not isinstance(x, _pg.darray):
        return np.asarray(x).astype(dtype)
    return x.astype(dtype)


def uint8(x: Any) -> Any:
    """Values converted as ``astype(np.uint8)`` (a uint8 darray on the same map). Collective
    for darrays (local work, no communication)."""
    return _unsigned(x, np.uint8)


def uint16(x: Any) -> Any:
    """Values converted as ``astype(np.uint16)`` (a uint16 darray on the same map). Collective
    for darrays (local work, no communication)."""
    return _unsigned(x, np.uint16)


def uint32(x: Any) -> Any:
    """Values converted as ``astype(np.uint32)`` (a uint32 darray on the same map). Collective
    for darrays (local work, no communication)."""
    return _unsigned(x, np.uint32)


def uint64(x: Any) -> Any:
    """Values converted as ``astype(np.uint64)`` (a uint64 darray on the same map). Collective
    for darrays (local work, no communication)."""
    return _unsigned(x, np.uint64)


def unfun(f: Callable[[np.ndarray], Any], x: Any) -> Any:
    """Apply ``f`` to this rank's part, in place (pPython: ``x.local = f(x.local)``), and
    return the array. A result of another kind (complex from real) makes the array that
    kind. Local, except that a result that does not fit raises on every rank."""
    if not isinstance(x, _pg.darray):
        return f(x)
    return put_local(x, f(x.local))


def mtimes(a: Any, b: Any) -> Any:
    """Matrix product ``a @ b``: distributed (ScaLAPACK, pgas.linalg) when either is a darray.
    Collective for darrays."""
    return a @ b


def summation(total: Any, *arrays: Any) -> Any:
    """``total[...] = arrays[0] + arrays[1] + ...`` added pairwise (log2(n) rounds, pPython's
    order), with the sum redistributed into ``total``'s map; returns ``total``. A single
    list, tuple or dict of arrays is accepted too. Collective."""
    items: List[Any]
    if len(arrays) == 1 and isinstance(arrays[0], dict):
        items = list(arrays[0].values())
    elif len(arrays) == 1 and isinstance(arrays[0], (list, tuple)):
        items = list(arrays[0])
    else:
        items = list(arrays)
    if not items:
        raise ValueError("summation: no arrays to add")
    while len(items) > 1:
        items = [items[i] + items[i + 1] if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    if isinstance(total, _pg.darray):
        total[(slice(None),) * total.ndim] = items[0]
        return total
    return np.asarray(items[0] if not isinstance(items[0], _pg.darray)
                      else _pg.agg_all(items[0]))


def size(d: Any, dim: Optional[int] = None) -> Any:
    """The global shape (a tuple), or its extent along ``dim``. Local."""
    shape = tuple(d.shape) if isinstance(d, _pg.darray) else np.shape(d)
    return shape if dim is None else shape[int(dim)]


def ndims(d: Any) -> int:
    """The number of dimensions. Local."""
    return len(size(d))


def fft(x: np.ndarray, n: Any = None, dim: int = 0) -> np.ndarray:
    """MATLAB-style ``fft(x, n, dim)`` on a local NumPy array (pPython's ``fft(Xloc, [], 1)``):
    ``n`` of ``[]`` or ``None`` means the length along ``dim``. Local."""
    length = None if n is None or (isinstance(n, (list, tuple)) and not n) else int(n)
    return np.fft.fft(x, n=length, axis=dim)


# --- looking at an array ------------------------------------------------------------------

def _runs_text(runs: List[Any]) -> str:
    parts = []
    for r in runs:
        if not (r.count and r.length):
            continue
        if r.count == 1:
            parts.append(f"{r.start}..{r.start + r.length - 1}")
        else:
            parts.append(f"{r.count} blocks of {r.length} from {r.start} every {r.stride}")
    return ", ".join(parts) or "nothing"


def print_falls(d: Any, rank: Optional[int] = None) -> str:
    """Print and return, per dimension, the global index runs ``rank`` (default this rank)
    holds — what pPython's FALLS describe — in words. Local."""
    r = _pg.Pid if rank is None else int(rank)
    runs = d.map.held_runs(d.shape, r)
    text = "".join(f"rank {r} dim {k}: {_runs_text(rk)}\n" for k, rk in enumerate(runs))
    print(text, end="")
    return text


def print_pitfalls(d: Any) -> str:
    """Print and return every rank's index runs (pPython's PITFALLS: the whole layout). Local."""
    text = f"{d.shape} over grid {list(d.map.grid)}, dist {list(d.map.dist)}:\n"
    for rank in d.map.procs:
        runs = d.map.held_runs(d.shape, rank)
        text += "".join(f"  rank {rank} dim {k}: {_runs_text(rk)}\n" for k, rk in enumerate(runs))
    print(text, end="")
    return text


def display(x: Any, name: Optional[str] = None) -> str:
    """Print and return a readable summary of ``x`` on this rank: shape, dtype, map, the
    local part's shape and index ranges, and the local values. Local."""
    label = f"{name} = " if name else ""
    if not isinstance(x, _pg.darray):
        text = f"{label}{np.asarray(x)!r}\n"
    else:
        held = [x.global_ind(k) for k in range(x.ndim)]
        ranges = ", ".join(f"{h[0]}..{h[-1]}" if h.size else "-" for h in held)
        text = (f"{label}Dmat {x.shape} {x.dtype} on {x.map!r}\n"
                f"  rank {_pg.Pid}: local {tuple(x.local_shape)} at [{ranges}]\n"
                f"{np.array2string(x.local, prefix='  ')}\n")
    print(text, end="")
    return text

