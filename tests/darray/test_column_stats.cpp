// Column statistics (column_stats.hpp) against a serial oracle computed from the whole array on
// every rank, on random maps (columns split too, overlap, rank subsets), with and without NaNs.
#include <cmath>
#include <limits>

#include "darray_testing.hpp"
#include "pgas/darray/column_stats.hpp"

namespace pgas {
namespace {

using maps::Shape;
using testing::all_ranks;
using testing::pick;

bool close(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= 1e-10 * (1 + std::abs(b));
}

struct Oracle {
  std::vector<std::int64_t> count;
  std::vector<double> sum, mean, var, min, max;
};

// numpy's nan* (ignore_nan) or plain semantics, column by column, from the whole array.
Oracle oracle(const std::vector<double>& all, std::int64_t rows, std::int64_t cols, bool ignore,
              int ddof) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Oracle o;
  for (std::int64_t c = 0; c < cols; ++c) {
    std::vector<double> v;
    bool has_nan = false;
    for (std::int64_t r = 0; r < rows; ++r) {
      const double x = all[static_cast<std::size_t>(r * cols + c)];
      if (std::isnan(x)) {
        has_nan = true;
        if (ignore) continue;
      }
      v.push_back(x);
    }
    double s = 0;
    for (double x : v) s += x;
    const double mean = v.empty() ? nan : s / double(v.size());
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double dof = double(v.size()) - ddof;
    double lo = nan, hi = nan;
    if (!v.empty() && !(has_nan && !ignore)) {
      lo = hi = v[0];
      for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x);
    }
    o.count.push_back(static_cast<std::int64_t>(v.size()));
    o.sum.push_back(s);
    o.mean.push_back(mean);
    o.var.push_back(dof > 0 ? ss / dof : nan);
    o.min.push_back(lo);
    o.max.push_back(hi);
  }
  return o;
}

bool all_close(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!close(a[i], b[i])) return false;
  }
  return true;
}

TEST(ColumnStats, MatchTheOracleOnRandomMapsWithAndWithoutNaN) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 120; ++trial) {
    const Shape shape{pick(rng, 1, 12), pick(rng, 1, 5)};
    const maps::Map m = testing::random_map(rng, 2);
    auto a = DArray<double>::randn(shape, m, static_cast<std::uint64_t>(trial));
    const int nans = static_cast<int>(pick(rng, 0, 3));
    for (int k = 0; k < nans; ++k) {
      a.set({pick(rng, 0, shape[0] - 1), pick(rng, 0, shape[1] - 1)},
            std::numeric_limits<double>::quiet_NaN());
    }
    // An all-NaN column now and then: nanmin/nanmean give NaN there.
    if (trial % 10 == 3) {
      for (std::int64_t r = 0; r < shape[0]; ++r) {
        a.set({r, 0}, std::numeric_limits<double>::quiet_NaN());
      }
    }
    const std::vector<double> all = a.agg_all();
    const int ddof = static_cast<int>(trial % 2);
    bool ok = true;
    for (bool ignore : {false, true}) {
      const Oracle o = oracle(all, shape[0], shape[1], ignore, ddof);
      const ColumnMoments mo = column_moments(a, ddof, ignore);
      const ColumnExtrema<double> ex = column_extrema(a, ignore);
      const std::vector<double> absmax = column_absmax(a, ignore);
      std::vector<double> oracle_absmax;
      for (std::size_t c = 0; c < o.min.size(); ++c) {
        oracle_absmax.push_back(
            std::isnan(o.min[c]) ? o.min[c] : std::max(std::abs(o.min[c]), std::abs(o.max[c])));
      }
      ok = ok && column_counts(a, ignore) == o.count && mo.count == o.count &&
           all_close(column_sums(a, ignore), o.sum) && all_close(column_means(a, ignore), o.mean) &&
           all_close(mo.mean, o.mean) && all_close(mo.var, o.var) &&
           all_close(column_variances(a, ddof, ignore), o.var) && all_close(ex.min, o.min) &&
           all_close(ex.max, o.max) && all_close(absmax, oracle_absmax);
      if (!ignore) ok = ok && ex.count == std::vector<std::int64_t>(o.count.size(), shape[0]);
    }
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial << " map " << m.to_string();
  }
}

TEST(ColumnStats, IntegersAndFloatsAccumulateInDouble) {
  const maps::Map m({testing::world_size(), 1}, {maps::DimDist::cyclic(), maps::DimDist::block()});
  const auto a = DArray<std::int64_t>::arange({7, 3}, m);  // column c holds 3 r + c
  const ColumnMoments mo = column_moments(a);
  const ColumnExtrema<std::int64_t> ex = column_extrema(a);
  bool ok = true;
  for (std::int64_t c = 0; c < 3; ++c) {
    const auto k = static_cast<std::size_t>(c);
    ok = ok && mo.count[k] == 7 && close(mo.mean[k], 9.0 + double(c)) && close(mo.var[k], 36.0) &&
         ex.min[k] == c && ex.max[k] == 18 + c;
  }
  const auto f = DArray<float>::full({5, 2}, m, 0.1f);
  ok = ok && close(column_sums(f)[0], 5 * double(0.1f));
  EXPECT_TRUE(all_ranks(ok));
}

TEST(ColumnStats, RankOwningNoRowsAndBadInput) {
  // Rows only on rank 0: every other rank contributes nothing but still gets the result.
  const maps::Map on_zero({1, 1}, {maps::DimDist::block()}, {0});
  const auto a = DArray<double>::arange({4, 2}, on_zero);
  const std::vector<double> mean = column_means(a);
  EXPECT_TRUE(all_ranks(close(mean[0], 3.0) && close(mean[1], 4.0)));
  const auto empty_rows = DArray<double>::zeros({0, 3}, on_zero);
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { column_extrema(empty_rows); },
                                                        {"zero-size array"}));
  const std::vector<double> nan_mean = column_means(empty_rows);
  EXPECT_TRUE(all_ranks(nan_mean.size() == 3 && std::isnan(nan_mean[0])));
  const auto vector = DArray<double>::zeros({4}, maps::Map({1}, {maps::DimDist::block()}));
  EXPECT_TRUE(
      testing::throws_on_every_rank<ValueError>([&] { column_sums(vector); }, {"2-D array"}));
}

}  // namespace
}  // namespace pgas
