// Scalers on a darray whose rows are spread over the ranks: scikit-learn's StandardScaler,
// MinMaxScaler, MaxAbsScaler (fit = the column statistics below the layer, replicated by one
// or two reductions; NaNs are left out of them, as scikit-learn does) and Normalizer. The
// transforms are one local pass over the held cells, on X's own map (no communication;
// Normalizer lays X out by whole rows for its row norms and returns to X's map).
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

/// StandardScaler's fitted state. n_samples_seen: the non-NaN count per feature; mean, var,
/// scale are empty where scikit-learn's are None (no mean and no var without with_mean
/// and with_std; no var/scale without with_std).
struct StandardScalerModel {
  std::vector<std::int64_t> n_samples_seen;
  std::vector<double> mean;
  std::vector<double> var;
  std::vector<double> scale;
};

/// Collective (two reductions; one without with_mean and with_std).
template <typename T>
StandardScalerModel standard_scaler_fit(const DArray<T>& x, bool with_mean, bool with_std);

template <typename T>
struct MinMaxScalerModel {
  std::vector<T> data_min, data_max, data_range, scale, min;
  std::int64_t n_samples_seen = 0;
};

/// ValueError unless range_min < range_max (scikit-learn's message). Collective.
template <typename T>
MinMaxScalerModel<T> min_max_scaler_fit(const DArray<T>& x, double range_min, double range_max);

template <typename T>
struct MaxAbsScalerModel {
  std::vector<T> max_abs, scale;
  std::int64_t n_samples_seen = 0;
};

/// Collective.
template <typename T>
MaxAbsScalerModel<T> max_abs_scaler_fit(const DArray<T>& x);

/// Per column j: y = ((x - sub[j]) * mul[j]) / div[j] + add[j] in double, each step skipped
/// when its vector is empty (so each scaler's transform and inverse round as scikit-learn's
/// in-place steps do), then clipped to [clip_min, clip_max] with `clip`. A new array on X's
/// map; NaN stays NaN. ValueError on every rank when a non-empty vector's length is not X's
/// feature count (scikit-learn's message, naming `estimator`). Collective (construction only).
template <typename T>
DArray<T> column_affine(const DArray<T>& x, const std::vector<double>& sub,
                        const std::vector<double>& mul, const std::vector<double>& div,
                        const std::vector<double>& add, bool clip = false, double clip_min = 0,
                        double clip_max = 0, const char* estimator = "the scaler");

enum class RowNorm { l1, l2, max };

/// Each row divided by its norm (scikit-learn's normalize: zero norms count as 1), on X's map.
/// Collective.
template <typename T>
DArray<T> normalize_rows(const DArray<T>& x, RowNorm norm);

}  // namespace pgas::ml
