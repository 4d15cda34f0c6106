"""What the pgas.ml test suites share: the 2-D maps their data go on and the sub-communicators
of the "same model on 1..P ranks" tests. Imported by the test modules (never by conftest.py,
which must not import pgas before pytest has started MPI)."""

import numpy as np
from conftest import all_ranks_agree
from mpi4py import MPI

import pgas as pg

_KEPT = []  # sub-communicators of the rank-count tests, kept alive


def maps_2d():
    """2-D maps of every kind for the rank count at hand (the same list on every rank)."""
    p = pg.Np
    out = [pg.dmap([p, 1]), pg.dmap([p, 1], "c"), pg.dmap([p, 1], ("bc", 3)),
           pg.dmap([1, p], "c"), pg.dmap([p, 1], overlap=[1, 0]), pg.dmap([1, 1], procs=[p - 1])]
    if p >= 2:
        out.append(pg.dmap([2, p // 2], ["c", ("bc", 2)], list(reversed(range(2 * (p // 2))))))
    return out


def first_ranks(p):
    """The first p ranks of the world as a communicator (MPI.COMM_NULL on the others).
    Collective over the world. Never freed: pgas caches a context per communicator handle,
    and MPI may hand a freed handle to the next Split."""
    world = MPI.COMM_WORLD
    sub = world.Split(0 if world.Get_rank() < p else MPI.UNDEFINED, world.Get_rank())
    if sub != MPI.COMM_NULL:
        _KEPT.append(sub)
    return sub


def fit_on_first_ranks(p, make):
    """Fit make() on the first p ranks of the world (a sub-communicator) and give every rank
    the state rank 0 found, and whether every member rank held the same bits. Collective over
    the world: nothing here may skip the world collectives below, or a failure would hang the
    other ranks."""
    world = MPI.COMM_WORLD
    sub = first_ranks(p)
    state, agree = None, True
    if sub != MPI.COMM_NULL:
        state = make(sub)
        gathered = sub.allgather(tuple(np.asarray(s).tobytes() for s in state))
        agree = all(g == gathered[0] for g in gathered) and sub.Get_size() == p
    return world.bcast(state, root=0), all_ranks_agree(agree)


def mypy_strict_report(tmp_path, name, source):
    """What `mypy --strict` says of a typed program using pgas.ml ("" when it passes), the same
    on every rank: mypy runs on rank 0 only. Collective over the world."""
    import subprocess
    import sys

    report = ""
    if MPI.COMM_WORLD.Get_rank() == 0:
        program = tmp_path / name
        program.write_text(source)
        done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                               "--no-error-summary", str(program)],
                              capture_output=True, text=True, timeout=300)
        report = done.stdout + done.stderr if done.returncode else ""
    return MPI.COMM_WORLD.bcast(report, root=0)
