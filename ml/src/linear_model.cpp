// LinearRegression, Ridge and ElasticNet / Lasso: scikit-learn's _preprocess_data (centre X
// and y on their means, intercept = y_mean - x_mean . coef) followed by its solvers, with the
// distributed part reduced to one TSQR or one reduction of the centred Gram matrix; what is
// left is small and solved on every rank on the same bits.
#include "pgas/ml/linear_model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "decomposition_detail.hpp"
#include "linear_model_detail.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/linalg.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml {

namespace lapack = pgas::linalg::lapack;
using detail::CentredStats;
using detail::gemm_rows;
using detail::RowsXY;
using detail::sum_to_all;

namespace detail {

template <typename T, typename Y>
RowsXY<T, Y> rows_xy(const DArray<T>& x, const DArray<Y>& y, const char* what) {
  if (x.ndim() != 2) {
    throw ValueError(std::string(what) + ": expected a 2-D X, got " + std::to_string(x.ndim()) +
                     "-D");
  }
  if (x.context() != y.context()) {
    throw ValueError(std::string(what) + ": X and y live on different communicators");
  }
  if (y.ndim() < 1 || y.ndim() > 2) {
    throw ValueError(std::string(what) + ": y must be 1-D or 2-D, got " + std::to_string(y.ndim()) +
                     "-D");
  }
  if (y.shape()[0] != x.shape()[0]) {
    throw ValueError("Found input variables with inconsistent numbers of samples: [" +
                     std::to_string(x.shape()[0]) + ", " + std::to_string(y.shape()[0]) + "]");
  }
  RowsXY<T, Y> r{whole_rows(x), DArray<Y>(y), x.shape()[0], x.shape()[1],
                 y.ndim() == 2 ? y.shape()[1] : 1};
  const maps::Map rows = maps::row_map(r.x.map(), y.ndim());
  if (!(y.map() == rows)) r.y = y.remap(rows);
  return r;
}

template <typename T>
std::unique_ptr<std::vector<double>> row_weights(const RowsXY<T, T>& r, const DArray<T>* sw,
                                                 const char* what) {
  if (sw == nullptr) return nullptr;
  if (sw->context() != r.x.context() || sw->ndim() != 1 || sw->shape()[0] != r.n) {
    throw ValueError(std::string(what) + ": sample_weight must be 1-D with " + std::to_string(r.n) +
                     " entries on X's communicator");
  }
  const maps::Map rows = maps::row_map(r.x.map(), 1);
  const DArray<T> on_rows = sw->map() == rows ? DArray<T>(*sw) : sw->remap(rows);
  const T* v = on_rows.local_data();
  auto w = std::make_unique<std::vector<double>>(v, v + on_rows.local_shape()[0]);
  // sqrt of a negative (or non-finite) weight would be silently NaN: refuse it everywhere.
  std::vector<double> bad{0.0};
  for (double x : *w) bad[0] += (x >= 0 && std::isfinite(x)) ? 0.0 : 1.0;
  sum_to_all(bad, r.x.context()->comm());
  if (bad[0] > 0) {
    throw ValueError(std::string(what) +
                     ": Negative or non-finite values in data passed to `sample_weight`");
  }
  return w;
}

template <typename T>
void column_means_xy(const RowsXY<T, T>& r, bool fit_intercept, std::vector<double>& x_mean,
                     std::vector<double>& y_mean, const std::vector<double>* w) {
  const std::int64_t d = r.d, k = r.k, l = r.local_rows();
  x_mean.assign(static_cast<std::size_t>(d), 0.0);
  y_mean.assign(static_cast<std::size_t>(k), 0.0);
  if (!fit_intercept) return;
  std::vector<double> sums(static_cast<std::size_t>(d + k + 1), 0.0);
  const T* x = r.x.local_data();
  const T* y = r.y.local_data();
  for (std::int64_t i = 0; i < l; ++i) {
    const double wi = w == nullptr ? 1.0 : (*w)[i];
    for (std::int64_t j = 0; j < d; ++j) sums[j] += wi * double(x[i * d + j]);
    for (std::int64_t t = 0; t < k; ++t) sums[d + t] += wi * double(y[i * k + t]);
    sums[d + k] += wi;
  }
  sum_to_all(sums, r.x.context()->comm());
  const double n = w == nullptr ? static_cast<double>(r.n) : sums[d + k];
  for (std::int64_t j = 0; j < d; ++j) x_mean[j] = sums[j] / n;
  for (std::int64_t t = 0; t < k; ++t) y_mean[t] = sums[d + t] / n;
}

template <typename T>
CentredStats centred_stats(const RowsXY<T, T>& r, const std::vector<double>& x_mean,
                           const std::vector<double>& y_mean, bool with_gram,
                           const std::vector<double>* w) {
  const std::int64_t d = r.d, k = r.k, l = r.local_rows();
  const std::int64_t chunk = std::max<std::int64_t>(64, 32768 / std::max<std::int64_t>(d, 1));
  std::vector<T> xc(static_cast<std::size_t>(chunk * d)), yc(static_cast<std::size_t>(chunk * k));
  // Accumulated in T across chunks (as scikit-learn's products in X's dtype), then widened.
  std::vector<T> gram(with_gram ? static_cast<std::size_t>(d * d) : 0, T(0));
  std::vector<T> xty(static_cast<std::size_t>(d * k), T(0));
  std::vector<double> yty(static_cast<std::size_t>(k), 0.0);
  const T* x = r.x.local_data();
  const T* y = r.y.local_data();
  const int di = static_cast<int>(d);
  for (std::int64_t start = 0; start < l; start += chunk) {
    const std::int64_t rows = std::min(chunk, l - start);
    for (std::int64_t i = 0; i < rows; ++i) {
      const double sq = w == nullptr ? 1.0 : std::sqrt((*w)[start + i]);
      for (std::int64_t j = 0; j < d; ++j) {
        xc[i * d + j] = static_cast<T>((double(x[(start + i) * d + j]) - x_mean[j]) * sq);
      }
      for (std::int64_t t = 0; t < k; ++t) {
        const double v = (double(y[(start + i) * k + t]) - y_mean[t]) * sq;
        yc[i * k + t] = static_cast<T>(v);
        yty[t] += v * v;
      }
    }
    if (with_gram && d > 0) {
      // Column-major, the chunk is the d x rows matrix of its rows: A A^T = sum of x x^T.
      lapack::syrk('U', 'N', di, static_cast<int>(rows), T(1), xc.data(), di, T(1), gram.data(),
                   di);
    }
    // xty (k x d row-major) += yc^T xc.
    gemm_rows('T', 'N', k, d, rows, yc.data(), k, xc.data(), d, T(1), xty.data(), d);
  }
  CentredStats s;
  std::vector<double> all;
  all.reserve(gram.size() + xty.size() + yty.size());
  all.insert(all.end(), gram.begin(), gram.end());
  all.insert(all.end(), xty.begin(), xty.end());
  all.insert(all.end(), yty.begin(), yty.end());
  sum_to_all(all, r.x.context()->comm());
  const auto g_end = all.begin() + static_cast<std::ptrdiff_t>(gram.size());
  const auto q_end = g_end + static_cast<std::ptrdiff_t>(xty.size());
  s.gram.assign(all.begin(), g_end);
  s.xty.assign(g_end, q_end);
  s.yty.assign(q_end, all.end());
  // syrk filled the upper triangle of the column-major matrix (row-major: the lower one).
  for (std::int64_t i = 0; i < (with_gram ? d : 0); ++i) {
    for (std::int64_t j = i + 1; j < d; ++j) s.gram[i * d + j] = s.gram[j * d + i];
  }
  return s;
}

bool cholesky_solve(std::vector<double> a, std::vector<double>& b, std::int64_t n) {
  if (n == 0) return true;
  const int ni = static_cast<int>(n);
  int info = 0;
  lapack::potrf('L', ni, a.data(), ni, &info);
  if (info != 0) return false;
  lapack::potrs('L', ni, 1, a.data(), ni, b.data(), ni, &info);
  return info == 0;
}

}  // namespace detail

namespace {

// a - mean on whole local rows, each row scaled by sqrt(w_i) when w (its local rows) is given.
template <typename T>
DArray<T> centred_copy(const DArray<T>& a, const std::vector<double>& mean,
                       const std::vector<double>* w = nullptr) {
  DArray<T> out(a.shape(), a.map(), a.context());
  const std::int64_t cols = a.ndim() == 2 ? a.shape()[1] : 1;
  const T* in = a.local_data();
  T* o = out.local_data();
  for (std::int64_t i = 0; i < a.local_shape()[0]; ++i) {
    const double sq = w == nullptr ? 1.0 : std::sqrt((*w)[i]);
    for (std::int64_t j = 0; j < cols; ++j) {
      o[i * cols + j] = static_cast<T>((double(in[i * cols + j]) - mean[j]) * sq);
    }
  }
  return out;
}

template <typename T>
void set_intercept(LinearFit<T>& f, std::int64_t d, const std::vector<double>& x_mean,
                   const std::vector<double>& y_mean, bool fit_intercept) {
  f.intercept.assign(static_cast<std::size_t>(f.targets), T(0));
  if (!fit_intercept) return;
  for (std::int64_t t = 0; t < f.targets; ++t) {
    double v = y_mean[t];
    for (std::int64_t j = 0; j < d; ++j) v -= x_mean[j] * double(f.coef[t * d + j]);
    f.intercept[t] = static_cast<T>(v);
  }
}

// Lawson-Hanson NNLS on the normal equations: min 1/2 w^T G w - q^T w, w >= 0 (scipy's nnls
// works on A itself; the active-set steps are the same, the sub-problems G_PP z = q_P are
// solved by Cholesky, or by the least-squares of the passive block when it is singular).
std::vector<double> nnls_gram(const std::vector<double>& g, const std::vector<double>& q,
                              std::int64_t d, std::int64_t max_iter) {
  std::vector<double> w(static_cast<std::size_t>(d), 0.0), grad(q);
  std::vector<char> passive(static_cast<std::size_t>(d), 0);
  double scale = 0;
  for (double v : g) scale = std::max(scale, std::abs(v));
  const double tol = 10.0 * static_cast<double>(std::max<std::int64_t>(d, 1)) *
                     std::numeric_limits<double>::epsilon() * std::max(scale, 1.0);
  auto solve_passive = [&](std::vector<double>& z) {
    std::vector<std::int64_t> idx;
    for (std::int64_t j = 0; j < d; ++j) {
      if (passive[j]) idx.push_back(j);
    }
    const auto p = static_cast<std::int64_t>(idx.size());
    std::vector<double> a(static_cast<std::size_t>(p * p)), b(static_cast<std::size_t>(p));
    for (std::int64_t i = 0; i < p; ++i) {
      b[i] = q[idx[i]];
      for (std::int64_t j = 0; j < p; ++j) a[i * p + j] = g[idx[i] * d + idx[j]];
    }
    if (!detail::cholesky_solve(a, b, p)) {
      // Singular passive block: its minimum-norm solution through the eigenvalues.
      std::vector<double> w_eig(static_cast<std::size_t>(p));
      double wq = 0;
      int iwq = 0, info = 0;
      const int pi = static_cast<int>(p);
      lapack::syevd('V', 'L', pi, a.data(), pi, w_eig.data(), &wq, -1, &iwq, -1, &info);
      std::vector<double> work(static_cast<std::size_t>(wq) + 1);
      std::vector<int> iwork(static_cast<std::size_t>(std::max(iwq, 1)));
      lapack::syevd('V', 'L', pi, a.data(), pi, w_eig.data(), work.data(),
                    static_cast<int>(work.size()), iwork.data(), static_cast<int>(iwork.size()),
                    &info);
      std::vector<double> rhs(static_cast<std::size_t>(p));
      for (std::int64_t i = 0; i < p; ++i) rhs[i] = q[idx[i]];
      std::fill(b.begin(), b.end(), 0.0);
      const double cut = w_eig.empty() ? 0.0 : w_eig.back() * 1e-12;
      for (std::int64_t e = 0; e < p; ++e) {
        if (w_eig[e] <= cut) continue;
        double c = 0;
        for (std::int64_t i = 0; i < p; ++i) c += a[e * p + i] * rhs[i];
        c /= w_eig[e];
        for (std::int64_t i = 0; i < p; ++i) b[i] += c * a[e * p + i];
      }
    }
    std::fill(z.begin(), z.end(), 0.0);
    for (std::int64_t i = 0; i < p; ++i) z[idx[i]] = b[i];
  };
  std::vector<double> z(static_cast<std::size_t>(d));
  for (std::int64_t it = 0; it < max_iter; ++it) {
    std::int64_t best = -1;
    for (std::int64_t j = 0; j < d; ++j) {
      if (!passive[j] && grad[j] > tol && (best < 0 || grad[j] > grad[best])) best = j;
    }
    if (best < 0) break;
    passive[best] = 1;
    while (true) {
      solve_passive(z);
      bool feasible = true;
      double alpha = 1.0;
      for (std::int64_t j = 0; j < d; ++j) {
        if (passive[j] && z[j] <= 0) {
          feasible = false;
          alpha = std::min(alpha, w[j] / (w[j] - z[j]));
        }
      }
      if (feasible) {
        w = z;
        break;
      }
      for (std::int64_t j = 0; j < d; ++j) {
        w[j] += alpha * (z[j] - w[j]);
        if (passive[j] && w[j] <= tol) {
          passive[j] = 0;
          w[j] = 0;
        }
      }
    }
    for (std::int64_t j = 0; j < d; ++j) {
      double v = q[j];
      for (std::int64_t i = 0; i < d; ++i) v -= g[j * d + i] * w[i];
      grad[j] = v;
    }
  }
  return w;
}

// Ridge through the SVD of the centred X: coef = V diag(1 / (s^2 + alpha)) V^T X^T y over the
// singular values above 1e-15 (scikit-learn's _solve_svd: V diag(s / (s^2 + alpha)) U^T y, with
// U^T y = diag(1/s) V^T X^T y).
template <typename T>
std::vector<T> ridge_svd(const DArray<T>& x_centred, const CentredStats& s,
                         const std::vector<double>& alpha, std::int64_t d, std::int64_t k) {
  const linalg::RightSVD<T> f = linalg::svd_right(x_centred);
  const auto r = static_cast<std::int64_t>(f.s.size());
  std::vector<T> coef(static_cast<std::size_t>(k * d), T(0));
  for (std::int64_t t = 0; t < k; ++t) {
    const double a = alpha.size() == 1 ? alpha[0] : alpha[t];
    std::vector<double> c(static_cast<std::size_t>(d), 0.0);
    for (std::int64_t i = 0; i < r; ++i) {
      const double sv = double(f.s[i]);
      if (!(sv > 1e-15)) continue;
      double proj = 0;
      for (std::int64_t j = 0; j < d; ++j) proj += double(f.vh[i * d + j]) * s.xty[t * d + j];
      proj /= sv * sv + a;
      for (std::int64_t j = 0; j < d; ++j) c[j] += proj * double(f.vh[i * d + j]);
    }
    for (std::int64_t j = 0; j < d; ++j) coef[t * d + j] = static_cast<T>(c[j]);
  }
  return coef;
}

// scikit-learn's rand_r replacement (sklearn/utils/_random.pxd: our_rand_r), so that
// selection='random' visits the features in scikit-learn's order.
std::uint32_t our_rand_r(std::uint32_t& seed) {
  if (seed == 0) seed = 1;  // DEFAULT_SEED
  seed ^= static_cast<std::uint32_t>(seed << 13);
  seed ^= static_cast<std::uint32_t>(seed >> 17);
  seed ^= static_cast<std::uint32_t>(seed << 5);
  return seed % (static_cast<std::uint32_t>(2147483647) + 1u);
}

}  // namespace

// gap_enet_gram of sklearn/linear_model/_cd_fast.pyx (alpha, beta: the n-scaled penalties).
detail::Gap detail::enet_gap(const std::vector<double>& w, double alpha, double beta,
                             const std::vector<double>& qw, const double* q, double y_norm2,
                             std::vector<double>& xta, bool positive) {
  const std::size_t d = w.size();
  double w_l2 = 0, q_w = 0, wqw = 0, w_l1 = 0;
  for (std::size_t j = 0; j < d; ++j) {
    if (beta > 0) w_l2 += w[j] * w[j];
    q_w += w[j] * q[j];
    wqw += w[j] * qw[j];
    w_l1 += std::abs(w[j]);
  }
  const double r_norm2 = y_norm2 + wqw - 2.0 * q_w;
  const double ry = y_norm2 - q_w;
  double dual_norm = 0;
  if (alpha == 0) {
    for (std::size_t j = 0; j < d; ++j) {
      xta[j] = q[j] - qw[j];
      dual_norm += xta[j] * xta[j];
    }
    if (beta == 0) return {dual_norm, dual_norm};
    return {r_norm2 + 0.5 * beta * w_l2 - ry + dual_norm / (2 * beta), dual_norm};
  }
  for (std::size_t j = 0; j < d; ++j) {
    xta[j] = q[j] - qw[j] - beta * w[j];
    const double v = positive ? xta[j] : std::abs(xta[j]);
    if (j == 0 || v > dual_norm) dual_norm = v;
  }
  const double primal = 0.5 * (r_norm2 + beta * w_l2) + alpha * w_l1;
  const double scale = dual_norm > alpha ? alpha / dual_norm : 1.0;
  const double dual = -0.5 * scale * scale * (r_norm2 + beta * w_l2) + scale * ry;
  return {primal - dual, dual_norm};
}

namespace {

using detail::EnetSolve;
using detail::Gap;

// enet_coordinate_descent_gram of _cd_fast.pyx (with its gap-safe screening), on every rank.
EnetSolve enet_cd_gram(std::vector<double>& w, double alpha, double beta,
                       const std::vector<double>& g, const double* q, double y_norm2,
                       std::int64_t max_iter, double tol, std::uint32_t seed, bool random,
                       bool positive) {
  const auto d = static_cast<std::int64_t>(w.size());
  std::vector<double> qw(static_cast<std::size_t>(d), 0.0), xta(static_cast<std::size_t>(d));
  for (std::int64_t i = 0; i < d; ++i) {
    for (std::int64_t j = 0; j < d; ++j) qw[i] += g[i * d + j] * w[j];
  }
  auto axpy_row = [&](double a, std::int64_t j) {
    for (std::int64_t i = 0; i < d; ++i) qw[i] += a * g[j * d + i];
  };
  EnetSolve out;
  const double dw_tol = tol;  // the coefficient-change test uses the caller's tol
  tol *= y_norm2;
  out.tol = tol;
  const bool screening = alpha != 0;
  std::vector<std::uint32_t> active(static_cast<std::size_t>(d));
  std::vector<char> excluded(static_cast<std::size_t>(d), 0);
  std::int64_t n_active = d;
  for (std::int64_t j = 0; j < d; ++j) active[j] = static_cast<std::uint32_t>(j);
  Gap gp = detail::enet_gap(w, alpha, beta, qw, q, y_norm2, xta, positive);
  out.gap = gp.gap;
  if (0 <= gp.gap && gp.gap <= tol) return out;
  auto screen = [&](bool first) {
    const double radius = std::sqrt(2 * std::abs(gp.gap)) / alpha;
    n_active = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      if (first && g[j * d + j] == 0) {
        w[j] = 0;
        excluded[j] = 1;
        continue;
      }
      if (!first && excluded[j]) continue;
      const double xj_theta = xta[j] / std::max(alpha, gp.dual_norm);
      const double dj = (1 - std::abs(xj_theta)) / std::sqrt(g[j * d + j] + beta);
      if (dj <= radius) {
        active[n_active++] = static_cast<std::uint32_t>(j);
        excluded[j] = 0;
      } else {
        if (w[j] != 0) {
          axpy_row(-w[j], j);
          w[j] = 0;
        }
        excluded[j] = 1;
      }
    }
  };
  if (screening) screen(true);
  std::int64_t it = 0;
  bool done = false;
  for (it = 0; it < max_iter; ++it) {
    double w_max = 0, d_w_max = 0;
    for (std::int64_t f = 0; f < n_active; ++f) {
      std::int64_t j =
          random
              ? static_cast<std::int64_t>(our_rand_r(seed) % static_cast<std::uint32_t>(n_active))
              : f;
      if (screening) j = active[j];
      const double gjj = g[j * d + j];
      if (gjj == 0.0) continue;
      const double w_j = w[j];
      const double tmp = q[j] - qw[j] + w_j * gjj;
      if (positive && tmp < 0) {
        w[j] = 0.0;
      } else {
        const double sign = tmp > 0 ? 1.0 : (tmp < 0 ? -1.0 : 0.0);
        w[j] = sign * std::max(std::abs(tmp) - alpha, 0.0) / (gjj + beta);
      }
      if (w[j] != w_j) axpy_row(w[j] - w_j, j);
      d_w_max = std::max(d_w_max, std::abs(w[j] - w_j));
      w_max = std::max(w_max, std::abs(w[j]));
    }
    if (w_max == 0.0 || d_w_max / w_max <= dw_tol || it == max_iter - 1) {
      gp = detail::enet_gap(w, alpha, beta, qw, q, y_norm2, xta, positive);
      out.gap = gp.gap;
      if (gp.gap <= tol) {
        done = true;
        break;
      }
      if (screening) screen(false);
    }
  }
  out.converged = done;
  out.n_iter = done ? it + 1 : max_iter;
  return out;
}

}  // namespace

template <typename T>
LinearRegressionFit<T> linear_regression_fit(const DArray<T>& x, const DArray<T>& y,
                                             bool fit_intercept, double tol, bool positive,
                                             const DArray<T>* sample_weight) {
  const RowsXY<T, T> r = detail::rows_xy(x, y, "LinearRegression");
  const auto sw_rows = detail::row_weights(r, sample_weight, "LinearRegression");
  const std::vector<double>* sw = sw_rows.get();
  std::vector<double> x_mean, y_mean;
  detail::column_means_xy(r, fit_intercept, x_mean, y_mean, sw);
  LinearRegressionFit<T> f;
  f.targets = r.k;
  const std::int64_t d = r.d, k = r.k;
  f.coef.assign(static_cast<std::size_t>(k * d), T(0));
  if (positive) {
    const CentredStats s = detail::centred_stats(r, x_mean, y_mean, true, sw);
    for (std::int64_t t = 0; t < k; ++t) {
      const std::vector<double> q(s.xty.begin() + t * d, s.xty.begin() + (t + 1) * d);
      std::vector<double> w(static_cast<std::size_t>(d));
      detail::on_root(r.x.context()->comm(), w, [&] {
        w = nnls_gram(s.gram, q, d, 3 * d);
        return true;
      });
      for (std::int64_t j = 0; j < d; ++j) f.coef[t * d + j] = static_cast<T>(w[j]);
    }
  } else {
    const DArray<T> xc = centred_copy(r.x, x_mean, sw);
    const DArray<T> yc = centred_copy(r.y, y_mean, sw);
    const linalg::LstsqResult<T> ls = linalg::lstsq(xc, yc, tol);
    const std::vector<T> sol = ls.x.agg_all();  // (d,) or (d, k) row-major: small
    for (std::int64_t j = 0; j < d; ++j) {
      for (std::int64_t t = 0; t < k; ++t) f.coef[t * d + j] = sol[j * k + t];
    }
    f.rank = ls.rank;
    f.singular.assign(ls.s.begin(), ls.s.end());
  }
  set_intercept(f, d, x_mean, y_mean, fit_intercept);
  return f;
}

template <typename T>
RidgeFit<T> ridge_fit(const DArray<T>& x, const DArray<T>& y, const std::vector<double>& alpha,
                      bool fit_intercept, RidgeSolver solver, const DArray<T>* sample_weight) {
  const RowsXY<T, T> r = detail::rows_xy(x, y, "Ridge");
  const auto sw_rows = detail::row_weights(r, sample_weight, "Ridge");
  const std::vector<double>* sw = sw_rows.get();
  const std::int64_t d = r.d, k = r.k;
  if (alpha.size() != 1 && static_cast<std::int64_t>(alpha.size()) != k) {
    throw ValueError("Number of targets and number of penalties do not correspond: " +
                     std::to_string(alpha.size()) + " != " + std::to_string(k));
  }
  for (double a : alpha) {
    if (!(a >= 0)) throw ValueError("Ridge: alpha must be non-negative, got " + std::to_string(a));
  }
  std::vector<double> x_mean, y_mean;
  detail::column_means_xy(r, fit_intercept, x_mean, y_mean, sw);
  RidgeFit<T> f;
  f.targets = k;
  f.coef.assign(static_cast<std::size_t>(k * d), T(0));
  const CentredStats s = detail::centred_stats(r, x_mean, y_mean, solver != RidgeSolver::svd, sw);
  bool use_svd = solver == RidgeSolver::svd;
  if (!use_svd) {
    for (std::int64_t t = 0; t < k && !use_svd; ++t) {
      const double a = alpha.size() == 1 ? alpha[0] : alpha[t];
      std::vector<double> g = s.gram;
      for (std::int64_t j = 0; j < d; ++j) g[j * d + j] += a;
      std::vector<double> b(s.xty.begin() + t * d, s.xty.begin() + (t + 1) * d);
      if (!detail::on_root(r.x.context()->comm(), b,
                           [&] { return detail::cholesky_solve(std::move(g), b, d); })) {
        use_svd = true;
        break;
      }
      for (std::int64_t j = 0; j < d; ++j) f.coef[t * d + j] = static_cast<T>(b[j]);
    }
  }
  f.solver = use_svd ? "svd" : "cholesky";
  if (use_svd) f.coef = ridge_svd(centred_copy(r.x, x_mean, sw), s, alpha, d, k);
  set_intercept(f, d, x_mean, y_mean, fit_intercept);
  return f;
}

namespace {

// What every elastic-net solve of one (X, y) shares: the rows, the means, X_c^T y_c and
// ||y_c||^2, and either the Gram matrix or the Lipschitz estimate of the proximal route.
template <typename T>
struct EnetSetup {
  RowsXY<T, T> r;
  std::vector<double> x_mean, y_mean;
  CentredStats s;
  bool gram = true;
  double lipschitz = 0;
};

template <typename T>
EnetSetup<T> enet_setup(const DArray<T>& x, const DArray<T>& y, const EnetOptions& o,
                        const char* what) {
  EnetSetup<T> e{detail::rows_xy(x, y, what), {}, {}, {}, true, 0.0};
  const std::int64_t d = e.r.d;
  e.gram = o.solver == EnetSolver::gram_cd ||
           (o.solver == EnetSolver::automatic && d <= kEnetGramMaxFeatures);
  detail::column_means_xy(e.r, o.fit_intercept, e.x_mean, e.y_mean);
  e.s = detail::centred_stats(e.r, e.x_mean, e.y_mean, e.gram);
  if (!e.gram) {
    const detail::CentredNormalProduct<T> op(e.r, e.x_mean, o.fit_intercept);
    e.lipschitz = detail::normal_spectral_norm(op, d);
  }
  return e;
}

// One target's solve at the n-scaled penalties l1, l2 from w (the warm start).
template <typename T>
EnetSolve enet_solve(EnetSetup<T>& e, std::int64_t t, double l1, double l2, const EnetOptions& o,
                     std::uint32_t seed, std::vector<double>& w) {
  const std::int64_t d = e.r.d;
  const double* q = e.s.xty.data() + t * d;
  if (e.gram) {
    return enet_cd_gram(w, l1, l2, e.s.gram, q, e.s.yty[t], o.max_iter, o.tol, seed, o.random,
                        o.positive);
  }
  const detail::CentredNormalProduct<T> op(e.r, e.x_mean, o.fit_intercept);
  return detail::enet_proximal(op, e.lipschitz, w, l1, l2, q, e.s.yty[t], o.max_iter, o.tol,
                               o.positive);
}

}  // namespace

template <typename T>
EnetFit<T> enet_fit(const DArray<T>& x, const DArray<T>& y, const EnetOptions& o,
                    const std::vector<T>& coef_init) {
  EnetSetup<T> e = enet_setup(x, y, o, "ElasticNet");
  const std::int64_t d = e.r.d, k = e.r.k;
  if (!coef_init.empty() && static_cast<std::int64_t>(coef_init.size()) != k * d) {
    throw ValueError("ElasticNet: coef_init must have " + std::to_string(k * d) +
                     " entries (targets x features), got " + std::to_string(coef_init.size()));
  }
  const double n = static_cast<double>(e.r.n);
  const double l1 = o.alpha * o.l1_ratio * n, l2 = o.alpha * (1.0 - o.l1_ratio) * n;
  EnetFit<T> f;
  f.targets = k;
  f.solver = e.gram ? "gram_cd" : "proximal_gradient";
  f.coef.assign(static_cast<std::size_t>(k * d), T(0));
  for (std::int64_t t = 0; t < k; ++t) {
    std::vector<double> w(static_cast<std::size_t>(d), 0.0);
    if (!coef_init.empty()) {
      for (std::int64_t j = 0; j < d; ++j) w[j] = double(coef_init[t * d + j]);
    }
    const EnetSolve cd = enet_solve(e, t, l1, l2, o, o.seed, w);
    for (std::int64_t j = 0; j < d; ++j) f.coef[t * d + j] = static_cast<T>(w[j]);
    f.n_iter.push_back(cd.n_iter);
    f.dual_gap.push_back(cd.gap / n);
    f.tol.push_back(cd.tol);
    f.converged.push_back(cd.converged);
  }
  set_intercept(f, d, e.x_mean, e.y_mean, o.fit_intercept);
  return f;
}

template <typename T>
EnetPath<T> enet_path(const DArray<T>& x, const DArray<T>& y, const EnetOptions& o,
                      const std::vector<double>& alphas, double eps, std::int64_t n_alphas,
                      const std::vector<T>& coef_init, const std::vector<std::uint32_t>& seeds) {
  if (y.ndim() != 1) {
    throw ValueError(
        "enet_path: a 2-D y (scikit-learn's multi-task objective) is not supported by pgas.ml; "
        "pass one target at a time");
  }
  if (alphas.empty() && o.l1_ratio == 0) {
    throw ValueError(
        "Automatic alpha grid generation is not supported for l1_ratio=0. Please supply a grid "
        "by providing your estimator with the appropriate `alphas=` argument.");
  }
  if (alphas.empty() && (n_alphas < 1 || !(eps > 0))) {
    throw ValueError("enet_path: n_alphas must be >= 1 and eps > 0");
  }
  for (double a : alphas) {
    if (!(a >= 0)) throw ValueError("enet_path: alphas must be non-negative");
  }
  EnetSetup<T> e = enet_setup(x, y, o, "enet_path");
  const std::int64_t d = e.r.d;
  if (!coef_init.empty() && static_cast<std::int64_t>(coef_init.size()) != d) {
    throw ValueError("enet_path: coef_init must have " + std::to_string(d) + " entries, got " +
                     std::to_string(coef_init.size()));
  }
  const double n = static_cast<double>(e.r.n);
  EnetPath<T> p;
  p.solver = e.gram ? "gram_cd" : "proximal_gradient";
  if (alphas.empty()) {
    // scikit-learn's _alpha_grid: the smallest alpha with w = 0, then a geometric grid.
    double top = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      top = std::max(top, o.positive ? e.s.xty[j] : std::abs(e.s.xty[j]));
    }
    const double alpha_max = top / (n * o.l1_ratio);
    const double resolution = 1e-15;  // np.finfo(np.float64).resolution
    p.alphas.assign(static_cast<std::size_t>(n_alphas), resolution);
    if (alpha_max > resolution) {
      // np.geomspace(alpha_max, alpha_max * eps, n_alphas): NumPy's linspace of the log10s
      // (start + i * step), its end points exact.
      const double lo = std::log10(alpha_max), hi = std::log10(alpha_max * eps);
      const double step = n_alphas > 1 ? (hi - lo) / double(n_alphas - 1) : 0.0;
      for (std::int64_t i = 0; i < n_alphas; ++i) {
        p.alphas[i] = std::pow(10.0, double(i) * step + lo);
      }
      p.alphas.front() = alpha_max;
      if (n_alphas > 1) p.alphas.back() = alpha_max * eps;
    }
  } else {
    p.alphas = alphas;
    if (p.alphas.size() > 1) std::sort(p.alphas.begin(), p.alphas.end(), std::greater<>());
  }
  const auto m = static_cast<std::int64_t>(p.alphas.size());
  if (!seeds.empty() && static_cast<std::int64_t>(seeds.size()) != m) {
    throw ValueError("enet_path: one seed per alpha is needed");
  }
  std::vector<double> w(static_cast<std::size_t>(d), 0.0);
  if (!coef_init.empty()) {
    for (std::int64_t j = 0; j < d; ++j) w[j] = double(coef_init[j]);
  }
  p.coefs.assign(static_cast<std::size_t>(d * m), T(0));
  for (std::int64_t i = 0; i < m; ++i) {
    const double l1 = p.alphas[i] * o.l1_ratio * n, l2 = p.alphas[i] * (1.0 - o.l1_ratio) * n;
    const EnetSolve cd = enet_solve(e, 0, l1, l2, o, seeds.empty() ? o.seed : seeds[i], w);
    for (std::int64_t j = 0; j < d; ++j) p.coefs[j * m + i] = static_cast<T>(w[j]);
    p.dual_gaps.push_back(cd.gap / n);
    p.n_iter.push_back(cd.n_iter);
    p.converged.push_back(cd.converged);
    p.tol.push_back(cd.tol);
  }
  return p;
}

template <typename T>
DArray<T> linear_decision(const DArray<T>& x_in, const std::vector<T>& coef,
                          const std::vector<T>& intercept, bool one_d) {
  if (x_in.ndim() != 2) {
    throw ValueError("linear model: expected a 2-D X, got " + std::to_string(x_in.ndim()) + "-D");
  }
  const std::int64_t d = x_in.shape()[1];
  const auto k = static_cast<std::int64_t>(intercept.size());
  if (k * d != static_cast<std::int64_t>(coef.size()) || (one_d && k != 1)) {
    throw ValueError("X has " + std::to_string(d) + " features, but the linear model has " +
                     std::to_string(k == 0 ? 0 : static_cast<std::int64_t>(coef.size()) / k) +
                     " coefficients per target");
  }
  const DArray<T> x = whole_rows(x_in);
  const std::int64_t n = x.shape()[0], l = x.local_shape()[0];
  DArray<T> out = one_d ? DArray<T>({n}, maps::row_map(x_in.map(), 1), x.context())
                        : DArray<T>({n, k}, maps::row_map(x_in.map(), 2), x.context());
  T* o = out.local_data();
  gemm_rows('N', 'T', l, k, d, x.local_data(), d, coef.data(), d, T(0), o, k);
  for (std::int64_t i = 0; i < l; ++i) {
    for (std::int64_t t = 0; t < k; ++t) o[i * k + t] += intercept[t];
  }
  return out;
}

namespace detail {
#define PGAS_ML_LINEAR_DETAIL(T)                                                                   \
  template RowsXY<T, T> rows_xy(const DArray<T>&, const DArray<T>&, const char*);                  \
  template std::unique_ptr<std::vector<double>> row_weights(const RowsXY<T, T>&, const DArray<T>*, \
                                                            const char*);                          \
  template void column_means_xy(const RowsXY<T, T>&, bool, std::vector<double>&,                   \
                                std::vector<double>&, const std::vector<double>*);                 \
  template CentredStats centred_stats(const RowsXY<T, T>&, const std::vector<double>&,             \
                                      const std::vector<double>&, bool,                            \
                                      const std::vector<double>*);
PGAS_ML_LINEAR_DETAIL(float)
PGAS_ML_LINEAR_DETAIL(double)
#undef PGAS_ML_LINEAR_DETAIL
// LogisticRegression's labels are double whatever X's type.
template RowsXY<float, double> rows_xy(const DArray<float>&, const DArray<double>&, const char*);
}  // namespace detail

#define PGAS_ML_LINEAR(T)                                                                         \
  template LinearRegressionFit<T> linear_regression_fit(const DArray<T>&, const DArray<T>&, bool, \
                                                        double, bool, const DArray<T>*);          \
  template RidgeFit<T> ridge_fit(const DArray<T>&, const DArray<T>&, const std::vector<double>&,  \
                                 bool, RidgeSolver, const DArray<T>*);                            \
  template EnetFit<T> enet_fit(const DArray<T>&, const DArray<T>&, const EnetOptions&,            \
                               const std::vector<T>&);                                            \
  template EnetPath<T> enet_path(const DArray<T>&, const DArray<T>&, const EnetOptions&,          \
                                 const std::vector<double>&, double, std::int64_t,                \
                                 const std::vector<T>&, const std::vector<std::uint32_t>&);       \
  template DArray<T> linear_decision(const DArray<T>&, const std::vector<T>&,                     \
                                     const std::vector<T>&, bool);
PGAS_ML_LINEAR(float)
PGAS_ML_LINEAR(double)

}  // namespace pgas::ml
