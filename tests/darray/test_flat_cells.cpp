// Cells by flat index (flat_cells.hpp) against the serial oracle: random maps (grids, every
// distribution, overlap, rank subsets in random order), random shapes including empty ones.
#include <numeric>

#include "darray_testing.hpp"
#include "pgas/darray/flat_cells.hpp"

namespace pgas {
namespace {

using maps::Shape;
using testing::all_ranks;
using testing::pick;

Shape random_shape(std::mt19937_64& rng, int ndim) {
  Shape shape;
  for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 0, 6));
  return shape;
}

// The same cell count as `shape` in `ndim` dimensions: the count's factors spread out.
Shape reshaped(std::mt19937_64& rng, std::int64_t cells, int ndim) {
  Shape shape(static_cast<std::size_t>(ndim), 1);
  std::int64_t left = cells;
  for (int d = 0; d + 1 < ndim && left > 0; ++d) {
    for (std::int64_t f = pick(rng, 1, 4); f > 1; --f) {
      if (left % f == 0) {
        shape[static_cast<std::size_t>(d)] = f;
        left /= f;
        break;
      }
    }
  }
  shape.back() = left;
  return shape;
}

TEST(FlatCells, AssignFlatIsNumpysReshapeBetweenAnyMaps) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 120; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    const Shape shape = random_shape(rng, ndim);
    const auto source = DArray<std::int64_t>::arange(shape, testing::random_map(rng, ndim));
    const int new_ndim = static_cast<int>(pick(rng, 1, 3));
    const Shape new_shape = reshaped(rng, source.size(), new_ndim);
    DArray<std::int64_t> dest(new_shape, testing::random_map(rng, new_ndim));
    assign_flat(dest, source);
    // arange holds the flat index: after a C-order reshape every cell still does.
    EXPECT_TRUE(all_ranks(testing::holds_global_index(dest))) << "trial " << trial;
  }
}

TEST(FlatCells, ScatterAndGatherReachTheOwnersOfAnyCells) {
  std::mt19937_64 rng(11);
  const int me = Context::world()->rank();
  for (int trial = 0; trial < 80; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    Shape shape = random_shape(rng, ndim);
    if (maps::cell_count(shape) == 0) shape.assign(static_cast<std::size_t>(ndim), 2);
    const std::int64_t cells = maps::cell_count(shape);
    const maps::Map m = testing::random_map(rng, ndim);
    // Every rank writes a different stripe of cells, value = flat index.
    std::vector<std::int64_t> flat;
    for (std::int64_t f = me; f < cells; f += Context::world()->size()) flat.push_back(f);
    DArray<std::int64_t> dest = DArray<std::int64_t>::zeros(shape, m);
    scatter_flat(dest, flat.data(), flat.data(), flat.size());
    EXPECT_TRUE(all_ranks(testing::holds_global_index(dest))) << "trial " << trial;
    // Every rank reads random cells (repeats allowed) of an arange.
    const auto source = DArray<double>::arange(shape, testing::random_map(rng, ndim));
    std::mt19937_64 mine(static_cast<std::uint64_t>(trial * 31 + me));
    std::vector<std::int64_t> want(static_cast<std::size_t>(pick(mine, 0, 9)));
    for (auto& f : want) f = pick(mine, 0, cells - 1);
    std::vector<double> got(want.size());
    gather_flat(source, want.data(), want.size(), got.data());
    bool ok = true;
    for (std::size_t i = 0; i < want.size(); ++i) ok = ok && got[i] == double(want[i]);
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(FlatCells, BoolCellsTravelToo) {
  const maps::Map m({Context::world()->size()}, {maps::DimDist::cyclic()});
  const auto source = DArray<bool>::full({9}, m, true);
  DArray<bool> dest = DArray<bool>::zeros(
      {3, 3}, maps::Map({1, Context::world()->size()}, {maps::DimDist::block()}));
  assign_flat(dest, source);
  const std::vector<bool> all = dest.agg_all();
  EXPECT_TRUE(all_ranks(std::all_of(all.begin(), all.end(), [](bool b) { return b; })));
}

TEST(FlatCells, BadIndicesAndSizesThrowOnEveryRank) {
  const maps::Map m({Context::world()->size()}, {maps::DimDist::block()});
  auto a = DArray<double>::zeros({5}, m);
  const std::int64_t bad = Context::world()->rank() == 0 ? 5 : 0;
  const double value = 1;
  EXPECT_THROW(scatter_flat(a, &bad, &value, 1), IndexError);
  double out = 0;
  EXPECT_THROW(gather_flat(a, &bad, 1, &out), IndexError);
  DArray<double> other({2, 2}, maps::Map({1, 1}, {maps::DimDist::block()}));
  EXPECT_THROW(assign_flat(other, a), ValueError);
}

}  // namespace
}  // namespace pgas
