"""Facts about the local machine that decide mpirun's flags."""
from __future__ import annotations

import glob
import os


def is_root() -> bool:
    return os.geteuid() == 0


def usable_cores() -> int:
    """Physical cores this process may run on.

    Open MPI's default slot count is the number of cores (not hardware threads), and mpirun
    refuses more ranks than slots unless told to oversubscribe; so count cores the same way.
    """
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores = set()
    for cpu in cpus:
        base = f"/sys/devices/system/cpu/cpu{cpu}/topology"
        try:
            with open(f"{base}/physical_package_id") as f:
                package = f.read().strip()
            with open(f"{base}/core_id") as f:
                core = f.read().strip()
        except OSError:
            cores.add(("cpu", str(cpu)))  # no topology information: count the CPU itself
            continue
        cores.add((package, core))
    if cores:
        return len(cores)
    return len(glob.glob("/sys/devices/system/cpu/cpu[0-9]*")) or os.cpu_count() or 1
