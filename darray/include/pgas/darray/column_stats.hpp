// Column statistics of a 2-D DArray, replicated on every rank as std::vector (one entry per
// column): the fitted state of the ml layer's scalers and estimators (means, variances,
// ranges) is small, per feature, and needed by every rank, whereas axis reductions
// (reductions.hpp) return a distributed array.
//
// Any map: each rank folds its owned cells (overlap copies never count) into per-global-column
// partials, and one MPI_Allreduce over the array's communicator combines them; ranks outside
// the map contribute the identity. The vectors are as long as the number of columns, so this
// costs one small collective whatever the grid (columns split or not).
//
// ignore_nan: NaN cells are left out of counts, sums, moments and extrema, as numpy's nan*
// functions and scikit-learn's scalers do; otherwise a NaN makes its column's result NaN.
// All functions are collective; sums accumulate in double.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "pgas/comm/reduce_op.hpp"
#include "pgas/darray/darray.hpp"
#include "pgas/errors.hpp"

namespace pgas {

/// Per column: how many cells counted, their mean and variance (sum of squared deviations /
/// (count - ddof); NaN where count - ddof <= 0, as numpy.var).
struct ColumnMoments {
  std::vector<std::int64_t> count;
  std::vector<double> mean;
  std::vector<double> var;
};

/// Per column: the smallest and largest value and how many cells counted. A column with no
/// counted cell (all NaN with ignore_nan) gets NaN for both.
template <typename T>
struct ColumnExtrema {
  std::vector<T> min;
  std::vector<T> max;
  std::vector<std::int64_t> count;
};

namespace detail {

template <typename T>
bool is_nan_value(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(x);
  } else {
    return false;
  }
}

template <typename T>
void require_column_matrix(const DArray<T>& a, const char* what) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                "column statistics need real numbers");
  if (a.ndim() != 2) {
    throw ValueError(std::string(what) + ": expected a 2-D array, got " + std::to_string(a.ndim()) +
                     "-D");
  }
}

// f(global column, value) for every owned cell of this rank, row by row.
template <typename T, typename F>
void for_each_owned_by_column(const DArray<T>& a, F&& f) {
  const std::int64_t rows = a.owned_shape()[0], cols = a.owned_shape()[1];
  if (rows == 0 || cols == 0) return;
  const std::int64_t stride = a.local_shape()[1];
  const std::vector<std::int64_t> column = a.global_ind(1);
  const T* x = a.local_data();
  for (std::int64_t i = 0; i < rows; ++i) {
    const T* row = x + i * stride;
    for (std::int64_t j = 0; j < cols; ++j) f(column[static_cast<std::size_t>(j)], row[j]);
  }
}

}  // namespace detail

/// Cells counted per column: all rows, or the non-NaN ones with ignore_nan. Collective.
template <typename T>
std::vector<std::int64_t> column_counts(const DArray<T>& a, bool ignore_nan = false) {
  detail::require_column_matrix(a, "column_counts");
  std::vector<std::int64_t> count(static_cast<std::size_t>(a.shape()[1]), 0);
  if (ignore_nan) {
    detail::for_each_owned_by_column(a, [&](std::int64_t c, T x) {
      if (!detail::is_nan_value(x)) ++count[static_cast<std::size_t>(c)];
    });
  } else if (a.owned_shape()[0] > 0) {  // every owned row counts: no pass over the values
    const std::vector<std::int64_t> column = a.global_ind(1);
    for (std::int64_t j = 0; j < a.owned_shape()[1]; ++j) {
      count[static_cast<std::size_t>(column[static_cast<std::size_t>(j)])] = a.owned_shape()[0];
    }
  }
  a.context()->comm().allreduce(count.data(), count.data(), count.size(), comm::Op::sum);
  return count;
}

/// Sum per column (NaNs skipped with ignore_nan). Collective.
template <typename T>
std::vector<double> column_sums(const DArray<T>& a, bool ignore_nan = false) {
  detail::require_column_matrix(a, "column_sums");
  std::vector<double> sum(static_cast<std::size_t>(a.shape()[1]), 0.0);
  if (ignore_nan) {
    detail::for_each_owned_by_column(a, [&](std::int64_t c, T x) {
      if (!detail::is_nan_value(x)) sum[static_cast<std::size_t>(c)] += double(x);
    });
  } else {
    // By local column, row after row (a loop the compiler vectorises, the same additions in the
    // same order as cell by cell), then to the global columns.
    const std::int64_t rows = a.owned_shape()[0], cols = a.owned_shape()[1];
    const std::int64_t stride = a.local_shape()[1];
    std::vector<double> local(static_cast<std::size_t>(cols), 0.0);
    double* __restrict acc = local.data();
    const T* x = a.local_data();
    for (std::int64_t i = 0; i < rows; ++i) {
      const T* __restrict row = x + i * stride;
      for (std::int64_t j = 0; j < cols; ++j) acc[j] += double(row[j]);
    }
    if (rows > 0) {
      const std::vector<std::int64_t> column = a.global_ind(1);
      for (std::int64_t j = 0; j < cols; ++j) {
        sum[static_cast<std::size_t>(column[static_cast<std::size_t>(j)])] =
            local[static_cast<std::size_t>(j)];
      }
    }
  }
  a.context()->comm().allreduce(sum.data(), sum.data(), sum.size(), comm::Op::sum);
  return sum;
}

/// Mean and variance per column, by the corrected two-pass algorithm scikit-learn's
/// _incremental_mean_and_var uses (sum of squared deviations from the mean, minus the squared
/// sum of deviations over the count): two allreduces. Collective.
template <typename T>
ColumnMoments column_moments(const DArray<T>& a, int ddof = 0, bool ignore_nan = false) {
  detail::require_column_matrix(a, "column_moments");
  const std::size_t n = static_cast<std::size_t>(a.shape()[1]);
  // Pass 1: counts and sums in one message.
  std::vector<double> first(2 * n, 0.0);
  detail::for_each_owned_by_column(a, [&](std::int64_t c, T x) {
    if (ignore_nan && detail::is_nan_value(x)) return;
    first[static_cast<std::size_t>(c)] += 1.0;
    first[n + static_cast<std::size_t>(c)] += double(x);
  });
  const comm::Communicator& comm = a.context()->comm();
  comm.allreduce(first.data(), first.data(), first.size(), comm::Op::sum);
  ColumnMoments out;
  out.count.resize(n);
  out.mean.resize(n);
  out.var.resize(n);
  for (std::size_t c = 0; c < n; ++c) {
    out.count[c] = static_cast<std::int64_t>(first[c]);
    out.mean[c] =
        out.count[c] > 0 ? first[n + c] / first[c] : std::numeric_limits<double>::quiet_NaN();
  }
  // Pass 2: squared deviations and deviations.
  std::vector<double> second(2 * n, 0.0);
  detail::for_each_owned_by_column(a, [&](std::int64_t c, T x) {
    if (ignore_nan && detail::is_nan_value(x)) return;
    const double d = double(x) - out.mean[static_cast<std::size_t>(c)];
    second[static_cast<std::size_t>(c)] += d * d;
    second[n + static_cast<std::size_t>(c)] += d;
  });
  comm.allreduce(second.data(), second.data(), second.size(), comm::Op::sum);
  for (std::size_t c = 0; c < n; ++c) {
    const double dof = first[c] - ddof;
    out.var[c] = dof > 0 ? (second[c] - second[n + c] * second[n + c] / first[c]) / dof
                         : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

/// Mean per column. Collective.
template <typename T>
std::vector<double> column_means(const DArray<T>& a, bool ignore_nan = false) {
  detail::require_column_matrix(a, "column_means");
  const std::vector<double> sum = column_sums(a, ignore_nan);
  const std::vector<std::int64_t> count = column_counts(a, ignore_nan);
  std::vector<double> mean(sum.size());
  for (std::size_t c = 0; c < sum.size(); ++c) {
    mean[c] = count[c] > 0 ? sum[c] / double(count[c]) : std::numeric_limits<double>::quiet_NaN();
  }
  return mean;
}

/// Variance per column (sum of squared deviations / (count - ddof)). Collective.
template <typename T>
std::vector<double> column_variances(const DArray<T>& a, int ddof = 0, bool ignore_nan = false) {
  return column_moments(a, ddof, ignore_nan).var;
}

/// Min, max and count per column. Without ignore_nan a column holding a NaN gets NaN (numpy's
/// min/max); with it, NaNs are skipped (nanmin/nanmax) and an all-NaN column gets NaN. An array
/// with no rows throws ValueError on every rank, as numpy's min does. Two allreduces (counts,
/// then min and -max together). Collective.
template <typename T>
ColumnExtrema<T> column_extrema(const DArray<T>& a, bool ignore_nan = false) {
  detail::require_column_matrix(a, "column_extrema");
  if (a.shape()[0] == 0) {
    throw ValueError("zero-size array to reduction operation minimum which has no identity");
  }
  const std::size_t n = static_cast<std::size_t>(a.shape()[1]);
  // Counts of counted cells and of NaNs, in one message.
  std::vector<std::int64_t> counts(2 * n, 0);
  std::vector<T> low(2 * n, std::numeric_limits<T>::max());  // min, then -max (min of negatives)
  if constexpr (std::is_floating_point_v<T>) std::fill(low.begin(), low.end(), T(INFINITY));
  detail::for_each_owned_by_column(a, [&](std::int64_t c, T x) {
    const std::size_t k = static_cast<std::size_t>(c);
    if (detail::is_nan_value(x)) {
      ++counts[n + k];
      return;
    }
    ++counts[k];
    low[k] = std::min(low[k], x);
    if constexpr (std::is_floating_point_v<T>) {
      low[n + k] = std::min(low[n + k], T(-x));
    } else {
      low[n + k] = std::min(low[n + k], T(-std::max(x, T(-std::numeric_limits<T>::max()))));
    }
  });
  const comm::Communicator& comm = a.context()->comm();
  comm.allreduce(counts.data(), counts.data(), counts.size(), comm::Op::sum);
  comm.allreduce(low.data(), low.data(), low.size(), comm::Op::min);
  ColumnExtrema<T> out;
  out.min.assign(low.begin(), low.begin() + static_cast<std::ptrdiff_t>(n));
  out.max.resize(n);
  out.count.resize(n);
  for (std::size_t c = 0; c < n; ++c) {
    out.max[c] = T(-low[n + c]);
    const bool nan_result = counts[c] == 0 || (!ignore_nan && counts[n + c] > 0);
    if constexpr (std::is_floating_point_v<T>) {
      if (nan_result) out.min[c] = out.max[c] = std::numeric_limits<T>::quiet_NaN();
    }
    out.count[c] = ignore_nan ? counts[c] : counts[c] + counts[n + c];
  }
  return out;
}

/// Largest absolute value per column (scikit-learn's MaxAbsScaler), NaN rules as
/// column_extrema. Collective.
template <typename T>
std::vector<T> column_absmax(const DArray<T>& a, bool ignore_nan = false) {
  const ColumnExtrema<T> e = column_extrema(a, ignore_nan);
  std::vector<T> out(e.min.size());
  for (std::size_t c = 0; c < out.size(); ++c) {
    if (detail::is_nan_value(e.min[c])) {
      out[c] = e.min[c];
    } else {
      out[c] = std::max(T(std::abs(e.min[c])), T(std::abs(e.max[c])));
    }
  }
  return out;
}

}  // namespace pgas
