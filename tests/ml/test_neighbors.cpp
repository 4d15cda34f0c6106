// kNN and DBSCAN (ml/neighbors.hpp, ml/dbscan.hpp) against serial oracles written out plainly
// on the whole arrays (every rank), the data and queries on different random maps; the ring
// pass (ml/src/row_ring.hpp) on its own; bad input throws on every rank.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "../../ml/src/row_ring.hpp"
#include "darray_testing.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/dbscan.hpp"
#include "pgas/ml/neighbors.hpp"

namespace pgas::ml {
namespace {

using maps::Map;
using maps::Shape;
using testing::all_ranks;
using testing::pick;

// The reduced distance (squared for euclidean, sum |d|^p for minkowski): what ranks, so that
// two distances that round to the same value still order as their sums do (as scikit-learn's
// trees rank by their reduced distance).
double reduced(const double* a, const double* b, std::int64_t d, NeighborMetric m, double p) {
  double s = 0;
  for (std::int64_t j = 0; j < d; ++j) {
    const double t = std::abs(a[j] - b[j]);
    switch (m) {
      case NeighborMetric::euclidean:
        s += t * t;
        break;
      case NeighborMetric::manhattan:
        s += t;
        break;
      case NeighborMetric::chebyshev:
        s = std::max(s, t);
        break;
      case NeighborMetric::minkowski:
        s += std::pow(t, p);
        break;
    }
  }
  return s;
}

double from_reduced(double s, NeighborMetric m, double p) {
  return m == NeighborMetric::euclidean   ? std::sqrt(s)
         : m == NeighborMetric::minkowski ? std::pow(s, 1.0 / p)
                                          : s;
}

// The k nearest rows of `train` to each query, ranked by (reduced distance, index); self: skip
// i == j.
void serial_knn(const std::vector<double>& train, std::int64_t n, const std::vector<double>& query,
                std::int64_t nq, std::int64_t d, int k, NeighborMetric m, double p, bool self,
                std::vector<double>& dist, std::vector<std::int64_t>& ind) {
  dist.clear();
  ind.clear();
  for (std::int64_t i = 0; i < nq; ++i) {
    std::vector<std::pair<double, std::int64_t>> all;
    for (std::int64_t j = 0; j < n; ++j) {
      if (self && i == j) continue;
      all.emplace_back(reduced(&query[i * d], &train[j * d], d, m, p), j);
    }
    std::sort(all.begin(), all.end());
    for (int t = 0; t < k; ++t) {
      dist.push_back(from_reduced(all[t].first, m, p));
      ind.push_back(all[t].second);
    }
  }
}

// Integer-valued data now and then, so that exact distance ties occur.
DArray<double> data(const Shape& shape, const Map& m, std::uint64_t seed, bool integers) {
  auto x = DArray<double>::randn(shape, m, seed);
  if (integers) x.apply([](double v) { return std::round(2 * v); });
  return x;
}

TEST(RowRing, EveryBlockVisitsEveryRankAndComesHome) {
  const comm::Communicator world = comm::Communicator::world();
  const int me = world.rank(), p = world.size();
  const std::int64_t mine = (me * 3) % 4;  // some ranks hold nothing
  std::vector<std::int64_t> ids(static_cast<std::size_t>(mine));
  std::vector<double> twice(static_cast<std::size_t>(2 * mine));
  for (std::int64_t i = 0; i < mine; ++i) {
    ids[i] = me * 100 + i;
    twice[2 * i] = twice[2 * i + 1] = double(ids[i]);
  }
  detail::RowRing ring(world, mine);
  std::vector<int> seen;
  bool ok = true;
  ring.pass(
      [&](const detail::RingBlock& b) {
        seen.push_back(b.owner);
        ok = ok && b.owner == ring.owner_at(b.step) && b.rows == (b.owner * 3) % 4;
        for (std::int64_t i = 0; i < b.rows; ++i) {
          ok = ok && b.field<const std::int64_t>(0)[i] == b.owner * 100 + i &&
               b.field<const double>(1)[2 * i + 1] == double(b.owner * 100 + i);
        }
      },
      detail::RingField<const std::int64_t>{ids.data(), 1},
      detail::RingField<const double>{twice.data(), 2});
  std::vector<int> owners = seen;
  std::sort(owners.begin(), owners.end());
  std::vector<int> want(static_cast<std::size_t>(p));
  std::iota(want.begin(), want.end(), 0);
  ok = ok && owners == want && seen[0] == me;
  // circulate: every rank adds 1 to every visiting value; each comes home raised by p.
  ring.circulate(
      [&](const detail::RingBlock& b) {
        for (std::int64_t i = 0; i < b.rows; ++i) b.field<std::int64_t>(0)[i] += 1;
      },
      detail::RingField<std::int64_t>{ids.data(), 1});
  for (std::int64_t i = 0; i < mine; ++i) ok = ok && ids[i] == me * 100 + i + p;
  EXPECT_TRUE(all_ranks(ok));
}

// d from 1 to 12: the direct sums and (from 8 features) the GEMM screen.
TEST(KNeighbors, MatchTheSerialOracleOnRandomMaps) {
  std::mt19937_64 rng(21);
  const NeighborMetric metrics[] = {NeighborMetric::euclidean, NeighborMetric::manhattan,
                                    NeighborMetric::chebyshev, NeighborMetric::minkowski};
  for (int trial = 0; trial < 40; ++trial) {
    const std::int64_t n = pick(rng, 2, 70), nq = pick(rng, 1, 40), d = pick(rng, 1, 12);
    const bool self = trial % 3 == 0;
    const int k = static_cast<int>(pick(rng, 1, std::min<std::int64_t>(n - (self ? 1 : 0), 7)));
    const NeighborMetric metric = metrics[trial % 4];
    const double p = metric == NeighborMetric::minkowski ? 1.5 : 2.0;
    const Map mt = testing::random_map(rng, 2), mq = testing::random_map(rng, 2);
    const auto train = data({n, d}, mt, static_cast<std::uint64_t>(trial), trial % 2 == 1);
    const auto query = data({nq, d}, mq, static_cast<std::uint64_t>(trial + 50), trial % 2 == 1);
    const std::vector<double> t = train.agg_all(), q = self ? t : query.agg_all();
    std::vector<double> want_d;
    std::vector<std::int64_t> want_i;
    serial_knn(t, n, q, self ? n : nq, d, k, metric, p, self, want_d, want_i);
    const KNeighbors<double> got = kneighbors(train, self ? nullptr : &query, k, metric, p);
    const std::vector<double> got_d = got.distances.agg_all();
    const std::vector<std::int64_t> got_i = got.indices.agg_all();
    bool ok = got_i == want_i && got_d.size() == want_d.size() &&
              got.distances.map() == maps::row_map(self ? train.map() : query.map(), 2);
    for (std::size_t i = 0; ok && i < got_d.size(); ++i) {
      ok = std::abs(got_d[i] - want_d[i]) <= 1e-12 * (1 + want_d[i]);
    }
    std::string why;
    for (std::size_t i = 0; i < got_i.size() && i < want_i.size(); ++i) {
      if (got_i[i] != want_i[i] || std::abs(got_d[i] - want_d[i]) > 1e-12 * (1 + want_d[i])) {
        why = "at " + std::to_string(i) + ": " + std::to_string(got_i[i]) + " " +
              std::to_string(got_d[i]) + " vs " + std::to_string(want_i[i]) + " " +
              std::to_string(want_d[i]);
        break;
      }
    }
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial << " train " << mt.to_string() << " query "
                               << mq.to_string() << " d " << d << " k " << k << " " << why;
  }
}

TEST(KNeighbors, ClassifierAndRegressorVoteLikeTheOracle) {
  std::mt19937_64 rng(22);
  for (int trial = 0; trial < 20; ++trial) {
    const std::int64_t n = pick(rng, 6, 60), nq = pick(rng, 1, 30), d = pick(rng, 1, 4);
    const int k = static_cast<int>(pick(rng, 1, 5));
    const Map mt = testing::random_map(rng, 2), my = testing::random_map(rng, 1);
    const auto train = data({n, d}, mt, static_cast<std::uint64_t>(trial), false);
    const auto query =
        data({nq, d}, testing::random_map(rng, 2), static_cast<std::uint64_t>(trial + 9), false);
    auto y = DArray<double>::zeros({n}, my);
    const std::vector<std::int64_t> g = y.global_ind(0);
    for (std::size_t i = 0; i < g.size(); ++i) y.local_data()[i] = double((g[i] * 7) % 3) * 2.5;
    NeighborsOptions o;
    o.n_neighbors = k;
    o.weights = trial % 2 ? NeighborWeights::distance : NeighborWeights::uniform;
    KNeighborsClassifier<double> clf(o);
    clf.fit(train, y);
    KNeighborsRegressor<double> reg(o);
    reg.fit(train, y);
    const std::vector<double> t = train.agg_all(), q = query.agg_all(), yy = y.agg_all();
    std::vector<double> dist;
    std::vector<std::int64_t> ind;
    serial_knn(t, n, q, nq, d, k, NeighborMetric::euclidean, 2, false, dist, ind);
    const std::vector<double> classes = {0.0, 2.5, 5.0};
    std::vector<double> want_label, want_mean;
    for (std::int64_t i = 0; i < nq; ++i) {
      double votes[3] = {0, 0, 0}, num = 0, den = 0;
      bool zero = false;
      for (int j = 0; j < k; ++j) zero = zero || dist[i * k + j] == 0;
      for (int j = 0; j < k; ++j) {
        const double dj = dist[i * k + j];
        const double w = o.weights == NeighborWeights::uniform ? 1.0
                         : zero                                ? (dj == 0 ? 1.0 : 0.0)
                                                               : 1.0 / dj;
        const double label = yy[static_cast<std::size_t>(ind[i * k + j])];
        votes[static_cast<int>(label / 2.5)] += w;
        num += w * label;
        den += w;
      }
      want_label.push_back(classes[std::max_element(votes, votes + 3) - votes]);
      want_mean.push_back(num / den);
    }
    const std::vector<double> label = clf.predict(&query).agg_all();
    const std::vector<double> mean = reg.predict(&query).agg_all();
    bool ok = clf.classes() == classes && label == want_label && mean.size() == want_mean.size();
    for (std::size_t i = 0; ok && i < mean.size(); ++i) {
      ok = std::abs(mean[i] - want_mean[i]) <= 1e-12 * (1 + std::abs(want_mean[i]));
    }
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

// scikit-learn's DBSCAN written out: neighbourhoods, core points, dbscan_inner's search.
std::vector<std::int64_t> serial_dbscan(const std::vector<double>& x, std::int64_t n,
                                        std::int64_t d, double eps, int min_samples,
                                        std::vector<std::int64_t>& core_idx) {
  std::vector<std::vector<std::int64_t>> nb(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::int64_t f = 0; f < d; ++f)
        s += (x[i * d + f] - x[j * d + f]) * (x[i * d + f] - x[j * d + f]);
      if (s <= eps * eps) nb[i].push_back(j);
    }
  }
  std::vector<char> core(static_cast<std::size_t>(n));
  core_idx.clear();
  for (std::int64_t i = 0; i < n; ++i) {
    core[i] = static_cast<std::int64_t>(nb[i].size()) >= min_samples;
    if (core[i]) core_idx.push_back(i);
  }
  std::vector<std::int64_t> labels(static_cast<std::size_t>(n), -1);
  std::int64_t next = 0;
  for (std::int64_t i0 = 0; i0 < n; ++i0) {
    if (labels[i0] != -1 || !core[i0]) continue;
    std::vector<std::int64_t> stack;
    std::int64_t i = i0;
    for (;;) {
      if (labels[i] == -1) {
        labels[i] = next;
        if (core[i]) {
          for (std::int64_t v : nb[i])
            if (labels[v] == -1) stack.push_back(v);
        }
      }
      if (stack.empty()) break;
      i = stack.back();
      stack.pop_back();
    }
    ++next;
  }
  return labels;
}

TEST(DBSCAN, MatchesTheSerialSearchOnRandomMaps) {
  std::mt19937_64 rng(23);
  for (int trial = 0; trial < 30; ++trial) {
    const std::int64_t n = pick(rng, 1, 80), d = pick(rng, 1, 3);
    const Map m = testing::random_map(rng, 2);
    auto x = DArray<double>::randn({n, d}, m, static_cast<std::uint64_t>(trial));
    // Clumps along a line, so that clusters, borders and noise all occur.
    const std::vector<std::int64_t> rows = x.global_ind(0);
    const std::int64_t held = x.local_shape()[1];
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (std::int64_t j = 0; j < held; ++j) {
        x.local_data()[static_cast<std::int64_t>(i) * held + j] += 3.0 * double(rows[i] % 4);
      }
    }
    DBSCANOptions o;
    o.eps = 0.3 + 0.1 * double(trial % 5);
    o.min_samples = static_cast<int>(pick(rng, 1, 5));
    const std::vector<double> all = x.agg_all();
    std::vector<std::int64_t> want_core;
    const std::vector<std::int64_t> want =
        serial_dbscan(all, n, d, o.eps, o.min_samples, want_core);
    const DBSCANResult<double> got = dbscan(x, o);
    bool ok = got.labels.agg_all() == want && got.core_sample_indices == want_core &&
              got.labels.map() == maps::row_map(x.map(), 1) &&
              got.components.size() == want_core.size() * static_cast<std::size_t>(d);
    for (std::size_t c = 0; ok && c < want_core.size(); ++c) {
      for (std::int64_t j = 0; j < d; ++j) {
        ok = got.components[c * d + j] == all[want_core[c] * d + j];
      }
    }
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial << " map " << m.to_string();
  }
}

TEST(KNeighbors, BadInputThrowsOnEveryRank) {
  const Map m({testing::world_size(), 1}, {maps::DimDist::block()});
  const auto x = DArray<double>::randn({10, 3}, m, 1);
  const auto other = DArray<double>::randn({4, 2}, m, 2);
  const auto throws = [](auto&& f) {
    try {
      f();
    } catch (const ValueError&) {
      return true;
    }
    return false;
  };
  EXPECT_TRUE(all_ranks(throws([&] { kneighbors(x, &x, 11, NeighborMetric::euclidean, 2); })));
  EXPECT_TRUE(
      all_ranks(throws([&] { kneighbors<double>(x, nullptr, 10, NeighborMetric::euclidean, 2); })));
  EXPECT_TRUE(all_ranks(throws([&] { kneighbors(x, &other, 1, NeighborMetric::euclidean, 2); })));
  EXPECT_TRUE(all_ranks(throws([&] { kneighbors(x, &x, 0, NeighborMetric::euclidean, 2); })));
  NeighborsOptions o;
  o.n_neighbors = 0;
  EXPECT_TRUE(all_ranks(throws([&] { NearestNeighbors<double> nn(o); })));
  EXPECT_TRUE(all_ranks(throws([&] { NearestNeighbors<double>({}).kneighbors(x); })));
  DBSCANOptions bad;
  bad.eps = 0;
  EXPECT_TRUE(all_ranks(throws([&] { dbscan(x, bad); })));
  bad.eps = 1;
  bad.min_samples = 0;
  EXPECT_TRUE(all_ranks(throws([&] { dbscan(x, bad); })));
}

}  // namespace
}  // namespace pgas::ml
