"""What the user asked pgas-launch to run, independent of where it runs."""
from __future__ import annotations

import dataclasses
from typing import List, Optional


@dataclasses.dataclass(frozen=True)
class SlurmOptions:
    """The resource request of a Slurm job; None means "let Slurm decide"."""

    nodes: Optional[int] = None
    ntasks_per_node: Optional[int] = None
    time: Optional[str] = None
    partition: Optional[str] = None
    account: Optional[str] = None
    job_name: str = "pgas"
    output: str = "pgas-%j.out"


@dataclasses.dataclass(frozen=True)
class LaunchRequest:
    """N ranks of one program, each running ``threads`` OpenMP/BLAS threads."""

    ranks: int
    threads: int
    program: List[str]  # the per-rank command line, e.g. [python, prog.py, arg...]
    slurm: Optional[SlurmOptions] = None
