#include <gtest/gtest.h>

#include <map>

#include "oracle.hpp"
#include "pgas/maps/exchange.hpp"

namespace pgas::maps {
namespace {

using testing::uniform;
using Cell = std::vector<std::int64_t>;

Map random_map(std::mt19937_64& rng, int ndim, int max_rank) {
  std::vector<int> grid;
  std::vector<DimDist> dists;
  std::vector<std::int64_t> overlap;
  int slots = 1;
  for (int d = 0; d < ndim; ++d) {
    grid.push_back(static_cast<int>(uniform(rng, 1, 3)));
    slots *= grid.back();
    dists.push_back(testing::random_dist(rng));
    overlap.push_back(dists.back().kind() == DistKind::block ? uniform(rng, 0, 2) : 0);
  }
  std::vector<int> procs;
  for (int r = 0; r <= std::max(max_rank, slots - 1); ++r) procs.push_back(r);
  std::shuffle(procs.begin(), procs.end(), rng);
  procs.resize(static_cast<std::size_t>(slots));
  return Map(grid, dists, procs, overlap);
}

std::set<Cell> expand_box(const RunsBox& box) {
  std::set<Cell> out;
  std::vector<std::vector<std::int64_t>> axes;
  for (const auto& d : box.dims) axes.push_back(testing::expand(d));
  for (const auto& a : axes) {
    if (a.empty()) return out;
  }
  std::vector<std::size_t> pick(axes.size(), 0);
  while (true) {
    Cell c;
    for (std::size_t d = 0; d < axes.size(); ++d) c.push_back(axes[d][pick[d]]);
    out.insert(c);
    std::size_t d = axes.size();
    while (d > 0 && ++pick[d - 1] == axes[d - 1].size()) pick[--d] = 0;
    if (d == 0) return out;
  }
}

// For random map pairs, the cells each (source rank, destination rank) pair exchanges,
// and who talks to whom, equal what enumerating every cell says.
TEST(Exchange, MatchesBruteForceForRandomMapPairs) {
  auto rng = testing::rank_seeded_rng(6);
  for (int trial = 0; trial < 300; ++trial) {
    const int ndim = static_cast<int>(uniform(rng, 1, 3));
    const Map from = random_map(rng, ndim, 5);
    const Map to = random_map(rng, ndim, 5);
    Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(uniform(rng, 0, 8));
    SCOPED_TRACE(from.to_string() + " -> " + to.to_string());

    // Oracle: every cell goes from its owner to each rank that holds it.
    std::map<std::pair<int, int>, std::set<Cell>> expected;
    std::int64_t cells = 1;
    for (std::int64_t n : shape) cells *= n;
    const int ranks = std::max(from.max_rank(), to.max_rank()) + 1;
    for (std::int64_t flat = 0; flat < cells; ++flat) {
      Cell c(shape.size());
      std::int64_t rest = flat;
      for (std::size_t d = shape.size(); d-- > 0;) {
        c[d] = rest % shape[d];
        rest /= shape[d];
      }
      const int src = from.owner(shape, c).rank;
      for (int dst = 0; dst < ranks; ++dst) {
        if (to.to_local(shape, dst, c)) expected[{src, dst}].insert(c);
      }
    }
    for (int src = 0; src < ranks; ++src) {
      std::vector<int> expected_receivers;
      for (int dst = 0; dst < ranks; ++dst) {
        const auto it = expected.find({src, dst});
        const std::set<Cell> want = it == expected.end() ? std::set<Cell>{} : it->second;
        const RunsBox box = exchanged_cells(from, src, to, dst, shape);
        ASSERT_EQ(box.size(), static_cast<std::int64_t>(want.size())) << src << "->" << dst;
        ASSERT_EQ(expand_box(box), want) << src << "->" << dst;
        if (!want.empty()) expected_receivers.push_back(dst);
      }
      ASSERT_EQ(receivers(from, src, to, shape), expected_receivers) << "src " << src;
    }
    for (int dst = 0; dst < ranks; ++dst) {
      std::vector<int> expected_senders;
      for (int src = 0; src < ranks; ++src) {
        if (expected.count({src, dst})) expected_senders.push_back(src);
      }
      ASSERT_EQ(senders(from, to, dst, shape), expected_senders) << "dst " << dst;
    }
  }
}

}  // namespace
}  // namespace pgas::maps
