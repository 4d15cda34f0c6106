// library_info(): the BLAS this process really runs is the one the build chose (-DPGAS_BLAS),
// LAPACK and ScaLAPACK sit on it, and its kernels are not older than the CPU (no silent slow
// fallback). The numbers the kernels compute are checked against NumPy in
// tests/python/test_blas.py.
#include <gtest/gtest.h>

#include <string>

#include "pgas/linalg/library_info.hpp"

namespace pgas::linalg {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(LibraryInfo, ReportsTheConfiguredBlasAndItsKernel) {
  const LibraryInfo info = library_info();
  EXPECT_EQ(info.configured, PGAS_BLAS_CHOICE);
  EXPECT_NE(info.blas_library, "unknown");
  EXPECT_NE(info.scalapack_library, "unknown");
  EXPECT_FALSE(info.blas_kernel.empty());
  EXPECT_GE(info.blas_threads, 1);
  const std::string choice = PGAS_BLAS_CHOICE;
  if (choice == "blis") {
    EXPECT_EQ(info.blas_name, "BLIS");
    EXPECT_TRUE(contains(info.blas_library, "blis")) << info.blas_library;
    EXPECT_TRUE(contains(info.lapack_library, "/lapack/")) << info.lapack_library;
    EXPECT_FALSE(info.blas_version.empty());
  } else if (choice == "openblas") {
    EXPECT_EQ(info.blas_name, "OpenBLAS");
  } else if (choice == "mkl") {
    EXPECT_EQ(info.blas_name, "MKL");
    EXPECT_TRUE(contains(info.scalapack_library, "mkl")) << info.scalapack_library;
  }
}

TEST(LibraryInfo, KernelIsNotOlderThanTheCpu) {
  const LibraryInfo info = library_info();
  EXPECT_FALSE(info.cpu_isa.empty());
  EXPECT_TRUE(info.kernel_matches_cpu) << info.blas_name << " runs '" << info.blas_kernel << "' ("
                                       << info.kernel_isa << ") on a CPU with " << info.cpu_isa;
}

}  // namespace
}  // namespace pgas::linalg
