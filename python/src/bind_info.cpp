// _core.library_info(): the libraries this process runs, for `python -m pgas --info`.
#include <hdf5.h>
#include <mpi.h>
#include <pybind11/pybind11.h>

#include <string>

#include "bindings.hpp"
#include "pgas/linalg/library_info.hpp"

namespace py = pybind11;

namespace pgas::python {
namespace {

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  // Open MPI appends the repository, date and more after a comma: the first part names it.
  if (const auto comma = version.find(','); comma != std::string::npos) version.resize(comma);
  return version;
}

std::string hdf5_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  std::string version =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
#ifdef H5_HAVE_PARALLEL
  version += " (parallel)";
#else
  version += " (serial)";
#endif
  return version;
}

}  // namespace

void bind_info(py::module_& m) {
  m.def(
      "library_info",
      [] {
        const linalg::LibraryInfo info = linalg::library_info();
        py::dict d;
        d["configured"] = info.configured;
        d["blas_name"] = info.blas_name;
        d["blas_version"] = info.blas_version;
        d["blas_kernel"] = info.blas_kernel;
        d["blas_threading"] = info.blas_threading;
        d["blas_threads"] = info.blas_threads;
        d["blas_library"] = info.blas_library;
        d["lapack_library"] = info.lapack_library;
        d["scalapack_library"] = info.scalapack_library;
        d["cpu_isa"] = info.cpu_isa;
        d["kernel_isa"] = info.kernel_isa;
        d["kernel_matches_cpu"] = info.kernel_matches_cpu;
        d["mpi"] = mpi_library_version();
        d["hdf5"] = hdf5_version();
        return d;
      },
      "Local. The BLAS (name, version, kernels, threads), LAPACK, ScaLAPACK, MPI and HDF5 this "
      "process runs, found from the symbols the dynamic linker bound.");
}

}  // namespace pgas::python
