"""Finding and stopping every process a launch started, so none outlives pgas-launch.

mpirun is started as the leader of a new session. Open MPI puts each rank into a process group
of its own, so a process-group kill would miss them; but they all stay in mpirun's session, which
is therefore the handle used to find stragglers.
"""
from __future__ import annotations

import ctypes
import os
import signal
import time
from typing import List

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """preexec_fn: have the kernel send SIGTERM to this child if pgas-launch itself dies.

    Covers the one case no signal handler can: pgas-launch killed with SIGKILL. mpirun then gets
    SIGTERM and stops its ranks. Linux only; silently a no-op elsewhere.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def session_members(session_id: int) -> List[int]:
    """PIDs of the live processes in a session (read from /proc; empty where /proc is absent)."""
    members = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the process ended while we looked
        # Fields after the command name, which is in parentheses and may contain spaces:
        # state ppid pgrp session ...
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == session_id:
            members.append(int(entry))
    return members


def stop_session(session_id: int, grace_seconds: float) -> None:
    """SIGTERM every process of the session, then SIGKILL whatever is left after the grace period."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = session_members(session_id)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline and session_members(session_id):
            time.sleep(0.05)
