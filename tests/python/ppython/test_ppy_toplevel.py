"""The rest of pPython's top level: the module names pPython makes importable (from a shim
folder that only pgas.ppython puts on sys.path), pPython_ver, tag/tag_num, utils.Np()/Pid(),
pmpi, use_gpu, partition_1d, n_dim_find, get_local_proc, and pRUN (locally through
pgas-launch; a Slurm spec as a pgas-launch --dry-run script)."""
import importlib
import os
import subprocess
import sys

import numpy as np
import pytest

import pgas as pg
import pgas.ppython as GPC
from pgas.ppython import pmpi, utils
from pgas.ppython.map import Dmap, zeros

from conftest import all_ranks_agree
from _watchdog import time_limit

Np, Pid = GPC.Np, GPC.Pid

SHIMMED = ["SendMsg", "RecvMsg", "BcastMsg", "ProbeMsg", "multicast", "size", "zeros", "ones",
           "rand", "Dmap", "local", "put_local", "global_ind", "agg", "agg_all", "synch",
           "find", "unfun", "mtimes", "transpose_grid", "pRUN", "pPython_ver", "MPI_Send"]


def test_top_level_module_names_import_after_pgas_ppython():
    shims = os.path.join(os.path.dirname(GPC.__file__), "shims")
    assert shims in sys.path and sys.path.index(shims) == max(
        i for i, p in enumerate(sys.path) if p == shims)
    for name in SHIMMED:
        module = importlib.import_module(name)
        assert module.__all__ == [name] and callable(getattr(module, name)), name
    from size import size                              # noqa: F401  (pPython's idiom)
    from zeros import zeros as shim_zeros
    assert shim_zeros is zeros and size(zeros(3, 4, map=1)) == (3, 4)


def test_the_shim_folder_is_not_a_package_of_pgas():
    # Only pgas.ppython adds it: a plain `import pgas` leaves sys.path alone.
    code = ("import sys, pgas; print(any(p.endswith('shims') for p in sys.path))")
    if Pid == 0:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OMPI_", "PMIX"))}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=120, env=env)
        assert out.stdout.strip() == "False", out.stderr


def test_version_tags_gpu_and_rank_functions():
    assert "pPython 0.10.4" in GPC.pPython_ver()
    assert GPC.tag_num == 0 and GPC.tag == "tag-0" and GPC.use_gpu is False
    assert utils.Np() == Np == pg.Np and utils.Pid() == Pid == GPC.my_rank
    assert callable(utils.Np) and callable(utils.Pid)


def test_pmpi_calls():
    comm = pmpi.pyMPI_Save_messages(pmpi.MPI_COMM_WORLD, 1)
    assert comm is pmpi.MPI_COMM_WORLD and pmpi.pyMPI_Comm_dir(comm, "/tmp") is comm
    pmpi.MPI_Init()
    assert pmpi.MPI_Comm_size(comm) == Np and pmpi.MPI_Comm_rank(comm) == Pid
    with time_limit(60):
        pmpi.MPI_Send((Pid + 1) % Np, 100045, comm, list(range(10)), "x")
        ranks, tags = pmpi.MPI_Probe("*", 100045, comm)
        while not ranks:
            ranks, tags = pmpi.MPI_Probe("*", 100045, comm)
        assert ranks == [(Pid - 1) % Np] and tags == [100045]
        data, extra = pmpi.MPI_Recv((Pid - 1) % Np, 100045, comm)
        assert data == list(range(10)) and extra == "x"
        assert all_ranks_agree(pmpi.MPI_Bcast(0, 3, comm, "b") == ["b"])
    pmpi.MPI_Finalize()


@pytest.mark.parametrize("n,m", [(10, 3), (12, 4), (2, 4), (0, 2), (7, 1)])
def test_partition_1d(n, m):
    index, sizes = GPC.partition_1d(n, m)
    assert sizes.dtype == float and sizes.sum() == n and sizes.max() - sizes.min() <= 1
    assert list(sizes) == sorted(sizes, reverse=True)       # the remainder goes to the lowest
    covered = [i for p in range(m) for i in range(index[p]["beg"], index[p]["end"] + 1)]
    assert covered == list(range(n))
    with pytest.raises(ValueError):
        GPC.partition_1d(3, 0)


def test_n_dim_find_and_get_local_proc():
    m = Dmap([1, Np], {}, range(Np))
    g = m.proc_grid
    for r in range(Np):
        assert list(GPC.n_dim_find(g, r)) == [0, r]
    with pytest.raises(ValueError, match="not in the process grid"):
        GPC.n_dim_find(g, Np)
    A = zeros(5, 2 * Np + 1, map=m)
    for j in range(A.shape[1]):
        owner = m.owner(A.shape, [3, j])[0]
        assert GPC.get_local_proc(A, [3, j]) == owner == GPC.get_local_proc(A, g, (3, j))
    with pytest.raises(IndexError):
        GPC.get_local_proc(A, [5, 0])


PROGRAM = """
import pgas.ppython as GPC
from pgas.ppython.utils import SendMsg, RecvMsg
SendMsg((GPC.Pid + 1) % GPC.Np, 1, GPC.Pid)
[got] = RecvMsg((GPC.Pid - 1) % GPC.Np, 1)
with open(f"pRing.{GPC.Pid}.out", "w") as out:
    out.write(f"rank {GPC.Pid} of {GPC.Np} got {got}")
"""


def test_prun_runs_locally_through_pgas_launch(tmp_path):
    if Np != 1:
        pytest.skip("starts its own 2-rank job; run once, from the 1-rank session")
    prog = tmp_path / "pRing.py"
    prog.write_text(PROGRAM)
    # pPython's RUN.py: pRUN('pRing', 2, {}) from the program's folder, module name only.
    launcher = (f"import os; os.chdir({str(tmp_path)!r}); from pRUN import pRUN; "
                f"import sys; sys.exit(pRUN('pRing', 2, {{}}))")
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(GPC.__file__), "shims"))
    run = subprocess.run([sys.executable, "-c", launcher], capture_output=True, text=True,
                         timeout=180, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "pRing.0.out").read_text() == "rank 0 of 2 got 1"
    assert (tmp_path / "pRing.1.out").read_text() == "rank 1 of 2 got 0"


def test_prun_with_a_slurm_spec_makes_a_pgas_launch_slurm_job(capfd, tmp_path):
    from pgas_launch.prun import prun_command

    cmd = prun_command("prog.py", [2, 4, 3], "grid&")
    assert cmd[1:3] == ["-m", "pgas_launch"]
    assert cmd[3:] == ["--nodes", "2", "--ntasks-per-node", "4", "--threads", "3", "--slurm",
                       "--no-wait", "--", "prog.py"]
    cmd = prun_command("prog.py", 8, {"slurm": {"time": "00:10:00", "partition": "debug"}})
    assert cmd[3:] == ["-n", "8", "--slurm", "--time", "00:10:00", "--partition", "debug",
                       "--", "prog.py"]
    assert "--slurm" not in prun_command("prog.py", 2, {})
    for bad in [("prog.py", 2, ["node1", "node2"]), ("prog.py", [1, 2, 3], {}),
                ("prog.py", 0, {}), ("prog.py", 2, "cloud")]:
        with pytest.raises(ValueError, match="pRUN"):
            prun_command(*bad)
    with pytest.raises(ValueError, match="unknown Slurm option"):
        prun_command("prog.py", 2, {"slurm": {"qos": "x"}})
    if Pid == 0:
        # The whole submission path, short of sbatch: pgas-launch writes the script and stops.
        prog = tmp_path / "prog.py"
        prog.write_text("print('hello')\n")
        capfd.readouterr()
        status = GPC.pRUN(str(prog), 4, "grid", dry_run=True)
        script = capfd.readouterr().out
        assert status == 0
        assert script.startswith("#!") and "#SBATCH --ntasks=4" in script
        assert str(prog) in script or "prog.py" in script
