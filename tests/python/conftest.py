"""pytest under mpirun: every rank runs every test; rank 0 prints the report
(scripts/rank0-stdout silences the others' stdout).

A failure on another rank is printed to stderr with its rank, so it is never hidden, and
mpirun's exit status carries it (any rank's non-zero exit fails the run).
"""
import re
import runpy
import sys

import numpy as np
import pytest
from mpi4py import MPI

RANK = MPI.COMM_WORLD.Get_rank()
SIZE = MPI.COMM_WORLD.Get_size()




def pytest_runtest_logreport(report):
    if RANK != 0 and report.failed:
        sys.__stderr__.write(f"[rank {RANK}] FAILED {report.nodeid} ({report.when})\n"
                             f"{report.longreprtext}\n")
        sys.__stderr__.flush()


@pytest.fixture
def comm():
    return MPI.COMM_WORLD


def all_ranks_agree(flag: bool) -> bool:
    """True only if ``flag`` holds on every rank (Elemental's all-reduced error flag)."""
    return MPI.COMM_WORLD.allreduce(bool(flag), op=MPI.LAND)


def raises_everywhere(exc, match, f) -> bool:
    """True only if ``f()`` raises ``exc`` with a message matching the regex ``match`` on every rank."""
    try:
        f()
        ok = False
    except exc as e:
        ok = re.search(match, str(e)) is not None
    return all_ranks_agree(ok)


def same_everywhere(value) -> bool:
    """True only if ``value`` (NumPy-convertible, or None) has the same bytes on every rank."""
    got = MPI.COMM_WORLD.allgather(None if value is None else np.asarray(value).tobytes())
    return all(g == got[0] for g in got)


def run_example(script, args) -> int:
    """Runs the example program at path ``script`` as ``__main__`` with ``args`` in sys.argv, in
    this process (so on every rank of the job); returns its exit status (SystemExit's code, else 0)."""
    saved = sys.argv
    sys.argv = [str(script)] + list(args)
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as stop:
        return 0 if stop.code is None else int(stop.code)
    finally:
        sys.argv = saved
    return 0
