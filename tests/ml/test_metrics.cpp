// The metrics' reductions (ml/metrics.hpp) against serial oracles on the whole arrays, with
// the two operands on different random maps.
#include <cmath>
#include <set>

#include "darray_testing.hpp"
#include "pgas/ml/metrics.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;
using testing::pick;

DArray<std::int64_t> random_labels(std::int64_t n, int k, const Map& m, std::uint64_t seed) {
  auto y = DArray<std::int64_t>::zeros({n}, m);
  const std::vector<std::int64_t> g = y.global_ind(0);
  for (std::size_t i = 0; i < g.size(); ++i) {
    y.local_data()[i] =
        static_cast<std::int64_t>(counter_uniform(seed, static_cast<std::uint64_t>(g[i])) * k);
  }
  return y;
}

TEST(Metrics, LabelReductionsMatchTheOracle) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 30; ++trial) {
    const std::int64_t n = pick(rng, 1, 40);
    const Map ma = testing::random_map(rng, 1), mb = testing::random_map(rng, 1);
    const auto a = random_labels(n, 4, ma, static_cast<std::uint64_t>(trial));
    const auto b = random_labels(n, 3, mb, static_cast<std::uint64_t>(trial + 100));
    const std::vector<std::int64_t> x = a.agg_all(), y = b.agg_all();
    std::int64_t same = 0;
    for (std::int64_t i = 0; i < n; ++i) same += x[i] == y[i];
    const std::set<std::int64_t> ux(x.begin(), x.end());
    const std::vector<std::int64_t> rows(ux.begin(), ux.end()), cols{0, 2, 5};
    std::vector<std::int64_t> table(rows.size() * cols.size(), 0);
    for (std::int64_t i = 0; i < n; ++i) {
      const auto r = std::lower_bound(rows.begin(), rows.end(), x[i]) - rows.begin();
      const auto c = std::find(cols.begin(), cols.end(), y[i]);
      if (c != cols.end())
        ++table[static_cast<std::size_t>(r) * cols.size() +
                static_cast<std::size_t>(c - cols.begin())];
    }
    const bool ok = count_equal(a, b) == same && unique_values(a) == rows &&
                    contingency(a, b, rows, cols) == table;
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial << " " << ma.to_string() << " "
                               << mb.to_string();
  }
}

TEST(Metrics, RegressionStatsMatchTheOracle) {
  std::mt19937_64 rng(6);
  for (int trial = 0; trial < 30; ++trial) {
    const maps::Shape shape{pick(rng, 1, 30), pick(rng, 1, 3)};
    const Map ma = testing::random_map(rng, 2), mb = testing::random_map(rng, 2);
    const auto t = DArray<double>::randn(shape, ma, static_cast<std::uint64_t>(trial));
    const auto p = DArray<double>::randn(shape, mb, static_cast<std::uint64_t>(trial + 7));
    const std::vector<double> x = t.agg_all(), y = p.agg_all();
    const RegressionStats s = regression_stats(t, p);
    bool ok = s.n == shape[0] && s.sse.size() == static_cast<std::size_t>(shape[1]);
    for (std::int64_t o = 0; ok && o < shape[1]; ++o) {
      double sse = 0, sae = 0, mean = 0, ss = 0;
      for (std::int64_t i = 0; i < shape[0]; ++i) mean += x[i * shape[1] + o] / double(shape[0]);
      for (std::int64_t i = 0; i < shape[0]; ++i) {
        const double e = x[i * shape[1] + o] - y[i * shape[1] + o];
        sse += e * e;
        sae += std::abs(e);
        ss += (x[i * shape[1] + o] - mean) * (x[i * shape[1] + o] - mean);
      }
      const auto k = static_cast<std::size_t>(o);
      ok = std::abs(s.sse[k] - sse) <= 1e-10 * (1 + sse) &&
           std::abs(s.sae[k] - sae) <= 1e-10 * (1 + sae) &&
           std::abs(s.ss_tot[k] - ss) <= 1e-10 * (1 + ss);
    }
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Metrics, SilhouetteMatchesTheOracleAndRejectsOneLabel) {
  const int p = testing::world_size();
  const std::int64_t n = 23, d = 3;
  const Map xm({p, 1}, {DimDist::cyclic(), DimDist::block()});
  const Map lm({1}, {DimDist::block()}, {p - 1});
  const auto x = DArray<double>::randn({n, d}, xm, 4);
  const auto labels = random_labels(n, 3, lm, 8);
  const std::vector<double> all = x.agg_all();
  const std::vector<std::int64_t> lab = labels.agg_all();
  for (const std::vector<std::int64_t>& sample :
       {std::vector<std::int64_t>{}, std::vector<std::int64_t>{0, 3, 4, 9, 10, 15, 20, 22}}) {
    std::vector<std::int64_t> rows = sample;
    if (rows.empty())
      for (std::int64_t i = 0; i < n; ++i) rows.push_back(i);
    std::vector<std::int64_t> freq(3, 0);
    for (std::int64_t i : rows) ++freq[static_cast<std::size_t>(lab[i])];
    double total = 0;
    for (std::int64_t i : rows) {
      std::vector<double> sum(3, 0.0);
      for (std::int64_t j : rows) {
        if (i == j) continue;
        double s = 0;
        for (std::int64_t t = 0; t < d; ++t)
          s += (all[i * d + t] - all[j * d + t]) * (all[i * d + t] - all[j * d + t]);
        sum[static_cast<std::size_t>(lab[j])] += std::sqrt(s);
      }
      const auto own = static_cast<std::size_t>(lab[i]);
      if (freq[own] <= 1) continue;
      const double a = sum[own] / double(freq[own] - 1);
      double b = INFINITY;
      for (std::size_t c = 0; c < 3; ++c)
        if (c != own && freq[c] > 0) b = std::min(b, sum[c] / double(freq[c]));
      total += (b - a) / std::max(a, b);
    }
    const double want = total / double(rows.size());
    EXPECT_TRUE(all_ranks(std::abs(silhouette(x, labels, sample) - want) <= 1e-10));
  }
  const auto one = DArray<std::int64_t>::zeros({n}, lm);
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { silhouette(x, one, {}); },
                                                        {"Number of labels is 1"}));
}

}  // namespace
}  // namespace pgas::ml
