"""``python -m pgas --info``: the libraries this pgas runs, as the dynamic linker bound them.

Prints the BLAS (name, version, the kernels it chose for this CPU, its threads), LAPACK,
ScaLAPACK, MPI and HDF5, and NumPy's BLAS for comparison. Exits with status 1, and says why on
stderr, when the BLAS runs kernels older than the CPU supports (a slow fallback, e.g. an old
OpenBLAS that does not recognise the CPU and runs its SSE3 "Prescott" kernels). Local: under
mpirun every rank inspects its own process and rank 0 prints.
"""
import argparse
import os
import sys


def _numpy_blas() -> str:
    import numpy as np

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return f"NumPy {np.__version__}"
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            return (f"NumPy {np.__version__}: {pool.get('internal_api')} {pool.get('version')}, "
                    f"kernel {pool.get('architecture')}, {pool.get('num_threads')} thread(s)")
    return f"NumPy {np.__version__}"


def info_lines(info: dict) -> list:
    real = os.path.realpath
    return [
        f"BLAS:      {info['blas_name']} {info['blas_version']}, kernel {info['blas_kernel']}"
        f" ({info['kernel_isa'] or 'isa not reported'}; CPU has {info['cpu_isa']}),"
        f" {info['blas_threading']}, {info['blas_threads']} thread(s)"
        f"  [built with -DPGAS_BLAS={info['configured']}]",
        f"           {real(info['blas_library'])}",
        f"LAPACK:    {real(info['lapack_library'])}",
        f"ScaLAPACK: {real(info['scalapack_library'])}",
        f"MPI:       {info['mpi']}",
        f"HDF5:      {info['hdf5']}",
        f"NumPy:     {_numpy_blas()}",
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pgas")
    parser.add_argument("--info", action="store_true",
                        help="print the BLAS, LAPACK, ScaLAPACK, MPI and HDF5 in use")
    args = parser.parse_args(argv)
    if not args.info:
        parser.print_help()
        return 0
    import pgas
    from pgas import _core

    info = _core.library_info()
    if pgas.Pid == 0:
        print(f"pgas {pgas.__version__} on {pgas.Np} rank(s)")
        print("\n".join(info_lines(info)))
    if not info["kernel_matches_cpu"]:
        print(f"pgas: WARNING (rank {pgas.Pid}): the BLAS runs {info['blas_kernel']} kernels"
              f" ({info['kernel_isa']}) on a CPU with {info['cpu_isa']}: linear algebra runs"
              " several times slower than this machine can. See docs/dependencies.md.",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
