"""Typed interface of ``pgas`` (SPEC §0-3). The implementation is in the .py modules."""
from typing import Optional

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
