// TruncatedSVD: scikit-learn's fit_transform on the uncentred data. The variances of the
// projection and of X come from the column statistics below the layer (one reduction each).
#include <string>

#include "decomposition_detail.hpp"
#include "pgas/darray/column_stats.hpp"
#include "pgas/errors.hpp"
#include "pgas/ml/decomposition.hpp"

namespace pgas::ml {

template <typename T>
TruncatedSvdModel<T> truncated_svd_fit(const DArray<T>& x_in, const TruncatedSvdOptions& o) {
  const DArray<T> x = detail::rows_of(x_in, -1, "TruncatedSVD");
  const std::int64_t m = x.shape()[0], d = x.shape()[1];
  const std::int64_t k = o.n_components;
  linalg::RightSVD<T> f;
  if (o.algorithm == TruncatedSvdAlgorithm::arpack) {
    // scipy's svds (ARPACK) refuses k >= min(shape); the exact SVD answers the same question.
    if (k < 1 || k >= std::min(m, d)) {
      throw ValueError("`k` must be an integer satisfying `0 < k < min(A.shape)`.");
    }
    f = linalg::svd_right(x);
  } else {
    if (k > d) {
      throw ValueError("n_components(" + std::to_string(k) + ") must be <= n_features(" +
                       std::to_string(d) + ").");
    }
    if (k < 1) {
      throw ValueError("n_components=" + std::to_string(k) + " must be at least 1");
    }
    f = detail::randomized_right_svd(x, k, o.n_oversamples, o.n_iter, o.normalizer, o.seed);
  }
  // The range finder keeps min(k + oversamples, m, d) directions: fewer than k when m < k.
  const std::int64_t kept = std::min<std::int64_t>(k, static_cast<std::int64_t>(f.s.size()));
  f.vh.resize(static_cast<std::size_t>(kept * d));
  f.s.resize(static_cast<std::size_t>(kept));
  detail::flip_rows(f.vh, kept, d);
  TruncatedSvdModel<T> model{f.vh, {}, {}, f.s, d, project_rows(x_in, f.vh)};
  const std::vector<double> exp_var = column_variances(model.transformed);
  const std::vector<double> x_var = column_variances(x);
  double full_var = 0;
  for (double v : x_var) full_var += v;
  for (double v : exp_var) {
    model.explained_variance.push_back(static_cast<T>(v));
    model.explained_variance_ratio.push_back(static_cast<T>(v / full_var));
  }
  return model;
}

#define PGAS_ML_TSVD(T) \
  template TruncatedSvdModel<T> truncated_svd_fit(const DArray<T>&, const TruncatedSvdOptions&);
PGAS_ML_TSVD(float)
PGAS_ML_TSVD(double)

}  // namespace pgas::ml
