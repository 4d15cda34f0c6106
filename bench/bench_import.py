"""How long `import pgas` takes in a fresh interpreter, against `import numpy` and
`import mpi4py.MPI` (which pgas needs anyway).

    python bench/bench_import.py [--runs 7]
    python bench/bench_import.py --launcher "mpirun -n 2 --oversubscribe"

Each import runs in a new `python -c` process (a singleton MPI process, as a user's first
`python prog.py` would be); the time is measured inside the process around the import statement
only, so interpreter start-up is not counted. With --launcher the process runs under it (as
in a real job; the slowest rank counts). Best and median of --runs. The goal is
import pgas <= 0.3 s.
"""
from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
from typing import List

STATEMENTS = ["import numpy", "import mpi4py.MPI", "import pgas"]
PROBE = ("import time; t = time.perf_counter(); {stmt}; "
         "print(time.perf_counter() - t)")


def import_seconds(statement: str, launcher: List[str]) -> float:
    out = subprocess.run(launcher + [sys.executable, "-c", PROBE.format(stmt=statement)],
                         capture_output=True, text=True, check=True)
    return max(float(line) for line in out.stdout.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--launcher", default="", help="e.g. 'mpirun -n 2 --oversubscribe'")
    args = parser.parse_args()
    launcher = shlex.split(args.launcher)
    print("| statement | best s | median s |")
    print("| --- | ---: | ---: |")
    for statement in STATEMENTS:
        times = [import_seconds(statement, launcher) for _ in range(args.runs)]
        print(f"| `{statement}` | {min(times):.3f} | {statistics.median(times):.3f} |")


if __name__ == "__main__":
    main()
