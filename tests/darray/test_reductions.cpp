// Reductions against a serial oracle computed from the whole array on every rank.
#include <cmath>

#include "darray_testing.hpp"
#include "pgas/darray/reductions.hpp"

namespace pgas {
namespace {

using maps::Shape;
using testing::all_ranks;
using testing::pick;

// Serial oracle along an axis: out[other cells] = fold over the axis.
template <typename R, typename T, typename Fold>
std::vector<R> oracle_along(const std::vector<T>& all, const Shape& shape, int axis, R init,
                            Fold fold) {
  std::int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[static_cast<std::size_t>(d)];
  for (std::size_t d = static_cast<std::size_t>(axis) + 1; d < shape.size(); ++d) inner *= shape[d];
  const std::int64_t n = shape[static_cast<std::size_t>(axis)];
  std::vector<R> out(static_cast<std::size_t>(outer * inner), init);
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t k = 0; k < n; ++k) {
      for (std::int64_t i = 0; i < inner; ++i) {
        fold(out[static_cast<std::size_t>(o * inner + i)],
             all[static_cast<std::size_t>((o * n + k) * inner + i)], k);
      }
    }
  }
  return out;
}

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * (1 + std::abs(b));
}

TEST(Reductions, WholeArrayMatchesTheOracleForRandomMaps) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 150; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, d == 0 ? 2 : 1, 7));  // ddof=1 needs 2
    const maps::Map m = testing::random_map(rng, ndim);
    const auto a = DArray<double>::randn(shape, m, static_cast<std::uint64_t>(trial));
    const std::vector<double> all = a.agg_all();
    double s = 0, p = 1, lo = all[0], hi = all[0];
    std::int64_t at_lo = 0, at_hi = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      s += all[i];
      p *= all[i];
      if (all[i] < lo) lo = all[i], at_lo = static_cast<std::int64_t>(i);
      if (all[i] > hi) hi = all[i], at_hi = static_cast<std::int64_t>(i);
    }
    const double mean = s / static_cast<double>(all.size());
    double ss = 0;
    for (double x : all) ss += (x - mean) * (x - mean);
    bool ok = close(sum(a), s) && close(prod(a), p) && min(a) == lo && max(a) == hi &&
              argmin(a) == at_lo && argmax(a) == at_hi && close(pgas::mean(a), mean) &&
              close(var(a), ss / static_cast<double>(all.size())) &&
              close(std_dev(a, 1), std::sqrt(ss / static_cast<double>(all.size() - 1))) &&
              any(a) == std::any_of(all.begin(), all.end(), [](double x) { return x != 0; }) &&
              pgas::all(a) == std::all_of(all.begin(), all.end(), [](double x) { return x != 0; });
    EXPECT_TRUE(ok) << m.to_string() << " sum " << sum(a) << " vs " << s << " prod " << prod(a)
                    << " vs " << p << " min " << min(a) << " vs " << lo << " argmin " << argmin(a)
                    << " vs " << at_lo << " mean " << pgas::mean(a) << " vs " << mean;
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Reductions, AlongAnAxisMatchesTheOracleForRandomMaps) {
  std::mt19937_64 rng(123);
  for (int trial = 0; trial < 150; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 2, 3));
    Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 1, 6));
    const maps::Map m = testing::random_map(rng, ndim);
    const int axis = static_cast<int>(pick(rng, 0, ndim - 1));
    const auto a = DArray<std::int64_t>::arange(shape, m);
    const auto all = a.agg_all();
    const auto want_sum =
        oracle_along<std::int64_t>(all, shape, axis, 0, [](auto& acc, auto x, auto) { acc += x; });
    const auto want_max = oracle_along<std::int64_t>(
        all, shape, axis, -1,
        [](auto& acc, auto x, auto) { acc = std::max<std::int64_t>(acc, x); });
    const auto want_argmin = oracle_along<std::int64_t>(
        all, shape, axis, 0, [](auto&, auto, auto) {});  // arange: the minimum is at index 0
    const auto got_sum = sum(a, Axis{axis}).agg_all();
    const auto got_max = max(a, Axis{axis}).agg_all();
    const auto got_argmin = argmin(a, Axis{axis}).agg_all();
    const auto got_mean = mean(a, Axis{axis}).agg_all();
    bool ok = got_sum == want_sum && got_max == want_max && got_argmin == want_argmin;
    for (std::size_t i = 0; i < got_mean.size(); ++i) {
      ok = ok && close(got_mean[i], static_cast<double>(want_sum[i]) /
                                        static_cast<double>(shape[static_cast<std::size_t>(axis)]));
    }
    EXPECT_TRUE(ok) << m.to_string() << " axis " << axis;
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Reductions, VarianceAndArgmaxAlongAxisOnRandomValues) {
  std::mt19937_64 rng(5);
  const Shape shape{5, 7};
  const maps::Map m = testing::random_map(rng, 2);
  const auto a = DArray<double>::rand(shape, m, 3);
  const auto all = a.agg_all();
  for (int axis = 0; axis < 2; ++axis) {
    const auto n = static_cast<double>(shape[static_cast<std::size_t>(axis)]);
    const auto sums =
        oracle_along<double>(all, shape, axis, 0.0, [](auto& acc, auto x, auto) { acc += x; });
    std::vector<double> means(sums);
    for (auto& x : means) x /= n;
    const auto got_var = var(a, Axis{axis}, 1).agg_all();
    const auto got_argmax = argmax(a, Axis{axis}).agg_all();
    // Oracle var with ddof=1 and argmax, by brute force over the axis.
    bool ok = true;
    const std::int64_t rows = shape[0], cols = shape[1];
    const std::int64_t outputs = axis == 0 ? cols : rows;
    for (std::int64_t o = 0; o < outputs; ++o) {
      double ss = 0, best = -1;
      std::int64_t at = -1;
      for (std::int64_t k = 0; k < static_cast<std::int64_t>(n); ++k) {
        const double x = axis == 0 ? all[static_cast<std::size_t>(k * cols + o)]
                                   : all[static_cast<std::size_t>(o * cols + k)];
        ss += (x - means[static_cast<std::size_t>(o)]) * (x - means[static_cast<std::size_t>(o)]);
        if (x > best) best = x, at = k;
      }
      ok = ok && close(got_var[static_cast<std::size_t>(o)], ss / (n - 1)) &&
           got_argmax[static_cast<std::size_t>(o)] == at;
    }
    EXPECT_TRUE(all_ranks(ok)) << "axis " << axis;
  }
}

TEST(Reductions, OverlapCellsAreNotCountedTwice) {
  const maps::Map m({testing::world_size(), 1}, {maps::DimDist::block()}, {}, {2, 0});
  auto a = DArray<std::int64_t>::ones({10, 3}, m);
  EXPECT_EQ(sum(a), 30);
  EXPECT_EQ(sum(a, Axis{0}).agg_all(), (std::vector<std::int64_t>{10, 10, 10}));
}

TEST(Reductions, BadInputThrowsOnEveryRank) {
  const maps::Map m({testing::world_size(), 1}, {maps::DimDist::block()});
  const auto empty = DArray<double>::zeros({0, 3}, m);
  EXPECT_THROW(min(empty), ValueError);
  EXPECT_THROW(argmax(empty), ValueError);
  EXPECT_THROW(max(empty, Axis{0}), ValueError);
  const auto a = DArray<double>::zeros({4, 3}, m);
  EXPECT_THROW(sum(a, Axis{2}), IndexError);
  EXPECT_THROW(sum(a, Axis{-1}), IndexError);
  const auto c = DArray<std::complex<double>>::zeros({4, 3}, m);
  EXPECT_THROW(min(c), ValueError);
  EXPECT_EQ(sum(c), std::complex<double>(0, 0));
  const auto flags = DArray<bool>::full({4, 3}, m, true);
  EXPECT_TRUE(all(flags));
  EXPECT_EQ(sum(flags), 12);
}

}  // namespace
}  // namespace pgas
