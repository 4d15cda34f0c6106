// GaussianNB: scikit-learn's _partial_fit / _update_mean_variance / _joint_log_likelihood on
// the ranks' rows. An update is two passes and two reductions (sufficient statistics about
// zero, then squared deviations about the means: the two-pass variance numpy's var computes);
// predictions are one local pass.
#include "pgas/ml/naive_bayes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "decomposition_detail.hpp"
#include "linear_model_detail.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/ml/metrics.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml {

using detail::sum_to_all;

namespace {

// Index of each local label in the sorted classes; -1 for a label that is not a class.
std::vector<std::int64_t> class_index(const double* y, std::int64_t rows,
                                      const std::vector<double>& classes) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(rows));
  for (std::int64_t i = 0; i < rows; ++i) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), y[i]);
    out[static_cast<std::size_t>(i)] =
        it == classes.end() || *it != y[i] ? -1 : static_cast<std::int64_t>(it - classes.begin());
  }
  return out;
}

void check_model(const GaussianNBModel& m, std::int64_t d, const char* what) {
  const auto k = static_cast<std::int64_t>(m.classes.size());
  if (k == 0 || static_cast<std::int64_t>(m.theta.size()) != k * m.n_features ||
      m.var.size() != m.theta.size() || static_cast<std::int64_t>(m.class_prior.size()) != k) {
    throw ValueError(std::string(what) + ": the model is not fitted or its state is inconsistent");
  }
  if (d != m.n_features) {
    throw ValueError("X has " + std::to_string(d) + " features, but GaussianNB is expecting " +
                     std::to_string(m.n_features) + " features as input.");
  }
}

}  // namespace

template <typename T>
GaussianNBModel gaussian_nb_update(const DArray<T>& x_in, const DArray<double>& y_in,
                                   const GaussianNBModel& model, double var_smoothing,
                                   const std::vector<double>& priors) {
  if (y_in.ndim() != 1) throw ValueError("GaussianNB: y must be 1-D");
  const auto r = detail::rows_xy(x_in, y_in, "GaussianNB");
  const std::int64_t n = r.n, d = r.d, l = r.local_rows();
  const std::vector<double>& classes = model.classes;
  const auto k = static_cast<std::int64_t>(classes.size());
  if (k == 0) throw ValueError("GaussianNB: the classes must be given (at least one)");
  if (!std::is_sorted(classes.begin(), classes.end()) ||
      std::adjacent_find(classes.begin(), classes.end()) != classes.end()) {
    throw ValueError("GaussianNB: the classes must be sorted and distinct");
  }
  if (!priors.empty() && static_cast<std::int64_t>(priors.size()) != k) {
    throw ValueError("Number of priors must match number of classes.");
  }
  const bool first = model.theta.empty();
  if (!first && (static_cast<std::int64_t>(model.theta.size()) != k * model.n_features ||
                 model.var.size() != model.theta.size() ||
                 static_cast<std::int64_t>(model.class_count.size()) != k)) {
    throw ValueError("GaussianNB: the model's state does not match its classes");
  }
  if (!first && d != model.n_features) {
    throw ValueError("Number of features " + std::to_string(d) + " does not match previous data " +
                     std::to_string(model.n_features) + ".");
  }
  const T* x = r.x.local_data();
  const std::vector<std::int64_t> label = class_index(r.y.local_data(), l, classes);
  const auto kd = static_cast<std::size_t>(k * d);

  // Pass 1: [class counts (k), class sums (k x d), column sums (d), unknown labels (1)].
  std::vector<double> s1(static_cast<std::size_t>(k) + kd + static_cast<std::size_t>(d) + 1, 0.0);
  double* count = s1.data();
  double* sums = count + k;
  double* col = sums + kd;
  for (std::int64_t i = 0; i < l; ++i) {
    const std::int64_t c = label[static_cast<std::size_t>(i)];
    const T* row = x + i * d;
    for (std::int64_t j = 0; j < d; ++j) col[j] += double(row[j]);
    if (c < 0) {
      s1.back() += 1;
      continue;
    }
    count[c] += 1;
    double* s = sums + c * d;
    for (std::int64_t j = 0; j < d; ++j) s[j] += double(row[j]);
  }
  sum_to_all(s1, r.x.context()->comm());
  count = s1.data();
  sums = count + k;
  col = sums + kd;
  if (s1.back() > 0) {
    throw ValueError("GaussianNB: y holds " + std::to_string(static_cast<std::int64_t>(s1.back())) +
                     " label(s) that are not among the classes");
  }
  std::vector<double> mu(kd, 0.0), col_mean(static_cast<std::size_t>(d));
  for (std::int64_t c = 0; c < k; ++c) {
    if (count[c] == 0) continue;
    for (std::int64_t j = 0; j < d; ++j) mu[c * d + j] = sums[c * d + j] / count[c];
  }
  for (std::int64_t j = 0; j < d; ++j) col_mean[j] = col[j] / static_cast<double>(n);

  // Pass 2: [class squared deviations (k x d), column squared deviations (d)].
  std::vector<double> s2(kd + static_cast<std::size_t>(d), 0.0);
  for (std::int64_t i = 0; i < l; ++i) {
    const std::int64_t c = label[static_cast<std::size_t>(i)];
    const T* row = x + i * d;
    double* cs = s2.data() + kd;
    for (std::int64_t j = 0; j < d; ++j) {
      const double e = double(row[j]) - col_mean[j];
      cs[j] += e * e;
    }
    double* ss = s2.data() + c * d;
    const double* m = mu.data() + c * d;
    for (std::int64_t j = 0; j < d; ++j) {
      const double e = double(row[j]) - m[j];
      ss[j] += e * e;
    }
  }
  sum_to_all(s2, r.x.context()->comm());

  GaussianNBModel out;
  out.classes = classes;
  out.n_features = d;
  double max_var = 0;
  for (std::int64_t j = 0; j < d; ++j) {
    max_var = std::max(max_var, s2[kd + j] / static_cast<double>(n));
  }
  out.epsilon = var_smoothing * max_var;
  if (first) {
    out.theta.assign(kd, 0.0);
    out.var.assign(kd, 0.0);
    out.class_count.assign(static_cast<std::size_t>(k), 0.0);
  } else {
    out.theta = model.theta;
    out.var = model.var;
    out.class_count = model.class_count;
    // scikit-learn takes the new batch's epsilon back out of the stored variances.
    for (double& v : out.var) v -= out.epsilon;
  }
  for (std::int64_t c = 0; c < k; ++c) {
    const double n_new = count[c];
    if (n_new == 0) continue;
    const double n_past = out.class_count[c];
    double* theta = out.theta.data() + c * d;
    double* var = out.var.data() + c * d;
    const double* new_mu = mu.data() + c * d;
    const double* ssd = s2.data() + c * d;
    if (n_past == 0) {
      for (std::int64_t j = 0; j < d; ++j) {
        theta[j] = new_mu[j];
        var[j] = ssd[j] / n_new;
      }
    } else {
      const double n_total = n_past + n_new;
      for (std::int64_t j = 0; j < d; ++j) {
        const double new_var = ssd[j] / n_new;
        const double total_mu = (n_new * new_mu[j] + n_past * theta[j]) / n_total;
        const double diff = theta[j] - new_mu[j];
        const double total_ssd =
            n_past * var[j] + n_new * new_var + (n_new * n_past / n_total) * diff * diff;
        theta[j] = total_mu;
        var[j] = total_ssd / n_total;
      }
    }
    out.class_count[c] += n_new;
  }
  for (double& v : out.var) v += out.epsilon;
  if (priors.empty()) {
    double total = 0;
    for (double c : out.class_count) total += c;
    out.class_prior.resize(static_cast<std::size_t>(k));
    for (std::int64_t c = 0; c < k; ++c) out.class_prior[c] = out.class_count[c] / total;
  } else {
    out.class_prior = priors;
  }
  return out;
}

template <typename T>
GaussianNBModel gaussian_nb_fit(const DArray<T>& x, const DArray<double>& y, double var_smoothing,
                                const std::vector<double>& priors) {
  if (y.ndim() != 1) throw ValueError("GaussianNB: y must be 1-D");
  GaussianNBModel empty;
  empty.classes = unique_values(y);
  return gaussian_nb_update(x, y, empty, var_smoothing, priors);
}

namespace {

// The joint log likelihood of each of the rank's rows (l x k, row-major), as scikit-learn:
// log(prior) + (-0.5 sum(log(2 pi var)) - 0.5 sum((x - theta)^2 / var)).
template <typename T>
std::vector<double> joint_log_likelihood(const DArray<T>& x, const GaussianNBModel& m) {
  const std::int64_t d = m.n_features, l = x.local_shape()[0];
  const auto k = static_cast<std::int64_t>(m.classes.size());
  std::vector<double> base(static_cast<std::size_t>(k)), inv(m.var.size());
  for (std::int64_t c = 0; c < k; ++c) {
    double s = 0;
    for (std::int64_t j = 0; j < d; ++j) s += std::log(2.0 * M_PI * m.var[c * d + j]);
    base[c] = -0.5 * s;
  }
  for (std::size_t i = 0; i < inv.size(); ++i) inv[i] = 1.0 / m.var[i];
  std::vector<double> out(static_cast<std::size_t>(l * k));
  const T* xl = x.local_data();
  for (std::int64_t i = 0; i < l; ++i) {
    const T* row = xl + i * d;
    for (std::int64_t c = 0; c < k; ++c) {
      const double* theta = m.theta.data() + c * d;
      const double* iv = inv.data() + c * d;
      double s = 0;
      for (std::int64_t j = 0; j < d; ++j) {
        const double e = double(row[j]) - theta[j];
        s += e * e * iv[j];
      }
      out[i * k + c] = std::log(m.class_prior[c]) + (base[c] - 0.5 * s);
    }
  }
  return out;
}

}  // namespace

template <typename T>
DArray<double> gaussian_nb_scores(const DArray<T>& x_in, const GaussianNBModel& model,
                                  NaiveBayesOutput what) {
  if (x_in.ndim() != 2) throw ValueError("GaussianNB: expected a 2-D X");
  check_model(model, x_in.shape()[1], "GaussianNB");
  const DArray<T> x = whole_rows(x_in);
  const std::int64_t n = x.shape()[0], l = x.local_shape()[0];
  const auto k = static_cast<std::int64_t>(model.classes.size());
  DArray<double> out({n, k}, maps::row_map(x_in.map(), 2), x.context());
  std::vector<double> jll = joint_log_likelihood(x, model);
  double* o = out.local_data();
  for (std::int64_t i = 0; i < l; ++i) {
    const double* z = jll.data() + i * k;
    if (what == NaiveBayesOutput::joint_log_likelihood) {
      std::copy(z, z + k, o + i * k);
      continue;
    }
    // scipy's logsumexp: the maximum shifted out (a non-finite maximum counts as 0).
    double zmax = -std::numeric_limits<double>::infinity();
    for (std::int64_t c = 0; c < k; ++c) zmax = std::max(zmax, z[c]);
    if (!std::isfinite(zmax)) zmax = 0;
    double sum = 0;
    for (std::int64_t c = 0; c < k; ++c) sum += std::exp(z[c] - zmax);
    const double lse = std::log(sum) + zmax;
    for (std::int64_t c = 0; c < k; ++c) {
      const double lp = z[c] - lse;
      o[i * k + c] = what == NaiveBayesOutput::log_proba ? lp : std::exp(lp);
    }
  }
  return out;
}

template <typename T>
DArray<double> gaussian_nb_predict(const DArray<T>& x_in, const GaussianNBModel& model) {
  if (x_in.ndim() != 2) throw ValueError("GaussianNB: expected a 2-D X");
  check_model(model, x_in.shape()[1], "GaussianNB");
  const DArray<T> x = whole_rows(x_in);
  const std::int64_t n = x.shape()[0], l = x.local_shape()[0];
  const auto k = static_cast<std::int64_t>(model.classes.size());
  DArray<double> out({n}, maps::row_map(x_in.map(), 1), x.context());
  const std::vector<double> jll = joint_log_likelihood(x, model);
  double* o = out.local_data();
  for (std::int64_t i = 0; i < l; ++i) {
    const double* z = jll.data() + i * k;
    std::int64_t best = 0;
    for (std::int64_t c = 1; c < k; ++c) {
      if (z[c] > z[best]) best = c;  // the first maximum, as numpy's argmax
    }
    o[i] = model.classes[static_cast<std::size_t>(best)];
  }
  return out;
}

#define PGAS_ML_NAIVE_BAYES(T)                                                              \
  template GaussianNBModel gaussian_nb_update(const DArray<T>&, const DArray<double>&,      \
                                              const GaussianNBModel&, double,               \
                                              const std::vector<double>&);                  \
  template GaussianNBModel gaussian_nb_fit(const DArray<T>&, const DArray<double>&, double, \
                                           const std::vector<double>&);                     \
  template DArray<double> gaussian_nb_scores(const DArray<T>&, const GaussianNBModel&,      \
                                             NaiveBayesOutput);                             \
  template DArray<double> gaussian_nb_predict(const DArray<T>&, const GaussianNBModel&);
PGAS_ML_NAIVE_BAYES(float)
PGAS_ML_NAIVE_BAYES(double)
#undef PGAS_ML_NAIVE_BAYES

}  // namespace pgas::ml
