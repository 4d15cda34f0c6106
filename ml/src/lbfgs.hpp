// An unconstrained L-BFGS minimiser with scipy's L-BFGS-B stopping rules (max |g| <= gtol, or
// the relative reduction of f below ftol; maxcor = 10 pairs; at most maxls evaluations per
// line search; the first step 1/||g||, then 1) and a strong-Wolfe line search (c1 = 1e-3, c2 =
// 0.9, as L-BFGS-B's dcsrch). Deterministic: every rank running it on the same function
// values takes the same steps. Internal header (docs/dependencies.md says why it is not
// liblbfgsb).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

namespace pgas::ml::detail {

struct LbfgsOptions {
  std::int64_t max_iter = 100;
  double gtol = 1e-4;
  double ftol = 64 * std::numeric_limits<double>::epsilon();
  int memory = 10;
  int max_line_search = 50;
};

struct LbfgsResult {
  std::int64_t n_iter = 0;
  std::int64_t n_eval = 0;
  bool converged = false;
  bool line_search_failed = false;  // no decrease along the direction (rounding at the optimum)
  double f = 0;
};

namespace lbfgs_impl {

inline double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

inline double max_abs(const std::vector<double>& a) {
  double m = 0;
  for (double v : a) m = std::max(m, std::abs(v));
  return m;
}

// The minimiser of the cubic through (a, fa, da) and (b, fb, db), or the midpoint when it is
// not defined or falls outside the middle 80% of [a, b].
inline double cubic_step(double a, double fa, double da, double b, double fb, double db) {
  const double lo = std::min(a, b), hi = std::max(a, b), width = hi - lo;
  const double d1 = da + db - 3 * (fa - fb) / (a - b);
  const double disc = d1 * d1 - da * db;
  double t = 0.5 * (a + b);
  if (disc >= 0) {
    const double d2 = (b > a ? 1.0 : -1.0) * std::sqrt(disc);
    const double denom = db - da + 2 * d2;
    if (denom != 0) t = b - (b - a) * (db + d2 - d1) / denom;
  }
  if (!(t >= lo + 0.1 * width && t <= hi - 0.1 * width)) t = 0.5 * (a + b);
  return t;
}

}  // namespace lbfgs_impl

/// Minimises fun over x (in place). fun(x, grad) returns f(x) and writes its gradient.
template <typename F>
LbfgsResult lbfgs_minimize(F&& fun, std::vector<double>& x, const LbfgsOptions& o) {
  using lbfgs_impl::dot;
  using lbfgs_impl::max_abs;
  const std::size_t n = x.size();
  LbfgsResult res;
  std::vector<double> g(n), d(n), x_new(n), g_new(n);
  double f = fun(x, g);
  res.n_eval = 1;
  res.f = f;
  if (max_abs(g) <= o.gtol) {
    res.converged = true;
    return res;
  }
  std::deque<std::vector<double>> s_list, y_list;
  std::deque<double> rho_list;
  for (std::int64_t it = 1; it <= o.max_iter; ++it) {
    // Two-loop recursion: d = -H g.
    for (std::size_t i = 0; i < n; ++i) d[i] = -g[i];
    const std::size_t m = s_list.size();
    std::vector<double> alpha(m);
    for (std::size_t i = m; i-- > 0;) {
      alpha[i] = rho_list[i] * dot(s_list[i], d);
      for (std::size_t j = 0; j < n; ++j) d[j] -= alpha[i] * y_list[i][j];
    }
    if (m > 0) {
      const double gamma = dot(s_list.back(), y_list.back()) / dot(y_list.back(), y_list.back());
      for (double& v : d) v *= gamma;
    }
    for (std::size_t i = 0; i < m; ++i) {
      const double beta = rho_list[i] * dot(y_list[i], d);
      for (std::size_t j = 0; j < n; ++j) d[j] += (alpha[i] - beta) * s_list[i][j];
    }
    double dphi0 = dot(g, d);
    if (!(dphi0 < 0)) {  // not a descent direction (round-off): restart from steepest descent
      s_list.clear();
      y_list.clear();
      rho_list.clear();
      for (std::size_t i = 0; i < n; ++i) d[i] = -g[i];
      dphi0 = dot(g, d);
    }
    const double f0 = f;
    double step = m == 0 ? std::min(1.0 / std::sqrt(dot(g, g)), 1e10) : 1.0;
    // Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6).
    const double c1 = 1e-3, c2 = 0.9;
    double a_prev = 0, f_prev = f0, dphi_prev = dphi0;
    bool found = false;
    double f_best = f0, a_best = 0;
    std::vector<double> g_best = g;
    int evals = 0;
    double a_last = 0, f_last = f0;
    auto evaluate = [&](double a, double& fa, double& da) {
      for (std::size_t i = 0; i < n; ++i) x_new[i] = x[i] + a * d[i];
      fa = fun(x_new, g_new);
      a_last = a;
      f_last = fa;
      da = dot(g_new, d);
      ++evals;
      ++res.n_eval;
      if (fa < f_best) {
        f_best = fa;
        a_best = a;
        g_best = g_new;
      }
    };
    auto zoom = [&](double lo, double f_lo, double d_lo, double hi, double f_hi, double d_hi) {
      while (evals < o.max_line_search) {
        const double a = lbfgs_impl::cubic_step(lo, f_lo, d_lo, hi, f_hi, d_hi);
        double fa = 0, da = 0;
        evaluate(a, fa, da);
        if (fa > f0 + c1 * a * dphi0 || fa >= f_lo) {
          hi = a;
          f_hi = fa;
          d_hi = da;
        } else {
          if (std::abs(da) <= -c2 * dphi0) return true;
          if (da * (hi - lo) >= 0) {
            hi = lo;
            f_hi = f_lo;
            d_hi = d_lo;
          }
          lo = a;
          f_lo = fa;
          d_lo = da;
        }
        if (std::abs(hi - lo) <= 1e-16 * std::max(1.0, std::abs(lo))) break;
      }
      return false;
    };
    while (evals < o.max_line_search) {
      double fa = 0, da = 0;
      evaluate(step, fa, da);
      if (fa > f0 + c1 * step * dphi0 || (evals > 1 && fa >= f_prev)) {
        found = zoom(a_prev, f_prev, dphi_prev, step, fa, da);
        break;
      }
      if (std::abs(da) <= -c2 * dphi0) {
        found = true;
        break;
      }
      if (da >= 0) {
        found = zoom(step, fa, da, a_prev, f_prev, dphi_prev);
        break;
      }
      a_prev = step;
      f_prev = fa;
      dphi_prev = da;
      step *= 2;
    }
    // The accepted point is the last evaluated when the search succeeded, else the best seen.
    if (found) {
      a_best = a_last;
      f_best = f_last;
      g_best = g_new;
    }
    if (!(f_best < f0)) {  // no decrease at all: stop (scipy: ABNORMAL_TERMINATION_IN_LNSRCH)
      res.n_iter = it;
      res.line_search_failed = true;
      break;
    }
    std::vector<double> s(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double xi = x[i] + a_best * d[i];
      s[i] = xi - x[i];
      y[i] = g_best[i] - g[i];
      x[i] = xi;
    }
    g = g_best;
    f = f_best;
    res.f = f;
    res.n_iter = it;
    const double sy = dot(s, y);
    if (sy > std::numeric_limits<double>::epsilon() * dot(y, y)) {
      if (static_cast<int>(s_list.size()) == o.memory) {
        s_list.pop_front();
        y_list.pop_front();
        rho_list.pop_front();
      }
      s_list.push_back(std::move(s));
      y_list.push_back(std::move(y));
      rho_list.push_back(1.0 / sy);
    }
    if ((f0 - f) / std::max({std::abs(f0), std::abs(f), 1.0}) <= o.ftol) {
      res.converged = true;
      break;
    }
    if (max_abs(g) <= o.gtol) {
      res.converged = true;
      break;
    }
  }
  return res;
}

}  // namespace pgas::ml::detail
