"""SPEC §3 failure policy: however one rank ends, the whole job ends (docs/failure-model.md).

A rank that leaves while its peers wait inside a collective call would leave them waiting
forever. So every way out of the interpreter is covered:

- an uncaught exception (KeyboardInterrupt included): the hook prints the traceback tagged
  with the rank, then calls MPI_Abort, which makes mpirun (or srun) kill every rank;
- the end of the program, ``sys.exit(n)`` and ``raise SystemExit(n)``: Python runs its exit
  handlers, where this rank waits (a non-blocking barrier on a private communicator) at most
  ``PGAS_EXIT_GRACE`` seconds for every other rank to reach its own exit. If they all do, MPI is
  finalised as usual and the status is the program's own; if not, the peers are presumably
  stuck in a collective this rank will never join, and the job is aborted with the rank's
  exit code (1 when it was 0 or unknown);
- ``os._exit`` and signals that kill the process: the rank dies without MPI_Finalize, which
  mpirun and srun notice, and they end the job themselves. A SIGINT that arrives while the rank
  is blocked inside C++ cannot raise KeyboardInterrupt until the call returns, which it never
  would: ``_core.comm.watch_interrupts`` ends such a rank after ``INTERRUPT_GRACE`` seconds.
"""
import atexit
import os
import signal
import sys
import time
import traceback

#: Environment variable: how long (seconds) a rank that reached its end waits for the others.
EXIT_GRACE_VARIABLE = "PGAS_EXIT_GRACE"
DEFAULT_EXIT_GRACE_SECONDS = 3.0
#: How long a SIGINT may go unanswered (the rank blocked in C++) before the rank is ended.
INTERRUPT_GRACE_SECONDS = 2.0

_installed = False
_exit_comm = None  # private duplicate of MPI_COMM_WORLD, only for the exit barrier
_requested_exit = None  # the argument of the last sys.exit() call, when there was one
_original_exit = sys.exit


def _rank_prefix(text: str, rank: int) -> str:
    return "".join(f"[rank {rank}] {line}" for line in text.splitlines(True))


def _abort_on_uncaught(exc_type, exc, tb):
    from mpi4py import MPI

    rank = MPI.COMM_WORLD.Get_rank()
    lines = traceback.format_exception(exc_type, exc, tb)
    sys.stderr.write(_rank_prefix("".join(lines), rank))
    sys.stderr.flush()
    sys.stdout.flush()
    # Alone, Python's own exit (status 1, or the SIGINT status) is enough; with peers, only
    # MPI_Abort stops them.
    if MPI.COMM_WORLD.Get_size() > 1:
        status = 128 + signal.SIGINT if issubclass(exc_type, KeyboardInterrupt) else 1
        sys.stderr.write(f"[rank {rank}] pgas: {exc_type.__name__} ended rank {rank}: ending the "
                         f"job (status {status})\n")
        sys.stderr.flush()
        MPI.COMM_WORLD.Abort(status)


def _recording_exit(status=None):
    """sys.exit that remembers its status, so an aborted job can still end with it."""
    global _requested_exit
    _requested_exit = status
    _original_exit(status)


class _RecordingQuitter:
    """site's exit() / quit(), remembering their status like _recording_exit."""

    def __init__(self, quitter):
        self._quitter = quitter

    def __repr__(self):
        return repr(self._quitter)

    def __call__(self, code=None):
        global _requested_exit
        _requested_exit = code
        self._quitter(code)


def exit_grace_seconds() -> float:
    """PGAS_EXIT_GRACE (seconds, ``inf`` to wait forever), default 3. Local."""
    text = os.environ.get(EXIT_GRACE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_EXIT_GRACE_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also catches NaN
        sys.stderr.write(f"pgas: {EXIT_GRACE_VARIABLE}={text!r} is not a number of seconds >= 0; "
                         f"using {DEFAULT_EXIT_GRACE_SECONDS}\n")
        return DEFAULT_EXIT_GRACE_SECONDS
    return value


def _status_of(code) -> int:
    """The process status Python gives SystemExit(code): None -> 0, int -> itself, else 1."""
    if code is None:
        return 0
    if isinstance(code, int) and not isinstance(code, bool):
        return code & 0xFF
    return 1


def _leave() -> None:
    """Exit handler: wait (bounded) for every rank to reach its end, else end the job."""
    from mpi4py import MPI

    if _exit_comm is None or MPI.Is_finalized():
        return
    grace = exit_grace_seconds()
    arrived = _exit_comm.Ibarrier()
    deadline = time.monotonic() + grace
    pause = 1e-4
    while not arrived.Test():
        if time.monotonic() > deadline:
            break
        time.sleep(pause)
        pause = min(pause * 2, 0.01)  # fast when the peers are close behind, cheap otherwise
    else:
        return  # every rank is exiting: finalise as usual, with the program's own status
    rank = _exit_comm.Get_rank()
    status = _status_of(_requested_exit)
    why = (f"sys.exit({_requested_exit!r})" if _requested_exit is not None
           else "the end of the program (or a SystemExit)")
    abort_status = status if status != 0 else 1
    sys.stdout.flush()
    sys.stderr.write(
        f"[rank {rank}] pgas: rank {rank} reached {why}, but not every other rank reached its end "
        f"within {grace:g} s ({EXIT_GRACE_VARIABLE}); they are presumably waiting in a collective "
        f"call rank {rank} will never make: ending the job (status {abort_status})\n")
    sys.stderr.flush()
    MPI.COMM_WORLD.Abort(abort_status)


def install() -> None:
    """Install the failure policy once. Collective over MPI_COMM_WORLD (``import pgas`` is)."""
    global _installed, _exit_comm
    if _installed:
        return
    _installed = True
    from mpi4py import MPI

    if not hasattr(sys, "ps1"):  # interactive sessions keep Python's default behaviour
        sys.excepthook = _abort_on_uncaught
    if MPI.COMM_WORLD.Get_size() == 1:
        return  # nobody to leave waiting: Python's own exit is the right one
    _exit_comm = MPI.COMM_WORLD.Dup()
    sys.exit = _recording_exit
    import builtins

    for name in ("exit", "quit"):
        if hasattr(builtins, name):
            setattr(builtins, name, _RecordingQuitter(getattr(builtins, name)))
    import threading

    # Only the main thread may set signal handlers; a user's own SIGINT handler stays.
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        from . import _core

        # Python's C handler first (signal.signal installs it), then the watch wraps it.
        signal.signal(signal.SIGINT, _on_interrupt)
        _core.comm.watch_interrupts(INTERRUPT_GRACE_SECONDS, MPI.COMM_WORLD.Get_rank())


def _on_interrupt(signum, frame):
    """SIGINT reached the interpreter: call off the watch, then behave as Python does."""
    from . import _core

    _core.comm.interrupt_answered()
    signal.default_int_handler(signum, frame)


# Registered at import, before pgas.messages registers its own, so that this handler runs last
# (atexit is last-in first-out): whatever else the program does at exit comes first.
atexit.register(_leave)
