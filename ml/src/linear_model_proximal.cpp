// ElasticNet / Lasso when the d x d Gram matrix does not fit: FISTA on the distributed rows.
// Every iteration applies X_c^T X_c once (two local GEMVs over the rows and one reduction of
// d values). The gradient, the backtracking test and scikit-learn's duality gap are all affine
// in that product, so the momentum point's product is a combination of the last two and the
// gap costs no second reduction.
#include <algorithm>
#include <cmath>

#include "decomposition_detail.hpp"
#include "linear_model_detail.hpp"

namespace pgas::ml::detail {

namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

template <typename T>
CentredNormalProduct<T>::CentredNormalProduct(const RowsXY<T, T>& r,
                                              const std::vector<double>& x_mean, bool centre)
    : r_(r), x_mean_(x_mean), centre_(centre) {}

template <typename T>
void CentredNormalProduct<T>::operator()(const std::vector<double>& u,
                                         std::vector<double>& h) const {
  const std::int64_t d = r_.d, l = r_.local_rows();
  std::vector<T> ut(u.begin(), u.end()), ht(static_cast<std::size_t>(d), T(0));
  const T* x = r_.x.local_data();
  if (d > 0 && l > 0) {
    if (!centre_) {
      std::vector<T> z(static_cast<std::size_t>(l));
      gemm_rows('N', 'N', l, 1, d, x, d, ut.data(), 1, T(0), z.data(), 1);
      gemm_rows('T', 'N', 1, d, l, z.data(), 1, x, d, T(0), ht.data(), d);
    } else {
      // Centred in chunks as centred_stats does (X - mean first, then the products), so that
      // large column means do not cancel in the products.
      const std::int64_t chunk = std::max<std::int64_t>(64, 32768 / d);
      std::vector<T> xc(static_cast<std::size_t>(chunk * d)), z(static_cast<std::size_t>(chunk));
      for (std::int64_t start = 0; start < l; start += chunk) {
        const std::int64_t rows = std::min(chunk, l - start);
        for (std::int64_t i = 0; i < rows; ++i) {
          for (std::int64_t j = 0; j < d; ++j) {
            xc[i * d + j] = static_cast<T>(double(x[(start + i) * d + j]) - x_mean_[j]);
          }
        }
        gemm_rows('N', 'N', rows, 1, d, xc.data(), d, ut.data(), 1, T(0), z.data(), 1);
        gemm_rows('T', 'N', 1, d, rows, z.data(), 1, xc.data(), d, T(1), ht.data(), d);
      }
    }
  }
  h.assign(ht.begin(), ht.end());
  sum_to_all(h, r_.x.context()->comm());
}

template <typename T>
double normal_spectral_norm(const CentredNormalProduct<T>& op, std::int64_t d) {
  if (d == 0) return 0.0;
  // A fixed start, the same on every rank, with no special direction.
  std::vector<double> u(static_cast<std::size_t>(d)), h;
  for (std::int64_t j = 0; j < d; ++j) u[j] = 1.0 + 0.5 * std::sin(1.0 + 3.0 * double(j));
  double norm = std::sqrt(dot(u, u));
  for (double& v : u) v /= norm;
  double estimate = 0;
  for (int it = 0; it < 30; ++it) {
    op(u, h);
    const double next = dot(u, h);  // Rayleigh quotient of the unit vector u
    norm = std::sqrt(dot(h, h));
    if (!(norm > 0)) return 0.0;
    for (std::int64_t j = 0; j < d; ++j) u[j] = h[j] / norm;
    const bool settled = it > 0 && std::abs(next - estimate) <= 1e-3 * next;
    estimate = next;
    if (settled) break;
  }
  return estimate;
}

template <typename T>
EnetSolve enet_proximal(const CentredNormalProduct<T>& op, double& lipschitz,
                        std::vector<double>& w, double alpha, double beta, const double* q,
                        double y_norm2, std::int64_t max_iter, double tol, bool positive) {
  const auto d = static_cast<std::int64_t>(w.size());
  EnetSolve out;
  out.tol = tol * y_norm2;
  std::vector<double> hw, xta(static_cast<std::size_t>(d));
  op(w, hw);
  Gap gp = enet_gap(w, alpha, beta, hw, q, y_norm2, xta, positive);
  out.gap = gp.gap;
  if (gp.gap <= out.tol || !(lipschitz > 0)) {
    // Converged already, or X_c = 0: every w gives the same fit and w = 0 is the optimum.
    if (!(lipschitz > 0)) std::fill(w.begin(), w.end(), 0.0);
    out.converged = gp.gap <= out.tol || !(lipschitz > 0);
    return out;
  }
  std::vector<double> v = w, hv = hw, next(static_cast<std::size_t>(d)), hn, delta(next.size());
  double t = 1.0;
  out.converged = false;
  for (std::int64_t it = 0; it < max_iter; ++it) {
    // Proximal step from v, raising L until the quadratic upper bound holds: with
    // f(w) = 1/2 ||y_c - X_c w||^2, f(next) - f(v) - grad f(v).(next - v) equals
    // 1/2 delta.(X_c^T X_c delta) = 1/2 delta.(hn - hv), free of cancellation.
    for (int tries = 0;; ++tries) {
      const double step = 1.0 / lipschitz, shrink = 1.0 / (1.0 + beta * step);
      for (std::int64_t j = 0; j < d; ++j) {
        const double u = v[j] - step * (hv[j] - q[j]);
        double z;
        if (positive) {
          z = std::max(u - alpha * step, 0.0);
        } else {
          z = std::copysign(std::max(std::abs(u) - alpha * step, 0.0), u);
        }
        next[j] = z * shrink;
        delta[j] = next[j] - v[j];
      }
      op(next, hn);
      double curvature = 0, dd = 0, scale = 0;
      for (std::int64_t j = 0; j < d; ++j) {
        curvature += delta[j] * (hn[j] - hv[j]);
        dd += delta[j] * delta[j];
        scale += hn[j] * hn[j] + hv[j] * hv[j];
      }
      // hn - hv loses digits once the steps are tiny: rounding alone must not raise L.
      const double noise = 1e-12 * std::sqrt(dd * scale);
      if (curvature <= lipschitz * dd * (1.0 + 1e-10) + noise || tries >= 40) break;
      lipschitz *= 1.5;
    }
    // Restart the momentum when it points uphill (the step went against the last move).
    double uphill = 0;
    for (std::int64_t j = 0; j < d; ++j) uphill += (v[j] - next[j]) * (next[j] - w[j]);
    if (uphill > 0) {
      t = 1.0;
      v = next;
      hv = hn;
    } else {
      const double t_next = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
      const double theta = (t - 1.0) / t_next;
      for (std::int64_t j = 0; j < d; ++j) {
        v[j] = next[j] + theta * (next[j] - w[j]);
        hv[j] = hn[j] + theta * (hn[j] - hw[j]);
      }
      t = t_next;
    }
    w.swap(next);
    hw.swap(hn);
    gp = enet_gap(w, alpha, beta, hw, q, y_norm2, xta, positive);
    out.gap = gp.gap;
    out.n_iter = it + 1;
    if (gp.gap <= out.tol) {
      out.converged = true;
      break;
    }
  }
  return out;
}

#define PGAS_ML_PROXIMAL(T)                                                                       \
  template class CentredNormalProduct<T>;                                                         \
  template double normal_spectral_norm(const CentredNormalProduct<T>&, std::int64_t);             \
  template EnetSolve enet_proximal(const CentredNormalProduct<T>&, double&, std::vector<double>&, \
                                   double, double, const double*, double, std::int64_t, double,   \
                                   bool);
PGAS_ML_PROXIMAL(float)
PGAS_ML_PROXIMAL(double)
#undef PGAS_ML_PROXIMAL

}  // namespace pgas::ml::detail
