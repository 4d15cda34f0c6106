// Reductions against a serial oracle computed from the whole array on every rank.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

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

// Within the rounding of T's result type: mean and var of float32 are float32, as in NumPy.
template <typename T>
bool close_in(double a, double b) {
  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-9;
  return std::abs(a - b) <= tol * (1 + std::abs(b));
}

// NumPy's result types (python/pgas relies on them: it no longer restates the rules).
static_assert(std::is_same_v<mean_type<float>, float> && std::is_same_v<var_type<float>, float>);
static_assert(std::is_same_v<mean_type<std::int32_t>, double> &&
              std::is_same_v<var_type<bool>, double>);
static_assert(std::is_same_v<mean_type<std::complex<float>>, std::complex<float>> &&
              std::is_same_v<var_type<std::complex<float>>, float> &&
              std::is_same_v<var_type<std::complex<double>>, double>);
static_assert(std::is_same_v<decltype(std_dev(std::declval<const DArray<float>&>(), Axis{0})),
                             DArray<float>>);

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
  using testing::throws_on_every_rank;
  const maps::Map m({testing::world_size(), 1}, {maps::DimDist::block()});
  const auto empty = DArray<double>::zeros({0, 3}, m);
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { min(empty); },
                                               {"zero-size array to reduction operation minimum"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { argmax(empty); },
                                               {"attempt to get argmax of an empty sequence"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { max(empty, Axis{0}); },
                                               {"zero-size array to reduction operation maximum"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { argmin(empty, Axis{-2}); },
                                               {"attempt to get argmin of an empty sequence"}));
  const auto a = DArray<double>::zeros({4, 3}, m);
  for (int bad : {2, 3, -3, -4}) {
    const std::string says =
        "axis " + std::to_string(bad) + " is out of bounds for array of dimension 2";
    EXPECT_TRUE(throws_on_every_rank<IndexError>([&] { sum(a, Axis{bad}); }, {says}));
    EXPECT_TRUE(throws_on_every_rank<IndexError>([&] { argmax(a, Axis{bad}); }, {says}));
    EXPECT_TRUE(throws_on_every_rank<IndexError>([&] { std_dev(a, Axis{bad}); }, {says}));
    EXPECT_TRUE(throws_on_every_rank<IndexError>([&] { min(a, Axis{bad}); }, {says}));
  }
  const auto line =
      DArray<double>::zeros({4}, maps::Map({testing::world_size()}, {maps::DimDist::block()}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { sum(line, Axis{-1}); },
                                               {"reducing the only axis of a 1-d array"}));
  const auto c = DArray<std::complex<double>>::zeros({4, 3}, m);
  EXPECT_TRUE(
      throws_on_every_rank<ValueError>([&] { min(c); }, {"min: complex numbers have no order"}));
  EXPECT_TRUE(throws_on_every_rank<ValueError>([&] { argmax(c, Axis{-1}); },
                                               {"argmax: complex numbers have no order"}));
  EXPECT_EQ(sum(c), std::complex<double>(0, 0));
  const auto flags = DArray<bool>::full({4, 3}, m, true);
  EXPECT_TRUE(all(flags));
  EXPECT_EQ(sum(flags), 12);
}

TEST(Reductions, NegativeAxesCountFromTheEnd) {
  const int p = testing::world_size();
  const maps::Map m({p > 1 ? 2 : 1, 1, p > 3 ? 2 : 1}, {maps::DimDist::block()});
  const auto a = DArray<double>::randn({5, 4, 3}, m, 11);
  for (int axis = -3; axis < 0; ++axis) {
    const Axis pos{axis + 3};
    const bool ok = sum(a, Axis{axis}).agg_all() == sum(a, pos).agg_all() &&
                    argmin(a, Axis{axis}).agg_all() == argmin(a, pos).agg_all() &&
                    var(a, Axis{axis}, 1).agg_all() == var(a, pos, 1).agg_all() &&
                    sum(a, Axis{axis}).shape() == sum(a, pos).shape();
    EXPECT_TRUE(all_ranks(ok)) << "axis " << axis;
  }
}

// prod, min, std, any, all, argmin, argmax along an axis (negative ones too) on random values:
// doubles from randn, and small integers with zeros (any/all) and ties (the first index wins).
TEST(Reductions, MoreAlongAnAxisOnRandomValuesMatchTheOracle) {
  std::mt19937_64 rng(2024);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (int trial = 0; trial < 150; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 2, 3));
    Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 1, 6));
    const maps::Map m = testing::random_map(rng, ndim);
    const int axis = static_cast<int>(pick(rng, -ndim, ndim - 1));
    const int ax = axis < 0 ? axis + ndim : axis;
    const std::int64_t n = shape[static_cast<std::size_t>(ax)];
    const std::int64_t ddof = n > 1 ? pick(rng, 0, 1) : 0;
    const auto a = DArray<double>::randn(shape, m, static_cast<std::uint64_t>(trial) + 1000);
    const auto k = a.map_values<std::int64_t>(
        [](double x) -> std::int64_t { return x < -0.6 ? 0 : (x < 0.4 ? 1 : 2); });
    const auto all_a = a.agg_all();
    const auto all_k = k.agg_all();

    using Best = std::pair<double, std::int64_t>;
    const auto arg = [](bool want_max) {
      return [want_max](Best& best, double x, std::int64_t at) {
        if (want_max ? x > best.first : x < best.first) best = Best{x, at};
      };
    };
    const auto indices = [](const std::vector<Best>& v) {
      std::vector<std::int64_t> out;
      for (const Best& b : v) out.push_back(b.second);
      return out;
    };
    const auto want_prod =
        oracle_along<double>(all_a, shape, ax, 1.0, [](auto& acc, auto x, auto) { acc *= x; });
    const auto want_min = oracle_along<double>(
        all_a, shape, ax, kInf, [](auto& acc, auto x, auto) { acc = std::min(acc, x); });
    const auto sums =
        oracle_along<double>(all_a, shape, ax, 0.0, [](auto& acc, auto x, auto) { acc += x; });
    const auto squares =
        oracle_along<double>(all_a, shape, ax, 0.0, [](auto& acc, auto x, auto) { acc += x * x; });
    const auto want_any = oracle_along<int>(
        all_k, shape, ax, 0, [](int& acc, std::int64_t x, auto) { acc = acc || x != 0; });
    const auto want_all = oracle_along<int>(
        all_k, shape, ax, 1, [](int& acc, std::int64_t x, auto) { acc = acc && x != 0; });
    const auto want_argmin = indices(oracle_along<Best>(all_a, shape, ax, {kInf, -1}, arg(false)));
    const auto want_argmax = indices(oracle_along<Best>(all_a, shape, ax, {-kInf, -1}, arg(true)));
    const std::vector<double> all_k_double(all_k.begin(), all_k.end());
    const auto want_argmin_k =
        indices(oracle_along<Best>(all_k_double, shape, ax, {kInf, -1}, arg(false)));
    const auto want_argmax_k =
        indices(oracle_along<Best>(all_k_double, shape, ax, {-kInf, -1}, arg(true)));

    const auto got_prod = prod(a, Axis{axis}).agg_all();
    const auto got_min = min(a, Axis{axis}).agg_all();
    const auto got_std = std_dev(a, Axis{axis}, ddof).agg_all();
    const auto got_any = any(k, Axis{axis}).agg_all();
    const auto got_all = pgas::all(k, Axis{axis}).agg_all();
    bool ok = got_min == want_min && got_prod.size() == want_prod.size() &&
              got_std.size() == sums.size() && argmin(a, Axis{axis}).agg_all() == want_argmin &&
              argmax(a, Axis{axis}).agg_all() == want_argmax &&
              argmin(k, Axis{axis}).agg_all() == want_argmin_k &&
              argmax(k, Axis{axis}).agg_all() == want_argmax_k &&
              got_any == std::vector<bool>(want_any.begin(), want_any.end()) &&
              got_all == std::vector<bool>(want_all.begin(), want_all.end());
    for (std::size_t i = 0; ok && i < sums.size(); ++i) {
      const double nn = static_cast<double>(n);
      const double variance =
          (squares[i] - sums[i] * sums[i] / nn) / (nn - static_cast<double>(ddof));
      ok = close(got_prod[i], want_prod[i]) && close(got_std[i], std::sqrt(variance));
    }
    EXPECT_TRUE(ok) << m.to_string() << " shape " << shape_string(shape) << " axis " << axis;
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

// ---- NumPy's NaN, ddof and integer semantics, on every dtype --------------------------------

// d's values converted to T, on d's map (the same local layout).
template <typename T>
DArray<T> cast(const DArray<double>& d) {
  DArray<T> out(d.shape(), d.map(), d.context());
  std::int64_t cells = 1;
  for (auto e : d.local_shape()) cells *= e;
  // Unsigned: |x| (a negative double has no defined unsigned value).
  std::transform(d.local_data(), d.local_data() + cells, out.local_data(), [](double x) {
    return static_cast<T>(std::is_unsigned_v<T> && !std::is_same_v<T, bool> ? std::abs(x) : x);
  });
  return out;
}

// A (shape) array of T holding global flat index i at cell i, with NaN at the cells in `nans`
// (floats only) and -inf at `neg_inf`.
template <typename T>
DArray<T> indexed(const Shape& shape, const maps::Map& m, const std::vector<std::int64_t>& nans,
                  const std::vector<std::int64_t>& neg_inf) {
  auto a = DArray<double>::arange(shape, m);
  a.apply([&](double x) {
    const auto i = static_cast<std::int64_t>(x);
    if (std::find(nans.begin(), nans.end(), i) != nans.end()) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    if (std::find(neg_inf.begin(), neg_inf.end(), i) != neg_inf.end()) {
      return -std::numeric_limits<double>::infinity();
    }
    return x;
  });
  return cast<T>(a);
}

template <typename T>
class ReductionsTyped : public ::testing::Test {};
using FloatTypes = ::testing::Types<double, float>;
TYPED_TEST_SUITE(ReductionsTyped, FloatTypes);

bool same_or_both_nan(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

TYPED_TEST(ReductionsTyped, NaNPropagatesThroughMinMaxAndArgFindsTheFirstNaN) {
  using T = TypeParam;
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    const int ndim = static_cast<int>(pick(rng, 1, 3));
    Shape shape;
    for (int d = 0; d < ndim; ++d) shape.push_back(pick(rng, 1, 7));
    std::int64_t n = 1;
    for (auto e : shape) n *= e;
    const maps::Map m = testing::random_map(rng, ndim);
    std::vector<std::int64_t> nans, neg_inf;
    const int count = static_cast<int>(pick(rng, 0, 2));
    for (int c = 0; c < count; ++c) nans.push_back(pick(rng, 0, n - 1));
    neg_inf.push_back(pick(rng, 0, n - 1));  // NaN must beat -inf wherever it is
    const DArray<T> a = indexed<T>(shape, m, nans, neg_inf);
    const std::vector<T> all = a.agg_all();
    // Oracle: NumPy's rules spelled out on the gathered array.
    std::int64_t first_nan = -1;
    for (std::int64_t i = 0; i < n; ++i) {
      if (std::isnan(all[static_cast<std::size_t>(i)])) {
        first_nan = i;
        break;
      }
    }
    std::int64_t at_lo = 0, at_hi = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      if (all[static_cast<std::size_t>(i)] < all[static_cast<std::size_t>(at_lo)]) at_lo = i;
      if (all[static_cast<std::size_t>(i)] > all[static_cast<std::size_t>(at_hi)]) at_hi = i;
    }
    const bool has_nan = first_nan >= 0;
    bool ok = (has_nan ? std::isnan(min(a)) && std::isnan(max(a))
                       : min(a) == all[static_cast<std::size_t>(at_lo)] &&
                             max(a) == all[static_cast<std::size_t>(at_hi)]) &&
              argmin(a) == (has_nan ? first_nan : at_lo) &&
              argmax(a) == (has_nan ? first_nan : at_hi) && std::isnan(pgas::mean(a)) == has_nan;
    if (ndim >= 2) {
      for (int axis = 0; axis < ndim; ++axis) {
        using P = std::pair<double, std::int64_t>;  // (value, index along the axis)
        const double inf = std::numeric_limits<double>::infinity();
        auto lo_fold = [](P& acc, T x, std::int64_t k) {
          if (std::isnan(acc.first)) return;
          if (std::isnan(x) || x < acc.first) acc = {static_cast<double>(x), k};
        };
        auto hi_fold = [](P& acc, T x, std::int64_t k) {
          if (std::isnan(acc.first)) return;
          if (std::isnan(x) || x > acc.first) acc = {static_cast<double>(x), k};
        };
        const auto lo = oracle_along(all, shape, axis, P{inf, -1}, lo_fold);
        const auto hi = oracle_along(all, shape, axis, P{-inf, -1}, hi_fold);
        const auto got_min = min(a, Axis{axis}).agg_all();
        const auto got_max = max(a, Axis{axis}).agg_all();
        const auto got_argmin = argmin(a, Axis{axis}).agg_all();
        const auto got_argmax = argmax(a, Axis{axis}).agg_all();
        for (std::size_t c = 0; c < lo.size(); ++c) {
          // -inf itself can be the minimum: its index is where the fold first saw it.
          const std::int64_t want_lo = lo[c].second < 0 ? 0 : lo[c].second;
          ok = ok && same_or_both_nan(got_min[c], lo[c].first) &&
               same_or_both_nan(got_max[c], hi[c].first) && got_argmin[c] == want_lo &&
               got_argmax[c] == (hi[c].second < 0 ? 0 : hi[c].second);
        }
      }
    }
    EXPECT_TRUE(ok) << m.to_string() << " first NaN " << first_nan << " argmin " << argmin(a)
                    << " argmax " << argmax(a) << " min " << min(a);
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Reductions, DdofAtLeastNGivesInfOrNanNeverNegative) {
  const maps::Map m({testing::world_size(), 1}, {maps::DimDist::block(), maps::DimDist::block()});
  const auto a = DArray<double>::arange({5, 3}, m);
  const auto flat = DArray<double>::full({5, 3}, m, 2.0);
  bool ok = std::isinf(var(a, 15)) && var(a, 15) > 0 && std::isinf(var(a, 20)) &&
            std::isinf(std_dev(a, 16)) && std::isnan(var(flat, 15)) &&
            std::abs(var(a, 14) - 280.0) < 1e-9;  // sum of squares 280 over 15 - 14
  for (int axis = 0; axis < 2; ++axis) {
    const std::int64_t n = axis == 0 ? 5 : 3;
    for (double v : var(a, Axis{axis}, n).agg_all()) ok = ok && std::isinf(v) && v > 0;
    for (double v : var(a, Axis{axis}, n + 4).agg_all()) ok = ok && std::isinf(v) && v > 0;
    for (double v : std_dev(flat, Axis{axis}, n).agg_all()) ok = ok && std::isnan(v);
  }
  EXPECT_TRUE(ok);
  ASSERT_TRUE(all_ranks(ok));
}

TEST(Reductions, IntegerMeanAndVarianceAccumulateInFloat64) {
  const maps::Map m({testing::world_size(), 1}, {maps::DimDist::cyclic(), maps::DimDist::block()});
  // 2^62 in every cell: an int64 sum of 12 overflows, a float64 one does not.
  const std::int64_t big = std::int64_t{1} << 62;
  const auto a = DArray<std::int64_t>::full({4, 3}, m, big);
  const double want = static_cast<double>(big);
  bool ok = pgas::mean(a) == want && var(a) == 0.0 && std_dev(a) == 0.0;
  for (int axis = 0; axis < 2; ++axis) {
    for (double v : pgas::mean(a, Axis{axis}).agg_all()) ok = ok && v == want;
    for (double v : var(a, Axis{axis}).agg_all()) ok = ok && v == 0.0;
  }
  const auto small =
      DArray<std::int32_t>::full({4, 3}, m, std::numeric_limits<std::int32_t>::max());
  ok = ok && pgas::mean(small) == static_cast<double>(std::numeric_limits<std::int32_t>::max()) &&
       sum(small) == 12 * static_cast<std::int64_t>(std::numeric_limits<std::int32_t>::max());
  const auto flags = DArray<bool>::full({4, 3}, m, true);
  ok = ok && pgas::mean(flags) == 1.0 && var(flags) == 0.0 && sum(flags) == 12;
  EXPECT_TRUE(ok) << pgas::mean(a) << " vs " << want;
  ASSERT_TRUE(all_ranks(ok));
}

// Every dtype through the run kernels: arrays long enough for several lanes and blocks.
template <typename T>
class ReductionsEveryType : public ::testing::Test {};
using EveryType = ::testing::Types<double, float, std::int64_t, std::int32_t, std::uint64_t,
                                   std::uint32_t, std::uint16_t, std::uint8_t, bool>;
TYPED_TEST_SUITE(ReductionsEveryType, EveryType);

TYPED_TEST(ReductionsEveryType, LongRunsMatchTheOracle) {
  using T = TypeParam;
  std::mt19937_64 rng(31);
  for (int trial = 0; trial < 8; ++trial) {
    const Shape shape{pick(rng, 1, 40), pick(rng, 1, 700)};
    const maps::Map m = testing::random_map(rng, 2);
    auto d = DArray<double>::randn(shape, m, static_cast<std::uint64_t>(trial) + 7);
    d.apply([](double x) { return std::round(x * 20); });
    const DArray<T> a = cast<T>(d);
    const std::vector<T> all = a.agg_all();
    double s = 0;
    std::int64_t at_lo = 0, at_hi = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      s += static_cast<double>(all[i]);
      if (all[i] < all[static_cast<std::size_t>(at_lo)]) at_lo = static_cast<std::int64_t>(i);
      if (all[i] > all[static_cast<std::size_t>(at_hi)]) at_hi = static_cast<std::int64_t>(i);
    }
    const double n = static_cast<double>(all.size());
    double ss = 0;
    for (T x : all) ss += (static_cast<double>(x) - s / n) * (static_cast<double>(x) - s / n);
    bool ok = std::abs(static_cast<double>(sum(a)) - s) <= 1e-6 * (1 + std::abs(s)) &&
              min(a) == all[static_cast<std::size_t>(at_lo)] &&
              max(a) == all[static_cast<std::size_t>(at_hi)] && argmin(a) == at_lo &&
              argmax(a) == at_hi && close_in<T>(pgas::mean(a), s / n) &&
              close_in<T>(var(a), ss / n);
    for (int axis = 0; axis < 2; ++axis) {
      const auto want_sum = oracle_along(all, shape, axis, 0.0, [](double& acc, T x, std::int64_t) {
        acc += static_cast<double>(x);
      });
      const auto got_sum = sum(a, Axis{axis}).agg_all();
      const auto want_max = oracle_along(all, shape, axis, std::pair<T, std::int64_t>{all[0], -1},
                                         [](std::pair<T, std::int64_t>& acc, T x, std::int64_t k) {
                                           if (acc.second < 0 || x > acc.first) acc = {x, k};
                                         });
      const auto got_max = max(a, Axis{axis}).agg_all();
      const auto got_argmax = argmax(a, Axis{axis}).agg_all();
      for (std::size_t c = 0; c < want_sum.size(); ++c) {
        ok = ok &&
             std::abs(static_cast<double>(got_sum[c]) - want_sum[c]) <=
                 1e-6 * (1 + std::abs(want_sum[c])) &&
             got_max[c] == want_max[c].first && got_argmax[c] == want_max[c].second;
      }
    }
    EXPECT_TRUE(ok) << m.to_string();
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

}  // namespace
}  // namespace pgas
