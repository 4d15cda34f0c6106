// PCA, TruncatedSVD and the scalers against serial oracles on the whole matrix (every rank):
// the exact solvers agree with each other and with the serial covariance (components are its
// eigenvectors with the explained variances as eigenvalues, scikit-learn's sign rule holds),
// the randomized solver finds the exact components of low-rank data on every map, transforms
// land on the row map and invert; scaler statistics equal the serial ones with NaNs left out.
#include <cmath>
#include <limits>
#include <random>

#include "darray_testing.hpp"
#include "ml_testing.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/decomposition.hpp"
#include "pgas/ml/preprocessing.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;

std::vector<Map> maps_for() {
  const int p = testing::world_size();
  std::vector<Map> out{Map({p, 1}, {DimDist::block(), DimDist::block()}),
                       Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
                       Map({1, p}, {DimDist::block(), DimDist::cyclic()}),
                       Map({1, 1}, {DimDist::block(), DimDist::block()}, {p - 1}),
                       Map({p, 1}, {DimDist::block_cyclic(3), DimDist::block()}, {}, {0, 0})};
  std::mt19937_64 rng(5);
  out.push_back(testing::random_map(rng, 2));
  return out;
}

// n x d with a decaying spectrum (distinct variances), rank `rank` when rank < d.
std::vector<double> matrix(std::int64_t n, std::int64_t d, std::int64_t rank, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  const std::int64_t r = std::min(rank, d);
  std::vector<double> a(static_cast<std::size_t>(n * r)), b(static_cast<std::size_t>(r * d));
  for (auto& v : a) v = g(rng);
  for (auto& v : b) v = g(rng);
  std::vector<double> x(static_cast<std::size_t>(n * d), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t l = 0; l < r; ++l)
      for (std::int64_t j = 0; j < d; ++j)
        x[i * d + j] += a[i * r + l] * b[l * d + j] * std::pow(0.6, double(l)) + 3.0 * double(j);
  return x;
}

using testing_data::to_darray;

double max_diff(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

// The serial covariance (ddof 1) of row-major x.
std::vector<double> covariance(const std::vector<double>& x, std::int64_t n, std::int64_t d) {
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0), c(static_cast<std::size_t>(d * d));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j) mean[j] += x[i * d + j] / double(n);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j)
      for (std::int64_t l = 0; l < d; ++l)
        c[j * d + l] += (x[i * d + j] - mean[j]) * (x[i * d + l] - mean[l]) / double(n - 1);
  return c;
}

// Components are eigenvectors of the covariance with the explained variances as eigenvalues,
// orthonormal, with their largest-magnitude entry positive.
bool is_spectrum_of(const PcaModel<double>& m, const std::vector<double>& cov, double tol) {
  const std::int64_t d = m.n_features, k = m.n_components;
  for (std::int64_t c = 0; c < k; ++c) {
    const double* v = m.components.data() + c * d;
    std::int64_t best = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      double cv = 0;
      for (std::int64_t l = 0; l < d; ++l) cv += cov[j * d + l] * v[l];
      if (std::abs(cv - m.explained_variance[c] * v[j]) > tol) return false;
      if (std::abs(v[j]) > std::abs(v[best])) best = j;
    }
    if (v[best] <= 0) return false;
    for (std::int64_t c2 = 0; c2 < k; ++c2) {
      double dot = 0;
      for (std::int64_t j = 0; j < d; ++j) dot += v[j] * m.components[c2 * d + j];
      if (std::abs(dot - (c == c2 ? 1.0 : 0.0)) > 1e-9) return false;
    }
  }
  return true;
}

TEST(Pca, ExactSolversGiveTheSerialSpectrumOnEveryMap) {
  for (const auto& [n, d] : std::vector<std::pair<std::int64_t, std::int64_t>>{{200, 6}, {13, 9}}) {
    const std::vector<double> x = matrix(n, d, d, 7);
    const std::vector<double> cov = covariance(x, n, d);
    for (const Map& m : maps_for()) {
      const DArray<double> xd = to_darray(x, n, d, m);
      PcaOptions full;
      full.solver = PcaSolver::full;
      PcaOptions eigh = full;
      eigh.solver = PcaSolver::covariance_eigh;
      const PcaModel<double> a = pca_fit(xd, full);
      const PcaModel<double> b = pca_fit(xd, eigh);
      const DArray<double> t = pca_transform(xd, a.mean, a.components, a.explained_variance, false);
      const DArray<double> back =
          pca_inverse_transform(t, a.mean, a.components, a.explained_variance, false);
      EXPECT_TRUE(all_ranks(a.n_components == std::min(n, d) && is_spectrum_of(a, cov, 1e-8) &&
                            max_diff(a.components, b.components) < 1e-7 &&
                            t.map() == maps::row_map(m, 2) && max_diff(back.agg_all(), x) < 1e-9));
    }
  }
}

TEST(Pca, RandomizedFindsLowRankComponentsOnEveryMap) {
  const std::int64_t n = 150, d = 20;
  const std::vector<double> x = matrix(n, d, 3, 11);
  PcaOptions o;
  o.components = PcaOptions::Components::count;
  o.count = 3;
  o.solver = PcaSolver::full;
  const PcaModel<double> exact = pca_fit(to_darray(x, n, d, maps_for()[0]), o);
  o.solver = PcaSolver::randomized;
  o.seed = 3;
  for (const Map& m : maps_for()) {
    const PcaModel<double> r = pca_fit(to_darray(x, n, d, m), o);
    EXPECT_TRUE(all_ranks(max_diff(r.components, exact.components) < 1e-8 &&
                          max_diff(r.explained_variance, exact.explained_variance) < 1e-8));
  }
}

TEST(Pca, RefusesOutOfRangeComponentsOnEveryRank) {
  const DArray<double> xd = to_darray(matrix(20, 4, 4, 1), 20, 4, maps_for()[0]);
  PcaOptions o;
  o.components = PcaOptions::Components::count;
  o.count = 5;
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { pca_fit(xd, o); },
                                                        {"n_components=5", "between 0 and"}));
  TruncatedSvdOptions t;
  t.n_components = 4;
  t.algorithm = TruncatedSvdAlgorithm::arpack;
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>([&] { truncated_svd_fit(xd, t); },
                                                        {"0 < k < min"}));
}

TEST(TruncatedSvd, ArpackIsTheExactSvdOfTheUncentredData) {
  const std::int64_t n = 60, d = 7;
  const std::vector<double> x = matrix(n, d, d, 2);
  TruncatedSvdOptions o;
  o.n_components = 3;
  o.algorithm = TruncatedSvdAlgorithm::arpack;
  for (const Map& m : maps_for()) {
    const TruncatedSvdModel<double> f = truncated_svd_fit(to_darray(x, n, d, m), o);
    // ||X v_i|| = s_i and the projection is X v.
    const std::vector<double> t = f.transformed.agg_all();
    bool ok = f.singular_values.size() == 3 && f.transformed.map() == maps::row_map(m, 2);
    for (std::int64_t c = 0; ok && c < 3; ++c) {
      double norm = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        double p = 0;
        for (std::int64_t j = 0; j < d; ++j) p += x[i * d + j] * f.components[c * d + j];
        norm += p * p;
        ok = ok && std::abs(p - t[i * 3 + c]) < 1e-9;
      }
      ok = ok && std::abs(std::sqrt(norm) - f.singular_values[c]) < 1e-9;
    }
    EXPECT_TRUE(all_ranks(ok));
  }
}

TEST(Scalers, StatisticsSkipNaNAndTransformsRoundTrip) {
  const std::int64_t n = 41, d = 5;
  std::vector<double> x = matrix(n, d, d, 9);
  x[3 * d + 1] = std::numeric_limits<double>::quiet_NaN();
  x[17 * d + 1] = std::numeric_limits<double>::quiet_NaN();
  // Serial oracle: column 1 counts n - 2 values.
  std::vector<double> mean(d, 0.0), var(d, 0.0);
  std::vector<std::int64_t> count(d, 0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j)
      if (!std::isnan(x[i * d + j])) {
        mean[j] += x[i * d + j];
        ++count[j];
      }
  for (std::int64_t j = 0; j < d; ++j) mean[j] /= double(count[j]);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j)
      if (!std::isnan(x[i * d + j]))
        var[j] += std::pow(x[i * d + j] - mean[j], 2) / double(count[j]);
  for (const Map& m : maps_for()) {
    const DArray<double> xd = to_darray(x, n, d, m);
    const StandardScalerModel s = standard_scaler_fit(xd, true, true);
    const DArray<double> t = column_affine(xd, s.mean, {}, s.scale, {});
    std::vector<double> scale(d);
    for (std::int64_t j = 0; j < d; ++j) scale[j] = std::sqrt(var[j]);
    const DArray<double> back = column_affine(t, {}, s.scale, {}, s.mean);
    const std::vector<double> b = back.agg_all();
    bool ok = s.n_samples_seen == count && max_diff(s.mean, mean) < 1e-9 &&
              max_diff(s.var, var) < 1e-8 && t.map() == m;
    for (std::size_t i = 0; i < x.size(); ++i) {
      ok = ok && (std::isnan(x[i]) ? std::isnan(b[i]) : std::abs(b[i] - x[i]) < 1e-9);
    }
    const MinMaxScalerModel<double> mm = min_max_scaler_fit(xd, 0.0, 1.0);
    const std::vector<double> u =
        column_affine(xd, {}, std::vector<double>(mm.scale.begin(), mm.scale.end()), {},
                      std::vector<double>(mm.min.begin(), mm.min.end()))
            .agg_all();
    for (std::size_t i = 0; i < u.size(); ++i) {
      ok = ok && (std::isnan(x[i]) || (u[i] > -1e-12 && u[i] < 1 + 1e-12));
    }
    EXPECT_TRUE(all_ranks(ok && scale.size() == s.scale.size() && max_diff(s.scale, scale) < 1e-9));
  }
}

}  // namespace
}  // namespace pgas::ml
