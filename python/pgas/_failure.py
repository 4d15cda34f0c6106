"""SPEC §3 failure policy: an uncaught exception on any rank ends the whole job.

Without this, the failing rank would exit while its peers wait forever inside a
collective call. The hook prints the traceback tagged with the rank, then calls
MPI_Abort, which makes mpirun (or srun) kill every rank and exit non-zero.
"""
import sys
import traceback

_installed = False


def _abort_on_uncaught(exc_type, exc, tb):
    from mpi4py import MPI

    rank = MPI.COMM_WORLD.Get_rank()
    lines = traceback.format_exception(exc_type, exc, tb)
    text = "".join(f"[rank {rank}] {line}" for chunk in lines for line in chunk.splitlines(True))
    sys.stderr.write(text)
    sys.stderr.flush()
    sys.stdout.flush()
    # Alone, Python's own exit (status 1) is enough; with peers, only MPI_Abort stops them.
    if MPI.COMM_WORLD.Get_size() > 1:
        MPI.COMM_WORLD.Abort(1)


def install() -> None:
    """Install the hook once; interactive sessions keep Python's default behaviour."""
    global _installed
    if _installed or hasattr(sys, "ps1"):
        return
    sys.excepthook = _abort_on_uncaught
    _installed = True
