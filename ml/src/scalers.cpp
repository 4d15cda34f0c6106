// The scalers' fits follow scikit-learn's partial_fit on one batch: StandardScaler's
// constant-feature test (_is_constant_feature) and every scaler's zero-scale rule
// (_handle_zeros_in_scale) are reproduced on the replicated statistics.
#include <cmath>
#include <limits>
#include <string>

#include "pgas/darray/column_stats.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/preprocessing.hpp"
#include "pgas/ml/validation.hpp"

namespace pgas::ml {

namespace {

template <typename T>
void require_2d(const DArray<T>& x, const char* what) {
  if (x.ndim() != 2) {
    throw ValueError(std::string(what) + ": expected a 2-D array, got " + std::to_string(x.ndim()) +
                     "-D");
  }
}

// _handle_zeros_in_scale without a mask: scales below 10 eps become 1.
template <typename V>
V nonzero_scale(V s) {
  return s < V(10) * std::numeric_limits<V>::epsilon() ? V(1) : s;
}

}  // namespace

template <typename T>
StandardScalerModel standard_scaler_fit(const DArray<T>& x, bool with_mean, bool with_std) {
  require_2d(x, "StandardScaler");
  StandardScalerModel m;
  if (!with_mean && !with_std) {
    m.n_samples_seen = column_counts(x, true);
    return m;
  }
  const ColumnMoments mo = column_moments(x, 0, true);
  m.n_samples_seen = mo.count;
  m.mean = mo.mean;
  if (!with_std) return m;
  m.var = mo.var;
  const double eps = std::numeric_limits<double>::epsilon();
  m.scale.resize(m.var.size());
  for (std::size_t j = 0; j < m.var.size(); ++j) {
    const double n = static_cast<double>(mo.count[j]);
    const double bound = n * eps * m.var[j] + (n * m.mean[j] * eps) * (n * m.mean[j] * eps);
    m.scale[j] = m.var[j] <= bound ? 1.0 : std::sqrt(m.var[j]);
  }
  return m;
}

template <typename T>
MinMaxScalerModel<T> min_max_scaler_fit(const DArray<T>& x, double range_min, double range_max) {
  require_2d(x, "MinMaxScaler");
  if (!(range_min < range_max)) {
    std::string lo = std::to_string(range_min), hi = std::to_string(range_max);
    throw ValueError("Minimum of desired feature range must be smaller than maximum. Got (" + lo +
                     ", " + hi + ").");
  }
  const ColumnExtrema<T> e = column_extrema(x, true);
  MinMaxScalerModel<T> m;
  m.data_min = e.min;
  m.data_max = e.max;
  m.n_samples_seen = x.shape()[0];
  const std::size_t d = e.min.size();
  m.data_range.resize(d);
  m.scale.resize(d);
  m.min.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    m.data_range[j] = e.max[j] - e.min[j];
    m.scale[j] = static_cast<T>((range_max - range_min) / nonzero_scale(m.data_range[j]));
    m.min[j] = static_cast<T>(range_min - m.data_min[j] * m.scale[j]);
  }
  return m;
}

template <typename T>
MaxAbsScalerModel<T> max_abs_scaler_fit(const DArray<T>& x) {
  require_2d(x, "MaxAbsScaler");
  MaxAbsScalerModel<T> m;
  m.max_abs = column_absmax(x, true);
  m.n_samples_seen = x.shape()[0];
  m.scale.resize(m.max_abs.size());
  for (std::size_t j = 0; j < m.scale.size(); ++j) m.scale[j] = nonzero_scale(m.max_abs[j]);
  return m;
}

template <typename T>
DArray<T> column_affine(const DArray<T>& x, const std::vector<double>& sub,
                        const std::vector<double>& mul, const std::vector<double>& div,
                        const std::vector<double>& add, bool clip, double clip_min, double clip_max,
                        const char* estimator) {
  require_2d(x, estimator);
  const std::int64_t d = x.shape()[1];
  for (const std::vector<double>* v : {&sub, &mul, &div, &add}) {
    if (!v->empty() && static_cast<std::int64_t>(v->size()) != d) {
      throw ValueError("X has " + std::to_string(d) + " features, but " + estimator +
                       " is expecting " + std::to_string(v->size()) + " features as input.");
    }
  }
  DArray<T> out(x.shape(), x.map(), x.context());
  const std::vector<std::int64_t> column = x.global_ind(1);
  const std::int64_t rows = x.local_shape()[0], cols = x.local_shape()[1];
  const T* in = x.local_data();
  T* o = out.local_data();
  for (std::int64_t i = 0; i < rows; ++i) {
    for (std::int64_t jl = 0; jl < cols; ++jl) {
      const auto j = static_cast<std::size_t>(column[static_cast<std::size_t>(jl)]);
      double v = double(in[i * cols + jl]);
      if (!sub.empty()) v -= sub[j];
      if (!mul.empty()) v *= mul[j];
      if (!div.empty()) v /= div[j];
      if (!add.empty()) v += add[j];
      if (clip) v = std::min(std::max(v, clip_min), clip_max);  // NaN compares false: kept
      o[i * cols + jl] = static_cast<T>(v);
    }
  }
  return out;
}

template <typename T>
DArray<T> normalize_rows(const DArray<T>& x_in, RowNorm norm) {
  require_2d(x_in, "Normalizer");
  const DArray<T> x = whole_rows(x_in);
  DArray<T> out(x.shape(), x.map(), x.context());
  const std::int64_t d = x.shape()[1];
  const T* in = x.local_data();
  T* o = out.local_data();
  for (std::int64_t i = 0; i < x.local_shape()[0]; ++i) {
    const T* row = in + i * d;
    double s = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      const double a = std::abs(double(row[j]));
      if (norm == RowNorm::l1) {
        s += a;
      } else if (norm == RowNorm::l2) {
        s += a * a;
      } else {
        s = std::max(s, a);
      }
    }
    T scale = static_cast<T>(norm == RowNorm::l2 ? std::sqrt(s) : s);
    scale = nonzero_scale(scale);
    for (std::int64_t j = 0; j < d; ++j) o[i * d + j] = row[j] / scale;
  }
  return out.map() == x_in.map() ? out : out.remap(x_in.map());
}

#define PGAS_ML_SCALERS(T)                                                                         \
  template StandardScalerModel standard_scaler_fit(const DArray<T>&, bool, bool);                  \
  template MinMaxScalerModel<T> min_max_scaler_fit(const DArray<T>&, double, double);              \
  template MaxAbsScalerModel<T> max_abs_scaler_fit(const DArray<T>&);                              \
  template DArray<T> column_affine(const DArray<T>&, const std::vector<double>&,                   \
                                   const std::vector<double>&, const std::vector<double>&,         \
                                   const std::vector<double>&, bool, double, double, const char*); \
  template DArray<T> normalize_rows(const DArray<T>&, RowNorm);
PGAS_ML_SCALERS(float)
PGAS_ML_SCALERS(double)

}  // namespace pgas::ml
