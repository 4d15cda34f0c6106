// DBSCAN on a darray whose rows are spread over the ranks: scikit-learn's DBSCAN (labels,
// core samples and their numbering), without gathering X or the labels.
//
// 1. Neighbourhoods: the row blocks travel round the ring of ranks once (ml/src/row_ring.hpp);
//    each rank keeps, for its own rows, the neighbours within eps (the point itself included,
//    as scikit-learn counts it) as (ring step, row of that block): scikit-learn's
//    radius_neighbors, spread over the ranks.
// 2. Core points: at least min_samples neighbours; one ring pass of the core flags.
// 3. Clusters: the connected components of the core points. Each rank joins its own core
//    points first (union-find), then min-label propagation over the core-core edges between
//    ranks: the labels circulate round the ring, each rank lowering both ends of its edges,
//    until no label changes (one allreduce per round). A component's label is the smallest
//    global index of its core points.
// 4. Numbering as scikit-learn's dbscan_inner (which visits points in index order): cluster ids
//    in increasing order of that smallest core index; a border point (not core, within eps of
//    a core point) joins the smallest cluster id among its core neighbours' (one last ring pass
//    of the labels); the rest is noise, -1.
//
// docs/ml.md describes it in full.
#pragma once

#include <cstdint>
#include <vector>

#include "pgas/darray/darray.hpp"
#include "pgas/ml/neighbors.hpp"

namespace pgas::ml {

struct DBSCANOptions {
  double eps = 0.5;
  int min_samples = 5;
  NeighborMetric metric = NeighborMetric::euclidean;
  /// minkowski's power (metric minkowski only).
  double p = 2;
};

template <typename T>
struct DBSCANResult {
  /// The cluster of every row of X (-1: noise), int64 on maps::row_map(X.map(), 1).
  DArray<std::int64_t> labels;
  /// Global indices of the core samples, increasing; the same on every rank.
  std::vector<std::int64_t> core_sample_indices;
  /// Their rows (core_sample_indices.size() x n_features, row-major); the same on every rank.
  std::vector<T> components;
};

/// Clusters the rows of X (2-D, any map; not modified). ValueError on every rank for eps <= 0,
/// min_samples < 1 or a 0-row X. Collective.
template <typename T>
DBSCANResult<T> dbscan(const DArray<T>& x, const DBSCANOptions& options);

}  // namespace pgas::ml
