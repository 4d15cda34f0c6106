"""Trial SEED of "rank r ends at step s of a random program": every rank derives the same
program (a sequence of collective pgas operations) and the same (r, s, kind) from SEED; the
victim ends in that way at that step while the others go on. The job must end, non-zero."""
import os
import random
import signal
import sys
import time


import pgas as pg

seed = int(sys.argv[1])
rng = random.Random(seed)
STEPS = 8
KINDS = ["exit0", "exit3", "raise_exit", "exception", "keyboard", "os_exit", "sigterm", "sigint", "sigkill"]
victim = rng.randrange(pg.Np)
step_of_death = rng.randrange(STEPS)
kind = rng.choice(KINDS)
program = [rng.choice(["sum", "remap", "add", "slice", "agg", "matmul", "max_axis"]) for _ in range(STEPS)]
print(f"trial {seed}: rank {victim} ends by {kind} at step {step_of_death} of {program}", flush=True)

A = pg.rand((64, 6), map=pg.dmap([pg.Np, 1]), seed=seed)
cyclic = pg.dmap([pg.Np, 1], ["c", "b"])


def end_now():
    sys.stderr.write(f"ENDING {time.time():.3f}\n")
    sys.stderr.flush()
    if kind == "exit0":
        sys.exit(0)
    if kind == "exit3":
        sys.exit(3)
    if kind == "raise_exit":
        raise SystemExit(4)
    if kind == "exception":
        raise RuntimeError("the victim fails")
    if kind == "keyboard":
        raise KeyboardInterrupt
    if kind == "os_exit":
        os._exit(5)
    os.kill(os.getpid(), {"sigterm": signal.SIGTERM, "sigint": signal.SIGINT, "sigkill": signal.SIGKILL}[kind])
    time.sleep(60)


for step, op in enumerate(program):
    if step == step_of_death and pg.Pid == victim:
        end_now()
    if op == "sum":
        A.sum()
    elif op == "remap":
        A = pg.remap(pg.remap(A, cyclic), pg.dmap([pg.Np, 1]))
    elif op == "add":
        A = A + A * 0.5
    elif op == "slice":
        A[2:10, :].sum()
    elif op == "agg":
        pg.agg(A)
    elif op == "matmul":
        (A.T @ A).sum()
    elif op == "max_axis":
        A.max(axis=0)
# Not reached by the victim; the others wait here for it at the exit.
