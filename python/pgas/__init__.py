"""pgas: PGAS distributed arrays for SPMD programs over MPI.

``import pgas as pg`` initialises MPI through mpi4py (or joins an MPI that mpi4py
already initialised) and installs the failure policy of SPEC §3.
"""
from mpi4py import MPI as _MPI

from . import _failure
from . import _core
from .maps import Dmap, dmap

_failure.install()

_world = _MPI.COMM_WORLD

#: Number of ranks in the job (pPython's ``Np``).
Np: int = _world.Get_size()
#: This process's rank (pPython's ``Pid``).
Pid: int = _world.Get_rank()

_core.set_error_rank(Pid)


def size() -> int:
    """Number of ranks (local call)."""
    return Np


def rank() -> int:
    """This process's rank (local call)."""
    return Pid


def comm():
    """The communicator pgas works on, as an mpi4py ``Comm`` (local call)."""
    return _world


__all__ = ["Np", "Pid", "size", "rank", "comm", "dmap", "Dmap"]
__version__ = "0.1.0"
