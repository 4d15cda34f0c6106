"""Serial h5py baseline for bench_io: write and read the same float64 array (one process).

python3 bench/bench_io_h5py.py [MiB] [dir] [reps]. The write is timed like pgas's atomic save:
create, write, close, fsync. GB/s = 1e9 bytes per second, best of reps.
"""
import math
import os
import sys
import time

import h5py
import numpy as np

mib = float(sys.argv[1]) if len(sys.argv) > 1 else 2048
directory = sys.argv[2] if len(sys.argv) > 2 else "/tmp"
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
n = int(math.sqrt(mib * 1024 * 1024 / 8))
a = np.arange(n * n, dtype=np.float64).reshape(n, n)
path = os.path.join(directory, "h5py_bench_io.h5")


def write():
    with h5py.File(path, "w") as f:
        f.create_dataset("A", data=a)
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)


def read():
    with h5py.File(path, "r") as f:
        return f["A"][...]


def best(f):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


tw = best(write)
tr = best(read)
os.remove(path)
print(f"| h5py (serial, 1 process) | | {a.nbytes / 1e9 / tw:.2f} | {a.nbytes / 1e9 / tr:.2f} |")
