"""The sbatch script for a request: #SBATCH resource lines, then a body that starts the ranks."""
from __future__ import annotations

import shlex
from typing import List, Optional, Tuple

from .request import LaunchRequest
from .threads import thread_environment

# Inside the allocation the ranks start with srun when this Slurm has its PMIx plugin: Open MPI
# (built --with-pmix, as Debian's is) then wires up ranks that srun started, and Slurm sees and
# signals every rank directly. Without PMIx, Open MPI's own mpirun reads the allocation from
# Slurm's environment and starts its daemons through srun. The check runs inside the job, on the
# compute node, because that is where it has to be true. PGAS_LAUNCHER=srun|mpirun overrides it.
_BODY = """\
# Start the ranks with srun where Slurm offers PMIx (Open MPI wires up srun-started ranks through
# it), else with Open MPI's mpirun, which reads the allocation from Slurm. PGAS_LAUNCHER=srun|mpirun
# overrides the choice.
launcher=${{PGAS_LAUNCHER:-auto}}
if [ "$launcher" = auto ]; then
  if srun --mpi=list 2>&1 | grep -qw pmix; then launcher=srun; else launcher=mpirun; fi
fi
echo "pgas-launch: job $SLURM_JOB_ID starts $SLURM_NTASKS rank(s) with $launcher on $SLURM_JOB_NODELIST" >&2
case "$launcher" in
  srun)
    # --kill-on-bad-exit: a rank that exits non-zero ends the others instead of leaving them waiting.
    exec srun --mpi=pmix --kill-on-bad-exit=1 --cpus-per-task={threads} "${{rank_command[@]}}" ;;
  mpirun)
    run_as_root=()
    if [ "$(id -u)" -eq 0 ]; then run_as_root=(--allow-run-as-root); fi
    exec mpirun "${{run_as_root[@]}}"{bind} -x OMP_NUM_THREADS -x OPENBLAS_NUM_THREADS -x MKL_NUM_THREADS "${{rank_command[@]}}" ;;
  *)
    echo "pgas-launch: error: PGAS_LAUNCHER must be srun or mpirun, not '$launcher'" >&2
    exit 2 ;;
esac
"""


def _directives(request: LaunchRequest) -> List[Tuple[str, Optional[object]]]:
    slurm = request.slurm
    assert slurm is not None
    return [
        ("job-name", slurm.job_name),
        ("ntasks", request.ranks),
        ("nodes", slurm.nodes),
        ("ntasks-per-node", slurm.ntasks_per_node),
        ("cpus-per-task", request.threads),
        ("time", slurm.time),
        ("partition", slurm.partition),
        ("account", slurm.account),
        ("output", slurm.output),  # stderr goes to the same file: Slurm's default without --error
    ]


def sbatch_script(request: LaunchRequest) -> str:
    lines = [
        "#!/bin/bash",
        "# Written by pgas-launch (docs/launching.md). Submit it with: sbatch <this file>",
    ]
    lines += [f"#SBATCH --{name}={value}" for name, value in _directives(request) if value is not None]
    lines += ["", "# Threads of OpenMP / OpenBLAS / MKL in every rank (pgas-launch --threads)."]
    lines += [f"export {name}={value}" for name, value in thread_environment(request.threads).items()]
    lines += ["", "# What every rank runs.", f"rank_command=({shlex.join(request.program)})", ""]
    # Open MPI binds each rank to one core by default, which would pile a rank's threads onto it.
    bind = " --bind-to none" if request.threads > 1 else ""
    return "\n".join(lines) + "\n" + _BODY.format(threads=request.threads, bind=bind)
