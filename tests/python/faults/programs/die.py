"""One rank (the victim) ends in one way at one point of a small pgas program; the others carry on.

    die.py KIND VICTIM POINT

POINT: "before" (the victim ends before the first collective the others enter), "inside" (the
others have been waiting in that collective for a while; for signals: the victim itself is
blocked in a collective that a late peer has not joined yet), "after" (the victim ends after a
collective, while the others go on to the next one). Without pgas's failure policy every case
but os._exit and the fatal signals hangs. Prints "ENDING <time>" to stderr just before the end.
"""
import os
import signal
import subprocess
import sys
import time


import pgas as pg

kind, victim, point = sys.argv[1], int(sys.argv[2]), sys.argv[3]
LATE = 60.0  # seconds a peer would still need: the job must end long before it


def end_now():
    sys.stderr.write(f"ENDING {time.time():.3f}\n")
    sys.stderr.flush()
    if kind == "exit0":
        sys.exit(0)
    if kind == "exit3":
        sys.exit(3)
    if kind == "raise_exit":
        raise SystemExit(4)
    if kind == "builtin_exit":
        exit(6)
    if kind == "exception":
        raise RuntimeError("the victim fails")
    if kind == "keyboard":
        raise KeyboardInterrupt
    if kind == "os_exit":
        os._exit(5)
    sig = {"sigterm": signal.SIGTERM, "sigint": signal.SIGINT, "sigkill": signal.SIGKILL}[kind]
    os.kill(os.getpid(), sig)
    time.sleep(LATE)


def signal_later(seconds):
    """Signal this process from outside while its main thread is blocked (holding the GIL)."""
    sig = {"sigterm": "TERM", "sigint": "INT", "sigkill": "KILL"}[kind]
    subprocess.Popen(["sh", "-c", f"sleep {seconds}; echo ENDING $(date +%s.%N) >&2; kill -{sig} {os.getpid()}"])


A = pg.ones((1000, 8), map=pg.dmap([pg.Np, 1]))
me = pg.Pid
if point == "before":
    if me == victim:
        end_now()
    A.sum()
elif point == "inside":
    if kind.startswith("sig"):
        late_peer = (victim + 1) % pg.Np
        if me == victim:
            signal_later(1.0)
        elif me == late_peer:
            time.sleep(LATE)
        A.sum()
    else:
        if me == victim:
            time.sleep(1.0)  # the others are inside the sum by now
            end_now()
        A.sum()
elif point == "after":
    total = A.sum()
    if me == victim:
        end_now()
    B = A * total
    B.sum()
else:
    raise SystemExit(f"unknown point {point!r}")
if me != victim:
    time.sleep(0.1)
