"""pPython's ``pmpi``: the MPI_* calls of its MatlabMPI-style layer that its examples use, over
pgas's object messages. The ``comm`` arguments are accepted for pPython's sake; messages go
over pgas's default communicator (``pgas.ppython.comm``)."""
from __future__ import annotations

from typing import Any, List, Tuple

from mpi4py import MPI

from pgas import _context

from .messages import BcastMsg, ProbeMsg, RecvMsg, SendMsg

__all__ = ["MPI_COMM_WORLD", "MPI_Init", "MPI_Finalize", "MPI_Comm_size", "MPI_Comm_rank",
           "MPI_Send", "MPI_Recv", "MPI_Bcast", "MPI_Probe", "MPI_Abort",
           "pyMPI_Save_messages", "pyMPI_Comm_dir"]

#: The communicator pPython programs pass around.
MPI_COMM_WORLD: Any = _context.default_comm()


def MPI_Init() -> None:
    """Nothing to do: importing pgas initialised MPI. Local."""


def MPI_Finalize() -> None:
    """Nothing to do now: pgas completes pending messages and finalizes MPI at exit. Local."""


def MPI_Comm_size(comm: Any = None) -> int:
    """The number of ranks. Local."""
    return int((comm if isinstance(comm, MPI.Comm) else _context.default_comm()).Get_size())


def MPI_Comm_rank(comm: Any = None) -> int:
    """This rank. Local."""
    return int((comm if isinstance(comm, MPI.Comm) else _context.default_comm()).Get_rank())


def MPI_Send(dest: Any, tag: Any, comm: Any, *objs: Any) -> None:
    """``SendMsg(dest, tag, *objs)``: returns without waiting for the receiver. Local."""
    SendMsg(dest, tag, *objs)


def MPI_Recv(source: Any, tag: Any, comm: Any = None) -> List[Any]:
    """``RecvMsg(source, tag)``: the list of objects. Local."""
    return RecvMsg(source, tag)


def MPI_Bcast(source: Any, tag: Any, comm: Any, *objs: Any) -> List[Any]:
    """``BcastMsg(source, tag, *objs)``. Collective."""
    return BcastMsg(source, tag, *objs)


def MPI_Probe(source: Any, tag: Any, comm: Any = None,
              nargout: int = 2) -> Tuple[Any, ...]:
    """The waiting messages: ``(ranks, numeric_tags)``, or with ``nargout=3`` also the string
    tags. Never waits. Local."""
    found = ProbeMsg(source, tag)
    return found if nargout == 3 else found[:2]


def MPI_Abort(comm: Any = None, code: int = 1) -> None:
    """End the whole job now. Local (it does not return)."""
    MPI.COMM_WORLD.Abort(int(code))


def pyMPI_Save_messages(comm: Any, save: Any = 1) -> Any:
    """pPython keeps its message files when asked; MPI messages leave none. Returns ``comm``."""
    return comm


def pyMPI_Comm_dir(comm: Any, directory: Any = None) -> Any:
    """pPython's message directory; MPI needs none. Returns ``comm``."""
    return comm

