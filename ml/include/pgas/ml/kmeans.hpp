// k-means clustering on a darray whose rows are spread over the ranks: scikit-learn's KMeans
// (algorithm "lloyd") with its details (centred data, tolerance relative to the mean feature
// variance, empty clusters relocated to the farthest points, strict convergence when no label
// changes, a final assignment so labels match the centres), in one collective call per fit.
//
// Per Lloyd iteration each rank assigns its rows by one local GEMM per chunk of rows
// (||x||^2 - 2 x c^T + ||c||^2, the ||x||^2 term left out of the argmin), folds them into
// per-cluster sums and counts, and ONE MPI_Allreduce combines those sufficient statistics
// (k * d sums, k counts and the number of changed labels). Extra collectives only when a
// cluster is empty. The seeding draws (k-means++ and random) depend only on the seed and the
// global row indices, so the model is the same on every rank count and every map.
//
// docs/ml.md describes the algorithm and where it differs from scikit-learn.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml {

enum class KMeansInit { k_means_plus_plus, random, given };

struct KMeansOptions {
  int n_clusters = 8;
  KMeansInit init = KMeansInit::k_means_plus_plus;
  /// For KMeansInit::given: n_clusters x n_features initial centres, row-major.
  std::vector<double> init_centers;
  int n_init = 1;
  int max_iter = 300;
  double tol = 1e-4;
  std::uint64_t seed = 0;
};

/// Labels of the rows of X (on maps::row_map(X.map(), 1)) and their inertia.
struct KMeansAssignment {
  DArray<std::int32_t> labels;
  double inertia;
};

/// The nearest of `k` centres (row-major k x d) for every row of `x`, and the sum of squared
/// distances to it. Collective (one allreduce of the inertia).
template <typename T>
KMeansAssignment kmeans_assign(const DArray<T>& x, const std::vector<T>& centers, int k);

/// Euclidean distances of every row of `x` to each of `k` centres: an (n, k) array on
/// maps::row_map(x.map(), 2). Collective (no communication beyond laying X out by rows).
template <typename T>
DArray<T> euclidean_distances(const DArray<T>& x, const std::vector<T>& centers, int k);

template <typename T>
class KMeans {
 public:
  /// Throws ValueError for options out of range (the same on every rank). Local.
  explicit KMeans(KMeansOptions options);

  /// Fits the model to X (2-D, any map; X is not modified). ValueError on every rank when X
  /// has fewer rows than clusters or the given centres do not fit. Collective.
  KMeans& fit(const DArray<T>& x);

  bool fitted() const { return labels_.has_value(); }
  const KMeansOptions& options() const { return options_; }
  /// The centres, n_clusters x n_features, row-major, identical on every rank. Local.
  const std::vector<T>& cluster_centers() const { return centers_; }
  /// The label of every row of the fitted X, on maps::row_map(X.map(), 1). Local.
  const DArray<std::int32_t>& labels() const;
  double inertia() const { return inertia_; }
  int n_iter() const { return n_iter_; }
  std::int64_t n_features() const { return n_features_; }

  /// Nearest centre of each row of X. Collective.
  DArray<std::int32_t> predict(const DArray<T>& x) const;
  /// Distances of each row of X to every centre, (n, n_clusters). Collective.
  DArray<T> transform(const DArray<T>& x) const;
  /// Minus the inertia of X against the centres. Collective.
  double score(const DArray<T>& x) const;

 private:
  void check_fitted_input(const DArray<T>& x) const;

  KMeansOptions options_;
  std::vector<T> centers_;
  std::optional<DArray<std::int32_t>> labels_;
  double inertia_ = 0;
  int n_iter_ = 0;
  std::int64_t n_features_ = 0;
};

}  // namespace pgas::ml
