"""pPython's launcher, ``pRUN(prog, Np, machines)``, over pgas-launch (docs/ppython.md).

Pure Python, and it never initialises MPI, so a ``RUN.py`` that only launches stays light.
"""
from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Dict, List, Optional, Sequence

__all__ = ["pRUN", "prun_command"]

# Variables that mark a process as a rank of a running MPI job. A job started from inside one
# (pRUN from a pgas program, or from a test under mpirun) must not inherit them, or its own
# mpirun would try to join the parent's job.
_INHERITED_JOB = ("OMPI_COMM", "OMPI_MCA_orte", "PMIX", "OMPI_FILE", "OMPI_APP", "OMPI_UNIVERSE",
                  "OMPI_FIRST", "OMPI_NUM", "OMPI_ARGV", "OMPI_MCA_ess", "OMPI_MCA_pmix",
                  "OMPI_MCA_initial", "OMPI_MCA_shmem", "OMPI_COMMAND", "PMI_", "SLURM_STEP")

_SLURM_WORDS = ("grid", "grid&", "slurm", "slurm&")
_SLURM_KEYS = {"time": "--time", "partition": "--partition", "account": "--account",
               "job_name": "--job-name", "output": "--output"}


def _is_slurm(machines: Any) -> bool:
    if isinstance(machines, str):
        if machines.lower() not in _SLURM_WORDS + ("local", ""):
            raise ValueError(f"pRUN: machines {machines!r}: expected {{}} (this machine), "
                             f"'grid' / 'slurm' (a Slurm job; with '&', do not wait) or a dict "
                             f"{{'slurm': {{...}}}}")
        return machines.lower() in _SLURM_WORDS
    if isinstance(machines, dict):
        return "slurm" in machines
    if machines is None or (isinstance(machines, (list, tuple)) and not machines):
        return False
    raise ValueError(f"pRUN: machines {machines!r}: pgas runs on this machine ({{}}) or as a "
                     f"Slurm job ('grid', 'slurm' or {{'slurm': {{...}}}}); host lists are "
                     f"Slurm's business")


def prun_command(prog: str, n_proc: Any, machines: Any = None, args: Sequence[str] = (),
                 dry_run: bool = False) -> List[str]:
    """The pgas-launch command line pRUN runs. ``n_proc`` is a rank count, or pPython's
    triple ``[nodes, ranks_per_node, threads_per_rank]`` (Slurm)."""
    if not isinstance(prog, str) or not prog:
        raise ValueError(f"pRUN: the program must be a file name, got {prog!r}")
    if not prog.endswith(".py") and not os.path.exists(prog) and os.path.exists(prog + ".py"):
        prog += ".py"                       # pPython's pRUN('pStream', ...) names the module
    cmd = [sys.executable, "-m", "pgas_launch"]
    slurm = _is_slurm(machines)
    if isinstance(n_proc, (list, tuple)):
        if len(n_proc) != 3 or not slurm:
            raise ValueError(f"pRUN: n_proc {list(n_proc)!r}: a [nodes, ranks_per_node, threads] "
                             f"triple needs a Slurm machines spec ('grid' or 'slurm')")
        nodes, per_node, threads = (int(v) for v in n_proc)
        cmd += ["--nodes", str(nodes), "--ntasks-per-node", str(per_node),
                "--threads", str(threads)]
    else:
        if int(n_proc) < 1:
            raise ValueError(f"pRUN: n_proc must be at least 1, got {n_proc!r}")
        cmd += ["-n", str(int(n_proc))]
    if slurm:
        cmd.append("--slurm")
        if isinstance(machines, str) and machines.endswith("&"):
            cmd.append("--no-wait")
        options: Dict[str, Any] = (machines.get("slurm") or {}) if isinstance(machines, dict) else {}
        for key, value in options.items():
            if key == "no_wait":
                cmd += ["--no-wait"] if value else []
            elif key in _SLURM_KEYS:
                cmd += [_SLURM_KEYS[key], str(value)]
            else:
                raise ValueError(f"pRUN: unknown Slurm option {key!r} (known: "
                                 f"{', '.join(sorted(_SLURM_KEYS))}, no_wait)")
    if dry_run:
        cmd.append("--dry-run")
    return cmd + ["--", prog] + [str(a) for a in args]


def pRUN(prog: str, n_proc: Any, machines: Any = None, args: Sequence[str] = (),
         dry_run: bool = False, env: Optional[Dict[str, str]] = None) -> int:
    """Run ``prog`` on ``n_proc`` ranks and return its exit status: on this machine with
    ``machines`` of ``{}`` (through pgas-launch and mpirun), or as a Slurm job with
    ``'grid'`` / ``'slurm'`` (``'grid&'``: submit and return) or ``{'slurm': {'time': ...,
    'partition': ..., 'account': ...}}``. ``dry_run=True`` prints the mpirun command or the
    sbatch script and runs nothing. Local (starts a new job)."""
    cmd = prun_command(prog, n_proc, machines, args, dry_run)
    child = dict(os.environ if env is None else env)
    for name in [k for k in child if k.startswith(_INHERITED_JOB)]:
        del child[name]
    return subprocess.call(cmd, env=child)
