// What the linear models share: X as whole local rows with y on the same rows, the column
// means of both, and the centred Gram matrix / X^T y reduction. Internal header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgas/darray/darray.hpp"

namespace pgas::ml::detail {

/// X laid out as whole rows and y redistributed to the same rows (its local rows are X's,
/// in order). k: the number of targets (1 for a 1-D y).
template <typename T, typename Y>
struct RowsXY {
  DArray<T> x;
  DArray<Y> y;
  std::int64_t n = 0, d = 0, k = 1;
  std::int64_t local_rows() const { return x.local_shape()[0]; }
};

/// ValueError on every rank unless x is 2-D, y 1-D or 2-D with x's row count ("Found input
/// variables with inconsistent numbers of samples", scikit-learn's message) and both live on
/// one context. Collective.
template <typename T, typename Y>
RowsXY<T, Y> rows_xy(const DArray<T>& x, const DArray<Y>& y, const char* what);

/// Column means of X (d) and y (k), in double, the same bits on every rank: one reduction.
/// All zeros without `fit_intercept` (no reduction). Collective.
template <typename T>
void column_means_xy(const RowsXY<T, T>& r, bool fit_intercept, std::vector<double>& x_mean,
                     std::vector<double>& y_mean);

/// Sufficient statistics of the centred problem: gram (d x d, both triangles; left empty
/// without `with_gram`), xty (k x d: row t is X_c^T y_c[:, t]) and yty (k: ||y_c[:, t]||^2),
/// summed over the ranks in one reduction (the same bits everywhere). Rows are centred in
/// chunks, X is not copied. Collective.
struct CentredStats {
  std::vector<double> gram, xty, yty;
};
template <typename T>
CentredStats centred_stats(const RowsXY<T, T>& r, const std::vector<double>& x_mean,
                           const std::vector<double>& y_mean, bool with_gram);

/// The solution of the symmetric positive definite system a x = b (a: n x n, b: n, both
/// double), by LAPACK potrf/potrs; false when a is not positive definite. Local.
bool cholesky_solve(std::vector<double> a, std::vector<double>& b, std::int64_t n);

/// Runs `solve` (which fills `out`, sized alike on every rank, and returns a status) on rank 0
/// only and broadcasts status and `out`: LAPACK's rounding may depend on where its buffers lie
/// in memory, so replicated small problems are solved once, and every rank continues from the
/// same bits and takes the same branches. Collective.
template <typename F>
bool on_root(const comm::Communicator& comm, std::vector<double>& out, F&& solve) {
  int ok = 1;
  if (comm.rank() == 0) ok = solve() ? 1 : 0;
  comm.bcast(ok, 0);
  comm.bcast(out.data(), out.size(), 0);
  return ok == 1;
}

}  // namespace pgas::ml::detail
