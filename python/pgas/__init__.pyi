"""Typed interface of ``pgas`` (SPEC §0-3). The implementation is in the .py modules."""
from typing import Any, Optional, Sequence, Tuple

from mpi4py import MPI

from . import io as io
from . import ml as ml
from .construct import (arange as arange, empty as empty, from_numpy as from_numpy,
                        full as full, ones as ones, rand as rand, randn as randn, zeros as zeros)
from .darray import darray as darray
from .functions import (agg as agg, agg_all as agg_all, global_block_range as global_block_range,
                        global_block_ranges as global_block_ranges, global_ind as global_ind,
                        local as local, put_local as put_local, remap as remap, synch as synch,
                        transpose as transpose, transpose_grid as transpose_grid)
from .maps import Dmap as Dmap, dmap as dmap
from .messages import BcastMsg as BcastMsg, RecvMsg as RecvMsg, SendMsg as SendMsg

Np: int
Pid: int
__version__: str

def size() -> int: ...
def rank() -> int: ...
def comm() -> MPI.Comm: ...
def init(comm: Optional[MPI.Comm] = None) -> None: ...

# NumPy's creation functions with map= (pgas._numpy_api.creation): a darray with a map, else
# NumPy's result.
def linspace(start: Any, stop: Any, num: int = ..., endpoint: bool = ..., retstep: bool = ...,
             dtype: Any = ..., axis: int = ..., *, device: Any = ..., map: Optional[dmap] = ...,
             comm: Optional[MPI.Comm] = ...) -> Any: ...
def logspace(start: Any, stop: Any, num: int = ..., endpoint: bool = ..., base: Any = ...,
             dtype: Any = ..., axis: int = ..., *, map: Optional[dmap] = ...,
             comm: Optional[MPI.Comm] = ...) -> Any: ...
def geomspace(start: Any, stop: Any, num: int = ..., endpoint: bool = ..., dtype: Any = ...,
              axis: int = ..., *, map: Optional[dmap] = ...,
              comm: Optional[MPI.Comm] = ...) -> Any: ...
def eye(N: int, M: Optional[int] = ..., k: int = ..., dtype: Any = ..., order: str = ..., *,
        device: Any = ..., like: Any = ..., map: Optional[dmap] = ...,
        comm: Optional[MPI.Comm] = ...) -> Any: ...
def identity(n: int, dtype: Any = ..., *, like: Any = ..., map: Optional[dmap] = ...,
             comm: Optional[MPI.Comm] = ...) -> Any: ...
def tri(N: int, M: Optional[int] = ..., k: int = ..., dtype: Any = ..., *, like: Any = ...,
        map: Optional[dmap] = ..., comm: Optional[MPI.Comm] = ...) -> Any: ...
def indices(dimensions: Sequence[int], dtype: Any = ..., sparse: bool = ..., *,
            map: Optional[dmap] = ..., comm: Optional[MPI.Comm] = ...) -> Any: ...
def meshgrid(*xi: Any, copy: bool = ..., sparse: bool = ..., indexing: str = ...,
             map: Optional[dmap] = ..., comm: Optional[MPI.Comm] = ...) -> Tuple[Any, ...]: ...
