// PCA and TruncatedSVD on a darray whose rows are spread over the ranks: scikit-learn's
// estimators (sklearn.decomposition, the version the tests pin), each fit one collective call.
//
// PCA solvers (svd_solver): "full" = the exact SVD of the centred data through
// linalg::svd_right (tall-skinny: TSQR's R and a small SVD of it, one reduction tree, X never
// gathered; otherwise ScaLAPACK's pdgesvd, u never formed); "covariance_eigh" = the Gram
// matrix X^T X of the local rows by BLAS syrk, ONE reduction of that d x d matrix, the mean
// correction and a local LAPACK eigh (syevd); "randomized" = Halko et al.'s range finder with
// its power iterations, the d x l random matrix drawn from (seed, global index) only, so the
// model does not depend on the rank count. scikit-learn's "auto" rule picks among them.
// Right singular vectors get scikit-learn's sign rule (svd_flip with u_based_decision=False:
// the largest |entry| of each component is positive), so components equal scikit-learn's.
//
// Fitted state (mean, components, variances) is replicated, the same bits on every rank
// (every reduction here is a reduce to rank 0 then a broadcast). Per-sample results lie on
// maps::row_map(X.map(), 2). docs/ml.md says where this follows scikit-learn and where not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

enum class PcaSolver { automatic, full, covariance_eigh, randomized };
enum class PowerNormalizer { automatic, qr, lu, none };

/// PCA's parameters, as scikit-learn's. n_components: `all` (None), a `count`, a `fraction`
/// of the variance in (0, 1), or Minka's `mle`.
struct PcaOptions {
  enum class Components { all, count, fraction, mle };
  Components components = Components::all;
  std::int64_t count = 0;
  double fraction = 0;
  bool whiten = false;
  PcaSolver solver = PcaSolver::automatic;
  int iterated_power = -1;  // -1: "auto"
  int n_oversamples = 10;
  PowerNormalizer normalizer = PowerNormalizer::automatic;
  std::uint64_t seed = 0;
};

/// A fitted PCA, the same on every rank. components: n_components x n_features, row-major.
template <typename T>
struct PcaModel {
  std::vector<T> mean;
  std::vector<T> components;
  std::vector<T> explained_variance;
  std::vector<T> explained_variance_ratio;
  std::vector<T> singular_values;
  std::int64_t n_components = 0;
  std::int64_t n_samples = 0;
  std::int64_t n_features = 0;
  double noise_variance = 0;
  PcaSolver solver = PcaSolver::full;  // the one used ("auto" resolved)
};

/// Fits PCA to X (2-D, any map; not modified). ValueError on every rank for an n_components
/// out of range (scikit-learn's messages). LinAlgError if the SVD does not converge.
/// Collective.
template <typename T>
PcaModel<T> pca_fit(const DArray<T>& x, const PcaOptions& options);

/// (X - mean) @ components^T, per row, computed as scikit-learn does (X @ C^T - mean @ C^T);
/// with `whiten`, divided by sqrt(explained_variance) (clipped below at eps). (n, k) on
/// maps::row_map(X.map(), 2). ValueError for a wrong feature count. Collective.
template <typename T>
DArray<T> pca_transform(const DArray<T>& x, const std::vector<T>& mean,
                        const std::vector<T>& components, const std::vector<T>& explained_variance,
                        bool whiten);

/// Z @ components + mean (whiten: components scaled by sqrt(explained_variance) first), the
/// inverse of pca_transform. (n, d) on maps::row_map(Z.map(), 2). Collective.
template <typename T>
DArray<T> pca_inverse_transform(const DArray<T>& z, const std::vector<T>& mean,
                                const std::vector<T>& components,
                                const std::vector<T>& explained_variance, bool whiten);

/// Log-likelihood of every row of X under the probabilistic PCA model with the given
/// precision matrix P (d x d, row-major; scikit-learn's score_samples):
/// -(x - mean) P (x - mean)^T / 2 - constant, constant = (d log(2 pi) - log det P) / 2.
/// An (n,) array on maps::row_map(X.map(), 1). Collective.
template <typename T>
DArray<T> pca_score_samples(const DArray<T>& x, const std::vector<T>& mean,
                            const std::vector<T>& precision, double constant);

enum class TruncatedSvdAlgorithm { randomized, arpack };

struct TruncatedSvdOptions {
  std::int64_t n_components = 2;
  TruncatedSvdAlgorithm algorithm = TruncatedSvdAlgorithm::randomized;
  int n_iter = 5;
  int n_oversamples = 10;
  PowerNormalizer normalizer = PowerNormalizer::automatic;
  std::uint64_t seed = 0;
};

/// A fitted TruncatedSVD; `transformed` is fit_transform's X @ components^T on
/// maps::row_map(X.map(), 2).
template <typename T>
struct TruncatedSvdModel {
  std::vector<T> components;
  std::vector<T> explained_variance;
  std::vector<T> explained_variance_ratio;
  std::vector<T> singular_values;
  std::int64_t n_features = 0;
  DArray<T> transformed;
};

/// Fits TruncatedSVD to X (not centred, as scikit-learn's). "arpack" is the exact SVD
/// (linalg::svd_right) truncated: equal to ARPACK's answer to rounding. ValueError on every
/// rank for n_components out of range. Collective.
template <typename T>
TruncatedSvdModel<T> truncated_svd_fit(const DArray<T>& x, const TruncatedSvdOptions& options);

/// X @ components^T on maps::row_map(X.map(), 2) (k = components.size() / n_features). With
/// `center` non-empty, (X - center) @ components^T. Collective.
template <typename T>
DArray<T> project_rows(const DArray<T>& x, const std::vector<T>& components,
                       const std::vector<T>& center = {});

/// Z @ components (+ offset per column when non-empty) on maps::row_map(Z.map(), 2).
/// Collective.
template <typename T>
DArray<T> combine_rows(const DArray<T>& z, const std::vector<T>& components,
                       const std::vector<T>& offset = {});

/// The C++ face of PCA: options, fit, and the fitted model's transforms. Collective methods
/// except the accessors.
template <typename T>
class PCA {
 public:
  explicit PCA(PcaOptions options = {}) : options_(options) {}
  PCA& fit(const DArray<T>& x) {
    model_ = pca_fit(x, options_);
    fitted_ = true;
    return *this;
  }
  bool fitted() const { return fitted_; }
  const PcaModel<T>& model() const { return model_; }
  DArray<T> transform(const DArray<T>& x) const {
    return pca_transform(x, model_.mean, model_.components, model_.explained_variance,
                         options_.whiten);
  }
  DArray<T> fit_transform(const DArray<T>& x) { return fit(x).transform(x); }
  DArray<T> inverse_transform(const DArray<T>& z) const {
    return pca_inverse_transform(z, model_.mean, model_.components, model_.explained_variance,
                                 options_.whiten);
  }

 private:
  PcaOptions options_;
  PcaModel<T> model_;
  bool fitted_ = false;
};

}  // namespace pgas::ml
