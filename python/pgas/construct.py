"""Constructors (SPEC §2), all collective: both ``pg.zeros((M, N), map=m)`` and pPython's
``pg.zeros(M, N, map=m)``. No map (or ``map=1``) gives a plain NumPy array."""
from __future__ import annotations

import numbers
from typing import Any, Optional, Tuple

import numpy as np
from mpi4py import MPI

from . import _agreement, _context, _core
from .darray import darray, impl_class, supported_dtype
from .maps import dmap

__all__ = ["zeros", "ones", "empty", "full", "rand", "randn", "arange", "from_numpy"]


def _shape(args: Tuple[Any, ...]) -> Tuple[int, ...]:
    if len(args) == 1 and not isinstance(args[0], numbers.Integral):
        args = tuple(args[0])
    shape = []
    for d, n in enumerate(args):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"shape[{d}] must be an integer, got {n!r}")
        if n < 0:
            raise ValueError(f"negative dimensions are not allowed: shape[{d}] = {n}")
        if n >= 2**63:
            raise ValueError(f"shape[{d}] = {n} does not fit a 64-bit size")
        shape.append(int(n))
    if not shape:
        raise ValueError("pgas arrays have at least one dimension")
    return tuple(shape)


def _distributed(map: Any) -> bool:
    if map is None or (isinstance(map, numbers.Integral) and map == 1):
        return False
    if not isinstance(map, dmap):
        raise TypeError(f"map must be a pg.dmap (or None / 1 for a NumPy array), got {map!r}")
    return True


# What the constructors' extra arguments are called in an error message.
_EXTRA_NAMES = {"full": ("fill_value",), "rand": ("seed",), "randn": ("seed",)}


def _make(kind: str, shape, map: dmap, dtype, comm, *extra, checked: bool = False) -> darray:
    dt = supported_dtype(dtype)
    ctx = _context.context_for(comm)
    if not checked:  # the caller compared its own arguments, which imply these
        _agreement.check_same(ctx, f"pg.{kind}", shape=shape, map=map, dtype=dt,
                              **dict(zip(_EXTRA_NAMES.get(kind, ()), extra)))
    impl = getattr(impl_class(dt), kind)(list(shape), map._map, *extra, ctx)
    return darray(impl, map)


def zeros(*shape: Any, map: Any = None, dtype: Any = np.float64, comm: Any = None):
    s = _shape(shape)
    return _make("zeros", s, map, dtype, comm) if _distributed(map) else np.zeros(s, dtype)


def ones(*shape: Any, map: Any = None, dtype: Any = np.float64, comm: Any = None):
    s = _shape(shape)
    return _make("ones", s, map, dtype, comm) if _distributed(map) else np.ones(s, dtype)


def empty(*shape: Any, map: Any = None, dtype: Any = np.float64, comm: Any = None):
    s = _shape(shape)
    return _make("empty", s, map, dtype, comm) if _distributed(map) else np.empty(s, dtype)


def full(shape: Any, fill_value: Any, map: Any = None, dtype: Any = None, comm: Any = None):
    s = _shape((shape,))
    dt = np.array(fill_value).dtype if dtype is None else np.dtype(dtype)
    if not _distributed(map):
        return np.full(s, fill_value, dt)
    dt = supported_dtype(dt)
    return _make("full", s, map, dt, comm, dt.type(fill_value))


def _seed(seed: Optional[int], comm: Any) -> int:
    """An explicit seed, or one drawn on rank 0 and shared, so every rank agrees."""
    if seed is not None:
        if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or \
                not 0 <= seed < 2**64:
            # Larger seeds would silently equal seed mod 2**64 (the generator keys are 64-bit).
            raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
        return int(seed)
    c = _context.default_comm() if comm is None else comm
    drawn = int(np.random.SeedSequence().generate_state(1, np.uint64)[0]) if c.Get_rank() == 0 else None
    return c.bcast(drawn, root=0)


def rand(*shape: Any, map: Any = None, seed: Optional[int] = None, dtype: Any = np.float64,
         comm: Any = None):
    """Uniform [0, 1). The value at a global index depends only on (seed, index): the same
    seed gives the same global array on any rank count and any map (also without a map)."""
    s = _shape(shape)
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise TypeError(f"rand makes float32 or float64 arrays, not {dt}")
    if _distributed(map):
        return _make("rand", s, map, dt, comm, _seed(seed, comm))
    return rand(*s, map=_one_rank_map(len(s)), seed=_seed(seed, comm), dtype=dt,
                comm=MPI.COMM_SELF).local.copy()


def randn(*shape: Any, map: Any = None, seed: Optional[int] = None, dtype: Any = np.float64,
          comm: Any = None):
    """Standard normal; counter-based like rand."""
    s = _shape(shape)
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise TypeError(f"randn makes float32 or float64 arrays, not {dt}")
    if _distributed(map):
        return _make("randn", s, map, dt, comm, _seed(seed, comm))
    return randn(*s, map=_one_rank_map(len(s)), seed=_seed(seed, comm), dtype=dt,
                 comm=MPI.COMM_SELF).local.copy()


def _one_rank_map(ndim: int) -> dmap:
    m = dmap.__new__(dmap)
    from . import _core

    m._map = _core.maps.Map([1] * ndim, [_core.maps.DimDist.block()], [0], [])
    return m


def arange(*args: Any, map: Any = None, dtype: Any = None, comm: Any = None):
    """numpy.arange(start, stop, step) as a 1-d darray (value = start + step * index)."""
    if not args or len(args) > 3:
        raise TypeError("arange(stop) or arange(start, stop[, step])")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (args + (1,))[:3]
    if step == 0:
        raise ValueError("arange: step must not be zero")
    n = max(0, int(np.ceil((stop - start) / step)))
    dt = np.dtype(dtype) if dtype is not None else np.result_type(start, stop, step)
    if dt == np.dtype(int) or dt.kind in "iu":
        dt = np.dtype(np.int64) if dtype is None else dt
    if not _distributed(map):
        return np.arange(start, stop, step, dtype=dt)
    _agreement.check_same(_context.context_for(comm), "pg.arange", start=start, stop=stop,
                          step=step, dtype=dt, map=map)
    index = _make("arange", (n,), map, np.int64, comm, checked=True)
    if (start, step) == (0, 1) and dt == np.int64:
        return index
    out = index.astype(dt) if dt != np.int64 else index
    local = out.local
    if dt.kind == "u":  # a negative step as its residue: the wrapping products are exact
        step, start = step % (1 << 8 * dt.itemsize), start % (1 << 8 * dt.itemsize)
    local *= dt.type(step)
    local += dt.type(start)
    return out


def from_numpy(a: Any, map: dmap, root: Optional[int] = None, comm: Any = None) -> darray:
    """A darray with ``a``'s values. ``a`` is given on every rank (replicated), or only on
    ``root`` (the other ranks pass anything, e.g. None): then it is scattered from there."""
    c = _context.default_comm() if comm is None else comm
    if not isinstance(map, dmap):
        raise TypeError(f"map must be a pg.dmap, got {map!r}")
    if root is None:
        arr = np.ascontiguousarray(a)
        _agreement.check_same(_context.context_for(c), "pg.from_numpy", shape=arr.shape,
                              dtype=arr.dtype, map=map, root=root)
        out = _make("empty", _shape(arr.shape), map, arr.dtype, c, checked=True)
        out[...] = arr
        return out
    _core.check_rank_in_communicator("from_numpy: root", root, c.Get_size())
    _agreement.check_same(_context.context_for(c), "pg.from_numpy", map=map, root=root)
    info = (np.shape(a), np.asarray(a).dtype.str) if c.Get_rank() == root else None
    shape, dtype = c.bcast(info, root=root)
    supported_dtype(dtype)
    on_root = dmap([1] * len(shape), procs=[root])
    staged = empty(*shape, map=on_root, dtype=dtype, comm=c)
    if c.Get_rank() == root:
        staged.local[...] = np.asarray(a)
    return staged.remap(map)
