// Helpers for the io suites: a scratch directory shared by all ranks, and catching the same
// exception type on every rank.
#pragma once

#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "darray_testing.hpp"
#include "pgas/io/io.hpp"

namespace pgas::testing {

/// A fresh directory under /tmp made by rank 0, the same path on every rank; removed with the
/// object. Collective.
class ScratchDir {
 public:
  ScratchDir() {
    char buf[256] = {0};
    if (world_rank() == 0) {
      std::snprintf(buf, sizeof(buf), "/tmp/pgas-io-test-XXXXXX");
      if (!::mkdtemp(buf)) buf[0] = 0;
    }
    MPI_Bcast(buf, sizeof(buf), MPI_CHAR, 0, MPI_COMM_WORLD);
    path_ = buf;
  }
  ~ScratchDir() {
    MPI_Barrier(MPI_COMM_WORLD);
    if (world_rank() == 0) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }
  /// Names in the directory (rank 0's view), sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

/// Runs f; true iff it threw E whose message contains `needle`.
template <typename E, typename F>
bool throws(F&& f, const std::string& needle = "") {
  try {
    f();
  } catch (const E& error) {
    const bool ok = std::string(error.what()).find(needle) != std::string::npos;
    if (!ok) std::fprintf(stderr, "unexpected message: %s\n", error.what());
    return ok;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "wrong exception: %s\n", error.what());
    return false;
  }
  return false;
}

}  // namespace pgas::testing
