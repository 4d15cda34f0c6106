// Helpers for the darray suites; the MPI-wide ones (random maps, all-reduced verdicts) are
// tests/support/mpi_testing.hpp.
#pragma once

#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include "mpi_testing.hpp"
#include "pgas/darray/darray.hpp"

namespace pgas::testing {

/// Every held cell of `a` (overlap included) holds its own row-major global index.
template <typename T>
bool holds_global_index(const DArray<T>& a) {
  const int me = a.context()->rank();
  bool ok = true;
  for_each_cell(a.local_shape(), a.local_shape(), held_global_indices(a.map(), a.shape(), me),
                a.shape(), [&](std::int64_t local, std::int64_t global) {
                  ok = ok && a.local_data()[local] == value_from_index<T>(global);
                });
  return ok;
}

}  // namespace pgas::testing
