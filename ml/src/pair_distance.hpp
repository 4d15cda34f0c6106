// Distances between a tile of query rows and a tile of training rows, for the kNN queries and
// DBSCAN: every pair whose distance is within a per-query bound is handed to a callback with
// its exact "reduced" distance (monotone in the distance: squared for euclidean, sum |d|^p for
// minkowski), so that ranking and radius tests never depend on how the rows were tiled.
//
// Euclidean with 8 or more features: one GEMM per tile gives ||t||^2 - 2 q.t; a pair whose value,
// plus ||q||^2, is within the bound up to GEMM's rounding error gets its squared distance
// recomputed by differences (the exact value ranks and is reported). Fewer features, and manhattan,
// chebyshev and minkowski: the training tile transposed, so that one query's distances to the whole
// tile accumulate in a loop the compiler vectorises.
#pragma once

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <vector>

#include "pgas/linalg/local_lapack.hpp"
#include "pgas/ml/neighbors.hpp"

namespace pgas::ml::detail {

// Training rows per tile and query rows per GEMM: a 128 x 512 tile of float64 distances
// (512 KiB) stays in L2 while it is scanned.
constexpr std::int64_t kTrainTile = 512;
constexpr std::int64_t kQueryTile = 128;
// Below this many features the euclidean distances are summed directly, like the other
// metrics: a GEMM with an inner dimension of 2 or 3 does little but write its output
// (DBSCAN on 2-D points ran 3x faster without it).
constexpr std::int64_t kGemmMinFeatures = 8;

/// A tile of training rows in float64, ready for scan(): rows, squared norms (euclidean) or
/// the rows transposed (the others).
struct TrainTile {
  std::int64_t n = 0;
  std::vector<double> x, norms, xt;
};

class PairDistance {
 public:
  /// `metric` is the effective metric (effective_metric()).
  PairDistance(NeighborMetric metric, double p, std::int64_t d)
      : metric_(metric),
        p_(p),
        d_(d),
        gemm_(metric == NeighborMetric::euclidean && d >= kGemmMinFeatures) {}

  NeighborMetric metric() const { return metric_; }

  /// The reduced distance of two rows of d values. Local.
  double reduced(const double* a, const double* b) const {
    double s = 0;
    switch (metric_) {
      case NeighborMetric::euclidean:
        for (std::int64_t j = 0; j < d_; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
        break;
      case NeighborMetric::manhattan:
        for (std::int64_t j = 0; j < d_; ++j) s += std::fabs(a[j] - b[j]);
        break;
      case NeighborMetric::chebyshev:
        for (std::int64_t j = 0; j < d_; ++j) s = std::max(s, std::fabs(a[j] - b[j]));
        break;
      case NeighborMetric::minkowski:
        for (std::int64_t j = 0; j < d_; ++j) s += std::pow(std::fabs(a[j] - b[j]), p_);
        break;
    }
    return s;
  }
  /// The distance of a reduced distance, and back. Local.
  double distance(double reduced) const {
    switch (metric_) {
      case NeighborMetric::euclidean:
        return std::sqrt(reduced);
      case NeighborMetric::minkowski:
        return std::pow(reduced, 1.0 / p_);
      default:
        return reduced;
    }
  }
  double reduced_of(double distance) const {
    switch (metric_) {
      case NeighborMetric::euclidean:
        return distance * distance;
      case NeighborMetric::minkowski:
        return std::pow(distance, p_);
      default:
        return distance;
    }
  }

  /// Squared norms of n rows (for the GEMM screen; empty without it). Local.
  std::vector<double> norms(const double* x, std::int64_t n) const {
    std::vector<double> out;
    if (!gemm_) return out;
    out.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      double s = 0;
      for (std::int64_t j = 0; j < d_; ++j) s += x[i * d_ + j] * x[i * d_ + j];
      out[static_cast<std::size_t>(i)] = s;
    }
    return out;
  }

  /// Rows [0, n) of `rows` (row-major, d values each) as a tile. Local.
  template <typename T>
  void load(const T* rows, std::int64_t n, TrainTile& tile) const {
    tile.n = n;
    tile.x.assign(rows, rows + n * d_);
    if (gemm_) {
      tile.norms = norms(tile.x.data(), n);
    } else {
      tile.xt.resize(static_cast<std::size_t>(n * d_));
      for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < d_; ++j) tile.xt[j * n + i] = tile.x[i * d_ + j];
      }
    }
  }

  /// For queries [0, m) (rows q, squared norms qn for euclidean) against `tile`: every pair
  /// whose reduced distance r is <= bound(i) gets accept(i, j, r), in increasing j for each i;
  /// bound(i) is read again after each accept. `scratch` grows to m * tile.n. Local.
  template <typename Bound, typename Accept>
  void scan(const double* q, const double* qn, std::int64_t m, const TrainTile& tile,
            std::vector<double>& scratch, Bound&& bound, Accept&& accept) const {
    const std::int64_t n = tile.n;
    if (m == 0 || n == 0) return;
    scratch.resize(static_cast<std::size_t>(m * n));
    double* s = scratch.data();
    if (gemm_) {
      // s (m x n, row-major) = -2 q t^T, i.e. column-major n x m = -2 t q^T.
      linalg::lapack::gemm('T', 'N', static_cast<int>(n), static_cast<int>(m), static_cast<int>(d_),
                           -2.0, tile.x.data(), static_cast<int>(d_), q, static_cast<int>(d_), 0.0,
                           s, static_cast<int>(n));
      // GEMM's error on q.t is below d eps ||q|| ||t||; the slack covers it and the norms'.
      const double slack = 4.0 * double(d_ + 2) * DBL_EPSILON;
      for (std::int64_t i = 0; i < m; ++i) {
        const double* row = s + i * n;
        double b = bound(i);
        for (std::int64_t j = 0; j < n; ++j) {
          const double sum = qn[i] + tile.norms[static_cast<std::size_t>(j)];
          if (row[j] + sum > b + slack * sum) continue;
          const double r = reduced(q + i * d_, tile.x.data() + j * d_);
          if (r <= b) {
            accept(i, j, r);
            b = bound(i);
          }
        }
      }
      return;
    }
    for (std::int64_t i = 0; i < m; ++i) {
      double* acc = s + i * n;
      std::fill(acc, acc + n, 0.0);
      for (std::int64_t f = 0; f < d_; ++f) {
        const double v = q[i * d_ + f];
        const double* col = tile.xt.data() + f * n;
        switch (metric_) {
          case NeighborMetric::euclidean:  // the same sum, in the same order, as reduced()
            for (std::int64_t j = 0; j < n; ++j) acc[j] += (v - col[j]) * (v - col[j]);
            break;
          case NeighborMetric::manhattan:
            for (std::int64_t j = 0; j < n; ++j) acc[j] += std::fabs(v - col[j]);
            break;
          case NeighborMetric::chebyshev:
            for (std::int64_t j = 0; j < n; ++j) acc[j] = std::max(acc[j], std::fabs(v - col[j]));
            break;
          default:
            for (std::int64_t j = 0; j < n; ++j) acc[j] += std::pow(std::fabs(v - col[j]), p_);
            break;
        }
      }
      double b = bound(i);
      for (std::int64_t j = 0; j < n; ++j) {
        if (acc[j] <= b) {
          accept(i, j, acc[j]);
          b = bound(i);
        }
      }
    }
  }

 private:
  NeighborMetric metric_;
  double p_;
  std::int64_t d_;
  bool gemm_;  // euclidean through the GEMM screen
};

}  // namespace pgas::ml::detail
