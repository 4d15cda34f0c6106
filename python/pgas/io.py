"""Parallel HDF5 I/O (SPEC §6): ``pg.io.save``, ``pg.io.load``, ``pg.io.info``.

Every rank writes and reads its own cells of one HDF5 dataset with collective MPI-IO
transfers, whatever the map. The files are plain HDF5: h5py and h5dump read them, and
``load`` reads any dataset of a pgas dtype that h5py wrote. docs/io.md has the details.
All three calls are collective over the array's (or ``comm``'s) communicator, and every
error is raised on every rank.
"""
from __future__ import annotations

import numbers
import os
from typing import Any, Dict, Optional

import numpy as np

from . import _agreement, _context, _core
from .darray import darray
from .maps import dmap

__all__ = ["save", "load", "info"]



def _attr(name: str, value: Any):
    """(kind, value) for the C++ side; TypeError for values HDF5 attributes here cannot hold."""
    if isinstance(value, (bool, np.bool_)):
        return ("int", int(value))
    if isinstance(value, numbers.Integral):
        return ("int", int(value))
    if isinstance(value, numbers.Real):
        return ("float", float(value))
    if isinstance(value, (str, bytes)):
        return ("str", value.decode() if isinstance(value, bytes) else value)
    arr = np.asarray(value)
    if arr.ndim == 1 and arr.dtype.kind in "biu":
        return ("ints", [int(x) for x in arr])
    if arr.ndim == 1 and arr.dtype.kind == "f":
        return ("floats", [float(x) for x in arr])
    raise TypeError(f"attrs[{name!r}]: an attribute is an int, float, str or a 1-d sequence of "
                    f"numbers, got {type(value).__name__}")


def _compression(compression: Any, compression_opts: Any) -> int:
    """The deflate level, or -1 for none (h5py's spellings: "gzip" with compression_opts)."""
    if compression is None or compression is False:
        return -1
    if isinstance(compression, (bool, np.bool_)):
        return 4
    if isinstance(compression, numbers.Integral):
        level = int(compression)
    elif compression in ("gzip", "deflate"):
        level = 4 if compression_opts is None else int(compression_opts)
    else:
        raise ValueError(f"compression must be None, 'gzip' or a level 0-9, got {compression!r}")
    if not 0 <= level <= 9:
        raise ValueError(f"compression level {level} must be 0-9")
    return level


def save(path: Any, name: str, A: Any, attrs: Optional[Dict[str, Any]] = None,
         chunks: Any = None, compression: Any = None, *, compression_opts: Any = None,
         in_place: bool = False, method: str = "automatic", overwrite: bool = False) -> None:
    """Write ``A`` as dataset ``name`` of the HDF5 file ``path``. Collective.

    The file is created if missing; a dataset of the same name is replaced, others are kept.
    An object of another kind at ``name`` (a group, with everything in it) is never deleted
    silently: ValueError, as h5py raises, unless ``overwrite=True`` asks for its replacement.
    The save is atomic: the file is written under a temporary name in the same directory and
    renamed when complete, so a job that dies midway leaves any previous file untouched
    (``in_place=True`` writes into an existing file directly: no copy, no such promise).
    ``attrs``: dict of ints, floats, strs or 1-d number sequences (names ``pgas_*`` are reserved
    for the map). ``chunks``: a tuple, or True for about 1 MiB chunks. ``compression``: "gzip"
    (level ``compression_opts``, default 4) or a level 0-9. ``method``: "automatic" (what
    bench/bench_io measured faster for the map), "hyperslabs" or "via_blocks" (docs/io.md).
    ``A`` may also be a NumPy array given alike on every rank: it is saved as block rows.
    """
    if not isinstance(A, darray):
        if isinstance(A, np.ndarray):
            from .construct import from_numpy
            A = from_numpy(A, dmap([_context.default_comm().Get_size()] + [1] * (A.ndim - 1)))
        else:
            raise TypeError(f"save: expected a pgas darray or a NumPy array, got {type(A).__name__}")
    level = _compression(compression, compression_opts)
    if chunks is None or chunks is False:
        chunk_list = []  # contiguous, or chunks chosen by the C++ side when compressed
    elif chunks is True:
        chunk_list = []  # about 1 MiB each, chosen by the C++ side
    else:
        chunk_list = [int(c) for c in chunks]
    attr_items = {str(k): _attr(str(k), v) for k, v in (attrs or {}).items()}
    _agreement.check_same(A._impl.context, "pg.io.save", path=os.fspath(path), name=str(name),
                          attrs=attr_items, chunks=(chunk_list, chunks is True), compression=level,
                          in_place=bool(in_place), method=str(method), overwrite=bool(overwrite))
    _core.io.save(os.fspath(path), str(name), A._impl, attr_items, chunk_list, chunks is True,
                  level, bool(in_place), str(method), bool(overwrite))


def load(path: Any, name: str, map: Any = None, *, comm: Any = None) -> Any:
    """Read dataset ``name`` of ``path`` into a darray of the dataset's dtype. Collective.

    ``map``: a ``pg.dmap``; None (default) for block rows over all ranks; ``"stored"`` for the
    map the writer used (kept as dataset attributes; ValueError if there is none, or it needs
    more ranks than there are); 1 for a plain NumPy array on every rank. Missing file:
    FileNotFoundError; missing dataset: KeyError; a map of the wrong number of dimensions or an
    unsupported dtype: ValueError — on every rank.
    """
    ctx = _context.context_for(comm)
    whole = isinstance(map, numbers.Integral) and not isinstance(map, bool) and map == 1
    _agreement.check_same(ctx, "pg.io.load", path=os.fspath(path), name=str(name), map=map)
    if map is None or whole:
        impl = _core.io.load(os.fspath(path), str(name), None, False, ctx)
    elif isinstance(map, str):
        if map != "stored":
            raise ValueError(f"map must be a pg.dmap, None, 1 or 'stored', got {map!r}")
        impl = _core.io.load(os.fspath(path), str(name), None, True, ctx)
    elif isinstance(map, dmap):
        impl = _core.io.load(os.fspath(path), str(name), map._map, False, ctx)
    else:
        raise TypeError(f"map must be a pg.dmap, None, 1 or 'stored', got {map!r}")
    out = darray(impl)
    return out.agg_all() if whole else out


def info(path: Any, *, comm: Any = None) -> Dict[str, Dict[str, Any]]:
    """Every dataset of an HDF5 file: ``{name: {"shape", "dtype", "chunks", "compression",
    "compression_opts", "attrs", "map"}}``. ``dtype`` is a NumPy dtype, or HDF5's description
    (e.g. ``"uint8"``) for types pgas does not load; ``map`` is the writer's ``pg.dmap`` or
    None. Collective; FileNotFoundError / OSError on every rank.
    """
    out = {}
    ctx = _context.context_for(comm)
    _agreement.check_same(ctx, "pg.io.info", path=os.fspath(path))
    for d in _core.io.info(os.fspath(path), ctx):
        entry = dict(d)
        name = entry.pop("name")
        supported = entry.pop("supported")
        entry["dtype"] = np.dtype(entry["dtype"]) if supported else entry["dtype"]
        entry["map"] = dmap._from_core(entry["map"]) if entry["map"] is not None else None
        out[name] = entry
    return out
