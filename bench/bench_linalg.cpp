// pgas::linalg against ScaLAPACK itself (bench_linalg_ref.c) on the same grid and block size.
//   mpirun -n 2 bench_linalg N [NB | --sweep]
// matmul: operands already block-cyclic (used in place), and from block-row maps (the
// redistributions to and from block-cyclic included). solve: A block-cyclic, b a 1-d vector.
// --sweep: matmul at N over block sizes, the measurement behind linalg's default block size.
//   mpirun -n 2 bench_linalg --tsqr M N [CHUNK_ROWS]
// tsqr of an (M x N) matrix on block rows (used in place), and from the squarest 2-D
// block-cyclic map (redistribution to block rows and of Q back included); Q and R formed.
// Against bench_linalg_ref --qr M N NB (pdgeqrf + pdorgqr).
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "pgas/linalg/linalg.hpp"

namespace {

double best_of(int reps, const std::function<void()>& f) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double t = MPI_Wtime();
    f();
    MPI_Barrier(MPI_COMM_WORLD);
    best = std::min(best, MPI_Wtime() - t);
  }
  return best;
}

void bench_tsqr(std::int64_t m, std::int64_t n) {
  using pgas::DArray;
  namespace la = pgas::linalg;
  const auto ctx = pgas::Context::world();
  const double flops = 4.0 * static_cast<double>(m) * static_cast<double>(n * n) -
                       4.0 / 3.0 * static_cast<double>(n * n * n);  // geqrf + orgqr
  auto report = [&](const char* what, double s) {
    if (ctx->rank() == 0) {
      std::printf("pgas %s m=%lld n=%lld seconds=%.3f gflops=%.2f\n", what,
                  static_cast<long long>(m), static_cast<long long>(n), s, flops / s / 1e9);
    }
  };
  const pgas::maps::Map rows({ctx->size(), 1},
                             {pgas::maps::DimDist::block(), pgas::maps::DimDist::block()});
  {
    const auto a = DArray<double>::rand({m, n}, rows, 1);
    report("tsqr(block rows)", best_of(3, [&] { la::tsqr(a); }));
  }
  {
    const auto a = DArray<double>::rand({m, n}, la::squarest_layout(ctx->size()).map(), 1);
    report("tsqr(block-cyclic)", best_of(3, [&] { la::tsqr(a); }));
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  if (argc > 1 && std::strcmp(argv[1], "--tsqr") == 0) {
    if (argc > 4) pgas::linalg::set_tsqr_chunk_rows(std::atoll(argv[4]));
    bench_tsqr(argc > 2 ? std::atoll(argv[2]) : (1 << 20), argc > 3 ? std::atoll(argv[3]) : 32);
    MPI_Finalize();
    return 0;
  }
  {
    using pgas::DArray;
    namespace la = pgas::linalg;
    const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 4096;
    const bool sweep = argc > 2 && std::strcmp(argv[2], "--sweep") == 0;
    if (argc > 2 && !sweep) la::set_block_size(std::atoll(argv[2]));  // bench_linalg N NB
    const auto ctx = pgas::Context::world();
    const int me = ctx->rank();
    const double gemm_flops =
        2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
    auto report = [&](const char* what, std::int64_t nb, double s, double flops) {
      if (me == 0) {
        std::printf("pgas %s n=%lld nb=%lld seconds=%.3f gflops=%.1f\n", what,
                    static_cast<long long>(n), static_cast<long long>(nb), s, flops / s / 1e9);
      }
    };
    if (sweep) {
      for (std::int64_t nb : {32, 64, 128, 256}) {
        la::set_block_size(nb);
        const auto bc = la::squarest_layout(ctx->size()).map();
        const auto a = DArray<double>::rand({n, n}, bc, 1);
        const auto b = DArray<double>::rand({n, n}, bc, 2);
        report("matmul(in place)", nb, best_of(2, [&] { la::matmul(a, b); }), gemm_flops);
      }
    } else {
      const std::int64_t nb = la::block_size();
      const auto bc = la::squarest_layout(ctx->size()).map();
      const pgas::maps::Map rows({ctx->size(), 1},
                                 {pgas::maps::DimDist::block(), pgas::maps::DimDist::block()});
      {
        const auto a = DArray<double>::rand({n, n}, bc, 1);
        const auto b = DArray<double>::rand({n, n}, bc, 2);
        report("matmul(in place)", nb, best_of(2, [&] { la::matmul(a, b); }), gemm_flops);
      }
      {
        const auto a = DArray<double>::rand({n, n}, rows, 1);
        const auto b = DArray<double>::rand({n, n}, rows, 2);
        report("matmul(block rows)", nb, best_of(2, [&] { la::matmul(a, b); }), gemm_flops);
      }
      {
        auto a = DArray<double>::rand({n, n}, bc, 1);
        const auto gi = a.global_ind(0);
        const auto gj = a.global_ind(1);
        for (std::size_t i = 0; i < gi.size(); ++i) {  // well conditioned: a += n I
          for (std::size_t j = 0; j < gj.size(); ++j) {
            if (gi[i] == gj[j]) a.local_data()[i * gj.size() + j] += static_cast<double>(n);
          }
        }
        const auto b = DArray<double>::rand(
            {n}, pgas::maps::Map({ctx->size()}, {pgas::maps::DimDist::block()}), 3);
        report("solve(A block-cyclic)", nb, best_of(2, [&] { la::solve(a, b); }),
               2.0 / 3.0 * gemm_flops / 2.0);
      }
    }
  }
  MPI_Finalize();
  return 0;
}
