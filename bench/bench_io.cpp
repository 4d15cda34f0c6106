// Parallel HDF5 write and read bandwidth (issue 5's goal: >= 0.8x of dd on the same file
// system). Run under mpirun: bench_io [MiB] [dir]. A float64 array of MiB mebibytes (default
// 2048), square-ish 2-d, saved and loaded with several maps; for cyclic and block-cyclic
// maps both methods are timed (union of strided hyperslabs, or redistribute to block rows
// and write blocks), which is how Method::automatic was chosen. Saves include the fsync and
// rename of an atomic save. GB/s = 1e9 bytes per second; best of `reps` (default 3).
// Usage: bench_io [MiB] [dir] [reps] [number of cases to run, from the first].
#include <mpi.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "pgas/io/io.hpp"

using pgas::DArray;
using pgas::maps::DimDist;
using pgas::maps::Map;
namespace io = pgas::io;

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <typename F>
double best_seconds(int reps, F&& f) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = now();
    f();
    MPI_Barrier(MPI_COMM_WORLD);
    best = std::min(best, now() - t0);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  {
    const double mib = argc > 1 ? std::atof(argv[1]) : 2048;
    const std::string dir = argc > 2 ? argv[2] : "/tmp";
    const int reps = argc > 3 ? std::atoi(argv[3]) : 3;
    const int max_cases = argc > 4 ? std::atoi(argv[4]) : 99;  // run only the first cases
    const auto ctx = pgas::Context::world();
    const int p = ctx->size();
    const auto n = static_cast<std::int64_t>(std::sqrt(mib * 1024 * 1024 / 8));
    const pgas::maps::Shape shape{n, n};
    const double bytes = 8.0 * static_cast<double>(n * n);
    const std::string path = dir + "/pgas_bench_io.h5";
    if (ctx->rank() == 0) {
      std::printf("# %d ranks, float64 %lld x %lld = %.3f GB, file %s, best of %d\n", p,
                  static_cast<long long>(n), static_cast<long long>(n), bytes / 1e9, path.c_str(),
                  reps);
      std::printf("| map | method | write GB/s | read GB/s |\n| --- | --- | ---: | ---: |\n");
    }
    struct Case {
      const char* label;
      Map map;
      io::Method method;
    };
    const Case cases[] = {
        {"block rows [P,1]", Map({p, 1}, {DimDist::block()}), io::Method::hyperslabs},
        {"cyclic rows [P,1]", Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
         io::Method::hyperslabs},
        {"cyclic rows [P,1]", Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
         io::Method::via_blocks},
        {"bc(64) columns [1,P]", Map({1, p}, {DimDist::block(), DimDist::block_cyclic(64)}),
         io::Method::hyperslabs},
        {"bc(64) columns [1,P]", Map({1, p}, {DimDist::block(), DimDist::block_cyclic(64)}),
         io::Method::via_blocks},
    };
    int done = 0;
    for (const Case& c : cases) {
      if (done++ >= max_cases) break;
      DArray<double> a = DArray<double>::arange(shape, c.map, ctx);
      io::SaveOptions options;
      options.method = c.method;
      const double tw = best_seconds(reps, [&] { io::save(path, "A", a, options); });
      a = DArray<double>({0, 0}, io::default_map(2, p), ctx);  // free the memory before reading
      double tr = 0;
      if (c.method == io::Method::via_blocks) {
        // What load does for via_blocks: read block rows, then redistribute.
        tr = best_seconds(reps, [&] {
          const auto rows = io::load<double>(path, "A", io::default_map(2, p), ctx);
          DArray<double> out(shape, c.map, ctx);
          out.assign(rows);
        });
      } else {
        tr = best_seconds(reps, [&] {
          DArray<double> out(shape, c.map, ctx);
          io::detail::read_dataset(path, "A", out.local_data(), io::DType::float64, shape, c.map,
                                   *ctx);
        });
      }
      if (ctx->rank() == 0) {
        std::printf("| %s | %s | %.2f | %.2f |\n", c.label,
                    c.method == io::Method::via_blocks ? "via blocks" : "hyperslabs",
                    bytes / 1e9 / tw, bytes / 1e9 / tr);
        std::fflush(stdout);
      }
      if (ctx->rank() == 0) std::remove(path.c_str());
    }
  }
  MPI_Finalize();
  return 0;
}
