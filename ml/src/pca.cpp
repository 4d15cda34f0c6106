// PCA: scikit-learn's PCA._fit (solver choice, n_components rules, variances with n - 1,
// noise variance), with the heavy steps distributed: column means by one reduction, then
// the solver's factorization (decomposition.hpp). Everything after the factorization works on
// the small replicated spectrum, exactly as scikit-learn does.
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>

#include "decomposition_detail.hpp"
#include "pgas/darray/column_stats.hpp"
#include "pgas/errors.hpp"
#include "pgas/linalg/local_lapack.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/decomposition.hpp"

namespace pgas::ml {

using detail::gemm_rows;
using detail::sum_to_all;

namespace {

const char* solver_name(PcaSolver s) {
  switch (s) {
    case PcaSolver::full:
      return "full";
    case PcaSolver::covariance_eigh:
      return "covariance_eigh";
    case PcaSolver::randomized:
      return "randomized";
    default:
      return "auto";
  }
}

std::string components_repr(const PcaOptions& o) {
  std::ostringstream s;
  if (o.components == PcaOptions::Components::fraction) {
    s << o.fraction;
  } else {
    s << o.count;
  }
  return s.str();
}

// Minka's log-likelihood of `rank` components for the spectrum (scikit-learn's
// _assess_dimension).
double assess_dimension(const std::vector<double>& spectrum, std::int64_t rank, double n_samples) {
  const auto nf = static_cast<std::int64_t>(spectrum.size());
  const double eps = 1e-15;
  if (spectrum[static_cast<std::size_t>(rank - 1)] < eps) {
    return -std::numeric_limits<double>::infinity();
  }
  const double pi = 3.14159265358979323846;
  double pu = -static_cast<double>(rank) * std::log(2.0);
  for (std::int64_t i = 1; i <= rank; ++i) {
    const double h = static_cast<double>(nf - i + 1) / 2.0;
    pu += std::lgamma(h) - std::log(pi) * h;
  }
  double pl = 0;
  for (std::int64_t i = 0; i < rank; ++i) pl += std::log(spectrum[static_cast<std::size_t>(i)]);
  pl = -pl * n_samples / 2.0;
  double tail = 0;
  for (std::int64_t i = rank; i < nf; ++i) tail += spectrum[static_cast<std::size_t>(i)];
  const double v = std::max(eps, tail / static_cast<double>(nf - rank));
  const double pv = -std::log(v) * n_samples * static_cast<double>(nf - rank) / 2.0;
  const double r = static_cast<double>(rank);
  const double m = static_cast<double>(nf) * r - r * (r + 1.0) / 2.0;
  const double pp = std::log(2.0 * pi) * (m + r) / 2.0;
  double pa = 0;
  for (std::int64_t i = 0; i < rank; ++i) {
    const double si = spectrum[static_cast<std::size_t>(i)];
    for (std::int64_t j = i + 1; j < nf; ++j) {
      const double sj = j < rank ? spectrum[static_cast<std::size_t>(j)] : v;
      pa += std::log((si - spectrum[static_cast<std::size_t>(j)]) * (1.0 / sj - 1.0 / si)) +
            std::log(n_samples);
    }
  }
  return pu + pl + pv + pp - pa / 2.0 - r * std::log(n_samples) / 2.0;
}

template <typename T>
std::int64_t infer_dimension(const std::vector<T>& spectrum, std::int64_t n_samples) {
  const std::vector<double> s(spectrum.begin(), spectrum.end());
  std::int64_t best = 0;
  double best_ll = -std::numeric_limits<double>::infinity();
  for (std::int64_t rank = 1; rank < static_cast<std::int64_t>(s.size()); ++rank) {
    const double ll = assess_dimension(s, rank, static_cast<double>(n_samples));
    if (ll > best_ll) {  // numpy's argmax: the first maximum
      best_ll = ll;
      best = rank;
    }
  }
  return best;
}

// A copy of x (whole rows) minus the column means.
template <typename T>
DArray<T> centred(const DArray<T>& x, const std::vector<T>& mean) {
  DArray<T> out(x.shape(), x.map(), x.context());
  const std::int64_t d = x.shape()[1];
  const T* in = x.local_data();
  T* o = out.local_data();
  for (std::int64_t i = 0; i < x.local_shape()[0]; ++i) {
    for (std::int64_t j = 0; j < d; ++j) o[i * d + j] = in[i * d + j] - mean[j];
  }
  return out;
}

// Sum of squares of the local cells, reduced: the total variance's numerator.
template <typename T>
double sum_of_squares(const DArray<T>& x) {
  std::vector<double> total{0.0};
  const T* v = x.local_data();
  for (std::int64_t i = 0; i < x.local_size(); ++i) total[0] += double(v[i]) * double(v[i]);
  sum_to_all(total, x.context()->comm());
  return total[0];
}

// The d x d covariance of whole-row x by syrk and one reduction, scikit-learn's
// (X^T X - n mean mean^T) / (n - 1), then its eigh on rank 0 (broadcast): descending
// eigenvalues clipped at 0, and the eigenvectors as rows.
template <typename T>
linalg::RightSVD<T> covariance_eigh(const DArray<T>& x, const std::vector<T>& mean,
                                    std::vector<T>& eigenvalues) {
  namespace lapack = pgas::linalg::lapack;
  const comm::Communicator& comm = x.context()->comm();
  const std::int64_t n = x.shape()[0], d = x.shape()[1];
  const int di = static_cast<int>(d);
  std::vector<T> c(static_cast<std::size_t>(d * d), T(0));
  if (x.local_shape()[0] > 0) {
    lapack::syrk('U', 'N', di, static_cast<int>(x.local_shape()[0]), T(1), x.local_data(), di, T(0),
                 c.data(), di);
  }
  sum_to_all(c, comm);
  linalg::RightSVD<T> out;
  eigenvalues.assign(static_cast<std::size_t>(d), T(0));
  out.vh.assign(static_cast<std::size_t>(d * d), T(0));
  int info = 0;
  if (comm.rank() == 0) {
    // syrk filled the upper triangle of the column-major matrix: copy it down.
    for (std::int64_t j = 0; j < d; ++j) {
      for (std::int64_t i = j + 1; i < d; ++i) c[j * d + i] = c[i * d + j];
    }
    const T nn = static_cast<T>(n);
    for (std::int64_t i = 0; i < d; ++i) {
      for (std::int64_t j = 0; j < d; ++j) {
        T& v = c[i * d + j];
        v -= nn * mean[i] * mean[j];
        v /= static_cast<T>(n - 1);
      }
    }
    std::vector<T> w(static_cast<std::size_t>(d));
    T wq(0);
    int iwq = 0;
    lapack::syevd('V', 'L', di, c.data(), di, w.data(), &wq, -1, &iwq, -1, &info);
    if (info == 0) {
      std::vector<T> work(static_cast<std::size_t>(wq) + 1);
      std::vector<int> iwork(static_cast<std::size_t>(std::max(iwq, 1)));
      lapack::syevd('V', 'L', di, c.data(), di, w.data(), work.data(),
                    static_cast<int>(work.size()), iwork.data(), static_cast<int>(iwork.size()),
                    &info);
    }
    for (std::int64_t r = 0; r < d; ++r) {  // flipped to descending
      const std::int64_t src = d - 1 - r;
      eigenvalues[r] = std::max(w[src], T(0));
      for (std::int64_t i = 0; i < d; ++i) out.vh[r * d + i] = c[src * d + i];
    }
  }
  comm.bcast(info, 0);
  if (info != 0) throw linalg::LinAlgError("Eigenvalues did not converge");
  comm.bcast(eigenvalues.data(), eigenvalues.size(), 0);
  comm.bcast(out.vh.data(), out.vh.size(), 0);
  out.s.resize(static_cast<std::size_t>(d));
  for (std::int64_t i = 0; i < d; ++i) {
    out.s[i] = std::sqrt(eigenvalues[i] * static_cast<T>(n - 1));
  }
  return out;
}

template <typename T>
std::vector<T> head(const std::vector<T>& v, std::int64_t count) {
  return std::vector<T>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(count));
}

template <typename T>
std::vector<T> whitening_scale(const std::vector<T>& explained_variance) {
  std::vector<T> scale(explained_variance.size());
  for (std::size_t i = 0; i < scale.size(); ++i) {
    scale[i] = std::max(std::sqrt(explained_variance[i]), std::numeric_limits<T>::epsilon());
  }
  return scale;
}

}  // namespace

template <typename T>
PcaModel<T> pca_fit(const DArray<T>& x_in, const PcaOptions& o) {
  using C = PcaOptions::Components;
  const DArray<T> x = detail::rows_of(x_in, -1, "PCA");
  const std::int64_t n = x.shape()[0], d = x.shape()[1];
  const std::int64_t lo = std::min(n, d);
  const bool mle = o.components == C::mle;
  const bool fraction = o.components == C::fraction;
  const std::int64_t count = o.components == C::all ? lo : o.count;
  PcaSolver solver = o.solver;
  if (solver == PcaSolver::automatic) {
    // scikit-learn's rule, in its order (n_components compared as the number it is).
    const double nc = fraction ? o.fraction : static_cast<double>(count);
    if (d <= 1000 && n >= 10 * d) {
      solver = PcaSolver::covariance_eigh;
    } else if (std::max(n, d) <= 500 || mle) {
      solver = PcaSolver::full;
    } else if (!mle && 1 <= nc && nc < 0.8 * static_cast<double>(lo)) {
      solver = PcaSolver::randomized;
    } else {
      solver = PcaSolver::full;
    }
  }
  const std::string quoted = std::string("'") + solver_name(solver) + "'";
  if (solver == PcaSolver::randomized) {
    if (mle) {
      throw ValueError("n_components='mle' cannot be a string with svd_solver=" + quoted);
    }
    if (fraction || count < 1 || count > lo) {
      throw ValueError("n_components=" + components_repr(o) +
                       " must be between 1 and min(n_samples, n_features)=" + std::to_string(lo) +
                       " with svd_solver=" + quoted);
    }
  } else if (mle) {
    if (n < d) {
      throw ValueError("n_components='mle' is only supported if n_samples >= n_features");
    }
  } else if (!fraction && (count < 0 || count > lo)) {
    throw ValueError("n_components=" + components_repr(o) +
                     " must be between 0 and min(n_samples, n_features)=" + std::to_string(lo) +
                     " with svd_solver=" + quoted);
  }

  PcaModel<T> model;
  model.solver = solver;
  model.n_samples = n;
  model.n_features = d;
  const std::vector<double> mean_d = column_means(x);
  model.mean.assign(mean_d.begin(), mean_d.end());
  const T dof = static_cast<T>(n - 1);

  if (solver == PcaSolver::randomized) {
    const DArray<T> xc = centred(x, model.mean);
    const int n_iter = o.iterated_power >= 0 ? o.iterated_power
                       : static_cast<double>(count) < 0.1 * static_cast<double>(lo) ? 7
                                                                                    : 4;
    linalg::RightSVD<T> f =
        detail::randomized_right_svd(xc, count, o.n_oversamples, n_iter, o.normalizer, o.seed);
    f.vh.resize(static_cast<std::size_t>(count * d));
    detail::flip_rows(f.vh, count, d);
    model.components = std::move(f.vh);
    model.singular_values = head(f.s, count);
    model.n_components = count;
    model.explained_variance.resize(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
      model.explained_variance[i] = model.singular_values[i] * model.singular_values[i] / dof;
    }
    const double total_var = sum_of_squares(xc) / static_cast<double>(n - 1);
    model.explained_variance_ratio.resize(static_cast<std::size_t>(count));
    double explained = 0;
    for (std::int64_t i = 0; i < count; ++i) {
      model.explained_variance_ratio[i] =
          static_cast<T>(double(model.explained_variance[i]) / total_var);
      explained += double(model.explained_variance[i]);
    }
    model.noise_variance =
        count < lo ? (total_var - explained) / static_cast<double>(lo - count) : 0.0;
    return model;
  }

  // full / covariance_eigh: the whole spectrum first, then scikit-learn's selection.
  std::vector<T> variance;
  linalg::RightSVD<T> f;
  if (solver == PcaSolver::full) {
    f = linalg::svd_right(centred(x, model.mean));
    variance.resize(f.s.size());
    for (std::size_t i = 0; i < f.s.size(); ++i) variance[i] = f.s[i] * f.s[i] / dof;
  } else {
    f = covariance_eigh(x, model.mean, variance);
  }
  const auto k_all = static_cast<std::int64_t>(f.s.size());
  detail::flip_rows(f.vh, k_all, d);
  T total = 0;
  for (T v : variance) total += v;
  std::vector<T> ratio(variance.size());
  for (std::size_t i = 0; i < ratio.size(); ++i) ratio[i] = variance[i] / total;
  std::int64_t k = count;
  if (mle) {
    k = infer_dimension(variance, n);
  } else if (fraction) {
    // searchsorted(cumsum(ratio), fraction, side="right") + 1
    T cum = 0;
    std::int64_t below = 0;
    for (T r : ratio) {
      cum += r;
      if (cum <= static_cast<T>(o.fraction)) ++below;
    }
    k = below + 1;
  }
  if (k < lo) {
    double tail = 0;
    for (std::int64_t i = k; i < k_all; ++i) tail += double(variance[i]);
    model.noise_variance = tail / static_cast<double>(k_all - k);
  }
  k = std::min(k, k_all);
  model.n_components = k;
  f.vh.resize(static_cast<std::size_t>(k * d));
  model.components = std::move(f.vh);
  model.explained_variance = head(variance, k);
  model.explained_variance_ratio = head(ratio, k);
  model.singular_values = head(f.s, k);
  return model;
}

template <typename T>
DArray<T> project_rows(const DArray<T>& x_in, const std::vector<T>& components,
                       const std::vector<T>& center) {
  const std::int64_t d = x_in.ndim() == 2 ? x_in.shape()[1] : 0;
  const DArray<T> x = detail::rows_of(
      x_in, center.empty() ? -1 : static_cast<std::int64_t>(center.size()), "the model");
  const std::int64_t k = d == 0 ? 0 : static_cast<std::int64_t>(components.size()) / d;
  if (k * d != static_cast<std::int64_t>(components.size())) {
    throw ValueError("X has " + std::to_string(d) + " features, but the components have " +
                     std::to_string(components.size()) + " entries");
  }
  DArray<T> out({x.shape()[0], k}, maps::row_map(x_in.map(), 2), x.context());
  const std::int64_t r = x.local_shape()[0];
  gemm_rows('N', 'T', r, k, d, x.local_data(), d, components.data(), d, T(0), out.local_data(), k);
  if (!center.empty()) {
    std::vector<T> shift(static_cast<std::size_t>(k), T(0));  // center @ C^T
    gemm_rows('N', 'T', 1, k, d, center.data(), d, components.data(), d, T(0), shift.data(), k);
    T* o = out.local_data();
    for (std::int64_t i = 0; i < r; ++i) {
      for (std::int64_t j = 0; j < k; ++j) o[i * k + j] -= shift[j];
    }
  }
  return out;
}

template <typename T>
DArray<T> combine_rows(const DArray<T>& z_in, const std::vector<T>& components,
                       const std::vector<T>& offset) {
  const DArray<T> z = detail::rows_of(z_in, -1, "the model");
  const std::int64_t k = z.shape()[1];
  const std::int64_t d = k == 0 ? static_cast<std::int64_t>(offset.size())
                                : static_cast<std::int64_t>(components.size()) / k;
  if (k * d != static_cast<std::int64_t>(components.size()) ||
      (!offset.empty() && static_cast<std::int64_t>(offset.size()) != d)) {
    throw ValueError("X has " + std::to_string(k) + " features, but the model has " +
                     std::to_string(components.size() / std::max<std::size_t>(1, offset.size())) +
                     " components");
  }
  DArray<T> out({z.shape()[0], d}, maps::row_map(z_in.map(), 2), z.context());
  const std::int64_t r = z.local_shape()[0];
  gemm_rows('N', 'N', r, d, k, z.local_data(), k, components.data(), d, T(0), out.local_data(), d);
  if (!offset.empty()) {
    T* o = out.local_data();
    for (std::int64_t i = 0; i < r; ++i) {
      for (std::int64_t j = 0; j < d; ++j) o[i * d + j] += offset[j];
    }
  }
  return out;
}

template <typename T>
DArray<T> pca_transform(const DArray<T>& x, const std::vector<T>& mean,
                        const std::vector<T>& components, const std::vector<T>& explained_variance,
                        bool whiten) {
  DArray<T> out = project_rows(x, components, mean);
  if (whiten) {
    const std::vector<T> scale = whitening_scale(explained_variance);
    const auto k = static_cast<std::int64_t>(scale.size());
    T* o = out.local_data();
    for (std::int64_t i = 0; i < out.local_shape()[0]; ++i) {
      for (std::int64_t j = 0; j < k; ++j) o[i * k + j] /= scale[j];
    }
  }
  return out;
}

template <typename T>
DArray<T> pca_inverse_transform(const DArray<T>& z, const std::vector<T>& mean,
                                const std::vector<T>& components,
                                const std::vector<T>& explained_variance, bool whiten) {
  if (!whiten) return combine_rows(z, components, mean);
  std::vector<T> scaled = components;
  const std::size_t d = mean.size();
  for (std::size_t i = 0; i < explained_variance.size(); ++i) {
    const T s = std::sqrt(explained_variance[i]);
    for (std::size_t j = 0; j < d; ++j) scaled[i * d + j] *= s;
  }
  return combine_rows(z, scaled, mean);
}

template <typename T>
DArray<T> pca_score_samples(const DArray<T>& x_in, const std::vector<T>& mean,
                            const std::vector<T>& precision, double constant) {
  const auto d = static_cast<std::int64_t>(mean.size());
  const DArray<T> x = detail::rows_of(x_in, d, "PCA");
  const DArray<T> xr = centred(x, mean);
  const std::int64_t r = x.local_shape()[0];
  std::vector<T> xp(static_cast<std::size_t>(r * d));
  gemm_rows('N', 'N', r, d, d, xr.local_data(), d, precision.data(), d, T(0), xp.data(), d);
  DArray<T> out({x.shape()[0]}, maps::row_map(x_in.map(), 1), x.context());
  const T* a = xr.local_data();
  for (std::int64_t i = 0; i < r; ++i) {
    T q = 0;
    for (std::int64_t j = 0; j < d; ++j) q += a[i * d + j] * xp[i * d + j];
    out.local_data()[i] = static_cast<T>(-0.5 * double(q) - constant);
  }
  return out;
}

#define PGAS_ML_PCA(T)                                                                             \
  template PcaModel<T> pca_fit(const DArray<T>&, const PcaOptions&);                               \
  template DArray<T> project_rows(const DArray<T>&, const std::vector<T>&, const std::vector<T>&); \
  template DArray<T> combine_rows(const DArray<T>&, const std::vector<T>&, const std::vector<T>&); \
  template DArray<T> pca_transform(const DArray<T>&, const std::vector<T>&, const std::vector<T>&, \
                                   const std::vector<T>&, bool);                                   \
  template DArray<T> pca_inverse_transform(const DArray<T>&, const std::vector<T>&,                \
                                           const std::vector<T>&, const std::vector<T>&, bool);    \
  template DArray<T> pca_score_samples(const DArray<T>&, const std::vector<T>&,                    \
                                       const std::vector<T>&, double);
PGAS_ML_PCA(float)
PGAS_ML_PCA(double)

}  // namespace pgas::ml
