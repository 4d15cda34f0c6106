// Gaussian mixtures on a darray whose rows are spread over the ranks: scikit-learn's
// GaussianMixture (EM, covariance types full / tied / diag / spherical) with its formulas and
// their order (_estimate_gaussian_parameters with 10 eps added to the component weights and
// reg_covar to the covariance diagonals, precisions_cholesky_ from the Cholesky factor of each
// covariance, lower bound = mean log-likelihood, stop when it changes by less than tol).
//
// Per EM iteration each rank makes ONE pass over its rows in chunks: the weighted log
// probabilities (one GEMM per chunk against all components' precision factors for 'full'),
// their logsumexp per row, the responsibilities, and right away the sufficient statistics of
// the M step (per component: the responsibility sum, the sum of r (x - c) and of
// r (x - c)(x - c)^T, or its diagonal, with c the component's current mean; and the sum of the
// log-likelihoods). ONE MPI_Allreduce combines them; the small M step (means, covariances,
// Cholesky factors) then runs on every rank from the same reduced numbers with plain loops, so
// every rank holds the same bits. Shifting by the current means keeps the covariances as
// accurate as scikit-learn's two-pass formula without a second pass over X.
//
// docs/ml.md describes the algorithm and where it differs from scikit-learn.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

enum class CovarianceType { full, tied, diag, spherical };

/// 'full' | 'tied' | 'diag' | 'spherical'; ValueError otherwise. Local.
CovarianceType covariance_type_from(const std::string& name);

/// Values per covariance (and per precision Cholesky factor) array: k d d, d d, k d, k. Local.
std::int64_t covariance_size(CovarianceType type, int k, std::int64_t d);

/// A mixture's parameters, row-major doubles, the same bits on every rank. Covariance-shaped
/// arrays: full (k, d, d), tied (d, d), diag (k, d), spherical (k). precisions_cholesky holds
/// scikit-learn's upper-triangular factors U with precision = U U^T (full, tied) or
/// 1 / sqrt(variance) (diag, spherical). `covariances` may be empty (the model came from given
/// precisions and no M step ran yet).
struct GaussianMixtureParams {
  std::vector<double> weights;
  std::vector<double> means;
  std::vector<double> covariances;
  std::vector<double> precisions_cholesky;
};

struct GaussianMixtureOptions {
  int n_components = 1;
  CovarianceType covariance_type = CovarianceType::full;
  double tol = 1e-3;
  double reg_covar = 1e-6;
  int max_iter = 100;
};

/// numpy's legacy RandomState (MT19937) state: 624 key words and the position, as
/// RandomState.get_state() gives them. random_sample() doubles are drawn as numpy draws them.
struct Mt19937State {
  std::vector<std::uint32_t> key;  // 624 words
  int pos = 624;
};

/// Where one EM run starts (scikit-learn's _initialize_parameters / _initialize).
struct GaussianMixtureInit {
  enum class Resp {
    none,     // no responsibilities: weights, means and precisions (or factors) are all given
    labels,   // one-hot on `labels` (init_params='kmeans': the labels of a KMeans fit)
    indices,  // row indices[c] has responsibility 1 for component c ('k-means++',
              // 'random_from_data')
    random,   // random_state.uniform(size=(n, k)), rows normalised ('random'), from `random`
  };
  Resp resp = Resp::none;
  /// For Resp::labels: an int32 label per row of X, on maps::row_map(X.map(), 1).
  std::optional<DArray<std::int32_t>> labels;
  /// For Resp::indices: n_components global row indices.
  std::vector<std::int64_t> indices;
  /// For Resp::random: the generator's state, advanced by n * k doubles on return (every rank).
  Mt19937State random;
  /// Given parameters (empty: estimated from the responsibilities): weights (k), means (k d),
  /// precisions (covariance-shaped; their Cholesky factors are taken as scikit-learn's
  /// _compute_precision_cholesky_from_precisions), or the factors themselves (warm start).
  std::vector<double> weights, means, precisions, precisions_cholesky;
  /// Covariances carried along with given factors (warm start), returned when max_iter is 0.
  std::vector<double> covariances;
  /// The lower bound the first iteration is compared with (warm start: the previous one).
  double lower_bound = -std::numeric_limits<double>::infinity();
};

/// The outcome of one EM run.
struct GaussianMixtureRun {
  GaussianMixtureParams params;
  bool converged = false;
  int n_iter = 0;
  double lower_bound = -std::numeric_limits<double>::infinity();
  std::vector<double> lower_bounds;  // one per iteration
};

/// One EM run from `init` (X: 2-D, any map, not modified; n_samples >= n_components checked).
/// ValueError on every rank for options out of range, mis-shaped given parameters or an
/// ill-defined covariance (scikit-learn's message). Collective: per iteration one pass over
/// the local rows and one allreduce.
template <typename T>
GaussianMixtureRun gaussian_mixture_em(const DArray<T>& x, const GaussianMixtureOptions& options,
                                       GaussianMixtureInit& init);

/// What gaussian_mixture_estimate computes per row of X.
struct GaussianMixtureEstimate {
  std::optional<DArray<std::int64_t>> labels;  // argmax of the weighted log probabilities
  std::optional<DArray<double>> resp;          // responsibilities, (n, k)
  std::optional<DArray<double>> log_prob;      // log-likelihood of each row (score_samples)
  double log_prob_sum = 0;                     // their sum over all rows
};

/// The E step of a fitted model on X (rows on maps::row_map(X.map(), 1) / (X.map(), 2)):
/// labels, responsibilities and per-row log-likelihoods as requested, and the sum of the
/// log-likelihoods. Collective (one allreduce of the sum).
template <typename T>
GaussianMixtureEstimate gaussian_mixture_estimate(const DArray<T>& x, CovarianceType type,
                                                  const GaussianMixtureParams& params, bool labels,
                                                  bool resp, bool log_prob);

/// precisions_cholesky from covariances (scikit-learn's _compute_precision_cholesky); ValueError
/// with its message when a covariance is not positive definite. Local, deterministic.
std::vector<double> precision_cholesky_from_covariances(const std::vector<double>& cov,
                                                        CovarianceType type, int k, std::int64_t d);

/// precisions_cholesky from precisions (_compute_precision_cholesky_from_precisions: the
/// Cholesky factor of the row- and column-reversed matrix, reversed back). ValueError when a
/// precision is not positive definite. Local.
std::vector<double> precision_cholesky_from_precisions(const std::vector<double>& prec,
                                                       CovarianceType type, int k, std::int64_t d);

/// precisions_ from precisions_cholesky (U U^T, or the squares). Local.
std::vector<double> precisions_from_cholesky(const std::vector<double>& chol, CovarianceType type,
                                             int k, std::int64_t d);

/// scikit-learn's k-means++ seeding (_kmeans_plusplus, sample weights 1) of k rows of X, with
/// numpy's draws given: `first_u` is the random_sample() behind random_state.choice(n, p=1/n),
/// `trial_u` the (k - 1) x n_trials uniforms behind the later candidates (n_trials = 2 +
/// int(log k)). Distances are direct differences (scikit-learn expands ||x||^2 - 2 x.c + ||c||^2
/// of KMeans' centred X; the same numbers up to rounding). Returns the k chosen global row indices,
/// the same on every rank; they equal scikit-learn's except where a draw falls within rounding of a
/// boundary of the cumulative potential. Collective: per centre O(log n) small allreduces (a search
/// of the global prefix sums over any map) and two of k-sized vectors.
template <typename T>
std::vector<std::int64_t> kmeans_plus_plus_indices(const DArray<T>& x, int k, double first_u,
                                                   const std::vector<double>& trial_u);

/// Rows `indices` of X (global), row-major doubles on every rank. Collective (one allreduce).
template <typename T>
std::vector<double> gather_rows(const DArray<T>& x, const std::vector<std::int64_t>& indices);

}  // namespace pgas::ml
