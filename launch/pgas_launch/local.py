"""Local mode: the ranks run on this machine under Open MPI's mpirun."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from typing import List

from . import machine
from .processes import die_with_parent, stop_session
from .request import LaunchRequest
from .signals import catching_stop_signals
from .threads import thread_environment

# How long mpirun gets to stop its ranks after a forwarded signal before everything is SIGKILLed.
STOP_GRACE_SECONDS = 5.0


class LauncherNotFound(RuntimeError):
    pass


def mpirun_command(request: LaunchRequest, *, cores: int, root: bool, mpirun: str = "mpirun") -> List[str]:
    """The mpirun command line for this machine: only the flags it needs, so --dry-run explains itself."""
    command = [mpirun, "-n", str(request.ranks)]
    if request.ranks > cores:
        command.append("--oversubscribe")  # otherwise mpirun refuses more ranks than cores
    if root:
        command.append("--allow-run-as-root")  # otherwise Open MPI refuses to start as root
    if request.threads > 1:
        # Open MPI binds each rank to one core by default, which would pile its threads onto it.
        command += ["--bind-to", "none"]
    for name, value in thread_environment(request.threads).items():
        command += ["-x", f"{name}={value}"]  # -x also exports to ranks on other hosts
    return command + list(request.program)


def local_command(request: LaunchRequest) -> List[str]:
    return mpirun_command(request, cores=machine.usable_cores(), root=machine.is_root())


def run_local(request: LaunchRequest) -> int:
    """Run the ranks, return the program's exit status; on Ctrl-C/SIGTERM stop every rank first."""
    command = local_command(request)
    if shutil.which(command[0]) is None:
        raise LauncherNotFound(f"{command[0]} not found on PATH (Debian: apt-get install openmpi-bin)")
    with catching_stop_signals() as stop:
        # A session of its own: Ctrl-C in the terminal reaches only pgas-launch, which forwards it
        # once, and the session id finds every rank afterwards (see processes.py).
        mpirun = subprocess.Popen(command, start_new_session=True, preexec_fn=die_with_parent)
        forwarded_at = None
        while True:
            try:
                status = mpirun.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                pass
            if stop.requested and forwarded_at is None:
                # mpirun turns SIGINT and SIGTERM into "kill every rank"; SIGHUP it may not.
                forwarded = stop.signal if stop.signal in (signal.SIGINT, signal.SIGTERM) else signal.SIGTERM
                mpirun.send_signal(forwarded)
                forwarded_at = time.monotonic()
            elif forwarded_at is not None and (
                stop.count > 1 or time.monotonic() - forwarded_at > STOP_GRACE_SECONDS
            ):
                # A second Ctrl-C, or mpirun did not manage: no more politeness.
                stop_session(mpirun.pid, grace_seconds=0.0)
        # Whatever mpirun left behind (it should leave nothing) goes too.
        stop_session(mpirun.pid, grace_seconds=2.0)
        sys.stdout.flush()
        if stop.requested:
            return stop.exit_status()
        return 128 - status if status < 0 else status
