// Gaussian naive Bayes on a darray whose rows are spread over the ranks: scikit-learn's
// GaussianNB (fit and partial_fit), with its details: epsilon_ = var_smoothing * the largest
// feature variance of the batch, added to every class variance; batches combined by
// scikit-learn's _update_mean_variance (Chan et al.'s pairwise update of counts, means and
// sums of squared deviations), including its habit of subtracting the *new* batch's epsilon
// from the stored variances before the update.
//
// An update is two passes over the local rows and two reductions: (class counts, class sums,
// column sums), then (class squared deviations about the class means, squared deviations
// about the column means). The prediction kernels are local: one pass over the rank's rows,
// the output on maps::row_map(X.map(), ·). All functions are collective (construction of the
// output or the reductions); ValueError on every rank for bad shapes or labels.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

/// A fitted (or partially fitted) GaussianNB, the same bits on every rank. classes: sorted
/// distinct labels (k); theta, var: k x d row-major (var with epsilon added, as
/// scikit-learn's var_); class_count, class_prior: k. Empty theta means "not fitted yet".
struct GaussianNBModel {
  std::vector<double> classes;
  std::vector<double> theta, var;
  std::vector<double> class_count, class_prior;
  double epsilon = 0;
  std::int64_t n_features = 0;
};

/// One scikit-learn `_partial_fit` step: `model` holds the classes (sorted, at least one) and,
/// unless it is the first call (empty theta), the state of earlier batches; x (any map) and
/// y (1-D labels, any map, row i belonging to x's row i) are the new batch. `priors` (empty:
/// the empirical class frequencies) must have one entry per class. Returns the updated model.
/// ValueError for inconsistent lengths, a feature count other than the model's, or labels
/// not among the classes. Collective: two reductions.
template <typename T>
GaussianNBModel gaussian_nb_update(const DArray<T>& x, const DArray<double>& y,
                                   const GaussianNBModel& model, double var_smoothing,
                                   const std::vector<double>& priors = {});

/// scikit-learn's GaussianNB.fit: classes = the sorted distinct labels of y (one allgather),
/// then gaussian_nb_update from an empty state. Collective.
template <typename T>
GaussianNBModel gaussian_nb_fit(const DArray<T>& x, const DArray<double>& y, double var_smoothing,
                                const std::vector<double>& priors = {});

enum class NaiveBayesOutput { joint_log_likelihood, log_proba, proba };

/// Per row of x (any map): the joint log likelihood log P(c) + log P(x | c) of every class
/// (scikit-learn's _joint_log_likelihood), or its normalisation by logsumexp
/// (predict_log_proba), or exp of that (predict_proba): (n, k) float64 on
/// maps::row_map(x.map(), 2). ValueError for a feature count other than the model's.
/// Collective (construction only: no communication when x holds whole rows).
template <typename T>
DArray<double> gaussian_nb_scores(const DArray<T>& x, const GaussianNBModel& model,
                                  NaiveBayesOutput what);

/// classes[argmax of the joint log likelihood] per row (the first maximum, as numpy's argmax):
/// (n,) float64 on maps::row_map(x.map(), 1). Collective (construction only).
template <typename T>
DArray<double> gaussian_nb_predict(const DArray<T>& x, const GaussianNBModel& model);

}  // namespace pgas::ml
