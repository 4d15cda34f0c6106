"""Which communicator arrays live on (SPEC §3): MPI_COMM_WORLD unless pg.init(comm=...) says
otherwise; every constructor also takes comm=."""
from __future__ import annotations

from typing import Any, Optional

from mpi4py import MPI

from . import _core

_default_comm: Any = MPI.COMM_WORLD
_contexts: dict = {}


def context_for(comm: Optional[Any] = None) -> "_core.darray.Context":
    """The C++ Context (a private duplicate) of an mpi4py communicator; collective the first
    time a communicator is seen."""
    comm = _default_comm if comm is None else comm
    if not isinstance(comm, MPI.Comm):
        raise TypeError(f"comm must be an mpi4py communicator, got {type(comm).__name__}")
    handle = MPI._handleof(comm)
    ctx = _contexts.get(handle)
    if ctx is None:
        ctx = _core.darray.Context.wrap(handle)
        _contexts[handle] = (ctx, comm)
        return ctx
    return ctx[0]


def comm_of(ctx: "_core.darray.Context") -> Any:
    """The mpi4py communicator a context was made from."""
    for c, comm in _contexts.values():
        if c.user_handle == ctx.user_handle:
            return comm
    return _default_comm


def init(comm: Optional[Any] = None) -> None:
    """Make ``comm`` (an mpi4py communicator) the default for new arrays. Collective over it."""
    global _default_comm
    if comm is not None:
        context_for(comm)
        from . import messages  # object messages get their private channel on it too

        messages.attach(comm)
        _default_comm = comm


def default_comm() -> Any:
    return _default_comm
