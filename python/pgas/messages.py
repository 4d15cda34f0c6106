"""pPython-style object messages (SPEC §3): any picklable Python objects, point to point
or broadcast, over the default communicator. For buffers, use pg.comm() (mpi4py)."""
from __future__ import annotations

from typing import Any

from . import _context, _core

__all__ = ["SendMsg", "RecvMsg", "BcastMsg"]


def _check_rank(comm: Any, rank: Any, what: str) -> int:
    if not isinstance(rank, int):
        raise ValueError(f"{what}: rank {rank!r} is not an integer")
    _core.check_rank_in_communicator(f"{what}: rank", rank, comm.Get_size())
    return rank


def SendMsg(dest: int, tag: int, *objs: Any) -> None:
    """Send the objects to ``dest`` with ``tag``. Local (returns when the objects may be reused)."""
    comm = _context.default_comm()
    comm.send(objs, dest=_check_rank(comm, dest, "SendMsg"), tag=tag)


def RecvMsg(src: int, tag: int) -> Any:
    """Receive what SendMsg(dest=me, tag) sent from ``src``: one object, or a tuple of them."""
    comm = _context.default_comm()
    objs = comm.recv(source=_check_rank(comm, src, "RecvMsg"), tag=tag)
    return objs[0] if len(objs) == 1 else objs


def BcastMsg(src: int, *objs: Any) -> Any:
    """Every rank gets ``src``'s objects (one object, or a tuple). Collective."""
    comm = _context.default_comm()
    got = comm.bcast(objs if comm.Get_rank() == src else None,
                     root=_check_rank(comm, src, "BcastMsg"))
    return got[0] if len(got) == 1 else got
