// The linear models against serial oracles on the whole matrix (every rank): least squares
// and Ridge against the serial normal equations, the minimum-norm answer on duplicated
// columns, ElasticNet's optimality (KKT) conditions, LogisticRegression's zero gradient (both
// solvers agreeing), on several maps of X with y on another map; bad shapes refused on every
// rank.
#include <cmath>
#include <limits>
#include <random>

#include "darray_testing.hpp"
#include "ml_testing.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/linear_model.hpp"

namespace pgas::ml {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;

std::vector<Map> x_maps() {
  return testing_data::x_maps(11);
}

Map y_map() {
  return Map({testing::world_size()}, {DimDist::block_cyclic(5)});
}

using testing_data::to_darray;

struct Data {
  std::int64_t n, d;
  std::vector<double> x, y;
};

Data regression(std::int64_t n, std::int64_t d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  Data s{n, d, std::vector<double>(static_cast<std::size_t>(n * d)),
         std::vector<double>(static_cast<std::size_t>(n))};
  for (auto& v : s.x) v = g(rng) + 2.0;
  for (std::int64_t i = 0; i < n; ++i) {
    double v = 1.5 + 0.3 * g(rng);
    for (std::int64_t j = 0; j < d; ++j) v += double(j + 1) * 0.5 * s.x[i * d + j];
    s.y[i] = v;
  }
  return s;
}

// Serial Gaussian elimination with partial pivoting of a (n x n) w = b.
std::vector<double> solve(std::vector<double> a, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r * n + c]) > std::abs(a[p * n + c])) p = r;
    for (std::size_t j = 0; j < n; ++j) std::swap(a[c * n + j], a[p * n + j]);
    std::swap(b[c], b[p]);
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (std::size_t j = c; j < n; ++j) a[r * n + j] -= f * a[c * n + j];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> w(n);
  for (std::size_t i = n; i-- > 0;) {
    double v = b[i];
    for (std::size_t j = i + 1; j < n; ++j) v -= a[i * n + j] * w[j];
    w[i] = v / a[i * n + i];
  }
  return w;
}

// The serial centred normal equations (G + alpha I) w = X_c^T y_c and the intercept.
std::vector<double> serial_ridge(const Data& s, double alpha, double& intercept) {
  const std::int64_t n = s.n, d = s.d;
  std::vector<double> mx(static_cast<std::size_t>(d), 0.0);
  double my = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < d; ++j) mx[j] += s.x[i * d + j] / double(n);
    my += s.y[i] / double(n);
  }
  std::vector<double> g(static_cast<std::size_t>(d * d), 0.0), q(static_cast<std::size_t>(d), 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < d; ++j) {
      q[j] += (s.x[i * d + j] - mx[j]) * (s.y[i] - my);
      for (std::int64_t l = 0; l < d; ++l)
        g[j * d + l] += (s.x[i * d + j] - mx[j]) * (s.x[i * d + l] - mx[l]);
    }
  for (std::int64_t j = 0; j < d; ++j) g[j * d + j] += alpha;
  std::vector<double> w = solve(g, q);
  intercept = my;
  for (std::int64_t j = 0; j < d; ++j) intercept -= mx[j] * w[j];
  return w;
}

double max_rel(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    m = std::max(m, std::abs(a[i] - b[i]) / std::max(1.0, std::abs(b[i])));
  return m;
}

TEST(LinearRegression, EqualsTheSerialNormalEquationsOnEveryMap) {
  const Data s = regression(157, 4, 3);
  double b0 = 0;
  const std::vector<double> w0 = serial_ridge(s, 0.0, b0);
  for (const Map& m : x_maps()) {
    const auto x = to_darray(s.x, s.n, s.d, m);
    const auto y = to_darray(s.y, y_map());
    const LinearRegressionFit<double> f = linear_regression_fit(x, y, true, 1e-6, false);
    EXPECT_TRUE(all_ranks(max_rel(f.coef, w0) < 1e-9 && std::abs(f.intercept[0] - b0) < 1e-9 &&
                          f.rank == 4 && f.singular.size() == 4));
    const LinearRegressionFit<double> p = linear_regression_fit(x, y, true, 1e-6, true);
    // y increases with every feature: the non-negative solution is the unconstrained one.
    EXPECT_TRUE(all_ranks(max_rel(p.coef, w0) < 1e-8));
  }
}

TEST(LinearRegression, DuplicatedColumnsGetTheMinimumNormSolution) {
  // X = [a, a, b], y = 2a + 3b + 1 exactly: the minimum-norm coefficients are [1, 1, 3].
  std::mt19937_64 rng(8);
  std::normal_distribution<double> g;
  const std::int64_t n = 90;
  Data s{n, 3, std::vector<double>(static_cast<std::size_t>(n * 3)),
         std::vector<double>(static_cast<std::size_t>(n))};
  for (std::int64_t i = 0; i < n; ++i) {
    const double a = g(rng), b = g(rng);
    s.x[i * 3] = a;
    s.x[i * 3 + 1] = a;
    s.x[i * 3 + 2] = b;
    s.y[i] = 2 * a + 3 * b + 1;
  }
  for (const Map& m : x_maps()) {
    const LinearRegressionFit<double> f =
        linear_regression_fit(to_darray(s.x, n, 3, m), to_darray(s.y, y_map()), true, 1e-6, false);
    EXPECT_TRUE(all_ranks(max_rel(f.coef, {1, 1, 3}) < 1e-10 &&
                          std::abs(f.intercept[0] - 1) < 1e-10 && f.rank == 2));
  }
}

TEST(Ridge, CholeskyAndSvdEqualTheSerialSolution) {
  const Data s = regression(120, 5, 4);
  double b0 = 0;
  const std::vector<double> w0 = serial_ridge(s, 7.5, b0);
  for (const Map& m : x_maps()) {
    const auto x = to_darray(s.x, s.n, s.d, m);
    const auto y = to_darray(s.y, y_map());
    for (RidgeSolver solver : {RidgeSolver::automatic, RidgeSolver::cholesky, RidgeSolver::svd}) {
      const RidgeFit<double> f = ridge_fit(x, y, {7.5}, true, solver);
      EXPECT_TRUE(all_ranks(max_rel(f.coef, w0) < 1e-10 && std::abs(f.intercept[0] - b0) < 1e-9 &&
                            f.solver == (solver == RidgeSolver::svd ? "svd" : "cholesky")));
    }
  }
}

TEST(LinearModels, IntegerSampleWeightsEqualRepeatedRows) {
  // Weight 2 is the row twice, weight 0 no row at all: the fit on the expanded data.
  const Data s = regression(50, 4, 21);
  std::vector<double> w(static_cast<std::size_t>(s.n));
  Data big{0, s.d, {}, {}};
  for (std::int64_t i = 0; i < s.n; ++i) {
    w[i] = double(i % 3);
    for (int c = 0; c < int(w[i]); ++c) {
      big.x.insert(big.x.end(), s.x.begin() + i * s.d, s.x.begin() + (i + 1) * s.d);
      big.y.push_back(s.y[i]);
      ++big.n;
    }
  }
  const Map rows({testing::world_size(), 1}, {DimDist::block(), DimDist::block()});
  const auto xb = to_darray(big.x, big.n, big.d, rows);
  const auto yb = to_darray(big.y, y_map());
  const LinearRegressionFit<double> lr_ref = linear_regression_fit(xb, yb, true, 1e-6, false);
  const RidgeFit<double> ridge_ref = ridge_fit(xb, yb, {3.0}, true, RidgeSolver::cholesky);
  const RidgeFit<double> svd_ref = ridge_fit(xb, yb, {3.0}, false, RidgeSolver::svd);
  for (const Map& m : x_maps()) {
    const auto x = to_darray(s.x, s.n, s.d, m);
    const auto y = to_darray(s.y, y_map());
    const auto sw = to_darray(w, Map({testing::world_size()}, {DimDist::cyclic()}));
    const auto lr = linear_regression_fit(x, y, true, 1e-6, false, &sw);
    const auto ridge = ridge_fit(x, y, {3.0}, true, RidgeSolver::cholesky, &sw);
    const auto svd = ridge_fit(x, y, {3.0}, false, RidgeSolver::svd, &sw);
    const bool ok = max_rel(lr.coef, lr_ref.coef) < 1e-9 &&
                    max_rel(lr.intercept, lr_ref.intercept) < 1e-9 &&
                    max_rel(ridge.coef, ridge_ref.coef) < 1e-9 &&
                    max_rel(ridge.intercept, ridge_ref.intercept) < 1e-9 &&
                    max_rel(svd.coef, svd_ref.coef) < 1e-9;
    EXPECT_TRUE(all_ranks(ok)) << max_rel(lr.coef, lr_ref.coef) << " "
                               << max_rel(lr.intercept, lr_ref.intercept) << " "
                               << max_rel(ridge.coef, ridge_ref.coef) << " "
                               << max_rel(svd.coef, svd_ref.coef);
  }
  const auto short_w = to_darray(std::vector<double>(10, 1.0), y_map());
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] {
        ridge_fit(to_darray(s.x, s.n, s.d, rows), to_darray(s.y, y_map()), {1.0}, true,
                  RidgeSolver::automatic, &short_w);
      },
      {"sample_weight must be 1-D"}));
}

TEST(ElasticNet, SatisfiesTheOptimalityConditionsOnEveryMap) {
  const Data s = regression(140, 6, 5);
  const double alpha = 0.3, l1 = 0.7;
  std::vector<double> first;
  for (const Map& m : x_maps()) {
    EnetOptions o;
    o.alpha = alpha;
    o.l1_ratio = l1;
    o.tol = 1e-12;
    o.max_iter = 100000;
    const EnetFit<double> f = enet_fit(to_darray(s.x, s.n, s.d, m), to_darray(s.y, y_map()), o);
    // KKT: (1/n) X_j^T r - alpha (1 - l1) w_j = alpha l1 sign(w_j), |.| <= alpha l1 at 0.
    std::vector<double> r(static_cast<std::size_t>(s.n));
    for (std::int64_t i = 0; i < s.n; ++i) {
      double v = s.y[i] - f.intercept[0];
      for (std::int64_t j = 0; j < s.d; ++j) v -= s.x[i * s.d + j] * f.coef[j];
      r[i] = v;
    }
    bool ok = f.converged[0] && f.dual_gap[0] >= -1e-12;
    for (std::int64_t j = 0; j < s.d; ++j) {
      double c = 0;
      for (std::int64_t i = 0; i < s.n; ++i) c += s.x[i * s.d + j] * r[i] / double(s.n);
      c -= alpha * (1 - l1) * f.coef[j];
      if (f.coef[j] != 0) {
        ok = ok && std::abs(c - alpha * l1 * (f.coef[j] > 0 ? 1 : -1)) < 1e-6;
      } else {
        ok = ok && std::abs(c) <= alpha * l1 + 1e-6;
      }
    }
    double mean_r = 0;
    for (double v : r) mean_r += v / double(s.n);
    ok = ok && std::abs(mean_r) < 1e-9;
    if (first.empty()) first = f.coef;
    EXPECT_TRUE(all_ranks(ok && max_rel(f.coef, first) < 1e-8));
  }
}

// y depends on 8 columns spread over the d (d > 7 keeps them distinct).
Data wide_regression(std::int64_t n, std::int64_t d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  Data s{n, d, std::vector<double>(static_cast<std::size_t>(n * d)),
         std::vector<double>(static_cast<std::size_t>(n))};
  for (auto& v : s.x) v = g(rng) + 1.0;
  for (std::int64_t i = 0; i < n; ++i) {
    double v = 0.5 + 0.1 * g(rng);
    for (std::int64_t j = 0; j < 8; ++j) v += double(j + 1) * s.x[i * d + (j * 7) % d];
    s.y[i] = v;
  }
  return s;
}

TEST(ElasticNet, ProximalGradientReachesTheGramCoordinateDescentOptimum) {
  for (const Data& s : {regression(140, 6, 5), wide_regression(40, 150, 8)}) {
    for (bool positive : {false, true}) {
      EnetOptions o;
      o.alpha = 0.2;
      o.l1_ratio = 0.8;
      o.tol = 1e-13;
      o.max_iter = 200000;
      o.positive = positive;
      o.solver = EnetSolver::gram_cd;
      const EnetFit<double> ref =
          enet_fit(to_darray(s.x, s.n, s.d, x_maps()[0]), to_darray(s.y, y_map()), o);
      o.solver = EnetSolver::proximal_gradient;
      o.tol = 1e-12;
      const std::vector<Map> all = x_maps();
      for (const Map& m : {all[1], all[2], all[4]}) {
        const EnetFit<double> f = enet_fit(to_darray(s.x, s.n, s.d, m), to_darray(s.y, y_map()), o);
        double scale = 1;
        for (double v : ref.coef) scale = std::max(scale, std::abs(v));
        bool ok = f.solver == "proximal_gradient" && f.converged[0] && f.n_iter[0] > 0;
        for (std::int64_t j = 0; j < s.d; ++j) {
          ok = ok && std::abs(f.coef[j] - ref.coef[j]) <= 1e-5 * scale;
          ok = ok && (!positive || f.coef[j] >= 0);
        }
        ok = ok && std::abs(f.intercept[0] - ref.intercept[0]) <= 1e-5 * scale;
        EXPECT_TRUE(all_ranks(ok)) << "d = " << s.d << " positive = " << positive;
      }
    }
  }
}

TEST(ElasticNet, PathEqualsSingleFitsAtEachAlpha) {
  const Data s = wide_regression(60, 30, 12);
  for (EnetSolver solver : {EnetSolver::gram_cd, EnetSolver::proximal_gradient}) {
    EnetOptions o;
    o.l1_ratio = 0.9;
    o.fit_intercept = false;
    o.tol = 1e-13;
    o.max_iter = 200000;
    o.solver = solver;
    const auto x = to_darray(s.x, s.n, s.d, x_maps()[1]);
    const auto y = to_darray(s.y, y_map());
    const EnetPath<double> p = enet_path(x, y, o, {}, 1e-2, 5);
    bool ok = p.alphas.size() == 5 && p.coefs.size() == static_cast<std::size_t>(5 * s.d);
    for (std::size_t i = 1; ok && i < p.alphas.size(); ++i) ok = p.alphas[i] < p.alphas[i - 1];
    // At alpha_max every coefficient is zero.
    for (std::int64_t j = 0; ok && j < s.d; ++j) ok = p.coefs[j * 5] == 0.0;
    for (std::size_t i = 0; ok && i < p.alphas.size(); ++i) {
      o.alpha = p.alphas[i];
      const EnetFit<double> f = enet_fit(x, y, o);
      for (std::int64_t j = 0; j < s.d; ++j) {
        ok = ok && std::abs(f.coef[j] - p.coefs[j * 5 + i]) <= 1e-6 * (1 + std::abs(f.coef[j]));
      }
    }
    EXPECT_TRUE(all_ranks(ok));
  }
  EnetOptions o;
  o.l1_ratio = 0.0;
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { enet_path(to_darray(s.x, s.n, s.d, x_maps()[0]), to_darray(s.y, y_map()), o, {}); },
      {"Automatic alpha grid generation is not supported"}));
}

TEST(LogisticRegression, BothSolversReachAZeroGradient) {
  std::mt19937_64 rng(6);
  std::normal_distribution<double> g;
  const std::int64_t n = 150, d = 3;
  std::vector<double> x(static_cast<std::size_t>(n * d)), y(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    double z = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      x[i * d + j] = g(rng);
      z += x[i * d + j] * double(j + 1);
    }
    y[i] = z + g(rng) > 0.5 ? 2.0 : (z + g(rng) < -1 ? 7.0 : 3.0);
  }
  for (const std::vector<double>& classes :
       {std::vector<double>{2.0, 3.0, 7.0}, std::vector<double>{2.0, 3.0}}) {
    std::vector<double> yy = y;
    if (classes.size() == 2)
      for (double& v : yy) v = v == 7.0 ? 3.0 : v;
    for (const Map& m : x_maps()) {
      LogisticOptions o;
      o.tol = 1e-10;
      o.max_iter = 1000;
      o.C = 0.5;
      const auto xd = to_darray(x, n, d, m);
      const auto yd = to_darray(yy, y_map());
      const LogisticFit<double> a = logistic_fit(xd, yd, classes, o);
      o.solver = LogisticSolver::newton_cholesky;
      const LogisticFit<double> b = logistic_fit(xd, yd, classes, o);
      const auto k = static_cast<std::int64_t>(a.intercept.size());
      // The serial gradient of the mean log-loss + ||W||^2 / (2 C n).
      std::vector<double> grad(static_cast<std::size_t>(k * (d + 1)), 0.0);
      for (std::int64_t i = 0; i < n; ++i) {
        std::vector<double> z(static_cast<std::size_t>(k));
        for (std::int64_t c = 0; c < k; ++c) {
          z[c] = a.intercept[c];
          for (std::int64_t j = 0; j < d; ++j) z[c] += a.coef[c * d + j] * x[i * d + j];
        }
        const int label = static_cast<int>(std::lower_bound(classes.begin(), classes.end(), yy[i]) -
                                           classes.begin());
        std::vector<double> res(static_cast<std::size_t>(k));
        if (k == 1) {
          res[0] = 1 / (1 + std::exp(-z[0])) - (label == 1 ? 1 : 0);
        } else {
          double zmax = *std::max_element(z.begin(), z.end()), sum = 0;
          for (double v : z) sum += std::exp(v - zmax);
          for (std::int64_t c = 0; c < k; ++c)
            res[c] = std::exp(z[c] - zmax) / sum - (c == label ? 1 : 0);
        }
        for (std::int64_t c = 0; c < k; ++c) {
          for (std::int64_t j = 0; j < d; ++j) grad[c * (d + 1) + j] += res[c] * x[i * d + j] / n;
          grad[c * (d + 1) + d] += res[c] / n;
        }
      }
      for (std::int64_t c = 0; c < k; ++c)
        for (std::int64_t j = 0; j < d; ++j) grad[c * (d + 1) + j] += a.coef[c * d + j] / (o.C * n);
      double gmax = 0;
      for (double v : grad) gmax = std::max(gmax, std::abs(v));
      EXPECT_TRUE(all_ranks(a.converged && b.converged && gmax < 1e-8 &&
                            max_rel(a.coef, b.coef) < 1e-6 &&
                            max_rel(a.intercept, b.intercept) < 1e-6))
          << "classes " << classes.size() << " map " << m.grid()[0] << "x" << m.grid()[1]
          << " converged " << a.converged << b.converged << " gmax " << gmax << " diff "
          << max_rel(a.coef, b.coef) << " " << max_rel(a.intercept, b.intercept) << " iters "
          << a.n_iter << " " << b.n_iter;
    }
  }
}

TEST(LinearModels, RefuseMismatchedShapesOnEveryRank) {
  const Data s = regression(40, 3, 9);
  const auto x = to_darray(s.x, s.n, s.d, x_maps()[0]);
  const auto y_short = to_darray(std::vector<double>(s.y.begin(), s.y.begin() + 30), y_map());
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { linear_regression_fit(x, y_short, true, 1e-6, false); }, {"inconsistent numbers"}));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] {
        ridge_fit(x, to_darray(s.y, y_map()), {1.0, 2.0}, true, RidgeSolver::automatic);
      },
      {"Number of targets and number of penalties"}));
  EXPECT_TRUE(testing::throws_on_every_rank<ValueError>(
      [&] { logistic_fit(x, to_darray(s.y, y_map()), {1.0}, LogisticOptions{}); },
      {"at least 2 classes"}));
}

}  // namespace
}  // namespace pgas::ml
