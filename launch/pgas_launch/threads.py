"""The per-rank thread count, as the environment variables threaded libraries read."""
from __future__ import annotations

from typing import Dict

# Each rank is already one unit of parallelism; threaded BLAS or OpenMP on top of that would
# oversubscribe the cores unless asked for, so every rank gets exactly --threads (default 1).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def thread_environment(threads: int) -> Dict[str, str]:
    return {name: str(threads) for name in THREAD_VARIABLES}
