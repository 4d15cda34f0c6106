// GaussianMixture's EM against a serial oracle (scikit-learn's formulas written out plainly on
// the whole array, every rank: two-pass covariances, Cholesky, triangular solve) from explicit
// parameters, on random maps; every covariance type and init gives the same model on every
// map; the MT19937 stream is numpy's; bad input throws on every rank.
#include <cmath>
#include <limits>
#include <random>

#include "darray_testing.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/mixture.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using maps::Shape;
using testing::all_ranks;
using testing::pick;
using Vec = std::vector<double>;

DArray<double> blobs(std::int64_t n, std::int64_t d, int k, const Map& m, std::uint64_t seed) {
  auto x = DArray<double>::randn({n, d}, m, seed);
  const std::vector<std::int64_t> rows = x.global_ind(0), cols = x.global_ind(1);
  double* v = x.local_data();
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j)
      v[i * cols.size() + j] = v[i * cols.size() + j] * (1 + 0.3 * double(cols[j])) +
                               4.0 * double(((rows[i] % k) * 7 + cols[j] * 3) % 5) + 10.0;
  return x;
}

// scikit-learn's EM for 'full', from weights, means and precisions (lower bound, n_iter).
struct Serial {
  Vec weights, means, cov;
  double lower_bound = 0;
  int n_iter = 0;
  bool converged = false;
};

Vec chol_lower(Vec a, std::int64_t d) {
  for (std::int64_t j = 0; j < d; ++j) {
    for (std::int64_t p = 0; p < j; ++p) a[j * d + j] -= a[j * d + p] * a[j * d + p];
    a[j * d + j] = std::sqrt(a[j * d + j]);
    for (std::int64_t i = j + 1; i < d; ++i) {
      for (std::int64_t p = 0; p < j; ++p) a[i * d + j] -= a[i * d + p] * a[j * d + p];
      a[i * d + j] /= a[j * d + j];
    }
    for (std::int64_t i = 0; i < j; ++i) a[i * d + j] = 0;
  }
  return a;
}

Serial serial_full(const Vec& x, std::int64_t n, std::int64_t d, int k, Vec w, Vec mu,
                   const Vec& prec, int max_iter, double tol, double reg) {
  // precision factors U: flip, Cholesky, flip.
  Vec u(static_cast<std::size_t>(k * d * d));
  for (int c = 0; c < k; ++c) {
    Vec f(static_cast<std::size_t>(d * d));
    for (std::int64_t a = 0; a < d; ++a)
      for (std::int64_t b = 0; b < d; ++b)
        f[a * d + b] = prec[c * d * d + (d - 1 - a) * d + (d - 1 - b)];
    f = chol_lower(f, d);
    for (std::int64_t a = 0; a < d; ++a)
      for (std::int64_t b = 0; b < d; ++b)
        u[c * d * d + a * d + b] = f[(d - 1 - a) * d + (d - 1 - b)];
  }
  Serial s;
  double lb = -std::numeric_limits<double>::infinity();
  std::vector<double> resp(static_cast<std::size_t>(n * k));
  for (int it = 1; it <= max_iter; ++it) {
    const double prev = lb;
    double total = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      double mx = -1e300;
      for (int c = 0; c < k; ++c) {
        double q = 0, logdet = 0;
        for (std::int64_t b = 0; b < d; ++b) {
          double y = 0;
          for (std::int64_t a = 0; a < d; ++a)
            y += (x[i * d + a] - mu[c * d + a]) * u[c * d * d + a * d + b];
          q += y * y;
          logdet += std::log(u[c * d * d + b * d + b]);
        }
        resp[i * k + c] =
            -0.5 * (double(d) * std::log(2 * 3.141592653589793) + q) + logdet + std::log(w[c]);
        mx = std::max(mx, resp[i * k + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; ++c) sum += std::exp(resp[i * k + c] - mx);
      const double lse = std::log(sum) + mx;
      total += lse;
      for (int c = 0; c < k; ++c) resp[i * k + c] = std::exp(resp[i * k + c] - lse);
    }
    lb = total / double(n);
    Vec nk(static_cast<std::size_t>(k), 10 * std::numeric_limits<double>::epsilon());
    for (std::int64_t i = 0; i < n; ++i)
      for (int c = 0; c < k; ++c) nk[c] += resp[i * k + c];
    mu.assign(static_cast<std::size_t>(k * d), 0.0);
    for (int c = 0; c < k; ++c) {
      for (std::int64_t a = 0; a < d; ++a) {
        for (std::int64_t i = 0; i < n; ++i) mu[c * d + a] += resp[i * k + c] * x[i * d + a];
        mu[c * d + a] /= nk[c];
      }
    }
    s.cov.assign(static_cast<std::size_t>(k * d * d), 0.0);
    for (int c = 0; c < k; ++c) {
      for (std::int64_t a = 0; a < d; ++a) {
        for (std::int64_t b = 0; b < d; ++b) {
          double v = 0;
          for (std::int64_t i = 0; i < n; ++i)
            v += resp[i * k + c] * (x[i * d + a] - mu[c * d + a]) * (x[i * d + b] - mu[c * d + b]);
          s.cov[c * d * d + a * d + b] = v / nk[c] + (a == b ? reg : 0.0);
        }
      }
      // U = (L^-1)^T.
      Vec l = chol_lower(Vec(s.cov.begin() + c * d * d, s.cov.begin() + (c + 1) * d * d), d);
      for (std::int64_t col = 0; col < d; ++col) {
        for (std::int64_t i = 0; i < d; ++i) {
          double v = i == col ? 1.0 : 0.0;
          for (std::int64_t p = 0; p < i; ++p) v -= l[i * d + p] * u[c * d * d + col * d + p];
          u[c * d * d + col * d + i] = i < col ? 0.0 : v / l[i * d + i];
        }
      }
    }
    double nsum = 0;
    for (double v : nk) nsum += v;
    for (int c = 0; c < k; ++c) w[c] = nk[c] / nsum;
    s.n_iter = it;
    if (std::abs(lb - prev) < tol) {
      s.converged = true;
      break;
    }
  }
  s.weights = w;
  s.means = mu;
  s.lower_bound = lb;
  return s;
}

bool near(const Vec& a, const Vec& b, double tol) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(std::abs(a[i] - b[i]) <= tol * (1 + std::abs(b[i])))) return false;
  return true;
}

// Explicit inits from the data: weights uniform, means = the first k rows, precisions
// identity / spread.
GaussianMixtureInit explicit_init(const Vec& all, std::int64_t d, int k, CovarianceType type) {
  GaussianMixtureInit init;
  init.weights.assign(static_cast<std::size_t>(k), 1.0 / k);
  init.means.assign(all.begin(), all.begin() + k * d);
  const std::int64_t sz = covariance_size(type, k, d);
  init.precisions.assign(static_cast<std::size_t>(sz), 0.0);
  if (type == CovarianceType::full || type == CovarianceType::tied) {
    const int mats = type == CovarianceType::full ? k : 1;
    for (int c = 0; c < mats; ++c)
      for (std::int64_t a = 0; a < d; ++a)
        init.precisions[c * d * d + a * d + a] = 0.05 * double(1 + a);
  } else {
    for (auto& v : init.precisions) v = 0.1;
  }
  return init;
}

TEST(GaussianMixture, FullFromExplicitInitMatchesTheSerialEmOnRandomMaps) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 12; ++trial) {
    const int k = static_cast<int>(pick(rng, 1, 4));
    const Shape shape{pick(rng, k + 5, 80), pick(rng, 1, 4)};
    const Map m = testing::random_map(rng, 2);
    const auto x = blobs(shape[0], shape[1], k, m, static_cast<std::uint64_t>(trial));
    const Vec all = x.agg_all();
    GaussianMixtureOptions o;
    o.n_components = k;
    o.max_iter = trial % 3 == 0 ? 3 : 100;
    o.tol = 1e-6;
    GaussianMixtureInit init = explicit_init(all, shape[1], k, CovarianceType::full);
    const Serial want = serial_full(all, shape[0], shape[1], k, init.weights, init.means,
                                    init.precisions, o.max_iter, o.tol, o.reg_covar);
    const GaussianMixtureRun got = gaussian_mixture_em(x, o, init);
    const bool ok =
        near(got.params.weights, want.weights, 1e-8) && near(got.params.means, want.means, 1e-8) &&
        near(got.params.covariances, want.cov, 1e-7) &&
        std::abs(got.lower_bound - want.lower_bound) <= 1e-9 * (1 + std::abs(want.lower_bound)) &&
        got.n_iter == want.n_iter && got.converged == want.converged;
    ASSERT_TRUE(all_ranks(ok)) << "trial " << trial << " map " << m.to_string() << " n_iter "
                               << got.n_iter << " vs " << want.n_iter << " lb " << got.lower_bound
                               << " vs " << want.lower_bound;
    // The E step of the fitted model: its log-likelihood sum and labels on X's rows.
    const GaussianMixtureEstimate est =
        gaussian_mixture_estimate(x, CovarianceType::full, got.params, true, true, true);
    EXPECT_TRUE(all_ranks(est.labels->map() == maps::row_map(x.map(), 1) &&
                          est.resp->map() == maps::row_map(x.map(), 2) &&
                          std::isfinite(est.log_prob_sum)));
  }
}

Mt19937State numpy_seed(std::uint32_t seed) {  // RandomState(seed)'s state (init_genrand)
  Mt19937State s;
  s.key.resize(624);
  s.key[0] = seed;
  for (std::uint32_t i = 1; i < 624; ++i)
    s.key[i] = 1812433253U * (s.key[i - 1] ^ (s.key[i - 1] >> 30)) + i;
  s.pos = 624;
  return s;
}

TEST(GaussianMixture, EveryTypeAndInitGivesTheSameModelOnEveryMap) {
  const int p = testing::world_size();
  const std::vector<Map> maps_list{Map({1, 1}, {DimDist::block(), DimDist::block()}, {0}),
                                   Map({p, 1}, {DimDist::block(), DimDist::block()}),
                                   Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
                                   Map({1, p}, {DimDist::block_cyclic(3), DimDist::cyclic()}),
                                   Map({p, 1}, {DimDist::block(), DimDist::block()}, {}, {2, 0})};
  for (CovarianceType type : {CovarianceType::full, CovarianceType::tied, CovarianceType::diag,
                              CovarianceType::spherical}) {
    for (int kind = 0; kind < 3; ++kind) {
      Vec first;
      Mt19937State end0;
      for (const Map& m : maps_list) {
        const auto x = blobs(61, 3, 3, m, 9);
        GaussianMixtureOptions o;
        o.n_components = 3;
        o.covariance_type = type;
        GaussianMixtureInit init;
        if (kind == 0) {
          init.resp = GaussianMixtureInit::Resp::random;
          init.random = numpy_seed(7);
        } else if (kind == 1) {
          init.resp = GaussianMixtureInit::Resp::indices;
          init.indices = kmeans_plus_plus_indices(x, 3, 0.3, {0.1, 0.7, 0.5, 0.9, 0.2, 0.6});
        } else {
          init = explicit_init(x.agg_all(), 3, 3, type);
        }
        const GaussianMixtureRun run = gaussian_mixture_em(x, o, init);
        Vec got = run.params.weights;
        for (const Vec* v :
             {&run.params.means, &run.params.covariances, &run.params.precisions_cholesky})
          got.insert(got.end(), v->begin(), v->end());
        got.push_back(run.lower_bound);
        got.push_back(run.n_iter);
        if (first.empty()) {
          first = got;
          end0 = init.random;
        }
        EXPECT_TRUE(all_ranks(near(got, first, 1e-10) && init.random.key == end0.key &&
                              init.random.pos == end0.pos))
            << "type " << int(type) << " init " << kind << " map " << m.to_string();
      }
    }
  }
}

TEST(GaussianMixture, RandomStreamIsNumpys) {
  // numpy: u = RandomState(0).uniform(size=(2, 2)); r = u / u.sum(1)[:, None];
  // (r.sum(0) + 10 eps) / 2 = [0.47970191..., 0.52029809...]: the init weights of 2 rows and
  // 2 components; uniform(size=(n, k)) consumes 2 n k words.
  const Map m({testing::world_size(), 1}, {DimDist::cyclic(), DimDist::block()});
  const auto x = blobs(2, 2, 2, m, 1);
  GaussianMixtureOptions o;
  o.n_components = 2;
  o.max_iter = 0;
  o.covariance_type = CovarianceType::diag;
  o.reg_covar = 1.0;  // two rows per component: keep the covariances positive
  GaussianMixtureInit init;
  init.resp = GaussianMixtureInit::Resp::random;
  init.random = numpy_seed(0);
  const GaussianMixtureRun run = gaussian_mixture_em(x, o, init);
  EXPECT_TRUE(all_ranks(init.random.pos == 8 && run.params.weights.size() == 2 &&
                        std::abs(run.params.weights[0] - 0.47970191) < 1e-8 &&
                        std::abs(run.params.weights[1] - 0.52029809) < 1e-8))
      << run.params.weights[0] << " " << run.params.weights[1];
}

TEST(GaussianMixture, BadInputThrowsOnEveryRank) {
  const Map m({testing::world_size(), 1}, {DimDist::block(), DimDist::block()});
  const auto x = blobs(6, 2, 2, m, 1);
  GaussianMixtureOptions o;
  o.n_components = 7;
  GaussianMixtureInit init = explicit_init(Vec(14 * 2, 1.0), 2, 7, CovarianceType::full);
  EXPECT_TRUE(all_ranks([&] {
    try {
      gaussian_mixture_em(x, o, init);
    } catch (const ValueError&) {
      return true;
    }
    return false;
  }()));
  o.n_components = 2;
  GaussianMixtureInit bad = explicit_init(x.agg_all(), 2, 2, CovarianceType::full);
  bad.precisions[0] = -1;  // not positive definite
  EXPECT_TRUE(all_ranks([&] {
    try {
      gaussian_mixture_em(x, o, bad);
    } catch (const ValueError&) {
      return true;
    }
    return false;
  }()));
  EXPECT_THROW(covariance_type_from("bogus"), ValueError);
}

}  // namespace
}  // namespace pgas::ml
