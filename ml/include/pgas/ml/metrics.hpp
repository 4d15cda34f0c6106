// The reductions behind scikit-learn's metrics on darrays of any map: each rank folds its owned
// cells into a few sufficient statistics and one allreduce combines them; the labels are never
// gathered. Two arrays on different maps: the second is redistributed to the first's map.
// pgas/ml/metrics.py turns the statistics into scikit-learn's numbers. All collective.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

/// The distinct values of `y` (owned cells, any ndim), sorted, on every rank: each rank's
/// sorted distinct values, then one allgather of those sets.
template <typename T>
std::vector<T> unique_values(const DArray<T>& y);

/// How many owned cells of `a` equal `b`'s at the same index (shapes must agree).
template <typename T>
std::int64_t count_equal(const DArray<T>& a, const DArray<T>& b);

/// Per output (1 for 1-D y, the columns for 2-D y): the number of samples, sum of squared and
/// of absolute errors, and the total sum of squares of y_true about its mean (two allreduces:
/// the mean first, for an accurate sum of squares).
struct RegressionStats {
  std::int64_t n = 0;
  std::vector<double> sse, sae, ss_tot;
};
template <typename T>
RegressionStats regression_stats(const DArray<T>& y_true, const DArray<T>& y_pred);

/// The contingency table (row-major, |row_labels| x |col_labels|) of two label arrays: entry
/// (r, c) counts the samples with a == row_labels[r] and b == col_labels[c]; values missing
/// from the label lists are not counted. One allreduce.
template <typename T>
std::vector<std::int64_t> contingency(const DArray<T>& a, const DArray<T>& b,
                                      const std::vector<T>& row_labels,
                                      const std::vector<T>& col_labels);

/// Mean silhouette coefficient (Euclidean) of the rows of `x` with integer labels `labels`
/// (1-D, any map), over the rows whose global indices are in `sample` (sorted; empty: all
/// rows). The row blocks travel round a ring of the ranks (P - 1 shifts), so no rank ever
/// holds more than its own rows and one visiting block. ValueError on every rank unless the
/// sampled rows carry between 2 and n_sampled - 1 distinct labels.
template <typename T>
double silhouette(const DArray<T>& x, const DArray<std::int64_t>& labels,
                  const std::vector<std::int64_t>& sample);

}  // namespace pgas::ml
