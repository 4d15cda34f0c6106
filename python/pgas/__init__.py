"""pgas: PGAS distributed arrays for SPMD programs over MPI.

``import pgas as pg`` initialises MPI through mpi4py (or joins an MPI that mpi4py
already initialised) and installs the failure policy of SPEC §3.
"""
from mpi4py import MPI as _MPI

from . import _core, _failure
from ._context import init
from .construct import arange, empty, from_numpy, full, ones, rand, randn, zeros
from .darray import darray
from .functions import (agg, agg_all, global_block_range, global_block_ranges, global_ind,
                        local, put_local, remap, synch, transpose, transpose_grid)
from .maps import Dmap, dmap
from . import io
from . import linalg
from . import ml
from .messages import BcastMsg, RecvMsg, SendMsg
from ._numpy_api.creation import (eye, geomspace, identity, indices, linspace, logspace,
                                  meshgrid, tri)

_failure.install()

_world = _MPI.COMM_WORLD

#: Number of ranks in the job (pPython's ``Np``).
Np: int = _world.Get_size()
#: This process's rank (pPython's ``Pid``).
Pid: int = _world.Get_rank()

_core.set_error_rank(Pid)


def size() -> int:
    """Number of ranks of the default communicator (local call)."""
    from ._context import default_comm

    return default_comm().Get_size()


def rank() -> int:
    """This process's rank in the default communicator (local call)."""
    from ._context import default_comm

    return default_comm().Get_rank()


def comm():
    """The default communicator as an mpi4py ``Comm`` (local call)."""
    from ._context import default_comm

    return default_comm()


__all__ = ["Np", "Pid", "size", "rank", "comm", "init", "dmap", "Dmap", "darray",
           "zeros", "ones", "empty", "full", "rand", "randn", "arange", "from_numpy",
           "agg", "agg_all", "remap", "synch", "local", "put_local", "global_ind",
           "global_block_range", "global_block_ranges", "transpose", "transpose_grid",
           "SendMsg", "RecvMsg", "BcastMsg",
           "linspace", "logspace", "geomspace", "eye", "identity", "tri", "indices", "meshgrid"]
__version__ = "0.1.0"
