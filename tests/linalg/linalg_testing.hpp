// Helpers for the linalg suites: random maps and matrices that are the same on every rank,
// darrays filled from a global (serial) matrix, serial oracles, and the all-reduced verdict
// so that every rank passes or fails a collective case together.
#pragma once

#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "mpi_testing.hpp"
#include "pgas/darray/darray.hpp"
#include "pgas/linalg/linalg.hpp"

namespace pgas::linalg::testing {

using pgas::testing::all_ranks;
using pgas::testing::pick;
using pgas::testing::world_size;

/// A random map of `ndim` (1 or 2) dimensions: any grid that fits, block / cyclic /
/// block-cyclic per dimension, overlap on some block dimensions, ranks shuffled, sometimes a
/// subset of them. With `square_bc`, a 2-D block-cyclic map with square blocks (the layout
/// linalg uses in place).
/// The fixed 2-D maps the tall-skinny suites (tsqr, svd_right) run on: block and cyclic rows, one
/// rank holding everything, block rows with overlap, cyclic columns.
inline std::vector<maps::Map> fixed_2d_maps() {
  using maps::DimDist;
  const int p = world_size();
  return {maps::Map({p, 1}, {DimDist::block(), DimDist::block()}),
          maps::Map({p, 1}, {DimDist::cyclic(), DimDist::block()}),
          maps::Map({1, 1}, {DimDist::block(), DimDist::block()}, {p - 1}),
          maps::Map({p, 1}, {DimDist::block(), DimDist::block()}, {}, {1, 0}),
          maps::Map({1, p}, {DimDist::block(), DimDist::cyclic()})};
}

inline maps::Map random_map(std::mt19937_64& rng, int ndim, bool square_bc = false) {
  pgas::testing::RandomMapOptions options;
  options.grid_tries = 3;
  options.max_overlap = 1;
  options.max_block = 4;
  options.draw_common_block = true;
  options.square_blocks = square_bc;
  return pgas::testing::random_map(rng, ndim, options);
}

template <class T>
using Real = linalg::Real<T>;

template <class T>
constexpr bool is_cplx = pgas::is_complex_v<T>;

/// A random value in [-1, 1) (both parts for complex numbers).
template <class T>
T random_value(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  if constexpr (is_cplx<T>) {
    const double re = u(rng);
    return T(static_cast<Real<T>>(re), static_cast<Real<T>>(u(rng)));
  } else {
    return static_cast<T>(u(rng));
  }
}

/// A dense row-major matrix (or vector when cols == 1 and it is used as 1-d).
template <class T>
struct Dense {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<T> v;
  Dense() = default;
  Dense(std::int64_t r, std::int64_t c) : rows(r), cols(c), v(static_cast<std::size_t>(r * c)) {}
  T& operator()(std::int64_t i, std::int64_t j) {
    return v[static_cast<std::size_t>(i * cols + j)];
  }
  T operator()(std::int64_t i, std::int64_t j) const {
    return v[static_cast<std::size_t>(i * cols + j)];
  }
};

template <class T>
Dense<T> random_dense(std::mt19937_64& rng, std::int64_t rows, std::int64_t cols) {
  Dense<T> d(rows, cols);
  for (auto& x : d.v) x = random_value<T>(rng);
  return d;
}

template <class T>
T conj_of(T x) {
  if constexpr (is_cplx<T>) {
    return std::conj(x);
  } else {
    return x;
  }
}

/// a @ b, serially.
template <class T>
Dense<T> dense_matmul(const Dense<T>& a, const Dense<T>& b) {
  Dense<T> c(a.rows, b.cols);
  for (std::int64_t i = 0; i < a.rows; ++i) {
    for (std::int64_t l = 0; l < a.cols; ++l) {
      const T x = a(i, l);
      for (std::int64_t j = 0; j < b.cols; ++j) c(i, j) += x * b(l, j);
    }
  }
  return c;
}

/// a^H, serially.
template <class T>
Dense<T> dense_adjoint(const Dense<T>& a) {
  Dense<T> t(a.cols, a.rows);
  for (std::int64_t i = 0; i < a.rows; ++i) {
    for (std::int64_t j = 0; j < a.cols; ++j) t(j, i) = conj_of(a(i, j));
  }
  return t;
}

/// max |a - b| / scale.
template <class T>
double max_diff(const Dense<T>& a, const Dense<T>& b) {
  if (a.rows != b.rows || a.cols != b.cols) return std::numeric_limits<double>::infinity();
  double m = 0;
  for (std::size_t i = 0; i < a.v.size(); ++i) {
    m = std::max(m, static_cast<double>(std::abs(a.v[i] - b.v[i])));
  }
  return m;
}

template <class T>
double max_abs(const Dense<T>& a) {
  double m = 0;
  for (const T& x : a.v) m = std::max(m, static_cast<double>(std::abs(x)));
  return m;
}

/// Unit roundoff of T's real type.
template <class T>
double eps() {
  return static_cast<double>(std::numeric_limits<Real<T>>::epsilon());
}

/// A darray of `map` holding the global matrix `d` (2-d) or vector (1-d when `as_vector`).
/// Collective.
template <class T>
DArray<T> to_darray(const Dense<T>& d, const maps::Map& map, bool as_vector = false) {
  if (as_vector) {
    DArray<T> a({d.rows * d.cols}, map);
    const auto g = a.global_ind(0);
    for (std::size_t i = 0; i < g.size(); ++i)
      a.local_data()[i] = d.v[static_cast<std::size_t>(g[i])];
    return a;
  }
  DArray<T> a({d.rows, d.cols}, map);
  const auto gi = a.global_ind(0);
  const auto gj = a.global_ind(1);
  for (std::size_t i = 0; i < gi.size(); ++i) {
    for (std::size_t j = 0; j < gj.size(); ++j) a.local_data()[i * gj.size() + j] = d(gi[i], gj[j]);
  }
  return a;
}

/// The whole darray as a Dense on every rank (a 1-d darray as an (n x 1) column). Collective.
template <class T>
Dense<T> to_dense(const DArray<T>& a) {
  Dense<T> d(a.shape()[0], a.ndim() == 2 ? a.shape()[1] : 1);
  d.v = a.agg_all();
  return d;
}

/// Every held cell (overlap included) agrees with the owner's value: what remap must give.
template <class T>
bool halo_consistent(const DArray<T>& a, const Dense<T>& whole) {
  if (a.ndim() != 2) return true;
  const auto gi = a.global_ind(0);
  const auto gj = a.global_ind(1);
  for (std::size_t i = 0; i < gi.size(); ++i) {
    for (std::size_t j = 0; j < gj.size(); ++j) {
      if (a.local_data()[i * gj.size() + j] != whole(gi[i], gj[j])) return false;
    }
  }
  return true;
}

/// Runs `f` and reports whether it threw E (on this rank).
template <class E, class F>
bool throws(F&& f) {
  try {
    f();
  } catch (const E&) {
    return true;
  } catch (...) {
    return false;
  }
  return false;
}

/// The n x n identity.
template <class T>
Dense<T> identity(std::int64_t n) {
  Dense<T> d(n, n);
  for (std::int64_t i = 0; i < n; ++i) d(i, i) = T(1);
  return d;
}

/// How far q's columns are from orthonormal: max |q^H q - I|.
template <class T>
double orthonormality(const Dense<T>& q) {
  return max_diff(dense_matmul(dense_adjoint(q), q), identity<T>(q.cols));
}

}  // namespace pgas::linalg::testing
