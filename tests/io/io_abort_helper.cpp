// Driven by check_abort_midway.cmake: `write P` saves dataset A into P, `overwrite P` saves
// A and B into P again (the script makes rank 1 abort inside that write through
// PGAS_IO_TEST_ABORT_IN_SAVE), `check P` verifies that P still holds the first A only.
#include <mpi.h>

#include <cstdio>
#include <string>

#include "pgas/io/io.hpp"

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int status = 0;
  {
    const std::string mode = argc > 2 ? argv[1] : "";
    const std::string path = argc > 2 ? argv[2] : "";
    const auto ctx = pgas::Context::world();
    const pgas::maps::Map rows = pgas::io::default_map(2, ctx->size());
    try {
      if (mode == "write") {
        pgas::io::save(path, "A", pgas::DArray<double>::arange({64, 8}, rows));
      } else if (mode == "overwrite") {
        pgas::io::save(path, "A", pgas::DArray<double>::full({64, 8}, rows, -1.0));
        pgas::io::save(path, "B", pgas::DArray<double>::full({64, 8}, rows, -1.0));
      } else if (mode == "check") {
        const auto values = pgas::io::load<double>(path, "A").agg_all();
        bool ok = pgas::io::info(path).datasets.size() == 1 && values.size() == 64 * 8;
        for (std::size_t i = 0; ok && i < values.size(); ++i)
          ok = values[i] == static_cast<double>(i);
        status = ok ? 0 : 1;
        if (ctx->rank() == 0) std::printf("%s\n", ok ? "old file intact" : "old file CHANGED");
      } else {
        std::fprintf(stderr, "usage: io_abort_helper write|overwrite|check PATH\n");
        status = 2;
      }
    } catch (const std::exception& error) {
      std::fprintf(stderr, "%s\n", error.what());
      status = 1;
    }
  }
  MPI_Finalize();
  return status;
}
