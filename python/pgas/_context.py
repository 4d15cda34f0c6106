"""Which communicator arrays live on (SPEC §3): MPI_COMM_WORLD unless pg.init(comm=...) says
otherwise; every constructor also takes comm=."""
from __future__ import annotations

from typing import Any, Optional

from mpi4py import MPI

from . import _core

_default_comm: Any = MPI.COMM_WORLD


def _forget(comm: Any, keyval: int, ctx: Any) -> None:
    """MPI calls this when the user frees ``comm``: its context must not outlive it here."""
    try:
        _communicators.pop(ctx.user_handle, None)
    except Exception:  # noqa: BLE001 - at MPI_Finalize the interpreter may be half torn down
        pass


# A communicator's context is an MPI attribute of the communicator itself, not an entry keyed
# by its handle: MPI reuses a freed communicator's handle, and a cache keyed by handles would
# hand the freed communicator's stale context to the new one (the C++ Context::wrap does the
# same for the same reason).
_KEYVAL = MPI.Comm.Create_keyval(delete_fn=_forget)
# user handle -> the mpi4py communicator, for comm_of; entries leave when the user frees it.
_communicators: dict = {}


def context_for(comm: Optional[Any] = None) -> "_core.darray.Context":
    """The C++ Context (a private duplicate) of an mpi4py communicator; collective the first
    time a communicator is seen."""
    comm = _default_comm if comm is None else comm
    if not isinstance(comm, MPI.Comm):
        raise TypeError(f"comm must be an mpi4py communicator, got {type(comm).__name__}")
    ctx = comm.Get_attr(_KEYVAL)
    if ctx is None:
        ctx = _core.darray.Context.wrap(MPI._handleof(comm))
        comm.Set_attr(_KEYVAL, ctx)
        _communicators[ctx.user_handle] = comm
    return ctx


def comm_of(ctx: "_core.darray.Context") -> Any:
    """The mpi4py communicator a context was made from."""
    return _communicators.get(ctx.user_handle, _default_comm)


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
