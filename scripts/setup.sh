#!/usr/bin/env bash
# Installs everything pgas needs on a fresh Debian 12 machine; does nothing that is already done.
# Debian's packages: MPI, parallel HDF5, ScaLAPACK, BLAS, Boost.Serialization, GoogleTest, build tools.
# BLAS/LAPACK/ScaLAPACK: Debian's OpenBLAS and scalapack-openmpi by default (-DPGAS_BLAS=openblas);
# with PGAS_BLAS=mkl in the environment it also installs oneMKL from PyPI (the `mkl` wheel, into
# $PYTHON's prefix) for -DPGAS_BLAS=mkl; BLIS for -DPGAS_BLAS=blis (docs/dependencies.md);
# installing BLIS does not change the system's default libblas.so.3 (its priority is below OpenBLAS's).
# PyPI: numpy, mpi4py (built from source against the system Open MPI), pytest, the build backend,
# and the oracles the tests compare against (scikit-learn, h5py).
set -euo pipefail
PYTHON=${PYTHON:-python3}

APT_PACKAGES=(
  build-essential pkg-config ninja-build cmake clang-format
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  libscalapack-openmpi-dev libopenblas-dev
  libblis4-pthread liblapack3
  libboost-serialization-dev
  libgtest-dev googletest
  librandom123-dev
  hdf5-plugin-lzf liblzf1  # HDF5 loads h5py's LZF-compressed datasets through them (docs/io.md)
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# cmake from Debian is 3.25; a newer one from PyPI may already be first on PATH, either works.

py_ok() {
  "$PYTHON" - <<'PY' 2>/dev/null
import importlib, sys
for m in ("numpy", "pytest", "sklearn", "h5py", "matplotlib", "scikit_build_core", "pybind11", "mypy"):
    importlib.import_module(m)
from mpi4py import MPI
sys.exit(0 if "Open MPI" in MPI.Get_library_version() else 1)
PY
}
if ! py_ok; then
  echo "setup: installing Python packages"
  # A stock Debian python3 has no pip and is "externally managed" (PEP 668); a pyenv or venv
  # Python, as on our machines, is neither. Either way the packages go into $PYTHON's own site.
  if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-pip python3-dev
  fi
  export PIP_BREAK_SYSTEM_PACKAGES=1
  "$PYTHON" -m pip install -q --upgrade pip
  "$PYTHON" -m pip install -q "numpy>=1.23" "pytest>=7" "scikit-learn>=1.3" "h5py>=3.8" matplotlib mypy \
    "scikit-build-core>=0.10" "pybind11>=2.12" ninja
  # mpi4py must talk to the same MPI library as the C++ core: build it from source against mpicc.
  env MPICC=mpicc "$PYTHON" -m pip install -q --no-binary=mpi4py --force-reinstall --no-deps "mpi4py>=3.1"
  py_ok || { echo "setup: Python packages still missing after install" >&2; exit 1; }
fi
# oneMKL (-DPGAS_BLAS=mkl, opt-in: its ScaLAPACK fails pgas's eigh/qr/svd tests at 2+ ranks, see
# docs/dependencies.md): the wheel has no Python module, so look for its library
# where pip puts the wheel's data (cmake/PgasBlas.cmake looks in the same places).
mkl_ok() {
  "$PYTHON" - <<'PY' 2>/dev/null
import os, site, sys, sysconfig
dirs = (sysconfig.get_path("data"), sys.prefix, sys.base_prefix, site.USER_BASE)
sys.exit(0 if any(os.path.exists(os.path.join(d, "lib", "libmkl_core.so.3")) for d in dirs) else 1)
PY
}
if [ "${PGAS_BLAS:-openblas}" = mkl ] && ! mkl_ok; then
  echo "setup: installing oneMKL (PyPI: mkl)"
  export PIP_BREAK_SYSTEM_PACKAGES=1
  "$PYTHON" -m pip install -q "mkl==2026.2.0"
  mkl_ok || { echo "setup: oneMKL still missing after install" >&2; exit 1; }
fi
echo "setup: ok"
