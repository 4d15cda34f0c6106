"""A 2-line pgas program: every rank reports itself and the thread variables it was given.

argv[1] (optional) is a marker the tests look for in the output.
"""
import os
import sys

import pgas as pg

marker = sys.argv[1] if len(sys.argv) > 1 else ""
threads = ",".join(os.environ.get(v, "unset") for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"))
pg.comm().Barrier()  # the ranks really talk to each other
print(f"hello from rank {pg.Pid} of {pg.Np} threads={threads} {marker}", flush=True)
