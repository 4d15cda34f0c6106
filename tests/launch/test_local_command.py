"""The mpirun command line: exactly the flags the machine needs (pure function, no MPI)."""
from __future__ import annotations

import pytest

from pgas_launch.local import mpirun_command
from pgas_launch.request import LaunchRequest

PROGRAM = ["python3", "prog.py", "--size", "10"]
THREADS_1 = ["-x", "OMP_NUM_THREADS=1", "-x", "OPENBLAS_NUM_THREADS=1", "-x", "MKL_NUM_THREADS=1"]


def command(ranks: int, *, cores: int, root: bool, threads: int = 1):
    return mpirun_command(LaunchRequest(ranks=ranks, threads=threads, program=PROGRAM), cores=cores, root=root)


def test_plain_user_within_cores_needs_no_extra_flags():
    assert command(4, cores=4, root=False) == ["mpirun", "-n", "4", *THREADS_1, *PROGRAM]


def test_more_ranks_than_cores_oversubscribes():
    assert command(5, cores=4, root=False) == ["mpirun", "-n", "5", "--oversubscribe", *THREADS_1, *PROGRAM]


def test_root_gets_allow_run_as_root():
    assert command(2, cores=4, root=True) == ["mpirun", "-n", "2", "--allow-run-as-root", *THREADS_1, *PROGRAM]


@pytest.mark.parametrize("threads", [2, 8])
def test_threads_set_every_thread_variable_and_unbind(threads):
    cmd = command(2, cores=16, root=False, threads=threads)
    assert cmd[:5] == ["mpirun", "-n", "2", "--bind-to", "none"]
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        assert f"{name}={threads}" in cmd
    assert cmd[-len(PROGRAM):] == PROGRAM
