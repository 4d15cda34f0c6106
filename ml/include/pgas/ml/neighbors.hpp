// Nearest neighbours by brute force on darrays whose rows are spread over the ranks:
// scikit-learn's NearestNeighbors.kneighbors, KNeighborsClassifier and KNeighborsRegressor.
//
// The training rows never gather: each rank keeps its query rows and a running k-best per
// query, and the training blocks travel round the ring of ranks (ml/src/row_ring.hpp, P - 1
// shifts). Distances come in tiles (queries x training rows), so memory per rank is its rows,
// two training blocks and one tile, never n_train x n_query. Euclidean (8+ features): one GEMM
// per tile screens the pairs (||t||^2 - 2 q.t), the survivors get their exact distance by
// differences; otherwise a vectorised loop of differences. Neighbours are ranked by (exact
// reduced distance, global index), so the answer never depends on the rank count or the maps.
//
// docs/ml.md describes the algorithm and where it differs from scikit-learn.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

/// scikit-learn's metric names: minkowski with p = 1, 2, inf is manhattan, euclidean, chebyshev.
enum class NeighborMetric { euclidean, manhattan, chebyshev, minkowski };
enum class NeighborWeights { uniform, distance };

struct NeighborsOptions {
  int n_neighbors = 5;
  NeighborWeights weights = NeighborWeights::uniform;
  NeighborMetric metric = NeighborMetric::minkowski;
  /// minkowski's power, in (0, inf]; ignored by the other metrics.
  double p = 2;
};

/// The metric actually computed: minkowski with p = 1, 2 or inf becomes manhattan, euclidean
/// or chebyshev (scikit-learn's effective_metric_). Local.
NeighborMetric effective_metric(NeighborMetric metric, double p);

/// k nearest training rows of each query row, nearest first: distances (X's dtype) and global
/// training row indices, both (n_queries, k) on maps::row_map(query.map(), 2).
template <typename T>
struct KNeighbors {
  DArray<T> distances;
  DArray<std::int64_t> indices;
};

/// The k nearest rows of `train` to each row of `query` (`query` null: train itself, each row
/// not its own neighbour, as scikit-learn's kneighbors(None)). `targets` (null, or a 1-D /
/// 2-D darray with one row per training row, any map) travel with the training rows; the
/// neighbours' targets then come back in `neighbor_targets`: this rank's query rows x k x
/// width values, row-major, width = 1 for 1-D targets. ValueError on every rank for k out of
/// range (scikit-learn's message), mismatched features or contexts. Collective.
template <typename T>
KNeighbors<T> kneighbors(const DArray<T>& train, const DArray<T>* query, int k,
                         NeighborMetric metric, double p, const DArray<double>* targets = nullptr,
                         std::vector<double>* neighbor_targets = nullptr);

/// scikit-learn's NearestNeighbors (brute force). Holds the training rows (whole rows of X:
/// X itself when it is laid out so, else one redistributed copy); never gathers them.
template <typename T>
class NearestNeighbors {
 public:
  /// ValueError for options out of range. Local.
  explicit NearestNeighbors(NeighborsOptions options);
  /// Collective (lays X out by whole rows if needed).
  NearestNeighbors& fit(const DArray<T>& x);
  bool fitted() const { return train_.has_value(); }
  const NeighborsOptions& options() const { return options_; }
  std::int64_t n_samples_fit() const;
  std::int64_t n_features() const;
  /// k (0: n_neighbors) nearest training rows of each row of `query`. Collective.
  KNeighbors<T> kneighbors(const DArray<T>& query, int k = 0) const;
  /// The same for the training rows themselves, each row not its own neighbour. Collective.
  KNeighbors<T> kneighbors(int k = 0) const;

 protected:
  const DArray<T>& train() const;
  NeighborsOptions options_;
  std::optional<DArray<T>> train_;
};

/// scikit-learn's KNeighborsClassifier: majority (or distance-weighted) vote of the k nearest
/// training rows; equal votes go to the smallest class (scikit-learn's mode / argmax).
/// Labels are numbers (float64 here); classes() are their sorted distinct values.
template <typename T>
class KNeighborsClassifier : public NearestNeighbors<T> {
 public:
  explicit KNeighborsClassifier(NeighborsOptions options) : NearestNeighbors<T>(options) {}
  /// y: 1-D, one label per row of X, any map. Collective.
  KNeighborsClassifier& fit(const DArray<T>& x, const DArray<double>& y);
  const std::vector<double>& classes() const { return classes_; }
  /// (n_queries, n_classes) probabilities on row_map(query, 2); `query` null: the training
  /// rows, each not its own neighbour. Collective.
  DArray<double> predict_proba(const DArray<T>* query) const;
  /// The predicted labels, (n_queries,) on row_map(query, 1). Collective.
  DArray<double> predict(const DArray<T>* query) const;
  /// Mean accuracy of predict(query) against y. Collective.
  double score(const DArray<T>& query, const DArray<double>& y) const;

 private:
  std::vector<double> classes_;
  std::optional<DArray<double>> codes_;  // class index of each training row, on its rows
};

/// scikit-learn's KNeighborsRegressor: the (distance-weighted) mean of the k nearest training
/// targets, 1-D or 2-D (n, n_outputs).
template <typename T>
class KNeighborsRegressor : public NearestNeighbors<T> {
 public:
  explicit KNeighborsRegressor(NeighborsOptions options) : NearestNeighbors<T>(options) {}
  /// y: (n,) or (n, n_outputs), any map. Collective.
  KNeighborsRegressor& fit(const DArray<T>& x, const DArray<double>& y);
  /// (n_queries,) or (n_queries, n_outputs) on row_map(query); `query` null: the training
  /// rows, each not its own neighbour. Collective.
  DArray<double> predict(const DArray<T>* query) const;

 private:
  std::optional<DArray<double>> y_;
};

}  // namespace pgas::ml
