// KMeans against a serial oracle (scikit-learn's Lloyd written out plainly on the whole array,
// every rank) from explicit centres, on random maps; seeded fits give the same model on every
// map; bad input throws on every rank.
#include <cmath>
#include <limits>

#include "darray_testing.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/kmeans.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using maps::Shape;
using testing::all_ranks;
using testing::pick;

struct Serial {
  std::vector<double> centers;
  std::vector<std::int32_t> labels;
  double inertia = 0;
  int n_iter = 0;
};

double sq(const double* a, const double* b, std::int64_t d) {
  double s = 0;
  for (std::int64_t j = 0; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

// scikit-learn's _kmeans_single_lloyd on centred data, with its relocation of empty clusters
// (farthest points first, ties to the smaller row) and the final assignment.
Serial serial_lloyd(std::vector<double> x, std::int64_t n, std::int64_t d, std::vector<double> c,
                    int k, int max_iter, double tol_rel) {
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0), var(static_cast<std::size_t>(d), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j) mean[j] += x[i * d + j] / double(n);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j)
      var[j] += (x[i * d + j] - mean[j]) * (x[i * d + j] - mean[j]) / double(n);
  double mv = 0;
  for (double v : var) mv += v / double(d);
  const double tol = tol_rel * mv;
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j) x[i * d + j] -= mean[j];
  for (int a = 0; a < k; ++a)
    for (std::int64_t j = 0; j < d; ++j) c[a * d + j] -= mean[j];
  auto nearest = [&](std::int64_t i, const std::vector<double>& cs) {
    int best = 0;
    double low = sq(&x[i * d], &cs[0], d);
    for (int a = 1; a < k; ++a) {
      const double v = sq(&x[i * d], &cs[a * d], d);
      if (v < low) low = v, best = a;
    }
    return best;
  };
  Serial out;
  std::vector<std::int32_t> labels(static_cast<std::size_t>(n), -1);
  bool strict = false;
  int it = 0;
  for (; it < max_iter; ++it) {
    std::vector<double> sums(static_cast<std::size_t>(k * d), 0.0),
        w(static_cast<std::size_t>(k), 0.0);
    bool changed = false;
    for (std::int64_t i = 0; i < n; ++i) {
      const int a = nearest(i, c);
      changed = changed || labels[i] != a;
      labels[i] = a;
      for (std::int64_t j = 0; j < d; ++j) sums[a * d + j] += x[i * d + j];
      w[a] += 1;
    }
    std::vector<int> empty;
    for (int a = 0; a < k; ++a)
      if (w[a] == 0) empty.push_back(a);
    if (!empty.empty()) {
      std::vector<std::pair<double, std::int64_t>> far;
      for (std::int64_t i = 0; i < n; ++i)
        far.emplace_back(-sq(&x[i * d], &c[labels[i] * d], d), i);
      std::sort(far.begin(), far.end());
      for (std::size_t e = 0; e < empty.size(); ++e) {
        const std::int64_t i = far[e].second;
        const int from = labels[i], to = empty[e];
        for (std::int64_t j = 0; j < d; ++j) {
          sums[from * d + j] -= x[i * d + j];
          sums[to * d + j] = x[i * d + j];
        }
        w[to] = 1;
        w[from] -= 1;
      }
    }
    double shift = 0;
    std::vector<double> next(static_cast<std::size_t>(k * d));
    for (int a = 0; a < k; ++a)
      for (std::int64_t j = 0; j < d; ++j) {
        next[a * d + j] = sums[a * d + j] / w[a];
        shift += (next[a * d + j] - c[a * d + j]) * (next[a * d + j] - c[a * d + j]);
      }
    c = next;
    if (!changed) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  out.n_iter = std::min(it + 1, max_iter);
  if (!strict)
    for (std::int64_t i = 0; i < n; ++i) labels[i] = nearest(i, c);
  for (std::int64_t i = 0; i < n; ++i) out.inertia += sq(&x[i * d], &c[labels[i] * d], d);
  for (int a = 0; a < k; ++a)
    for (std::int64_t j = 0; j < d; ++j) c[a * d + j] += mean[j];
  out.centers = c;
  out.labels = labels;
  return out;
}

// Blobs: k centres spread by `spread`, unit noise, from counter-based normals (same data on
// every rank count and map).
DArray<double> blobs(std::int64_t n, std::int64_t d, int k, double spread, const Map& m,
                     std::uint64_t seed) {
  auto x = DArray<double>::randn({n, d}, m, seed);
  const std::vector<std::int64_t> rows = x.global_ind(0), cols = x.global_ind(1);
  double* v = x.local_data();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j)
      v[i * cols.size() + j] += spread * double(((rows[i] % k) * 7 + cols[j] * 3) % 5);
  return x;
}

bool near(const std::vector<double>& a, const std::vector<double>& b, double tol) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(std::abs(a[i] - b[i]) <= tol * (1 + std::abs(b[i])))) return false;
  return true;
}

TEST(KMeans, ExplicitInitMatchesTheSerialLloydOnRandomMaps) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const int k = static_cast<int>(pick(rng, 1, 5));
    const Shape shape{pick(rng, k, 60), pick(rng, 1, 4)};
    const Map m = testing::random_map(rng, 2);
    const auto x = blobs(shape[0], shape[1], k, trial % 3 == 0 ? 0.3 : 4.0, m,
                         static_cast<std::uint64_t>(trial));
    const std::vector<double> all = x.agg_all();
    KMeansOptions o;
    o.n_clusters = k;
    o.init = KMeansInit::given;
    // Centres: the first k rows, and now and then one far away, so that its cluster is empty.
    o.init_centers.assign(all.begin(), all.begin() + k * shape[1]);
    if (trial % 4 == 1) o.init_centers[0] = 1e3;
    o.max_iter = trial % 5 == 2 ? 2 : 300;
    o.tol = trial % 2 ? 1e-4 : 0.0;
    const Serial want = serial_lloyd(all, shape[0], shape[1], o.init_centers, k, o.max_iter, o.tol);
    KMeans<double> km(o);
    km.fit(x);
    const std::vector<std::int32_t> labels = km.labels().agg_all();
    const bool ok = near(km.cluster_centers(), want.centers, 1e-9) && labels == want.labels &&
                    std::abs(km.inertia() - want.inertia) <= 1e-9 * (1 + want.inertia) &&
                    km.n_iter() == want.n_iter && km.labels().map() == maps::row_map(x.map(), 1);
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial << " map " << m.to_string() << " n_iter "
                               << km.n_iter() << " vs " << want.n_iter << " inertia "
                               << km.inertia() << " vs " << want.inertia;
    // predict and score on the fitted data agree with the fit; transform with the distances.
    const std::vector<std::int32_t> again = km.predict(x).agg_all();
    const double score = km.score(x);
    const std::vector<double> dist = km.transform(x).agg_all();
    bool dist_ok = dist.size() == static_cast<std::size_t>(shape[0] * k);
    for (std::int64_t i = 0; dist_ok && i < shape[0]; ++i) {
      for (int a = 0; a < k; ++a) {
        const double e =
            std::sqrt(sq(&all[i * shape[1]], &km.cluster_centers()[a * shape[1]], shape[1]));
        dist_ok = dist_ok && std::abs(dist[i * k + a] - e) <= 1e-6 * (1 + e);
      }
    }
    EXPECT_TRUE(all_ranks(again == labels &&
                          std::abs(-score - km.inertia()) <= 1e-8 * (1 + km.inertia()) && dist_ok))
        << "trial " << trial;
  }
}

TEST(KMeans, SeededFitsAreTheSameOnEveryMap) {
  const int p = testing::world_size();
  const std::vector<Map> maps_list{Map({1, 1}, {DimDist::block(), DimDist::block()}, {0}),
                                   Map({p, 1}, {DimDist::block(), DimDist::block()}),
                                   Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
                                   Map({1, p}, {DimDist::block_cyclic(3), DimDist::cyclic()}),
                                   Map({p, 1}, {DimDist::block(), DimDist::block()}, {}, {2, 0})};
  for (KMeansInit init : {KMeansInit::k_means_plus_plus, KMeansInit::random}) {
    KMeansOptions o;
    o.n_clusters = 4;
    o.init = init;
    o.n_init = 3;
    o.seed = 5;
    std::vector<double> centers0;
    std::vector<std::int32_t> labels0;
    for (const Map& m : maps_list) {
      const auto x = blobs(97, 3, 4, 5.0, m, 3);
      KMeans<double> km(o);
      km.fit(x);
      const std::vector<std::int32_t> labels = km.labels().agg_all();
      if (centers0.empty()) {
        centers0 = km.cluster_centers();
        labels0 = labels;
      }
      EXPECT_TRUE(all_ranks(near(km.cluster_centers(), centers0, 1e-10) && labels == labels0))
          << m.to_string();
    }
  }
}

TEST(KMeans, FloatDataAndBadInput) {
  const int p = testing::world_size();
  const Map rows({p, 1}, {DimDist::cyclic(), DimDist::block()});
  auto xf = DArray<float>::randn({40, 2}, rows, 9);
  KMeansOptions o;
  o.n_clusters = 3;
  KMeans<float> kf(o);
  kf.fit(xf);
  EXPECT_TRUE(all_ranks(kf.fitted() && kf.cluster_centers().size() == 6 && kf.inertia() > 0));
  const auto small = DArray<double>::randn({2, 2}, rows, 1);
  KMeans<double> kd(o);
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { kd.fit(small); },
                                                        {"n_samples=2 should be >= n_clusters=3"}));
  EXPECT_TRUE(
      testing::throws_on_every_rank<ValueError>([&] { kd.predict(small); }, {"not fitted"}));
  kd.fit(DArray<double>::randn({9, 2}, rows, 1));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] {
        kd.predict(DArray<double>::randn({9, 3}, rows, 1));
      },
      {"X has 3 features, but KMeans is expecting 2 features as input."}));
  o.n_clusters = 0;
  EXPECT_THROW(KMeans<double>{o}, ValueError);
}

}  // namespace
}  // namespace pgas::ml
