#include "pgas/linalg/layout.hpp"

#include <string>

#include "pgas/errors.hpp"

namespace pgas::linalg {
namespace {
// 64 won the sweep in bench/RESULTS.md (bench_linalg --sweep): large enough for BLAS-3
// speed in the local kernels, small enough to keep the panels balanced at moderate n.
std::int64_t g_block_size = 64;
}  // namespace

maps::Map BlockCyclicLayout::map() const {
  return maps::Map({prow, pcol}, {maps::DimDist::block_cyclic(nb), maps::DimDist::block_cyclic(nb)},
                   procs);
}

std::int64_t block_size() {
  return g_block_size;
}

void set_block_size(std::int64_t nb) {
  if (nb < 1) throw ValueError("block size " + std::to_string(nb) + " must be >= 1");
  g_block_size = nb;
}

BlockCyclicLayout squarest_layout(int nranks) {
  BlockCyclicLayout out;
  int small = 1;
  for (int d = 1; d * d <= nranks; ++d) {
    if (nranks % d == 0) small = d;
  }
  out.prow = nranks / small;
  out.pcol = small;
  out.procs.resize(static_cast<std::size_t>(nranks));
  for (int r = 0; r < nranks; ++r) out.procs[static_cast<std::size_t>(r)] = r;
  out.nb = g_block_size;
  return out;
}

BlockCyclicLayout layout_for(const maps::Map& map, int nranks) {
  if (map.ndim() == 2) {
    const auto& d = map.dists();
    const bool square_bc = d[0].kind() == maps::DistKind::block_cyclic &&
                           d[1].kind() == maps::DistKind::block_cyclic &&
                           d[0].block_size() == d[1].block_size();
    const bool grid_2d = map.grid()[0] > 1 && map.grid()[1] > 1;
    if (square_bc || grid_2d) {
      BlockCyclicLayout out;
      out.prow = map.grid()[0];
      out.pcol = map.grid()[1];
      out.procs = map.procs();
      out.nb = square_bc ? d[0].block_size() : g_block_size;
      return out;
    }
  }
  return squarest_layout(nranks);
}

}  // namespace pgas::linalg
