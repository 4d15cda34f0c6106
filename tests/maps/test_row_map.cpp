// row_map: the map of a per-sample output puts row i where X's row i lives (checked cell by
// cell against Map::owner for every kind of row distribution, grids [p, q], rank subsets).
#include <gtest/gtest.h>

#include "pgas/errors.hpp"
#include "pgas/maps/row_map.hpp"

namespace pgas::maps {
namespace {

TEST(RowMap, RowsLandWhereXsRowsLive) {
  const std::vector<DimDist> dists{DimDist::block(), DimDist::cyclic(), DimDist::block_cyclic(2),
                                   DimDist::block_cyclic(3)};
  const std::vector<std::vector<int>> grids{{1, 1}, {2, 1}, {3, 1}, {4, 1}, {2, 2}, {1, 3}, {3, 2}};
  for (const auto& grid : grids) {
    const int slots = grid[0] * grid[1];
    std::vector<int> procs;  // a scrambled subset of ranks 0..9
    for (int s = 0; s < slots; ++s) procs.push_back((7 * s + 3) % 10);
    for (const DimDist& rows : dists) {
      for (const DimDist& cols : dists) {
        const Map x(grid, {rows, cols}, procs);
        const Map labels = row_map(x, 1);
        const Map table = row_map(x, 2);
        EXPECT_EQ(labels.grid(), std::vector<int>{grid[0]});
        EXPECT_EQ(table.grid(), (std::vector<int>{grid[0], 1}));
        for (std::int64_t n : {0, 1, 5, 13}) {
          for (std::int64_t i = 0; i < n; ++i) {
            // X's row i starts (column 0) on the rank at grid column 0 of its grid row.
            const int x_rank = x.owner({n, 4}, {i, 0}).rank;
            EXPECT_EQ(labels.owner({n}, {i}).rank, x_rank) << x.to_string() << " row " << i;
            EXPECT_EQ(table.owner({n, 3}, {i, 2}).rank, x_rank);
            // The local row index agrees too: the row's position among the rank's rows.
            EXPECT_EQ(labels.owner({n}, {i}).local[0], x.owner({n, 4}, {i, 0}).local[0]);
          }
        }
      }
    }
  }
}

TEST(RowMap, OverlapIsDroppedAndWholeRowsAreRecognised) {
  const Map halo({2, 1}, {DimDist::block(), DimDist::block()}, {0, 1}, {1, 0});
  EXPECT_EQ(row_map(halo).overlap(), std::vector<std::int64_t>{0});
  EXPECT_FALSE(holds_whole_rows(halo));
  EXPECT_TRUE(holds_whole_rows(Map({3, 1}, {DimDist::cyclic(), DimDist::block()})));
  EXPECT_FALSE(holds_whole_rows(Map({1, 2}, {DimDist::block(), DimDist::block()})));
  EXPECT_THROW(row_map(Map({2}, {DimDist::block()})), ValueError);
  EXPECT_THROW(row_map(halo, 3), ValueError);
}

}  // namespace
}  // namespace pgas::maps
