"""The typed stubs (python/pgas/*.pyi) ship with the package and match the API: a typed program
that uses it, the examples and pgas.ppython pass ``mypy --strict``. Setup installs mypy (the test
skips only where it is absent); mypy runs on rank 0 only and the verdict is shared."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from mpi4py import MPI

import pgas as pg

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(pg.__file__).resolve().parent

TYPED_PROGRAM = '''
from typing import List, Tuple

import numpy as np
from numpy.typing import NDArray
from mpi4py import MPI

import pgas as pg


def halo_rows(n: int) -> Tuple[int, int]:
    m: pg.dmap = pg.dmap([pg.Np, 1], dist="b", overlap=[1, 0])
    A: pg.darray = pg.rand((n, 6), map=m, seed=1)
    A.synch()
    first, last = A.global_block_range(0)
    return first, last


def pipeline() -> float:
    rows = pg.Dmap([pg.Np, 1], {}, range(pg.Np))
    A = pg.rand(8, 6, map=rows, seed=1)
    B = pg.zeros((8, 6), map=pg.dmap([1, pg.Np], dist="c"))
    B[:, :] = A
    C: pg.darray = np.sqrt(B) * 2.0 + 1.0 - A / 3.0
    column_max: pg.darray = C.max(axis=0)
    whole: NDArray[np.float64] = pg.agg_all(column_max)
    on_leader: NDArray[np.float64] = pg.agg(C, leader=0)
    mine: NDArray[np.int64] = A.global_ind(0)
    both: List[NDArray[np.int64]] = pg.global_ind(A)
    plain: NDArray[np.float64] = pg.zeros((3, 3))
    D: pg.darray = pg.transpose_grid(pg.remap(A, pg.dmap([1, pg.Np])))
    E: pg.darray = pg.put_local(pg.from_numpy(plain, pg.dmap([pg.Np, 1])), 1.0)
    F: pg.darray = pg.arange(10, map=pg.dmap([pg.Np])).astype(np.float32).T
    total = float(C.sum()) + float(D.mean()) + float(E.max()) + float(F.sum())
    ok: bool = pg.comm().allreduce(bool(whole.size == 6), op=MPI.LAND)
    echoed = pg.BcastMsg(0, "hello")
    return total + mine.size + len(both) + on_leader.size + float(ok) + len(echoed) + pg.rank()


print(halo_rows(10), pipeline())
'''


def mypy_env() -> dict:
    env = dict(os.environ)
    parent = PACKAGE.parent
    # An installed pgas is found through its py.typed; a development copy on PYTHONPATH is not.
    if "site-packages" not in parent.parts and "dist-packages" not in parent.parts:
        env["MYPYPATH"] = str(parent)
    return env


def test_stubs_are_installed_with_the_package():
    for name in ["py.typed", "__init__.pyi", "darray.pyi", "maps.pyi", "construct.pyi",
                 "functions.pyi", "messages.pyi"]:
        assert (PACKAGE / name).is_file(), f"{name} is missing from {PACKAGE}"


def test_mypy_strict_accepts_typed_programs_and_the_examples(tmp_path):
    pytest.importorskip("mypy")
    report = ""
    if pg.Pid == 0:
        program = tmp_path / "typed_program.py"
        program.write_text(TYPED_PROGRAM)
        files = [str(program)] + [str(ROOT / "examples" / f) for f in
                                  ("stream.py", "blur.py", "fft.py", "mandelbrot.py")]
        cache = Path(tempfile.gettempdir()) / "pgas-mypy-cache"
        # pgas.ppython is checked as the installed package (mypy takes files or -p, not both):
        # naming its folder would make mypy treat site-packages as the user's own source root.
        for targets in (files, ["-p", "pgas.ppython"]):
            done = subprocess.run([sys.executable, "-m", "mypy", "--strict",
                                   "--follow-imports=silent", "--no-error-summary",
                                   f"--cache-dir={cache}", *targets],
                                  capture_output=True, text=True, env=mypy_env(), timeout=300)
            report += done.stdout + done.stderr if done.returncode else ""
    report = MPI.COMM_WORLD.bcast(report, root=0)
    assert report == "", report


def test_core_bindings_are_one_submodule_per_layer():
    # Each layer's bindings live in their own submodule (_core.maps.Map, _core.linalg.matmul);
    # only the base's error helpers and library_info stay on _core itself.
    from pgas import _core
    layers = {"maps", "comm", "darray", "io", "linalg", "ml"}
    base = {"set_error_rank", "error_rank", "with_rank", "check_rank_in_communicator",
            "library_info"}
    public = {n for n in dir(_core) if not n.startswith("_")}
    submodules = {n for n in public if type(getattr(_core, n)) is type(_core)}
    assert submodules == layers
    assert public - layers == base
    assert hasattr(_core.maps, "Map") and hasattr(_core.darray, "DArray_float64")
    assert hasattr(_core.darray, "Context") and not hasattr(_core, "Map")
