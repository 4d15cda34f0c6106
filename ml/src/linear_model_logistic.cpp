// LogisticRegression: scikit-learn's LinearModelLoss (HalfBinomialLoss for two classes,
// HalfMultinomialLoss otherwise) on the ranks' rows. Each evaluation of loss and gradient (and
// Hessian for newton-cholesky) is one pass over the local rows in cache-sized chunks (the
// chunk gets a column of ones for the intercept, so every product is one GEMM) and one
// reduction; the optimiser then runs on every rank on the same numbers.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "decomposition_detail.hpp"
#include "lbfgs.hpp"
#include "linear_model_detail.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/linalg_error.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/linear_model.hpp"

namespace pgas::ml {

namespace lapack = pgas::linalg::lapack;
using detail::gemm_rows;
using detail::sum_to_all;

namespace {

// log(1 + exp(z)), as scikit-learn's log1pexp (accurate for large |z|).
double log1pexp(double z) {
  if (z <= -37) return std::exp(z);
  if (z <= -2) return std::log1p(std::exp(z));
  if (z <= 18) return std::log(1.0 + std::exp(z));
  if (z <= 33.3) return z + std::exp(-z);
  return z;
}

double expit(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

// The data of one fit: the rank's rows, their class index and weight.
template <typename T>
struct Problem {
  const T* x = nullptr;
  std::int64_t rows = 0, d = 0;
  std::int64_t cols = 0;     // d + fit_intercept
  std::int64_t classes = 2;  // K
  std::int64_t outputs = 1;  // 1 (binary) or K
  std::vector<int> label;
  std::vector<double> weight;
  double weight_sum = 0;
  double l2 = 0;  // 1 / (C sum(weights)); 0 without penalty
  bool fit_intercept = true;
  const comm::Communicator* comm = nullptr;
};

// Loss, gradient and (optionally) Hessian at w (outputs x cols, row-major; the last column the
// intercept with fit_intercept), scaled as scikit-learn's LinearModelLoss: sums / sum(weights)
// plus the L2 term on the coefficients (not the intercept).
template <typename T>
double evaluate(const Problem<T>& p, const std::vector<double>& w, std::vector<double>& grad,
                std::vector<double>* hess) {
  const std::int64_t d = p.d, c = p.cols, m = p.outputs;
  const std::int64_t chunk = std::max<std::int64_t>(64, 16384 / std::max<std::int64_t>(c, 1));
  std::vector<T> wt(w.begin(), w.end());
  std::vector<T> xa(hess ? static_cast<std::size_t>(chunk * c) : 0),
      z(static_cast<std::size_t>(chunk * m)), gz(static_cast<std::size_t>(chunk * m)),
      gw(static_cast<std::size_t>(m * c));
  const std::size_t hsize = static_cast<std::size_t>(m * c * m * c);
  // One buffer for the reduction: loss, gradient, Hessian.
  std::vector<double> acc(1 + static_cast<std::size_t>(m * c) + (hess ? hsize : 0), 0.0);
  double* g_acc = acc.data() + 1;
  double* h_acc = acc.data() + 1 + m * c;
  std::vector<T> scaled(hess ? static_cast<std::size_t>(chunk * c) : 0);
  std::vector<T> hblock(hess ? static_cast<std::size_t>(c * c) : 0);
  std::vector<double> prob(static_cast<std::size_t>(m));
  std::vector<double> hw(hess ? static_cast<std::size_t>(chunk * m * m) : 0);
  double loss = 0;
  for (std::int64_t start = 0; start < p.rows; start += chunk) {
    const std::int64_t r = std::min(chunk, p.rows - start);
    const T* xr = p.x + start * d;
    if (hess) {
      // The Hessian's products want the column of ones: one augmented copy of the chunk.
      for (std::int64_t i = 0; i < r; ++i) {
        std::copy(xr + i * d, xr + (i + 1) * d, xa.data() + i * c);
        if (p.fit_intercept) xa[i * c + d] = T(1);
      }
    }
    // z = X W^T + b: W is the first d columns of wt (row length c).
    gemm_rows('N', 'T', r, m, d, xr, d, wt.data(), c, T(0), z.data(), m);
    if (p.fit_intercept) {
      for (std::int64_t i = 0; i < r; ++i) {
        for (std::int64_t k = 0; k < m; ++k) z[i * m + k] += wt[k * c + d];
      }
    }
    for (std::int64_t i = 0; i < r; ++i) {
      const std::size_t s = static_cast<std::size_t>(start + i);
      const double sw = p.weight[s];
      const int y = p.label[s];
      if (m == 1) {
        const double zi = double(z[i]);
        const double yi = y == 1 ? 1.0 : 0.0;
        // One exp per row: log(1 + e^z) = max(z, 0) + log1p(e^-|z|), expit from the same e.
        const double e = std::exp(-std::abs(zi));
        loss += sw * ((zi > 0 ? zi : 0.0) + std::log1p(e) - yi * zi);
        const double pr = zi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        gz[i] = static_cast<T>(sw * (pr - yi));
        if (hess) hw[i] = sw * pr * (1 - pr);
      } else {
        double zmax = -std::numeric_limits<double>::infinity();
        for (std::int64_t k = 0; k < m; ++k) zmax = std::max(zmax, double(z[i * m + k]));
        double sum = 0;
        for (std::int64_t k = 0; k < m; ++k) {
          prob[k] = std::exp(double(z[i * m + k]) - zmax);
          sum += prob[k];
        }
        loss += sw * (zmax + std::log(sum) - double(z[i * m + y]));
        for (std::int64_t k = 0; k < m; ++k) {
          prob[k] /= sum;
          gz[i * m + k] = static_cast<T>(sw * (prob[k] - (k == y ? 1.0 : 0.0)));
        }
        if (hess) {
          for (std::int64_t k = 0; k < m; ++k) {
            for (std::int64_t l = 0; l < m; ++l) {
              hw[(i * m + k) * m + l] = sw * (prob[k] * ((k == l ? 1.0 : 0.0) - prob[l]));
            }
          }
        }
      }
    }
    // gradient (m x c) += gz^T [X 1]: the coefficients' columns by one GEMM, the intercept's
    // by a column sum.
    gemm_rows('T', 'N', m, d, r, gz.data(), m, xr, d, T(0), gw.data(), c);
    if (p.fit_intercept) {
      for (std::int64_t k = 0; k < m; ++k) {
        T sum(0);
        for (std::int64_t i = 0; i < r; ++i) sum += gz[i * m + k];
        gw[k * c + d] = sum;
      }
    }
    for (std::int64_t i = 0; i < m * c; ++i) g_acc[i] += double(gw[i]);
    if (hess) {
      for (std::int64_t k = 0; k < m; ++k) {
        for (std::int64_t l = k; l < m; ++l) {
          for (std::int64_t i = 0; i < r; ++i) {
            const T h = static_cast<T>(hw[(i * m + k) * m + l]);
            for (std::int64_t j = 0; j < c; ++j) scaled[i * c + j] = h * xa[i * c + j];
          }
          gemm_rows('T', 'N', c, c, r, scaled.data(), c, xa.data(), c, T(0), hblock.data(), c);
          for (std::int64_t a = 0; a < c; ++a) {
            for (std::int64_t b = 0; b < c; ++b) {
              const double v = double(hblock[a * c + b]);
              h_acc[(k * c + a) * (m * c) + (l * c + b)] += v;
              if (l != k) h_acc[(l * c + b) * (m * c) + (k * c + a)] += v;
            }
          }
        }
      }
    }
  }
  acc[0] = loss;
  sum_to_all(acc, *p.comm);

  const double inv = 1.0 / p.weight_sum;
  grad.assign(static_cast<std::size_t>(m * c), 0.0);
  double f = acc[0] * inv, penalty = 0;
  for (std::int64_t k = 0; k < m; ++k) {
    for (std::int64_t j = 0; j < c; ++j) {
      const std::size_t i = static_cast<std::size_t>(k * c + j);
      grad[i] = acc[1 + i] * inv;
      if (j < d) {
        penalty += w[i] * w[i];
        grad[i] += p.l2 * w[i];
      }
    }
  }
  f += 0.5 * p.l2 * penalty;
  if (hess) {
    // sum_to_all may have replaced acc's buffer: h_acc is stale.
    const auto h_begin = acc.begin() + 1 + static_cast<std::ptrdiff_t>(m * c);
    hess->assign(h_begin, h_begin + static_cast<std::ptrdiff_t>(hsize));
    for (double& v : *hess) v *= inv;
    for (std::int64_t k = 0; k < m; ++k) {
      for (std::int64_t j = 0; j < d; ++j) {
        const std::int64_t i = k * c + j;
        (*hess)[static_cast<std::size_t>(i * m * c + i)] += p.l2;
      }
    }
  }
  return f;
}

// The Newton step: h step = -g by Cholesky; the multinomial's h (singular: adding one vector
// to every class changes nothing) or a singular binary one (no penalty, collinear data) by its
// eigenvalues, the null space left out so
// that the step has minimum norm. Local (every rank solves the same system).
std::vector<double> newton_step(const std::vector<double>& h, const std::vector<double>& g,
                                bool try_cholesky) {
  const auto n = static_cast<std::int64_t>(g.size());
  std::vector<double> step(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) step[i] = -g[i];
  if (try_cholesky && detail::cholesky_solve(h, step, n)) return step;
  std::vector<double> a(h), w(static_cast<std::size_t>(n));
  const int ni = static_cast<int>(n);
  double wq = 0;
  int iwq = 0, info = 0;
  lapack::syevd('V', 'L', ni, a.data(), ni, w.data(), &wq, -1, &iwq, -1, &info);
  std::vector<double> work(static_cast<std::size_t>(wq) + 1);
  std::vector<int> iwork(static_cast<std::size_t>(std::max(iwq, 1)));
  lapack::syevd('V', 'L', ni, a.data(), ni, w.data(), work.data(), static_cast<int>(work.size()),
                iwork.data(), static_cast<int>(iwork.size()), &info);
  if (info != 0)
    throw linalg::LinAlgError("LogisticRegression: the Hessian's eigh did not converge");
  const double cut = (w.empty() ? 0.0 : std::abs(w.back())) * 1e3 *
                     std::numeric_limits<double>::epsilon() * static_cast<double>(n);
  std::fill(step.begin(), step.end(), 0.0);
  for (std::int64_t e = 0; e < n; ++e) {
    if (w[e] <= cut) continue;
    double c = 0;
    for (std::int64_t i = 0; i < n; ++i) c -= a[e * n + i] * g[i];
    c /= w[e];
    for (std::int64_t i = 0; i < n; ++i) step[i] += c * a[e * n + i];
  }
  return step;
}

// scikit-learn's NewtonCholeskySolver in outline: Newton steps with a backtracking Armijo line
// search; converged when max |g| <= tol and the Newton decrement 1/2 s^T H s <= tol.
template <typename T>
detail::LbfgsResult newton_minimize(const Problem<T>& p, std::vector<double>& w, double tol,
                                    std::int64_t max_iter) {
  detail::LbfgsResult res;
  std::vector<double> g, h, g_new;
  double f = evaluate(p, w, g, &h);
  res.n_eval = 1;
  for (std::int64_t it = 1; it <= max_iter; ++it) {
    std::vector<double> step(g.size());
    detail::on_root(*p.comm, step, [&] {
      step = newton_step(h, g, p.outputs == 1);
      return true;
    });
    double slope = 0, decrement = 0;
    for (std::size_t i = 0; i < step.size(); ++i) slope += g[i] * step[i];
    for (std::size_t i = 0; i < step.size(); ++i) {
      double hs = 0;
      for (std::size_t j = 0; j < step.size(); ++j) hs += h[i * step.size() + j] * step[j];
      decrement += step[i] * hs;
    }
    double t = 1.0, f_new = f;
    std::vector<double> w_new(w.size());
    bool accepted = false;
    for (int ls = 0; ls < 21; ++ls) {
      for (std::size_t i = 0; i < w.size(); ++i) w_new[i] = w[i] + t * step[i];
      f_new = evaluate(p, w_new, g_new, nullptr);
      ++res.n_eval;
      if (f_new <= f + 1e-4 * t * slope ||
          std::abs(f_new - f) <= 16 * std::numeric_limits<double>::epsilon() * std::abs(f)) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    res.n_iter = it;
    if (!accepted) {
      res.line_search_failed = true;
      break;
    }
    w = w_new;
    double gmax = 0;
    for (double v : g_new) gmax = std::max(gmax, std::abs(v));
    if (gmax <= tol && 0.5 * decrement <= tol) {
      f = evaluate(p, w, g, &h);
      res.converged = true;
      break;
    }
    f = evaluate(p, w, g, &h);
    ++res.n_eval;
  }
  res.f = f;
  return res;
}

}  // namespace

template <typename T>
LogisticFit<T> logistic_fit(const DArray<T>& x, const DArray<double>& y,
                            const std::vector<double>& classes, const LogisticOptions& o) {
  const detail::RowsXY<T, double> r = detail::rows_xy(x, y, "LogisticRegression");
  if (r.k != 1 || y.ndim() != 1) throw ValueError("LogisticRegression: y must be 1-D");
  const auto n_classes = static_cast<std::int64_t>(classes.size());
  if (n_classes < 2) {
    throw ValueError(
        "This solver needs samples of at least 2 classes in the data, but the data "
        "contains only one class");
  }
  if (!o.balanced && !o.class_weight.empty() &&
      static_cast<std::int64_t>(o.class_weight.size()) != n_classes) {
    throw ValueError("LogisticRegression: class_weight needs one weight per class");
  }
  Problem<T> p;
  p.x = r.x.local_data();
  p.rows = r.local_rows();
  p.d = r.d;
  p.fit_intercept = o.fit_intercept;
  p.cols = r.d + (o.fit_intercept ? 1 : 0);
  p.classes = n_classes;
  p.outputs = n_classes == 2 ? 1 : n_classes;
  p.comm = &r.x.context()->comm();
  p.label.resize(static_cast<std::size_t>(p.rows));
  std::vector<double> counts(static_cast<std::size_t>(n_classes), 0.0);
  std::int64_t unknown = 0;
  const double* yl = r.y.local_data();
  for (std::int64_t i = 0; i < p.rows; ++i) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), yl[i]);
    if (it == classes.end() || *it != yl[i]) {
      ++unknown;
      p.label[i] = 0;
      continue;
    }
    p.label[i] = static_cast<int>(it - classes.begin());
    counts[static_cast<std::size_t>(p.label[i])] += 1;
  }
  counts.push_back(static_cast<double>(unknown));
  sum_to_all(counts, *p.comm);
  if (counts.back() > 0) {
    throw ValueError("LogisticRegression: y holds labels that are not among the classes");
  }
  counts.pop_back();
  std::vector<double> cw(static_cast<std::size_t>(n_classes), 1.0);
  if (o.balanced) {
    for (std::int64_t k = 0; k < n_classes; ++k) {
      cw[k] = static_cast<double>(r.n) / (static_cast<double>(n_classes) * counts[k]);
    }
  } else if (!o.class_weight.empty()) {
    cw = o.class_weight;
  }
  p.weight.resize(static_cast<std::size_t>(p.rows));
  for (std::int64_t i = 0; i < p.rows; ++i) p.weight[i] = cw[p.label[i]];
  p.weight_sum = 0;
  for (std::int64_t k = 0; k < n_classes; ++k) p.weight_sum += cw[k] * counts[k];
  if (!(p.weight_sum > 0)) {
    throw ValueError("LogisticRegression: the sample weights sum to zero");
  }
  p.l2 = std::isinf(o.C) ? 0.0 : 1.0 / (o.C * p.weight_sum);

  std::vector<double> w(static_cast<std::size_t>(p.outputs * p.cols), 0.0);
  if (!o.coef_init.empty()) {
    // scikit-learn's warm start: the previous coefficients and intercepts as w0.
    if (static_cast<std::int64_t>(o.coef_init.size()) != p.outputs * p.d ||
        (o.fit_intercept && static_cast<std::int64_t>(o.intercept_init.size()) != p.outputs)) {
      throw ValueError("LogisticRegression: the warm-start coefficients must be (" +
                       std::to_string(p.outputs) + ", " + std::to_string(p.d) + ")");
    }
    for (std::int64_t k = 0; k < p.outputs; ++k) {
      for (std::int64_t j = 0; j < p.d; ++j) w[k * p.cols + j] = o.coef_init[k * p.d + j];
      if (o.fit_intercept) w[k * p.cols + p.d] = o.intercept_init[k];
    }
  }
  detail::LbfgsResult res;
  if (o.solver == LogisticSolver::lbfgs) {
    detail::LbfgsOptions lo;
    lo.max_iter = o.max_iter;
    lo.gtol = o.tol;
    res =
        detail::lbfgs_minimize([&p](const std::vector<double>& v,
                                    std::vector<double>& g) { return evaluate(p, v, g, nullptr); },
                               w, lo);
  } else {
    res = newton_minimize(p, w, o.tol, o.max_iter);
  }
  if (p.outputs > 1) {
    // The multinomial loss is unchanged by adding one vector to every class: report the
    // representative whose classes sum to zero (where lbfgs from zero stays anyway).
    for (std::int64_t j = 0; j < p.cols; ++j) {
      if (j < p.d && p.l2 > 0) continue;
      double mean = 0;
      for (std::int64_t k = 0; k < p.outputs; ++k) mean += w[k * p.cols + j];
      mean /= static_cast<double>(p.outputs);
      for (std::int64_t k = 0; k < p.outputs; ++k) w[k * p.cols + j] -= mean;
    }
  }
  LogisticFit<T> f;
  f.targets = p.outputs;
  f.coef.resize(static_cast<std::size_t>(p.outputs * p.d));
  f.intercept.assign(static_cast<std::size_t>(p.outputs), T(0));
  for (std::int64_t k = 0; k < p.outputs; ++k) {
    for (std::int64_t j = 0; j < p.d; ++j) f.coef[k * p.d + j] = static_cast<T>(w[k * p.cols + j]);
    if (o.fit_intercept) f.intercept[k] = static_cast<T>(w[k * p.cols + p.d]);
  }
  f.n_iter = std::min(res.n_iter, o.max_iter);
  f.converged = res.converged;
  f.line_search_failed = res.line_search_failed;
  return f;
}

template <typename T>
DArray<T> logistic_proba(const DArray<T>& x, const std::vector<T>& coef,
                         const std::vector<T>& intercept, bool log) {
  const DArray<T> z = linear_decision(x, coef, intercept, false);
  const std::int64_t n = z.shape()[0], m = z.shape()[1], l = z.local_shape()[0];
  const std::int64_t k = m == 1 ? 2 : m;
  DArray<T> out({n, k}, z.map(), z.context());
  const T* zi = z.local_data();
  T* o = out.local_data();
  for (std::int64_t i = 0; i < l; ++i) {
    if (m == 1) {
      const double v = double(zi[i]);
      // log expit(v) = -log1pexp(-v), log(1 - expit(v)) = -log1pexp(v)
      o[i * 2] = static_cast<T>(log ? -log1pexp(v) : expit(-v));
      o[i * 2 + 1] = static_cast<T>(log ? -log1pexp(-v) : expit(v));
      continue;
    }
    double zmax = -std::numeric_limits<double>::infinity();
    for (std::int64_t c = 0; c < m; ++c) zmax = std::max(zmax, double(zi[i * m + c]));
    double sum = 0;
    for (std::int64_t c = 0; c < m; ++c) sum += std::exp(double(zi[i * m + c]) - zmax);
    const double lse = zmax + std::log(sum);
    for (std::int64_t c = 0; c < m; ++c) {
      const double lp = double(zi[i * m + c]) - lse;
      o[i * m + c] = static_cast<T>(log ? lp : std::exp(lp));
    }
  }
  return out;
}

template <typename T>
DArray<double> logistic_predict(const DArray<T>& x, const std::vector<T>& coef,
                                const std::vector<T>& intercept,
                                const std::vector<double>& classes) {
  const auto m = static_cast<std::int64_t>(intercept.size());
  if (classes.size() < 2 || (m != 1 && m != static_cast<std::int64_t>(classes.size()))) {
    throw ValueError("LogisticRegression: the model's classes do not match its coefficients");
  }
  const DArray<T> z = linear_decision(x, coef, intercept, false);
  const std::int64_t n = z.shape()[0], l = z.local_shape()[0];
  DArray<double> out({n}, maps::row_map(x.map(), 1), z.context());
  const T* zi = z.local_data();
  double* o = out.local_data();
  for (std::int64_t i = 0; i < l; ++i) {
    std::int64_t best = 0;
    if (m == 1) {
      best = zi[i] > T(0) ? 1 : 0;
    } else {
      for (std::int64_t c = 1; c < m; ++c) {
        if (zi[i * m + c] > zi[i * m + best]) best = c;  // first maximum, as numpy's argmax
      }
    }
    o[i] = classes[static_cast<std::size_t>(best)];
  }
  return out;
}

#define PGAS_ML_LOGISTIC(T)                                                                 \
  template LogisticFit<T> logistic_fit(const DArray<T>&, const DArray<double>&,             \
                                       const std::vector<double>&, const LogisticOptions&); \
  template DArray<T> logistic_proba(const DArray<T>&, const std::vector<T>&,                \
                                    const std::vector<T>&, bool);                           \
  template DArray<double> logistic_predict(const DArray<T>&, const std::vector<T>&,         \
                                           const std::vector<T>&, const std::vector<double>&);
PGAS_ML_LOGISTIC(float)
PGAS_ML_LOGISTIC(double)

}  // namespace pgas::ml
