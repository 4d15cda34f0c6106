// Redistribution and local-kernel speed (issue 3), run with mpirun:
//   mpirun -n 2 build/cpp/bench/bench_redistribute [log2_cells]
//
// Redistribution: B.assign(A) between two maps of 2^26 doubles (pack, exchange, unpack)
// against the baseline of a raw MPI_Alltoallv moving the same bytes per peer between
// already packed buffers (so the baseline does no packing at all). ratio = baseline / pgas.
// Triad: a = b + q*c over the local parts (DArray::combine_into) against a plain C loop.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "pgas/darray/darray.hpp"

using pgas::DArray;
using pgas::maps::DimDist;
using pgas::maps::Map;
using pgas::maps::Shape;

namespace {

double now() {
  return MPI_Wtime();
}

template <typename F>
double best_of(int reps, F&& f) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = now();
    f();
    MPI_Barrier(MPI_COMM_WORLD);
    best = std::min(best, now() - t0);
  }
  return best;
}

using pgas::redistribution::ExchangeMethod;

const char* method_name(ExchangeMethod m) {
  switch (m) {
    case ExchangeMethod::packed:
      return "packed";
    case ExchangeMethod::datatypes:
      return "datatypes";
    default:
      return "automatic";
  }
}

// ---- The baseline an MPI expert writes by hand for a 1-D block-cyclic move -----------------
// bc(b) over P ranks: global i lives on rank (i / b) % P at local ((i / b) / P) * b + i % b.
// Block is bc(ceil(n / P)), cyclic is bc(1). Planning (the counts) is done once, as pgas's
// plan is cached; timed: a pack loop of contiguous runs (a source block cut at destination
// block boundaries, one memcpy each), MPI_Alltoallv, and the mirror-image unpack loop.
struct BlockCyclic {
  std::int64_t n, b;
  int p;
  int owner(std::int64_t i) const { return static_cast<int>((i / b) % p); }
  std::int64_t local_of(std::int64_t i) const { return (i / b) / p * b + i % b; }
  std::int64_t local_count(int r) const {
    const std::int64_t blocks = (n + b - 1) / b;
    std::int64_t count = 0;
    for (std::int64_t k = r; k < blocks; k += p) count += std::min(b, n - k * b);
    return count;
  }
};

// f(global start, length, owner in `other`) for each piece of rank r's blocks of `own` cut at
// the block boundaries of `other`, in increasing global order.
template <typename F>
void for_each_piece(const BlockCyclic& own, const BlockCyclic& other, int r, F&& f) {
  const std::int64_t blocks = (own.n + own.b - 1) / own.b;
  for (std::int64_t k = r; k < blocks; k += own.p) {
    const std::int64_t end = std::min(own.n, (k + 1) * own.b);
    for (std::int64_t g = k * own.b; g < end;) {
      const std::int64_t piece = std::min(end, (g / other.b + 1) * other.b) - g;
      f(g, piece, other.owner(g));
      g += piece;
    }
  }
}

double expert_baseline(std::int64_t n, std::int64_t b_from, std::int64_t b_to, int rank, int size) {
  const BlockCyclic from{n, b_from, size}, to{n, b_to, size};
  std::vector<int> send_counts(static_cast<std::size_t>(size), 0), recv_counts(send_counts);
  for_each_piece(from, to, rank, [&](std::int64_t, std::int64_t len, int q) {
    send_counts[static_cast<std::size_t>(q)] += static_cast<int>(len);
  });
  for_each_piece(to, from, rank, [&](std::int64_t, std::int64_t len, int q) {
    recv_counts[static_cast<std::size_t>(q)] += static_cast<int>(len);
  });
  std::vector<int> send_displs(static_cast<std::size_t>(size), 0), recv_displs(send_displs);
  for (int q = 1; q < size; ++q) {
    const auto u = static_cast<std::size_t>(q);
    send_displs[u] = send_displs[u - 1] + send_counts[u - 1];
    recv_displs[u] = recv_displs[u - 1] + recv_counts[u - 1];
  }
  std::vector<double> a(static_cast<std::size_t>(from.local_count(rank)));
  for (std::size_t l = 0; l < a.size(); ++l) a[l] = static_cast<double>(l);
  std::vector<double> out(static_cast<std::size_t>(to.local_count(rank)));
  std::vector<double> send(a.size()), recv(out.size());
  std::vector<int> pos(static_cast<std::size_t>(size));
  return best_of(5, [&] {
    pos = send_displs;
    for_each_piece(from, to, rank, [&](std::int64_t g, std::int64_t len, int q) {
      std::copy_n(a.data() + from.local_of(g), len, send.data() + pos[static_cast<std::size_t>(q)]);
      pos[static_cast<std::size_t>(q)] += static_cast<int>(len);
    });
    MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_DOUBLE, recv.data(),
                  recv_counts.data(), recv_displs.data(), MPI_DOUBLE, MPI_COMM_WORLD);
    pos = recv_displs;
    for_each_piece(to, from, rank, [&](std::int64_t g, std::int64_t len, int q) {
      std::copy_n(recv.data() + pos[static_cast<std::size_t>(q)], len, out.data() + to.local_of(g));
      pos[static_cast<std::size_t>(q)] += static_cast<int>(len);
    });
  });
}

// expert_blocks: the (from, to) block sizes of a 1-D block-cyclic case, for the hand-written
// baseline; {0, 0} for none.
void redistribution_case(const std::string& name, const Shape& shape, const Map& from,
                         const Map& to, int rank,
                         std::pair<std::int64_t, std::int64_t> expert_blocks = {0, 0}) {
  const auto a = DArray<double>::arange(shape, from);
  DArray<double> b(shape, to);
  b.assign(a);  // plans once; later assignments reuse the cached plan
  const auto plan =
      pgas::redistribution::cached_plan(a.context()->comm(), from, to, shape, sizeof(double));
  std::string ours_by_method;
  double ours = 0;
  for (ExchangeMethod m :
       {ExchangeMethod::packed, ExchangeMethod::datatypes, ExchangeMethod::automatic}) {
    pgas::redistribution::set_exchange_method(m);
    b.assign(a);
    const double t = best_of(5, [&] { b.assign(a); });
    double worst = 0;
    MPI_Allreduce(&t, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    if (m != ExchangeMethod::automatic) {
      ours_by_method +=
          std::string(method_name(m)) + " " + std::to_string(worst).substr(0, 6) + " s  ";
    } else {
      ours = t;
      ours_by_method += plan->uses_datatypes() ? "(automatic: datatypes)" : "(automatic: packed)";
    }
  }

  // Baseline: the same bytes per peer through one MPI_Alltoallv, self included.
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::vector<int> send_counts(static_cast<std::size_t>(size), 0), recv_counts(send_counts);
  for (const auto& [peer, bytes] : plan->send_counts())
    send_counts[static_cast<std::size_t>(peer)] = static_cast<int>(bytes);
  for (const auto& [peer, bytes] : plan->receive_counts())
    recv_counts[static_cast<std::size_t>(peer)] = static_cast<int>(bytes);
  send_counts[static_cast<std::size_t>(rank)] = recv_counts[static_cast<std::size_t>(rank)] =
      static_cast<int>(plan->cells_kept() * 8);
  std::vector<int> send_displs(static_cast<std::size_t>(size), 0), recv_displs(send_displs);
  for (int p = 1; p < size; ++p) {
    send_displs[static_cast<std::size_t>(p)] =
        send_displs[static_cast<std::size_t>(p - 1)] + send_counts[static_cast<std::size_t>(p - 1)];
    recv_displs[static_cast<std::size_t>(p)] =
        recv_displs[static_cast<std::size_t>(p - 1)] + recv_counts[static_cast<std::size_t>(p - 1)];
  }
  std::vector<char> send(static_cast<std::size_t>(send_displs.back() + send_counts.back()) + 1, 1);
  std::vector<char> recv(static_cast<std::size_t>(recv_displs.back() + recv_counts.back()) + 1, 0);
  const double raw = best_of(5, [&] {
    MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_BYTE, recv.data(),
                  recv_counts.data(), recv_displs.data(), MPI_BYTE, MPI_COMM_WORLD);
  });
  double worst_ours = 0, worst_raw = 0;
  MPI_Reduce(&ours, &worst_ours, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(&raw, &worst_raw, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    std::printf(
        "%-22s pgas %8.4f s   MPI_Alltoallv %8.4f s   ratio %5.2f   sent by rank 0: %lld MiB   "
        "%s\n",
        name.c_str(), worst_ours, worst_raw, worst_raw / worst_ours,
        static_cast<long long>(plan->bytes_sent() >> 20), ours_by_method.c_str());
  }
  if (expert_blocks.first > 0) {
    const double expert =
        expert_baseline(shape[0], expert_blocks.first, expert_blocks.second, rank, size);
    double worst_expert = 0;
    MPI_Reduce(&expert, &worst_expert, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
      std::printf(
          "%-22s pgas %8.4f s   hand-written pack + MPI_Alltoallv + unpack %8.4f s   "
          "ratio %5.2f\n",
          name.c_str(), worst_ours, worst_expert, worst_expert / worst_ours);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int log2_cells = argc > 1 ? std::atoi(argv[1]) : 26;
  const std::int64_t cells = std::int64_t{1} << log2_cells;
  const std::int64_t side = std::int64_t{1} << (log2_cells / 2);
  if (rank == 0) {
    std::printf("%d ranks, 2^%d doubles (%lld MiB) per array\n", size, log2_cells,
                static_cast<long long>(cells * 8 >> 20));
  }
  {
    const Shape square{side, cells / side};
    redistribution_case("block rows -> columns", square, Map({size, 1}, {DimDist::block()}),
                        Map({1, size}, {DimDist::block()}), rank);
    const Shape line{cells};
    redistribution_case("block -> cyclic", line, Map({size}, {DimDist::block()}),
                        Map({size}, {DimDist::cyclic()}), rank, {(cells + size - 1) / size, 1});
    redistribution_case("bc(64) -> bc(48)", line, Map({size}, {DimDist::block_cyclic(64)}),
                        Map({size}, {DimDist::block_cyclic(48)}), rank, {64, 48});

    // Triad on local parts: the same loop body as STREAM.
    const Map m({size}, {DimDist::block()});
    auto a = DArray<double>::zeros(line, m);
    const auto b = DArray<double>::full(line, m, 1.0);
    const auto c = DArray<double>::full(line, m, 2.0);
    const double q = 3.0;
    const double ours =
        best_of(5, [&] { b.combine_into(a, c, [q](double x, double y) { return x + q * y; }); });
    std::vector<double> va(static_cast<std::size_t>(a.local_size())), vb(va.size(), 1.0),
        vc(va.size(), 2.0);
    const double plain = best_of(5, [&] {
      double* pa = va.data();
      const double* pb = vb.data();
      const double* pc = vc.data();
      const std::size_t n = va.size();
      for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + q * pc[i];
    });
    const bool ok = a.local_size() == 0 || (a.local_data()[0] == 7.0 && va[0] == 7.0);
    if (rank == 0) {
      const double gbs = 3.0 * 8.0 * static_cast<double>(va.size()) / ours / 1e9;
      std::printf(
          "%-22s pgas %8.4f s   plain C loop  %8.4f s   ratio %5.2f   %.1f GB/s per rank%s\n",
          "triad a = b + q*c", ours, plain, plain / ours, gbs, ok ? "" : "  WRONG");
    }
  }
  MPI_Finalize();
  return 0;
}
