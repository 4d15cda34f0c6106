"""Rank 1 raises while every other rank waits in a collective call that would never return.

Only the failure policy (SPEC §3: traceback with the rank, then the whole job ends) can end this
program; without it the job hangs. Rank 1 prints when it fails, so the tests can time the rest.
argv[1] is a marker the tests look for in `ps` to find leftover ranks.
"""
import sys
import time

import pgas as pg

marker = sys.argv[1] if len(sys.argv) > 1 else ""
if pg.Pid == 1:
    time.sleep(0.5)  # let the others reach the barrier first
    print(f"rank 1 fails at {time.time():.3f} {marker}", flush=True)
    raise RuntimeError(f"rank 1 fails on purpose {marker}")
pg.comm().Barrier()
print(f"rank {pg.Pid} passed the barrier: the failure was not handled {marker}", flush=True)
