// The estimators' shared input checks: finite values (scikit-learn's messages, on every rank)
// and whole-row layouts that leave the caller's array alone.
#include <cmath>
#include <limits>

#include "darray_testing.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;

TEST(Validation, NaNAndInfinityRaiseOnEveryRank) {
  const int p = testing::world_size();
  const Map rows({p, 1}, {DimDist::cyclic(), DimDist::block()});
  auto x = DArray<double>::randn({9, 3}, rows, 1);
  EXPECT_NO_THROW(check_finite(x));
  x.set({8, 2}, std::numeric_limits<double>::infinity());  // lives on one rank only
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { check_finite(x); },
      {"Input X contains infinity or a value too large for dtype('float64')."}));
  x.set({0, 1}, std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { check_finite(x, "y"); },
                                                        {"Input y contains NaN."}));
  auto f = DArray<float>::zeros({4, 2}, rows);
  f.set({3, 0}, std::numeric_limits<float>::infinity());
  EXPECT_TRUE(
      testing::throws_on_every_rank<ValueError>([&] { check_finite(f); }, {"dtype('float32')"}));
}

TEST(Validation, WholeRowsSharesRowLayoutsAndCopiesOthers) {
  const int p = testing::world_size();
  const auto by_rows =
      DArray<double>::arange({7, 4}, Map({p, 1}, {DimDist::block_cyclic(2), DimDist::block()}));
  std::optional<DArray<double>> storage;
  const DArray<double>& same = whole_rows(by_rows, storage);
  EXPECT_TRUE(&same == &by_rows && !storage);                         // no copy
  EXPECT_EQ(whole_rows(by_rows).local_data(), by_rows.local_data());  // an alias, no copy
  // Columns split (a 2-D grid when there are ranks for it) and overlap: rows are gathered.
  const int q = p >= 2 ? 2 : 1;
  const Map split({std::max(1, p / q), q}, {DimDist::cyclic(), DimDist::block()});
  const auto x = DArray<double>::arange({7, 4}, split);
  const DArray<double> rows = whole_rows(x);
  EXPECT_EQ(rows.map(), maps::row_map(split, 2));
  EXPECT_TRUE(all_ranks(rows.agg_all() == x.agg_all() && testing::holds_global_index(rows) &&
                        testing::holds_global_index(x)));
  const Map halo({p, 1}, {DimDist::block(), DimDist::block()}, {}, {1, 0});
  const auto h = DArray<double>::arange({6, 2}, halo);
  EXPECT_TRUE(all_ranks(maps::holds_whole_rows(whole_rows(h).map())));
  const auto vector = DArray<double>::zeros({5}, Map({p}, {DimDist::block()}));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { whole_rows(vector); },
                                                        {"Expected 2D array, got 1D"}));
}

}  // namespace
}  // namespace pgas::ml
