// Which BLAS, LAPACK and ScaLAPACK this process really runs, and which kernels the BLAS chose
// for this CPU: what `python -m pgas --info` prints (docs/dependencies.md).
//
// The libraries are found from the symbols the dynamic linker bound (dladdr of dgemm_,
// dgeqrf_, pdgemm_), not from the build configuration, so a library picked up through
// LD_LIBRARY_PATH, LD_PRELOAD or the system's alternatives shows as what it is.
#pragma once

#include <string>

namespace pgas::linalg {

struct LibraryInfo {
  std::string configured;    // the build's -DPGAS_BLAS choice (blis, openblas, mkl, custom)
  std::string blas_name;     // "BLIS", "OpenBLAS", "MKL", or "unknown"
  std::string blas_version;  // as the library reports it
  std::string blas_kernel;   // the kernel set it runs here: BLIS sub-config, OpenBLAS core, MKL ISA
  std::string blas_threading;      // the library's threading model (serial, pthreads, openmp, ...)
  int blas_threads = 1;            // threads one BLAS call uses in this process
  std::string blas_library;        // file that defines the dgemm_ this process calls
  std::string lapack_library;      // file that defines dgeqrf_
  std::string scalapack_library;   // file that defines pdgemm_
  std::string cpu_isa;             // best of avx512, avx2, avx, sse the CPU supports
  std::string kernel_isa;          // the ISA of blas_kernel ("" when the library does not say)
  bool kernel_matches_cpu = true;  // false: the BLAS runs kernels older than AVX2 on an AVX2 CPU
};

/// Local. Inspects the loaded libraries; cheap, but not meant for a hot path.
LibraryInfo library_info();

}  // namespace pgas::linalg
