"""pytest under mpirun: every rank runs every test; rank 0 prints the report
(scripts/rank0-stdout silences the others' stdout).

A failure on another rank is printed to stderr with its rank, so it is never hidden, and
mpirun's exit status carries it (any rank's non-zero exit fails the run).
"""
import sys

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
