"""pgas-launch: start a pgas SPMD program on local ranks (mpirun) or as a Slurm job (sbatch).

The launcher never imports pgas or mpi4py: it must not initialise MPI itself, only start the
processes that do. See docs/launching.md.
"""

__version__ = "0.1.0"
